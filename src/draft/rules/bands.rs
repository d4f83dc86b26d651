//! Bands: `90%（含）以上计6分；80%（含）-90%，计4分；低于70%计0分`, `预算控制率=0，计5分；
//! 0-10%（含），计4分 …；大于30%不得分`. Each clause is a condition on the scored quantity and
//! the points it gives.
//!
//! Which band an end belongs to is read from the wording: `（含）`/`（不含）` where written;
//! `以上`/`以下`/`以内` include the number (《中华人民共和国民法典》第一千二百五十九条：“民法所称
//! 的‘以上’、‘以下’、‘以内’、‘届满’，包括本数；所称的‘不满’、‘超过’、‘以外’，不包括本数”),
//! said in a comment; an end left unsaid takes the other side of the neighbouring band that
//! says it. An end still open, or values below or above every band, is a question.

use rust_decimal::Decimal;

use super::{clauses, number, score_at_end, Leaf, Part, Recognised};

/// How a word bounds a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// `≥ n`.
    AtLeast,
    /// `> n`.
    Above,
    /// `≤ n`.
    AtMost,
    /// `< n`.
    Below,
    /// `= n`.
    Equal,
}

/// Words written before a number and the bound they make, longest first where one ends
/// another (`不低于` before `低于`).
pub const BOUND_WORDS: &[(&str, Bound)] = &[
    ("大于或等于", Bound::AtLeast),
    ("大于等于", Bound::AtLeast),
    ("高于或等于", Bound::AtLeast),
    ("不低于", Bound::AtLeast),
    ("不少于", Bound::AtLeast),
    ("不小于", Bound::AtLeast),
    ("小于或等于", Bound::AtMost),
    ("小于等于", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("不超过", Bound::AtMost),
    ("不大于", Bound::AtMost),
    ("未达到", Bound::Below),
    ("大于", Bound::Above),
    ("高于", Bound::Above),
    ("超过", Bound::Above),
    ("超出", Bound::Above),
    ("小于", Bound::Below),
    ("低于", Bound::Below),
    ("不足", Bound::Below),
    ("少于", Bound::Below),
    ("等于", Bound::Equal),
    ("达到", Bound::AtLeast),
    (">=", Bound::AtLeast),
    ("≥", Bound::AtLeast),
    ("≧", Bound::AtLeast),
    ("<=", Bound::AtMost),
    ("≤", Bound::AtMost),
    ("≦", Bound::AtMost),
    (">", Bound::Above),
    ("＞＝", Bound::AtLeast),
    ("＜＝", Bound::AtMost),
    ("＞", Bound::Above),
    ("<", Bound::Below),
    ("＜", Bound::Below),
    ("=", Bound::Equal),
    ("＝", Bound::Equal),
    ("为", Bound::Equal),
];

/// Words written after a number and the bound they make; they include the number (民法典
/// 第一千二百五十九条) unless a mark says otherwise.
const AFTER_WORDS: &[(&str, Bound)] = &[
    ("及以上", Bound::AtLeast),
    ("以上", Bound::AtLeast),
    ("及以下", Bound::AtMost),
    ("以下", Bound::AtMost),
    ("以内", Bound::AtMost),
];

/// Marks that say whether the number next to them is in the band.
const MARKS: &[(&str, bool)] = &[
    ("（含本数）", true),
    ("(含本数)", true),
    ("（不含）", false),
    ("(不含)", false),
    ("（含）", true),
    ("(含)", true),
];

/// Words between the two ends of a range.
const RANGE_WORDS: &[&str] = &["-", "－", "—", "–", "~", "～", "至", "到"];

/// One end of a band: its value in percent and whether it is in the band (`None`: unsaid).
type End = Option<(Decimal, Option<bool>)>;

#[derive(Debug, Clone, PartialEq)]
struct Band {
    lo: End,
    hi: End,
    points: Decimal,
    /// An end decided by `以上`/`以下` alone.
    by_law: bool,
}

/// A mark at the start of `s`, with the rest.
fn mark(s: &str) -> (Option<bool>, &str) {
    MARKS
        .iter()
        .find_map(|(m, v)| s.strip_prefix(m).map(|r| (Some(*v), r)))
        .unwrap_or((None, s))
}

/// A number with its `%` (and whether it had one), at the start of `s`.
fn percent(s: &str) -> Option<(Decimal, bool, &str)> {
    let (n, rest) = number(s)?;
    let v: Decimal = n.parse().ok()?;
    match rest.strip_prefix(['%', '％']) {
        Some(r) => Some((v, true, r)),
        None => Some((v, false, rest)),
    }
}

/// A clause's condition read as a band (points left 0), with whether a number had `%`.
fn condition(c: &str) -> Option<(Band, bool)> {
    let c = c.trim().trim_end_matches(['的', '，', ',', ' ']);
    let first = c.find(|ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch))?;
    let before = c[..first].trim_end();
    // Before the number: the quantity's name (`预算控制率=`) and a bound word, or nothing.
    let word = BOUND_WORDS
        .iter()
        .filter(|(w, _)| before.ends_with(w))
        .max_by_key(|(w, _)| w.len())
        .map(|(w, b)| (*w, *b));
    let named = &before[..before.len() - word.map_or(0, |(w, _)| w.len())];
    // What stands before the bound is a name, not another number or condition.
    if named
        .chars()
        .any(|ch| ch.is_ascii_digit() || "%％<>=≤≥≦≧".contains(ch))
    {
        return None;
    }
    let (v, pct, rest) = percent(&c[first..])?;
    let (m1, rest) = mark(rest);
    // `85%≤完成率<95%`: the quantity's name between two bounds.
    if let Some(b) = between(v, pct, rest, before) {
        return Some(b);
    }
    let mut band = Band {
        lo: None,
        hi: None,
        points: Decimal::ZERO,
        by_law: false,
    };
    let mut any_pct = pct;
    let rest = if let Some(after) = RANGE_WORDS.iter().find_map(|w| rest.strip_prefix(w)) {
        if word.is_some() {
            return None;
        }
        let (v2, pct2, rest) = percent(after)?;
        let (m2, rest) = mark(rest);
        any_pct |= pct2;
        band.lo = Some((v, m1));
        band.hi = Some((v2, m2));
        rest
    } else if let Some((w, b)) = AFTER_WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
        if word.is_some() {
            return None;
        }
        let (m2, rest) = mark(&rest[w.len()..]);
        let incl = m1.or(m2);
        band.by_law = incl.is_none();
        let end = Some((v, Some(incl.unwrap_or(true))));
        match b {
            Bound::AtLeast => band.lo = end,
            _ => band.hi = end,
        }
        rest
    } else {
        let (_, b) = word?;
        let (lo, hi) = match b {
            Bound::AtLeast => (Some((v, Some(true))), None),
            Bound::Above => (Some((v, Some(false))), None),
            Bound::AtMost => (None, Some((v, Some(true)))),
            Bound::Below => (None, Some((v, Some(false)))),
            Bound::Equal => (Some((v, Some(true))), Some((v, Some(true)))),
        };
        band.lo = lo;
        band.hi = hi;
        rest
    };
    let rest = rest
        .trim()
        .trim_start_matches("之间")
        .trim_start_matches(['的', '，', ',']);
    rest.trim().is_empty().then_some((band, any_pct))
}

