//! The verbatim 评价标准 against the compiled rule: the numbers the text states (100%, 0.5分,
//! 每超过5%, band ends, “（含）”) should be the numbers the rule uses.
//!
//! The text is read for numbers only, each with its unit and its role where the wording gives
//! one: the number after 每 is a step, the number in 扣N分 a deduction, a number followed by
//! （含） an end point that belongs to its band. A rule number is compared with the text's
//! numbers of the same role; a text with no number of that role says nothing about it.

use rust_decimal::Decimal;

use super::Lint;
use crate::analysis::LeafReach;
use crate::base::diag::Diag;
use crate::base::source::Span;
use crate::base::units::UnitWord;
use crate::ir::{self, Scheme};
use crate::syntax::ast::{self, Quantity, RuleKind};

/// The unit a number of the text is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// `%`, `％`, `个百分点`.
    Percent,
    /// `分`.
    Points,
    /// `万元`, `元`.
    Money,
    /// A count word (`人`, `例`, `次` …) or none.
    Plain,
}

/// Which end of its band a number marked （含） is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    /// `90%（含）以上`, `80%（含）-90%`: the band starts here.
    Lower,
    /// `100%以下（含）`, `0-10%（含）`: the band ends here.
    Upper,
}

/// A number in the text.
#[derive(Debug, Clone)]
struct Mention {
    value: Decimal,
    unit: Unit,
    /// Written after 每: a step.
    step: bool,
    /// Written as 扣N分: a deduction.
    deduct: bool,
    /// Marked （含）, with the end it is, when the wording says.
    incl: Option<Side>,
    /// Byte range in the text.
    at: (usize, usize),
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Measure words after which a Chinese numeral counts as a number (`一个百分点`, `一例`).
const MEASURES: &[&str] = &["个", "例", "次", "项", "人", "件", "家", "篇", "户", "档"];

/// Reads the numbers of a text.
fn mentions(text: &str) -> Vec<Mention> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let offset = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let rest = |k: usize| &text[offset(k)..];
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let start = k;
        // Digits with an optional fraction, ASCII or full-width.
        let mut value: Option<Decimal> = None;
        if digit(chars[k].1).is_some() {
            let mut s = String::new();
            while let Some(d) = at(k).and_then(digit) {
                s.push(char::from_digit(d, 10).unwrap_or('0'));
                k += 1;
            }
            if matches!(at(k), Some('.' | '．')) && at(k + 1).and_then(digit).is_some() {
                s.push('.');
                k += 1;
                while let Some(d) = at(k).and_then(digit) {
                    s.push(char::from_digit(d, 10).unwrap_or('0'));
                    k += 1;
                }
            }
            value = s.parse().ok();
        } else if let Some(d) = han_digit(chars[k].1).or((chars[k].1 == '十').then_some(1)) {
            // 一 … 九十九, only before a measure word: 一般, 统一 are not numbers.
            let mut n = if chars[k].1 == '十' { 10 } else { d };
            let mut j = k + 1;
            if chars[k].1 != '十' && at(j) == Some('十') {
                n *= 10;
                j += 1;
            }
            if let Some(u) = at(j).and_then(han_digit) {
                if n >= 10 {
                    n += u;
                    j += 1;
                }
            }
            if MEASURES.iter().any(|m| rest(j).starts_with(m)) {
                value = Some(Decimal::from(n));
                k = j;
            }
        }
        let Some(value) = value else {
            k += 1;
            continue;
        };
        // The unit.
        let mut unit = Unit::Plain;
        let r = rest(k);
        let mut skip = 0;
        for (word, u) in [
            ("个百分点", Unit::Percent),
            ("百分点", Unit::Percent),
            ("%", Unit::Percent),
            ("％", Unit::Percent),
            ("万元", Unit::Money),
            ("元", Unit::Money),
            ("分", Unit::Points),
        ] {
            if r.starts_with(word) {
                unit = u;
                skip = word.chars().count();
                break;
            }
        }
        if ["年", "月", "日", "号"].iter().any(|w| r.starts_with(w)) {
            // A date or a year, not a rule's number.
            k += 1;
            continue;
        }
        if unit == Unit::Plain {
            if let Some(m) = MEASURES.iter().find(|m| r.starts_with(**m)) {
                skip = m.chars().count();
            }
        }
        let end = k + skip;
        k = end;
        // 每 within a few characters before (not across a clause): a step.
        let before: String = chars[start.saturating_sub(8)..start]
            .iter()
            .map(|c| c.1)
            .collect();
        let clause = before
            .rsplit(['，', '。', '；', ',', ';', '：'])
            .next()
            .unwrap_or("");
        let deduct = unit == Unit::Points && (clause.ends_with('扣') || clause.ends_with("扣除"));
        let step = clause.contains('每') && !deduct;
        // （含） after the number, before or after 以上/以下.
        let r = rest(k);
        let incl_mark = |s: &str| {
            ["（含）", "(含)", "（含", "(含"]
                .iter()
                .find(|m| s.starts_with(**m))
                .map(|m| m.len())
        };
        let mut incl = None;
        let (mut tail, mut marked) = (r, false);
        if let Some(n) = incl_mark(tail) {
            marked = true;
            tail = &tail[n..];
        }
        let dir = if tail.starts_with("以上") || tail.starts_with("及以上") {
            Some(Side::Lower)
        } else if tail.starts_with("以下") || tail.starts_with("及以下") {
            Some(Side::Upper)
        } else {
            None
        };
        if let Some(d) = dir {
            let word = if tail.starts_with('及') { 9 } else { 6 };
            if marked || incl_mark(&tail[word..]).is_some() {
                incl = Some(d);
            }
        } else if marked {
            let range_dash = |c: char| matches!(c, '-' | '－' | '—' | '~' | '～' | '至' | '到');
            let prev = start.checked_sub(1).and_then(at);
            if tail.chars().next().is_some_and(range_dash) {
                incl = Some(Side::Lower);
            } else if prev.is_some_and(range_dash) || before.chars().any(range_dash) {
                incl = Some(Side::Upper);
            }
        }
        out.push(Mention {
            value,
            unit,
            step,
            deduct,
            incl,
            at: (offset(start), offset(end)),
        });
    }
    out
}

