//! A checked scheme compiled for scoring many reports: every formula becomes linear code over
//! slots (inputs and derived values by index, constants already scaled), run on a small value
//! stack that is reused from report to report. No names, no allocation per report on the
//! common path. It gives totals only; [`super::evaluate`] keeps the ledger for explanations,
//! and both apply rules through the same [`rules::apply`].
//!
//! A fault (a missing input, a zero divisor, an overflow) makes a value "bad"; a bad value
//! makes its leaf unscored, exactly where the ledger evaluator reports the fault.

use rust_decimal::Decimal;

use super::expr::{self, Val};
use super::rules::{self, Operand};
use super::{case_score, grade_of, round, Totals};
use crate::ir::{Expr, ExprKind, Leaf, Rule, Scheme, Subject};
use crate::report::{InputValue, Report};
use crate::syntax::ast::{BinOp, Func};

/// A value on the stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum V {
    Num(Decimal),
    Bool(bool),
    /// A fault happened while computing it.
    Bad,
}

impl V {
    fn truth(self) -> Option<bool> {
        match self {
            V::Bool(b) => Some(b),
            V::Num(d) => Some(!d.is_zero()),
            V::Bad => None,
        }
    }

    fn num(self) -> Option<Decimal> {
        match self {
            V::Num(d) => Some(d),
            V::Bool(b) => Some(Decimal::from(u8::from(b))),
            V::Bad => None,
        }
    }
}

/// One instruction.
#[derive(Debug, Clone, Copy)]
enum Op {
    Num(Decimal),
    Bool(bool),
    Input(u32),
    Value(u32),
    Neg,
    Not,
    Convert(Decimal),
    Binary(BinOp),
    /// `x op 常数`: the right operand written in the code.
    BinaryConst(BinOp, Decimal),
    /// `输入 op 常数`.
    InputConst(u32, BinOp, Decimal),
    /// `且`: if the top is false or bad, keep it and jump; else drop it and go on.
    And(u32),
    /// `或`: if the top is true or bad, keep it and jump; else drop it and go on.
    Or(u32),
    /// `若`: pop the condition; bad → push bad and jump to the end; false → jump to else.
    Branch {
        otherwise: u32,
        end: u32,
    },
    Jump(u32),
    Call(Func, u32),
}

type Code = Vec<Op>;

fn compile(e: &Expr, out: &mut Code) {
    match &e.kind {
        ExprKind::Num(d, _) => out.push(Op::Num(*d)),
        ExprKind::Bool(b) => out.push(Op::Bool(*b)),
        ExprKind::Input(i) => out.push(Op::Input(i.0)),
        ExprKind::Value(v) => out.push(Op::Value(v.0)),
        ExprKind::Neg(x) => {
            compile(x, out);
            out.push(Op::Neg);
        }
        ExprKind::Not(x) => {
            compile(x, out);
            out.push(Op::Not);
        }
        ExprKind::Convert(x, f) => {
            compile(x, out);
            out.push(Op::Convert(*f));
        }
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
            compile(l, out);
            let at = out.len();
            out.push(Op::Jump(0));
            compile(r, out);
            let end = out.len() as u32;
            out[at] = if *op == BinOp::And {
                Op::And(end)
            } else {
                Op::Or(end)
            };
        }
        ExprKind::Binary(op, l, r) => match (&l.kind, &r.kind) {
            // The commonest shapes in 若 conditions and rates, as one instruction.
            (ExprKind::Input(i), ExprKind::Num(d, _)) => out.push(Op::InputConst(i.0, *op, *d)),
            (_, ExprKind::Num(d, _)) => {
                compile(l, out);
                out.push(Op::BinaryConst(*op, *d));
            }
            _ => {
                compile(l, out);
                compile(r, out);
                out.push(Op::Binary(*op));
            }
        },
        ExprKind::Call(f, args) => {
            for a in args {
                compile(a, out);
            }
            out.push(Op::Call(*f, args.len() as u32));
        }
        ExprKind::If(c, t, f) => {
            compile(c, out);
            let branch = out.len();
            out.push(Op::Jump(0));
            compile(t, out);
            let jump = out.len();
            out.push(Op::Jump(0));
            let otherwise = out.len() as u32;
            compile(f, out);
            let end = out.len() as u32;
            out[branch] = Op::Branch { otherwise, end };
            out[jump] = Op::Jump(end);
        }
    }
}

