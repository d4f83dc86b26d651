//! Thresholds with per-step deductions: `每超过一个百分点扣0.5分`, `每低于5%扣2分`,
//! `每超过（降低）5%扣2分`, with the threshold written before them.

use super::{count, number, Leaf, Part, Recognised};

/// Per-step deductions: the words before the step and the direction they mean. Longest
/// first, so that `每超过（降低）` is not read as `每超过`.
pub const STEP_WORDS: &[(&str, &str)] = &[
    ("每超过（降低）", "偏离"),
    ("每超过(降低)", "偏离"),
    ("每超出（低于）", "偏离"),
    ("每相差", "偏离"),
    ("每偏离", "偏离"),
    ("每超过", "超过"),
    ("每超出", "超过"),
    ("每高于", "超过"),
    ("每增加", "超过"),
    ("每低于", "低于"),
    ("每少于", "低于"),
    ("每降低", "低于"),
    ("每减少", "低于"),
];

/// How a step may be written, and as the language writes it.
const STEP_UNITS: &[(&str, &str)] = &[
    ("个百分点", "个百分点"),
    ("百分点", "个百分点"),
    ("%", "%"),
    ("％", "%"),
];

/// Wordings that say how a step partly met counts, and the policy they mean; with the step as
/// written, `不足{step}按{step}计` is 不足一档按一档 and `不足{step}不扣` is 不足一档不扣.
pub const POLICY_WORDS: &[(&str, &str)] = &[
    ("按比例扣分", "按比例"),
    ("按比例扣减", "按比例"),
    ("按实际比例扣分", "按比例"),
    ("不足一档不扣", "不足一档不扣"),
    ("不足一档按一档计", "不足一档按一档"),
    ("不足一档按一档", "不足一档按一档"),
];

/// The policy `rest` states for a step written `step_text`, and `rest` without its words.
fn stated_policy(rest: &str, step_text: &str) -> Option<(&'static str, String)> {
    let each = [
        (format!("不足{step_text}按{step_text}计"), "不足一档按一档"),
        (
            format!("不足{step_text}的按{step_text}计"),
            "不足一档按一档",
        ),
        (format!("不足{step_text}不扣"), "不足一档不扣"),
        (format!("不足{step_text}的不扣"), "不足一档不扣"),
    ];
    let fixed = POLICY_WORDS.iter().map(|(w, p)| (w.to_string(), *p));
    each.into_iter()
        .chain(fixed)
        .find(|(w, _)| rest.contains(w.as_str()))
        .map(|(w, p)| (p, rest.replacen(&w, "", 1)))
}

/// Wordings that cap the deduction at N points (`最多扣3分`), before and after the number.
const CAP_WORDS: &[(&str, &str)] = &[
    ("最多扣", "分"),
    ("最高扣", "分"),
    ("扣分不超过", "分"),
    ("扣分最多", "分"),
    ("扣", "分为限"),
    ("扣满", "分为止"),
];

/// The cap `rest` states and `rest` without its words.
fn cap(rest: &str) -> Option<(rust_decimal::Decimal, String)> {
    CAP_WORDS.iter().find_map(|(open, close)| {
        let mut from = 0;
        while let Some(i) = rest[from..].find(open) {
            let at = from + i;
            let after = &rest[at + open.len()..];
            if let Some((n, tail)) = number(after) {
                if let Some(t) = tail.strip_prefix(close) {
                    let end = rest.len() - t.len();
                    let out = format!("{}{}", &rest[..at], &rest[end..]);
                    return n.parse().ok().map(|v| (v, out));
                }
            }
            from = at + open.len();
        }
        None
    })
}

/// How a step left partly met may be taken: the three policies of the language.
const STEP_POLICIES: &[&str] = &["按比例", "不足一档不扣", "不足一档按一档"];

/// The threshold of a deduction: `N%` written before the step words (`100%计满分`,
/// `100%以下（含）`), or a comparison with 0 (`≦0`, `=0`) as `0%`.
fn threshold(before: &str) -> Option<String> {
    let mut rest = before;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let (n, after) = number(&rest[i..])?;
        let lead = &rest[..i];
        // A sign before it (`-5%计满分`) is a threshold this reader leaves to a person.
        if lead.ends_with(['-', '－', '−', '负']) {
            return None;
        }
        if after.starts_with(['%', '％']) {
            return Some(format!("{n}%"));
        }
        if n == "0" && lead.ends_with(['≦', '≤', '=', '＝', '<', '＜']) {
            return Some("0%".to_string());
        }
        rest = after;
    }
    None
}

