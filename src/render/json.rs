//! The JSON contract of `score` and `explain`: data shapes only, no I/O.
//!
//! Decimals are strings with exactly the scheme's places (`"71.60"`), never floats.

use serde::Serialize;

use crate::base::diag::DiagJson;
use crate::base::quantity::{fmt_given, fmt_points};
use crate::eval::{Scored, Status};
use crate::explain::{Explainer, TraceLine};
use crate::ir::NodeId;
use crate::report::Finding;

/// One indicator in the JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorJson {
    /// Names from the top level down to this indicator.
    pub path: Vec<String>,
    /// Its name.
    pub name: String,
    /// Its points.
    pub weight: String,
    /// Its score (`null` when unscored).
    pub score: Option<String>,
    /// scored, not_applicable, missing_input or error.
    pub status: Status,
    /// Missing input names.
    pub missing: Vec<String>,
    /// The unit's own score.
    pub self_score: Option<String>,
    /// 自评 - 得分, when both exist.
    pub self_gap: Option<String>,
    /// The bureau's confirmed score (核定), when the report has one for this indicator.
    pub confirmed: Option<String>,
    /// The explanation.
    pub trace: Vec<TraceLine>,
}

/// A scored report in the JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredJson {
    /// The report file as given.
    pub file: String,
    /// Always true.
    pub valid: bool,
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// 项目, for project forms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The scheme's title.
    pub scheme: String,
    /// The scheme file as given.
    pub scheme_file: String,
    /// The scheme's (first) year.
    pub scheme_year: i32,
    /// Sum of the scored indicators.
    pub total: String,
    /// 满分.
    pub max: String,
    /// The grade; `null` when incomplete.
    pub grade: Option<String>,
    /// Every indicator scored or not applicable.
    pub complete: bool,
    /// 自评 总分.
    pub self_total: Option<String>,
    /// 核定 总分.
    pub confirmed_total: Option<String>,
    /// Notes and warnings on the report.
    pub findings: Vec<Finding>,
    /// The warnings of reading the file (a column not read, a key written twice …), each
    /// with its place, as `check` gives them; empty when it read cleanly.
    pub diagnostics: Vec<DiagJson>,
    /// Every indicator, depth-first.
    pub indicators: Vec<IndicatorJson>,
}

/// An invalid report in the JSON output.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidJson {
    /// The report file as given.
    pub file: String,
    /// Always false.
    pub valid: bool,
    /// Why it is invalid.
    pub diagnostics: Vec<DiagJson>,
}

/// Builds the JSON of a scored report (its `diagnostics` empty: the caller holding the
/// reading's warnings sets them).
pub fn scored(scored: &Scored<'_>, scheme_file: &str, file: &str) -> ScoredJson {
    let (scheme, report, outcome) = (&*scored.scheme, &scored.report, &scored.outcome);
    let p = scheme.places;
    let ex = Explainer::of(scored);
    let indicators = (0..scheme.nodes.len())
        .map(|i| {
            let id = NodeId(i as u32);
            let n = scheme.node(id);
            let o = outcome.node(id);
            let gap = ex.self_gap(id);
            IndicatorJson {
                path: n.path.clone(),
                name: n.name.clone(),
                weight: fmt_points(n.weight, p),
                score: o.score.map(|s| fmt_points(s, p)),
                status: o.status,
                missing: o
                    .missing
                    .iter()
                    .map(|m| scheme.input(*m).name.clone())
                    .collect(),
                self_score: gap.map(|(s, _)| fmt_given(s, p)),
                self_gap: gap.and_then(|(_, g)| g).map(|g| fmt_given(g, p)),
                confirmed: report
                    .confirmed
                    .get(i)
                    .copied()
                    .flatten()
                    .map(|c| fmt_given(c, p)),
                trace: ex.trace(id),
            }
        })
        .collect();
    ScoredJson {
        file: file.to_string(),
        valid: true,
        unit: report.unit.clone(),
        year: report.year,
        project: report.project.clone(),
        scheme: scheme.title.clone(),
        scheme_file: scheme_file.to_string(),
        scheme_year: scheme.year_from,
        total: fmt_points(outcome.total, p),
        max: fmt_points(scheme.full_marks, p),
        grade: outcome.grade.map(|g| scheme.grades[g].name.clone()),
        complete: outcome.complete,
        self_total: report.self_total.map(|s| fmt_given(s, p)),
        confirmed_total: report.confirmed_total.map(|s| fmt_given(s, p)),
        findings: report.findings.clone(),
        diagnostics: Vec::new(),
        indicators,
    }
}