/// `a% ≤ 名称 < b%` after its first number `v` (`rest` follows it): the band, or `None`.
fn between(v: Decimal, pct: bool, rest: &str, before: &str) -> Option<(Band, bool)> {
    let op = |s: &str| -> Option<(bool, usize)> {
        [
            ("≤", true),
            ("≦", true),
            ("<=", true),
            ("<", false),
            ("＜", false),
        ]
        .iter()
        .find(|(w, _)| s.starts_with(w))
        .map(|(w, incl)| (*incl, w.len()))
    };
    if !before.trim().is_empty() {
        return None;
    }
    let (lo_incl, n) = op(rest)?;
    let rest = &rest[n..];
    let at = rest.find(['≤', '≦', '<', '＜'])?;
    if rest[..at].chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (hi_incl, n) = op(&rest[at..])?;
    let (v2, pct2, tail) = percent(&rest[at + n..])?;
    if !tail.trim().trim_start_matches(['的', '，', ',']).is_empty() {
        return None;
    }
    Some((
        Band {
            lo: Some((v, Some(lo_incl))),
            hi: Some((v2, Some(hi_incl))),
            points: Decimal::ZERO,
            by_law: false,
        },
        pct || pct2,
    ))
}

/// Whether two bands hold a value in common (an end not said is taken as not held: the
/// question about it decides).
fn meet(a: &Band, b: &Band) -> bool {
    let end = |e: End| e.map(|(v, i)| (v, i == Some(true)));
    // The greater lower end and the smaller upper end; at equal values, held by both.
    let pick = |x: Option<(Decimal, bool)>, y: Option<(Decimal, bool)>, greater: bool| match (x, y)
    {
        (None, e) | (e, None) => e,
        (Some((v, i)), Some((w, j))) if v == w => Some((v, i && j)),
        (Some((v, i)), Some((w, j))) => Some(if (v > w) == greater { (v, i) } else { (w, j) }),
    };
    let lo = pick(end(a.lo), end(b.lo), true);
    let hi = pick(end(a.hi), end(b.hi), false);
    match (lo, hi) {
        (Some((l, i)), Some((h, j))) => l < h || l == h && i && j,
        _ => true,
    }
}

