//! The house rules of `src/`: every import points down the pipeline, and files stay small.
//!
//! The stage order is the order of the `mod` lines in `src/lib.rs` (its table of contents).
//! A file of stage S may name `crate::T` only when T is S or comes before S; the command line
//! (`src/cli/`, `src/main.rs`) sits on top and uses the library by its public paths.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules `text` declares with `mod x;` or `pub mod x;`, in order.
fn declared_modules(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("pub(crate) mod "))
                .or_else(|| l.strip_prefix("mod "))?;
            Some(l.strip_suffix(';')?.trim().to_string())
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The text of a file with `//` comments blanked out (same length, so offsets keep their lines).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) => format!("{}{}", &l[..at], " ".repeat(l.len() - at)),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of each item of a `{…}` group starting at `text[0]` (nested groups
/// and items over several lines included), and the group's length.
fn group_heads(text: &str) -> (Vec<String>, usize) {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                item_start = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return (heads, i + 1);
                }
            }
            ',' if depth == 1 => item_start = true,
            c if depth == 1 && item_start && (c.is_alphanumeric() || c == '_') => {
                let name: String = text[i..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                heads.push(name);
                item_start = false;
            }
            _ => {}
        }
    }
    (heads, text.len())
}

/// The module path of a file: `src/eval/program/build.rs` → [eval, program, build];
/// `src/check/mod.rs` → [check]; `src/ir.rs` → [ir].
fn module_path(path: &Path) -> Vec<String> {
    let rel = path.strip_prefix("src").unwrap_or(path);
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs").to_string();
        if stem != "mod" {
            parts.push(stem);
        }
    }
    parts
}

/// The stages a file names, with the line of each: every `crate::x` (and each head of a
/// `crate::{…}` group, however nested or long), and every `super::…::x` that climbs to the
/// crate root. Comments are skipped.
fn crate_references(text: &str, module: &[String]) -> Vec<(usize, String)> {
    let code = code_only(text);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = code[at..].find("crate::") {
        let start = at + found;
        let rest = &code[start + "crate::".len()..];
        if rest.starts_with('{') {
            let (heads, len) = group_heads(rest);
            out.extend(heads.into_iter().map(|h| (line_of(start), h)));
            at = start + "crate::".len() + len;
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((line_of(start), name));
            at = start + "crate::".len();
        }
    }
    let mut at = 0;
    while let Some(found) = code[at..].find("super::") {
        let start = at + found;
        // Only the start of a chain: not the second `super::` of `super::super::`.
        let before = code[..start].trim_end_matches(' ');
        if before.ends_with("::") {
            at = start + 1;
            continue;
        }
        let mut rest = &code[start..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        at = start + 1;
        if ups < module.len() {
            continue; // still inside the file's own stage
        }
        if rest.starts_with('{') {
            let (heads, _) = group_heads(rest);
            out.extend(heads.into_iter().map(|h| (line_of(start), h)));
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // `use super::*` is an inline test module importing its own file.
            if !name.is_empty() {
                out.push((line_of(start), name));
            }
        }
    }
    out
}

/// The stage a file belongs to: `src/eval/rules.rs` → `eval`, `src/ir.rs` → `ir`.
fn stage_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix("src").ok()?;
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    Some(first.strip_suffix(".rs").unwrap_or(&first).to_string())
}

/// The scanner finds what a lazy one would miss: groups over lines, nested groups, `super::`
/// climbing to the crate root.
#[test]
fn the_scanner_sees_every_form_of_import() {
    let text = "use crate::{\n    base::x,\n    eval::{a, b},\n};\nuse crate::{base::{s, t}, explain::X};\n// use crate::render;\nuse super::lint::Lint;\nuse super::super::diff;\n";
    let names: Vec<String> = crate_references(text, &["check".to_string()])
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["base", "eval", "base", "explain", "lint", "diff"]);
    // Inside a stage's folder, `super::` stays in the stage.
    let inner = crate_references("use super::rules::x;\n", &["check".into(), "exprs".into()]);
    assert!(inner.is_empty(), "{inner:?}");
    assert_eq!(module_path(Path::new("src/check/mod.rs")), ["check"]);
    assert_eq!(module_path(Path::new("src/ir.rs")), ["ir"]);
    assert_eq!(
        module_path(Path::new("src/eval/program/build.rs")),
        ["eval", "program", "build"]
    );
}

#[test]
fn every_import_points_down_the_pipeline() {
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    let stages = declared_modules(&lib);
    assert!(
        stages.len() >= 10 && stages[0] == "base",
        "src/lib.rs lists the stages, base first: {stages:?}"
    );
    let rank: BTreeMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for f in &files {
        let Some(stage) = stage_of(f) else { continue };
        if matches!(stage.as_str(), "lib" | "main" | "cli") {
            continue;
        }
        let Some(&own) = rank.get(stage.as_str()) else {
            wrong.push(format!(
                "{}: stage `{stage}` is not listed in src/lib.rs",
                f.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(f).expect("source file");
        for (line, name) in crate_references(&text, &module_path(f)) {
            checked += 1;
            match rank.get(name.as_str()) {
                Some(&r) if r <= own => {}
                Some(_) => wrong.push(format!(
                    "{}:{line}: `{stage}` imports `crate::{name}`, a later stage",
                    f.display()
                )),
                None => wrong.push(format!(
                    "{}:{line}: `crate::{name}` is not a stage; name the module it lives in",
                    f.display()
                )),
            }
        }
    }
    assert!(checked > 100, "the scan found the imports ({checked})");
    assert!(
        wrong.is_empty(),
        "imports that point up:\n{}",
        wrong.join("\n")
    );
}

/// The modules of `base` a file names, through `crate::base::x` or (in a file directly in
/// `src/base/`) `super::x`.
fn base_references(text: &str, direct: bool) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for prefix in ["crate::base::", "super::"] {
            if prefix == "super::" && !direct {
                continue;
            }
            let mut rest = code;
            while let Some(at) = rest.find(prefix) {
                rest = &rest[at + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((i + 1, name));
                }
            }
        }
    }
    out
}

/// Inside `base`, the vocabulary is layered too: the order of `src/base/mod.rs`.
#[test]
fn base_modules_use_only_those_above_them() {
    let order = declared_modules(&std::fs::read_to_string("src/base/mod.rs").expect("base"));
    let rank = |m: &str| order.iter().position(|x| x == m);
    let mut files = Vec::new();
    rust_files(Path::new("src/base"), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix("src/base").expect("under base");
        let first = rel.components().next().expect("a file").as_os_str();
        let module = first.to_string_lossy().trim_end_matches(".rs").to_string();
        if module == "mod" {
            continue;
        }
        let Some(own) = rank(&module) else {
            wrong.push(format!("{}: not listed in src/base/mod.rs", f.display()));
            continue;
        };
        let direct = rel.components().count() == 1;
        let text = std::fs::read_to_string(f).expect("source file");
        for (line, name) in base_references(&text, direct) {
            if let Some(r) = rank(&name) {
                if r > own {
                    wrong.push(format!(
                        "{}:{line}: base::{module} uses base::{name}, listed after it",
                        f.display()
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn files_stay_small() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f)
                .expect("source file")
                .lines()
                .count();
            (n > 600).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files over 600 lines:\n{}",
        long.join("\n")
    );
}
