//! The engine against the hand-written scorer on a few thousand generated reports: every
//! leaf score must agree exactly, including at rule boundaries.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

#[path = "../benches/baseline.rs"]
#[allow(dead_code)]
mod baseline;

#[path = "../benches/gen.rs"]
#[allow(dead_code, reason = "the JSON form of a report is for the benchmarks")]
mod gen;

use jixiao::{compile, Sources};

#[test]
fn engine_agrees_with_the_hand_written_scorer() {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let mut sources = Sources::new();
    let f = sources.add("2020.jx", &text);
    let scheme = compile(&sources, f).scheme.expect("checks");
    let mut rng = gen::Rng(20_201_231);
    for n in 0..3000 {
        let (inputs, yaml) = gen::report(&mut rng, n);
        let mut rs = Sources::new();
        let rf = rs.add(format!("gen-{n}.yaml"), &yaml);
        let read = jixiao::report::read(&rs, rf, &scheme, Default::default());
        let report = read
            .report
            .unwrap_or_else(|| panic!("generated report {n} invalid: {:?}\n{yaml}", read.diags));
        let outcome = jixiao::eval::evaluate(&scheme, &report);
        let engine: Vec<_> = scheme.leaves().map(|id| outcome.node(id).score).collect();
        let hand = baseline::score(&inputs);
        assert_eq!(engine, hand.to_vec(), "report {n}:\n{yaml}");
    }
}
