//! `cargo bench`: the engine beside the hand-written baseline, in one run, so every figure
//! is also a ratio.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

#[allow(dead_code)]
mod baseline;
mod gen;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use jixiao::{compile, Sources};

fn benches(c: &mut Criterion) {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let mut sources = Sources::new();
    let f = sources.add("2020.jx", &text);
    let scheme = compile(&sources, f).scheme.expect("checks");

    c.bench_function("check 2020.jx", |b| {
        b.iter(|| compile(black_box(&sources), f))
    });

    let mut rng = gen::Rng(7);
    let reports: Vec<_> = (0..64).map(|n| gen::report(&mut rng, n)).collect();
    let parsed: Vec<_> = reports
        .iter()
        .map(|(_, y)| {
            let mut rs = Sources::new();
            let rf = rs.add("r.yaml", y);
            jixiao::report::read(&rs, rf, &scheme, Default::default())
                .report
                .expect("valid")
        })
        .collect();

    let mut g = c.benchmark_group("evaluate (64 reports)");
    g.bench_function("baseline", |b| {
        b.iter(|| {
            for (i, _) in &reports {
                black_box(baseline::score(black_box(i)));
            }
        })
    });
    g.bench_function("engine", |b| {
        b.iter(|| {
            for r in &parsed {
                black_box(jixiao::eval::evaluate(&scheme, black_box(r)));
            }
        })
    });
    g.bench_function("engine + explanation text", |b| {
        b.iter(|| {
            parsed
                .iter()
                .map(|r| {
                    let o = jixiao::eval::evaluate(&scheme, black_box(r));
                    jixiao::text::explanation(&scheme, r, &o, "r.yaml").len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("parse YAML + evaluate (64 reports)");
    g.bench_function("engine", |b| {
        b.iter(|| {
            for (_, y) in &reports {
                let mut rs = Sources::new();
                let rf = rs.add("r.yaml", y);
                let r = jixiao::report::read(&rs, rf, &scheme, Default::default()).report;
                black_box(r.map(|r| jixiao::eval::evaluate(&scheme, &r).total));
            }
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
