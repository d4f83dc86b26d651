//! A category's points shared among its rows (or a block's part among the block's rows): as
//! stated, as 权重 percentages, evenly, or prorated when they do not add up (财预〔2020〕10号),
//! with each row's points before rounding and the points the unit scored it against.

use rust_decimal::Decimal;

use super::points::apportion;
use crate::base::quantity::fmt_points;
use crate::ir::Form;
use crate::report::{Finding, RowInfo};

/// The points `w` of a group of rows (a category, or its part in one block), to split among
/// the rows `idx`. `exact`: `w` before it was rounded (a block's part of its category);
/// `printed`: the points the form prints for the group (`产出指标（40分）`), the ones the unit
/// scored against.
pub(super) struct Group<'a> {
    pub(super) name: &'a str,
    pub(super) w: Decimal,
    pub(super) exact: Decimal,
    pub(super) printed: Option<Decimal>,
}

pub(super) fn share_points(
    form: &Form,
    group: &Group<'_>,
    places: u32,
    rows: &mut [RowInfo],
    idx: &[usize],
    findings: &mut Vec<Finding>,
) {
    let (name, w) = (group.name, group.w);
    shares_to_points(name, w, places, rows, idx, findings);
    let mut stated: Vec<Option<Decimal>> = idx.iter().map(|k| rows[*k].stated_points).collect();
    let given: Decimal = stated.iter().flatten().sum();
    let mut unwritten = "未填分值";
    // Every row written with 0 points leaves the category's points to no one: taken as not
    // written (shared evenly where the scheme does), and said.
    if !w.is_zero() && given.is_zero() && stated.iter().all(Option::is_some) {
        findings.push(Finding {
            kind: "row_points_zero",
            text: format!(
                "{name}各行分值都写为 0，本类 {} 分按未填分值处理",
                w.normalize()
            ),
        });
        stated = vec![None; stated.len()];
        unwritten = "分值都写为 0";
        // The rows too: their points are now the shared ones, compared and explained as such.
        for k in idx {
            rows[*k].stated_points = None;
        }
    }
    let unstated = stated.iter().filter(|p| p.is_none()).count();
    let n = idx.len();
    let wn = w.normalize();
    let mut prorated = None;
    let (mut points, note): (Vec<Decimal>, Option<String>) = if unstated == 0 {
        (stated.iter().map(|p| p.unwrap_or_default()).collect(), None)
    } else if unstated == n && form.share_evenly {
        let p = apportion(w, &vec![Decimal::ONE; n], places);
        let text = if n == 1 {
            format!("{unwritten}，{name}的 {wn} 分全部计入本行")
        } else if p.iter().all(|x| *x == p[0]) {
            format!("各行{unwritten}，{name}的 {wn} 分由 {n} 行平均分配")
        } else {
            format!(
                "各行{unwritten}，{name}的 {wn} 分由 {n} 行平均分配，尾差 {} 分计入前几行",
                fmt_points(w - p[n - 1] * Decimal::from(n as u64), places)
            )
        };
        (p, Some(text))
    } else {
        let rest = w - given;
        let text;
        let p = if rest > Decimal::ZERO && form.share_evenly {
            text = format!(
                "{name}有 {unstated} 行未填分值，分得其余的 {} 分",
                rest.normalize()
            );
            let shares = apportion(rest, &vec![Decimal::ONE; unstated], places);
            let mut it = shares.into_iter();
            stated
                .iter()
                .map(|p| p.unwrap_or_else(|| it.next().unwrap_or_default()))
                .collect()
        } else {
            // Pinned (README 自评表 5): such rows are scored out of 0 points; each says so,
            // so that how it did is not hidden.
            text = format!("{name}有 {unstated} 行未填分值，无分可分，这些行按 0 分计");
            for (j, k) in idx.iter().enumerate() {
                if stated[j].is_none() {
                    rows[*k].note(
                        "row_zero_points",
                        format!("未填分值，而{name}的分值已由其他行分完，本行按 0 分计，完成与否都不影响得分；请填写分值"),
                    );
                }
            }
            stated.iter().map(|p| p.unwrap_or_default()).collect()
        };
        findings.push(Finding {
            kind: "row_points_missing",
            text: text.clone(),
        });
        (p, Some(text))
    };
    // 财预〔2020〕10号: rows whose points do not add up to the category's are prorated, however
    // the points came about (all stated, or some stated beyond the category and the rest 0).
    let sum: Decimal = points.iter().sum();
    if sum != w && sum > Decimal::ZERO {
        let text = format!(
            "{name}各行分值合计 {} 分，与本类分值 {wn} 分不符，按 {wn}/{} 折算",
            sum.normalize(),
            sum.normalize()
        );
        findings.push(Finding {
            kind: "row_points_sum",
            text: text.clone(),
        });
        points = apportion(w, &points, places);
        prorated = Some(text);
    }
    // Each row's points before rounding, and the points the unit scored it against.
    let pre: Vec<Decimal> = pre_points(&stated, w, form.share_evenly, unstated);
    let pre_sum: Decimal = pre.iter().sum();
    let given_now: Decimal = stated.iter().flatten().sum();
    for (j, k) in idx.iter().enumerate() {
        let r = &mut rows[*k];
        r.exact_points = if pre_sum.is_zero() {
            points[j]
        } else {
            // pre ≤ the category's points (≤ MAX_POINTS): the product fits.
            group.exact.saturating_mul(pre[j]) / pre_sum
        };
        r.unit_points = stated[j].or_else(|| {
            // An unstated row's share of what the form printed for the group.
            let p = group.printed?;
            (p > given_now && unstated > 0)
                .then(|| (p - given_now) / Decimal::from(unstated as u64))
        });
    }
    for (j, k) in idx.iter().enumerate() {
        let r = &mut rows[*k];
        r.points = points[j];
        if r.stated_points == Some(points[j]) {
            continue;
        }
        // A row with its own points changed only by prorating; a row without, by both.
        let own = note.as_ref().filter(|_| r.stated_points.is_none());
        // (A 权重 in percent already says how it became points.)
        let before = r.points_note.take().or_else(|| own.cloned());
        r.points_note = match (before, &prorated) {
            (Some(a), Some(b)) => Some(format!("{a}；{b}")),
            (Some(a), None) => Some(a),
            (None, b) => b.clone(),
        };
    }
}

