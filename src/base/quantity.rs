//! Quantities in words and rounding: `5.00`, `+1.50`, `88%`, `15.2万元`, `[0, 100%]`, and
//! 四舍五入 at a number of places. Every stage writes numbers through these, so a value reads
//! the same in a diagnostic, an explanation and a table.

use rust_decimal::Decimal;

use super::interval::Range;
use super::number::round;
use super::units::Dim;

/// Points with exactly `places` decimals: 5.00, 71.60.
pub fn fmt_points(v: Decimal, places: u32) -> String {
    round(v, places).to_string()
}

/// A figure a department or the bureau wrote (自评, 核定), or a difference involving one: at
/// least `places` decimals, and every decimal it was written with. Never rounded, so two
/// figures that differ never read the same (核定 2.496 beside 计算 2.50, 差 -0.004).
pub fn fmt_given(v: Decimal, places: u32) -> String {
    round(v, places.max(v.normalize().scale())).to_string()
}

/// [`fmt_given`] with a sign, as [`fmt_signed`].
pub fn fmt_given_signed(v: Decimal, places: u32) -> String {
    let s = fmt_given(v, places);
    if v > Decimal::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

/// A change in points with its sign: `+1.50`, `-0.25`, `0.00` (no `+` on what rounds to 0).
pub fn fmt_signed(v: Decimal, places: u32) -> String {
    let s = fmt_points(v, places);
    if v > Decimal::ZERO && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// A number as given, without needless trailing zeros beyond what was written.
pub fn fmt_plain(v: Decimal) -> String {
    if v.scale() > 4 {
        let r = round(v, 2);
        let exact = r == v;
        format!("{}{}", if exact { "" } else { "≈" }, r)
    } else {
        v.to_string()
    }
}

/// The most decimals a calculation line shows before it rounds and marks `≈`.
pub const CALC_PLACES: u32 = 4;

/// A number in a calculation a reader checks by hand: with `places` decimals when that is
/// exact (`2.40`), with the digits it has, up to [`CALC_PLACES`], when more are needed
/// (`2.3952`), and rounded to [`CALC_PLACES`] and marked `≈` beyond that (`≈0.3333`). Never
/// a rounded number without its mark.
pub fn fmt_calc(v: Decimal, places: u32) -> String {
    let shown = round(v, places);
    if shown == v {
        return shown.to_string();
    }
    let n = v.normalize();
    if n.scale() <= CALC_PLACES {
        n.to_string()
    } else {
        format!("≈{}", round(v, CALC_PLACES))
    }
}

/// A value in its dimension: rates as percentages to 2 places (≈ when not exact).
pub fn fmt_quantity(v: Decimal, dim: Dim) -> String {
    match dim {
        Dim::Ratio => {
            let pct = v.saturating_mul(Decimal::ONE_HUNDRED);
            let r = round(pct, 2);
            format!(
                "{}{}%",
                if r == pct.normalize() || r == pct {
                    ""
                } else {
                    "≈"
                },
                r
            )
        }
        Dim::Plain => fmt_plain(v),
        Dim::Points => format!("{}分", fmt_plain(v)),
        d => format!("{}{}", fmt_plain(v), d.word()),
    }
}

/// A range in words: `(0, ∞)`, `[0, 100%]`.
pub fn fmt_range(r: &Range, dim: Dim) -> String {
    let lo = match r.lo {
        Some((v, inc)) => format!("{}{}", if inc { "[" } else { "(" }, fmt_bound(v, dim)),
        None => "(-∞".into(),
    };
    let hi = match r.hi {
        Some((v, inc)) => format!("{}{}", fmt_bound(v, dim), if inc { "]" } else { ")" }),
        None => "+∞)".into(),
    };
    format!("{lo}, {hi}")
}

/// A range in the words a form uses: `不小于 0 万元`, `大于 0 人`, `0% 至 100%`, `不大于 3`,
/// `不小于 6 分、小于 8 分`, `不限`.
pub fn range_words(r: &Range, dim: Dim) -> String {
    let b = |v: Decimal| match dim {
        Dim::Ratio | Dim::Plain | Dim::Row => fmt_bound(v, dim),
        d => format!("{} {}", v.normalize(), d.word()),
    };
    match (r.lo, r.hi) {
        (None, None) => "不限".into(),
        (Some((lo, true)), None) => format!("不小于 {}", b(lo)),
        (Some((lo, false)), None) => format!("大于 {}", b(lo)),
        (None, Some((hi, true))) => format!("不大于 {}", b(hi)),
        (None, Some((hi, false))) => format!("小于 {}", b(hi)),
        (Some((lo, true)), Some((hi, true))) => format!("{} 至 {}", b(lo), b(hi)),
        (Some((lo, li)), Some((hi, hi_in))) => format!(
            "{} {}、{} {}",
            if li { "不小于" } else { "大于" },
            b(lo),
            if hi_in { "不大于" } else { "小于" },
            b(hi)
        ),
    }
}

/// A bound or single value of a dimension: `10%`, `3人`, `0.5`.
pub fn fmt_bound(v: Decimal, dim: Dim) -> String {
    match dim {
        Dim::Ratio => format!("{}%", (v.saturating_mul(Decimal::ONE_HUNDRED)).normalize()),
        Dim::Plain | Dim::Points => v.normalize().to_string(),
        d => format!("{}{}", v.normalize(), d.word()),
    }
}

/// A ratio as a percentage: `105%`, `≈96.84%`; one too large to write as a percentage
/// (a tiny target met many times over) is said to be beyond every percentage.
pub fn fmt_percent(v: Decimal) -> String {
    let Some(p) = v.checked_mul(Decimal::ONE_HUNDRED) else {
        return "无法以百分比表示的倍数".into();
    };
    if round(p, 2) == p {
        fmt_bound(v, Dim::Ratio)
    } else {
        fmt_quantity(v, Dim::Ratio)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_words() {
        let r = |lo: Option<(i64, bool)>, hi: Option<(i64, bool)>| Range {
            lo: lo.map(|(v, i)| (Decimal::from(v), i)),
            hi: hi.map(|(v, i)| (Decimal::from(v), i)),
        };
        assert_eq!(
            range_words(&r(Some((0, false)), None), Dim::Plain),
            "大于 0"
        );
        assert_eq!(
            range_words(&r(Some((0, true)), None), Dim::Plain),
            "不小于 0"
        );
        assert_eq!(
            range_words(&r(Some((0, true)), Some((3, true))), Dim::Points),
            "0 分 至 3 分"
        );
        assert_eq!(
            range_words(&r(Some((6, true)), Some((8, false))), Dim::Points),
            "不小于 6 分、小于 8 分"
        );
        assert_eq!(
            range_words(
                &r(Some((0, false)), None),
                Dim::Count(crate::base::units::CountWord::Person)
            ),
            "大于 0 人"
        );
        assert_eq!(range_words(&r(None, None), Dim::Plain), "不限");
    }
}
