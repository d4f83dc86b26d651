//! A form's row points and the findings that need them: the category's points shared among
//! its rows (as stated, evenly, or prorated when they do not add up, 财预〔2020〕10号), and each
//! row's self-score checked against its points, its met target and the tier its actual names.

use rust_decimal::Decimal;

use crate::base::number::Rounding;
use crate::base::quantity::{fmt_percent, fmt_points, fmt_range};
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

pub(super) fn share_points(
    form: &Form,
    name: &str,
    w: Decimal,
    places: u32,
    rows: &mut [RowInfo],
    idx: &[usize],
    findings: &mut Vec<Finding>,
) {
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
        r.stated_points,
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
            .map(|(_, t)| fmt_range(t, Dim::Ratio))
            .unwrap_or_default();
        let shown = fmt_range(&scores, Dim::Points);
        r.note(
            "tier_as_actual",
            format!(
                "完成值“{}”属“{name}”档 {tier_range}，本行得分应在 {shown} 分之间；请在 `完成比例` 中填写该档内的比例，本行未计分",
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
                    "自评得分{as_prorated} {} 分不在“{name}”档的 {shown} 分之内",
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
