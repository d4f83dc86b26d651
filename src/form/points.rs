//! A form's row points and the findings that need them: the category's points shared among
//! its rows (as stated, evenly, or prorated when they do not add up, 财预〔2020〕10号), and each
//! row's self-score checked against its points, its met target and the tier its actual names.

use rust_decimal::Decimal;

use crate::base::number::Rounding;
use crate::base::quantity::{fmt_percent, fmt_points};
use crate::base::units::Dim;
use crate::ir::{Form, NodeId, RowKind, Scheme};
use crate::report::blocks;
use crate::report::{Finding, InputValue, RowInfo};

/// Splits `total` into parts proportional to `weights`, each rounded to `places` and adding
/// up exactly (largest remainder; ties go to the earlier row).
pub fn apportion(total: Decimal, weights: &[Decimal], places: u32) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    if weights.is_empty() || sum.is_zero() {
        return vec![Decimal::ZERO; weights.len()];
    }
    let unit = Decimal::new(1, places);
    // w ÷ sum is in [0, 1] (weights are stated points ≥ 0), so each share is at most `total`;
    // cutting to `places` toward zero is the floor of a share ≥ 0, with no division.
    let exact: Vec<Decimal> = weights
        .iter()
        .map(|w| total.saturating_mul(*w / sum))
        .collect();
    let mut parts: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::ToZero))
        .collect();
    let given: Decimal = parts.iter().sum();
    let mut left = ((total - given) / unit).round();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| (exact[*b] - parts[*b]).cmp(&(exact[*a] - parts[*a])));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        parts[i] += unit;
        left -= Decimal::ONE;
    }
    parts
}

/// Categories whose points the report sets (`行 分值由报告定`, 湖北、四川 forms): each takes
/// the points printed with its name (`产出指标（60分）`), else the sum of its rows' stated
/// points, else the scheme's; the categories so marked under one parent share the scheme's
/// total of their points (the national 80 or 90), prorated when the form's do not add up to it.
pub(super) fn report_set_points(
    base: &Scheme,
    rows: &[RowInfo],
    weight: &mut [Decimal],
    notes: &mut [Vec<String>],
    findings: &mut Vec<Finding>,
) {
    let mut groups: Vec<(Option<NodeId>, Vec<usize>)> = Vec::new();
    for (i, n) in base.nodes.iter().enumerate() {
        if !n.rows.is_some_and(|r| r.from_report) {
            continue;
        }
        match groups.iter_mut().find(|(p, _)| *p == n.parent) {
            Some((_, cats)) => cats.push(i),
            None => groups.push((n.parent, vec![i])),
        }
    }
    for (_, cats) in groups {
        let nominal: Decimal = cats.iter().map(|i| weight[*i]).sum();
        let mut set = Vec::with_capacity(cats.len());
        for &i in &cats {
            let mine: Vec<&RowInfo> = rows.iter().filter(|r| r.category.0 as usize == i).collect();
            let blocked = mine.iter().any(|r| r.block.is_some());
            let printed = blocks::category_points(&mine);
            if let Some(p) = printed.filter(|_| !blocked) {
                if let Some(other) = mine
                    .iter()
                    .filter_map(|r| r.category_points)
                    .find(|q| *q != p)
                {
                    findings.push(Finding {
                        kind: "category_points_conflict",
                        text: format!(
                            "{}的分值在报告中写了 {} 分和 {} 分，按 {} 分计",
                            base.nodes[i].name,
                            p.normalize(),
                            other.normalize(),
                            p.normalize()
                        ),
                    });
                }
            }
            let stated = (!mine.is_empty() && mine.iter().all(|r| r.stated_points.is_some()))
                .then(|| mine.iter().filter_map(|r| r.stated_points).sum::<Decimal>());
            set.push(printed.or(stated).unwrap_or(weight[i]));
        }
        let given: Decimal = set.iter().sum();
        let points = if given == nominal || given.is_zero() {
            set
        } else {
            let names: Vec<&str> = cats.iter().map(|i| base.nodes[*i].name.as_str()).collect();
            findings.push(Finding {
                kind: "category_points_sum",
                text: format!(
                    "报告定的{}分值合计 {} 分，与方案规定的 {} 分不符，按比例折算",
                    names.join("、"),
                    given.normalize(),
                    nominal.normalize()
                ),
            });
            apportion(nominal, &set, base.places)
        };
        for (k, &i) in cats.iter().enumerate() {
            if points[k] != weight[i] {
                let text = format!(
                    "{}的分值按报告定为 {} 分（方案中为 {} 分）",
                    base.nodes[i].name,
                    points[k].normalize(),
                    weight[i].normalize()
                );
                notes[i].push(text.clone());
                findings.push(Finding {
                    kind: "category_points_from_report",
                    text,
                });
            }
            weight[i] = points[k];
        }
    }
}

