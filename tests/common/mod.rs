//! Helpers shared by the test files: load a shipped scheme, read and score a report.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is the report; not every test file uses every helper"
)]

use std::path::Path;

use jixiao::eval::{evaluate, Scored};
use jixiao::report::Read;
use jixiao::{compile, Loader, Scheme, Sources};

/// Reads the files a scheme builds on (`基于`) from the file system, as `jixiao` does.
pub struct Disk;

impl Loader for Disk {
    fn read(&mut self, path: &Path) -> Result<String, jixiao::LoadError> {
        std::fs::read_to_string(path).map_err(jixiao::LoadError::from_io)
    }
}

/// A scheme file that must check.
pub fn scheme(path: &str) -> Scheme {
    let text = std::fs::read_to_string(path).expect("scheme file");
    let mut sources = Sources::new();
    let file = sources.add(path, &text);
    let c = compile(&sources, file, &mut Disk);
    c.scheme
        .unwrap_or_else(|| panic!("{path} does not check: {:?}", c.diags))
}

/// A report read against `scheme`, valid or not.
pub fn read(scheme: &Scheme, path: &Path) -> Read {
    let text = std::fs::read_to_string(path).expect("report file");
    let mut sources = Sources::new();
    let file = sources.add(path.display().to_string(), &text);
    jixiao::report::read(&sources, file, scheme, Default::default())
}

/// A report that must be valid, filled in and scored.
pub fn score<'s>(scheme: &'s Scheme, path: &Path) -> Scored<'s> {
    let r = read(scheme, path);
    let report = r
        .report
        .unwrap_or_else(|| panic!("{} is invalid: {:?}", path.display(), r.diags));
    let filled = jixiao::form::fill(scheme, report);
    let outcome = evaluate(&filled.scheme, &filled.report);
    Scored {
        scheme: filled.scheme,
        report: filled.report,
        outcome,
    }
}

/// Runs the real binary: exit code, stdout and stderr. Its output is not fitted to a width
/// (`COLUMNS` of the shell running the tests is not passed on), so what it prints is the same
/// on every machine.
pub fn jixiao(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every report file under `dir` (`.yaml`, `.yml`, `.json`), at any depth, sorted, as `jixiao`
/// walks a folder.
pub fn report_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("a folder of reports")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(report_files(&p));
        } else if p.extension().is_some_and(|x| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|e| x.eq_ignore_ascii_case(e))
        }) {
            out.push(p);
        }
    }
    out
}

/// A fresh folder under the target directory for one test's files.
pub fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes `text` as `name` in `dir`; returns its path.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path.display().to_string()
}

/// The lines of a batch's table that are reports (not its header or closing summary).
pub fn report_lines(out: &str) -> usize {
    out.lines()
        .skip_while(|l| !l.starts_with("单位 "))
        .skip(1)
        .take_while(|l| !l.starts_with("共 "))
        .count()
}

/// A file of `tests/cases/bad-input/`.
pub fn bad_input(name: &str) -> String {
    format!("tests/cases/bad-input/{name}")
}
