//! Checklists (`①有内部财务管理制度，2分；②有本部门厉行节约制度，2分`; items listed and
//! `每少一项扣1分`) and tiers (`效果较好的计6分；一般3分；无效果或者效果不明显0分`).

use rust_decimal::Decimal;

use super::super::write::name_of;
use super::{count, pts, score_at_end, Leaf, Part, Recognised};

/// Words that name a level of a tier, longest first where one holds another.
pub const TIER_WORDS: &[&str] = &[
    "效果不明显",
    "不明显",
    "无效果",
    "优秀",
    "良好",
    "较好",
    "很好",
    "一般",
    "较差",
    "显著",
    "明显",
    "较高",
    "较低",
    "完全达到",
    "基本达到",
    "部分达到",
    "未达到",
    "全部完成",
    "基本完成",
    "部分完成",
    "未完成",
    "完成",
    "好",
    "中",
    "差",
];

/// Words after a list of items that make each item missing a deduction of points.
const MISSING_WORDS: &[&str] = &[
    "每少一项扣",
    "每缺少一项扣",
    "每缺一项扣",
    "缺一项扣",
    "少一项扣",
];

/// The items of a list marked ①②… or （1）（2）… / (1)(2)…, in order, with the text after
/// the last one's points; `None` when there are fewer than two.
fn items(text: &str) -> Option<Vec<&str>> {
    let circled = |c: char| ('①'..='⑳').contains(&c);
    let starts: Vec<usize> = if text.chars().any(circled) {
        text.char_indices()
            .filter(|(_, c)| circled(*c))
            .map(|(i, _)| i)
            .collect()
    } else {
        // `（1）`, `(1)`, in sequence.
        let mut at = Vec::new();
        let mut from = 0;
        for k in 1..=20 {
            let found = [format!("（{k}）"), format!("({k})")]
                .iter()
                .filter_map(|m| text[from..].find(m.as_str()).map(|i| (from + i, m.len())))
                .min();
            match found {
                Some((i, len)) => {
                    at.push(i);
                    from = i + len;
                }
                None => break,
            }
        }
        at
    };
    if starts.len() < 2 || text[..starts[0]].trim().chars().count() > 40 {
        return None;
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let item = &text[s..end];
        // Past the marker.
        let body = item
            .char_indices()
            .find(|(_, c)| *c == '）' || *c == ')' || ('①'..='⑳').contains(c))
            .map(|(i, c)| &item[i + c.len_utf8()..])
            .unwrap_or(item);
        out.push(body);
    }
    Some(out)
}

/// An item's text as a name: without its trailing points and punctuation; unique among
/// `taken` (a number added).
fn item_name(text: &str, taken: &[String]) -> Option<String> {
    let name = name_of(text.trim())?;
    let mut n = name.clone();
    let mut k = 2;
    while taken.contains(&n) {
        n = format!("{name}{k}");
        k += 1;
    }
    Some(n)
}

/// A list of items each with its points (`①…，2分；②…，2分`), or items followed by
/// `每少一项扣N分`: a checklist on an input of the leaf's name.
pub fn checklist(leaf: &Leaf) -> Option<Recognised> {
    let list = items(leaf.standard)?;
    let mut named: Vec<(String, Decimal)> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let last = list.len() - 1;
    // The deduction per missing item, when the list ends with one.
    let missing = MISSING_WORDS.iter().find_map(|w| {
        let at = list[last].find(w)?;
        let (n, rest) = count(&list[last][at + w.len()..])?;
        rest.starts_with('分')
            .then(|| (at, n.parse::<Decimal>().ok()))
    });
    for (k, item) in list.iter().enumerate() {
        let item = match (k == last, missing) {
            (true, Some((at, _))) => &item[..at],
            _ => item,
        };
        let item = item
            .trim()
            .trim_end_matches(['；', ';', '。', '，', ',', '\n', ' ']);
        let (points, text) = match missing {
            // Points of its own beside `每少一项扣N分`: two ways of scoring, asked instead.
            Some(_) if score_at_end(item, Decimal::ZERO).is_some() => return None,
            Some((_, Some(each))) => (each, item),
            Some((_, None)) => return None,
            None => {
                // The item's points end it; anything after them (a second sentence) is
                // something the list does not hold.
                let (p, before) = score_at_end(item, Decimal::new(-1, 0))?;
                // Its words are one clause: `有检查，1分；以上三项均不具备的，不得分` is an
                // item and a second sentence.
                if p < Decimal::ZERO || before.contains(['；', ';', '。', '\n']) {
                    return None;
                }
                (p, before)
            }
        };
        if text.chars().any(|c| c == '每') || text.contains("扣") {
            return None;
        }
        let name = item_name(text, &taken)?;
        taken.push(name.clone());
        named.push((name, points));
    }
    let sum: Decimal = named.iter().map(|(_, p)| *p).sum();
    let rule = format!(
        "清单 {} {{ {} }}",
        leaf.name,
        named
            .iter()
            .map(|(n, p)| format!("{n} {}", pts(*p)))
            .collect::<Vec<_>>()
            .join("  ")
    );
    let phrase = leaf.standard.trim().to_string();
    let mut parts = vec![Part::decided(&phrase, rule)];
    if sum != leaf.points {
        // A checklist scores the items held: its best is their sum.
        parts.push(Part {
            phrase: String::new(),
            question: format!(
                "清单各项合计 {} 分，本指标 {} 分：本指标几分？（或改各项的分）",
                sum.normalize(),
                leaf.points.normalize()
            ),
            readings: vec![pts(sum), pts(leaf.points)],
            note: None,
        });
    }
    Some(Recognised {
        parts,
        value_type: Some(format!("清单 {{ {} }}", taken.join(", "))),
        ..Recognised::default()
    })
}

