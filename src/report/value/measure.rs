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

/// A unit word's measure and size, or `None` for a word that is not one of them (分钟 is
/// read as a time too).
pub fn of(word: &str) -> Option<(Measure, u64)> {
    if word == "分钟" {
        return Some((Measure::Time, 1));
    }
    UNITS
        .iter()
        .find(|(w, _, _)| *w == word)
        .map(|(_, m, f)| (*m, *f))
}

/// `value` written in `from` expressed in `to`, when both measure the same thing; `Some(None)`
/// when they do but the result does not end (1亩 in 平方米) or has more digits than a decimal
/// holds.
pub fn convert(value: Decimal, from: &str, to: &str) -> Option<Option<Decimal>> {
    let (m1, f1) = of(from)?;
    let (m2, f2) = of(to)?;
    if m1 != m2 {
        return None;
    }
    let exact = value.checked_mul(Decimal::from(f1)).and_then(|base| {
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
    });
    Some(exact)
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
    }
}
