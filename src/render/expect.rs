//! A `jixiao test` run in words: a line per report, each mismatch under it, and the count.

use crate::workflow::expect::{Run, Verdict};

/// The run as `jixiao test` prints it; the last line is `N passed, N failed`, after a line
/// counting the reports without an expectation (neither passed nor failed).
pub fn render(run: &Run) -> String {
    let mut out = String::new();
    for c in &run.reports {
        out.push_str(&line(c));
        out.push('\n');
        for m in &c.mismatches {
            if m.what == "期望" {
                out.push_str(&format!("    期望块有误：{}\n", m.actual));
            } else if m.what == "文件" {
                out.push_str(&format!("    {}\n", m.actual));
            } else {
                out.push_str(&format!(
                    "    {}：期望 {}，实际 {}\n",
                    m.what, m.expected, m.actual
                ));
            }
        }
    }
    if run.unchecked > 0 {
        out.push_str(&format!(
            "{} 份没有期望（没有给本方案的 `期望:`，只检查了能否计分，不算通过；`jixiao test --update` 可写入）\n",
            run.unchecked
        ));
    }
    out.push_str(&format!("{} passed, {} failed\n", run.passed, run.failed));
    out
}

/// `通过    fixtures/甲.yaml（2020.jx）  总分 71.60 中`.
fn line(c: &Verdict) -> String {
    let head = match (c.passed, c.checked) {
        (false, _) => "失败  ",
        (true, true) => "通过  ",
        (true, false) => "无期望",
    };
    let mut s = format!("{head}  {}", c.file);
    if let Some(f) = &c.scheme_file {
        let name = crate::base::source::short_name(f);
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
