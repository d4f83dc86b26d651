//! Formulas evaluated over a report, lazily, with every operation checked.

use rust_decimal::Decimal;

use super::Fault;
use crate::ir::{Expr, ExprKind, InputId, Scheme, ValueId};
use crate::report::{InputValue, Report};
use crate::syntax::ast::{BinOp, Func};

/// A computed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    /// A number.
    Num(Decimal),
    /// 是 / 否.
    Bool(bool),
}

/// The evaluation context of one report: the scheme, the report and the memo of values.
pub struct Cx<'a> {
    pub scheme: &'a Scheme,
    pub report: &'a Report,
    memo: Vec<Option<Result<Val, Fault>>>,
}

impl<'a> Cx<'a> {
    /// A context over a memo from an earlier report (cleared, one slot per value).
    pub fn with_memo(
        scheme: &'a Scheme,
        report: &'a Report,
        memo: Vec<Option<Result<Val, Fault>>>,
    ) -> Self {
        Cx {
            scheme,
            report,
            memo,
        }
    }

    /// A value's result if it was computed.
    pub fn memo(&self, id: ValueId) -> Option<Result<Val, Fault>> {
        self.memo.get(id.0 as usize).cloned().flatten()
    }

    pub fn into_values(self) -> Vec<Option<Result<Val, Fault>>> {
        self.memo
    }

    /// A derived value, computed once.
    pub fn value(&mut self, id: ValueId) -> Result<Val, Fault> {
        if let Some(v) = &self.memo[id.0 as usize] {
            return v.clone();
        }
        let scheme = self.scheme;
        let r = self.eval(&scheme.value(id).expr);
        self.memo[id.0 as usize] = Some(r.clone());
        r
    }

    /// An input as a formula operand.
    pub fn input(&self, id: InputId) -> Result<Val, Fault> {
        match self
            .report
            .inputs
            .get(id.0 as usize)
            .and_then(Option::as_ref)
        {
            None => Err(Fault::Missing(vec![id])),
            Some(InputValue::Num(d)) => Ok(Val::Num(*d)),
            Some(InputValue::Bool(b)) => Ok(Val::Bool(*b)),
            Some(InputValue::Review { score, .. }) => Ok(Val::Num(*score)),
            // INVARIANT: the checker rejects checklists and tiers in formulas.
            Some(InputValue::Set(_) | InputValue::Level(_)) => Ok(Val::Num(Decimal::ZERO)),
        }
    }

    pub fn num(&mut self, e: &Expr) -> Result<Decimal, Fault> {
        match self.eval(e)? {
            Val::Num(d) => Ok(d),
            // INVARIANT: the checker types every operand.
            Val::Bool(b) => Ok(if b { Decimal::ONE } else { Decimal::ZERO }),
        }
    }

    pub fn bool(&mut self, e: &Expr) -> Result<bool, Fault> {
        match self.eval(e)? {
            Val::Bool(b) => Ok(b),
            Val::Num(d) => Ok(!d.is_zero()),
        }
    }

    /// Evaluates both operands so that every missing input is listed, not just the first.
    fn both(&mut self, l: &Expr, r: &Expr) -> Result<(Val, Val), Fault> {
        match (self.eval(l), self.eval(r)) {
            (Ok(a), Ok(b)) => Ok((a, b)),
            (Err(Fault::Missing(mut a)), Err(Fault::Missing(b))) => {
                for x in b {
                    if !a.contains(&x) {
                        a.push(x);
                    }
                }
                Err(Fault::Missing(a))
            }
            (Err(e), _) | (_, Err(e)) => Err(e),
        }
    }