/// `每超过一个百分点扣0.5分`, `每低于5%扣2分`, `每超过（降低）5%扣2分`: a deduction per step
/// beyond a threshold. The step's policy (a step partly met) is never written in such
/// wording: it is the question, each policy a reading.
pub fn per_step(leaf: &Leaf) -> Option<Recognised> {
    let standard = leaf.standard;
    let (at, word, direction) = STEP_WORDS
        .iter()
        .filter_map(|(w, d)| standard.find(w).map(|i| (i, *w, *d)))
        .min_by_key(|(i, w, _)| (*i, std::cmp::Reverse(w.len())))?;
    let after = &standard[at + word.len()..];
    let (step, after) = count(after)?;
    let after = after.trim_start_matches('个');
    let (unit_word, unit) = STEP_UNITS.iter().find(|(w, _)| after.starts_with(w))?;
    let step_text = &standard[at + word.len()..standard.len() - after.len() + unit_word.len()];
    let after = &after[unit_word.len()..];
    let after = after.trim_start_matches(['，', ',']);
    let after = ["扣除", "扣减", "扣"]
        .iter()
        .find_map(|w| after.strip_prefix(w))?;
    let (points, after) = number(after)?;
    let after = after.strip_prefix('分')?;
    let limit = threshold(&standard[..at])?;
    let phrase_end = standard.len() - after.len();
    // A step or a deduction of zero is no rule.
    if [&step, &points]
        .iter()
        .any(|n| n.parse::<f64>().map_or(true, |v| v <= 0.0))
    {
        return None;
    }
    // The rest of the wording must say nothing more about the score: a cap (`最多扣3分`), a
    // cut-off (`超过10%不得分`), a band (`95%-105%之间`), a second clause — anything that
    // would be lost if only the step were read makes the whole text a question instead.
    let rest = format!("{}{}", &standard[..at], &standard[phrase_end..]);
    let rest = [
        "扣完为止",
        "最低为零分",
        "最低为0分",
        "最低0分",
        "扣至0分为止",
        "扣至零分为止",
    ]
    .iter()
    .fold(rest, |r, w| r.replace(w, ""));
    // A cap on the deduction (`最多扣3分`): the lowest score is the points less it.
    let (cap, rest) = match cap(&rest) {
        Some((n, r)) => (Some(n), r),
        None => (None, rest),
    };
    // A policy the table states is no question.
    let (policy, rest) = match stated_policy(&rest, step_text) {
        Some((p, r)) => (Some(p), r),
        None => (None, rest),
    };
    const MORE: &[&str] = &[
        "每",
        "扣",
        "不得分",
        "最多",
        "最高",
        "以内",
        "之间",
        "不足",
        "±",
        "得0分",
        "计0分",
        "为止",
        "不含",
    ];
    if MORE.iter().any(|w| rest.contains(w))
        || super::OTHER_SCORING.iter().any(|w| rest.contains(w))
        || rest.matches(['%', '％']).count() > 2
    {
        return None;
    }
    let rule = format!("{direction} {limit} 每 {step}{unit} 扣 {points}分");
    // The floor a cap makes (none when the cap is the whole points).
    let floor = match cap {
        Some(c) if c <= rust_decimal::Decimal::ZERO => return None,
        Some(c) if c < leaf.points => format!(" 下限 {}分", (leaf.points - c).normalize()),
        _ => String::new(),
    };
    let phrase = &standard[at..phrase_end];
    let mut part = match policy {
        Some(p) => Part::decided(phrase, format!("{rule} {p}{floor}")),
        None => Part {
            phrase: phrase.to_string(),
            question: format!("不足一档（{step}{unit}）的部分怎么扣？"),
            readings: STEP_POLICIES
                .iter()
                .map(|p| format!("{rule} {p}{floor}"))
                .collect(),
            note: None,
        },
    };
    if let Some(c) = cap {
        part.note = Some(format!(
            "最多扣 {} 分：最低得 {} 分（下限）",
            c.normalize(),
            (leaf.points - c)
                .max(rust_decimal::Decimal::ZERO)
                .normalize()
        ));
    }
    Some(Recognised {
        parts: vec![part],
        ..Recognised::default()
    })
}
