//! Per-event deductions (`每出现一例不符合要求的扣1分`, `每次扣5分`), proportional scores
//! (`按完成比例计算得分，满分为止`, `得分=分值×执行率`) and reviewer's scores (`酌情扣分`,
//! `视情况`).

use super::{count, number, pts, Leaf, Part, Recognised};

/// Words between `每` and the count of an event (`每出现一例`, `每发现1次`).
pub const EVENT_WORDS: &[&str] = &["出现", "发现", "发生", "查出", "存在", "有", ""];

/// The words events are counted in, as the language writes them.
const EVENT_UNITS: &[&str] = &["人次", "例", "次", "项", "个", "件", "处", "起"];

/// The language's count word for an event unit (`处`, `起` are counted as 例).
fn unit_word(u: &str) -> &str {
    match u {
        "处" | "起" => "例",
        u => u,
    }
}

/// Words that end a deduction at zero; they add nothing to a deduction's rule (its floor is 0).
const FLOOR_WORDS: &[&str] = &[
    "扣完为止",
    "扣完本项分值为止",
    "扣完该项分值为止",
    "最低为零分",
    "最低为0分",
    "最低0分",
    "扣至0分为止",
    "扣至零分为止",
];

/// `每出现一例…扣1分`: a deduction for each event counted, on an input that counts them.
pub fn per_event(leaf: &Leaf) -> Option<Recognised> {
    let s = leaf.standard;
    let (at, after) = s.match_indices('每').find_map(|(i, _)| {
        let after = &s[i + '每'.len_utf8()..];
        EVENT_WORDS
            .iter()
            .find_map(|w| {
                after
                    .strip_prefix(w)
                    .filter(|a| count(a).is_some() || EVENT_UNITS.iter().any(|u| a.starts_with(u)))
            })
            .map(|a| (i, a))
    })?;
    let (n, after) = count(after).unwrap_or(("1".to_string(), after));
    let unit = EVENT_UNITS.iter().find(|u| after.starts_with(*u))?;
    let after = &after[unit.len()..];
    // The deduction closes the same clause.
    let clause_end = after.find(['。', '；', ';', '\n']).unwrap_or(after.len());
    let clause = &after[..clause_end];
    let k = clause.find('扣')?;
    let (points, tail) = number(&clause[k + '扣'.len_utf8()..])?;
    let tail = tail.strip_prefix('分')?;
    // Between the count and the deduction only words (what the event is); nothing else in the
    // text scores (no points before it, no cap after it).
    if clause[..k]
        .chars()
        .any(|c| c.is_ascii_digit() || c == '%' || c == '％')
    {
        return None;
    }
    // Before it, what the events are (① … ⑤); after it, nothing but where deducting stops.
    let before = &s[..at];
    let after_it = format!("{tail}{}", &after[clause_end..]);
    let after_it = FLOOR_WORDS.iter().fold(after_it, |r, w| r.replace(w, ""));
    let scoring = |t: &str| {
        ["分", "最多", "最高", "上限", "为限", "每", "扣"]
            .iter()
            .chain(super::OTHER_SCORING)
            .any(|w| t.contains(w))
    };
    let empty = |t: &str| {
        t.chars()
            .all(|c| c.is_whitespace() || "，,。；;".contains(c))
    };
    if scoring(before) || !empty(&after_it) {
        return None;
    }
    let step: rust_decimal::Decimal = n.parse().ok()?;
    let per: rust_decimal::Decimal = points.parse().ok()?;
    if step <= rust_decimal::Decimal::ZERO || per <= rust_decimal::Decimal::ZERO {
        return None;
    }
    let u = unit_word(unit);
    // `tail` is a part of `s`: the phrase ends where it starts.
    let phrase_end = tail.as_ptr() as usize - s.as_ptr() as usize;
    Some(Recognised {
        parts: vec![Part::decided(
            &s[at..phrase_end],
            format!("每出现 {}{u} 扣 {}", step.normalize(), pts(per)),
        )],
        value_type: Some(u.to_string()),
        value_name: Some(format!("{}问题数", leaf.name)),
        ..Recognised::default()
    })
}

/// Words that score in proportion to the quantity (points × the rate).
pub const PROPORTIONAL_WORDS: &[&str] = &[
    "按完成比例计算得分",
    "按完成比例计分",
    "按完成比例得分",
    "按实际完成比例计分",
    "按实际完成比例得分",
    "按比例计算得分",
    "按比例计分",
    "按比例得分",
    "按执行率计分",
    "按完成率计分",
    "得分=分值×",
    "得分＝分值×",
    "得分=分值*",
    "得分=该指标分值×",
    "×分值",
    "*分值",
];

/// Words that cap a proportional score at the full points.
const CAP_WORDS: &[&str] = &[
    "满分为止",
    "以满分为限",
    "最高不超过分值",
    "最高不超过本项分值",
    "最高得满分",
    "超过100%按100%",
    "超过100%的按100%",
    "封顶",
];

/// `按完成比例计算得分，满分为止`: points × the quantity, capped at the full points where the
/// wording says so; without a cap, the question.
pub fn proportional(leaf: &Leaf) -> Option<Recognised> {
    let s = leaf.standard;
    let word = PROPORTIONAL_WORDS.iter().find(|w| s.contains(*w))?;
    // Nothing else in the text scores.
    let mut rest = s.replacen(word, "", 1);
    let cap = CAP_WORDS.iter().find(|w| rest.contains(*w));
    if let Some(c) = cap {
        rest = rest.replacen(c, "", 1);
    }
    if ["扣", "每", "不得分", "分"]
        .iter()
        .chain(super::OTHER_SCORING)
        .any(|w| rest.contains(w))
    {
        return None;
    }
    let part = match cap {
        Some(_) => Part::decided(s.trim(), "按比例计分 封顶 100%".to_string()),
        None => Part {
            phrase: s.trim().to_string(),
            question: "完成超过 100% 时：按 100% 计（不超过分值），还是按实际比例计？".to_string(),
            readings: vec!["按比例计分 封顶 100%".to_string(), "按比例计分".to_string()],
            note: None,
        },
    };
    Some(Recognised {
        parts: vec![part],
        ..Recognised::default()
    })
}

/// Words that leave the score to the reviewer.
pub const REVIEWER_WORDS: &[&str] = &[
    "酌情扣分",
    "酌情给分",
    "酌情打分",
    "酌情评分",
    "酌情",
    "视情况",
    "视情节",
    "专家评分",
    "专家打分",
    "评审打分",
    "综合评定",
];

/// `酌情扣分`, `视情况给分`: the reviewer's score, within the leaf's points, with a reason.
pub fn reviewer(leaf: &Leaf) -> Option<Recognised> {
    let s = leaf.standard;
    let word = REVIEWER_WORDS.iter().find(|w| s.contains(*w))?;
    // Points written beside it (`视情况得2-4分`, `每出现一例扣1分…可酌情加分`) bound the
    // reviewer's score in ways `评审打分` does not hold: the whole text is the question.
    let rest = s.replacen(word, "", 1);
    let numbers = rest.chars().any(|c| {
        c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十".contains(c)
    });
    if numbers || rest.contains('每') || rest.contains('加') {
        return None;
    }
    Some(Recognised {
        parts: vec![Part::decided(word, "评审打分".to_string())],
        value_type: Some(format!("评审打分 [0, {}]", leaf.points.normalize())),
        ..Recognised::default()
    })
}
