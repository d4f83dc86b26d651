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
mod baseline_parse;
mod baseline_serde;
mod gen;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use jixiao::{compile, Sources};

fn benches(c: &mut Criterion) {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let mut sources = Sources::new();
    let f = sources.add("2020.jx", &text);
    let scheme = compile(&sources, f, &mut jixiao::MemLoader::default())
        .scheme
        .expect("checks");

    c.bench_function("check 2020.jx", |b| {
        b.iter(|| compile(black_box(&sources), f, &mut jixiao::MemLoader::default()))
    });

    // The 2024 scheme: 2020.jx read from memory, edits applied, the whole checked.
    let text_2024 = std::fs::read_to_string("schemes/bumen-zhengti/2024.jx").expect("scheme");
    let mut sources_2024 = Sources::new();
    let f24 = sources_2024.add("2024.jx", &text_2024);
    let loader = jixiao::MemLoader::default().with("2020.jx", text.clone());
    c.bench_function("check 2024.jx (基于 2020.jx)", |b| {
        b.iter(|| {
            let mut l = loader.clone();
            jixiao::compile(black_box(&sources_2024), f24, &mut l)
        })
    });
    let scheme_2024 = {
        let mut l = loader.clone();
        jixiao::compile(&sources_2024, f24, &mut l)
            .scheme
            .expect("checks")
    };
    c.bench_function("diff 2020.jx → 2024.jx", |b| {
        b.iter(|| jixiao::diff::diff(black_box(&scheme), "2020.jx", &scheme_2024, "2024.jx"))
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

    // The scheme compiled once, as a batch does.
    let program = jixiao::eval::Program::new(scheme.clone());

    let mut g = c.benchmark_group("evaluate (64 reports)");
    g.bench_function("baseline", |b| {
        b.iter(|| {
            for (i, _) in &reports {
                black_box(baseline::total(&baseline::score(black_box(i))));
            }
        })
    });
    g.bench_function("engine", |b| {
        b.iter(|| {
            for r in &parsed {
                black_box(program.evaluate(black_box(r)));
            }
        })
    });
    g.bench_function("engine, ledger into a reused outcome", |b| {
        let mut out = jixiao::eval::Outcome::default();
        b.iter(|| {
            for r in &parsed {
                program.evaluate_into(black_box(r), &mut out);
                black_box(out.total);
            }
        })
    });
    g.bench_function("engine, totals only (reused workspace)", |b| {
        let mut ws = jixiao::eval::Workspace::default();
        b.iter(|| {
            for r in &parsed {
                black_box(jixiao::eval::totals(&scheme, black_box(r), &mut ws));
            }
        })
    });
    g.bench_function("engine, compiled program (totals)", |b| {
        let mut scratch = jixiao::eval::Scratch::default();
        b.iter(|| {
            for r in &parsed {
                black_box(program.totals(black_box(r), &mut scratch));
            }
        })
    });
    g.bench_function("engine + explanation text", |b| {
        let mut scored: Vec<jixiao::eval::Scored<'_>> = parsed
            .iter()
            .map(|r| jixiao::eval::Scored {
                scheme: std::borrow::Cow::Borrowed(&scheme),
                report: r.clone(),
                outcome: Default::default(),
            })
            .collect();
        b.iter(|| {
            scored
                .iter_mut()
                .map(|sc| {
                    sc.outcome = program.evaluate(black_box(&sc.report));
                    jixiao::render::text::explanation(sc, "r.yaml").len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    // The honest baseline reads every report to the same inputs as the generator wrote, and
    // scores each as the engine does.
    let json: Vec<String> = reports.iter().map(|(_, y)| gen::to_json(y)).collect();
    for (((i, y), j), r) in reports.iter().zip(&json).zip(&parsed) {
        let from_yaml: baseline_serde::Report<baseline_serde::YamlNumber> =
            serde_yaml::from_str(y).expect("YAML");
        let from_json: baseline_serde::Report<&serde_json::value::RawValue> =
            serde_json::from_str(j).expect("JSON");
        let want = baseline::total(&baseline::score(i));
        assert_eq!(
            baseline::total(&baseline::score(&from_yaml.data.inputs())),
            want
        );
        assert_eq!(
            baseline::total(&baseline::score(&from_json.data.inputs())),
            want
        );
        assert_eq!(
            program.evaluate(r).total,
            want.0,
            "the engine and the baseline agree"
        );
    }

    let mut g = c.benchmark_group("parse YAML + evaluate (64 reports)");
    g.bench_function(
        "baseline (serde-derived structs, decimals from text)",
        |b| {
            b.iter(|| {
                for (_, y) in &reports {
                    let doc: baseline_serde::Report<baseline_serde::YamlNumber> =
                        serde_yaml::from_str(black_box(y)).expect("YAML");
                    black_box(baseline::total(&baseline::score(&doc.data.inputs())));
                }
            })
        },
    );
    g.bench_function("baseline (serde_yaml Value, floats)", |b| {
        b.iter(|| {
            for (_, y) in &reports {
                let doc: serde_yaml::Value = serde_yaml::from_str(black_box(y)).expect("YAML");
                let i = baseline_parse::inputs(&doc).expect("数据");
                black_box(baseline::total(&baseline::score(&i)));
            }
        })
    });
    g.bench_function("engine", |b| {
        let mut scratch = jixiao::eval::Scratch::default();
        b.iter(|| {
            for (_, y) in &reports {
                let mut rs = Sources::new();
                let rf = rs.add("r.yaml", y);
                let r = jixiao::report::read(&rs, rf, &scheme, Default::default()).report;
                black_box(r.map(|r| program.totals(&r, &mut scratch)));
            }
        })
    });
    g.finish();

    // The same reports as JSON (numbers written as the YAML wrote them).
    let mut g = c.benchmark_group("parse JSON + evaluate (64 reports)");
    g.bench_function(
        "baseline (serde-derived structs, decimals from raw text)",
        |b| {
            b.iter(|| {
                for j in &json {
                    let doc: baseline_serde::Report<&serde_json::value::RawValue> =
                        serde_json::from_str(black_box(j)).expect("JSON");
                    black_box(baseline::total(&baseline::score(&doc.data.inputs())));
                }
            })
        },
    );
    g.bench_function("baseline (serde_json Value, floats)", |b| {
        b.iter(|| {
            for j in &json {
                let doc: serde_json::Value = serde_json::from_str(black_box(j)).expect("JSON");
                let i = baseline_parse::inputs(&doc).expect("数据");
                black_box(baseline::total(&baseline::score(&i)));
            }
        })
    });
    g.bench_function("engine", |b| {
        let mut scratch = jixiao::eval::Scratch::default();
        b.iter(|| {
            for j in &json {
                let mut rs = Sources::new();
                let rf = rs.add("r.json", j);
                let r = jixiao::report::read(&rs, rf, &scheme, Default::default()).report;
                black_box(r.map(|r| program.totals(&r, &mut scratch)));
            }
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
