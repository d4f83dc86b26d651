//! Rules recognised from the wording of a 评价标准. Each recogniser reads one family of
//! wordings through tables of words, so that a county's wording is added as a line and tested
//! as a case file (`tests/cases/draft/`):
//!
//! - `step.rs`: thresholds with per-step deductions (每超过一个百分点扣0.5分, 扣完为止);
//! - `bands.rs`: bands (90%（含）以上计6分；80%（含）-90%计4分 …; =0 计5分), their conditions
//!   read by `bound.rs`;
//! - `items.rs`: checklists (①…2分；②…2分; 每少一项扣1分) and tiers (较好6分；一般3分);
//! - `other.rs`: per-event deductions (每出现一例扣1分), proportional scores (按完成比例计分),
//!   reviewer's scores (酌情扣分);
//! - `cases.rs`: sentences that set a case apart (没有…的部门按满分计算; …的，本项不得分).
//!
//! A wording that leaves something open is never written as a rule: it is a part with a
//! question whose readings are the complete rule lines to choose from.

mod bands;
mod bound;
mod cases;
mod items;
mod other;
mod step;

use rust_decimal::Decimal;

pub use bound::MORE_BOUND_WORDS;
pub use cases::{NA_WORDS, ZERO_WORDS};
pub use items::TIER_WORDS;
pub use other::{EVENT_WORDS, PROPORTIONAL_WORDS, REVIEWER_WORDS};
pub use step::{POLICY_WORDS, STEP_WORDS};

/// The leaf a 评价标准 belongs to, as far as its rule needs it.
#[derive(Debug, Clone)]
pub struct Leaf<'a> {
    /// The 评价标准, verbatim.
    pub standard: &'a str,
    /// The leaf's points (`10` when the table wrote none).
    pub points: Decimal,
    /// The leaf's name as the draft writes it: the name of its own input when a rule needs
    /// one (a checklist's items, a tier, a reviewer's score).
    pub name: &'a str,
    /// The range the scored quantity can take, where its name tells (满意度: 0 to 100%), in
    /// percent.
    pub range: Option<(Decimal, Decimal)>,
}

/// One thing the wording gave: a rule or a case, decided or with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The words it was read from.
    pub phrase: String,
    /// What is left to decide (the readings differ in it); empty when the wording decides
    /// everything, and the one reading is written as it is.
    pub question: String,
    /// Each complete scheme text (one or more lines: cases, a rule).
    pub readings: Vec<String>,
    /// How the wording was read where a reader would ask (written as a comment).
    pub note: Option<String>,
}

impl Part {
    /// A part the wording decides.
    fn decided(phrase: &str, text: String) -> Part {
        Part {
            phrase: phrase.to_string(),
            question: String::new(),
            readings: vec![text],
            note: None,
        }
    }
}

/// What the wording of a 评价标准 gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recognised {
    /// Cases first (`若 … 则 …`), then the rule; each decided or asked.
    pub parts: Vec<Part>,
    /// The rule scores an input of its own (named [`Leaf::name`], or `value_name`), of this
    /// type: `清单 { … }`, `等级 { … }`, `评审打分 [0, 3]`, `例`.
    pub value_type: Option<String>,
    /// The name of that input when it is not the leaf's (a count of events).
    pub value_name: Option<String>,
    /// Further inputs the cases read, as declared after `输入 `.
    pub inputs: Vec<String>,
    /// Whether a rule was recognised (and not only cases).
    pub rule: bool,
}

/// The rule and cases read from a leaf's 评价标准; `None` when neither a rule nor a case is
/// recognised. The rule recognisers are tried in order; the first that reads the text (its
/// cases taken out) gives the rule.
pub fn recognise(leaf: &Leaf) -> Option<Recognised> {
    // Blanks inside a wording (`每超过 1% 扣 1 分`) say nothing; line breaks cut clauses.
    let compact: String = leaf
        .standard
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\u{3000}' | '\r'))
        .collect();
    let (case_parts, inputs, rest) = cases::take(&compact);
    let rest_leaf = Leaf {
        standard: &rest,
        ..leaf.clone()
    };
    let recognisers: [fn(&Leaf) -> Option<Recognised>; 7] = [
        step::per_step,
        bands::bands,
        items::checklist,
        other::per_event,
        items::tiers,
        other::proportional,
        other::reviewer,
    ];
    let rule = recognisers.iter().find_map(|r| r(&rest_leaf));
    if rule.is_none() && case_parts.is_empty() {
        return None;
    }
    let mut out = rule.map_or_else(Recognised::default, |r| Recognised { rule: true, ..r });
    let mut parts = case_parts;
    parts.append(&mut out.parts);
    out.parts = parts;
    out.inputs.extend(inputs);
    Some(out)
}

/// The wording left once its cases are taken out: what an unrecognised rule's question quotes.
pub fn without_cases(standard: &str) -> String {
    let (parts, _, rest) = cases::take(standard);
    if parts.is_empty() {
        standard.trim().to_string()
    } else {
        rest
    }
}

