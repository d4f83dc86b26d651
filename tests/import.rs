//! Reports read from where they live: the seeds' text (real reports, tables lost in
//! extraction), and Excel and Word files; each imported report scores exactly as the YAML
//! fixture written by hand for the same form.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use common::jixiao;
use serde_json::Value;

/// Copies of `../shared/seeds/` (the five real reports), kept in the repository for CI.
const SEEDS: &str = "fixtures/seeds";

/// `score --format json` of one report.
fn scored(scheme: &str, report: &str) -> Value {
    let (code, out, err) = jixiao(&["score", scheme, report, "--format", "json"]);
    assert!(code == 0 || code == 1, "{report}: {err}");
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{report}: {e}\n{out}{err}"));
    v[0].clone()
}

/// What must agree: total, grade, completeness, every indicator's path, score and status,
/// and the findings.
fn outcome(v: &Value) -> Value {
    let indicators: Vec<Value> = v["indicators"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| serde_json::json!([i["path"], i["score"], i["status"]]))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "total": v["total"],
        "grade": v["grade"],
        "complete": v["complete"],
        "indicators": indicators,
        "findings": v["findings"],
    })
}

/// Every 自评表 of the seeds imports with no edit and scores as the fixture written by hand
/// for it. (The fixtures of 芷江's project forms carry the 自评总分 that the report's prose
/// states; the form itself has none, and import does not take figures from prose.)
#[test]
fn every_form_of_the_seeds_scores_as_its_hand_written_fixture() {
    let zhijiang = format!("{SEEDS}/003_9668f26784509488.txt");
    let ziyang = format!("{SEEDS}/001_455491094229b3d7.txt");
    let cases = [
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#1"),
            "fixtures/ziping/zhijiang-2023-kunnan-buzhu.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#2"),
            "fixtures/ziping/zhijiang-2023-shanghui.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#3"),
            "fixtures/ziping/zhijiang-2023-feigong.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#4"),
            "fixtures/ziping/zhijiang-2023-guadian.yaml",
        ),
        (
            "schemes/ziyang/2022.jx",
            ziyang.clone(),
            "fixtures/ziping/ziyang-2022.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            ziyang,
            "fixtures/ziping/ziyang-2022.yaml",
        ),
    ];
    for (scheme, seed, fixture) in cases {
        let a = scored(scheme, &seed);
        let b = scored(scheme, fixture);
        assert_eq!(outcome(&a), outcome(&b), "{seed} against {fixture}");
        assert_eq!(a["unit"], b["unit"], "{seed}");
        assert_eq!(a["year"], b["year"], "{seed}");
        assert_eq!(a["project"], b["project"], "{seed}");
    }
}

/// How many forms each seed holds: 芷江's four project forms, 资阳's department form, 衡山's
/// blank template; 道县 and 澧县 have no 自评表 (澧县's table is a 评分表 of fixed indicators).
#[test]
fn import_finds_every_form_of_the_seeds() {
    for (seed, forms, rows) in [
        ("000_8c9c0691e241ed3c.txt", 1, vec![0]),
        ("001_455491094229b3d7.txt", 1, vec![20]),
        ("002_835d7745fb7649bf.txt", 0, vec![]),
        ("003_9668f26784509488.txt", 4, vec![7, 8, 10, 8]),
        ("004_6a7ee6d8afefd441.txt", 0, vec![]),
    ] {
        let path = format!("{SEEDS}/{seed}");
        let (code, out, err) = jixiao(&["import", &path]);
        assert_eq!(code, if forms == 0 { 1 } else { 0 }, "{seed}: {err}");
        assert!(
            err.contains(&format!("找到 {forms} 份报告")),
            "{seed}: {err}"
        );
        let docs: Vec<&str> = if out.is_empty() {
            Vec::new()
        } else {
            out.split("\n---\n").collect()
        };
        assert_eq!(docs.len(), forms, "{seed}: {out}");
        for (doc, n) in docs.iter().zip(&rows) {
            let lines = doc.lines().filter(|l| l.starts_with("  - {")).count();
            assert_eq!(lines, *n, "{seed}: {doc}");
        }
    }
}

/// A file with several forms is several reports where reports are listed (`score`), each
/// named `#N`; `explain` of the file alone asks which one; a form it does not hold is said.
#[test]
fn a_file_of_several_forms_is_several_reports() {
    let path = format!("{SEEDS}/003_9668f26784509488.txt");
    let (code, out, err) = jixiao(&["score", "schemes/ziping/2020.jx", &path]);
    assert_eq!(code, 0, "{err}");
    for k in 1..=4 {
        assert!(out.contains(&format!("{path}#{k}")), "{out}");
    }
    assert_eq!(out.lines().count(), 4, "{out}");
    let (code, _, err) = jixiao(&["explain", "schemes/ziping/2020.jx", &path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("中有 4 份表，请写明哪一份"), "{err}");
    let (code, _, err) = jixiao(&["explain", "schemes/ziping/2020.jx", &format!("{path}#5")]);
    assert_eq!(code, 1);
    assert!(err.contains("只有 4 份表，没有第 5 份"), "{err}");
}

/// The Excel and Word versions of every 自评表 fixture (`fixtures/office/`, written by
/// `examples/office_fixtures.rs`: merged 一级 and 二级, 完成值 as percent cells, a self-score
/// stored as text, a formula for 执行率) score exactly as the YAML they were made from.
#[test]
fn the_office_versions_of_the_fixtures_score_as_their_yaml() {
    let mut names: Vec<_> = std::fs::read_dir("fixtures/office")
        .expect("fixtures/office")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 10);
    for xlsx in names {
        let stem = xlsx
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let yaml = format!("fixtures/ziping/{stem}.yaml");
        let docx = xlsx.with_extension("docx");
        let scheme = "schemes/ziping/2020.jx";
        let want = scored(scheme, &yaml);
        for office in [xlsx.display().to_string(), docx.display().to_string()] {
            let got = scored(scheme, &office);
            assert_eq!(outcome(&got), outcome(&want), "{office}");
            for key in ["unit", "year", "project", "self_total"] {
                assert_eq!(got[key], want[key], "{office}: {key}");
            }
        }
    }
}
