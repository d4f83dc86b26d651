//! An actual against its target's unit: the same unit, 元 and 万元, % and 个百分点, one
//! measure converted exactly ([`super::measure`]), a completion percentage against a count, a
//! bare number against a unit with a multiplier (not guessed), or units that do not compare.

use rust_decimal::Decimal;

use super::{measure, RowUnit};
use crate::base::units::{Money, UnitWord};

/// How an actual relates to a target's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// Comparable: the actual in the target's unit.
    Same(Decimal),
    /// A completion percentage against a target that is not a percentage.
    Completion(Decimal),
    /// Units that cannot be compared.
    Mismatch,
    /// A bare number against a unit with a multiplier (`12000` against `≥1.5万人次`): whether
    /// it counts 万人次 or 人次 is not written.
    Unstated,
    /// Comparable in the actual's unit (or a finer one): the target converts exactly where
    /// the actual does not (20公顷 against 100亩 is 300亩 against 100亩; 1小时 against 50分钟 is
    /// 60分钟 against 50分钟).
    Rescaled {
        /// The actual in `unit`.
        actual: Decimal,
        /// The target in `unit`.
        target: Decimal,
        /// The unit both are in.
        unit: RowUnit,
    },
    /// Comparable, but the conversion would not be exact either way (1亩 and 平方米), or
    /// would need more than 28 decimal places.
    Inexact,
}

/// Puts an actual quantity into the target's unit: 元 ↔ 万元 and the units of one measure
/// ([`measure`]: 厘米 ↔ 米, 亩 ↔ 公顷 …) convert, a missing unit takes
/// the target's, a percentage against a count or an amount is a completion percentage.
pub fn fit(target: &RowUnit, value: Decimal, unit: &RowUnit) -> Fit {
    let multiplied =
        |u: &RowUnit| matches!(u, RowUnit::Other(w) if measure::split_multiplier(w).0 > 1);
    match (target, unit) {
        (t, u) if t == u => Fit::Same(value),
        (t, RowUnit::None) | (RowUnit::None, t) if multiplied(t) => Fit::Unstated,
        (_, RowUnit::None) => match target {
            RowUnit::Word(u) => u.scale_exact(value).map_or(Fit::Inexact, Fit::Same),
            _ => Fit::Same(value),
        },
        (RowUnit::None, u) if u.is_percent() => Fit::Completion(value),
        (RowUnit::None, _) => Fit::Same(value),
        (RowUnit::Word(UnitWord::Wanyuan), RowUnit::Word(UnitWord::Yuan)) => Money::Yuan
            .convert(value, Money::Wanyuan)
            .map_or(Fit::Inexact, Fit::Same),
        (RowUnit::Word(UnitWord::Yuan), RowUnit::Word(UnitWord::Wanyuan)) => Money::Wanyuan
            .convert(value, Money::Yuan)
            .map_or(Fit::Inexact, Fit::Same),
        (RowUnit::Word(UnitWord::Percent), RowUnit::Word(UnitWord::PercentPoint))
        | (RowUnit::Word(UnitWord::PercentPoint), RowUnit::Word(UnitWord::Percent)) => {
            Fit::Same(value)
        }
        (t, u) if u.is_percent() && !t.is_percent() => Fit::Completion(value),
        // 厘米 and 米, 亩 and 公顷, 公斤 and 吨: one measure, converted exactly.
        (t, u) => match measure::convert(value, u.word(), t.word()) {
            Some(Some(v)) => Fit::Same(v),
            Some(None) => Fit::Inexact,
            // 人 and 人次, 个 and 家: counted things must agree.
            None => Fit::Mismatch,
        },
    }
}

/// [`fit`], and when the actual does not convert exactly into the target's unit, the target
/// into the actual's unit or both into the finer unit of their measure (`target` is the
/// target's value in `target_unit`).
pub fn fit_both(target_unit: &RowUnit, target: Decimal, value: Decimal, unit: &RowUnit) -> Fit {
    match fit(target_unit, value, unit) {
        Fit::Inexact => {}
        other => return other,
    }
    let (tw, aw) = (target_unit.word(), unit.word());
    if let Some(Some(t)) = measure::convert(target, tw, aw) {
        return Fit::Rescaled {
            actual: value,
            target: t,
            unit: unit.clone(),
        };
    }
    match measure::finest(tw, aw) {
        Some(base) => match (
            measure::convert(value, aw, base),
            measure::convert(target, tw, base),
        ) {
            (Some(Some(a)), Some(Some(t))) => Fit::Rescaled {
                actual: a,
                target: t,
                unit: RowUnit::Other(base.to_string()),
            },
            _ => Fit::Inexact,
        },
        None => Fit::Inexact,
    }
}
