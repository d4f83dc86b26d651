//! What a scheme can compute: the values of every formula, propagated exactly from the inputs'
//! declared domains, and the scores each rule can give.
//!
//! This is abstract interpretation over [`Set`]s. Each input starts from its declared domain
//! (amounts and counts ≥ 0, counts whole, % ≥ 0 unless declared otherwise); a special case
//! (`若 … 则 …`) that did not fire narrows the domains for what follows it, and so does the
//! branch of a `若 … 则 … 否则 …`, exactly as the evaluator walks them. The results are sound:
//! every value a report can produce lies in the computed set, so "never" claims are proofs;
//! "can" claims come with an example and, where the checker states inputs, are confirmed by
//! running the evaluator on them.

mod eval;
mod leaf;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::base::interval::{Interval, Set};
use crate::base::units::Dim;
use crate::ir::{
    CaseOutcome, Expr, ExprKind, InputId, InputKind, Leaf, Rule, Scheme, Subject, Ty, ValueId,
};
use crate::syntax::ast::{BinOp, Direction, Func, StepPolicy};

/// The possible truth values of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truth {
    /// It can hold.
    pub can_true: bool,
    /// It can fail.
    pub can_false: bool,
}

impl Truth {
    const BOTH: Truth = Truth {
        can_true: true,
        can_false: true,
    };

    fn can(self, truth: bool) -> bool {
        if truth {
            self.can_true
        } else {
            self.can_false
        }
    }

    fn union(self, o: Truth) -> Truth {
        Truth {
            can_true: self.can_true || o.can_true,
            can_false: self.can_false || o.can_false,
        }
    }
}

/// An abstract value: the numbers or truth values a formula can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Abs {
    /// Numbers.
    Num(Set),
    /// 是 / 否.
    Bool(Truth),
}

impl Abs {
    /// The numbers (every number for a condition, which is never used as one).
    pub fn num(&self) -> Set {
        match self {
            Abs::Num(s) => s.clone(),
            Abs::Bool(_) => Set::all(),
        }
    }

    /// The truth values (both for a number).
    pub fn truth(&self) -> Truth {
        match self {
            Abs::Bool(t) => *t,
            Abs::Num(_) => Truth::BOTH,
        }
    }

    fn union(&self, o: &Abs) -> Abs {
        match (self, o) {
            // Most inputs are untouched on both sides of a join.
            (Abs::Num(a), Abs::Num(b)) if a == b => Abs::Num(a.clone()),
            (Abs::Num(a), Abs::Num(b)) => Abs::Num(a.union(b)),
            (Abs::Bool(a), Abs::Bool(b)) => Abs::Bool(a.union(*b)),
            (a, _) => a.clone(),
        }
    }

    fn intersect(&self, o: &Abs) -> Abs {
        match (self, o) {
            (Abs::Num(a), Abs::Num(b)) => Abs::Num(a.intersect(b)),
            (Abs::Bool(a), Abs::Bool(b)) => Abs::Bool(Truth {
                can_true: a.can_true && b.can_true,
                can_false: a.can_false && b.can_false,
            }),
            (a, _) => a.clone(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Abs::Num(s) => s.is_empty(),
            Abs::Bool(t) => !t.can_true && !t.can_false,
        }
    }
}

/// What is known at a point of evaluation: each input's possible values, and narrowed ranges
/// of formulas that conditions have tested.
#[derive(Debug, Clone)]
pub struct Env {
    inputs: Vec<Abs>,
    /// Facts about formulas other than inputs, by canonical key.
    facts: HashMap<String, Abs>,
    /// No report reaches this point.
    dead: bool,
}

impl Env {
    /// Whether no report reaches this point.
    pub fn is_dead(&self) -> bool {
        self.dead
    }

    /// What is known of an input here.
    pub fn input(&self, id: InputId) -> &Abs {
        &self.inputs[id.0 as usize]
    }

    fn kill(mut self) -> Env {
        self.dead = true;
        self
    }

    fn join(a: Env, b: Env) -> Env {
        if a.dead {
            return b;
        }
        if b.dead {
            return a;
        }
        let inputs = a
            .inputs
            .into_iter()
            .zip(&b.inputs)
            .map(|(x, y)| if x == *y { x } else { x.union(y) })
            .collect();
        let facts = a
            .facts
            .iter()
            .filter_map(|(k, v)| b.facts.get(k).map(|w| (k.clone(), v.union(w))))
            .collect();
        Env {
            inputs,
            facts,
            dead: false,
        }
    }
}

/// A division whose divisor can be zero at the point where it is evaluated.
#[derive(Debug, Clone)]
pub struct Division<'s> {
    /// The divisor.
    pub divisor: &'s Expr,
    /// The values the divisor can take there.
    pub range: Set,
    /// What is known there (for finding inputs that make it zero).
    pub env: Env,
}

/// What a leaf can do.
#[derive(Debug, Clone)]
pub struct LeafReach<'s> {
    /// For each special case: whether its condition can hold and can fail where it is tested.
    pub cases: Vec<Truth>,
    /// What is known when the rule is applied (dead: every report is caught by a case).
    pub rule_env: Env,
    /// The values the rule scores (for numeric rules), there.
    pub subject: Option<Set>,
    /// The scores the rule can give, before clamping to [floor, points].
    pub rule_raw: Set,
    /// The scores the rule can give.
    pub rule_scores: Set,
    /// The scores the leaf can give, cases included.
    pub scores: Set,
    /// Divisions that can meet a zero divisor.
    pub divisions: Vec<Division<'s>>,
}

