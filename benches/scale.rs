//! `cargo bench --bench scale`: how `check` and scoring grow with the scheme. Schemes of 17,
//! 102, 1,003 and 4,998 leaves are the shipped 2020 scheme's body repeated with every input,
//! value and indicator renamed per copy (`编制数_3`), full marks and grades scaled; each is
//! checked (parse, compose, check, analysis, lints), and one generated report with every
//! copy's data is read from YAML and scored (totals and grade).
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "bench code: a failure is the report"
)]

#[allow(dead_code)]
mod baseline;
#[allow(dead_code)]
mod gen;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use jixiao::{compile, MemLoader, Sources};

/// The 2020 scheme with its body repeated `copies` times, names suffixed per copy.
pub fn scheme_of(copies: usize) -> String {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let body_at = text.find("\n输入 ").expect("inputs") + 1;
    let a = jixiao::ide::Analysis::new("2020.jx", &text, &mut MemLoader::default());
    // Where each name ends in the body: the suffix goes there.
    let mut ends: Vec<usize> = a
        .occurrences()
        .iter()
        .map(|o| o.span.end as usize)
        .filter(|e| *e > body_at)
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let mut out = format!(
        "方案 规模{copies}\n年度 2020\n满分 {}分\n保留 2位小数 四舍五入\n等级 {{\n  优秀 ≥ {}分\n  良好 [{}, {})\n  中   [{}, {})\n  差   < {}分\n}}\n",
        100 * copies,
        90 * copies,
        80 * copies,
        90 * copies,
        60 * copies,
        80 * copies,
        60 * copies
    );
    for c in 0..copies {
        let mut at = body_at;
        for e in &ends {
            out.push_str(&text[at..*e]);
            out.push_str(&format!("_{c}"));
            at = *e;
        }
        out.push_str(&text[at..]);
        out.push('\n');
    }
    out
}

/// A generated 2020 report's data given for every copy (`编制数_0`, `编制数_1`, …).
fn report_of(copies: usize) -> String {
    let (_, yaml) = gen::report(&mut gen::Rng(11), 0);
    let (head, data) = yaml.split_once("数据:\n").expect("数据");
    let mut out = format!("{head}数据:\n");
    for c in 0..copies {
        for line in data.lines() {
            if let Some((key, value)) = line.split_once(": ") {
                out.push_str(&format!("{key}_{c}: {value}\n"));
            }
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
    let mut schemes = Vec::new();
    for copies in [1usize, 6, 59, 294] {
        let text = scheme_of(copies);
        let mut sources = Sources::new();
        let f = sources.add("规模.jx", &text);
        let compiled = compile(&sources, f, &mut MemLoader::default());
        let scheme = compiled.scheme.unwrap_or_else(|| {
            panic!(
                "{copies} copies: {:?}",
                compiled.diags.first().map(|d| d.message())
            )
        });
        let leaves = scheme.nodes.iter().filter(|n| n.leaf.is_some()).count();
        g.bench_with_input(BenchmarkId::new("leaves", leaves), &sources, |b, s| {
            b.iter(|| compile(black_box(s), f, &mut MemLoader::default()))
        });
        schemes.push((leaves, scheme, report_of(copies)));
    }
    g.finish();

    // Scoring one report (read from its YAML, totals and grade) grows with the scheme too.
    let mut g = c.benchmark_group("score");
    for (leaves, scheme, yaml) in schemes {
        let program = jixiao::eval::Program::new(scheme);
        let mut rs = Sources::new();
        let rf = rs.add("r.yaml", &yaml);
        let read = jixiao::report::read(&rs, rf, program.scheme(), Default::default());
        assert!(
            read.diags.is_empty(),
            "{leaves}: {:?}",
            read.diags.first().map(|d| d.message())
        );
        let mut scratch = jixiao::eval::Scratch::default();
        g.bench_with_input(BenchmarkId::new("leaves", leaves), &yaml, |b, y| {
            b.iter(|| {
                let mut rs = Sources::new();
                let rf = rs.add("r.yaml", y);
                let r = jixiao::report::read(&rs, rf, program.scheme(), Default::default());
                black_box(r.report.map(|r| program.totals(&r, &mut scratch)))
            })
        });
    }
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
