//! Helpers shared by the test files: load a shipped scheme, read and score a report.
#![allow(
    dead_code,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failure is the report; not every test file uses every helper"
)]

use std::path::Path;

use jixiao::eval::{evaluate, Outcome};
use jixiao::report::{Read, Report};
use jixiao::{compile, Scheme, Sources};

/// A scheme file that must check.
pub fn scheme(path: &str) -> Scheme {
    let text = std::fs::read_to_string(path).expect("scheme file");
    let mut sources = Sources::new();
    let file = sources.add(path, &text);
    let c = compile(&sources, file);
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

/// A report that must be valid, and its outcome.
pub fn score(scheme: &Scheme, path: &Path) -> (Report, Outcome) {
    let r = read(scheme, path);
    let report = r
        .report
        .unwrap_or_else(|| panic!("{} is invalid: {:?}", path.display(), r.diags));
    let outcome = evaluate(scheme, &report);
    (report, outcome)
}

/// Runs the real binary: exit code, stdout and stderr.
pub fn jixiao(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
