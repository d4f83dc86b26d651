//! Indicators compared one by one: path, points, quantity, rule, cases, texts and scores.

use rust_decimal::Decimal;

use super::ranges::{self, ScoreFn};
use super::text::{cases_text, named_points, rule_key, rule_text, subject_text, text_change};
use super::words::{example, range_json, shape_text};
use super::{points, Change, Cx, IndicatorDiff, ItemChange, RangeDiff, ScoreRanges, Status};
use crate::base::interval::Interval;
use crate::base::quantity::{fmt_bound, fmt_points};
use crate::base::units::Dim;
use crate::ir::{Leaf, Node, Rule, Scheme};

impl<'a> Cx<'a> {
    /// The indicators that differ: those of the new scheme in its order, then those removed.
    pub(super) fn indicators(&self) -> Vec<IndicatorDiff> {
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

    /// The changes of an indicator in both schemes.
    fn node_changes(&self, o: &'a Node, n: &'a Node) -> Vec<Change> {
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

    /// The changes of a leaf in both schemes: its quantity, rule, cases and scores.
    fn leaf_changes(&self, o: &Node, ol: &'a Leaf, n: &Node, nl: &'a Leaf, out: &mut Vec<Change>) {
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

    /// Where the old and the new score differ, by value of the scored quantity.
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
        // Each side's score as its scheme rounds it (四舍五入, 去尾 or 进一).
        let old_round = |v: Decimal| self.old.rounding.round(v, self.old.places);
        let new_round = |v: Decimal| self.new.rounding.round(v, places);
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
                    old_score: of.at(x).map(|v| fmt_points(old_round(v), self.old.places)),
                    new_score: nf.at(x).map(|v| fmt_points(new_round(v), places)),
                    change: of.at(x).zip(nf.at(x)).and_then(|(a, b)| {
                        let d = new_round(b).checked_sub(old_round(a))?;
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

/// The items or levels whose points changed, were added or are gone.
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
