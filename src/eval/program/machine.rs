//! Running compiled code: one report's registers, a leaf's reads, scores and ledger.

use rust_decimal::Decimal;

use super::super::rules::{self, Operand};
use super::super::{finish, NodeOutcome, Status};
use super::{Block, Code, Ins, LeafCode, Read, Reg, R};
use crate::ir::Rule;
use crate::report::{InputValue, Report};
use crate::syntax::ast::BinOp;

pub(super) fn truth(b: bool) -> Decimal {
    if b {
        Decimal::ONE
    } else {
        Decimal::ZERO
    }
}

/// One report's run.
pub(super) struct Machine<'a> {
    pub(super) code: &'a Code,
    pub(super) report: &'a Report,
    pub(super) regs: &'a mut Vec<Reg>,
    pub(super) ran: &'a mut Vec<bool>,
    pub(super) computed: &'a mut Vec<bool>,
}

impl Machine<'_> {
    /// What the leaf's rule reads, after its special cases: `Err(score)` when a case decided,
    /// `Ok(None)` on a fault.
    #[inline(always)]
    pub(super) fn read(&mut self, l: &LeafCode) -> Result<Option<Operand<'_>>, (usize, Decimal)> {
        for (i, c) in l.cases.iter().enumerate() {
            self.run(c.cond);
            match self.regs[c.reg as usize] {
                None => return Ok(None),
                Some(t) if !t.is_zero() => return Err((i, c.score)),
                Some(_) => {}
            }
        }
        Ok(match l.read {
            Read::Num(block, reg) => {
                self.run(block);
                self.regs[reg as usize].map(Operand::Num)
            }
            Read::Raw(i) => self
                .report
                .inputs
                .get(i.0 as usize)
                .and_then(Option::as_ref)
                .map(Operand::Raw),
            Read::Zero => Some(Operand::Num(Decimal::ZERO)),
        })
    }

    /// A leaf's score rounded (not yet written with the scheme's places), or `None` when a
    /// fault leaves it unscored.
    pub(super) fn score(&mut self, l: &LeafCode) -> Option<Decimal> {
        let places = self.code.places;
        let x = match self.read(l) {
            Err((_, score)) => return Some(score),
            Ok(x) => x?,
        };
        if let (Some(full), Rule::Threshold(t), Operand::Num(v)) = (l.untouched, &l.rule, &x) {
            if t.untouched(*v) {
                return Some(full);
            }
        }
        let (raw, floor, _) = rules::apply(&l.rule, x, l.weight, l.rule_span).ok()?;
        let clamped = if raw < floor {
            floor
        } else if raw > l.weight {
            l.weight
        } else {
            raw
        };
        Some(clamped.round_dp_with_strategy(places, self.code.rounding.strategy()))
    }

    /// A leaf's outcome with its ledger, written into `o` (a group's empty outcome); `false`
    /// on a fault in its formulas (the tree evaluator then says which).
    pub(super) fn ledger(&mut self, l: &LeafCode, o: &mut NodeOutcome) -> bool {
        let x = match self.read(l) {
            Err((i, score)) => {
                o.ledger.case = Some(i);
                o.ledger.raw = Some(score);
                if l.cases[i].not_applicable {
                    o.status = Status::NotApplicable;
                }
                o.score = Some(score);
                return true;
            }
            Ok(None) => return false,
            Ok(Some(x)) => x,
        };
        o.ledger.subject = match x {
            Operand::Num(v) => Some(v),
            Operand::Raw(InputValue::Review { score, .. }) => Some(*score),
            Operand::Raw(_) => None,
        };
        match rules::apply(&l.rule, x, l.weight, l.rule_span) {
            Ok((raw, floor, detail)) => {
                o.ledger.detail = detail;
                o.score = Some(finish(
                    &mut o.ledger,
                    raw,
                    floor,
                    l.weight,
                    self.code.places,
                    self.code.rounding,
                ));
            }
            Err(fault) => {
                o.status = Status::Error;
                o.ledger.fault = Some(fault);
            }
        }
        true
    }

    /// Runs a block of code.
    pub(super) fn run(&mut self, block: Block) {
        let code = self.code;
        let mut pc = block.start as usize;
        let end = block.end as usize;
        while pc < end {
            // Borrowed afresh each time: a shared value's code runs on the same registers.
            let r = &mut **self.regs;
            let Some(ins) = code.code.get(pc) else { break };
            pc += 1;
            match *ins {
                Ins::Add(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_add)),
                Ins::Sub(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_sub)),
                Ins::Mul(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_mul)),
                Ins::Div(d, a, b) => set(
                    r,
                    d,
                    arith(
                        r,
                        a,
                        b,
                        |x, y| {
                            if y.is_zero() {
                                None
                            } else {
                                x.checked_div(y)
                            }
                        },
                    ),
                ),
                Ins::Lt(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x < y)),
                Ins::Le(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x <= y)),
                Ins::Gt(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x > y)),
                Ins::Ge(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x >= y)),
                Ins::Eq(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x == y)),
                Ins::Ne(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x != y)),
                Ins::Zero(d, a, op) => set(r, d, get(r, a).map(|x| truth(zero_test(op, x)))),
                Ins::Min(d, a, b) => set(r, d, arith(r, a, b, |x, y| Some(x.min(y)))),
                Ins::Max(d, a, b) => set(r, d, arith(r, a, b, |x, y| Some(x.max(y)))),
                Ins::Keep(d, a, b) => set(r, d, arith(r, a, b, |x, _| Some(x))),
                Ins::Neg(d, a) => set(r, d, get(r, a).map(|x| -x)),
                Ins::Abs(d, a) => set(r, d, get(r, a).map(|x| x.abs())),
                Ins::Not(d, a) => set(r, d, get(r, a).map(|x| truth(x.is_zero()))),
                Ins::Truth(d, a) => set(r, d, get(r, a).map(|x| truth(!x.is_zero()))),
                Ins::Move(d, a) => set(r, d, get(r, a)),
                Ins::And { d, a, end } => match get(r, a) {
                    Some(x) if !x.is_zero() => {}
                    v => {
                        set(r, d, v.map(|_| Decimal::ZERO));
                        pc = end as usize;
                    }
                },
                Ins::Or { d, a, end } => match get(r, a) {
                    Some(x) if x.is_zero() => {}
                    v => {
                        set(r, d, v.map(|_| Decimal::ONE));
                        pc = end as usize;
                    }
                },
                Ins::Branch {
                    d,
                    c,
                    otherwise,
                    end,
                } => match get(r, c) {
                    Some(x) if !x.is_zero() => {}
                    Some(_) => pc = otherwise as usize,
                    None => {
                        set(r, d, None);
                        pc = end as usize;
                    }
                },
                Ins::Jump(to) => pc = to as usize,
                Ins::Shared(s) => {
                    let s = s as usize;
                    if !self.ran.get(s).copied().unwrap_or(true) {
                        self.ran[s] = true;
                        let block = code.shared[s];
                        self.run(block);
                    }
                }
                Ins::Computed(v) => {
                    if let Some(c) = self.computed.get_mut(v as usize) {
                        *c = true;
                    }
                }
            }
        }
    }
}