/// A number written at the start of `s` (ASCII or full-width digits, a point), with the rest.
fn number(s: &str) -> Option<(String, &str)> {
    let mut n = String::new();
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let d = match c {
            '0'..='9' => c,
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            // One point at most: `1.5.5` is no number.
            '.' | '．' if !n.contains('.') => '.',
            _ => break,
        };
        n.push(d);
        end = i + c.len_utf8();
    }
    (!n.is_empty() && !n.ends_with('.')).then(|| (n, &s[end..]))
}

/// Chinese numerals a count may be written in (`一个百分点`, `每出现一例`).
const NUMERALS: &[(&str, &str)] = &[
    ("一", "1"),
    ("两", "2"),
    ("二", "2"),
    ("三", "3"),
    ("四", "4"),
    ("五", "5"),
    ("十", "10"),
];

/// A number at the start of `s`, in digits or one Chinese numeral.
fn count(s: &str) -> Option<(String, &str)> {
    number(s).or_else(|| {
        NUMERALS
            .iter()
            .find(|(w, _)| s.starts_with(w))
            .map(|(w, n)| (n.to_string(), &s[w.len()..]))
    })
}

/// Words that say something more about the score than a rule form holds (a veto, a grade
/// moved, an exception, a reviewer's say, points added): beside a recognised rule they make the
/// whole wording a question, so that nothing is read in half.
pub const OTHER_SCORING: &[&str] = &[
    "否决",
    "资格",
    "等级",
    "降档",
    "除外",
    "酌情",
    "视情况",
    "视情节",
    "加分",
    "加扣",
    "可加",
    "另加",
    "倒扣",
    "不计分",
];

/// `n` as a decimal (`0.5`), when it is one.
fn decimal(n: &str) -> Option<Decimal> {
    n.parse().ok()
}

/// The clauses of a wording: cut at `；` `;` `。` and line breaks, trimmed, empty ones left out.
fn clauses(text: &str) -> Vec<&str> {
    text.split(['；', ';', '。', '\n'])
        .map(|c| c.trim().trim_end_matches(['，', ',', '、']).trim())
        .filter(|c| !c.is_empty())
        .collect()
}

/// The score a clause ends with: `计5分`, `得5分`, `，5分`, `5分`, `不得分`, `计满分`, and the
/// clause before it; `None` when the clause does not end with a score. `满分` is `full`.
fn score_at_end(clause: &str, full: Decimal) -> Option<(Decimal, &str)> {
    let c = clause
        .trim_end_matches(['。', '，', ',', '；', ';', '）', ')'])
        .trim_end();
    for (w, v) in [
        ("不得分", Decimal::ZERO),
        ("不计分", Decimal::ZERO),
        ("计满分", full),
        ("得满分", full),
        ("记满分", full),
        ("给满分", full),
        ("为满分", full),
    ] {
        if let Some(before) = c.strip_suffix(w) {
            return Some((v, before));
        }
    }
    let c = c.strip_suffix('分')?;
    // The number ends the clause: read it backwards to its first digit.
    let start = c
        .char_indices()
        .rev()
        .take_while(|(_, ch)| ch.is_ascii_digit() || ('０'..='９').contains(ch) || *ch == '.')
        .last()
        .map(|(i, _)| i)?;
    let (n, _) = number(&c[start..])?;
    let before = c[..start].trim_end_matches(['（', '(']);
    // `扣3分` is a deduction, not the points a clause gives (`发生事故扣3分`).
    if ["扣", "扣除", "扣减", "减", "加", "加计"]
        .iter()
        .any(|w| before.ends_with(w))
    {
        return None;
    }
    let before = ["计", "得", "记", "给", "为"]
        .iter()
        .find_map(|w| before.strip_suffix(w))
        .map_or(before, |b| b)
        .trim_end_matches(['，', ',', '：', ':', ' '])
        .trim_end();
    Some((decimal(&n)?, before))
}

/// Points as the language writes them: `5分`, `0.5分`.
fn pts(p: Decimal) -> String {
    format!("{}分", p.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_read_from_the_end_of_a_clause() {
        let full = Decimal::from(6);
        assert_eq!(
            score_at_end("90%（含）以上计6分", full),
            Some((full, "90%（含）以上"))
        );
        assert_eq!(
            score_at_end("80%（含）-90%，计4分", full),
            Some((Decimal::from(4), "80%（含）-90%"))
        );
        assert_eq!(
            score_at_end("大于30%不得分", full),
            Some((Decimal::ZERO, "大于30%"))
        );
        assert_eq!(
            score_at_end("一般3分", full),
            Some((Decimal::from(3), "一般"))
        );
        assert_eq!(score_at_end("100%计满分", full), Some((full, "100%")));
        assert_eq!(score_at_end("较好的计6分", full), Some((full, "较好的")));
        assert_eq!(score_at_end("按时完成", full), None);
        assert_eq!(score_at_end("发生一般安全事故扣3分", full), None);
        assert_eq!(score_at_end("低于80%扣5分", full), None);
        assert_eq!(score_at_end("效果特别突出的可加1分", full), None);
    }
}
