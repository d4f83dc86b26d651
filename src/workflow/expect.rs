//! `期望:` blocks in reports, and checking a scored report against them (`jixiao test`).
//!
//! ```yaml
//! 期望:
//!   方案: 2020.jx          # for which scheme (the end of its path); absent: any
//!   总分: 71.60
//!   等级: 中               # 无: no grade (incomplete data)
//!   完整: 是
//!   误差: 0.01             # tolerance on 总分 and 指标 (default 0: exact)
//!   指标:
//!     在职人员控制率: 2.50
//!     预算完成率: 不计分    # unscored (missing data)
//! ```
//!
//! An invalid report states the diagnostic it must produce: `诊断: report-number`. Several
//! blocks (a list) state what each scheme must give.
//!
//! Arithmetic: an expected score is a report number (below 10¹⁵) and a score lies within
//! ±[`MAX_POINTS`](crate::check::MAX_POINTS): their difference cannot overflow.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::quantity::fmt_points;
use crate::eval::Scored;
use crate::report::expect::{read_expectations, ExpectValue, RawExpect};
use crate::report::yaml::Raw;
use crate::workflow::batch::Invalid;

/// The keys an `期望` block may have (English aliases are accepted too).
pub const KEYS: [&str; 7] = ["方案", "总分", "等级", "完整", "误差", "指标", "诊断"];

/// The Chinese key of an alias: `total` → `总分`, `容差` → `误差`.
fn canonical(key: &str) -> &str {
    match key {
        "scheme" => "方案",
        "total" => "总分",
        "grade" => "等级",
        "complete" => "完整",
        "tolerance" | "容差" | "允许误差" => "误差",
        "indicators" => "指标",
        "diagnostic" | "diagnostics" => "诊断",
        k => k,
    }
}

/// What a report must give under a scheme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectation {
    /// The scheme it is for (the end of the scheme file's path); `None`: any.
    pub scheme: Option<String>,
    /// 总分.
    pub total: Option<Decimal>,
    /// 等级; `Some(None)`: no grade.
    pub grade: Option<Option<String>>,
    /// 完整.
    pub complete: Option<bool>,
    /// 误差 on totals and indicator scores.
    pub tolerance: Decimal,
    /// Indicator scores; `None`: unscored.
    pub indicators: Vec<(String, Option<Decimal>)>,
    /// Diagnostics an invalid report must produce.
    pub diagnostics: Vec<String>,
}

impl Expectation {
    /// Whether the block is for the scheme read from `scheme_file`.
    pub fn applies_to(&self, scheme_file: &str) -> bool {
        match &self.scheme {
            None => true,
            Some(s) => {
                let want = s.replace('\\', "/");
                let file = scheme_file.replace('\\', "/");
                file == want || file.ends_with(&format!("/{want}"))
            }
        }
    }
}

/// The `期望` blocks of a report's text (none when it has no `期望`), or why they cannot be
/// read.
pub fn parse(text: &str) -> Result<Vec<Expectation>, String> {
    let blocks = read_expectations(text).map_err(|e| format!("{}（{}）", e.message, e.help))?;
    blocks.into_iter().map(block).collect()
}

fn scalar(v: &ExpectValue) -> Option<&str> {
    match v {
        ExpectValue::Scalar(Raw::Scalar(s)) => Some(s.trim()),
        _ => None,
    }
}

fn number(key: &str, text: Option<&str>) -> Result<Decimal, String> {
    let t = text.ok_or_else(|| format!("期望 `{key}` 应为一个数"))?;
    crate::base::number::parse(t)
        .ok()
        .filter(|w| w.unit.is_none() || t.ends_with('分'))
        .map(|w| w.value)
        .ok_or_else(|| format!("期望 `{key}` 的值 `{t}` 不是数"))
}

fn yes_no(key: &str, text: Option<&str>) -> Result<bool, String> {
    match text {
        Some("是" | "true" | "yes") => Ok(true),
        Some("否" | "false" | "no") => Ok(false),
        other => Err(format!(
            "期望 `{key}` 应为 是 或 否，写的是 `{}`",
            other.unwrap_or("")
        )),
    }
}

