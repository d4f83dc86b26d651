//! Every case file under tests/cases is a test: adding a test case means adding a file.
//!
//! - `check/err/*.jx`: schemes with a mistake; the snapshot shows the source and every
//!   diagnostic as `jixiao check` renders it.
//! - `check/ok/*.jx`: schemes that must check with no finding at all.
//! - `report/err/*`: reports against the 2020 scheme; the snapshot shows the diagnostics.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

use std::path::Path;

use jixiao::diag::render_all;
use jixiao::{compile, Sources};

fn check_file(path: &Path) -> (String, String, bool) {
    let text = std::fs::read_to_string(path).expect("case file is UTF-8");
    let mut sources = Sources::new();
    let name = format!(
        "cases/{}",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    );
    let file = sources.add(name, &text);
    let compiled = compile(&sources, file);
    (
        text,
        render_all(&compiled.diags, &sources),
        compiled.scheme.is_some(),
    )
}

#[test]
fn check_errors() {
    insta::glob!("cases/check/err/*.jx", |path| {
        let (text, rendered, ok) = check_file(path);
        assert!(!ok, "{} should not check clean", path.display());
        insta::assert_snapshot!(format!("{text}\n──── jixiao check ────\n{rendered}"));
    });
}

#[test]
fn check_ok_cases_are_clean() {
    insta::glob!("cases/check/ok/*.jx", |path| {
        let (_, rendered, ok) = check_file(path);
        assert!(
            ok && rendered.is_empty(),
            "{} has findings:\n{rendered}",
            path.display()
        );
    });
}

#[test]
fn shipped_schemes_are_clean() {
    insta::glob!("../schemes", "**/*.jx", |path| {
        let (_, rendered, ok) = check_file(path);
        assert!(
            ok && rendered.is_empty(),
            "{} has findings:\n{rendered}",
            path.display()
        );
    });
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
    let compiled = compile(&sources, file);
    assert!(compiled.scheme.is_none());
    assert_eq!(compiled.diags.len(), 1);
    assert_eq!(compiled.diags[0].code(), "too-deep");
    assert_eq!(compiled.diags[0].message(), "嵌套过深：括号嵌套超过 64 层");
}

fn scheme_2020() -> jixiao::Scheme {
    let text = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").expect("shipped scheme");
    let mut sources = Sources::new();
    let file = sources.add("schemes/bumen-zhengti/2020.jx", &text);
    compile(&sources, file)
        .scheme
        .expect("the shipped scheme checks")
}

#[test]
fn report_errors() {
    let scheme = scheme_2020();
    insta::glob!("cases/report/err/*", |path| {
        let bytes = std::fs::read(path).expect("case file");
        let name = format!(
            "cases/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        let rendered = match jixiao::report::decode(&bytes) {
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