    pub fn eval(&mut self, e: &Expr) -> Result<Val, Fault> {
        let overflow = || Fault::Overflow { at: e.span };
        Ok(match &e.kind {
            ExprKind::Num(d, _) => Val::Num(*d),
            ExprKind::Bool(b) => Val::Bool(*b),
            ExprKind::Input(id) => return self.input(*id),
            ExprKind::Value(id) => return self.value(*id),
            ExprKind::Neg(x) => Val::Num(-self.num(x)?),
            ExprKind::Not(x) => Val::Bool(!self.bool(x)?),
            ExprKind::Convert(x, f) => Val::Num(self.num(x)?.checked_mul(*f).ok_or_else(overflow)?),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                // Short-circuit as written; when the left side is missing, still look at the
                // right so that every missing input is named at once.
                let decisive = *op == BinOp::Or;
                match self.bool(l) {
                    Ok(a) if a == decisive => Val::Bool(a),
                    Ok(_) => Val::Bool(self.bool(r)?),
                    Err(Fault::Missing(mut a)) => {
                        if let Err(Fault::Missing(b)) = self.bool(r) {
                            for x in b {
                                if !a.contains(&x) {
                                    a.push(x);
                                }
                            }
                        }
                        return Err(Fault::Missing(a));
                    }
                    Err(e) => return Err(e),
                }
            }
            ExprKind::Binary(op, l, r) => {
                let (a, b) = self.both(l, r)?;
                match binary(*op, a, b) {
                    Ok(v) => v,
                    Err(Arith::DivZero) => return Err(Fault::DivZero { divisor: r.span }),
                    Err(Arith::Overflow) => return Err(overflow()),
                }
            }
            ExprKind::Call(f, args) => {
                let mut acc: Option<Decimal> = None;
                for a in args {
                    acc = Some(fold(*f, acc, self.num(a)?));
                }
                Val::Num(finish_call(*f, acc))
            }
            ExprKind::If(c, t, f) => {
                if self.bool(c)? {
                    return self.eval(t);
                }
                return self.eval(f);
            }
        })
    }
}

/// Why an arithmetic operation has no result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Arith {
    /// A zero divisor.
    DivZero,
    /// A result too large to hold.
    Overflow,
}

/// A binary operation on two computed values (not 且/或, which decide lazily). Shared with
/// the compiled program.
pub(super) fn binary(op: BinOp, a: Val, b: Val) -> Result<Val, Arith> {
    Ok(match (a, b) {
        (Val::Bool(a), Val::Bool(b)) => Val::Bool(match op {
            BinOp::Ne => a != b,
            _ => a == b,
        }),
        (Val::Num(a), Val::Num(b)) => match op {
            BinOp::Add => Val::Num(a.checked_add(b).ok_or(Arith::Overflow)?),
            BinOp::Sub => Val::Num(a.checked_sub(b).ok_or(Arith::Overflow)?),
            BinOp::Mul => Val::Num(a.checked_mul(b).ok_or(Arith::Overflow)?),
            BinOp::Div if b.is_zero() => return Err(Arith::DivZero),
            BinOp::Div => Val::Num(a.checked_div(b).ok_or(Arith::Overflow)?),
            BinOp::Eq => Val::Bool(a == b),
            BinOp::Ne => Val::Bool(a != b),
            BinOp::Lt => Val::Bool(a < b),
            BinOp::Le => Val::Bool(a <= b),
            BinOp::Gt => Val::Bool(a > b),
            BinOp::Ge => Val::Bool(a >= b),
            BinOp::And | BinOp::Or => Val::Bool(false),
        },
        // INVARIANT: the checker rejects mixed operands.
        _ => Val::Bool(false),
    })
}

/// One more argument of 最小/最大/绝对值 folded in.
pub(super) fn fold(f: Func, acc: Option<Decimal>, v: Decimal) -> Decimal {
    match (f, acc) {
        (_, None) => v,
        (Func::Min, Some(x)) => x.min(v),
        (Func::Max, Some(x)) => x.max(v),
        (Func::Abs, Some(x)) => x,
    }
}

/// The result of a call once every argument is folded in.
pub(super) fn finish_call(f: Func, acc: Option<Decimal>) -> Decimal {
    let v = acc.unwrap_or(Decimal::ZERO);
    if f == Func::Abs {
        v.abs()
    } else {
        v
    }
}
