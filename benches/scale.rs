//! `cargo bench --bench scale`: how `check` and scoring grow with the scheme. Schemes of 17,
//! 102, 1,003 and 4,998 leaves are the shipped 2020 scheme's body repeated with every input,
//! value and indicator renamed per copy (`编制数_3`), full marks and grades scaled; each is
//! checked (parse, compose, check, analysis, lints) and scores one generated report.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "bench code: a failure is the report"
)]

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

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10);
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
    }
    g.finish();
}

criterion_group!(scale, benches);
criterion_main!(scale);
