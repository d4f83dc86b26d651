//! Every case file under tests/cases is a test: adding a test case means adding a file.
//!
//! - `check/err/*.jx`: schemes with a mistake; the snapshot shows the source and every
//!   diagnostic as `jixiao check` renders it.
//! - `check/ok/*.jx`: schemes that must check with no finding at all.
//! - `syntax/err/*.jx`, `edit/*.jx`: text the grammar cannot read and bad edits of a base;
//!   each names on its first line the diagnostic it must produce.
//! - `report/err/*`: reports against the 2020 scheme; the snapshot shows the diagnostics.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::path::Path;

use jixiao::base::diag::render_all;
use jixiao::{compile, Severity, Sources};

/// A case file as `jixiao check` sees it.
struct Checked {
    /// The file's text.
    text: String,
    /// Every diagnostic, rendered.
    rendered: String,
    /// Whether a scheme came out (no errors).
    ok: bool,
    /// Each diagnostic's id and severity.
    codes: Vec<(String, Severity)>,
}

fn check_file(path: &Path) -> Checked {
    let text = std::fs::read_to_string(path).expect("case file is UTF-8");
    let mut sources = Sources::new();
    let name = format!(
        "cases/{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    );
    let file = sources.add(name, &text);
    // Case files are shown as `cases/…`; a `基于` among them is read from the case's folder.
    let mut loader = CaseLoader {
        dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let compiled = jixiao::compile(&sources, file, &mut loader);
    Checked {
        rendered: render_all(&compiled.diags, &compiled.sources),
        ok: compiled.scheme.is_some(),
        codes: compiled
            .diags
            .iter()
            .map(|d| (d.code(), d.severity()))
            .collect(),
        text,
    }
}

/// Reads `cases/x.jx` from the folder of the case being checked.
struct CaseLoader {
    dir: std::path::PathBuf,
}

impl jixiao::Loader for CaseLoader {
    fn read(&mut self, path: &Path) -> Result<String, jixiao::LoadError> {
        let rel = path.strip_prefix("cases").unwrap_or(path);
        std::fs::read_to_string(self.dir.join(rel)).map_err(jixiao::LoadError::from_io)
    }
}

/// The file checks with no finding at all.
fn assert_clean(path: &Path) {
    let c = check_file(path);
    assert!(
        c.ok && c.rendered.is_empty(),
        "{} should check clean:\n{}",
        path.display(),
        c.rendered
    );
}

/// The snapshot of a case: its text, then what `jixiao check` prints.
fn snapshot_text(c: &Checked) -> String {
    format!("{}\n──── jixiao check ────\n{}", c.text, c.rendered)
}

#[test]
fn check_errors() {
    insta::glob!("cases/check/err/*.jx", |path| {
        let c = check_file(path);
        assert!(!c.ok, "{} should not check clean", path.display());
        insta::assert_snapshot!(snapshot_text(&c));
    });
}

/// A case that states on its first line (`// 期望：id（…）`) the diagnostic it must produce:
/// it must not check clean and must produce it. Returns the text to snapshot.
fn expected_diagnostic(path: &Path) -> String {
    let c = check_file(path);
    let expected = c
        .text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// 期望："))
        .and_then(|l| l.split('（').next())
        .expect("the case states the diagnostic it expects");
    assert!(!c.ok, "{} should not check clean", path.display());
    assert!(
        c.codes.iter().any(|(code, _)| code == expected),
        "{}: expected {expected}, got {:?}",
        path.display(),
        c.codes
    );
    snapshot_text(&c)
}

/// Bad edits of a base scheme, each naming the diagnostic it must produce.
#[test]
fn edit_errors() {
    insta::glob!("cases/edit/*.jx", |path| {
        if path
            .file_name()
            .is_some_and(|n| n == "base.jx" || n == "base-2024.jx")
        {
            // The bases the cases edit: they must be clean themselves.
            assert_clean(path);
            return;
        }
        insta::assert_snapshot!(expected_diagnostic(path));
    });
}

/// Text the grammar cannot read (quotes, brackets, nesting, numbers, header items twice),
/// each naming the diagnostic it must produce.
#[test]
fn syntax_errors() {
    insta::glob!("cases/syntax/err/*.jx", |path| {
        insta::assert_snapshot!(expected_diagnostic(path));
    });
}

#[test]
fn the_2024_scheme_is_2020_with_edits() {
    let s = common::scheme("schemes/bumen-zhengti/2024.jx");
    assert_eq!(s.years_label(), "2024 起");
    assert_eq!(s.layers.len(), 2);
    let w = |n: &str| s.node(s.node_names[n]).weight.to_string();
    assert_eq!(w("在职人员控制率"), "5");
    assert_eq!(w("预算完成率"), "10");
    assert_eq!(w("公用经费控制率"), "6");
    assert_eq!(w("资金使用合规性"), "4");
    assert_eq!(w("绩效自评质量"), "4");
    assert!(!s.node_names.contains_key("新建楼堂馆所投资概算控制率"));
    assert!(!s.input_names.contains_key("楼堂馆所批准投资"));
    let total: rust_decimal::Decimal = s.roots.iter().map(|r| s.node(*r).weight).sum();
    assert_eq!(total.to_string(), "100");
    // The rule of an edited indicator is written in 2024.jx; an untouched one in 2020.jx.
    let file_of = |n: &str| {
        let leaf = s.node(s.node_names[n]).leaf.as_ref().expect("a leaf");
        s.sources.get(leaf.rule_span.file).name.clone()
    };
    assert_eq!(file_of("在职人员控制率"), "schemes/bumen-zhengti/2024.jx");
    assert_eq!(file_of("预算控制率"), "schemes/bumen-zhengti/2020.jx");
}

#[test]
fn check_ok_cases_are_clean() {
    insta::glob!("cases/check/ok/*.jx", assert_clean);
}

#[test]
fn shipped_schemes_are_clean() {
    insta::glob!("../schemes", "**/*.jx", assert_clean);
}

#[test]
fn deep_nesting_is_a_diagnostic_not_a_crash() {
    let depth = 10_000;
    let text = format!(
        "方案 深\n年度 2020\n满分 1分\n值 x = {}1{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let mut sources = Sources::new();
    let file = sources.add("深.jx", &text);
    let compiled = compile(&sources, file, &mut common::Disk);
    assert!(compiled.scheme.is_none());
    assert_eq!(compiled.diags.len(), 1);
    assert_eq!(compiled.diags[0].code(), "too-deep");
    assert_eq!(compiled.diags[0].message(), "嵌套过深：括号嵌套超过 64 层");
}

#[test]
fn report_errors() {
    let scheme = common::scheme("schemes/bumen-zhengti/2020.jx");
    insta::glob!("cases/report/err/*", |path| {
        let bytes = std::fs::read(path).expect("case file");
        let name = format!(
            "cases/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        let rendered = match jixiao::base::source::decode(&bytes) {
            Err(e) => format!("{name}: {e}"),
            Ok(text) => {
                let mut sources = Sources::new();
                let file = sources.add(name, text);
                let read = jixiao::report::read(&sources, file, &scheme, Default::default());
                assert!(
                    read.report.is_none(),
                    "{} should be invalid",
                    path.display()
                );
                render_all(&read.diags, &sources)
            }
        };
        insta::assert_snapshot!(rendered);
    });
}

/// Reports naming what the 2024 edit deleted (an indicator, an input, an expected score): each
/// is told it was deleted in 2024.jx, not pointed at the lookalike that is still there
/// (新建楼堂馆所面积控制率, 楼堂馆所批准面积).
#[test]
fn deleted_names_are_said_deleted() {
    insta::glob!("cases/report/deleted/*.yaml", |path| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let file = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(path).expect("case file");
        let first = text.lines().next().unwrap_or_default();
        let (verb, code) = if first.contains("jixiao test") {
            ("test", None)
        } else {
            let code = first
                .strip_prefix("# 期望：")
                .and_then(|l| l.split('，').next())
                .expect("the case names its diagnostic");
            ("score", Some(code))
        };
        let (_, out, err) = common::jixiao(&[verb, "schemes/bumen-zhengti/2024.jx", &file]);
        let said = if verb == "test" { &out } else { &err };
        if let Some(code) = code {
            assert!(said.contains(code), "{file}: no {code} in\n{said}");
        }
        assert!(
            said.contains("在 2024.jx 中已删除") && !said.contains("是否想写"),
            "{file}:\n{said}"
        );
        insta::assert_snapshot!(said.replace('\\', "/"));
    });
}

/// The warning id a lint case file is about: the part of its name before the first dot
/// (`div-zero.sum-guarded.ok.jx` is about `div-zero`).
fn lint_id(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_string()
}

#[test]
fn lint_cases_trigger_their_warning() {
    insta::glob!("cases/lint/*.jx", |path| {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.ends_with(".ok.jx") {
            return;
        }
        let id = lint_id(path);
        let c = check_file(path);
        assert!(
            c.codes.iter().any(|(code, _)| *code == id),
            "{} should report `{id}`, got {:?}",
            path.display(),
            c.codes
        );
        assert!(
            c.codes.iter().all(|(_, s)| *s == Severity::Warning),
            "{} should have warnings only, got {:?}",
            path.display(),
            c.codes
        );
        insta::assert_snapshot!(snapshot_text(&c));
    });
}

#[test]
fn lint_clean_cases_are_clean() {
    insta::glob!("cases/lint/*.ok.jx", assert_clean);
}

#[test]
fn every_warning_has_a_case_and_a_clean_case() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/lint");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/cases/lint exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    for (id, _) in jixiao::lint::LINTS {
        let bad = names
            .iter()
            .any(|n| lint_id(Path::new(n)) == *id && !n.ends_with(".ok.jx"));
        let good = names
            .iter()
            .any(|n| lint_id(Path::new(n)) == *id && n.ends_with(".ok.jx"));
        assert!(
            bad && good,
            "`{id}` needs tests/cases/lint/{id}.jx and {id}.ok.jx"
        );
    }
}