/// A leaf: its cases' conditions compiled, and the leaf for its rule.
struct LeafCode<'s> {
    leaf: &'s Leaf,
    weight: Decimal,
    cases: Vec<Code>,
}

/// A scheme compiled for totals.
pub struct Program<'s> {
    scheme: &'s Scheme,
    values: Vec<Code>,
    leaves: Vec<LeafCode<'s>>,
    /// Categories of a form left without rows: the total is never complete.
    unfilled: bool,
}

/// The stack and the values of one report, reused for the next.
#[derive(Debug, Default)]
pub struct Scratch {
    stack: Vec<V>,
    memo: Vec<Option<V>>,
    /// For reports a compiled program does not cover (forms filled with their rows).
    fallback: super::Workspace,
}

impl<'s> Program<'s> {
    /// Compiles a checked scheme.
    pub fn new(scheme: &'s Scheme) -> Self {
        let values = scheme
            .values
            .iter()
            .map(|v| {
                let mut c = Vec::new();
                compile(&v.expr, &mut c);
                c
            })
            .collect();
        let leaves = scheme
            .nodes
            .iter()
            .filter_map(|n| {
                let leaf = n.leaf.as_ref()?;
                let cases = leaf
                    .cases
                    .iter()
                    .map(|c| {
                        let mut code = Vec::new();
                        compile(&c.cond, &mut code);
                        code
                    })
                    .collect();
                Some(LeafCode {
                    leaf,
                    weight: n.weight,
                    cases,
                })
            })
            .collect();
        Program {
            scheme,
            values,
            leaves,
            unfilled: scheme.nodes.iter().any(crate::ir::Node::unfilled),
        }
    }

    /// The report's total, completeness and grade: the same as [`super::evaluate`] gives.
    pub fn totals(&self, report: &Report, scratch: &mut Scratch) -> Totals {
        if report.filled.is_some() {
            // A form filled with this report's rows is a scheme of its own.
            return super::totals(self.scheme, report, &mut scratch.fallback);
        }
        scratch.memo.clear();
        scratch.memo.resize(self.values.len(), None);
        let mut run = Run {
            program: self,
            report,
            stack: std::mem::take(&mut scratch.stack),
            memo: std::mem::take(&mut scratch.memo),
        };
        let mut total = Decimal::ZERO;
        let mut complete = !self.unfilled;
        for l in &self.leaves {
            match run.leaf(l) {
                Some(s) => total += s,
                None => complete = false,
            }
        }
        scratch.stack = run.stack;
        scratch.memo = run.memo;
        Totals {
            total,
            complete,
            grade: grade_of(self.scheme, total, complete),
        }
    }
}

struct Run<'p, 's, 'r> {
    program: &'p Program<'s>,
    report: &'r Report,
    stack: Vec<V>,
    memo: Vec<Option<V>>,
}

impl<'r> Run<'_, '_, 'r> {
    fn input(&self, id: u32) -> V {
        match self.report.inputs.get(id as usize).and_then(Option::as_ref) {
            None => V::Bad,
            Some(InputValue::Num(d)) => V::Num(*d),
            Some(InputValue::Bool(b)) => V::Bool(*b),
            Some(InputValue::Review { score, .. }) => V::Num(*score),
            Some(InputValue::Set(_) | InputValue::Level(_)) => V::Num(Decimal::ZERO),
        }
    }

    fn value(&mut self, id: u32) -> V {
        if let Some(v) = self.memo.get(id as usize).copied().flatten() {
            return v;
        }
        let program = self.program;
        let v = match program.values.get(id as usize) {
            Some(code) => self.run(code),
            None => V::Bad,
        };
        if let Some(slot) = self.memo.get_mut(id as usize) {
            *slot = Some(v);
        }
        v
    }

    fn pop(&mut self) -> V {
        self.stack.pop().unwrap_or(V::Bad)
    }

