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
mod gen;

mod common;

use jixiao::{compile, Sources};

#[test]
fn engine_agrees_with_the_hand_written_scorer() {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let mut sources = Sources::new();
    let f = sources.add("2020.jx", &text);
    let scheme = compile(&sources, f, &mut common::Disk)
        .scheme
        .expect("checks");
    let program = jixiao::eval::Program::new(scheme.clone());
    let mut scratch = jixiao::eval::Scratch::default();
    let mut rng = gen::Rng(20_201_231);
    for n in 0..3000 {
        let (inputs, yaml) = gen::report(&mut rng, n);
        let mut rs = Sources::new();
        let rf = rs.add(format!("gen-{n}.yaml"), &yaml);
        let read = jixiao::report::read(&rs, rf, &scheme, Default::default());
        // Read on the quiet path (every generated report has nothing to say), the same as the
        // full reader reads it, as YAML and as JSON.
        let json = gen::to_json(&yaml);
        let jf = rs.add(format!("gen-{n}.json"), &json);
        for file in [rf, jf] {
            let quiet = jixiao::report::read_quiet(&rs, file, &scheme);
            let full = jixiao::report::read_in_full(&rs, file, &scheme, Default::default());
            assert!(full.diags.is_empty(), "report {n}: {:?}", full.diags);
            assert_eq!(
                format!("{:?}", quiet),
                format!("{:?}", full.report),
                "report {n}:\n{yaml}"
            );
        }
        let report = read
            .report
            .unwrap_or_else(|| panic!("generated report {n} invalid: {:?}\n{yaml}", read.diags));
        let outcome = program.evaluate(&report);
        same_ledger(&outcome, &jixiao::eval::evaluate(&scheme, &report), n);
        let engine: Vec<_> = scheme.leaves().map(|id| outcome.node(id).score).collect();
        let hand = baseline::score(&inputs);
        assert_eq!(engine, hand.to_vec(), "report {n}:\n{yaml}");
        // Total, completeness and grade as the hand-written scorer gives them.
        let (total, complete, grade) = baseline::total(&hand);
        assert_eq!(
            (outcome.total, outcome.complete),
            (total, complete),
            "report {n}:\n{yaml}"
        );
        assert_eq!(
            outcome.grade.map(|g| scheme.grades[g].name.as_str()),
            grade,
            "report {n}:\n{yaml}"
        );
        // The compiled program gives the same total, completeness and grade.
        let t = program.totals(&report, &mut scratch);
        assert_eq!(
            (t.total, t.complete, t.grade),
            (outcome.total, outcome.complete, outcome.grade),
            "report {n}:\n{yaml}"
        );
    }
}

