//! Units of one measure that convert exactly, as 元 and 万元 do: a form may write its target
//! in 厘米 and its actual in 米, or its target in 亩 and its actual in 公顷.
//!
//! Each unit is a whole number of its measure's base unit, so a conversion is one exact
//! multiplication and one division checked for a remainder. Area counts in thirds of a square
//! metre so that 亩 (2000/3 m²) is whole. 天, 周 and 月 are not converted to 小时 (a working day
//! or a calendar day cannot be told apart), and 人次 stays apart from 人.

use rust_decimal::Decimal;

/// What a unit measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Base: 毫米.
    Length,
    /// Base: ⅓ 平方米.
    Area,
    /// Base: 克.
    Mass,
    /// Base: 毫升.
    Volume,
    /// Base: 分钟.
    Time,
}

/// Every convertible unit word, its measure and its size in the measure's base unit.
const UNITS: [(&str, Measure, u64); 21] = [
    ("毫米", Measure::Length, 1),
    ("厘米", Measure::Length, 10),
    ("分米", Measure::Length, 100),
    ("米", Measure::Length, 1_000),
    ("千米", Measure::Length, 1_000_000),
    ("公里", Measure::Length, 1_000_000),
    ("平方米", Measure::Area, 3),
    ("㎡", Measure::Area, 3),
    ("亩", Measure::Area, 2_000),
    ("公顷", Measure::Area, 30_000),
    ("平方千米", Measure::Area, 3_000_000),
    ("平方公里", Measure::Area, 3_000_000),
    ("克", Measure::Mass, 1),
    ("斤", Measure::Mass, 500),
    ("千克", Measure::Mass, 1_000),
    ("公斤", Measure::Mass, 1_000),
    ("吨", Measure::Mass, 1_000_000),
    ("毫升", Measure::Volume, 1),
    ("升", Measure::Volume, 1_000),
    ("立方米", Measure::Volume, 1_000_000),
    ("小时", Measure::Time, 60),
];

/// The multiplier words a unit may start with (`万亩`, `万人次`, `亿元`), longest first. 千 and
/// 百 alone are not among them: 千米 and 千克 are units of their own.
const MULTIPLIERS: [(&str, u64); 4] = [
    ("千万", 10_000_000),
    ("百万", 1_000_000),
    ("亿", 100_000_000),
    ("万", 10_000),
];

/// `万` → 10000: a multiplier written alone after a number (`1.2万`), part of the number.
pub fn pure_multiplier(word: &str) -> Option<u64> {
    MULTIPLIERS
        .iter()
        .find(|(m, _)| *m == word)
        .map(|(_, f)| *f)
}

/// `万亩` → (10000, `亩`); a word without a multiplier (or that is only one) → (1, word).
pub fn split_multiplier(word: &str) -> (u64, &str) {
    for (m, f) in MULTIPLIERS {
        if let Some(rest) = word.strip_prefix(m) {
            if !rest.is_empty() {
                return (f, rest);
            }
        }
    }
    (1, word)
}

/// A unit word's measure and size (a multiplier included: 万亩 is 10,000 亩), or `None` for a
/// word that is not one of them (分钟 is read as a time too).
pub fn of(word: &str) -> Option<(Measure, u64)> {
    let (times, word) = split_multiplier(word);
    let (m, f) = if word == "分钟" {
        (Measure::Time, 1)
    } else {
        UNITS
            .iter()
            .find(|(w, _, _)| *w == word)
            .map(|(_, m, f)| (*m, *f))?
    };
    // The largest unit is 3·10⁶ base units and the largest multiplier 10⁸: no overflow.
    Some((m, f.checked_mul(times)?))
}

/// `value` written in `from` expressed in `to`, when both measure the same thing; `Some(None)`
/// when they do but the result does not end (1亩 in 平方米) or has more digits than a decimal
/// holds.
///
/// Any word converts to itself with a multiplier: 万人次 to 人次, 亿元 to 元 (but 人次 never to
/// 人).
pub fn convert(value: Decimal, from: &str, to: &str) -> Option<Option<Decimal>> {
    let (f1, f2) = match (of(from), of(to)) {
        (Some((m1, f1)), Some((m2, f2))) if m1 == m2 => (f1, f2),
        (Some(_), Some(_)) => return None,
        _ => {
            let ((f1, w1), (f2, w2)) = (split_multiplier(from), split_multiplier(to));
            if w1 != w2 || w1.is_empty() || f1 == f2 {
                return None;
            }
            (f1, f2)
        }
    };
    Some(scale(value, f1, f2))
}

/// `value` × `f1` ÷ `f2`, when it ends and fits.
fn scale(value: Decimal, f1: u64, f2: u64) -> Option<Decimal> {
    value.checked_mul(Decimal::from(f1)).and_then(|base| {
        // base ÷ f2 ends exactly when the part of f2 that is not 2s and 5s divides base's
        // digits (a third of a 亩 in 平方米 does not end).
        let mut odd = f2;
        for p in [2, 5] {
            while odd % p == 0 {
                odd /= p;
            }
        }
        if base.mantissa() % i128::from(odd) != 0 {
            return None;
        }
        let q = base.checked_div(Decimal::from(f2))?;
        // And the quotient's digits fit: it multiplies back.
        (q.checked_mul(Decimal::from(f2)) == Some(base)).then(|| q.normalize())
    })
}

/// The finest named unit of the measure of `a` and `b` (their common base when it has a
/// word: 毫米, 克, 毫升, 分钟), into which both convert exactly; `None` for area, whose base
/// (a third of a square metre) has no word.
pub fn finest(a: &str, b: &str) -> Option<&'static str> {
    let (m1, _) = of(a)?;
    let (m2, _) = of(b)?;
    if m1 != m2 {
        return None;
    }
    match m1 {
        Measure::Length => Some("毫米"),
        Measure::Mass => Some("克"),
        Measure::Volume => Some("毫升"),
        Measure::Time => Some("分钟"),
        Measure::Area => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn units_of_one_measure_convert_exactly() {
        assert_eq!(convert(d("0.5"), "米", "厘米"), Some(Some(d("50"))));
        assert_eq!(convert(d("3"), "公顷", "亩"), Some(Some(d("45"))));
        assert_eq!(convert(d("3"), "亩", "平方米"), Some(Some(d("2000"))));
        // 666.666… 平方米 does not end.
        assert_eq!(convert(d("1"), "亩", "平方米"), Some(None));
        assert_eq!(convert(d("2.5"), "吨", "公斤"), Some(Some(d("2500"))));
        assert_eq!(convert(d("90"), "分钟", "小时"), Some(Some(d("1.5"))));
        assert_eq!(convert(d("1"), "米", "公斤"), None);
        assert_eq!(convert(d("1"), "天", "小时"), None);
        // Multipliers: of a measure, of a count, of money.
        assert_eq!(convert(d("1.2"), "万亩", "亩"), Some(Some(d("12000"))));
        assert_eq!(convert(d("30"), "公顷", "万亩"), Some(Some(d("0.045"))));
        assert_eq!(convert(d("3"), "万人次", "人次"), Some(Some(d("30000"))));
        assert_eq!(convert(d("0.5"), "亿元", "万元"), Some(Some(d("5000"))));
        assert_eq!(convert(d("2"), "万吨", "吨"), Some(Some(d("20000"))));
        assert_eq!(convert(d("1"), "万人", "人次"), None);
        assert_eq!(convert(d("1"), "万", "人"), None);
        assert_eq!(convert(d("1"), "千米", "米"), Some(Some(d("1000"))));
    }
}
