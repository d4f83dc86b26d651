//! The bureau's review of self-evaluations (`jixiao audit SCHEME DIR...`): every indicator
//! whose 自评 differs from the score the rules give, with the reason from its ledger; the
//! units ranked by how far their self-scores run above; where the bureau's 核定 exists, where
//! it and the engine disagree.
//!
//! Arithmetic: a self-score or 核定 is a report number (at most 15 significant digits, below
//! 10¹⁵) and a score lies within ±[`MAX_POINTS`](crate::check::MAX_POINTS): their gaps, summed
//! over any batch, stay below 10²⁵.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::quantity::{fmt_given, fmt_given_signed, fmt_points};
use crate::eval::Scored;
use crate::explain::Explainer;
use crate::workflow::batch::Invalid;

/// One report to review: scored (with the table it was scored on), or why not.
pub struct Entry<'a> {
    /// The file.
    pub file: String,
    /// The result.
    pub result: &'a Result<Scored<'a>, Invalid>,
}

/// An indicator whose self-score differs from its score.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// The indicator.
    pub name: String,
    /// What to call it: its name, or its path where another indicator of the scheme has the
    /// same name (a 三级 named alike in two blocks of a form).
    pub label: String,
    /// Its path.
    pub path: Vec<String>,
    /// Its points.
    pub weight: String,
    /// 自评.
    pub self_score: String,
    /// The score the rules give (`null`: it cannot be computed; see `reason`).
    pub score: Option<String>,
    /// 自评 − 得分, when the score exists.
    pub gap: Option<String>,
    /// Why the rules give what they give (or why no score).
    pub reason: String,
}

/// An indicator whose 核定 differs from the engine.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    /// The indicator, or `总分`.
    pub name: String,
    /// 核定.
    pub confirmed: String,
    /// The engine's score (`null`: not computable).
    pub score: Option<String>,
    /// 核定 − 得分.
    pub difference: Option<String>,
}

/// One report reviewed.
#[derive(Debug, Clone, Serialize)]
pub struct ReportAudit {
    /// The file.
    pub file: String,
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// The total the rules give.
    pub total: String,
    /// Every indicator scored.
    pub complete: bool,
    /// 自评 总分, if stated.
    pub self_total: Option<String>,
    /// Σ (自评 − 得分) over the indicators that have both; without per-indicator
    /// self-scores, 自评总分 − 总分 when every indicator is scored.
    pub gap_total: String,
    /// `indicators`, `total`, or `none` (nothing to compare).
    pub gap_basis: &'static str,
    /// Indicators with both a self-score and a score.
    pub compared: usize,
    /// Indicators with both whose self-score is higher.
    pub inflated: usize,
    /// Indicators with both whose self-score is lower.
    pub deflated: usize,
    /// Every indicator whose self-score differs, or that cannot be checked.
    pub gaps: Vec<Gap>,
    /// Where 核定 differs from the engine.
    pub confirmed: Vec<Disagreement>,
    /// What the reader of the comparison must know: self-scores compared as prorated, a
    /// 自评总分 the self-scores do not add up to.
    pub notes: Vec<String>,
    #[serde(skip)]
    gap_value: Decimal,
}

/// A unit's place in the ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Rank {
    /// 1 = self-scores run highest above the rules.
    pub rank: usize,
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// The file.
    pub file: String,
    /// Σ (自评 − 得分).
    pub gap_total: String,
    /// Indicators scored higher by the unit than by the rules.
    pub inflated: usize,
    /// `indicators` or `total` (only a 自评总分 to compare).
    pub basis: &'static str,
}

/// An indicator often scored higher by units than by the rules.
#[derive(Debug, Clone, Serialize)]
pub struct Hotspot {
    /// The indicator.
    pub name: String,
    /// Reports in which its self-score is higher.
    pub reports: usize,
    /// Σ (自评 − 得分) where higher.
    pub gap_total: String,
}

/// Counts.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Reports read.
    pub reports: usize,
    /// Reports with 自评 (per indicator or total).
    pub with_self_scores: usize,
    /// Reports with 核定.
    pub with_confirmed: usize,
    /// Reports where 核定 and the engine disagree somewhere.
    pub confirmed_disagree: usize,
    /// Invalid reports (not reviewed).
    pub invalid: usize,
    /// Indicators most often scored higher by units, most first.
    pub hotspots: Vec<Hotspot>,
}

/// A report not reviewed.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidRow {
    /// The file.
    pub file: String,
    /// The first error.
    pub message: String,
}

