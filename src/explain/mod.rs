//! Explanation: a leaf's ledger turned into lines a finance officer can sign.
//!
//! Each line has a stable `kind` (`rule`, `formula`, `substitute`, `deduction`, `floor`,
//! `cap`, `round`, `score`, `not_applicable`, `self_score` …) so that text, JSON and any
//! later rendering say the same thing.
//!
//! Arithmetic: a self-score gap is of a report number below 10¹⁵ and a score within
//! ±[`MAX_POINTS`](crate::check::MAX_POINTS); it cannot overflow.

mod formula;
mod leaf;
mod row;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::quantity::{fmt_given, fmt_points};
use crate::eval::{Outcome, Scored, Status};
use crate::ir::{NodeId, Scheme};
use crate::report::Report;

pub use formula::{formula, value_deps, Formula};

/// One line of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceLine {
    /// Stable kind.
    pub kind: &'static str,
    /// The label shown before the text (依据, 计算, 扣分 …).
    #[serde(skip)]
    pub label: &'static str,
    /// The sentence.
    pub text: String,
}

fn line(kind: &'static str, label: &'static str, text: impl Into<String>) -> TraceLine {
    TraceLine {
        kind,
        label,
        text: text.into(),
    }
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() {
        "（未填）"
    } else {
        s
    }
}

/// Everything needed to explain one report's score.
pub struct Explainer<'a> {
    /// The scheme.
    pub scheme: &'a Scheme,
    /// The report.
    pub report: &'a Report,
    /// Its outcome.
    pub outcome: &'a Outcome,
}

impl<'a> Explainer<'a> {
    /// The explainer of a scored report.
    pub fn of(scored: &'a Scored<'_>) -> Self {
        Explainer {
            scheme: &scored.scheme,
            report: &scored.report,
            outcome: &scored.outcome,
        }
    }

    fn places(&self) -> u32 {
        self.scheme.places
    }

    /// The self-score of an indicator and the gap 自评 - 得分, in words.
    pub fn self_gap(&self, id: NodeId) -> Option<(Decimal, Option<Decimal>)> {
        let s = self
            .report
            .self_scores
            .get(id.0 as usize)
            .copied()
            .flatten()?;
        // On a prorated row, the self-score as prorated is what compares with the score.
        let compared = self
            .report
            .row(id)
            .and_then(|r| r.self_rescaled(self.scheme.places, self.scheme.rounding))
            .unwrap_or(s);
        Some((s, self.outcome.node(id).score.map(|score| compared - score)))
    }