/// The stretches between two bands no band holds, as (upper end of one, lower end of the
/// next), both as written.
fn gaps(bands: &[Band]) -> Vec<(Decimal, Decimal)> {
    let mut ends: Vec<(Option<Decimal>, Option<Decimal>)> = bands
        .iter()
        .map(|b| (b.lo.map(|e| e.0), b.hi.map(|e| e.0)))
        .collect();
    ends.sort_by(|x, y| match (x.0, y.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.cmp(&b),
    });
    ends.windows(2)
        .filter_map(|w| match (w[0].1, w[1].0) {
            (Some(a), Some(b)) if a < b => Some((a, b)),
            _ => None,
        })
        .collect()
}

/// `v` in percent as the language writes it: `10%`.
fn pct(v: Decimal) -> String {
    format!("{}%", v.normalize())
}

/// A band's condition as the language writes it.
fn band_text(b: &Band) -> String {
    let inc = |e: &End| e.and_then(|(_, i)| i).unwrap_or(true);
    match (b.lo, b.hi) {
        (None, Some((v, _))) => format!("{} {}", if inc(&b.hi) { "≤" } else { "<" }, pct(v)),
        (Some((v, _)), None) => format!("{} {}", if inc(&b.lo) { "≥" } else { ">" }, pct(v)),
        (Some((a, _)), Some((z, _))) => format!(
            "{}{}, {}{}",
            if inc(&b.lo) { "[" } else { "(" },
            pct(a),
            pct(z),
            if inc(&b.hi) { "]" } else { ")" }
        ),
        (None, None) => String::new(),
    }
}

/// The `分档` line of `bands`.
fn rule(bands: &[Band]) -> String {
    let rows: Vec<String> = bands
        .iter()
        .map(|b| format!("{} {}分", band_text(b), b.points.normalize()))
        .collect();
    format!("分档 {{ {} }}", rows.join("  "))
}

