//! Two checked schemes compared by meaning (`jixiao diff OLD NEW`).
//!
//! Indicators are matched by name (a changed path is a move); inputs and values by name. What
//! is compared is the checked scheme, not the text: reordering, spacing, comments or a renamed
//! file are no change. Where an indicator's score as a function of its scored quantity changes
//! (its rule or its points), [`ranges`] finds the values where the two scores differ.

pub mod ranges;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::analysis::Analyzer;
use crate::base::interval::Interval;
use crate::base::quantity::{fmt_bound, fmt_points};
use crate::base::units::{Dim, UnitWord};
use crate::explain::formula;
use crate::ir::{CaseOutcome, InputKind, Leaf, Node, Rule, Scheme, Subject};
use crate::syntax::ast::{Direction, StepPolicy};
use ranges::{ScoreFn, Shape};

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

fn scheme_ref(s: &Scheme, file: &str) -> SchemeRef {
    SchemeRef {
        file: file.to_string(),
        title: s.title.clone(),
        years: s.years_words(),
    }
}

struct Cx<'a> {
    old: &'a Scheme,
    new: &'a Scheme,
    old_an: Analyzer<'a>,
    new_an: Analyzer<'a>,
}

/// Whitespace runs (line breaks and indentation of a rule written over lines) as one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn points(v: Decimal) -> String {
    v.normalize().to_string()
}