/// The first key of `keys` written a second time, if any.
fn repeated<'k>(keys: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let mut seen = std::collections::HashSet::new();
    keys.into_iter().find(|k| !seen.insert(*k))
}

fn block(raw: RawExpect) -> Result<Expectation, String> {
    let mut e = Expectation::default();
    if let Some(k) = repeated(raw.iter().map(|(k, _)| canonical(k))) {
        return Err(format!("期望中的 `{k}` 写了两次；同一块中每项只能写一次"));
    }
    for (key, v) in raw {
        let s = scalar(&v);
        let key = canonical(&key).to_string();
        match key.as_str() {
            "方案" => e.scheme = s.map(str::to_string),
            "总分" => e.total = Some(number(&key, s)?),
            "等级" => {
                e.grade = Some(match s {
                    None | Some("无" | "未定") => None,
                    Some(g) => Some(g.to_string()),
                })
            }
            "完整" => e.complete = Some(yes_no(&key, s)?),
            "误差" => {
                let t = number(&key, s)?;
                if t.is_sign_negative() && !t.is_zero() {
                    return Err(format!(
                        "期望 `误差` 的值 `{}` 是负数：误差是允许的偏差，写 0 或正数（如 0.01）",
                        s.unwrap_or_default()
                    ));
                }
                e.tolerance = t;
            }
            "诊断" => {
                e.diagnostics = s
                    .unwrap_or("")
                    .split([',', '，', '、', ' '])
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "指标" => {
                let ExpectValue::Entries(entries) = v else {
                    return Err("期望 `指标` 应为 指标名: 分数 的键值对".into());
                };
                if let Some(k) = repeated(entries.iter().map(|(k, _)| k.as_str())) {
                    return Err(format!("期望 `指标` 中的 `{k}` 写了两次"));
                }
                for (name, raw) in entries {
                    let score = match &raw {
                        Raw::Null => None,
                        Raw::Scalar(t) if matches!(t.trim(), "不计分" | "未计分" | "缺数") => {
                            None
                        }
                        Raw::Scalar(t) => Some(number(&format!("指标.{name}"), Some(t))?),
                        _ => return Err(format!("期望 `指标.{name}` 应为一个数")),
                    };
                    e.indicators.push((name, score));
                }
            }
            other => {
                let hint = crate::base::names::suggest(other, KEYS)
                    .unwrap_or_else(|| format!("可用的键：{}", KEYS.join("、")));
                return Err(format!("未知的期望项 `{other}`；{hint}"));
            }
        }
    }
    Ok(e)
}

/// One way a report did not meet its expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What: 总分, 等级, 完整, 有效, 诊断 or an indicator's name.
    pub what: String,
    /// What the block says.
    pub expected: String,
    /// What the report gave.
    pub actual: String,
}

fn mismatch(what: &str, expected: impl Into<String>, actual: impl Into<String>) -> Mismatch {
    Mismatch {
        what: what.to_string(),
        expected: expected.into(),
        actual: actual.into(),
    }
}

fn within(actual: Decimal, expected: Decimal, tol: Decimal) -> bool {
    (actual - expected).abs() <= tol
}

