//! A leaf's reachable scores against its points: constant, short of full, 扣完为止, too high.

use rust_decimal::Decimal;

use super::{fmt_pts, fmt_set, fmt_value, unit_of};
use crate::analysis::LeafReach;
use crate::base::diag::Diag;
use crate::base::interval::{Interval, Set};
use crate::base::units::Dim;
use crate::ir::{self, Rule};
use crate::lint::Lint;
use crate::syntax::ast::{self, Direction};

/// The rule's reachable best and worst against the indicator's points.
pub(super) fn budget(
    n: &ir::Node,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    dim: Dim,
    standard: Option<&ast::Text>,
    band_reported: bool,
    diags: &mut Vec<Diag>,
) {
    let range = r
        .subject
        .as_ref()
        .map_or_else(|| "（无）".into(), |s| fmt_set(s, dim));
    if let Some(p) = r.scores.as_point() {
        constant_score(n, p, diags);
        return;
    }
    if r.rule_env.is_dead() || r.rule_scores.is_empty() {
        return;
    }
    best_unreachable(n, leaf, r, &range, band_reported, diags);
    floor_unreachable(n, leaf, r, dim, standard, &range, diags);
    exceeds_points(n, leaf, r, dim, diags);
}

/// `constant-score`: the leaf scores `p` whatever the data.
fn constant_score(n: &ir::Node, p: Decimal, diags: &mut Vec<Diag>) {
    diags.push(
        Diag::new(
            Lint::ConstantScore {
                name: n.name.clone(),
                score: fmt_pts(p),
            },
            n.span,
        )
        .label(format!("总是 {} 分", fmt_pts(p))),
    );
}

/// `best-unreachable`: the rule's best score is below the points (not repeated where a dead
/// band was already reported).
fn best_unreachable(
    n: &ir::Node,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    range: &str,
    band_reported: bool,
    diags: &mut Vec<Diag>,
) {
    if let Some(Some((best, _))) = r.rule_scores.hi() {
        if best < n.weight && !band_reported {
            diags.push(
                Diag::new(
                    Lint::BestUnreachable {
                        name: n.name.clone(),
                        best: fmt_pts(best),
                        weight: fmt_pts(n.weight),
                        range: range.to_string(),
                    },
                    leaf.rule_span,
                )
                .label(format!("最高 {} 分", fmt_pts(best))),
            );
        }
    }
}

/// `floor-unreachable`: the standard says 扣完为止 but the deductions never reach the floor.
fn floor_unreachable(
    n: &ir::Node,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    dim: Dim,
    standard: Option<&ast::Text>,
    range: &str,
    diags: &mut Vec<Diag>,
) {
    let promises_floor = standard.is_some_and(|t| t.text.contains("扣完"));
    let floor = match &leaf.rule {
        Rule::Threshold(t) => Some(t.floor),
        Rule::PerEvent { .. } => Some(Decimal::ZERO),
        _ => None,
    };
    if let (true, Some(floor), Some(Some((worst, _))), Some(s)) =
        (promises_floor, floor, r.rule_scores.lo(), &r.subject)
    {
        if worst > floor {
            let example = worst_example(&leaf.rule, s, dim);
            diags.push(
                Diag::new(
                    Lint::FloorUnreachable {
                        name: n.name.clone(),
                        worst: fmt_pts(worst),
                        example: example.clone(),
                        range: range.to_string(),
                        floor: fmt_pts(floor),
                    },
                    leaf.rule_span,
                )
                .label(format!("最低 {} 分", fmt_pts(worst)))
                .example(example),
            );
        }
    }
}

/// The value in `s` that loses the most points under `rule`, in words: the end of the range
/// away from the standard.
fn worst_example(rule: &Rule, s: &Set, dim: Dim) -> String {
    let end = match rule {
        Rule::Threshold(t) if t.dir == Direction::Below => s.lo(),
        Rule::Threshold(t) if t.dir == Direction::Either => {
            let far_low = match (s.lo(), s.hi()) {
                (Some(Some((l, _))), Some(Some((h, _)))) => {
                    t.threshold.saturating_sub(l) > h.saturating_sub(t.threshold)
                }
                _ => false,
            };
            if far_low {
                s.lo()
            } else {
                s.hi()
            }
        }
        _ => s.hi(),
    };
    match end {
        Some(Some((v, true))) => fmt_value(v, dim),
        Some(Some((v, false))) => format!("接近 {}", fmt_value(v, dim)),
        _ => "极端值".into(),
    }
}

/// `exceeds-points`: a proportional rule whose raw score can pass the points.
fn exceeds_points(
    n: &ir::Node,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    dim: Dim,
    diags: &mut Vec<Diag>,
) {
    let unit = unit_of(dim);
    if let (Rule::Proportional { cap }, Some(s), Some(Some((raw_hi, _)))) =
        (&leaf.rule, &r.subject, r.rule_raw.hi())
    {
        if raw_hi > n.weight {
            let over = s.intersect(&Set::interval(
                Interval {
                    lo: Some((Decimal::ONE, false)),
                    hi: Some((*cap, true)),
                },
                false,
            ));
            if let Some(v) = over.example(unit) {
                let example = fmt_value(v, dim);
                diags.push(
                    Diag::new(
                        Lint::ExceedsPoints {
                            name: n.name.clone(),
                            example: example.clone(),
                            raw: fmt_pts(n.weight.saturating_mul(v.min(*cap))),
                            weight: fmt_pts(n.weight),
                        },
                        leaf.rule_span,
                    )
                    .example(example),
                );
            }
        }
    }
}