/// The level a condition names: its first tier word (the longest at that place).
fn tier_word(cond: &str) -> Option<&'static str> {
    TIER_WORDS
        .iter()
        .filter_map(|w| cond.find(w).map(|i| (i, *w)))
        .min_by_key(|(i, w)| (*i, std::cmp::Reverse(w.len())))
        .map(|(_, w)| w)
}

/// Clauses each naming a level in words and its points (`较好的计6分；一般3分；…0分`): the
/// points of the level a reviewer gives, on an input of the leaf's name.
pub fn tiers(leaf: &Leaf) -> Option<Recognised> {
    // Pieces cut at every clause mark; a piece without points leads into the next.
    let mut levels: Vec<(String, Decimal)> = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    // The piece before a scored one, for `效果差的，本项不得分`.
    let mut lead = "";
    for piece in leaf.standard.split(['；', ';', '。', '，', ',', '\n']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let Some((p, cond)) = score_at_end(piece, leaf.points) else {
            lead = piece;
            continue;
        };
        let cond = cond.trim_end_matches(['的', '者']).trim();
        // `本项不得分` names no level: the words before it do.
        let cond = match ["本项", "该项", "此项", "本指标"]
            .iter()
            .find(|w| cond == **w)
        {
            Some(_) => lead.trim_end_matches(['的', '者']).trim(),
            None => cond,
        };
        lead = "";
        if cond.is_empty()
            || cond
                .chars()
                .any(|c| c.is_ascii_digit() || "%％<>=≤≥".contains(c))
            || ["加", "扣"]
                .iter()
                .chain(super::OTHER_SCORING)
                .any(|w| cond.contains(w))
        {
            return None;
        }
        conds.push(cond.to_string());
        levels.push((String::new(), p));
    }
    // The text must end with the last level's points.
    let tail = leaf.standard.trim().trim_end_matches(['。', '；', ';']);
    if levels.len() < 2 || score_at_end(tail, leaf.points).is_none() {
        return None;
    }
    // Levels named by their tier words when those tell them apart, else by their words.
    let words: Vec<Option<&str>> = conds.iter().map(|c| tier_word(c)).collect();
    let distinct = |names: &[String]| {
        let mut s = names.to_vec();
        s.sort();
        s.dedup();
        s.len() == names.len()
    };
    let by_word: Option<Vec<String>> = words.iter().map(|w| w.map(str::to_string)).collect();
    let names = match by_word {
        Some(n) if distinct(&n) => n,
        _ => {
            // Without tier words, only a level and its negation (按时完成 / 未按时完成).
            let negation = |a: &String, b: &String| {
                ["未", "不", "没有", "无"]
                    .iter()
                    .any(|n| b.strip_prefix(n) == Some(a.as_str()))
            };
            // Tier words that do not tell the levels apart, or a level and its negation;
            // a level without any tier word beside others that have one is not a tier.
            let pair = conds.len() == 2
                && (negation(&conds[0], &conds[1]) || negation(&conds[1], &conds[0]));
            let all_words = words.iter().all(Option::is_some);
            let no_words = words.iter().all(Option::is_none);
            if !(all_words || no_words && pair) {
                return None;
            }
            let n: Vec<String> = conds
                .iter()
                .map(|c| name_of(c).filter(|n| n.chars().count() <= 12))
                .collect::<Option<_>>()?;
            if !distinct(&n) {
                return None;
            }
            n
        }
    };
    for (l, n) in levels.iter_mut().zip(names) {
        l.0 = n;
    }
    let rule = format!(
        "按等级 {{ {} }}",
        levels
            .iter()
            .map(|(n, p)| format!("{n} {}", pts(*p)))
            .collect::<Vec<_>>()
            .join("  ")
    );
    let level_names: Vec<&str> = levels.iter().map(|(n, _)| n.as_str()).collect();
    Some(Recognised {
        parts: vec![Part::decided(leaf.standard.trim(), rule)],
        value_type: Some(format!("等级 {{ {} }}", level_names.join(", "))),
        ..Recognised::default()
    })
}