/// Every shipped scheme and fixture: the compiled program and the ledger evaluator agree.
#[test]
fn compiled_program_agrees_on_every_fixture() {
    let pairs = [
        ("schemes/bumen-zhengti/2020.jx", "fixtures/bumen-zhengti"),
        ("schemes/bumen-zhengti/2024.jx", "fixtures/generated"),
        ("schemes/bumen-zhengti/2020.jx", "fixtures/generated"),
        ("schemes/ziping/2020.jx", "fixtures/ziping"),
        ("schemes/ziyang/2022.jx", "fixtures/ziping"),
        ("schemes/bumen-zhengti/2024.jx", "fixtures/json"),
    ];
    let mut checked = 0;
    for (scheme_path, dir) in pairs {
        let text = std::fs::read_to_string(scheme_path).expect("scheme");
        let mut sources = Sources::new();
        let f = sources.add(scheme_path, &text);
        let scheme = compile(&sources, f, &mut common::Disk)
            .scheme
            .expect("checks");
        let program = jixiao::eval::Program::new(scheme.clone());
        let mut scratch = jixiao::eval::Scratch::default();
        for path in common::report_files(std::path::Path::new(dir)) {
            let text = std::fs::read_to_string(&path).expect("report");
            let mut rs = Sources::new();
            let rf = rs.add(path.display().to_string(), &text);
            let Some(report) = jixiao::report::read(&rs, rf, &scheme, Default::default()).report
            else {
                continue;
            };
            // A form is filled with the report's rows first: a table of its own, compiled here
            // too, so that the compiled code is checked on filled forms as well.
            let filled = jixiao::form::fill(&scheme, report);
            let own;
            let program = if filled.is_own_table() {
                own = jixiao::eval::Program::new(filled.scheme.clone().into_owned());
                &own
            } else {
                &program
            };
            let (table, report) = (&filled.scheme, &filled.report);
            let o = program.evaluate(report);
            same_ledger(&o, &jixiao::eval::evaluate(table, report), path.display());
            let t = program.totals(report, &mut scratch);
            assert_eq!(
                (t.total, t.complete, t.grade),
                (o.total, o.complete, o.grade),
                "{} under {scheme_path}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 130, "{checked}");
}

/// The compiled code's ledger is the tree evaluator's: every indicator's status, score,
/// missing inputs and ledger (faults named the same), and every value computed.
fn same_ledger(a: &jixiao::eval::Outcome, b: &jixiao::eval::Outcome, what: impl std::fmt::Display) {
    assert_eq!(a.nodes, b.nodes, "{what}");
    assert_eq!(a.values, b.values, "{what}");
    assert_eq!(
        (a.total, a.complete, a.grade),
        (b.total, b.complete, b.grade),
        "{what}"
    );
}

/// A value read in three places (a case, a subject, another value) runs once per report and
/// is shared; 或, 非, 若…否则, 最小, 最大 and 绝对值 compile too. Every combination of a
/// missing, zero and ordinary input: the compiled ledger is the tree evaluator's.
#[test]
fn shared_values_and_every_operator_agree() {
    let text = r#"方案 共用值测试
年度 2020
满分 20分
保留 2位小数 四舍五入

输入 实际：万元 "实际"
输入 计划：万元 "计划"
输入 已完成：是否 "是否完成"

值 完成率 = 实际 / 计划

指标 甲 20分 {
  指标 乙 10分 {
    若 完成率 > 150% 或 非 已完成 则 0分 "超得太多或未完成"
    值 完成率
    超过 100% 每 1个百分点 扣 0.5分 按比例
  }
  指标 丙 10分 {
    值 调整率 = 若 完成率 ≤ 120% 则 最小(完成率, 100%) 否则 最大(0%, 绝对值(100% - (完成率 - 120%)))
    按比例计分 封顶 100%
  }
}
"#;
    let mut sources = Sources::new();
    let f = sources.add("shared.jx", text);
    let scheme = compile(&sources, f, &mut common::Disk)
        .scheme
        .expect("checks");
    let program = jixiao::eval::Program::new(scheme.clone());
    let mut scratch = jixiao::eval::Scratch::default();
    let actual = [
        None,
        Some("0"),
        Some("50"),
        Some("100"),
        Some("120"),
        Some("130"),
        Some("150.5"),
        Some("260"),
    ];
    let planned = [None, Some("0"), Some("100"), Some("80")];
    let done = [None, Some("是"), Some("否")];
    let mut scored = 0;
    for a in actual {
        for p in planned {
            for d in done {
                let mut yaml = String::from("单位: 甲\n年度: 2020\n数据:\n");
                for (key, v) in [("实际", a), ("计划", p), ("已完成", d)] {
                    if let Some(v) = v {
                        yaml.push_str(&format!("  {key}: {v}\n"));
                    }
                }
                let mut rs = Sources::new();
                let rf = rs.add("r.yaml", &yaml);
                let report = jixiao::report::read(&rs, rf, &scheme, Default::default())
                    .report
                    .expect("valid");
                let o = program.evaluate(&report);
                same_ledger(&o, &jixiao::eval::evaluate(&scheme, &report), &yaml);
                let t = program.totals(&report, &mut scratch);
                assert_eq!(
                    (t.total, t.complete, t.grade),
                    (o.total, o.complete, o.grade),
                    "{yaml}"
                );
                scored += usize::from(o.complete);
                if (a, p, d) == (Some("130"), Some("100"), Some("是")) {
                    // 乙: 30 points over × 0.5 = 15 > 10, deducted to 0; 丙: 10 × 90% = 9.
                    assert_eq!(o.total.to_string(), "9.00");
                }
                if p == Some("0") && a.is_some() && d.is_some() {
                    // A zero divisor: unscored, named by the tree evaluator, never 0.
                    assert!(!o.complete, "{yaml}");
                }
            }
        }
    }
    assert!(scored > 20, "{scored}");
}

/// The 2020 scheme kept to 1 place with each rounding: the compiled program agrees with the
/// tree walker on generated reports, 去尾 never scores above 四舍五入 and 进一 never below,
/// and each score is the exact score cut or carried (稷山 1.897 → 1.8).
#[test]
fn every_rounding_agrees_between_program_and_walker() {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("scheme");
    let compiled = |mode: &str| {
        let t = text.replace("保留 2位小数 四舍五入", &format!("保留 1位小数 {mode}"));
        let mut sources = Sources::new();
        let f = sources.add("2020.jx", &t);
        compile(&sources, f, &mut common::Disk)
            .scheme
            .expect("checks")
    };
    let (half, down, up) = (compiled("四舍五入"), compiled("去尾"), compiled("进一"));
    assert_eq!(down.rounding.word(), "去尾");
    let programs: Vec<_> = [&half, &down, &up]
        .iter()
        .map(|s| jixiao::eval::Program::new((*s).clone()))
        .collect();
    let mut rng = gen::Rng(7);
    let (mut cut, mut carried) = (0, 0);
    for n in 0..500 {
        let (_, yaml) = gen::report(&mut rng, n);
        let mut rs = Sources::new();
        let rf = rs.add(format!("gen-{n}.yaml"), &yaml);
        let outcomes: Vec<_> = [&half, &down, &up]
            .iter()
            .zip(&programs)
            .map(|(s, p)| {
                let report = jixiao::report::read(&rs, rf, s, Default::default())
                    .report
                    .expect("valid");
                let o = p.evaluate(&report);
                same_ledger(&o, &jixiao::eval::evaluate(s, &report), n);
                o
            })
            .collect();
        for id in half.leaves() {
            let [h, d, u] = [0, 1, 2].map(|i| outcomes[i].node(id).score);
            let (Some(h), Some(d), Some(u)) = (h, d, u) else {
                continue;
            };
            assert!(d <= h && h <= u, "report {n}: {d} {h} {u}");
            let ledger = &outcomes[1].node(id).ledger;
            let raw = ledger.raw.expect("a raw score");
            // Unclamped scores only: a floor or cap is written at the places already. Each
            // mode is the exact score taken its own way: cut, half away from zero, carried.
            if ledger.clamp == jixiao::eval::Clamp::None && raw.normalize().scale() > 1 {
                cut += 1;
                use rust_decimal::RoundingStrategy as R;
                assert_eq!(d, raw.round_dp_with_strategy(1, R::ToZero), "report {n}");
                assert_eq!(
                    h,
                    raw.round_dp_with_strategy(1, R::MidpointAwayFromZero),
                    "report {n}"
                );
                assert_eq!(
                    u,
                    raw.round_dp_with_strategy(1, R::AwayFromZero),
                    "report {n}"
                );
                carried += usize::from(u > h);
            }
        }
    }
    assert!(cut > 50, "few scores needed rounding: {cut}");
    assert!(carried > 10, "few scores carried above 四舍五入: {carried}");
}
