//! How a band's condition is written: a bound word before a number (`不低于90%`, `≥95%`,
//! `=0`), a word after it (`90%以上`, `70%以下`, with `（含）`/`（不含）`), a range (`80%（含）-90%`)
//! or the quantity's name between two bounds (`85%≤完成率<95%`). `以上`/`以下`/`以内` hold the
//! number (《民法典》第一千二百五十九条) unless a mark says otherwise; `bands.rs` decides what
//! the ends left unsaid mean.

use rust_decimal::Decimal;

use super::number;
use crate::report::value::{normalize, Cmp, CMP_WORDS, LOWER_SUFFIX, UPPER_SUFFIX};

/// Words before a number that the targets' vocabulary ([`CMP_WORDS`]) does not hold, and
/// the bound they make. The longest word a clause's text ends with is its bound (`不低于`,
/// not `低于`).
pub const MORE_BOUND_WORDS: &[(&str, Cmp)] = &[
    ("大于或等于", Cmp::AtLeast),
    ("高于或等于", Cmp::AtLeast),
    ("小于或等于", Cmp::AtMost),
    ("未达到", Cmp::Below),
    ("超出", Cmp::Above),
    ("不足", Cmp::Below),
    ("等于", Cmp::Equal),
    ("=", Cmp::Equal),
    ("为", Cmp::Equal),
];

/// The word after a number that bounds it (`以上`: from below, `true`), with the rest.
fn after_word(rest: &str) -> Option<(&'static str, bool)> {
    let lower = LOWER_SUFFIX.iter().map(|w| (*w, true));
    let upper = UPPER_SUFFIX.iter().map(|w| (*w, false));
    lower.chain(upper).find(|(w, _)| rest.starts_with(w))
}

/// The bound word `before` ends with, longest first.
fn bound_word(before: &str) -> Option<(&'static str, Cmp)> {
    CMP_WORDS
        .iter()
        .chain(MORE_BOUND_WORDS)
        .filter(|(w, _)| before.ends_with(w))
        .max_by_key(|(w, _)| w.len())
        .copied()
}

/// Marks that say whether the number next to them is in the band.
const MARKS: &[(&str, bool)] = &[
    ("（含本数）", true),
    ("(含本数)", true),
    ("（不含）", false),
    ("(不含)", false),
    ("（含）", true),
    ("(含)", true),
];

/// Words between the two ends of a range (as [`normalize`] writes them).
const RANGE_WORDS: &[&str] = &["-", "—", "–", "~", "～", "至", "到"];

/// One end of a band: its value in percent and whether it is in the band (`None`: unsaid).
pub(super) type End = Option<(Decimal, Option<bool>)>;

/// A band as written: its ends and the points it gives.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Band {
    /// Its lower end (`None`: none).
    pub(super) lo: End,
    /// Its upper end (`None`: none).
    pub(super) hi: End,
    /// The points it gives.
    pub(super) points: Decimal,
    /// An end decided by `以上`/`以下` alone.
    pub(super) by_law: bool,
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
    match rest.strip_prefix('%') {
        Some(r) => Some((v, true, r)),
        None => Some((v, false, rest)),
    }
}

/// A clause's condition read as a band (points left 0), with whether a number had `%`.
pub(super) fn condition(c: &str) -> Option<(Band, bool)> {
    // Full-width digits and signs as their ASCII twins (`＞＝９０％` is `≥90%`).
    let c = normalize(c);
    let c = c.trim_end_matches(['的', '，', ',']);
    let first = c.find(|ch: char| ch.is_ascii_digit())?;
    let before = &c[..first];
    // Before the number: the quantity's name (`预算控制率=`) and a bound word, or nothing.
    let word = bound_word(before);
    let named = &before[..before.len() - word.map_or(0, |(w, _)| w.len())];
    // What stands before the bound is a name, not another number or condition.
    if named
        .chars()
        .any(|ch| ch.is_ascii_digit() || "%<>=≤≥".contains(ch))
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
    } else if let Some((w, lower)) = after_word(rest) {
        if word.is_some() {
            return None;
        }
        let (m2, rest) = mark(&rest[w.len()..]);
        let incl = m1.or(m2);
        band.by_law = incl.is_none();
        let end = Some((v, Some(incl.unwrap_or(true))));
        if lower {
            band.lo = end;
        } else {
            band.hi = end;
        }
        rest
    } else {
        let (_, b) = word?;
        let (lo, hi) = match b {
            Cmp::AtLeast => (Some((v, Some(true))), None),
            Cmp::Above => (Some((v, Some(false))), None),
            Cmp::AtMost => (None, Some((v, Some(true)))),
            Cmp::Below => (None, Some((v, Some(false)))),
            Cmp::Equal => (Some((v, Some(true))), Some((v, Some(true)))),
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
        [("≤", true), ("<", false)]
            .iter()
            .find(|(w, _)| s.starts_with(w))
            .map(|(w, incl)| (*incl, w.len()))
    };
    if !before.trim().is_empty() {
        return None;
    }
    let (lo_incl, n) = op(rest)?;
    let rest = &rest[n..];
    let at = rest.find(['≤', '<'])?;
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
