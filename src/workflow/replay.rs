//! Replaying past reports under two schemes (`jixiao replay OLD NEW DIR...`): per report the
//! old and the new total, the change and any grade change; a summary of how many move, by how
//! much, and which indicators cause the movement.
//!
//! Arithmetic: totals and their changes lie within ±10¹³ (scores within
//! ±[`MAX_POINTS`](crate::check::MAX_POINTS)); summed over any batch they stay below 10²⁵.

use std::collections::HashMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::quantity::{fmt_points, fmt_signed};
use crate::eval::Scored;
use crate::workflow::batch::Invalid;

/// A scheme as named in the replay.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeRef {
    /// The file or folder as given.
    pub file: String,
    /// Its years, in words (for a folder: the years of its schemes).
    pub years: String,
}

/// One report's result under each scheme: scored (with the table it was scored on), or why
/// not.
pub struct Entry<'a> {
    /// The report file.
    pub file: String,
    /// Under the old scheme.
    pub old: &'a Result<Scored<'a>, Invalid>,
    /// Under the new scheme.
    pub new: &'a Result<Scored<'a>, Invalid>,
}

/// An indicator whose score moved in a report.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorMove {
    /// The indicator.
    pub name: String,
    /// Its old score (`null`: not in the old scheme, or unscored).
    pub old: Option<String>,
    /// Its new score.
    pub new: Option<String>,
    /// New − old (a missing score counts as 0, as in the totals).
    pub change: String,
    /// `added` (only in the new scheme), `deleted` (only in the old), or `null` (in both).
    pub only: Option<&'static str>,
}

impl IndicatorMove {
    /// A side as a page shows it: the score, `—` when unscored, or that the indicator is not in
    /// that scheme (`旧方案无此指标`, `新方案已删除`).
    pub fn side(&self, new: bool) -> String {
        match (new, self.only, if new { &self.new } else { &self.old }) {
            (false, Some("added"), _) => "旧方案无此指标".into(),
            (true, Some("deleted"), _) => "新方案已删除".into(),
            (_, _, Some(v)) => v.clone(),
            (_, _, None) => "—".into(),
        }
    }
}

/// One report compared.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    /// The file.
    pub file: String,
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// Old total.
    pub old_total: String,
    /// New total.
    pub new_total: String,
    /// New − old.
    pub change: String,
    /// Old grade (`null`: none, data incomplete).
    pub old_grade: Option<String>,
    /// New grade.
    pub new_grade: Option<String>,
    /// Whether the grade differs.
    pub grade_changed: bool,
    /// Every indicator scored under the old scheme.
    pub old_complete: bool,
    /// Every indicator scored under the new scheme.
    pub new_complete: bool,
    /// The indicators that moved, largest first.
    pub indicators: Vec<IndicatorMove>,
    #[serde(skip)]
    change_value: Decimal,
}

/// A report that could not be compared.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidRow {
    /// The file.
    pub file: String,
    /// `old`, `new` or `both`: under which scheme it is invalid.
    pub under: &'static str,
    /// The first error.
    pub message: String,
}

/// An indicator's part in the movement.
#[derive(Debug, Clone, Serialize)]
pub struct Cause {
    /// The indicator.
    pub name: String,
    /// Its share of all movement (Σ |change| over reports and indicators), as `41.2%`.
    pub share: String,
    /// Σ |change| over reports.
    pub moved: String,
    /// Mean change per compared report (signed).
    pub mean_change: String,
    /// Reports in which it moved.
    pub reports: usize,
}

/// The largest change.
#[derive(Debug, Clone, Serialize)]
pub struct Largest {
    /// The file.
    pub file: String,
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// New − old.
    pub change: String,
}

/// Counts and means.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Reports read.
    pub reports: usize,
    /// Reports valid under both schemes.
    pub compared: usize,
    /// Compared reports whose total did not change.
    pub unchanged: usize,
    /// Compared reports whose grade changed.
    pub grade_changed: usize,
    /// Compared reports incomplete under either scheme.
    pub incomplete: usize,
    /// Reports skipped as invalid.
    pub invalid: usize,
    /// Mean change of the total.
    pub mean_change: Option<String>,
    /// The largest change (by size).
    pub largest: Option<Largest>,
    /// The indicators that cause the movement, largest share first.
    pub causes: Vec<Cause>,
}

/// The whole replay.
#[derive(Debug, Clone, Serialize)]
pub struct Replay {
    /// The old scheme.
    pub old: SchemeRef,
    /// The new scheme.
    pub new: SchemeRef,
    /// The summary.
    pub summary: Summary,
    /// The reports compared, largest change first.
    pub reports: Vec<ReportRow>,
    /// The reports skipped.
    pub invalid: Vec<InvalidRow>,
}

/// The scored units of a report, by name, in table order.
fn unit_scores(scored: &Scored<'_>) -> Vec<(String, Option<Decimal>)> {
    let s = &scored.scheme;
    s.scored_units()
        .map(|id| (s.node(id).name.clone(), scored.outcome.node(id).score))
        .collect()
}