fn get(r: &[Reg], a: R) -> Reg {
    r.get(a as usize).copied().flatten()
}

fn set(r: &mut [Reg], d: R, v: Reg) {
    if let Some(slot) = r.get_mut(d as usize) {
        *slot = v;
    }
}

/// `x op 0` for a comparison.
fn zero_test(op: BinOp, x: Decimal) -> bool {
    let zero = x.is_zero();
    let negative = !zero && x.is_sign_negative();
    match op {
        BinOp::Eq => zero,
        BinOp::Ne => !zero,
        BinOp::Lt => negative,
        BinOp::Le => zero || negative,
        BinOp::Gt => !zero && !negative,
        BinOp::Ge => !negative,
        _ => false,
    }
}

#[inline(always)]
fn arith(r: &[Reg], a: R, b: R, f: impl Fn(Decimal, Decimal) -> Option<Decimal>) -> Reg {
    match (get(r, a), get(r, b)) {
        (Some(x), Some(y)) => f(x, y),
        _ => None,
    }
}

#[inline(always)]
fn cmp(r: &[Reg], a: R, b: R, f: impl Fn(&Decimal, &Decimal) -> bool) -> Reg {
    match (get(r, a), get(r, b)) {
        (Some(x), Some(y)) => Some(truth(f(&x, &y))),
        _ => None,
    }
}