/// A wording of two or more clauses, each a condition on a percentage and its points.
pub fn bands(leaf: &Leaf) -> Option<Recognised> {
    let cs = clauses(leaf.standard);
    if cs.len() < 2 || leaf.standard.contains('每') {
        return None;
    }
    let mut bands = Vec::new();
    let mut any_pct = false;
    for c in &cs {
        let (points, cond) = score_at_end(c, leaf.points)?;
        let (mut b, p) = condition(cond)?;
        b.points = points;
        any_pct |= p;
        bands.push(b);
    }
    if !any_pct {
        return None;
    }
    // An end left unsaid takes the other side of the neighbouring band that says it.
    let said: Vec<(Decimal, bool, bool)> = bands
        .iter()
        .flat_map(|b| {
            [
                b.lo.and_then(|(v, i)| i.map(|i| (v, i, true))),
                b.hi.and_then(|(v, i)| i.map(|i| (v, i, false))),
            ]
        })
        .flatten()
        .collect();
    let resolve = |end: &mut End, is_lo: bool| {
        if let Some((v, None)) = *end {
            if let Some((_, i, _)) = said.iter().find(|(w, _, lo)| *w == v && *lo != is_lo) {
                *end = Some((v, Some(!i)));
            }
        }
    };
    for b in &mut bands {
        resolve(&mut b.lo, true);
        resolve(&mut b.hi, false);
    }
    // The quantity's own range closes the outer bands (`≥ 90%` of a 满意度 is [90%, 100%]).
    if let Some((rlo, rhi)) = leaf.range {
        for b in &mut bands {
            if b.lo.is_none() {
                b.lo = Some((rlo, Some(true)));
            }
            if b.hi.is_none() {
                b.hi = Some((rhi, Some(true)));
            }
            // An end at the range's own end (`90%-100%` of a 满意度) holds it.
            for e in [&mut b.lo, &mut b.hi] {
                if let Some((v, None)) = *e {
                    if v == rlo || v == rhi {
                        *e = Some((v, Some(true)));
                    }
                }
            }
        }
    }
    let open = bands
        .iter()
        .any(|b| matches!(b.lo, Some((_, None))) || matches!(b.hi, Some((_, None))));
    // The lowest and highest ends written; beyond them values fall in no band.
    let lowest = bands.iter().map(|b| b.lo).min_by(|a, b| match (a, b) {
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some((x, _)), Some((y, _))) => x.cmp(y),
    })?;
    let highest = bands.iter().map(|b| b.hi).max_by(|a, b| match (a, b) {
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        (Some((x, _)), Some((y, _))) => x.cmp(y),
    })?;
    let within = |e: End, at: Option<Decimal>| e.is_none() || e.map(|(v, _)| v) == at;
    let below = !within(lowest, leaf.range.map(|r| r.0));
    let above = !within(highest, leaf.range.map(|r| r.1));
    let phrase = leaf
        .standard
        .trim()
        .trim_end_matches(['。', '；', ';'])
        .to_string();
    let note = bands
        .iter()
        .any(|b| b.by_law)
        .then(|| "“以上”“以下”含本数（《民法典》第一千二百五十九条）".to_string());
    // Two bands that hold the same values (an end marked in both, a cut-off written after
    // the bands), and values between two bands (ends written as whole numbers: 80%-89%, 90%-100%).
    let overlaps: Vec<(usize, usize)> = (0..bands.len())
        .flat_map(|i| (i + 1..bands.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| meet(&bands[i], &bands[j]))
        .collect();
    if overlaps.len() > 1 {
        return None;
    }
    let gaps = gaps(&bands);
    if !open && !below && !above && overlaps.is_empty() && gaps.is_empty() {
        let mut part = Part::decided(&phrase, rule(&bands));
        part.note = note;
        return Some(Recognised {
            parts: vec![part],
            ..Recognised::default()
        });
    }
    // Each question doubles the readings; each reading is the whole 分档.
    let mut variants: Vec<Vec<Band>> = vec![bands.clone()];
    let mut questions = Vec::new();
    if let Some(&(i, j)) = overlaps.first() {
        questions.push(format!(
            "“{}”与“{}”两档有重叠的值：按哪一档计？",
            cs[i], cs[j]
        ));
        // As written (the first band that holds a value scores it), or the later one first.
        let mut later_first = bands.clone();
        let b = later_first.remove(j);
        later_first.insert(i, b);
        variants = vec![bands.clone(), later_first];
    }
    if !gaps.is_empty() {
        let shown: Vec<String> = gaps
            .iter()
            .map(|(a, b)| format!("{}与{}之间", pct(*a), pct(*b)))
            .collect();
        questions.push(format!(
            "{}的值不在任何一档：归上一档还是下一档？",
            shown.join("、")
        ));
        variants = variants
            .into_iter()
            .flat_map(|bs| {
                [true, false].map(|up| {
                    let mut bs = bs.clone();
                    for &(a, b) in &gaps {
                        // Up: the band ending at `a` reaches to `b`, which the next holds;
                        // down: the band starting at `b` reaches to `a`, which the other holds.
                        for x in bs.iter_mut() {
                            let (lo, hi) = (x.lo.map(|e| e.0), x.hi.map(|e| e.0));
                            if hi == Some(a) {
                                x.hi = Some(if up {
                                    (b, Some(false))
                                } else {
                                    (a, Some(true))
                                });
                            }
                            if lo == Some(b) {
                                x.lo = Some(if up {
                                    (b, Some(true))
                                } else {
                                    (a, Some(false))
                                });
                            }
                        }
                    }
                    bs
                })
            })
            .collect();
    }
    // Ends still unsaid once the gaps are closed.
    let open = variants
        .iter()
        .flatten()
        .any(|b| matches!(b.lo, Some((_, None))) || matches!(b.hi, Some((_, None))));
    if open {
        questions.push("没有写“含”的端点算在哪一档？".to_string());
        variants = variants
            .into_iter()
            .flat_map(|bs| {
                [(true, false), (false, true)].map(|(lo, hi)| {
                    bs.iter()
                        .map(|b| Band {
                            lo: b.lo.map(|(v, i)| (v, i.or(Some(lo)))),
                            hi: b.hi.map(|(v, i)| (v, i.or(Some(hi)))),
                            ..b.clone()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
    }
    let mut beyond = |edge: End, low: bool, questions: &mut Vec<String>| {
        let Some((v, _)) = edge else { return };
        questions.push(format!(
            "{} {} 的值不在任何一档：计几分？",
            if low { "低于" } else { "高于" },
            pct(v)
        ));
        variants = std::mem::take(&mut variants)
            .into_iter()
            .flat_map(|bs| {
                // The outer band reaches on, or the values beyond score 0.
                let mut on = bs.clone();
                if let Some(b) = on.iter_mut().find(|b| {
                    let e = if low { b.lo } else { b.hi };
                    e.map(|(w, _)| w) == Some(v)
                }) {
                    if low {
                        b.lo = None;
                    } else {
                        b.hi = None;
                    }
                }
                let mut zero = bs;
                let written = zero
                    .iter()
                    .find_map(|b| if low { b.lo } else { b.hi })
                    .filter(|(w, _)| *w == v);
                let incl = written.and_then(|(_, i)| i).unwrap_or(true);
                let extra = Band {
                    lo: (!low).then_some((v, Some(!incl))),
                    hi: low.then_some((v, Some(!incl))),
                    points: Decimal::ZERO,
                    by_law: false,
                };
                if low {
                    zero.insert(0, extra);
                } else {
                    zero.push(extra);
                }
                [on, zero]
            })
            .collect();
    };
    if below {
        beyond(lowest, true, &mut questions);
    }
    if above {
        beyond(highest, false, &mut questions);
    }
    let mut readings: Vec<String> = Vec::new();
    for r in variants.iter().map(|bs| rule(bs)) {
        if !readings.contains(&r) {
            readings.push(r);
        }
    }
    // More than a person can weigh: the whole text is the question.
    if readings.len() > 8 {
        return None;
    }
    let mut part = Part {
        phrase,
        question: questions.join(""),
        readings,
        note: None,
    };
    part.note = note;
    Some(Recognised {
        parts: vec![part],
        ..Recognised::default()
    })
}
