//! Two checked schemes compared by meaning (`jixiao diff OLD NEW`).
//!
//! Indicators are matched by name (a changed path is a move); inputs and values by name. What
//! is compared is the checked scheme, not the text: reordering, spacing, comments or a renamed
//! file are no change. Where an indicator's score as a function of its scored quantity changes
//! (its rule or its points), [`ranges`] finds the values where the two scores differ.

mod ranges;
mod indicators;
mod text;
mod words;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::analysis::Analyzer;
use crate::base::interval::Interval;
use crate::base::units::Dim;
use crate::explain::formula;
use crate::ir::{Scheme, Subject};
use text::input_text;

pub use text::{one_line, text_change};
pub use words::fmt_range_words;

/// A scheme as named in the diff.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeRef {
    /// The file as given.
    pub file: String,
    /// 方案.
    pub title: String,
    /// 年度, as written.
    pub years: String,
}

/// A header item that changed.
#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    /// 方案, 年度, 满分, 保留 or 等级.
    pub field: &'static str,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
}

/// What happened to a named thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only in the new scheme.
    Added,
    /// Only in the old scheme.
    Removed,
    /// In both, different.
    Changed,
}

/// An input or a value that was added, removed or changed.
#[derive(Debug, Clone, Serialize)]
pub struct NamedChange {
    /// Its name.
    pub name: String,
    /// What happened.
    pub status: Status,
    /// Its declaration before (type, range, description; or the formula).
    pub old: Option<String>,
    /// After.
    pub new: Option<String>,
}

/// One indicator that differs.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorDiff {
    /// Its name.
    pub name: String,
    /// Its path in the new scheme (the old one when removed).
    pub path: Vec<String>,
    /// What happened.
    pub status: Status,
    /// Its points in the new scheme (the old one when removed).
    pub weight: String,
    /// Its rule as written, for an indicator added or removed.
    pub rule: Option<String>,
    /// The changes, for an indicator in both.
    pub changes: Vec<Change>,
}

/// One change of an indicator in both schemes.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Under another indicator now.
    Moved {
        /// The old path.
        old_path: Vec<String>,
        /// The new path.
        new_path: Vec<String>,
    },
    /// 分值.
    Points {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The quantity scored is another one.
    Subject {
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The formula of the scored quantity.
    Formula {
        /// The quantity.
        value: String,
        /// Before.
        old: String,
        /// After.
        new: String,
    },
    /// The scoring rule.
    Rule {
        /// Before, as written.
        old: String,
        /// After, as written.
        new: String,
        /// Items or levels whose points changed (清单, 按等级).
        items: Vec<ItemChange>,
    },
    /// The special cases (`若 … 则 …`).
    Cases {
        /// Before, one sentence each.
        old: Vec<String>,
        /// After.
        new: Vec<String>,
    },
    /// 标准 (the rule's own words).
    Standard {
        /// Before.
        old: Option<String>,
        /// After.
        new: Option<String>,
        /// Where they differ, in one line.
        summary: String,
    },
    /// 说明.
    Explanation {
        /// Before.
        old: Option<String>,
        /// After.
        new: Option<String>,
        /// Where they differ, in one line.
        summary: String,
    },
    /// The score as a function of the scored quantity.
    Scores(ScoreRanges),
}

/// An item of a checklist or a level whose points changed.
#[derive(Debug, Clone, Serialize)]
pub struct ItemChange {
    /// The item.
    pub item: String,
    /// Points before (`None`: the item is new).
    pub old: Option<String>,
    /// Points after (`None`: the item is gone).
    pub new: Option<String>,
}

/// Where the old and the new score of an indicator differ, by value of its scored quantity.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreRanges {
    /// The scored quantity.
    pub quantity: String,
    /// Ranges where the scores differ, in order.
    pub differ: Vec<RangeDiff>,
    /// Ranges where they agree, in words.
    pub agree: Vec<RangeJson>,
    /// What the comparison leaves out (special cases, a changed formula).
    pub notes: Vec<String>,
}

