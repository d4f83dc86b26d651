//! A leaf's reach: the values its rule scores and the scores it can give, after its special
//! cases; and which inputs a formula reads.

use super::*;

impl<'s> Analyzer<'s> {
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
            // Reached by no report when the cases cover all (checked at compile).
            Rule::CasesOnly => Set::empty(),
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
            ExprKind::Value(v) => {
                let key = (env.id, *v);
                let known = self.relevant.borrow().get(&key).cloned();
                let found = known.unwrap_or_else(|| {
                    let mut found = Vec::new();
                    self.relevant(&self.scheme.value(*v).expr, env, &mut found);
                    self.relevant.borrow_mut().insert(key, found.clone());
                    found
                });
                for i in found {
                    if !out.contains(&i) {
                        out.push(i);
                    }
                }
            }
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
