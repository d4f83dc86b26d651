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

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

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
///
/// The declared domains are shared by every environment of an analysis; an environment holds
/// only the inputs a condition narrowed, so its size grows with what is known there, not with
/// the scheme's inputs (a scheme of 4,000 leaves keeps 4,000 small environments).
#[derive(Debug, Clone)]
pub struct Env {
    /// Every input at its declared domain.
    domains: Rc<[Abs]>,
    /// Inputs known more narrowly here than their domain, by id.
    narrowed: BTreeMap<InputId, Abs>,
    /// Facts about formulas other than inputs, by canonical key.
    facts: HashMap<Rc<str>, Abs>,
    /// No report reaches this point.
    dead: bool,
    /// Which knowledge this is: copies share it, any change gets a new one (so what was
    /// worked out under it can be remembered).
    id: u64,
}

/// A new [`Env::id`].
fn fresh_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Env {
    /// Whether no report reaches this point.
    pub fn is_dead(&self) -> bool {
        self.dead
    }

    /// What is known of an input here.
    pub fn input(&self, id: InputId) -> &Abs {
        self.narrowed
            .get(&id)
            .unwrap_or(&self.domains[id.0 as usize])
    }

    /// The inputs known here more narrowly than their declared domain.
    pub fn narrowed_inputs(&self) -> impl Iterator<Item = InputId> + '_ {
        self.narrowed.keys().copied()
    }

    fn kill(mut self) -> Env {
        if !self.dead {
            self.dead = true;
            self.id = fresh_id();
        }
        self
    }

    /// What is known on either of two paths.
    fn join(a: Env, b: Env) -> Env {
        if a.dead || a.id == b.id {
            return b;
        }
        if b.dead {
            return a;
        }
        // An input narrowed on one path only is at its domain on the other.
        let narrowed = a
            .narrowed
            .iter()
            .filter_map(|(i, x)| {
                let y = b.narrowed.get(i)?;
                let u = if x == y { x.clone() } else { x.union(y) };
                (u != a.domains[i.0 as usize]).then_some((*i, u))
            })
            .collect();
        let facts = a
            .facts
            .iter()
            .filter_map(|(k, v)| b.facts.get(k).map(|w| (k.clone(), v.union(w))))
            .collect();
        Env {
            domains: a.domains,
            narrowed,
            facts,
            dead: false,
            id: fresh_id(),
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

/// A derived value worked out under an environment: its values, and the divisions in it
/// whose divisor can be zero.
type Worked<'s> = (Abs, Vec<Division<'s>>);

/// The abstract interpreter of one scheme.
pub struct Analyzer<'s> {
    scheme: &'s Scheme,
    base: Env,
    /// A derived value's values under an environment, with the divisions found in it:
    /// each value is worked out once per environment (`值 v2 = v1 + v1` does not double).
    values: RefCell<HashMap<(u64, ValueId), Worked<'s>>>,
    /// The inputs that can change a derived value under an environment.
    relevant: RefCell<HashMap<(u64, ValueId), Vec<InputId>>>,
    /// What is known after a yes/no derived value turned out true or false, by environment.
    refined: RefCell<HashMap<(u64, ValueId, bool), Env>>,
    /// Steps of work done so far (formulas evaluated, conditions refined).
    steps: Cell<u64>,
    /// The steps allowed before the analysis turns coarse: see [`Analyzer::exhausted`].
    budget: u64,
    /// The canonical key of each derived value (its formula written out, or `v<id>` when
    /// that would be longer than [`KEY_LIMIT`]).
    keys: RefCell<HashMap<ValueId, Rc<str>>>,
}

/// The steps of work an analysis may take: a fixed allowance and more for each input,
/// value, indicator and special case, so a large scheme gets more but work that explodes
/// (values on values under nested conditions, each path narrowing differently) stops in time.
fn budget(scheme: &Scheme) -> u64 {
    const BASE: u64 = 500_000;
    const PER_ITEM: u64 = 2_000;
    let cases: usize = scheme
        .nodes
        .iter()
        .filter_map(|n| n.leaf.as_ref())
        .map(|l| l.cases.len())
        .sum();
    let items = scheme.inputs.len() + scheme.values.len() + scheme.nodes.len() + cases;
    BASE.saturating_add(PER_ITEM.saturating_mul(items as u64))
}