/// A range of values.
#[derive(Debug, Clone, Serialize)]
pub struct RangeJson {
    /// In words: `(100%, 105%]`, `≥ 110%`.
    pub text: String,
    /// Lower end (a decimal; rates as ratios), `null` when unbounded.
    pub lo: Option<String>,
    /// Whether the lower end is included.
    pub lo_included: bool,
    /// Upper end.
    pub hi: Option<String>,
    /// Whether the upper end is included.
    pub hi_included: bool,
}

/// A range where the scores differ, with an example.
#[derive(Debug, Clone, Serialize)]
pub struct RangeDiff {
    /// The values.
    pub range: RangeJson,
    /// The old score there, as a formula in words.
    pub old: String,
    /// The new score there.
    pub new: String,
    /// A value in the range.
    pub example: String,
    /// The old score at the example.
    pub old_score: Option<String>,
    /// The new score at the example.
    pub new_score: Option<String>,
    /// New − old at the example.
    pub change: Option<String>,
}

/// Counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Whether anything differs.
    pub changed: bool,
    /// Indicators added.
    pub indicators_added: usize,
    /// Indicators removed.
    pub indicators_removed: usize,
    /// Indicators changed.
    pub indicators_changed: usize,
    /// Inputs added, removed or changed.
    pub inputs: usize,
    /// Values added, removed or changed.
    pub values: usize,
    /// Header items changed.
    pub header: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct SchemeDiff {
    /// The old scheme.
    pub old: SchemeRef,
    /// The new scheme.
    pub new: SchemeRef,
    /// Counts.
    pub summary: Summary,
    /// Header items that changed.
    pub header: Vec<FieldChange>,
    /// Inputs added, removed or changed.
    pub inputs: Vec<NamedChange>,
    /// Values (outside indicators) added, removed or changed.
    pub values: Vec<NamedChange>,
    /// Indicators that differ: those in the new scheme in its order, then those removed.
    pub indicators: Vec<IndicatorDiff>,
}

/// Compares two checked schemes; `old_file`/`new_file` are the names shown.
pub fn diff(old: &Scheme, old_file: &str, new: &Scheme, new_file: &str) -> SchemeDiff {
    let cx = Cx {
        old,
        new,
        old_an: Analyzer::new(old),
        new_an: Analyzer::new(new),
    };
    let header = cx.header();
    let inputs = cx.inputs();
    let values = cx.values();
    let indicators = cx.indicators();
    let count = |s: Status| indicators.iter().filter(|i| i.status == s).count();
    let summary = Summary {
        changed: !(header.is_empty()
            && inputs.is_empty()
            && values.is_empty()
            && indicators.is_empty()),
        indicators_added: count(Status::Added),
        indicators_removed: count(Status::Removed),
        indicators_changed: count(Status::Changed),
        inputs: inputs.len(),
        values: values.len(),
        header: header.len(),
    };
    SchemeDiff {
        old: scheme_ref(old, old_file),
        new: scheme_ref(new, new_file),
        summary,
        header,
        inputs,
        values,
        indicators,
    }
}

/// The scheme as named in the diff: its file, title and years.
fn scheme_ref(s: &Scheme, file: &str) -> SchemeRef {
    SchemeRef {
        file: file.to_string(),
        title: s.title.clone(),
        years: s.years_words(),
    }
}

/// Both schemes with their analyzers: what every comparison reads.
struct Cx<'a> {
    old: &'a Scheme,
    new: &'a Scheme,
    old_an: Analyzer<'a>,
    new_an: Analyzer<'a>,
}

/// A number of points without trailing zeros: `2.5`, `0`.
fn points(v: Decimal) -> String {
    v.normalize().to_string()
}

