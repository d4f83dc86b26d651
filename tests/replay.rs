//! `jixiao test`, `replay` and `audit` through the real binary: every shipped fixture meets
//! its `期望:`, the generated folder is what its generator writes, and each command's text and
//! JSON are snapshotted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use common::jixiao;

#[path = "../examples/generate_reports.rs"]
mod generate_reports;

use std::collections::BTreeSet;
use std::path::Path;

const OLD: &str = "schemes/bumen-zhengti/2020.jx";
const NEW: &str = "schemes/bumen-zhengti/2024.jx";

fn yaml_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(dir).to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "json") {
                out.push(p.display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Every report under `fixtures/` goes through `jixiao test` with the schemes it is for, and
/// every one of them states an expectation for each of those schemes.
#[test]
fn every_fixture_meets_its_expectations() {
    let forms: Vec<String> = yaml_under("fixtures/ziping")
        .into_iter()
        .filter(|f| !f.ends_with("ziyang-2022.yaml"))
        .collect();
    let groups: Vec<(&str, Vec<String>)> = vec![
        (
            OLD,
            vec![
                "fixtures/bumen-zhengti".into(),
                "fixtures/generated".into(),
                "fixtures/invalid".into(),
                "fixtures/json".into(),
            ],
        ),
        (
            NEW,
            vec![
                "fixtures/bumen-zhengti".into(),
                "fixtures/generated".into(),
                "fixtures/json".into(),
            ],
        ),
        ("schemes/ziping/2020.jx", forms),
        (
            "schemes/ziyang/2022.jx",
            vec!["fixtures/ziping/ziyang-2022.yaml".into()],
        ),
    ];
    let mut covered = BTreeSet::new();
    for (scheme, paths) in &groups {
        let mut args = vec!["test", scheme];
        args.extend(paths.iter().map(String::as_str));
        let (code, out, err) = jixiao(&args);
        assert_eq!(code, 0, "{scheme}:\n{out}\n{err}");
        let last = out.lines().last().unwrap();
        assert!(last.ends_with(" passed, 0 failed"), "{last}");
        assert!(
            !out.contains("无期望"),
            "every fixture states an expectation for {scheme}:\n{out}"
        );
        for line in out.lines().filter(|l| l.starts_with("通过")) {
            let file = line.split_whitespace().nth(1).unwrap();
            covered.insert(file.split('（').next().unwrap().to_string());
        }
    }
    let all: BTreeSet<String> = yaml_under("fixtures").into_iter().collect();
    let missed: Vec<&String> = all.difference(&covered).collect();
    assert!(missed.is_empty(), "fixtures no test group runs: {missed:?}");
    assert!(all.len() >= 75, "{} fixtures", all.len());
}

#[test]
fn test_reports_each_mismatch_and_exits_non_zero() {
    let (code, out, _) = jixiao(&["test", OLD, "tests/cases/expect"]);
    assert_eq!(code, 1);
    assert!(out.ends_with("0 passed, 2 failed\n"), "{out}");
    insta::assert_snapshot!(out);
    let (_, json, _) = jixiao(&["test", OLD, "tests/cases/expect", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["failed"], 2);
    assert_eq!(v["reports"][1]["mismatches"][0]["what"], "总分");
    assert_eq!(v["reports"][1]["mismatches"][0]["expected"], "72.60");
    insta::assert_json_snapshot!(v);
}

#[test]
fn the_generated_folder_is_what_its_generator_writes() {
    let (old, new) = generate_reports::schemes();
    let reports = generate_reports::generate(&old, &new);
    assert_eq!(reports.len(), 60);
    for (name, text) in &reports {
        let path = format!("fixtures/generated/{name}");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == *text,
            "{path} differs from the generator; run `cargo run --example generate_reports -- fixtures/generated`"
        );
    }
    assert_eq!(yaml_under("fixtures/generated").len(), 60);
}

#[test]
fn replay_of_the_seed_reports() {
    let (code, out, err) = jixiao(&["replay", OLD, NEW, "fixtures/bumen-zhengti"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
    let (_, json, _) = jixiao(&[
        "replay",
        OLD,
        NEW,
        "fixtures/bumen-zhengti",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    insta::assert_json_snapshot!(v);
}

#[test]
fn replay_of_the_generated_reports() {
    let (code, out, err) = jixiao(&["replay", OLD, NEW, "fixtures/generated"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("读取 60 份报告，比较 60 份"), "{out}");
    insta::assert_snapshot!(out);
    let (_, json, _) = jixiao(&["replay", OLD, NEW, "fixtures/generated", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s = &v["summary"];
    assert_eq!(s["compared"], 60);
    // The shares of the causes add up to 100% (to rounding).
    let total: f64 = s["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["share"]
                .as_str()
                .unwrap()
                .trim_end_matches('%')
                .parse::<f64>()
                .unwrap()
        })
        .sum();
    assert!((total - 100.0).abs() < 0.5, "{total}");
    // Sorted by size of change.
    let changes: Vec<f64> = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["change"].as_str().unwrap().parse::<f64>().unwrap().abs())
        .collect();
    assert!(changes.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn replay_lists_invalid_reports_and_exits_non_zero() {
    let (code, out, _) = jixiao(&["replay", OLD, NEW, "fixtures/invalid"]);
    assert_eq!(code, 1);
    assert!(out.contains("无效报告（未比较）"), "{out}");
    assert!(
        out.contains("bumen-no-year.yaml：两个方案下都无效"),
        "{out}"
    );
}

#[test]
fn audit_of_the_seed_reports() {
    // The reports of the 2020 table (not the 2024 example in its own folder).
    let seeds: Vec<String> = yaml_under("fixtures/bumen-zhengti")
        .into_iter()
        .filter(|f| !f.contains("/2024/"))
        .collect();
    let mut args = vec!["audit", OLD];
    args.extend(seeds.iter().map(String::as_str));
    let (code, out, err) = jixiao(&args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("在职人员控制率"), "{out}");
    insta::assert_snapshot!(out);
    args.extend(["--format", "json"]);
    let (_, json, _) = jixiao(&args);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    // 澧县 2020: 在职人员控制率 自评 4 (said with the scheme's places, as score says it), 得分 0.00 (6 ÷ 5 = 120%).
    let lixian = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["file"].as_str().unwrap().ends_with("lixian-2020.yaml"))
        .unwrap();
    assert_eq!(lixian["gaps"][0]["name"], "在职人员控制率");
    assert_eq!(lixian["gaps"][0]["self_score"], "4.00");
    assert_eq!(lixian["gaps"][0]["score"], "0.00");
    assert_eq!(lixian["gaps"][0]["gap"], "+4.00");
    insta::assert_json_snapshot!(v);
}

#[test]
fn audit_of_the_generated_reports_finds_the_bureaus_disagreements() {
    let (code, out, err) = jixiao(&["audit", OLD, "fixtures/generated", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["with_confirmed"], 20);
    assert!(v["summary"]["confirmed_disagree"].as_u64().unwrap() > 0);
    // Ranked by Σ (自评 − 得分), highest first.
    let gaps: Vec<f64> = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["gap_total"].as_str().unwrap().parse::<f64>().unwrap())
        .collect();
    assert!(gaps.windows(2).all(|w| w[0] >= w[1]));
    let (_, text, _) = jixiao(&["audit", OLD, "fixtures/generated"]);
    insta::assert_snapshot!(text);
}

#[test]
fn audit_of_the_self_evaluation_forms() {
    let forms: Vec<String> = yaml_under("fixtures/ziping")
        .into_iter()
        .filter(|f| !f.ends_with("ziyang-2022.yaml"))
        .collect();
    let mut args = vec!["audit", "schemes/ziping/2020.jx"];
    args.extend(forms.iter().map(String::as_str));
    let (code, national, err) = jixiao(&args);
    assert_eq!(code, 0, "{err}");
    // 芷江 forms state only a total: ranked by 自评总分 − 总分.
    assert!(
        national.contains("没有逐项自评，自评总分 - 计算总分 = -5.00"),
        "{national}"
    );
    let (code, ziyang, err) = jixiao(&[
        "audit",
        "schemes/ziyang/2022.jx",
        "fixtures/ziping/ziyang-2022.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(ziyang.contains("无法核对"), "{ziyang}");
    insta::assert_snapshot!(format!("{national}\n{ziyang}"));
}