/// Points a form prints with a category's name that are not the category's (after merging;
/// a category whose points the report sets takes them instead): said on the row that printed
/// them, once per value. A form in blocks prints a part per block: their sum is said once on
/// the category's first row, and blocks that print none beside ones that do.
pub(super) fn printed_differ(base: &Scheme, weight: &[Decimal], rows: &mut [RowInfo]) {
    for (i, n) in base.nodes.iter().enumerate() {
        let Some(slot) = n.rows else { continue };
        let w = weight[i];
        let idx: Vec<usize> = (0..rows.len())
            .filter(|k| rows[*k].category.0 as usize == i)
            .collect();
        let Some(&first) = idx.first() else { continue };
        let mine: Vec<&RowInfo> = idx.iter().map(|k| &rows[*k]).collect();
        let blocks: Vec<(String, Option<Decimal>)> = blocks::printed_by_block(&mine)
            .into_iter()
            .map(|(b, p)| (b.to_string(), p))
            .collect();
        if blocks.is_empty() && !slot.from_report {
            let mut said: Vec<Decimal> = Vec::new();
            for &k in &idx {
                let r = &mut rows[k];
                let (Some(p), Some(as_)) = (r.category_points, r.printed_as.clone()) else {
                    continue;
                };
                if p != w && !said.contains(&p) {
                    said.push(p);
                    r.note(
                        "category_points_differ",
                        format!(
                            "{as_}，方案中 {} 为 {} 分，按方案计分",
                            n.name,
                            w.normalize()
                        ),
                    );
                }
            }
            continue;
        }
        if blocks.is_empty() {
            continue;
        }
        let sum = blocks::category_points(&mine).filter(|_| !slot.from_report);
        let unprinted: Vec<&str> = blocks
            .iter()
            .filter(|(_, p)| p.is_none())
            .map(|(b, _)| b.as_str())
            .collect();
        let r = &mut rows[first];
        if blocks.iter().any(|(_, p)| p.is_some()) && !unprinted.is_empty() {
            r.note(
                "category_points_partial",
                format!(
                    "{} 没有印 {} 的分值，各块印的分值无法分开使用，按各行分值（或平均）分配本类分值",
                    unprinted.join("、"),
                    n.name
                ),
            );
        }
        if let Some(sum) = sum.filter(|s| *s != w) {
            let parts: Vec<String> = blocks
                .iter()
                .map(|(b, p)| format!("{b} {} 分", p.unwrap_or_default().normalize()))
                .collect();
            r.note(
                "category_points_differ",
                format!(
                    "各绩效目标中的 {} 合计写 {} 分（{}），方案中为 {} 分，按方案计分",
                    n.name,
                    sum.normalize(),
                    parts.join("、"),
                    w.normalize()
                ),
            );
        }
    }
}

/// The scores a row whose actual names tier `i` can have: its points times the tier's range
/// (`[72, 90]` of 90 points for 达成 [80%, 100%]), with the tier's ends.
pub fn tier_scores(
    form: &Form,
    r: &RowInfo,
    i: usize,
) -> Option<(String, crate::base::interval::Range)> {
    let (name, range) = form.tiers.get(i)?;
    let times = |end: Option<(Decimal, bool)>| {
        end.and_then(|(v, inc)| Some((v.checked_mul(r.points)?.normalize(), inc)))
    };
    let scores = crate::base::interval::Range {
        lo: times(range.lo),
        hi: times(range.hi),
    };
    Some((name.clone(), scores))
}