impl<'a> Cx<'a> {
    /// The header items that changed: 方案, 年度, 满分, 保留, 等级.
    fn header(&self) -> Vec<FieldChange> {
        let (o, n) = (self.old, self.new);
        let grades = |s: &Scheme| {
            s.grades
                .iter()
                .map(|g| match g.range == crate::base::interval::Range::ALL {
                    true => format!("{} 其余", g.name),
                    false => format!(
                        "{} {}",
                        g.name,
                        fmt_range_words(&Interval::from(g.range), Dim::Points)
                    ),
                })
                .collect::<Vec<_>>()
                .join("；")
        };
        let fields = [
            ("方案", o.title.clone(), n.title.clone()),
            ("年度", o.years_words(), n.years_words()),
            ("满分", points(o.full_marks), points(n.full_marks)),
            (
                "保留",
                format!("{} 位小数 {}", o.places, o.rounding.word()),
                format!("{} 位小数 {}", n.places, n.rounding.word()),
            ),
            ("等级", grades(o), grades(n)),
        ];
        fields
            .into_iter()
            .filter(|(_, a, b)| a != b)
            .map(|(field, old, new)| FieldChange { field, old, new })
            .collect()
    }

    /// The inputs (other than a row's own) added, removed or changed.
    fn inputs(&self) -> Vec<NamedChange> {
        let describe = |s: &Scheme, name: &str| -> Option<String> {
            let i = s.input(*s.input_names.get(name)?);
            (!i.row).then(|| input_text(i))
        };
        let names = |s: &'a Scheme| s.inputs.iter().filter(|i| !i.row).map(|i| i.name.as_str());
        named_changes(
            names(self.old),
            names(self.new),
            |n| describe(self.old, n),
            |n| describe(self.new, n),
        )
    }

    /// The values not scored by an indicator nor owned by a row kind, added, removed or
    /// changed.
    fn values(&self) -> Vec<NamedChange> {
        // Values scored by an indicator are compared with it; those of row kinds with the form.
        let own = |s: &'a Scheme| -> Vec<&'a str> {
            let mut skip: Vec<u32> = s
                .nodes
                .iter()
                .filter_map(|n| match n.leaf.as_ref()?.subject? {
                    Subject::Value(v) => Some(v.0),
                    Subject::Input(_) => None,
                })
                .collect();
            if let Some(f) = &s.form {
                skip.extend(
                    f.kinds
                        .iter()
                        .flatten()
                        .flat_map(|k| k.values.iter().map(|v| v.0)),
                );
            }
            s.values
                .iter()
                .enumerate()
                .filter(|(i, _)| !skip.contains(&(*i as u32)))
                .map(|(_, v)| v.name.as_str())
                .collect()
        };
        let text = |s: &Scheme, name: &str| {
            s.values
                .iter()
                .find(|v| v.name == name)
                .map(|v| formula(s, &v.expr))
        };
        named_changes(
            own(self.old).into_iter(),
            own(self.new).into_iter(),
            |n| text(self.old, n),
            |n| text(self.new, n),
        )
    }
}

/// Added, removed and changed names, in the new order then the removed.
fn named_changes<'n>(
    old: impl Iterator<Item = &'n str>,
    new: impl Iterator<Item = &'n str>,
    old_text: impl Fn(&str) -> Option<String>,
    new_text: impl Fn(&str) -> Option<String>,
) -> Vec<NamedChange> {
    let old: Vec<&str> = old.collect();
    let new: Vec<&str> = new.collect();
    let mut out = Vec::new();
    for n in &new {
        let b = new_text(n);
        if old.contains(n) {
            let a = old_text(n);
            if a != b {
                out.push(NamedChange {
                    name: n.to_string(),
                    status: Status::Changed,
                    old: a,
                    new: b,
                });
            }
        } else {
            out.push(NamedChange {
                name: n.to_string(),
                status: Status::Added,
                old: None,
                new: b,
            });
        }
    }
    for o in &old {
        if !new.contains(o) {
            out.push(NamedChange {
                name: o.to_string(),
                status: Status::Removed,
                old: old_text(o),
                new: None,
            });
        }
    }
    out
}