/// The whole review.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    /// The scheme (file or folder) as given.
    pub scheme: String,
    /// The summary.
    pub summary: Summary,
    /// Units ranked by Σ (自评 − 得分), highest first.
    pub ranking: Vec<Rank>,
    /// Each report with self-scores or 核定, in the ranking's order.
    pub reports: Vec<ReportAudit>,
    /// Reports that could not be read.
    pub invalid: Vec<InvalidRow>,
}

/// How far `v` lies outside `range` (0 inside): positive above it, negative below. On an end
/// the range leaves out (8 of `[6, 8)`), it is off by the least step at `places` (0.01), the
/// nearest score a report can be given.
fn off_range(v: Decimal, range: &crate::base::interval::Range, places: u32) -> Decimal {
    if range.contains(v) {
        return Decimal::ZERO;
    }
    let step = Decimal::new(1, places);
    match (range.lo, range.hi) {
        (Some((lo, inc)), _) if v < lo || (v == lo && !inc) => (v - lo).min(-step),
        (_, Some((hi, inc))) if v > hi || (v == hi && !inc) => (v - hi).max(step),
        _ => Decimal::ZERO,
    }
}

fn review(file: &str, scored: &Scored<'_>) -> Option<ReportAudit> {
    let (s, r, o) = (&*scored.scheme, &scored.report, &scored.outcome);
    let p = s.places;
    let has_self = r.has_self_scores();
    let has_confirmed = r.has_confirmed();
    if !has_self && !has_confirmed {
        return None;
    }
    let ex = Explainer::of(scored);
    let mut gaps = Vec::new();
    let (mut sum, mut inflated, mut deflated, mut compared) = (Decimal::ZERO, 0, 0, 0usize);
    for id in s.scored_units() {
        let Some(own) = r.self_scores.get(id.0 as usize).copied().flatten() else {
            continue;
        };
        let n = s.node(id);
        let score = o.node(id).score;
        // A row whose actual names its tier (达成预期指标) is not scored, but its score lies in
        // the tier's range: a self-score inside it agrees, one outside is off by the distance
        // to the nearest end.
        let tier = r
            .row(id)
            .zip(s.form.as_deref())
            .and_then(|(row, form)| crate::form::tier_scores(form, row, row.tier?));
        // A self-score given on points that were then prorated compares as prorated.
        let rescaled = r.row(id).and_then(|row| row.self_rescaled(p, s.rounding));
        let gap = match (score, &tier) {
            (Some(v), _) => Some(rescaled.unwrap_or(own) - v),
            (None, Some((_, range))) => Some(off_range(rescaled.unwrap_or(own), range, p)),
            (None, None) => None,
        };
        compared += usize::from(gap.is_some());
        if gap.is_some_and(|g| g.is_zero()) {
            continue;
        }
        if let Some(g) = gap {
            sum += g;
            if g > Decimal::ZERO {
                inflated += 1;
            } else {
                deflated += 1;
            }
        }
        let mut reason = ex.reason(id);
        if let (None, Some((name, range))) = (score, &tier) {
            reason = format!(
                "完成值写的是档次“{name}”，本行得分范围：{}，自评 {} 分不在其中",
                crate::base::quantity::range_words(range, crate::base::units::Dim::Points),
                rescaled.unwrap_or(own).normalize()
            );
        }
        if let (Some(scaled), Some(row)) = (rescaled, r.row(id)) {
            let stated = row.unit_points.unwrap_or_default().normalize();
            let head = format!(
                "自评 {} 分按原分值 {stated} 分给出，本行分值折算为 {} 分，自评折算为 {} 分",
                own.normalize(),
                n.weight.normalize(),
                fmt_points(scaled, p)
            );
            reason = if reason.is_empty() {
                head
            } else {
                format!("{head}；{reason}")
            };
        }
        if reason.is_empty() {
            // Full marks: say so, with what the ledger notes (points scaled, say).
            reason = format!("按规则得满分 {} 分", fmt_points(n.weight, p));
            let notes = ex.trace(id);
            if let Some(note) = notes.iter().find(|l| matches!(l.kind, "note" | "finding")) {
                reason.push_str(&format!("；{}", note.text));
            }
        }
        let namesakes = s.nodes.iter().filter(|m| m.name == n.name).count();
        gaps.push(Gap {
            name: n.name.clone(),
            label: if namesakes > 1 {
                n.path.join("/")
            } else {
                n.name.clone()
            },
            path: n.path.clone(),
            weight: n.weight.normalize().to_string(),
            self_score: fmt_given(own, p),
            score: score.map(|v| fmt_points(v, p)),
            gap: gap.map(|g| fmt_given_signed(g, p)),
            reason,
        });
    }
    let mut confirmed = Vec::new();
    for id in s.scored_units() {
        let Some(c) = r.confirmed.get(id.0 as usize).copied().flatten() else {
            continue;
        };
        let score = o.node(id).score;
        if score == Some(c) {
            continue;
        }
        confirmed.push(Disagreement {
            name: s.node(id).name.clone(),
            confirmed: fmt_given(c, p),
            score: score.map(|v| fmt_points(v, p)),
            difference: score.map(|v| fmt_given_signed(c - v, p)),
        });
    }
    if let Some(c) = r.confirmed_total {
        if c != o.total {
            confirmed.push(Disagreement {
                name: "总分".into(),
                confirmed: fmt_given(c, p),
                score: Some(fmt_points(o.total, p)),
                difference: Some(fmt_given_signed(c - o.total, p)),
            });
        }
    }
    let mut notes = Vec::new();
    let rescaled = s
        .scored_units()
        .filter_map(|id| r.row(id))
        .filter(|row| row.self_rescaled(p, s.rounding).is_some())
        .count();
    if rescaled > 0 {
        notes.push(format!(
            "{rescaled} 行的分值已按本类分值折算，这些行的自评按同一比例折算后与得分比较"
        ));
    }
    notes.extend(
        r.findings
            .iter()
            .filter(|f| f.kind == "self_total_mismatch")
            .map(|f| f.text.clone()),
    );
    let checked = compared > 0;
    let (sum, gap_basis) = match (checked, r.self_total) {
        (true, _) => (sum, "indicators"),
        (false, Some(t)) if o.complete => (t - o.total, "total"),
        _ => (sum, "none"),
    };
    Some(ReportAudit {
        file: file.to_string(),
        gap_basis,
        unit: r.unit.clone(),
        year: r.year,
        total: fmt_points(o.total, p),
        complete: o.complete,
        self_total: r.self_total.map(|t| t.normalize().to_string()),
        gap_total: fmt_given_signed(sum, p),
        compared,
        inflated,
        deflated,
        gaps,
        confirmed,
        notes,
        gap_value: sum,
    })
}