/// Every way the report's result differs from `e` (empty: it meets it).
pub fn check(e: &Expectation, result: &Result<Scored<'_>, Invalid>) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let scored = match result {
        Err(inv) => {
            let ids: Vec<&str> = inv.diagnostics.iter().map(|d| d.id.as_str()).collect();
            if e.diagnostics.is_empty() {
                out.push(mismatch(
                    "有效",
                    "报告有效",
                    format!("无效：{}", inv.first_message()),
                ));
            }
            for want in &e.diagnostics {
                if !ids.contains(&want.as_str()) {
                    out.push(mismatch("诊断", want.clone(), ids.join("、")));
                }
            }
            return out;
        }
        Ok(scored) => scored,
    };
    if !e.diagnostics.is_empty() {
        out.push(mismatch(
            "诊断",
            format!("报告无效（{}）", e.diagnostics.join("、")),
            "报告有效",
        ));
    }
    let (s, outcome) = (&scored.scheme, &scored.outcome);
    let p = s.places;
    let tol = e.tolerance;
    // A value with more decimals than the scheme keeps is shown as written: `期望 3.001，实际
    // 3.00`, never two equal-looking numbers.
    let exact = |v: Decimal| {
        if v.round_dp(p) == v {
            fmt_points(v, p)
        } else {
            v.normalize().to_string()
        }
    };
    let show = |v: Option<Decimal>| v.map_or_else(|| "不计分".to_string(), exact);
    if let Some(t) = e.total {
        if !within(outcome.total, t, tol) {
            out.push(mismatch(
                "总分",
                exact(t),
                format!(
                    "{}（差 {}）",
                    exact(outcome.total),
                    exact(outcome.total - t)
                ),
            ));
        }
    }
    if let Some(g) = &e.grade {
        let actual = outcome.grade.map(|i| s.grades[i].name.clone());
        if &actual != g {
            let name = |g: &Option<String>| g.clone().unwrap_or_else(|| "无".into());
            out.push(mismatch("等级", name(g), name(&actual)));
        }
    }
    if let Some(c) = e.complete {
        if c != outcome.complete {
            let word = |b: bool| if b { "是" } else { "否" };
            out.push(mismatch("完整", word(c), word(outcome.complete)));
        }
    }
    for (name, want) in &e.indicators {
        // By name, or by path (`产出指标/年度绩效目标2/数量指标/面积`) where names repeat.
        let by_path = || {
            s.nodes
                .iter()
                .position(|n| n.path.join("/") == *name)
                .map(|i| crate::ir::NodeId(i as u32))
        };
        // A name several indicators have (the same row in two blocks) is not guessed.
        let namesakes: Vec<String> = s
            .nodes
            .iter()
            .filter(|n| n.name == *name)
            .map(|n| n.path.join("/"))
            .collect();
        if namesakes.len() > 1 {
            out.push(mismatch(
                name,
                show(*want),
                format!(
                    "有 {} 个指标叫这个名字，请写路径：{}",
                    namesakes.len(),
                    namesakes.join("、")
                ),
            ));
            continue;
        }
        let Some(id) = s.node_names.get(name).copied().or_else(by_path) else {
            let names = s.node_names.keys().map(String::as_str);
            let help = s
                .missing_help(crate::ir::Target::Indicator, name, names)
                .map(|h| format!("；{h}"))
                .unwrap_or_default();
            out.push(mismatch(
                name,
                show(*want),
                format!("方案中没有这个指标{help}"),
            ));
            continue;
        };
        let got = outcome.node(id).score;
        let ok = match (got, want) {
            (Some(a), Some(b)) => within(a, *b, tol),
            (None, None) => true,
            _ => false,
        };
        if !ok {
            out.push(mismatch(name, show(*want), show(got)));
        }
    }
    out
}

/// One report's verdict under `jixiao test`, as data.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// The report file as given.
    pub file: String,
    /// The scheme file it was scored with, when one applied.
    pub scheme_file: Option<String>,
    /// Whether it met every applicable expectation (or, without one, could be scored).
    pub passed: bool,
    /// Whether an `期望` block applied (without one, a report passes when it can be scored).
    pub checked: bool,
    /// Its total, with the scheme's places.
    pub total: Option<String>,
    /// Its grade.
    pub grade: Option<String>,
    /// Whether every indicator was scored.
    pub complete: Option<bool>,
    /// Every way it differs from what is expected.
    pub mismatches: Vec<Mismatch>,
}

impl Verdict {
    /// A report whose text or `期望` blocks cannot be read: a failure saying why.
    pub fn unreadable(file: &str, message: String) -> Verdict {
        Verdict {
            file: file.to_string(),
            scheme_file: None,
            passed: false,
            checked: false,
            total: None,
            grade: None,
            complete: None,
            mismatches: vec![mismatch("期望", "可读的报告与 `期望:`", message)],
        }
    }

    /// A report file that cannot be read at all (not UTF-8, too large, not YAML): a failure
    /// saying why, not blamed on its `期望`.
    pub fn unreadable_file(file: &str, message: String) -> Verdict {
        Verdict {
            mismatches: vec![mismatch("文件", "可读的报告", message)],
            ..Verdict::unreadable(file, String::new())
        }
    }
}

