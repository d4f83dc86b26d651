//! The rule forms, applied to one leaf.

use rust_decimal::Decimal;

use super::expr::{Cx, Val};
use super::{case_score, finish, Detail, Fault, Ledger, NodeOutcome, Status};
use crate::ir::{CaseOutcome, Leaf, Rule, Subject};
use crate::report::InputValue;
use crate::syntax::ast::{Direction, StepPolicy};

fn unscored(fault: Fault, mut ledger: Ledger) -> NodeOutcome {
    let (status, missing) = match &fault {
        Fault::Missing(m) => (Status::MissingInput, m.clone()),
        _ => (Status::Error, Vec::new()),
    };
    ledger.fault = Some(fault);
    NodeOutcome {
        status,
        score: None,
        missing,
        ledger,
    }
}

/// Scores one leaf.
pub fn leaf(cx: &mut Cx<'_>, leaf: &Leaf, weight: Decimal) -> NodeOutcome {
    let mut ledger = Ledger::EMPTY;
    let (places, rounding) = (cx.scheme.places, cx.scheme.rounding);
    for (i, case) in leaf.cases.iter().enumerate() {
        match cx.bool(&case.cond) {
            Ok(false) => {}
            Ok(true) => {
                ledger.case = Some(i);
                let status = if case.outcome == CaseOutcome::NotApplicable {
                    Status::NotApplicable
                } else {
                    Status::Scored
                };
                let score = rounding.round(case_score(case.outcome, weight), places);
                ledger.raw = Some(score);
                return NodeOutcome {
                    status,
                    score: Some(score),
                    missing: Vec::new(),
                    ledger,
                };
            }
            Err(f) => return unscored(f, ledger),
        }
    }
    match score_rule(cx, leaf, weight, &mut ledger) {
        Ok((raw, floor)) => {
            let score = finish(&mut ledger, raw, floor, weight, places, rounding);
            NodeOutcome {
                status: Status::Scored,
                score: Some(score),
                missing: Vec::new(),
                ledger,
            }
        }
        Err(f) => unscored(f, ledger),
    }
}

fn subject(cx: &mut Cx<'_>, s: Option<Subject>) -> Result<Decimal, Fault> {
    let v = match s {
        Some(Subject::Value(v)) => cx.value(v)?,
        Some(Subject::Input(i)) => cx.input(i)?,
        // INVARIANT: the checker gives every numeric rule a subject.
        None => Val::Num(Decimal::ZERO),
    };
    Ok(match v {
        Val::Num(d) => d,
        Val::Bool(b) => Decimal::from(u8::from(b)),
    })
}

fn raw_input<'r>(cx: &Cx<'r>, id: crate::ir::InputId) -> Result<&'r InputValue, Fault> {
    cx.report
        .inputs
        .get(id.0 as usize)
        .and_then(Option::as_ref)
        .ok_or(Fault::Missing(vec![id]))
}

/// What a rule reads: the number it scores, or the raw value of its input (清单, 等级, 评审).
pub(super) enum Operand<'r> {
    /// A numeric subject.
    Num(Decimal),
    /// A checklist, tier or reviewer input as given.
    Raw(&'r InputValue),
}

/// What the rule reads for `leaf`, from the context.
fn operand<'r>(cx: &mut Cx<'r>, leaf: &Leaf) -> Result<Operand<'r>, Fault> {
    match &leaf.rule {
        Rule::Checklist { input, .. } | Rule::Tiers { input, .. } | Rule::Reviewer { input } => {
            Ok(Operand::Raw(raw_input(cx, *input)?))
        }
        Rule::CasesOnly => Ok(Operand::Num(Decimal::ZERO)),
        _ => Ok(Operand::Num(subject(cx, leaf.subject)?)),
    }
}

