//! The verbatim 评价标准 against the compiled rule: the numbers the text states (100%, 0.5分,
//! 每超过5%, band ends, “（含）”) should be the numbers the rule uses.
//!
//! The text is read for numbers only, each with its unit and its role where the wording gives
//! one: the number after 每 is a step, the number in 扣N分 a deduction, a number followed by
//! （含） an end point that belongs to its band. A rule number is compared with the text's
//! numbers of the same role; a text with no number of that role says nothing about it.

mod mentions;

use rust_decimal::Decimal;

use super::Lint;
use crate::analysis::LeafReach;
use crate::base::diag::Diag;
use crate::base::source::Span;
use crate::base::units::UnitWord;
use crate::ir::{self, Scheme};
use crate::syntax::ast::{self, Quantity, RuleKind};
use mentions::{mentions, Mention, Side, Unit};

/// What a number of the rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The standard value of a threshold rule.
    Threshold,
    /// The step after 每.
    Step,
    /// The points taken off per step.
    PerStep,
    /// An end of a band.
    BandEnd,
    /// The points of a band, an item or a level.
    Points,
    /// The cap of a proportional rule.
    Cap,
}

impl Role {
    /// The role in words, as the warning names it.
    fn word(self) -> &'static str {
        match self {
            Role::Threshold => "标准值",
            Role::Step => "档距",
            Role::PerStep => "每档扣分",
            Role::BandEnd => "分档端点",
            Role::Points => "分数",
            Role::Cap => "封顶比例",
        }
    }
}

/// The unit of the rule's number `q`, as the text's numbers are classed.
fn unit_of(q: &Quantity) -> Unit {
    match q.unit {
        Some(UnitWord::Percent | UnitWord::PercentPoint) => Unit::Percent,
        Some(UnitWord::Points) => Unit::Points,
        Some(UnitWord::Yuan | UnitWord::Wanyuan) => Unit::Money,
        _ => Unit::Plain,
    }
}

/// Whether a text number can be the rule's number `q`.
fn matches(m: &Mention, q: &Quantity, role: Role) -> bool {
    if m.value != q.value.abs() {
        return false;
    }
    let ru = unit_of(q);
    match role {
        Role::PerStep | Role::Points => matches!(m.unit, Unit::Points | Unit::Plain),
        _ => m.unit == ru || m.unit == Unit::Plain || (ru == Unit::Plain && m.unit != Unit::Points),
    }
}

/// The quantity as written in the rule: `0.8分`, `5%`.
fn written(q: &Quantity) -> String {
    format!(
        "{}{}",
        q.value.normalize(),
        q.unit.map_or("", UnitWord::word)
    )
}

/// The mention as written in the text.
fn quoted(text: &str, m: &Mention) -> String {
    text.get(m.at.0..m.at.1).unwrap_or_default().to_string()
}

/// Compares each indicator's 标准 with its rule.
pub fn run<'s>(
    scheme: &'s Scheme,
    reach: &[Option<LeafReach<'s>>],
    decls: &[&ast::IndicatorDecl],
    diags: &mut Vec<Diag>,
) {
    for (k, n) in scheme.nodes.iter().enumerate() {
        let (Some(leaf), Some(d)) = (&n.leaf, decls.get(k)) else {
            continue;
        };
        let (Some(std), Some(rule)) = (&d.standard, d.rules.first()) else {
            continue;
        };
        let ms = mentions(&std.text);
        if ms.is_empty() {
            continue;
        }
        let s = Standard { scheme, n, std, ms };
        let reach = reach.get(k).and_then(Option::as_ref);
        s.rule_numbers(&rule.kind, leaf, reach, diags);
    }
}

/// An indicator's 标准 with the numbers read from it.
struct Standard<'a> {
    scheme: &'a Scheme,
    /// The indicator.
    n: &'a ir::Node,
    /// Its 标准.
    std: &'a ast::Text,
    /// The numbers of the text, in order.
    ms: Vec<Mention>,
}