    /// Runs one piece of code and returns its value.
    fn run(&mut self, code: &[Op]) -> V {
        let base = self.stack.len();
        let mut pc = 0;
        while let Some(op) = code.get(pc) {
            pc += 1;
            let v = match *op {
                Op::Num(d) => V::Num(d),
                Op::Bool(b) => V::Bool(b),
                Op::Input(i) => self.input(i),
                Op::Value(v) => self.value(v),
                Op::Neg => match self.pop().num() {
                    Some(d) => V::Num(-d),
                    None => V::Bad,
                },
                Op::Not => match self.pop().truth() {
                    Some(b) => V::Bool(!b),
                    None => V::Bad,
                },
                Op::Convert(f) => match self.pop().num().and_then(|d| d.checked_mul(f)) {
                    Some(d) => V::Num(d),
                    None => V::Bad,
                },
                Op::Binary(op) => {
                    let b = self.pop();
                    let a = self.pop();
                    binary(op, a, b)
                }
                Op::BinaryConst(op, d) => {
                    let a = self.pop();
                    binary(op, a, V::Num(d))
                }
                Op::InputConst(i, op, d) => binary(op, self.input(i), V::Num(d)),
                Op::And(end) | Op::Or(end) => {
                    let decisive = matches!(op, Op::Or(_));
                    match self.stack.last().copied().and_then(V::truth) {
                        Some(t) if t != decisive => {
                            self.stack.pop();
                        }
                        Some(t) => {
                            // Decided: the result is the truth value itself.
                            self.stack.pop();
                            self.stack.push(V::Bool(t));
                            pc = end as usize;
                        }
                        None => pc = end as usize,
                    }
                    continue;
                }
                Op::Branch { otherwise, end } => {
                    match self.pop().truth() {
                        Some(true) => {}
                        Some(false) => pc = otherwise as usize,
                        None => {
                            self.stack.push(V::Bad);
                            pc = end as usize;
                        }
                    }
                    continue;
                }
                Op::Jump(to) => {
                    pc = to as usize;
                    continue;
                }
                Op::Call(f, n) => {
                    let from = self.stack.len().saturating_sub(n as usize);
                    let args = self.stack.split_off(from);
                    call(f, &args)
                }
            };
            self.stack.push(v);
        }
        let v = self.pop();
        self.stack.truncate(base);
        v
    }

    /// A leaf's rounded score, or `None` when a fault leaves it unscored.
    fn leaf(&mut self, l: &LeafCode<'_>) -> Option<Decimal> {
        let places = self.program.scheme.places;
        for (code, case) in l.cases.iter().zip(&l.leaf.cases) {
            if self.run(code).truth()? {
                return Some(round(case_score(case.outcome, l.weight), places));
            }
        }
        let report: &'r Report = self.report;
        let x = match &l.leaf.rule {
            Rule::Checklist { input, .. }
            | Rule::Tiers { input, .. }
            | Rule::Reviewer { input } => {
                Operand::Raw(report.inputs.get(input.0 as usize)?.as_ref()?)
            }
            _ => Operand::Num(match l.leaf.subject {
                Some(Subject::Value(v)) => self.value(v.0).num()?,
                Some(Subject::Input(i)) => self.input(i.0).num()?,
                None => Decimal::ZERO,
            }),
        };
        let (raw, floor, _) = rules::apply(&l.leaf.rule, x, l.weight, l.leaf.rule_span).ok()?;
        let clamped = if raw < floor {
            floor
        } else if raw > l.weight {
            l.weight
        } else {
            raw
        };
        Some(round(clamped, places))
    }
}

fn binary(op: BinOp, a: V, b: V) -> V {
    let val = |v: V| match v {
        V::Num(d) => Some(Val::Num(d)),
        V::Bool(b) => Some(Val::Bool(b)),
        V::Bad => None,
    };
    match (val(a), val(b)) {
        (Some(a), Some(b)) => match expr::binary(op, a, b) {
            Ok(Val::Num(d)) => V::Num(d),
            Ok(Val::Bool(b)) => V::Bool(b),
            Err(_) => V::Bad,
        },
        _ => V::Bad,
    }
}

fn call(f: Func, args: &[V]) -> V {
    let mut acc: Option<Decimal> = None;
    for a in args {
        let Some(v) = a.num() else {
            return V::Bad;
        };
        acc = Some(expr::fold(f, acc, v));
    }
    V::Num(expr::finish_call(f, acc))
}
