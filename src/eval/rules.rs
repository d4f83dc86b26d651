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
    let places = cx.scheme.places;
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
                let score = super::round(case_score(case.outcome, weight), places);
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
            let score = finish(&mut ledger, raw, floor, weight, places);
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

/// Applies the rule; returns the raw score and the floor.
fn score_rule(
    cx: &mut Cx<'_>,
    leaf: &Leaf,
    weight: Decimal,
    ledger: &mut Ledger,
) -> Result<(Decimal, Decimal), Fault> {
    match &leaf.rule {
        Rule::Threshold(t) => {
            let v = subject(cx, leaf.subject)?;
            ledger.subject = Some(v);
            let overflow = || Fault::Overflow { at: leaf.rule_span };
            // Compare first: the far side of the threshold must not overflow.
            let excess = match t.dir {
                Direction::Above if v <= t.threshold => Decimal::ZERO,
                Direction::Below if v >= t.threshold => Decimal::ZERO,
                Direction::Above => v.checked_sub(t.threshold).ok_or_else(overflow)?,
                Direction::Below => t.threshold.checked_sub(v).ok_or_else(overflow)?,
                Direction::Either => v.checked_sub(t.threshold).ok_or_else(overflow)?.abs(),
            };
            let ratio = excess
                .checked_div(t.step)
                .ok_or(Fault::Overflow { at: leaf.rule_span })?;
            let steps = match t.policy {
                StepPolicy::Proportional => ratio,
                StepPolicy::FullSteps => ratio.floor(),
                StepPolicy::AnyPart => ratio.ceil(),
            };
            let deduction = steps
                .checked_mul(t.per_step)
                .ok_or(Fault::Overflow { at: leaf.rule_span })?;
            ledger.detail = Detail::Threshold {
                excess,
                steps,
                deduction,
            };
            Ok((weight - deduction, t.floor))
        }
        Rule::Bands(bands) => {
            let v = subject(cx, leaf.subject)?;
            ledger.subject = Some(v);
            let i = bands
                .iter()
                .position(|b| b.range.contains(v))
                .ok_or(Fault::NoBand { value: v })?;
            ledger.detail = Detail::Band(i);
            Ok((bands[i].points, Decimal::ZERO))
        }
        Rule::Proportional { cap } => {
            let v = subject(cx, leaf.subject)?;
            ledger.subject = Some(v);
            let capped = v > *cap;
            let used = if capped { *cap } else { v };
            ledger.detail = Detail::Proportional { used, capped };
            let raw = weight
                .checked_mul(used)
                .ok_or(Fault::Overflow { at: leaf.rule_span })?;
            Ok((raw, Decimal::ZERO))
        }
        Rule::Checklist { input, points } => {
            let bits = match raw_input(cx, *input)? {
                InputValue::Set(b) => *b,
                _ => 0,
            };
            ledger.detail = Detail::Checklist(bits);
            let sum = points
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, p)| *p)
                .sum();
            Ok((sum, Decimal::ZERO))
        }
        Rule::PerEvent { step, per_step } => {
            let v = subject(cx, leaf.subject)?;
            ledger.subject = Some(v);
            let steps = v
                .checked_div(*step)
                .ok_or(Fault::Overflow { at: leaf.rule_span })?
                .floor();
            let deduction = steps
                .checked_mul(*per_step)
                .ok_or(Fault::Overflow { at: leaf.rule_span })?;
            ledger.detail = Detail::PerEvent { steps, deduction };
            Ok((weight - deduction, Decimal::ZERO))
        }
        Rule::Tiers { input, points } => {
            let level = match raw_input(cx, *input)? {
                InputValue::Level(l) => *l as usize,
                _ => 0,
            };
            ledger.detail = Detail::Tier(level);
            Ok((
                points.get(level).copied().unwrap_or(Decimal::ZERO),
                Decimal::ZERO,
            ))
        }
        Rule::Reviewer { input } => {
            let score = match raw_input(cx, *input)? {
                InputValue::Review { score, .. } => *score,
                _ => Decimal::ZERO,
            };
            ledger.detail = Detail::Reviewer;
            ledger.subject = Some(score);
            Ok((score, Decimal::ZERO))
        }
    }
}