/// Applies the rule; returns the raw score and the floor.
fn score_rule(
    cx: &mut Cx<'_>,
    leaf: &Leaf,
    weight: Decimal,
    ledger: &mut Ledger,
) -> Result<(Decimal, Decimal), Fault> {
    let x = operand(cx, leaf)?;
    ledger.subject = match x {
        Operand::Num(v) => Some(v),
        Operand::Raw(InputValue::Review { score, .. }) => Some(*score),
        Operand::Raw(_) => None,
    };
    let (raw, floor, detail) = apply(&leaf.rule, x, weight, leaf.rule_span)?;
    ledger.detail = detail;
    Ok((raw, floor))
}

/// A rule applied to what it reads: the raw score, the floor and what the rule did. Shared
/// by the evaluator with a ledger and the compiled program ([`super::program`]).
#[inline(always)]
pub(super) fn apply(
    rule: &Rule,
    x: Operand<'_>,
    weight: Decimal,
    at: crate::base::source::Span,
) -> Result<(Decimal, Decimal, Detail), Fault> {
    let overflow = || Fault::Overflow { at };
    let num = |x: &Operand<'_>| match x {
        Operand::Num(v) => *v,
        Operand::Raw(_) => Decimal::ZERO,
    };
    match rule {
        Rule::Threshold(t) => {
            let v = num(&x);
            // Compare first: the far side of the threshold must not overflow.
            let excess = match t.dir {
                _ if t.untouched(v) => Decimal::ZERO,
                Direction::Above => v.checked_sub(t.threshold).ok_or_else(overflow)?,
                Direction::Below => t.threshold.checked_sub(v).ok_or_else(overflow)?,
                Direction::Either => v.checked_sub(t.threshold).ok_or_else(overflow)?.abs(),
            };
            let ratio = excess.checked_div(t.step).ok_or_else(overflow)?;
            let steps = match t.policy {
                StepPolicy::Proportional => ratio,
                StepPolicy::FullSteps => ratio.floor(),
                StepPolicy::AnyPart => ratio.ceil(),
            };
            let deduction = steps.checked_mul(t.per_step).ok_or_else(overflow)?;
            let detail = Detail::Threshold {
                excess,
                steps,
                deduction,
            };
            Ok((weight - deduction, t.floor, detail))
        }
        Rule::Bands(bands) => {
            let v = num(&x);
            let i = bands
                .iter()
                .position(|b| b.range.contains(v))
                .ok_or(Fault::NoBand { value: v })?;
            Ok((bands[i].points, Decimal::ZERO, Detail::Band(i)))
        }
        Rule::Proportional { cap } => {
            let v = num(&x);
            let capped = v > *cap;
            let used = if capped { *cap } else { v };
            let raw = weight.checked_mul(used).ok_or_else(overflow)?;
            Ok((raw, Decimal::ZERO, Detail::Proportional { used, capped }))
        }
        Rule::Checklist { points, .. } => {
            let bits = match x {
                Operand::Raw(InputValue::Set(b)) => *b,
                _ => 0,
            };
            let sum = points
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, p)| *p)
                .sum();
            Ok((sum, Decimal::ZERO, Detail::Checklist(bits)))
        }
        Rule::PerEvent { step, per_step } => {
            let steps = num(&x).checked_div(*step).ok_or_else(overflow)?.floor();
            let deduction = steps.checked_mul(*per_step).ok_or_else(overflow)?;
            Ok((
                weight.checked_sub(deduction).ok_or_else(overflow)?,
                Decimal::ZERO,
                Detail::PerEvent { steps, deduction },
            ))
        }
        Rule::Tiers { points, .. } => {
            let level = match x {
                Operand::Raw(InputValue::Level(l)) => *l as usize,
                _ => 0,
            };
            let p = points.get(level).copied().unwrap_or(Decimal::ZERO);
            Ok((p, Decimal::ZERO, Detail::Tier(level)))
        }
        Rule::Reviewer { .. } => {
            let score = match x {
                Operand::Raw(InputValue::Review { score, .. }) => *score,
                _ => Decimal::ZERO,
            };
            Ok((score, Decimal::ZERO, Detail::Reviewer))
        }
        Rule::CasesOnly => Err(Fault::NoCase),
    }
}