    /// The head line: `在职人员控制率（5分）得 0.00 分 · 自评 4 分 · 自评高出 4.00`.
    pub fn head(&self, id: NodeId) -> String {
        let n = self.scheme.node(id);
        let o = self.outcome.node(id);
        let p = self.places();
        let mut s = format!("{}（{}分）", n.name, n.weight.normalize());
        match (o.status, o.score) {
            (Status::NotApplicable, Some(v)) => {
                s.push_str(&format!("得 {} 分（不适用，按满分计算）", fmt_points(v, p)))
            }
            (_, Some(v)) => s.push_str(&format!("得 {} 分", fmt_points(v, p))),
            (Status::MissingInput, None) => s.push_str("未计分：缺少数据"),
            (_, None) => s.push_str("未计分：计算出错"),
        }
        if let Some((own, gap)) = self.self_gap(id) {
            s.push_str(&format!(" · 自评 {} 分", fmt_given(own, p)));
            // On prorated points the gap is of the prorated self-score: say it.
            let scaled = self
                .report
                .row(id)
                .and_then(|r| r.self_rescaled(p, self.scheme.rounding));
            if let Some(v) = scaled {
                s.push_str(&format!("（折算为 {} 分）", fmt_points(v, p)));
            }
            if let Some(g) = gap {
                s.push_str(&match g.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Greater => format!(" · 自评高出 {}", fmt_given(g, p)),
                    std::cmp::Ordering::Less => format!(" · 自评低于 {}", fmt_given(-g, p)),
                    std::cmp::Ordering::Equal => " · 与自评一致".into(),
                });
            }
        }
        if let Some(c) = self.confirmed(id) {
            s.push_str(&format!(" · 核定 {} 分", fmt_given(c, p)));
        }
        s
    }

    /// The bureau's confirmed score (核定) of indicator `id`, when the report carries one.
    fn confirmed(&self, id: NodeId) -> Option<Decimal> {
        self.report.confirmed.get(id.0 as usize).copied().flatten()
    }

    /// In a scheme built on another: the file and years the rule comes from, and the file
    /// that last changed the points when that is another.
    fn source_line(&self, n: &crate::ir::Node) -> Option<TraceLine> {
        let leaf = n.leaf.as_ref()?;
        let rule = self.scheme.origin(leaf.rule_span)?;
        let mut text = format!("规则出自 {rule}");
        if n.points_span.file != leaf.rule_span.file {
            if let Some(p) = self.scheme.origin(n.points_span) {
                let layer = |f| self.scheme.layers.iter().position(|l| l.file == f);
                let verb = if layer(n.points_span.file) > layer(leaf.rule_span.file) {
                    "改为"
                } else {
                    "沿用"
                };
                text.push_str(&format!("，分值{verb} {p}的 {} 分", n.weight.normalize()));
            }
        }
        Some(line("source", "来源", text))
    }

    /// The explanation lines of an indicator.
    pub fn trace(&self, id: NodeId) -> Vec<TraceLine> {
        let n = self.scheme.node(id);
        let o = self.outcome.node(id);
        let mut out = Vec::new();
        if let Some(r) = self.report.row(id) {
            self.row_lines(r, &mut out);
        }
        if !n.unfilled() {
            for note in self.report.notes(id) {
                out.push(line("note", "提示", note.clone()));
            }
        }
        if n.unfilled() {
            if let Some(ex) = &n.explanation {
                out.push(line("definition", "说明", ex.clone()));
            }
            out.push(line(
                "missing",
                "缺数",
                "本类没有填报任何指标行，未计分（不按 0 分计）",
            ));
            return out;
        }
        if let Some(std) = &n.standard {
            out.push(line("rule", "依据", std.clone()));
        }
        if let Some(ex) = &n.explanation {
            out.push(line("definition", "说明", ex.clone()));
        }
        out.extend(self.source_line(n));
        match &n.leaf {
            // A category whose points went to another: nothing to add up.
            None if n.children.is_empty() => {}
            None => {
                let names: Vec<String> = n
                    .children
                    .iter()
                    .map(|c| self.scheme.node(*c).name.clone())
                    .collect();
                out.push(line(
                    "sum",
                    "合计",
                    format!(
                        "{} 之和 = {} 分",
                        names.join("、"),
                        fmt_points(o.score.unwrap_or_default(), self.places())
                    ),
                ));
                if !o.missing.is_empty() {
                    out.push(line(
                        "missing",
                        "缺数",
                        format!("下级指标缺少：{}", self.input_names(&o.missing)),
                    ));
                }
            }
            Some(leaf) => self.leaf_trace(id, n.weight, leaf, o, &mut out),
        }
        if let Some((own, gap)) = self.self_gap(id) {
            let scaled = self
                .report
                .row(id)
                .and_then(|r| r.self_rescaled(self.places(), self.scheme.rounding));
            let text = match (gap, scaled) {
                (Some(g), Some(v)) => format!(
                    "自评 {} 分，按本行分值折算为 {} 分，折算后的自评 - 得分 = {}",
                    fmt_given(own, self.places()),
                    fmt_points(v, self.places()),
                    fmt_given(g, self.places())
                ),
                (Some(g), None) => format!(
                    "自评 {} 分，自评 - 得分 = {}",
                    fmt_given(own, self.places()),
                    fmt_given(g, self.places())
                ),
                (None, _) => format!(
                    "自评 {} 分（本指标未计分，无法比较）",
                    fmt_given(own, self.places())
                ),
            };
            out.push(line("self_score", "自评", text));
        }
        if let Some(c) = self.confirmed(id) {
            let p = self.places();
            let text = match self.outcome.node(id).score {
                Some(v) if v == c => format!("核定 {} 分，与得分一致", fmt_given(c, p)),
                Some(v) => format!(
                    "核定 {} 分，核定 - 得分 = {}",
                    fmt_given(c, p),
                    fmt_given(c - v, p)
                ),
                None => format!("核定 {} 分（本指标未计分，无法比较）", fmt_given(c, p)),
            };
            out.push(line("confirmed", "核定", text));
        }
        out
    }

    /// Inputs by name, each once; a row's own inputs by the form's words for them (实际 is
    /// the row's 完成值, 达标 whether it met its target).
    fn input_names(&self, ids: &[crate::ir::InputId]) -> String {
        let mut names: Vec<String> = Vec::new();
        for i in ids {
            let input = self.scheme.input(*i);
            let name = match (input.row, input.name.as_str()) {
                (true, "实际") => "完成值".to_string(),
                (true, "达标") => "是否达标".to_string(),
                (_, n) => n.to_string(),
            };
            let shown = format!("`{name}`");
            if !names.contains(&shown) {
                names.push(shown);
            }
        }
        names.join("、")
    }

    /// One line: why points were lost (for the score table).
    pub fn reason(&self, id: NodeId) -> String {
        let o = self.outcome.node(id);
        let lines = self.trace(id);
        let pick = |kinds: &[&str]| {
            lines
                .iter()
                .find(|l| kinds.contains(&l.kind))
                .map(|l| l.text.clone())
        };
        let n = self.scheme.node(id);
        match o.status {
            Status::MissingInput if n.unfilled() => "没有填报指标行".into(),
            Status::MissingInput if self.report.row(id).is_some() => pick(&["finding"])
                .unwrap_or_else(|| format!("缺少 {}", self.input_names(&o.missing))),
            Status::MissingInput => format!("缺少 {}", self.input_names(&o.missing)),
            Status::Error => pick(&["error"]).unwrap_or_default(),
            Status::NotApplicable => "不适用，按满分计算".into(),
            Status::Scored => {
                let n = self.scheme.node(id);
                if o.score.is_some_and(|s| s >= n.weight) || n.leaf.is_none() {
                    return String::new();
                }
                let mut parts: Vec<String> = Vec::new();
                if let Some(s) = pick(&["substitute"]) {
                    parts.push(s);
                }
                if let Some(s) = pick(&[
                    "case",
                    "deduction",
                    "band",
                    "proportional",
                    "checklist",
                    "tier",
                    "reviewer",
                ]) {
                    parts.push(s);
                }
                if let Some(s) = pick(&["floor"]) {
                    parts.push(s);
                }
                // Whenever the arithmetic shown is not the score that counts: the rounding.
                if let Some(s) = pick(&["round"]) {
                    parts.push(s);
                }
                parts.join("；")
            }
        }
    }
}
