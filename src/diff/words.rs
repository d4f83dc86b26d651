//! Ranges and score pieces in words: `(100%, 105%]`, `5 - 0.5 × 超出的百分点数`.

use rust_decimal::Decimal;

use super::points;
use super::ranges::{ScoreFn, Shape};
use super::RangeJson;
use crate::base::interval::Interval;
use crate::base::quantity::fmt_bound;
use crate::base::units::{Dim, UnitWord};
use crate::ir::Rule;
use crate::syntax::ast::{Direction, StepPolicy};

/// A piece's score in words: `5 - 0.5 × 超出的百分点数`, `0 分`, `8 × 重点工作完成率`.
pub(super) fn shape_text(
    shape: Shape,
    f: ScoreFn<'_>,
    dim: Dim,
    name: &str,
    at: Decimal,
) -> String {
    match shape {
        Shape::None => "不落在任何一档（不计分）".into(),
        Shape::Affine { m, c } if m.is_zero() => format!("{} 分", points(c)),
        Shape::Affine { m, c } => {
            let w = points(f.weight);
            match f.rule {
                Rule::Threshold(t) => {
                    let part = match (t.dir, at < t.threshold) {
                        (Direction::Above, _) | (Direction::Either, false) => "超出",
                        (Direction::Below, _) | (Direction::Either, true) => "低于",
                    };
                    let per = points(t.per_step);
                    let pp = dim == Dim::Ratio
                        && (t.step_unit == Some(UnitWord::PercentPoint)
                            || t.step == Decimal::new(1, 2));
                    let how = match t.policy {
                        StepPolicy::Proportional => "",
                        StepPolicy::FullSteps => "（满档数）",
                        StepPolicy::AnyPart => "（不足一档按一档）",
                    };
                    if pp && t.step == Decimal::new(1, 2) {
                        format!("{w} - {per} × {part}的百分点数{how}")
                    } else {
                        format!("{w} - {per} × {part}部分 ÷ {}{how}", fmt_bound(t.step, dim))
                    }
                }
                Rule::Proportional { .. } => format!("{w} × {name}"),
                _ => format!("{} + {} × {name}", points(c), points(m)),
            }
        }
    }
}

/// A value well inside a range (its middle, rounded to few digits), or its only value.
pub(super) fn example(r: &Interval, unit: Decimal) -> Decimal {
    match (r.lo, r.hi) {
        (Some((l, true)), Some((h, true))) if l == h => l,
        (lo, hi) => Interval {
            lo: lo.map(|(v, _)| (v, false)),
            hi: hi.map(|(v, _)| (v, false)),
        }
        .example(unit),
    }
}

/// A range as JSON: in words and by its ends.
pub(super) fn range_json(r: &Interval, dim: Dim) -> RangeJson {
    RangeJson {
        text: fmt_range_words(r, dim),
        lo: r.lo.map(|(v, _)| v.normalize().to_string()),
        lo_included: r.lo.is_some_and(|(_, c)| c),
        hi: r.hi.map(|(v, _)| v.normalize().to_string()),
        hi_included: r.hi.is_some_and(|(_, c)| c),
    }
}

/// A range in words: `(100%, 105%]`, `≤ 100%`, `≥ 110%`, `= 0例`, `任何值`.
pub fn fmt_range_words(r: &Interval, dim: Dim) -> String {
    let b = |v: Decimal| fmt_bound(v, dim);
    match (r.lo, r.hi) {
        (None, None) => "任何值".into(),
        (None, Some((h, c))) => format!("{} {}", if c { "≤" } else { "<" }, b(h)),
        (Some((l, c)), None) => format!("{} {}", if c { "≥" } else { ">" }, b(l)),
        (Some((l, true)), Some((h, true))) if l == h => format!("= {}", b(l)),
        (Some((l, lc)), Some((h, hc))) => format!(
            "{}{}, {}{}",
            if lc { "[" } else { "(" },
            b(l),
            b(h),
            if hc { "]" } else { ")" }
        ),
    }
}
