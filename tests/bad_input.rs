//! The inputs of `tests/cases/bad-input/` (bug reports against rules engines, YAML readers and
//! decimal libraries): each behaves as its first line says, and so do variants of its kind.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use common::jixiao;

const MINI: &str = "tests/cases/bad-input/mini.jx";

fn case(name: &str) -> String {
    format!("tests/cases/bad-input/{name}")
}

/// A report for `mini.jx` with `率` written as `rate` (and 人数 as `people`).
fn mini_report(dir: &std::path::Path, name: &str, rate: &str, people: &str) -> String {
    let path = dir.join(name);
    let text = format!(
        "单位: 测\n年度: 2020\n数据:\n  金额: 5\n  人数: {people}\n  率: \"{rate}\"\n  有否: 否\n"
    );
    std::fs::write(&path, text).expect("temp report");
    path.display().to_string()
}

/// `8,8`, `1，5`, `1,000,00`, `71,6`: a comma that is no thousands separator is refused with
/// a message, never read as another number; a correctly grouped `1,000` is still read.
#[test]
fn ambiguous_commas_are_refused_never_read_as_another_number() {
    let (code, out, err) = jixiao(&["score", MINI, &case("comma-decimal.yaml")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("report-comma"), "{err}");
    assert!(err.contains("`率` 的值 `8,8` 中的逗号无法确定含义"), "{err}");
    assert!(err.contains("7:8"), "located at the value: {err}");
    assert!(out.is_empty(), "not scored: {out}");

    let dir = tempdir("comma");
    for rate in ["1，5", "1,000,00", "71,6", "1,,000", "1.5,0", "1234,5"] {
        let report = mini_report(&dir, "r.yaml", rate, "3");
        let (code, _, err) = jixiao(&["score", MINI, &report]);
        assert_eq!(code, 1, "{rate}: {err}");
        assert!(err.contains("report-comma"), "{rate}: {err}");
    }
    // Grouped thousands are a number: 1,000 people, 8.8%.
    let report = mini_report(&dir, "ok.yaml", "8.8", "1,000");
    let (code, out, err) = jixiao(&["score", MINI, &report, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let score = |name: &str| {
        v[0]["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .find(|i| i["name"] == name)
            .map(|i| i["score"].clone())
    };
    // 乙: 5 × 8.8% = 0.44; 丙: 有否 = 否 → full marks whatever the count.
    assert_eq!(score("乙"), Some(serde_json::json!("0.44")));
    assert_eq!(score("丙"), Some(serde_json::json!("5.00")));
}

/// A fresh folder under the target directory for one test's files.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad-input-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
