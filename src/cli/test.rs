//! `jixiao test SCHEME DIR...`: every report checked against its `期望:` blocks.

use std::path::{Path, PathBuf};

use serde::Serialize;

use jixiao::base::quantity::fmt_points;
use jixiao::workflow::batch;
use jixiao::workflow::expect::{self, Mismatch};

use super::schemes::Schemes;
use super::score::score_path;
use super::{read_text, shown, Format};

/// One report's verdict, as data.
#[derive(Serialize)]
struct CaseJson {
    file: String,
    scheme_file: Option<String>,
    passed: bool,
    /// Whether an `期望` block applied (without one, a report passes when it can be scored).
    checked: bool,
    total: Option<String>,
    grade: Option<String>,
    complete: Option<bool>,
    mismatches: Vec<Mismatch>,
}

#[derive(Serialize)]
struct RunJson {
    passed: usize,
    failed: usize,
    reports: Vec<CaseJson>,
}

fn case(schemes: &Schemes, path: &Path) -> CaseJson {
    let file = shown(path);
    let mut c = CaseJson {
        file: file.clone(),
        scheme_file: None,
        passed: false,
        checked: false,
        total: None,
        grade: None,
        complete: None,
        mismatches: Vec::new(),
    };
    let exps = match read_text(path).and_then(|t| expect::parse(&t)) {
        Ok(e) => e,
        Err(m) => {
            c.mismatches.push(Mismatch {
                what: "期望".into(),
                expected: "可读的报告与 `期望:`".into(),
                actual: m,
            });
            return c;
        }
    };
    let (scoring, loaded) = score_path(schemes, path, false);
    c.scheme_file = loaded.map(|l| l.path.clone());
    if let Ok(scored) = &scoring.result {
        let (s, o) = (&scored.scheme, &scored.outcome);
        c.total = Some(fmt_points(o.total, s.places));
        c.grade = o.grade.map(|g| s.grades[g].name.clone());
        c.complete = Some(o.complete);
    }
    let scheme_file = c.scheme_file.clone().unwrap_or_default();
    let applicable: Vec<_> = exps
        .iter()
        .filter(|e| loaded.is_none() || e.applies_to(&scheme_file))
        .collect();
    c.checked = !applicable.is_empty();
    if applicable.is_empty() {
        if let Err(inv) = &scoring.result {
            c.mismatches.push(Mismatch {
                what: "有效".into(),
                expected: "报告有效".into(),
                actual: format!("无效：{}", inv.first_message()),
            });
        }
    }
    for e in applicable {
        c.mismatches.extend(expect::check(e, &scoring.result));
    }
    c.passed = c.mismatches.is_empty();
    c
}

/// Runs every report; exit 0 when all pass, 1 when one fails, 2 when there is nothing to run.
pub fn run(scheme_path: &Path, dirs: &[PathBuf], format: Format) -> u8 {
    let schemes = match Schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let files = match super::report_files(dirs) {
        Ok(f) => f,
        Err(c) => return c,
    };
    let cases: Vec<CaseJson> = batch::collect(&files, 0, |f| case(&schemes, f));
    let passed = cases.iter().filter(|c| c.passed).count();
    let failed = cases.len() - passed;
    match format {
        Format::Json => {
            let j = RunJson {
                passed,
                failed,
                reports: cases,
            };
            println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
        }
        Format::Text => {
            for c in &cases {
                println!("{}", line(c));
                for m in &c.mismatches {
                    if m.what == "期望" {
                        println!("    期望块有误：{}", m.actual);
                    } else {
                        println!("    {}：期望 {}，实际 {}", m.what, m.expected, m.actual);
                    }
                }
            }
            let unchecked = cases.iter().filter(|c| !c.checked && c.passed).count();
            if unchecked > 0 {
                println!("（其中 {unchecked} 份没有给本方案的期望，只检查了能否计分）");
            }
            println!("{passed} passed, {failed} failed");
        }
    }
    u8::from(failed > 0)
}

fn line(c: &CaseJson) -> String {
    let head = match (c.passed, c.checked) {
        (false, _) => "失败  ",
        (true, true) => "通过  ",
        (true, false) => "无期望",
    };
    let mut s = format!("{head}  {}", c.file);
    if let Some(f) = &c.scheme_file {
        let name = Path::new(f)
            .file_name()
            .map_or(f.clone(), |n| n.to_string_lossy().into_owned());
        s.push_str(&format!("（{name}）"));
    }
    if let Some(t) = &c.total {
        s.push_str(&format!("  总分 {t}"));
        match (&c.grade, c.complete) {
            (Some(g), _) => s.push_str(&format!(" {g}")),
            (None, Some(false)) => s.push_str(" 数据不全"),
            _ => {}
        }
    }
    s
}
