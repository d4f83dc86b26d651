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

    fn eval_raw(&self, e: &'s Expr, env: &Env, sink: &mut Vec<Division<'s>>) -> Abs {
        match &e.kind {
            ExprKind::Num(v, _) => Abs::Num(Set::point(*v)),
            ExprKind::Bool(b) => Abs::Bool(Truth {
                can_true: *b,
                can_false: !*b,
            }),
            ExprKind::Input(i) => env.input(*i).clone(),
            ExprKind::Value(v) => self.eval(&self.scheme.value(*v).expr, env, sink),
            ExprKind::Neg(x) => Abs::Num(self.eval(x, env, sink).num().neg()),
            ExprKind::Not(x) => {
                let t = self.eval(x, env, sink).truth();
                Abs::Bool(Truth {
                    can_true: t.can_false,
                    can_false: t.can_true,
                })
            }
            ExprKind::Convert(x, f) => Abs::Num(self.eval(x, env, sink).num().scale(*f)),
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                let decisive = *op == BinOp::Or;
                let lt = self.eval(l, env, sink).truth();
                // The right side is evaluated only when the left is not decisive.
                let rt = if lt.can(!decisive) {
                    let renv = self.refine(l, !decisive, env);
                    self.eval(r, &renv, sink).truth()
                } else {
                    Truth {
                        can_true: false,
                        can_false: false,
                    }
                };
                Abs::Bool(if decisive {
                    Truth {
                        can_true: lt.can_true || rt.can_true,
                        can_false: rt.can_false,
                    }
                } else {
                    Truth {
                        can_true: rt.can_true,
                        can_false: lt.can_false || rt.can_false,
                    }
                })
            }
            ExprKind::Binary(op, l, r) if is_comparison(*op) => {
                let a = self.eval(l, env, sink);
                let b = self.eval(r, env, sink);
                Abs::Bool(match (a, b) {
                    (Abs::Num(x), Abs::Num(y)) => Truth {
                        can_true: !x.intersect(&constrain(*op, &y)).is_empty(),
                        can_false: !x.intersect(&constrain(negate(*op), &y)).is_empty(),
                    },
                    (Abs::Bool(x), Abs::Bool(y)) => {
                        let equal_possible =
                            (x.can_true && y.can_true) || (x.can_false && y.can_false);
                        let differ_possible =
                            (x.can_true && y.can_false) || (x.can_false && y.can_true);
                        if *op == BinOp::Ne {
                            Truth {
                                can_true: differ_possible,
                                can_false: equal_possible,
                            }
                        } else {
                            Truth {
                                can_true: equal_possible,
                                can_false: differ_possible,
                            }
                        }
                    }
                    _ => Truth::BOTH,
                })
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.eval(l, env, sink).num();
                let b = self.eval(r, env, sink).num();
                Abs::Num(match op {
                    BinOp::Add => a.add(&b),
                    BinOp::Sub => a.sub(&b),
                    BinOp::Mul => a.mul(&b),
                    _ => {
                        if b.has_zero() {
                            sink.push(Division {
                                divisor: r,
                                range: b.clone(),
                                env: env.clone(),
                            });
                        }
                        let q = a.div(&b);
                        match self.rewrite_quotient(l, r, env) {
                            Some(better) => q.intersect(&better),
                            None => q,
                        }
                    }
                })
            }
            ExprKind::Call(f, args) => {
                let mut acc: Option<Set> = None;
                for a in args {
                    let v = self.eval(a, env, sink).num();
                    acc = Some(match (f, acc) {
                        (_, None) => v,
                        (Func::Min, Some(x)) => x.min(&v),
                        (Func::Max, Some(x)) => x.max(&v),
                        (Func::Abs, Some(x)) => x,
                    });
                }
                let v = acc.unwrap_or_else(Set::all);
                Abs::Num(if *f == Func::Abs { v.abs() } else { v })
            }
            ExprKind::If(c, a, b) => {
                let t = self.eval(c, env, sink).truth();
                let yes = t
                    .can_true
                    .then(|| self.eval(a, &self.refine(c, true, env), sink));
                let no = t
                    .can_false
                    .then(|| self.eval(b, &self.refine(c, false, env), sink));
                match (yes, no) {
                    (Some(x), Some(y)) => x.union(&y),
                    (Some(x), None) | (None, Some(x)) => x,
                    (None, None) => match e.ty {
                        Ty::Bool => Abs::Bool(Truth {
                            can_true: false,
                            can_false: false,
                        }),
                        Ty::Num(_) => Abs::Num(Set::empty()),
                    },
                }
            }
        }
    }

    /// `(a − b) ÷ b` is `a ÷ b − 1`, `(a + b) ÷ b` is `a ÷ b + 1`, `(b − a) ÷ b` is
    /// `1 − a ÷ b`: rewritten so that the two occurrences of `b` do not widen the range (the
    /// 变动率 and 完成率 of the 评分表 have this shape).
    fn rewrite_quotient(&self, num: &'s Expr, den: &'s Expr, env: &Env) -> Option<Set> {
        let num = self.unfold(num);
        let ExprKind::Binary(op @ (BinOp::Add | BinOp::Sub), a, b) = &num.kind else {
            return None;
        };
        let mut quiet = Vec::new();
        let one = Set::point(Decimal::ONE);
        let den_v = self.eval(den, env, &mut quiet).num();
        let ratio =
            |x: &'s Expr, quiet: &mut Vec<Division<'s>>| self.eval(x, env, quiet).num().div(&den_v);
        if self.same(b, den) {
            let q = ratio(a, &mut quiet);
            return Some(if *op == BinOp::Sub {
                q.sub(&one)
            } else {
                q.add(&one)
            });
        }
        if self.same(a, den) {
            let q = ratio(b, &mut quiet);
            return Some(if *op == BinOp::Sub {
                one.sub(&q)
            } else {
                one.add(&q)
            });
        }
        None
    }

    /// A formula with derived values written out at the top.
    fn unfold(&self, e: &'s Expr) -> &'s Expr {
        match &e.kind {
            ExprKind::Value(v) => self.unfold(&self.scheme.value(*v).expr),
            _ => e,
        }
    }

    /// What is known after `cond` turned out `truth`.
    pub fn refine(&self, cond: &'s Expr, truth: bool, env: &Env) -> Env {
        if env.dead {
            return env.clone();
        }
        let mut quiet = Vec::new();
        if !self.eval(cond, env, &mut quiet).truth().can(truth) {
            return env.clone().kill();
        }
        match &cond.kind {
            ExprKind::Bool(b) if *b != truth => env.clone().kill(),
            ExprKind::Not(x) => self.refine(x, !truth, env),
            ExprKind::Value(v) => self.refine(&self.scheme.value(*v).expr, truth, env),
            ExprKind::Input(i) => narrow_input(
                *i,
                Abs::Bool(Truth {
                    can_true: truth,
                    can_false: !truth,
                }),
                env.clone(),
            ),
            ExprKind::Binary(BinOp::And, l, r) => {
                if truth {
                    self.refine(r, true, &self.refine(l, true, env))
                } else {
                    Env::join(
                        self.refine(l, false, env),
                        self.refine(r, false, &self.refine(l, true, env)),
                    )
                }
            }
            ExprKind::Binary(BinOp::Or, l, r) => {
                if truth {
                    Env::join(
                        self.refine(l, true, env),
                        self.refine(r, true, &self.refine(l, false, env)),
                    )
                } else {
                    self.refine(r, false, &self.refine(l, false, env))
                }
            }
            ExprKind::Binary(op, l, r) if is_comparison(*op) => {
                let op = if truth { *op } else { negate(*op) };
                let a = self.eval(l, env, &mut quiet);
                let b = self.eval(r, env, &mut quiet);
                match (&a, &b) {
                    (Abs::Num(x), Abs::Num(y)) => {
                        let env = self.narrow_num(l, constrain(op, y), env.clone());
                        self.narrow_num(r, constrain(mirror(op), x), env)
                    }
                    (Abs::Bool(_), Abs::Bool(_)) if matches!(op, BinOp::Eq | BinOp::Ne) => {
                        let eq = op == BinOp::Eq;
                        match (&l.kind, &r.kind) {
                            (_, ExprKind::Bool(b)) => self.refine(l, *b == eq, env),
                            (ExprKind::Bool(b), _) => self.refine(r, *b == eq, env),
                            _ => env.clone(),
                        }
                    }
                    _ => env.clone(),
                }
            }
            _ => env.clone(),
        }
    }

    /// Narrows what is known of numeric formula `e` to `with`.
    fn narrow_num(&self, e: &'s Expr, with: Set, env: Env) -> Env {
        match &e.kind {
            ExprKind::Num(v, _) => {
                if with.contains(*v) {
                    env
                } else {
                    env.kill()
                }
            }
            ExprKind::Input(i) => narrow_input(*i, Abs::Num(with), env),
            ExprKind::Value(v) => self.narrow_num(&self.scheme.value(*v).expr, with, env),
            ExprKind::Neg(x) => self.narrow_num(x, with.neg(), env),
            ExprKind::Convert(x, f) if !f.is_zero() => {
                let back = with.div(&Set::point(*f));
                self.narrow_num(x, back, env)
            }
            _ => {
                let key = self.key(e);
                let mut env = env;
                let fact = match env.facts.get(&key) {
                    Some(old) => old.intersect(&Abs::Num(with)),
                    None => Abs::Num(with),
                };
                if fact.is_empty() {
                    env.dead = true;
                }
                env.facts.insert(key, fact);
                env
            }
        }
    }

    /// The values the rule of `leaf` scores, and the scores it can give.
    pub fn leaf(&self, leaf: &'s Leaf, weight: Decimal) -> LeafReach<'s> {
        let mut divisions = Vec::new();
        let mut env = self.base.clone();
        let mut cases = Vec::new();
        let mut scores = Set::empty();
        for c in &leaf.cases {
            let t = if env.dead {
                Truth {
                    can_true: false,
                    can_false: false,
                }
            } else {
                self.eval(&c.cond, &env, &mut divisions).truth()
            };
            if t.can_true {
                scores = scores.union(&Set::point(match c.outcome {
                    CaseOutcome::NotApplicable | CaseOutcome::Full => weight,
                    CaseOutcome::Points(p) => p,
                }));
            }
            cases.push(t);
            env = self.refine(&c.cond, false, &env);
        }
        let subject = match (leaf.subject, env.dead) {
            (_, true) | (None, _) => None,
            (Some(Subject::Value(v)), false) => Some(
                self.eval(&self.scheme.value(v).expr, &env, &mut divisions)
                    .num(),
            ),
            (Some(Subject::Input(i)), false) => Some(env.input(i).num()),
        };
        let (rule_raw, rule_scores) = if env.dead {
            (Set::empty(), Set::empty())
        } else {
            self.rule_scores(leaf, subject.as_ref(), weight, &env)
        };
        scores = scores.union(&rule_scores);
        LeafReach {
            cases,
            rule_env: env,
            subject,
            rule_raw,
            rule_scores,
            scores,
            divisions,
        }
    }

    fn rule_scores(
        &self,
        leaf: &Leaf,
        subject: Option<&Set>,
        weight: Decimal,
        env: &Env,
    ) -> (Set, Set) {
        let w = Set::point(weight);
        let s = subject.cloned().unwrap_or_else(Set::all);
        let zero = Decimal::ZERO;
        let raw = match &leaf.rule {
            Rule::Threshold(t) => {
                let th = Set::point(t.threshold);
                let zero_set = Set::point(zero);
                let excess = match t.dir {
                    Direction::Above => s.sub(&th).max(&zero_set),
                    Direction::Below => th.sub(&s).max(&zero_set),
                    Direction::Either => s.sub(&th).abs(),
                };
                let ratio = excess.div(&Set::point(t.step));
                let steps = match t.policy {
                    StepPolicy::Proportional => ratio,
                    StepPolicy::FullSteps => ratio.floor(),
                    StepPolicy::AnyPart => ratio.ceil(),
                };
                let raw = w.sub(&steps.scale(t.per_step));
                return (raw.clone(), raw.clamp(t.floor, weight));
            }
            Rule::Bands(bands) => {
                let mut seen = Set::empty();
                let mut out = Set::empty();
                for b in bands {
                    let here = s.intersect(&Set::range(b.range, false)).minus(&seen);
                    if !here.is_empty() {
                        out = out.union(&Set::point(b.points));
                    }
                    seen = seen.union(&Set::range(b.range, false));
                }
                out
            }
            Rule::Proportional { cap } => s.min(&Set::point(*cap)).scale(weight),
            Rule::Checklist { points, .. } => {
                let sum: Decimal = points.iter().copied().filter(|p| *p > zero).sum();
                let neg: Decimal = points.iter().copied().filter(|p| *p < zero).sum();
                Set::interval(
                    Interval {
                        lo: Some((neg, true)),
                        hi: Some((sum, true)),
                    },
                    false,
                )
            }
            Rule::PerEvent { step, per_step } => {
                let steps = s.div(&Set::point(*step)).floor();
                w.sub(&steps.scale(*per_step))
            }
            Rule::Tiers { points, .. } => points
                .iter()
                .fold(Set::empty(), |acc, p| acc.union(&Set::point(*p))),
            Rule::Reviewer { input } => env.input(*input).num(),
        };
        (raw.clone(), raw.clamp(zero, weight))
    }

    /// The dimension of a leaf's scored quantity.
    pub fn subject_dim(&self, leaf: &Leaf) -> Dim {
        match leaf.subject {
            Some(Subject::Value(v)) => match self.scheme.value(v).expr.ty {
                Ty::Num(d) => d,
                Ty::Bool => Dim::Plain,
            },
            Some(Subject::Input(i)) => match &self.scheme.input(i).kind {
                InputKind::Number(d) => *d,
                InputKind::Reviewer => Dim::Points,
                _ => Dim::Plain,
            },
            None => Dim::Plain,
        }
    }

    /// Inputs whose value can change what `e` yields where `env` is known.
    pub fn relevant(&self, e: &'s Expr, env: &Env, out: &mut Vec<InputId>) {
        let mut quiet = Vec::new();
        match &e.kind {
            ExprKind::Num(..) | ExprKind::Bool(_) => {}
            ExprKind::Input(i) => {
                if !out.contains(i) {
                    out.push(*i);
                }
            }
            ExprKind::Value(v) => self.relevant(&self.scheme.value(*v).expr, env, out),
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Convert(x, _) => {
                self.relevant(x, env, out)
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                let decisive = *op == BinOp::Or;
                let lt = self.eval(l, env, &mut quiet).truth();
                if lt.can_true && lt.can_false {
                    self.relevant(l, env, out);
                }
                if lt.can(!decisive) {
                    self.relevant(r, &self.refine(l, !decisive, env), out);
                }
            }
            ExprKind::Binary(op, l, r) if is_comparison(*op) => {
                let t = self.eval(e, env, &mut quiet).truth();
                if t.can_true && t.can_false {
                    self.relevant(l, env, out);
                    self.relevant(r, env, out);
                }
            }
            ExprKind::Binary(_, l, r) => {
                self.relevant(l, env, out);
                self.relevant(r, env, out);
            }
            ExprKind::Call(f @ (Func::Min | Func::Max), args) => {
                let sets: Vec<Set> = args
                    .iter()
                    .map(|a| self.eval(a, env, &mut quiet).num())
                    .collect();
                for (i, a) in args.iter().enumerate() {
                    // An argument that another always beats never decides the result.
                    let beaten = sets.iter().enumerate().any(|(j, other)| {
                        j != i
                            && match f {
                                Func::Min => dominates_below(other, &sets[i]),
                                _ => dominates_below(&sets[i], other),
                            }
                    });
                    if !beaten {
                        self.relevant(a, env, out);
                    }
                }
            }
            ExprKind::Call(_, args) => {
                for a in args {
                    self.relevant(a, env, out);
                }
            }
            ExprKind::If(c, a, b) => {
                let t = self.eval(c, env, &mut quiet).truth();
                if t.can_true && t.can_false {
                    self.relevant(c, env, out);
                }
                if t.can_true {
                    self.relevant(a, &self.refine(c, true, env), out);
                }
                if t.can_false {
                    self.relevant(b, &self.refine(c, false, env), out);
                }
            }
        }
    }

    /// The inputs read by `e` at all (derived values written out).
    pub fn reads(&self, e: &Expr, out: &mut Vec<InputId>, values: &mut Vec<ValueId>) {
        match &e.kind {
            ExprKind::Input(i) => {
                if !out.contains(i) {
                    out.push(*i);
                }
            }
            ExprKind::Value(v) => {
                if !values.contains(v) {
                    values.push(*v);
                    self.reads(&self.scheme.value(*v).expr, out, values);
                }
            }
            _ => e.for_each_child(|c| self.reads(c, out, values)),
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
#[allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]
mod tests {
    use super::*;
    use crate::base::source::Sources;

    fn scheme(body: &str) -> Scheme {
        let mut s = Sources::new();
        let f = s.add(
            "t.jx",
            &format!("方案 测试\n年度 2020\n满分 8分\n保留 2位小数 四舍五入\n{body}"),
        );
        let ast = crate::syntax::parse(&s, f).expect("parses");
        let layers = [crate::syntax::compose::Layer::new(f, None)];
        crate::check::check(&ast, &s, &layers).0.expect("checks")
    }

    #[test]
    fn a_case_that_did_not_fire_narrows_the_rule() {
        let s = scheme(
            "输入 上年：万元 \"上年\"\n输入 本年：万元 \"本年\"\n\
             指标 变动率 8分 {\n  若 上年 = 0 则 0分\n  值 变动率 = (本年 - 上年) / 上年\n  \
             超过 0% 每 1个百分点 扣 0.8分 按比例\n}\n",
        );
        let a = Analyzer::new(&s);
        let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
        let r = a.leaf(leaf, Decimal::from(8));
        // 上年 > 0 after the case; (本年 − 上年) ÷ 上年 = 本年 ÷ 上年 − 1 ≥ −100%.
        assert_eq!(r.rule_env.input(InputId(0)).num().to_string(), "(0, +∞)");
        assert_eq!(r.subject.unwrap().to_string(), "[-1, +∞)");
        assert!(r.divisions.is_empty());
        assert_eq!(r.scores.to_string(), "[0, 8]");
    }

    #[test]
    fn an_unguarded_divisor_is_reported_with_its_range() {
        let s = scheme(
            "输入 编制数：人 \"编制\"\n输入 在职：人 \"在职\"\n\
             指标 控制率 8分 {\n  值 控制率 = 在职 / 编制数\n  \
             超过 100% 每 1个百分点 扣 1分 按比例\n}\n",
        );
        let a = Analyzer::new(&s);
        let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
        let r = a.leaf(leaf, Decimal::from(8));
        assert_eq!(r.divisions.len(), 1);
        assert_eq!(r.divisions[0].range.to_string(), "[0, +∞) (整数)");
    }
}