pub(super) fn check_row(form: &Form, r: &mut RowInfo, places: u32, rounding: Rounding) {
    // A self-score given on points that were then prorated is compared on the new points.
    if let (Some(own), Some(stated), Some(scaled)) = (
        r.self_score,
        r.unit_points,
        r.self_rescaled(places, rounding),
    ) {
        r.note(
            "self_rescaled",
            format!(
                "自评 {} 分按原分值 {} 分给出；本行分值折算为 {} 分，自评按同一比例折算为 {} 分后与得分比较",
                own.normalize(),
                stated.normalize(),
                r.points.normalize(),
                fmt_points(scaled, places)
            ),
        );
    }
    // An actual that names its tier in words: the tier's range of scores, and whether the
    // unit's own score lies in it.
    if let Some((name, scores)) = r.tier.and_then(|i| tier_scores(form, r, i)) {
        let tier_range = r
            .tier
            .and_then(|i| form.tiers.get(i))
            .map(|(_, t)| crate::base::quantity::range_words(t, Dim::Ratio))
            .unwrap_or_default();
        let shown = crate::base::quantity::range_words(&scores, Dim::Points);
        r.note(
            "tier_as_actual",
            format!(
                "完成值“{}”属“{name}”档（{tier_range}），本行得分范围：{shown}；请在 `完成比例` 中填写该档内的比例，本行未计分",
                r.actual_text
            ),
        );
        // On prorated points, the self-score as prorated.
        let own = r.self_rescaled(places, rounding).or(r.self_score);
        if let Some(own) = own.filter(|own| !scores.contains(*own)) {
            let as_prorated = if r.self_rescaled(places, rounding).is_some() {
                "（按本行折算后的分值）"
            } else {
                ""
            };
            r.note(
                "self_outside_tier",
                format!(
                    "自评得分{as_prorated} {} 分不在“{name}”档的得分范围（{shown}）之内",
                    own.normalize()
                ),
            );
        }
    }
    if let Some(own) = r.self_score {
        let cap = r.stated_points.unwrap_or(r.points);
        if own > cap {
            r.note(
                "self_above_points",
                format!(
                    "自评得分 {} 分高于本行分值 {} 分",
                    own.normalize(),
                    cap.normalize()
                ),
            );
        } else if r.met() == Some(true) && own < cap {
            r.note(
                "met_below_full",
                format!(
                    "已达到指标值，自评却只给 {} 分（分值 {} 分）",
                    own.normalize(),
                    cap.normalize()
                ),
            );
        }
    }
    let (Some(hint), Some(InputValue::Num(a)), Some(InputValue::Num(t))) =
        (form.over_hint, &r.values[0], &r.values[1])
    else {
        return;
    };
    // A ratio of negatives says nothing of over-achievement.
    if a.is_sign_negative() || t.is_sign_negative() {
        return;
    }
    // A quotient too large to hold (a tiny target, a huge actual) is far past any hint.
    let ratio = match r.kind {
        RowKind::Lower if !t.is_zero() => a.checked_div(*t).unwrap_or(Decimal::MAX),
        RowKind::Upper if !a.is_zero() => t.checked_div(*a).unwrap_or(Decimal::MAX),
        _ => return,
    };
    if ratio >= hint {
        let side = if r.kind == RowKind::Lower {
            match ratio.checked_mul(Decimal::ONE_HUNDRED) {
                Some(_) => format!(
                    "实际完成值 {} 是指标值 {} 的 {}",
                    r.show(*a),
                    r.show(*t),
                    fmt_percent(ratio)
                ),
                None => format!(
                    "实际完成值 {} 远超指标值 {}（倍数大到无法以百分比表示）",
                    r.show(*a),
                    r.show(*t)
                ),
            }
        } else {
            format!(
                "实际完成值 {} 仅为指标值 {} 的 {}",
                r.show(*a),
                r.show(*t),
                a.checked_div(*t)
                    .map_or_else(|| "极小比例".into(), fmt_percent)
            )
        };
        match &r.reason {
            Some(why) => {
                let text = format!("{side}，偏离较大；已说明原因：{why}");
                r.note("far_exceeded_explained", text);
            }
            None => {
                let text = format!(
                    "{side}，偏离较大（超额提示 {}），应在偏差原因中说明",
                    fmt_percent(hint)
                );
                r.note("far_exceeded", text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn apportion_adds_up_exactly() {
        let p = apportion(d("50"), &[Decimal::ONE; 7], 2);
        assert_eq!(p.iter().sum::<Decimal>(), d("50"));
        assert_eq!(p[0], d("7.15"));
        assert_eq!(p[6], d("7.14"));
        let p = apportion(d("50"), &[Decimal::ONE; 4], 2);
        assert!(p.iter().all(|x| *x == d("12.5")));
        let p = apportion(d("50"), &[d("10"), d("20"), d("30")], 2);
        assert_eq!(p, vec![d("8.33"), d("16.67"), d("25.00")]);
        assert_eq!(p.iter().sum::<Decimal>(), d("50"));
    }
}