impl Standard<'_> {
    /// Where a mention sits in the file, when the text has no escapes to shift it.
    fn place(&self, m: &Mention) -> Option<Span> {
        let std = self.std;
        let raw = self.scheme.source_text(std.span);
        let inner = raw.get(1..raw.len().saturating_sub(1))?;
        (inner == std.text).then(|| {
            let start = std.span.start as usize + 1 + m.at.0;
            Span::new(std.span.file, start, start + (m.at.1 - m.at.0))
        })
    }

    /// Checks each number of the rule as written against the text's numbers of its role.
    fn rule_numbers(
        &self,
        rule: &RuleKind,
        leaf: &ir::Leaf,
        reach: Option<&LeafReach<'_>>,
        diags: &mut Vec<Diag>,
    ) {
        match rule {
            RuleKind::Threshold {
                threshold,
                step,
                per_step,
                ..
            } => {
                self.check(threshold, Role::Threshold, diags);
                self.check(step, Role::Step, diags);
                self.check(per_step, Role::PerStep, diags);
            }
            RuleKind::PerEvent { step, per_step } => {
                self.check(step, Role::Step, diags);
                self.check(per_step, Role::PerStep, diags);
            }
            RuleKind::Bands(bands) => {
                self.band_numbers(bands, leaf, reach, diags);
                self.inclusive(bands, diags);
            }
            RuleKind::Proportional { cap: Some(cap) } => self.check(cap, Role::Cap, diags),
            RuleKind::Checklist { items, .. } | RuleKind::Tiers(items) => {
                for (_, q) in items {
                    self.check(q, Role::Points, diags);
                }
            }
            _ => {}
        }
    }

    /// Checks the ends and the points of each band.
    fn band_numbers(
        &self,
        bands: &[(ast::Interval, Quantity)],
        leaf: &ir::Leaf,
        reach: Option<&LeafReach<'_>>,
        diags: &mut Vec<Diag>,
    ) {
        // Ends at the edge of the quantity's own range (0%, 100% of a rate declared
        // [0, 100%]) need not be written in the text.
        let edges: Vec<Decimal> = reach
            .and_then(|r| r.subject.as_ref())
            .into_iter()
            .flat_map(|s| [s.lo(), s.hi()])
            .flatten()
            .flatten()
            .map(|(v, _)| v)
            .collect();
        // The checked bands hold each end in the quantity's own unit (元 and 万元
        // converted), written and checked in the same order.
        let checked: &[ir::Band] = match &leaf.rule {
            ir::Rule::Bands(b) => b,
            _ => &[],
        };
        for ((iv, pts), band) in bands.iter().zip(checked) {
            let ends = [(iv.lo, band.range.lo), (iv.hi, band.range.hi)];
            for (written, value) in ends {
                if let (Some((q, _)), Some((v, _))) = (written, value) {
                    if !edges.contains(&v) {
                        self.check(&q, Role::BandEnd, diags);
                    }
                }
            }
            self.check(pts, Role::Points, diags);
        }
    }

    /// The text's numbers that can state a rule number of `role`.
    fn pool(&self, role: Role) -> Vec<&Mention> {
        self.ms
            .iter()
            .filter(|m| match role {
                Role::Step => m.step,
                Role::PerStep => m.deduct,
                Role::Points => m.unit == Unit::Points && !m.deduct,
                Role::Threshold | Role::BandEnd => m.unit != Unit::Points && !m.step,
                // A cap is compared only with a number the text states as one: a text that
                // names none leaves the cap unchecked, whatever else it says.
                Role::Cap => m.cap && m.unit != Unit::Points && !m.step,
            })
            .collect()
    }

    /// Whether the text states `q` in words without digits (不得分, 满分, 为0).
    fn says_in_words(&self, q: &Quantity, role: Role) -> bool {
        let says = |w: &str| self.std.text.contains(w);
        if role == Role::Points
            && ((q.value.is_zero() && (says("不得分") || says("不计分") || says("0分")))
                || (q.value == self.n.weight && says("满分")))
        {
            return true;
        }
        role == Role::Threshold && q.value.is_zero() && (says("零") || says("为0"))
    }

    /// `text-number` when the rule's number `q` is none of the text's numbers of its role.
    fn check(&self, q: &Quantity, role: Role, diags: &mut Vec<Diag>) {
        let (n, std) = (self.n, self.std);
        let pool = self.pool(role);
        if pool.iter().any(|m| matches(m, q, role)) {
            return;
        }
        if self.says_in_words(q, role) {
            return;
        }
        let Some(first) = pool.first() else {
            return;
        };
        let text = if matches!(role, Role::Step | Role::PerStep) {
            format!(
                "评价标准写的是 {}",
                pool.iter()
                    .map(|m| quoted(&std.text, m))
                    .collect::<Vec<_>>()
                    .join("、")
            )
        } else {
            "评价标准中没有这个数".to_string()
        };
        let mut diag = Diag::new(
            Lint::TextNumber {
                name: n.name.clone(),
                role: role.word(),
                rule: written(q),
                text,
            },
            q.span,
        )
        .label(format!("规则：{}", written(q)));
        if matches!(role, Role::Step | Role::PerStep) {
            if let Some(s) = self.place(first) {
                diag = diag.note(s, format!("标准：{}", quoted(&std.text, first)));
            }
        }
        diags.push(diag);
    }

    /// “（含）” against the brackets of the bands.
    fn inclusive(&self, bands: &[(ast::Interval, Quantity)], diags: &mut Vec<Diag>) {
        let (scheme, n, text) = (self.scheme, self.n, self.std.text.as_str());
        for m in &self.ms {
            let Some(side) = m.incl else {
                continue;
            };
            let end_of = |iv: &ast::Interval, side: Side| match side {
                Side::Lower => iv.lo,
                Side::Upper => iv.hi,
            };
            let hit = |iv: &ast::Interval, side: Side| {
                end_of(iv, side).filter(|(q, _)| q.value == m.value && unit_of(q) != Unit::Points)
            };
            // The band the text puts the point in; failing that, the band on the other side.
            let own = bands
                .iter()
                .find_map(|(iv, _)| hit(iv, side).map(|e| (iv, e)));
            let Some((iv, (_, included))) = own else {
                continue;
            };
            if included {
                continue;
            }
            let band = scheme
                .source_text(iv.span)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let value = quoted(text, m);
            let value = value
                .trim_end_matches(|c: char| !c.is_ascii_digit() && c != '%' && c != '％')
                .to_string();
            let quote = clause_around(text, m);
            let mut d = Diag::new(
                Lint::TextInclusive {
                    name: n.name.clone(),
                    quote,
                    value: value.clone(),
                    band,
                },
                iv.span,
            )
            .label(format!("不含 {value}"));
            if let Some(s) = self.place(m) {
                d = d.note(s, "含");
            }
            diags.push(d);
        }
    }
}

/// The clause of `text` that holds the mention, trimmed.
fn clause_around(text: &str, m: &Mention) -> String {
    let start = text[..m.at.0]
        .rfind(['，', '。', '；', ',', ';', '\n'])
        .map_or(0, |p| {
            p + text[p..].chars().next().map_or(1, char::len_utf8)
        });
    let stop = text[m.at.1..]
        .find(['，', '。', '；', ',', ';', '\n'])
        .map_or(text.len(), |p| m.at.1 + p);
    text[start..stop].trim().to_string()
}
