//! Compiling formulas to register code.

use rust_decimal::Decimal;

use super::machine::truth;
use super::{Block, Ins, Reg, R};
use crate::ir::{Expr, ExprKind, Scheme, Subject, ValueId};
use crate::syntax::ast::{BinOp, Func};

/// A constant zero (or 否).
fn is_zero(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Num(d, _) => d.is_zero(),
        ExprKind::Bool(b) => !b,
        _ => false,
    }
}

/// Compiles formulas to register code.
pub(super) struct Builder<'a> {
    pub(super) scheme: &'a Scheme,
    pub(super) code: Vec<Ins>,
    pub(super) regs: Vec<Reg>,
    /// Constants already given a register, by their exact bits.
    pub(super) consts: std::collections::HashMap<[u8; 16], R>,
    /// Shared values: their index among the shared, by value id.
    pub(super) shared_index: Vec<Option<u32>>,
    pub(super) shared: Vec<Block>,
    pub(super) value_regs: Vec<Option<R>>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(scheme: &'a Scheme) -> Self {
        let mut uses = vec![0u32; scheme.values.len()];
        fn count(e: &Expr, uses: &mut [u32]) {
            if let ExprKind::Value(v) = &e.kind {
                if let Some(u) = uses.get_mut(v.0 as usize) {
                    *u += 1;
                }
            }
            e.for_each_child(|c| count(c, uses));
        }
        for v in &scheme.values {
            count(&v.expr, &mut uses);
        }
        for n in &scheme.nodes {
            let Some(leaf) = &n.leaf else { continue };
            for c in &leaf.cases {
                count(&c.cond, &mut uses);
            }
            if let Some(Subject::Value(v)) = leaf.subject {
                if let Some(u) = uses.get_mut(v.0 as usize) {
                    *u += 1;
                }
            }
        }
        let mut shared_index = vec![None; scheme.values.len()];
        let mut n = 0;
        for (v, u) in uses.iter().enumerate() {
            if *u > 1 {
                shared_index[v] = Some(n);
                n += 1;
            }
        }
        // Inputs take the first registers, in input order.
        let regs = vec![None; scheme.inputs.len()];
        let mut b = Builder {
            scheme,
            code: Vec::new(),
            regs,
            consts: std::collections::HashMap::new(),
            shared_index,
            shared: vec![Block::default(); n as usize],
            value_regs: vec![None; scheme.values.len()],
        };
        // Shared values' result registers, known before any code reads them.
        for v in 0..scheme.values.len() {
            if b.shared_index[v].is_some() {
                b.value_regs[v] = Some(b.temp());
            }
        }
        b
    }

    pub(super) fn temp(&mut self) -> R {
        self.regs.push(None);
        (self.regs.len() - 1) as R
    }

    pub(super) fn constant(&mut self, d: Decimal) -> R {
        // The same number written the same way shares a register.
        let key = d.serialize();
        if let Some(r) = self.consts.get(&key) {
            return *r;
        }
        self.regs.push(Some(d));
        let r = (self.regs.len() - 1) as R;
        self.consts.insert(key, r);
        r
    }

    pub(super) fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Code emitted by `f` as a block, with the register `f` leaves its result in.
    pub(super) fn block(&mut self, f: impl FnOnce(&mut Self) -> R) -> (Block, R) {
        let start = self.here();
        let r = f(self);
        (
            Block {
                start,
                end: self.here(),
            },
            r,
        )
    }

    /// A shared value's own code.
    pub(super) fn shared_value(&mut self, v: ValueId) {
        let Some(s) = self.shared_index[v.0 as usize] else {
            return;
        };
        let Some(dst) = self.value_regs[v.0 as usize] else {
            return;
        };
        let scheme = self.scheme;
        let (mut block, r) = self.block(|b| b.expr(&scheme.value(v).expr));
        self.code.push(Ins::Move(dst, r));
        self.code.push(Ins::Computed(v.0));
        block.end = self.here();
        self.shared[s as usize] = block;
    }

    /// A value where it is read.
    pub(super) fn value(&mut self, v: ValueId) -> R {
        let i = v.0 as usize;
        if self.shared_index[i].is_some() {
            let s = self.shared_index[i].unwrap_or(0);
            self.code.push(Ins::Shared(s));
            return self.value_regs[i].unwrap_or(0);
        }
        // Read once: inline.
        let scheme = self.scheme;
        let r = self.expr(&scheme.value(v).expr);
        self.value_regs[i] = Some(r);
        self.code.push(Ins::Computed(v.0));
        r
    }

    /// Code for `e`; returns the register holding its result.
    pub(super) fn expr(&mut self, e: &Expr) -> R {
        match &e.kind {
            ExprKind::Num(d, _) => self.constant(*d),
            ExprKind::Bool(b) => self.constant(truth(*b)),
            ExprKind::Input(i) => i.0,
            ExprKind::Value(v) => self.value(*v),
            ExprKind::Neg(x) => {
                let a = self.expr(x);
                let d = self.temp();
                self.code.push(Ins::Neg(d, a));
                d
            }
            ExprKind::Not(x) => {
                let a = self.expr(x);
                let d = self.temp();
                self.code.push(Ins::Not(d, a));
                d
            }
            ExprKind::Convert(x, f) => {
                let a = self.expr(x);
                let f = self.constant(*f);
                let d = self.temp();
                self.code.push(Ins::Mul(d, a, f));
                d
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => self.logic(*op, l, r),
            ExprKind::Binary(
                op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
                l,
                r,
            ) if is_zero(r) => {
                let a = self.expr(l);
                let d = self.temp();
                self.code.push(Ins::Zero(d, a, *op));
                d
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.expr(l);
                let b = self.expr(r);
                let d = self.temp();
                self.code.push(match op {
                    BinOp::Add => Ins::Add(d, a, b),
                    BinOp::Sub => Ins::Sub(d, a, b),
                    BinOp::Mul => Ins::Mul(d, a, b),
                    BinOp::Div => Ins::Div(d, a, b),
                    BinOp::Lt => Ins::Lt(d, a, b),
                    BinOp::Le => Ins::Le(d, a, b),
                    BinOp::Gt => Ins::Gt(d, a, b),
                    BinOp::Ge => Ins::Ge(d, a, b),
                    BinOp::Eq => Ins::Eq(d, a, b),
                    BinOp::Ne => Ins::Ne(d, a, b),
                    // Handled above.
                    BinOp::And | BinOp::Or => Ins::Move(d, a),
                });
                d
            }
            ExprKind::Call(f, args) => self.call(*f, args),
            ExprKind::If(c, t, f) => self.branch(c, t, f),
        }
    }

    /// `且` / `或`: the right side runs only when the left is not decisive.
    fn logic(&mut self, op: BinOp, l: &Expr, r: &Expr) -> R {
        let a = self.expr(l);
        let d = self.temp();
        let at = self.code.len();
        self.code.push(Ins::Jump(0));
        let b = self.expr(r);
        self.code.push(Ins::Truth(d, b));
        let end = self.here();
        self.code[at] = if op == BinOp::And {
            Ins::And { d, a, end }
        } else {
            Ins::Or { d, a, end }
        };
        d
    }

    /// 最小 / 最大 / 绝对值 over the arguments, left to right.
    fn call(&mut self, f: Func, args: &[Expr]) -> R {
        let regs: Vec<R> = args.iter().map(|a| self.expr(a)).collect();
        let Some((&first, rest)) = regs.split_first() else {
            return self.constant(Decimal::ZERO);
        };
        let d = self.temp();
        self.code.push(Ins::Move(d, first));
        for &a in rest {
            self.code.push(match f {
                Func::Min => Ins::Min(d, d, a),
                Func::Max => Ins::Max(d, d, a),
                Func::Abs => Ins::Keep(d, d, a),
            });
        }
        if f == Func::Abs {
            self.code.push(Ins::Abs(d, d));
        }
        d
    }

    /// `若 c 则 t 否则 f`: a branch, each side moving its result into one register.
    fn branch(&mut self, c: &Expr, t: &Expr, f: &Expr) -> R {
        let c = self.expr(c);
        let d = self.temp();
        let at = self.code.len();
        self.code.push(Ins::Jump(0));
        let t = self.expr(t);
        self.code.push(Ins::Move(d, t));
        let jump = self.code.len();
        self.code.push(Ins::Jump(0));
        let otherwise = self.here();
        let f = self.expr(f);
        self.code.push(Ins::Move(d, f));
        let end = self.here();
        self.code[at] = Ins::Branch {
            d,
            c,
            otherwise,
            end,
        };
        self.code[jump] = Ins::Jump(end);
        d
    }
}