/// Compares every report; `places` is the number of decimals shown.
pub fn replay(old: SchemeRef, new: SchemeRef, entries: &[Entry<'_>], places: u32) -> Replay {
    let mut rows = Vec::new();
    let mut invalid = Vec::new();
    let mut causes = Causes::default();
    for e in entries {
        match (e.old, e.new) {
            (Ok(o), Ok(n)) => rows.push(compare(&e.file, o, n, places, &mut causes)),
            (a, b) => {
                let (under, inv) = match (a, b) {
                    (Err(x), Err(_)) => ("both", x),
                    (Err(x), _) => ("old", x),
                    (_, Err(x)) => ("new", x),
                    _ => continue,
                };
                invalid.push(InvalidRow {
                    file: e.file.clone(),
                    under,
                    message: inv.first_message(),
                });
            }
        }
    }
    rows.sort_by(|a, b| {
        b.change_value
            .abs()
            .cmp(&a.change_value.abs())
            .then_with(|| a.file.cmp(&b.file))
    });
    let summary = summary(entries.len(), &rows, invalid.len(), causes, places);
    Replay {
        old,
        new,
        summary,
        reports: rows,
        invalid,
    }
}

/// What moved the scores, by indicator: Σ |change|, Σ change and reports moved, in the order
/// first seen.
#[derive(Default)]
struct Causes {
    list: Vec<(String, Decimal, Decimal, usize)>,
    at: HashMap<String, usize>,
}

impl Causes {
    fn add(&mut self, name: &str, d: Decimal) {
        let list = &mut self.list;
        let at = *self.at.entry(name.to_string()).or_insert_with(|| {
            list.push((name.to_string(), Decimal::ZERO, Decimal::ZERO, 0));
            list.len() - 1
        });
        let c = &mut list[at];
        c.1 += d.abs();
        c.2 += d;
        c.3 += 1;
    }
}

/// One report under both schemes: totals, grades, and the indicators that moved (largest
/// first), each added to `causes`.
fn compare(
    file: &str,
    old: &Scored<'_>,
    new: &Scored<'_>,
    p: u32,
    causes: &mut Causes,
) -> ReportRow {
    let (oo, no, nr) = (&old.outcome, &new.outcome, &new.report);
    let old_scores = unit_scores(old);
    let new_scores = unit_scores(new);
    let mut names: Vec<&str> = new_scores.iter().map(|(n, _)| n.as_str()).collect();
    for (n, _) in &old_scores {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    let find = |v: &[(String, Option<Decimal>)], n: &str| {
        v.iter().find(|(x, _)| x == n).and_then(|(_, s)| *s)
    };
    let has = |v: &[(String, Option<Decimal>)], n: &str| v.iter().any(|(x, _)| x == n);
    let mut moves: Vec<(Decimal, IndicatorMove)> = Vec::new();
    for name in names {
        let (a, b) = (find(&old_scores, name), find(&new_scores, name));
        let d = b.unwrap_or_default() - a.unwrap_or_default();
        if d.is_zero() {
            continue;
        }
        causes.add(name, d);
        moves.push((
            d,
            IndicatorMove {
                name: name.to_string(),
                old: a.map(|v| fmt_points(v, p)),
                new: b.map(|v| fmt_points(v, p)),
                change: fmt_signed(d, p),
                only: match (has(&old_scores, name), has(&new_scores, name)) {
                    (false, _) => Some("added"),
                    (_, false) => Some("deleted"),
                    _ => None,
                },
            },
        ));
    }
    moves.sort_by_key(|m| std::cmp::Reverse(m.0.abs()));
    let grade = |s: &Scored<'_>| s.outcome.grade.map(|g| s.scheme.grades[g].name.clone());
    let (og, ng) = (grade(old), grade(new));
    let change = no.total - oo.total;
    ReportRow {
        file: file.to_string(),
        unit: nr.unit.clone(),
        year: nr.year,
        old_total: fmt_points(oo.total, p),
        new_total: fmt_points(no.total, p),
        change: fmt_signed(change, p),
        grade_changed: og != ng,
        old_grade: og,
        new_grade: ng,
        old_complete: oo.complete,
        new_complete: no.complete,
        indicators: moves.into_iter().map(|(_, m)| m).collect(),
        change_value: change,
    }
}

/// The counts, the mean and largest change, and the causes with their shares.
fn summary(reports: usize, rows: &[ReportRow], invalid: usize, causes: Causes, p: u32) -> Summary {
    let compared = rows.len();
    let mut causes = causes.list;
    let all: Decimal = causes.iter().map(|c| c.1).sum();
    causes.sort_by_key(|c| std::cmp::Reverse(c.1));
    let causes: Vec<Cause> = causes
        .into_iter()
        .map(|(name, abs, sum, reports)| Cause {
            share: percent(abs, all),
            moved: fmt_points(abs, p),
            mean_change: fmt_signed(sum / Decimal::from(compared.max(1)), p),
            reports,
            name,
        })
        .collect();
    Summary {
        reports,
        compared,
        unchanged: rows.iter().filter(|r| r.change_value.is_zero()).count(),
        grade_changed: rows.iter().filter(|r| r.grade_changed).count(),
        incomplete: rows
            .iter()
            .filter(|r| !r.old_complete || !r.new_complete)
            .count(),
        invalid,
        mean_change: (compared > 0).then(|| {
            let sum: Decimal = rows.iter().map(|r| r.change_value).sum();
            fmt_signed(sum / Decimal::from(compared), p)
        }),
        largest: rows.first().map(|r| Largest {
            file: r.file.clone(),
            unit: r.unit.clone(),
            year: r.year,
            change: r.change.clone(),
        }),
        causes,
    }
}

/// `part / all` as a percentage with one decimal.
fn percent(part: Decimal, all: Decimal) -> String {
    if all.is_zero() {
        return "0.0%".into();
    }
    format!(
        "{}%",
        // part ≤ all: the share is at most 1, and 100 times it at most 100.
        crate::base::number::round(part / all * Decimal::ONE_HUNDRED, 1)
    )
}