impl<'a> Cx<'a> {
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
                format!("{} 位小数", o.places),
                format!("{} 位小数", n.places),
            ),
            ("等级", grades(o), grades(n)),
        ];
        fields
            .into_iter()
            .filter(|(_, a, b)| a != b)
            .map(|(field, old, new)| FieldChange { field, old, new })
            .collect()
    }

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
                skip.extend(f.kinds.iter().flat_map(|k| k.values.iter().map(|v| v.0)));
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

    fn indicators(&self) -> Vec<IndicatorDiff> {
        let mut out = Vec::new();
        for n in &self.new.nodes {
            match self.old.node_names.get(&n.name) {
                None => out.push(IndicatorDiff {
                    name: n.name.clone(),
                    path: n.path.clone(),
                    status: Status::Added,
                    weight: points(n.weight),
                    rule: n.leaf.as_ref().map(|l| rule_text(self.new, l)),
                    changes: Vec::new(),
                }),
                Some(id) => {
                    let o = self.old.node(*id);
                    let changes = self.node_changes(o, n);
                    if !changes.is_empty() {
                        out.push(IndicatorDiff {
                            name: n.name.clone(),
                            path: n.path.clone(),
                            status: Status::Changed,
                            weight: points(n.weight),
                            rule: None,
                            changes,
                        });
                    }
                }
            }
        }
        for o in &self.old.nodes {
            if !self.new.node_names.contains_key(&o.name) {
                out.push(IndicatorDiff {
                    name: o.name.clone(),
                    path: o.path.clone(),
                    status: Status::Removed,
                    weight: points(o.weight),
                    rule: o.leaf.as_ref().map(|l| rule_text(self.old, l)),
                    changes: Vec::new(),
                });
            }
        }
        out
    }

    fn node_changes(&self, o: &Node, n: &Node) -> Vec<Change> {
        let mut out = Vec::new();
        if o.path[..o.path.len() - 1] != n.path[..n.path.len() - 1] {
            out.push(Change::Moved {
                old_path: o.path.clone(),
                new_path: n.path.clone(),
            });
        }
        if o.weight != n.weight {
            out.push(Change::Points {
                old: points(o.weight),
                new: points(n.weight),
            });
        }
        if let (Some(ol), Some(nl)) = (&o.leaf, &n.leaf) {
            self.leaf_changes(o, ol, n, nl, &mut out);
        } else if o.leaf.is_some() != n.leaf.is_some() {
            let rule = |s: &Scheme, node: &Node| {
                node.leaf
                    .as_ref()
                    .map_or_else(|| "（下级指标合计）".to_string(), |l| rule_text(s, l))
            };
            out.push(Change::Rule {
                old: rule(self.old, o),
                new: rule(self.new, n),
                items: Vec::new(),
            });
        }
        for (field, a, b) in [
            ("standard", &o.standard, &n.standard),
            ("explanation", &o.explanation, &n.explanation),
        ] {
            if a != b {
                let summary = text_change(a.as_deref().unwrap_or(""), b.as_deref().unwrap_or(""));
                let (old, new) = (a.clone(), b.clone());
                out.push(if field == "standard" {
                    Change::Standard { old, new, summary }
                } else {
                    Change::Explanation { old, new, summary }
                });
            }
        }
        out
    }

    fn leaf_changes(&self, o: &Node, ol: &Leaf, n: &Node, nl: &Leaf, out: &mut Vec<Change>) {
        let (os, ns) = (
            subject_text(self.old, ol.subject),
            subject_text(self.new, nl.subject),
        );
        let mut formula_changed = false;
        match (&os, &ns) {
            (Some((on, of)), Some((nn, nf))) if on == nn => {
                if of != nf {
                    formula_changed = true;
                    out.push(Change::Formula {
                        value: nn.clone(),
                        old: of.clone().unwrap_or_else(|| format!("{on}（输入）")),
                        new: nf.clone().unwrap_or_else(|| format!("{nn}（输入）")),
                    });
                }
            }
            (None, None) => {}
            _ => {
                formula_changed = true;
                let show = |s: &Option<(String, Option<String>)>| match s {
                    Some((name, Some(f))) => format!("{name} = {f}"),
                    Some((name, None)) => name.clone(),
                    None => "（无）".into(),
                };
                out.push(Change::Subject {
                    old: show(&os),
                    new: show(&ns),
                });
            }
        }
        let (ok, nk) = (rule_key(self.old, &ol.rule), rule_key(self.new, &nl.rule));
        if ok != nk {
            out.push(Change::Rule {
                old: rule_text(self.old, ol),
                new: rule_text(self.new, nl),
                items: item_changes(self.old, &ol.rule, self.new, &nl.rule),
            });
        }
        let (oc, nc) = (cases_text(self.old, ol), cases_text(self.new, nl));
        if oc != nc {
            out.push(Change::Cases {
                old: oc.clone(),
                new: nc.clone(),
            });
        }
        if (ok != nk || o.weight != n.weight)
            && ScoreFn::numeric(&ol.rule)
            && ScoreFn::numeric(&nl.rule)
        {
            if let Some(r) = self.score_ranges(o, ol, n, nl, formula_changed, !nc.is_empty()) {
                out.push(Change::Scores(r));
            }
        }
    }

    fn score_ranges(
        &self,
        o: &Node,
        ol: &'a Leaf,
        n: &Node,
        nl: &'a Leaf,
        formula_changed: bool,
        has_cases: bool,
    ) -> Option<ScoreRanges> {
        let dim = self.new_an.subject_dim(nl);
        let old_dim = self.old_an.subject_dim(ol);
        let name = subject_text(self.new, nl.subject).map_or_else(|| n.name.clone(), |(s, _)| s);
        let mut notes = Vec::new();
        if dim != old_dim {
            notes.push(format!(
                "计分的值单位不同（旧：{}，新：{}），无法按取值比较",
                old_dim.describe(),
                dim.describe()
            ));
            return Some(ScoreRanges {
                quantity: name,
                differ: Vec::new(),
                agree: Vec::new(),
                notes,
            });
        }
        let reach_o = self.old_an.leaf(ol, o.weight);
        let reach_n = self.new_an.leaf(nl, n.weight);
        let (domain, int) = match (reach_o.subject, reach_n.subject) {
            (Some(a), Some(b)) => {
                let u = a.union(&b);
                (u.hull().unwrap_or(Interval::ALL), a.is_int() && b.is_int())
            }
            (Some(a), None) | (None, Some(a)) => (a.hull().unwrap_or(Interval::ALL), a.is_int()),
            (None, None) => (Interval::ALL, false),
        };
        let of = ScoreFn {
            rule: &ol.rule,
            weight: o.weight,
        };
        let nf = ScoreFn {
            rule: &nl.rule,
            weight: n.weight,
        };
        let (differ, agree) = ranges::compare(of, nf, domain, int);
        let places = self.new.places;
        let unit = if dim == Dim::Ratio {
            Decimal::ONE_HUNDRED
        } else {
            Decimal::ONE
        };
        let differ = differ
            .into_iter()
            .map(|p| {
                let mut x = example(&p.range, unit);
                if int && !x.fract().is_zero() {
                    x = x.ceil();
                }
                RangeDiff {
                    range: range_json(&p.range, dim),
                    old: shape_text(p.old, of, dim, &name, x),
                    new: shape_text(p.new, nf, dim, &name, x),
                    example: fmt_bound(x, dim),
                    old_score: of.at(x).map(|v| fmt_points(v, self.old.places)),
                    new_score: nf.at(x).map(|v| fmt_points(v, places)),
                    change: of.at(x).zip(nf.at(x)).and_then(|(a, b)| {
                        let d = crate::base::number::round(b, places)
                            .checked_sub(crate::base::number::round(a, places))?;
                        Some(crate::base::quantity::fmt_signed(d, places))
                    }),
                }
            })
            .collect();
        if formula_changed {
            notes.push(format!(
                "`{name}` 的算法也改变了，以上按新旧方案各自算出的值比较"
            ));
        }
        if has_cases {
            notes.push("特殊情形（若 … 则 …）先于规则判断，不在以上比较之内".into());
        }
        Some(ScoreRanges {
            quantity: name,
            differ,
            agree: agree.iter().map(|r| range_json(r, dim)).collect(),
            notes,
        })
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

fn input_text(i: &crate::ir::Input) -> String {
    let mut s = match &i.kind {
        InputKind::Checklist(items) => format!("清单 {{ {} }}", items.join("，")),
        InputKind::Tier(levels) => format!("等级 {{ {} }}", levels.join("，")),
        InputKind::Reviewer => format!(
            "评审打分 {}",
            fmt_range_words(&Interval::from(i.range), Dim::Points)
        ),
        k @ InputKind::Number(d) => {
            let mut s = k.describe();
            if i.range != crate::base::interval::Range::non_negative() {
                s.push_str(&format!(
                    "，{}",
                    fmt_range_words(&Interval::from(i.range), *d)
                ));
            }
            s
        }
        k => k.describe(),
    };
    if let Some(d) = &i.desc {
        s.push_str(&format!("，“{d}”"));
    }
    s
}

/// The scored quantity's name and, for a derived value, its formula followed by the
/// formulas of the values it reads (`实有人数 ÷ 编制数；实有人数 = 在职人员数 − 借调人数`), so
/// that a change anywhere below the quantity shows.
fn subject_text(s: &Scheme, subject: Option<Subject>) -> Option<(String, Option<String>)> {
    match subject? {
        Subject::Value(v) => {
            let value = s.value(v);
            let mut text = formula(s, &value.expr);
            let mut deps = Vec::new();
            crate::explain::value_deps(s, &value.expr, &mut deps);
            for d in deps {
                let d = s.value(d);
                text.push_str(&format!("；{} = {}", d.name, formula(s, &d.expr)));
            }
            Some((value.name.clone(), Some(text)))
        }
        Subject::Input(i) => Some((s.input(i).name.clone(), None)),
    }
}

/// The rule as written, on one line.
fn rule_text(s: &Scheme, l: &Leaf) -> String {
    one_line(s.source_text(l.rule_span))
}

/// The rule's meaning, with names instead of ids and numbers normalized.
fn rule_key(s: &Scheme, r: &Rule) -> String {
    let d = |v: Decimal| v.normalize().to_string();
    let range = |r: &crate::base::interval::Range| format!("{:?}", Interval::from(*r));
    match r {
        Rule::Threshold(t) => format!(
            "threshold {:?} {} {} {} {:?} {}",
            t.dir,
            d(t.threshold),
            d(t.step),
            d(t.per_step),
            t.policy,
            d(t.floor)
        ),
        Rule::Bands(bands) => {
            let parts: Vec<String> = bands
                .iter()
                .map(|b| format!("{} {}", range(&b.range), d(b.points)))
                .collect();
            format!("bands {}", parts.join("; "))
        }
        Rule::Proportional { cap } => format!("proportional {}", d(*cap)),
        Rule::PerEvent { step, per_step } => format!("per-event {} {}", d(*step), d(*per_step)),
        Rule::Checklist { input, .. } | Rule::Tiers { input, .. } => {
            let items: Vec<String> = named_points(s, r)
                .into_iter()
                .map(|(n, p)| format!("{n} {}", d(p)))
                .collect();
            format!("items {} {}", s.input(*input).name, items.join("; "))
        }
        Rule::Reviewer { input } => format!("reviewer {}", s.input(*input).name),
    }
}

/// The items of a checklist or the levels of a tier rule, with their points.
fn named_points(s: &Scheme, r: &Rule) -> Vec<(String, Decimal)> {
    let (input, points) = match r {
        Rule::Checklist { input, points } | Rule::Tiers { input, points } => (input, points),
        _ => return Vec::new(),
    };
    let names = match &s.input(*input).kind {
        InputKind::Checklist(n) | InputKind::Tier(n) => n.clone(),
        _ => Vec::new(),
    };
    names.into_iter().zip(points.iter().copied()).collect()
}

fn item_changes(old: &Scheme, or: &Rule, new: &Scheme, nr: &Rule) -> Vec<ItemChange> {
    let (a, b) = (named_points(old, or), named_points(new, nr));
    let find = |v: &[(String, Decimal)], n: &str| v.iter().find(|(x, _)| x == n).map(|(_, p)| *p);
    let mut out = Vec::new();
    for (n, p) in &b {
        let was = find(&a, n);
        if was != Some(*p) {
            out.push(ItemChange {
                item: n.clone(),
                old: was.map(points),
                new: Some(points(*p)),
            });
        }
    }
    for (n, p) in &a {
        if find(&b, n).is_none() {
            out.push(ItemChange {
                item: n.clone(),
                old: Some(points(*p)),
                new: None,
            });
        }
    }
    out
}

fn cases_text(s: &Scheme, l: &Leaf) -> Vec<String> {
    l.cases
        .iter()
        .map(|c| {
            let outcome = match c.outcome {
                CaseOutcome::NotApplicable => "不适用（按满分）".to_string(),
                CaseOutcome::Full => "满分".to_string(),
                CaseOutcome::Points(p) => format!("{} 分", points(p)),
            };
            let reason = c
                .reason
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            format!("若 {} 则 {outcome}{reason}", formula(s, &c.cond))
        })
        .collect()
}

/// A piece's score in words: `5 − 0.5 × 超出的百分点数`, `0 分`, `8 × 重点工作完成率`.
fn shape_text(shape: Shape, f: ScoreFn<'_>, dim: Dim, name: &str, at: Decimal) -> String {
    match shape {
        Shape::None => "不落在任何一档（不计分）".into(),
        Shape::Affine { m, c } if m.is_zero() => format!("{} 分", points(c)),
        Shape::Affine { m, c } => {
            let w = points(f.weight);
            match f.rule {
                Rule::Threshold(t) => {
                    let part = match (t.dir, at < t.threshold) {
                        (Direction::Above, _) | (Direction::Either, false) => "超出",
                        (Direction::Below, _) | (Direction::Either, true) => "低于",
                    };
                    let per = points(t.per_step);
                    let pp = dim == Dim::Ratio
                        && (t.step_unit == Some(UnitWord::PercentPoint)
                            || t.step == Decimal::new(1, 2));
                    let how = match t.policy {
                        StepPolicy::Proportional => "",
                        StepPolicy::FullSteps => "（满档数）",
                        StepPolicy::AnyPart => "（不足一档按一档）",
                    };
                    if pp && t.step == Decimal::new(1, 2) {
                        format!("{w} − {per} × {part}的百分点数{how}")
                    } else {
                        format!("{w} − {per} × {part}部分 ÷ {}{how}", fmt_bound(t.step, dim))
                    }
                }
                Rule::Proportional { .. } => format!("{w} × {name}"),
                _ => format!("{} + {} × {name}", points(c), points(m)),
            }
        }
    }
}

/// A value well inside a range (its middle, rounded to few digits), or its only value.
fn example(r: &Interval, unit: Decimal) -> Decimal {
    match (r.lo, r.hi) {
        (Some((l, true)), Some((h, true))) if l == h => l,
        (lo, hi) => Interval {
            lo: lo.map(|(v, _)| (v, false)),
            hi: hi.map(|(v, _)| (v, false)),
        }
        .example(unit),
    }
}

fn range_json(r: &Interval, dim: Dim) -> RangeJson {
    RangeJson {
        text: fmt_range_words(r, dim),
        lo: r.lo.map(|(v, _)| v.normalize().to_string()),
        lo_included: r.lo.is_some_and(|(_, c)| c),
        hi: r.hi.map(|(v, _)| v.normalize().to_string()),
        hi_included: r.hi.is_some_and(|(_, c)| c),
    }
}

/// A range in words: `(100%, 105%]`, `≤ 100%`, `≥ 110%`, `= 0例`, `任何值`.
pub fn fmt_range_words(r: &Interval, dim: Dim) -> String {
    let b = |v: Decimal| fmt_bound(v, dim);
    match (r.lo, r.hi) {
        (None, None) => "任何值".into(),
        (None, Some((h, c))) => format!("{} {}", if c { "≤" } else { "<" }, b(h)),
        (Some((l, c)), None) => format!("{} {}", if c { "≥" } else { ">" }, b(l)),
        (Some((l, true)), Some((h, true))) if l == h => format!("= {}", b(l)),
        (Some((l, lc)), Some((h, hc))) => format!(
            "{}{}, {}{}",
            if lc { "[" } else { "(" },
            b(l),
            b(h),
            if hc { "]" } else { ")" }
        ),
    }
}

/// Where two texts differ, in one line: the words around the change and the change in 【】.
pub fn text_change(old: &str, new: &str) -> String {
    const CONTEXT: usize = 10;
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    let before: String = a[pre.saturating_sub(CONTEXT)..pre].iter().collect();
    let after: String = a[a.len() - suf..(a.len() - suf + CONTEXT.min(suf))]
        .iter()
        .collect();
    let gone: String = a[pre..a.len() - suf].iter().collect();
    let came: String = b[pre..b.len() - suf].iter().collect();
    let mid = match (gone.is_empty(), came.is_empty()) {
        (true, _) => format!("【增：{}】", one_line(&came)),
        (_, true) => format!("【删：{}】", one_line(&gone)),
        _ => format!("【{} → {}】", one_line(&gone), one_line(&came)),
    };
    format!(
        "{}{}{mid}{}{}",
        if pre > CONTEXT { "…" } else { "" },
        one_line(&before),
        one_line(&after),
        if suf > CONTEXT { "…" } else { "" }
    )
}
