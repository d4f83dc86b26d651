//! `jixiao fmt`: one layout, comments kept, meaning unchanged, idempotent — over every scheme
//! file in the repository.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::path::{Path, PathBuf};

use common::{jixiao, Disk};
use jixiao::{compile, Sources};

/// Every `.jx` file under the repository's schemes, fixtures and test cases.
fn every_scheme_file() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = ["schemes", "fixtures", "tests/cases"]
        .iter()
        .map(PathBuf::from)
        .collect();
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("folder") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "jx") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn format(name: &str, text: &str) -> Result<String, String> {
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    jixiao::syntax::format(&sources, file).map_err(|d| {
        d.iter()
            .map(|d| d.to_json(&sources).id)
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// What a compile says, without places: each diagnostic's id and message.
fn said(path: &Path, text: &str) -> (Vec<(String, String)>, Option<jixiao::Scheme>) {
    let mut sources = Sources::new();
    let file = sources.add(path.display().to_string(), text);
    let c = compile(&sources, file, &mut Disk);
    let diags = c
        .diags
        .iter()
        .map(|d| {
            let j = d.to_json(&c.sources);
            (j.id, j.message)
        })
        .collect();
    (diags, c.scheme)
}

/// Formatting changes no file's meaning: the formatted text says the same diagnostics (ids
/// and messages), compiles to a scheme `diff` finds no change in, and formats to itself. A
/// file that does not parse is refused, as the compiler refuses it.
#[test]
fn formatting_keeps_meaning_and_is_idempotent_over_every_scheme() {
    let files = every_scheme_file();
    assert!(files.len() > 100, "{}", files.len());
    let (mut formatted, mut refused) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("scheme");
        let name = path.display().to_string();
        let out = match format(&name, &text) {
            Ok(out) => out,
            Err(ids) => {
                // Only a file the parser refuses is refused.
                let mut sources = Sources::new();
                let file = sources.add(name.clone(), &text);
                assert!(
                    jixiao::syntax::parse(&sources, file).is_err(),
                    "{name}: refused ({ids}) but parses"
                );
                refused += 1;
                continue;
            }
        };
        formatted += 1;
        assert_eq!(
            format(&name, &out).as_deref(),
            Ok(out.as_str()),
            "{name}: not idempotent"
        );
        let (before, old) = said(path, &text);
        let (after, new) = said(path, &out);
        assert_eq!(before, after, "{name}: diagnostics differ after formatting");
        if let (Some(old), Some(new)) = (old, new) {
            let d = jixiao::diff::diff(&old, &name, &new, &name);
            assert!(
                d.header.is_empty()
                    && d.inputs.is_empty()
                    && d.values.is_empty()
                    && d.indicators.is_empty(),
                "{name}: {d:?}"
            );
        }
    }
    assert!(
        formatted > 130 && refused >= 10,
        "{formatted} formatted, {refused} refused"
    );
}

/// Every shipped scheme is already in the canonical layout.
#[test]
fn shipped_schemes_are_formatted() {
    let (code, out, err) = jixiao(&["fmt", "--check", "schemes", "fixtures"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("0 个文件需要排版"), "{err}");
}

/// The layout, on a file with every kind of mess: indentation, blanks, units apart from their
/// numbers, lists on one line and over lines, band tables, comments at line ends, on their
/// own lines, inside blocks and at the end, blank lines in runs.
#[test]
fn the_canonical_layout() {
    let text = std::fs::read_to_string("tests/cases/fmt/messy.jx").expect("case");
    let out = format("messy.jx", &text).expect("formats");
    insta::assert_snapshot!(out);
    // Every comment is kept, in order.
    let comments = |s: &str| -> Vec<String> {
        s.lines()
            .filter_map(|l| l.find("//").map(|i| l[i..].to_string()))
            .collect()
    };
    assert_eq!(comments(&text), comments(&out));
}

/// `--check` names the files that would change and exits 1, writing nothing; `--diff` shows
/// the change; without either the files are rewritten and a second run finds nothing to do; a
/// file with a syntax error is left as it was and said.
#[test]
fn the_command() {
    let dir = common::tempdir("fmt");
    let messy = dir.join("messy.jx");
    let broken = dir.join("broken.jx");
    let original = std::fs::read_to_string("tests/cases/fmt/messy.jx").expect("case");
    std::fs::write(&messy, &original).expect("write");
    let messy = messy.to_str().expect("utf-8 path");

    let (code, out, err) = jixiao(&["fmt", "--check", messy]);
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(out, format!("`{messy}` 需要排版\n"));
    assert!(
        err.contains("1 个文件需要排版（共 1 个方案：0 个原已是标准格式）"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(messy).expect("read"), original);

    let (code, out, _) = jixiao(&["fmt", "--diff", messy]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\n-输入 编制数：人>0   \"核定编制\"\n")
            && out.contains("\n+输入 编制数：人 > 0 \"核定编制\"\n"),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(messy).expect("read"), original);

    let (code, _, err) = jixiao(&["fmt", dir.to_str().expect("utf-8 path")]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("已排版 1 个文件"), "{err}");
    let formatted = std::fs::read_to_string(messy).expect("read");
    assert_eq!(Ok(formatted.clone()), format("messy.jx", &original));
    let (code, out, err) = jixiao(&["fmt", "--check", messy]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");

    std::fs::write(&broken, "方案 甲\n指标 甲 5分 {\n").expect("write");
    let (code, _, err) = jixiao(&["fmt", broken.to_str().expect("utf-8 path")]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("有语法错误，未排版"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&broken).expect("read"),
        "方案 甲\n指标 甲 5分 {\n"
    );
    // A report is not a scheme.
    let (code, _, err) = jixiao(&["fmt", "fixtures/bumen-zhengti/example-complete.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("是报告，不是方案"), "{err}");
}

/// `//` inside a string (an address in a 标准, a comment offered as a draft's reading) is part
/// of the string, not a comment: the file formats and keeps it.
#[test]
fn slashes_inside_strings_are_no_comment() {
    let text = "方案 甲\n年度 2020\n满分 5分\n输入 甲：%\n指标 乙 5分 {\n  标准 \"见 http://czj.example/2020\"   // 地址\n  值 甲\n  待定 \"// 原文\" \"问\" { \"// 不同样处理\" }\n  按比例计分\n}\n";
    let out = format("s.jx", text).expect("formats");
    assert!(
        out.contains("  标准 \"见 http://czj.example/2020\"  // 地址\n"),
        "{out}"
    );
    assert!(out.contains("\"// 不同样处理\""), "{out}");
    assert_eq!(format("s.jx", &out).expect("again"), out);
}