/// Reviews every report.
pub fn audit(scheme: String, entries: &[Entry<'_>]) -> Audit {
    let mut reports = Vec::new();
    let mut invalid = Vec::new();
    for e in entries {
        match e.result {
            Ok(scored) => reports.extend(review(&e.file, scored)),
            Err(inv) => invalid.push(InvalidRow {
                file: e.file.clone(),
                message: inv.first_message(),
            }),
        }
    }
    reports.sort_by(|a, b| {
        b.gap_value
            .cmp(&a.gap_value)
            .then_with(|| a.file.cmp(&b.file))
    });
    let ranking = reports
        .iter()
        .filter(|r| r.gap_basis != "none")
        .enumerate()
        .map(|(i, r)| Rank {
            rank: i + 1,
            unit: r.unit.clone(),
            year: r.year,
            file: r.file.clone(),
            gap_total: r.gap_total.clone(),
            inflated: r.inflated,
            basis: r.gap_basis,
        })
        .collect();
    // Each indicator (by its label) with the reports it is higher in and by how much.
    let mut hot: Vec<(String, usize, Decimal)> = Vec::new();
    for r in &reports {
        let mut counted: Vec<&str> = Vec::new();
        for g in &r.gaps {
            let Some(v) = g.gap.as_deref().and_then(|x| x.parse::<Decimal>().ok()) else {
                continue;
            };
            if v <= Decimal::ZERO {
                continue;
            }
            let new_report = !counted.contains(&g.label.as_str());
            counted.push(&g.label);
            match hot.iter_mut().find(|h| h.0 == g.label) {
                Some(h) => {
                    h.1 += usize::from(new_report);
                    h.2 += v;
                }
                None => hot.push((g.label.clone(), 1, v)),
            }
        }
    }
    hot.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)));
    let places = 2;
    let summary = Summary {
        reports: entries.len(),
        with_self_scores: entries
            .iter()
            .filter(|e| {
                e.result.as_ref().is_ok_and(|s| {
                    let r = &s.report;
                    r.has_self_scores()
                })
            })
            .count(),
        with_confirmed: entries
            .iter()
            .filter(|e| {
                e.result.as_ref().is_ok_and(|s| {
                    let r = &s.report;
                    r.has_confirmed()
                })
            })
            .count(),
        confirmed_disagree: reports.iter().filter(|r| !r.confirmed.is_empty()).count(),
        invalid: invalid.len(),
        hotspots: hot
            .into_iter()
            .map(|(name, reports, sum)| Hotspot {
                name,
                reports,
                gap_total: fmt_given_signed(sum, places),
            })
            .collect(),
    };
    Audit {
        scheme,
        summary,
        ranking,
        reports,
        invalid,
    }
}