/// Checks a report against the expectations that apply to the scheme it was scored with
/// (`scheme_file`; `None` when no scheme applied, and then every block applies).
pub fn verdict(
    file: &str,
    expectations: &[Expectation],
    result: &Result<Scored<'_>, Invalid>,
    scheme_file: Option<&str>,
) -> Verdict {
    let mut v = Verdict {
        file: file.to_string(),
        scheme_file: scheme_file.map(str::to_string),
        passed: false,
        checked: false,
        total: None,
        grade: None,
        complete: None,
        mismatches: Vec::new(),
    };
    if let Ok(scored) = result {
        let (s, o) = (&scored.scheme, &scored.outcome);
        v.total = Some(fmt_points(o.total, s.places));
        v.grade = o.grade.map(|g| s.grades[g].name.clone());
        v.complete = Some(o.complete);
    }
    let applicable: Vec<&Expectation> = expectations
        .iter()
        .filter(|e| scheme_file.is_none_or(|f| e.applies_to(f)))
        .collect();
    v.checked = !applicable.is_empty();
    if applicable.is_empty() {
        if let Err(inv) = result {
            v.mismatches.push(mismatch(
                "有效",
                "报告有效",
                format!("无效：{}", inv.first_message()),
            ));
        }
    }
    for e in applicable {
        v.mismatches.extend(check(e, result));
    }
    v.passed = v.mismatches.is_empty();
    v
}

/// A whole `jixiao test` run.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// Reports that met an expectation of theirs.
    pub passed: usize,
    /// Reports that failed (an expectation not met, or invalid without one).
    pub failed: usize,
    /// Reports scored without an expectation for their scheme: neither passed nor failed.
    pub unchecked: usize,
    /// Every report's verdict, in the order given.
    pub reports: Vec<Verdict>,
}

impl Run {
    /// The run of these verdicts.
    pub fn new(reports: Vec<Verdict>) -> Run {
        let passed = reports.iter().filter(|c| c.passed && c.checked).count();
        let unchecked = reports.iter().filter(|c| c.passed && !c.checked).count();
        Run {
            passed,
            failed: reports.len() - passed - unchecked,
            unchecked,
            reports,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    #[test]
    fn a_block_reads_every_key_as_text() {
        let text = "单位: 甲\n期望:\n  方案: 2020.jx\n  总分: 71.60\n  等级: 无\n  完整: 否\n  误差: 0.005\n  指标:\n    甲: 2.50\n    乙: 不计分\n";
        let e = parse(text).unwrap();
        assert_eq!(e.len(), 1);
        let e = &e[0];
        assert_eq!(e.scheme.as_deref(), Some("2020.jx"));
        assert_eq!(e.total.unwrap().to_string(), "71.60");
        assert_eq!(e.grade, Some(None));
        assert_eq!(e.complete, Some(false));
        assert_eq!(e.tolerance.to_string(), "0.005");
        assert_eq!(e.indicators.len(), 2);
        assert_eq!(e.indicators[1], ("乙".to_string(), None));
        assert!(e.applies_to("schemes/bumen-zhengti/2020.jx"));
        assert!(!e.applies_to("schemes/bumen-zhengti/2024.jx"));
    }

    #[test]
    fn a_list_gives_one_block_per_scheme_and_typos_are_errors() {
        let text = "期望:\n  - {方案: 2020.jx, 总分: 1}\n  - {方案: 2024.jx, 总分: 2}\n";
        assert_eq!(parse(text).unwrap().len(), 2);
        let english =
            parse("期望: {total: 71.60, tolerance: 0.01, diagnostics: [a, b]}\n").unwrap();
        assert_eq!(english[0].total.unwrap().to_string(), "71.60");
        assert_eq!(english[0].diagnostics, ["a", "b"]);
        let err = parse("期望:\n  总份: 3\n").unwrap_err();
        assert!(err.contains("未知的期望项 `总份`"), "{err}");
        assert!(parse("单位: 甲\n").unwrap().is_empty());
    }

    #[test]
    fn a_negative_tolerance_is_refused_not_made_positive() {
        let err = parse("期望: {总分: 18, 误差: -1}\n").unwrap_err();
        assert!(err.contains("`-1` 是负数"), "{err}");
        assert_eq!(
            parse("期望: {总分: 18, 误差: 0}\n").unwrap()[0].tolerance,
            Decimal::ZERO
        );
    }
}
