//! `cargo bench --bench lsp`: what the language server does after one keystroke in the shipped
//! 2020 scheme: the whole file analysed again (parse, compose, check, the reviewer's lints,
//! every name's occurrences) and its diagnostics made. The authoring issue's bound: 5 ms.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "bench code: a failure is the report"
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use jixiao::ide::Analysis;

fn benches(c: &mut Criterion) {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    // One keystroke: a digit of 在职人员控制率's deduction changed (0.5 → 0.6).
    let edited = text.replacen("扣 0.5分 按比例", "扣 0.6分 按比例", 1);
    assert_ne!(edited, text);
    let first = Analysis::new("2020.jx", &edited, &mut jixiao::MemLoader::default());
    assert!(first.compiled.scheme.is_some(), "the edited scheme checks");
    c.bench_function("lsp: re-analyse 2020.jx after one keystroke", |b| {
        b.iter(|| {
            let a = Analysis::new(
                "2020.jx",
                black_box(&edited),
                &mut jixiao::MemLoader::default(),
            );
            black_box(a.diagnostics().len())
        })
    });
    let text_2024 = std::fs::read_to_string("schemes/bumen-zhengti/2024.jx").expect("scheme");
    let loader = jixiao::MemLoader::default().with("2020.jx", text.clone());
    c.bench_function(
        "lsp: re-analyse 2024.jx (基于 2020.jx) after one keystroke",
        |b| {
            b.iter(|| {
                let mut l = loader.clone();
                let a = Analysis::new("2024.jx", black_box(&text_2024), &mut l);
                black_box(a.diagnostics().len())
            })
        },
    );
    // As the server does: the syntax trees of the session kept, so that the unchanged base
    // (2020.jx) is not parsed again; each keystroke is a new text of 2024.jx.
    let keystrokes: Vec<String> = (0..2)
        .map(|k| text_2024.replacen("2024", &format!("202{}", 4 + k), 1))
        .collect();
    let mut cache = jixiao::syntax::ParseCache::default();
    let mut k = 0;
    c.bench_function(
        "lsp: re-analyse 2024.jx (基于 2020.jx) after one keystroke, session trees kept",
        |b| {
            b.iter(|| {
                k += 1;
                let mut l = loader.clone();
                let text = &keystrokes[k % 2];
                let a = Analysis::with_cache("2024.jx", black_box(text), &mut l, &mut cache);
                black_box(a.diagnostics().len())
            })
        },
    );
}

criterion_group!(lsp, benches);
criterion_main!(lsp);