/// The longest a derived value's written-out key may be; a longer one stands for itself.
const KEY_LIMIT: usize = 2048;

/// Adds `found` to `sink`, each division (divisor where it is evaluated) once.
fn add_divisions<'s>(sink: &mut Vec<Division<'s>>, found: &[Division<'s>]) {
    for d in found {
        let known = sink
            .iter()
            .any(|x| x.divisor.span == d.divisor.span && x.env.id == d.env.id);
        if !known {
            sink.push(d.clone());
        }
    }
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
        let domains = scheme.inputs.iter().map(domain).collect();
        Analyzer {
            scheme,
            base: Env {
                domains,
                narrowed: BTreeMap::new(),
                facts: HashMap::new(),
                dead: false,
                id: fresh_id(),
            },
            values: RefCell::default(),
            steps: Cell::new(0),
            budget: budget(scheme),
            relevant: RefCell::default(),
            refined: RefCell::default(),
            keys: RefCell::default(),
        }
    }

    /// What is known before anything is tested.
    pub fn base(&self) -> &Env {
        &self.base
    }

    /// Counts a step of work; past the budget the analysis turns coarse.
    fn tick(&self) {
        self.steps.set(self.steps.get().saturating_add(1));
    }

    /// Whether the work budget ran out: from then on conditions no longer narrow what is
    /// known, so what the analysis says still holds (every value it rules out is impossible)
    /// but it may miss that a guard protects a division or that a case cannot apply.
    pub fn exhausted(&self) -> bool {
        self.steps.get() > self.budget
    }

    /// The steps of work this analysis may take before it turns coarse.
    pub fn budget(&self) -> u64 {
        self.budget
    }

    /// A canonical text of a formula (derived values written out, up to [`KEY_LIMIT`]), for
    /// matching the same formula written twice.
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
            ExprKind::Value(v) => out.push_str(&self.value_key(*v)),
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

    /// The key of a derived value, worked out once.
    fn value_key(&self, v: ValueId) -> Rc<str> {
        if let Some(k) = self.keys.borrow().get(&v) {
            return k.clone();
        }
        let mut s = String::new();
        self.write_key(&self.scheme.value(v).expr, &mut s);
        let k: Rc<str> = if s.len() > KEY_LIMIT {
            format!("v{}", v.0).into()
        } else {
            s.into()
        };
        self.keys.borrow_mut().insert(v, k.clone());
        k
    }

    /// The values of derived value `v` where `env` is known, worked out once per environment;
    /// its divisions that can meet zero go to `sink` once each.
    fn value(&self, v: ValueId, env: &Env, sink: &mut Vec<Division<'s>>) -> Abs {
        if let Some((abs, divisions)) = self.values.borrow().get(&(env.id, v)) {
            add_divisions(sink, divisions);
            return abs.clone();
        }
        let mut found = Vec::new();
        let abs = self.eval(&self.scheme.value(v).expr, env, &mut found);
        add_divisions(sink, &found);
        self.values
            .borrow_mut()
            .insert((env.id, v), (abs.clone(), found));
        abs
    }

    fn same(&self, a: &Expr, b: &Expr) -> bool {
        self.key(a) == self.key(b)
    }

    /// The values of `e` at a point where `env` is known. Divisions that can meet zero are
    /// passed to `sink`.
    pub fn eval(&self, e: &'s Expr, env: &Env, sink: &mut Vec<Division<'s>>) -> Abs {
        self.tick();
        let v = self.eval_raw(e, env, sink);
        if env.facts.is_empty() || matches!(e.kind, ExprKind::Input(_) | ExprKind::Num(..)) {
            return v;
        }
        match env.facts.get(self.key(e).as_str()) {
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
    let old = env.input(i);
    let new = old.intersect(&with);
    if new == *old {
        return env;
    }
    if new.is_empty() {
        env.dead = true;
    }
    env.narrowed.insert(i, new);
    env.id = fresh_id();
    env
}

#[cfg(test)]
mod tests;
