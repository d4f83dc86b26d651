//! `cargo bench --bench batch`: a batch of 100,000 generated reports read from YAML and scored
//! end to end, on one thread and on two (the CI machine's two cores), through the same
//! `batch::ordered` the CLI uses (results in input order, one chunk in memory); then the
//! command line from start to output for one report. Prints a table; set `JIXIAO_BATCH_N`
//! for another batch size.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::print_stdout,
    reason = "a benchmark program: its output is the table"
)]

#[allow(dead_code)]
mod baseline;
#[allow(dead_code)]
mod gen;

use std::process::Command;
use std::time::{Duration, Instant};

use jixiao::{compile, Sources};
use rust_decimal::Decimal;

fn batch(program: &jixiao::eval::Program, n: usize, jobs: usize) -> (Duration, Decimal) {
    let items: Vec<usize> = (0..n).collect();
    let mut sum = Decimal::ZERO;
    let start = Instant::now();
    jixiao::workflow::batch::ordered(
        &items,
        jobs,
        |i| {
            // Each report made from its own seed, so the batch never sits in memory.
            let (_, yaml) = gen::report(&mut gen::Rng(0x5EED ^ *i as u64), *i);
            let mut sources = Sources::new();
            let f = sources.add("r.yaml", &yaml);
            jixiao::report::read(&sources, f, program.scheme(), Default::default())
                .report
                .map(|r| program.evaluate(&r).total)
        },
        |_, total| sum += total.unwrap_or_default(),
    );
    (start.elapsed(), sum)
}

fn cli_ms(args: &[&str], runs: usize) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
                .args(args)
                .output()
                .expect("the binary runs");
            assert!(!out.stdout.is_empty());
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument that names nothing here skips the run.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"batch cli".contains(a.as_str()))
    {
        return;
    }
    let n: usize = std::env::var("JIXIAO_BATCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let mut sources = Sources::new();
    let f = sources.add("2020.jx", &text);
    let scheme = compile(&sources, f, &mut jixiao::MemLoader::default())
        .scheme
        .expect("checks");
    let program = jixiao::eval::Program::new(scheme);

    // Warm up the allocator and the caches.
    let _ = batch(&program, 2000.min(n), 2);
    let (one, s1) = batch(&program, n, 1);
    let (two, s2) = batch(&program, n, 2);
    assert_eq!(s1, s2, "the same totals on one thread and on two");
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    println!("batch of {n} reports (YAML read + scored, end to end)");
    println!(
        "  1 thread : {:>8.2} s  {:>6.1} µs/report",
        one.as_secs_f64(),
        per(one)
    );
    println!(
        "  2 threads: {:>8.2} s  {:>6.1} µs/report",
        two.as_secs_f64(),
        per(two)
    );
    println!(
        "  speed-up on 2 threads: {:.2}×",
        one.as_secs_f64() / two.as_secs_f64()
    );

    let runs = 31;
    println!("command line, start to output (median of {runs} runs)");
    for (what, args) in [
        (
            "score, 2020 table",
            vec![
                "score",
                "schemes/bumen-zhengti/2020.jx",
                "fixtures/bumen-zhengti/example-complete.yaml",
            ],
        ),
        (
            "score, scheme folder (2024, 基于 2020)",
            vec![
                "score",
                "schemes/bumen-zhengti",
                "fixtures/bumen-zhengti/2024/example-2024.yaml",
            ],
        ),
        (
            "score, self-evaluation form",
            vec![
                "score",
                "schemes/ziping/2020.jx",
                "fixtures/ziping/zhijiang-2023-feigong.yaml",
            ],
        ),
        (
            "check 2020.jx",
            vec!["check", "schemes/bumen-zhengti/2020.jx"],
        ),
    ] {
        println!("  {what:<40} {:>6.2} ms", cli_ms(&args, runs));
    }
}