/// The rows' points before rounding and before any proration to the group's points: a stated
/// row its 分值; unstated rows an even share of what the stated ones leave (of all of `w` when
/// none is stated), where the scheme shares evenly, else 0.
fn pre_points(
    stated: &[Option<Decimal>],
    w: Decimal,
    evenly: bool,
    unstated: usize,
) -> Vec<Decimal> {
    let given: Decimal = stated.iter().flatten().sum();
    let rest = if evenly && unstated > 0 && w > given {
        (w - given) / Decimal::from(unstated as u64)
    } else {
        Decimal::ZERO
    };
    stated.iter().map(|p| p.unwrap_or(rest)).collect()
}

/// 权重 written as a percentage (湖北) of the points `w` the rows `idx` share (a category's, or
/// its part in one block of a form in blocks): each row's points. When every row writes one,
/// `w` is split by them exactly (largest remainder, adding up to `w`; a total other than 100%
/// is said); a row in % among rows in points takes its share of `w`, 四舍五入, and the mix
/// is said.
fn shares_to_points(
    name: &str,
    w: Decimal,
    places: u32,
    rows: &mut [RowInfo],
    idx: &[usize],
    findings: &mut Vec<Finding>,
) {
    let shares: Vec<Decimal> = idx.iter().filter_map(|k| rows[*k].stated_share).collect();
    if shares.is_empty() {
        return;
    }
    let all = shares.len() == idx.len();
    // Shares are at most 10^20 (a report number) and w ≤ 1,000,000: each product fits.
    let points: Vec<Decimal> = if all {
        apportion(w, &shares, places)
    } else {
        shares
            .iter()
            .map(|s| {
                crate::base::number::round(w.saturating_mul(*s) / Decimal::ONE_HUNDRED, places)
            })
            .collect()
    };
    let total: Decimal = shares.iter().sum();
    let wn = w.normalize();
    if all && total != Decimal::ONE_HUNDRED && !total.is_zero() {
        findings.push(Finding {
            kind: "row_weights_sum",
            text: format!(
                "{name}各行权重合计 {}%，不是 100%，按比例折算为本类的 {wn} 分",
                total.normalize()
            ),
        });
    }
    if !all {
        findings.push(Finding {
            kind: "row_weights_mixed",
            text: format!(
                "{name}的各行权重有的写百分比、有的写分值：百分比按本类 {wn} 分折算成分值后一并计算"
            ),
        });
    }
    let mut p = points.into_iter();
    for k in idx {
        let r = &mut rows[*k];
        let Some(share) = r.stated_share else {
            continue;
        };
        let pts = p.next().unwrap_or_default();
        r.stated_points = Some(pts);
        r.points_note = Some(if all && total != Decimal::ONE_HUNDRED {
            format!(
                "权重 {}%（{name}各行合计 {}%），按 {}/{} × {wn} 分折算为 {} 分",
                share.normalize(),
                total.normalize(),
                share.normalize(),
                total.normalize(),
                pts.normalize()
            )
        } else {
            format!(
                "权重 {}% 按{name}的 {wn} 分折算为 {} 分",
                share.normalize(),
                pts.normalize()
            )
        });
    }
}