#[test]
fn extreme_numbers_are_findings_not_crashes() {
    // The largest decimals the language reads, in ranges, bands, grades and formulas: the
    // analysis saturates to ±∞ instead of overflowing.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/extreme-numbers.jx");
    let codes = check_file(&path).codes;
    assert!(codes.iter().any(|(c, _)| c == "div-zero"), "{codes:?}");
    assert!(codes.iter().any(|(c, _)| c == "band-gap"), "{codes:?}");
}

#[test]
fn extreme_values_against_a_threshold_are_faults_not_crashes() {
    // 低于 −max 每 1e-28 扣 max 分: a value far above the threshold must not overflow (it is
    // simply not below it), and a formula that overflows is a fault on that indicator.
    let s = common::scheme("tests/cases/diff/extreme.new.jx");
    let score = |a: &str, b: &str| {
        let text = format!("单位: 甲\n年度: 2021\n数据:\n  甲: {a}\n  乙: {b}\n");
        let mut sources = Sources::new();
        let f = sources.add("极值.yaml", &text);
        let read = jixiao::report::read(&sources, f, &s, Default::default());
        let r = read.report.expect("a valid report");
        let o = jixiao::eval::evaluate(&s, &r);
        let scored = jixiao::eval::Scored {
            scheme: std::borrow::Cow::Borrowed(&s),
            report: r,
            outcome: o,
        };
        // The explanation of either outcome renders without a panic.
        assert!(!jixiao::render::text::explanation(&scored, "极值.yaml").is_empty());
        scored.outcome
    };
    // 比 = 1 ÷ 1e12 × max + 1 ≈ 7.9e16: far above −max, so no deduction.
    let far = score("1", "100000000000000");
    assert_eq!(far.total.to_string(), "1000000.00");
    assert!(far.complete);
    // 比 = 1e15 ÷ 1% × max: too large to hold, so the indicator is in error, not zero.
    let over = score("999999999999999", "1");
    let id = s.node_names["一"];
    assert_eq!(over.node(id).status, jixiao::eval::Status::Error);
    assert_eq!(over.node(id).score, None);
    assert!(!over.complete);
}