/// What a number of the rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Threshold,
    Step,
    PerStep,
    BandEnd,
    Points,
    Cap,
}

impl Role {
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
        // Where a mention sits in the file, when the text has no escapes to shift it.
        let raw = scheme.source_text(std.span);
        let place = |m: &Mention| -> Option<Span> {
            let inner = raw.get(1..raw.len().saturating_sub(1))?;
            (inner == std.text).then(|| {
                let start = std.span.start as usize + 1 + m.at.0;
                Span::new(std.span.file, start, start + (m.at.1 - m.at.0))
            })
        };
        let mut check = |q: &Quantity, role: Role| {
            let pool: Vec<&Mention> = ms
                .iter()
                .filter(|m| match role {
                    Role::Step => m.step,
                    Role::PerStep => m.deduct,
                    Role::Points => m.unit == Unit::Points && !m.deduct,
                    Role::Threshold | Role::BandEnd | Role::Cap => {
                        m.unit != Unit::Points && !m.step
                    }
                })
                .collect();
            if pool.iter().any(|m| matches(m, q, role)) {
                return;
            }
            // Words that state a number without digits.
            let says = |w: &str| std.text.contains(w);
            if role == Role::Points
                && ((q.value.is_zero() && (says("不得分") || says("不计分") || says("0分")))
                    || (q.value == n.weight && says("满分")))
            {
                return;
            }
            if role == Role::Threshold && q.value.is_zero() && (says("零") || says("为0")) {
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
                if let Some(s) = place(first) {
                    diag = diag.note(s, format!("标准：{}", quoted(&std.text, first)));
                }
            }
            diags.push(diag);
        };
        match &rule.kind {
            RuleKind::Threshold {
                threshold,
                step,
                per_step,
                ..
            } => {
                check(threshold, Role::Threshold);
                check(step, Role::Step);
                check(per_step, Role::PerStep);
            }
            RuleKind::PerEvent { step, per_step } => {
                check(step, Role::Step);
                check(per_step, Role::PerStep);
            }
            RuleKind::Bands(bands) => {
                // Ends at the edge of the quantity's own range (0%, 100% of a rate declared
                // [0, 100%]) need not be written in the text.
                let edges: Vec<Decimal> = reach
                    .get(k)
                    .and_then(Option::as_ref)
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
                                check(&q, Role::BandEnd);
                            }
                        }
                    }
                    check(pts, Role::Points);
                }
                inclusive(scheme, n, &std.text, &ms, bands, diags, &place);
            }
            RuleKind::Proportional { cap: Some(cap) } => check(cap, Role::Cap),
            RuleKind::Checklist { items, .. } | RuleKind::Tiers(items) => {
                for (_, q) in items {
                    check(q, Role::Points);
                }
            }
            _ => {}
        }
    }
}

/// “（含）” against the brackets of the bands.
fn inclusive(
    scheme: &Scheme,
    n: &ir::Node,
    text: &str,
    ms: &[Mention],
    bands: &[(ast::Interval, Quantity)],
    diags: &mut Vec<Diag>,
    place: &dyn Fn(&Mention) -> Option<Span>,
) {
    for m in ms {
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
        let start = text[..m.at.0]
            .rfind(['，', '。', '；', ',', ';', '\n'])
            .map_or(0, |p| {
                p + text[p..].chars().next().map_or(1, char::len_utf8)
            });
        let stop = text[m.at.1..]
            .find(['，', '。', '；', ',', ';', '\n'])
            .map_or(text.len(), |p| m.at.1 + p);
        let quote = text[start..stop].trim().to_string();
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
        if let Some(s) = place(m) {
            d = d.note(s, "含");
        }
        diags.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        mentions(text)
            .iter()
            .map(|m| {
                format!(
                    "{}{:?}{}{}{}",
                    m.value,
                    m.unit,
                    if m.step { " step" } else { "" },
                    if m.deduct { " deduct" } else { "" },
                    m.incl.map_or(String::new(), |s| format!(" {s:?}"))
                )
            })
            .collect()
    }

    #[test]
    fn reads_the_numbers_of_a_standard() {
        assert_eq!(
            show("以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。"),
            [
                "100Percent",
                "100Percent",
                "5Points",
                "1Percent step",
                "0.5Points deduct"
            ]
        );
        assert_eq!(
            show("90%（含）以上计6分；80%（含）-90%，计4分；低于70%计0分。"),
            [
                "90Percent Lower",
                "6Points",
                "80Percent Lower",
                "90Percent",
                "4Points",
                "70Percent",
                "0Points"
            ]
        );
        assert_eq!(
            show("预算控制率=0，计5分；0-10%（含），计4分；100%以下（含）计满分"),
            [
                "0Plain",
                "5Points",
                "0Plain",
                "10Percent Upper",
                "4Points",
                "100Percent Upper"
            ]
        );
        assert_eq!(
            show("每出现一例不符合要求的扣1分；一般3分；根据2015年考核"),
            ["1Plain step", "1Points deduct", "3Points"]
        );
    }
}