/// The abstract interpreter of one scheme.
pub struct Analyzer<'s> {
    scheme: &'s Scheme,
    base: Env,
}

fn negate(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Ge,
        BinOp::Le => BinOp::Gt,
        BinOp::Gt => BinOp::Le,
        BinOp::Ge => BinOp::Lt,
        BinOp::Eq => BinOp::Ne,
        BinOp::Ne => BinOp::Eq,
        other => other,
    }
}

fn mirror(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        other => other,
    }
}

fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
    )
}

/// The values `x` can take so that `x op y` holds for some `y` in `other`.
fn constrain(op: BinOp, other: &Set) -> Set {
    let (Some(lo), Some(hi)) = (other.lo(), other.hi()) else {
        return Set::empty();
    };
    let below = |end: Option<(Decimal, bool)>, strict: bool| match end {
        None => Set::all(),
        Some((v, c)) => Set::interval(
            Interval {
                lo: None,
                hi: Some((v, c && !strict)),
            },
            false,
        ),
    };
    let above = |end: Option<(Decimal, bool)>, strict: bool| match end {
        None => Set::all(),
        Some((v, c)) => Set::interval(
            Interval {
                lo: Some((v, c && !strict)),
                hi: None,
            },
            false,
        ),
    };
    match op {
        BinOp::Lt => below(hi, true),
        BinOp::Le => below(hi, false),
        BinOp::Gt => above(lo, true),
        BinOp::Ge => above(lo, false),
        BinOp::Eq => other.clone(),
        BinOp::Ne => match other.as_point() {
            Some(p) => Set::all().minus(&Set::point(p)),
            None => Set::all(),
        },
        _ => Set::all(),
    }
}

impl<'s> Analyzer<'s> {
    /// The interpreter, with every input at its declared domain.
    pub fn new(scheme: &'s Scheme) -> Self {
        let inputs = scheme.inputs.iter().map(domain).collect();
        Analyzer {
            scheme,
            base: Env {
                inputs,
                facts: HashMap::new(),
                dead: false,
            },
        }
    }

    /// What is known before anything is tested.
    pub fn base(&self) -> &Env {
        &self.base
    }

    /// A canonical text of a formula (derived values written out), for matching the same
    /// formula written twice.
    pub fn key(&self, e: &Expr) -> String {
        let mut out = String::new();
        self.write_key(e, &mut out);
        out
    }

    fn write_key(&self, e: &Expr, out: &mut String) {
        match &e.kind {
            ExprKind::Num(v, _) => out.push_str(&v.normalize().to_string()),
            ExprKind::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
            ExprKind::Input(i) => out.push_str(&format!("i{}", i.0)),
            ExprKind::Value(v) => self.write_key(&self.scheme.value(*v).expr, out),
            ExprKind::Neg(x) => {
                out.push_str("(-");
                self.write_key(x, out);
                out.push(')');
            }
            ExprKind::Not(x) => {
                out.push_str("(!");
                self.write_key(x, out);
                out.push(')');
            }
            ExprKind::Convert(x, f) => {
                out.push('(');
                self.write_key(x, out);
                out.push_str(&format!("*{})", f.normalize()));
            }
            ExprKind::Binary(op, l, r) => {
                out.push('(');
                self.write_key(l, out);
                out.push_str(op.symbol());
                self.write_key(r, out);
                out.push(')');
            }
            ExprKind::Call(f, args) => {
                out.push_str(f.name());
                out.push('(');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write_key(a, out);
                }
                out.push(')');
            }
            ExprKind::If(c, a, b) => {
                out.push_str("?(");
                for x in [c, a, b] {
                    self.write_key(x, out);
                    out.push(',');
                }
                out.push(')');
            }
        }
    }

    fn same(&self, a: &Expr, b: &Expr) -> bool {
        self.key(a) == self.key(b)
    }

    /// The values of `e` at a point where `env` is known. Divisions that can meet zero are
    /// passed to `sink`.
    pub fn eval(&self, e: &'s Expr, env: &Env, sink: &mut Vec<Division<'s>>) -> Abs {
        let v = self.eval_raw(e, env, sink);
        if env.facts.is_empty() || matches!(e.kind, ExprKind::Input(_) | ExprKind::Num(..)) {
            return v;
        }
        match env.facts.get(&self.key(e)) {
            Some(f) => v.intersect(f),
            None => v,
        }
    }
}

/// Whether every member of `a` is ≤ every member of `b` (so `min` always picks `a`).
fn dominates_below(a: &Set, b: &Set) -> bool {
    match (a.hi(), b.lo()) {
        (Some(Some((h, _))), Some(Some((l, _)))) => h <= l,
        _ => false,
    }
}

/// The declared domain of an input.
fn domain(input: &crate::ir::Input) -> Abs {
    match &input.kind {
        InputKind::Number(d) => Abs::Num(Set::range(input.range, d.is_count())),
        InputKind::Reviewer => Abs::Num(Set::range(input.range, false)),
        InputKind::Bool => Abs::Bool(Truth::BOTH),
        InputKind::Checklist(_) | InputKind::Tier(_) => Abs::Num(Set::all()),
    }
}

/// Narrows what is known of input `i` to `with`.
fn narrow_input(i: InputId, with: Abs, mut env: Env) -> Env {
    let slot = &mut env.inputs[i.0 as usize];
    *slot = slot.intersect(&with);
    if slot.is_empty() {
        env.dead = true;
    }
    env
}

#[cfg(test)]
mod tests;
