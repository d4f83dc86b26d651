//! Formulas over value sets: what each can compute where the environment is known, and what
//! is known after a condition held or failed.

use super::*;

impl<'s> Analyzer<'s> {
    pub(super) fn eval_raw(&self, e: &'s Expr, env: &Env, sink: &mut Vec<Division<'s>>) -> Abs {
        match &e.kind {
            ExprKind::Num(v, _) => Abs::Num(Set::point(*v)),
            ExprKind::Bool(b) => Abs::Bool(Truth {
                can_true: *b,
                can_false: !*b,
            }),
            ExprKind::Input(i) => env.input(*i).clone(),
            ExprKind::Value(v) => self.value(*v, env, sink),
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
                Abs::Bool(self.logic(*op == BinOp::Or, l, r, env, sink))
            }
            ExprKind::Binary(op, l, r) if is_comparison(*op) => {
                let a = self.eval(l, env, sink);
                let b = self.eval(r, env, sink);
                Abs::Bool(compare(*op, a, b))
            }
            ExprKind::Binary(op, l, r) => Abs::Num(self.arithmetic(*op, l, r, env, sink)),
            ExprKind::Call(f, args) => Abs::Num(self.call(*f, args, env, sink)),
            ExprKind::If(c, a, b) => self.branch(e, c, a, b, env, sink),
        }
    }

    /// `且` (`decisive` false) or `或` (true): the right side is evaluated only where the
    /// left is not decisive, and knows that it was not.
    fn logic(
        &self,
        decisive: bool,
        l: &'s Expr,
        r: &'s Expr,
        env: &Env,
        sink: &mut Vec<Division<'s>>,
    ) -> Truth {
        let lt = self.eval(l, env, sink).truth();
        let rt = if lt.can(!decisive) {
            let renv = self.refine(l, !decisive, env);
            self.eval(r, &renv, sink).truth()
        } else {
            Truth {
                can_true: false,
                can_false: false,
            }
        };
        if decisive {
            Truth {
                can_true: lt.can_true || rt.can_true,
                can_false: rt.can_false,
            }
        } else {
            Truth {
                can_true: rt.can_true,
                can_false: lt.can_false || rt.can_false,
            }
        }
    }

    /// `+ − × ÷`; a divisor that can be zero is passed to `sink`.
    fn arithmetic(
        &self,
        op: BinOp,
        l: &'s Expr,
        r: &'s Expr,
        env: &Env,
        sink: &mut Vec<Division<'s>>,
    ) -> Set {
        let a = self.eval(l, env, sink).num();
        let b = self.eval(r, env, sink).num();
        match op {
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
        }
    }

    /// 最小 / 最大 / 绝对值.
    fn call(&self, f: Func, args: &'s [Expr], env: &Env, sink: &mut Vec<Division<'s>>) -> Set {
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
        if f == Func::Abs {
            v.abs()
        } else {
            v
        }
    }

    /// `若 c 则 a 否则 b`: each branch where `c` can take it, knowing that it did.
    fn branch(
        &self,
        e: &'s Expr,
        c: &'s Expr,
        a: &'s Expr,
        b: &'s Expr,
        env: &Env,
        sink: &mut Vec<Division<'s>>,
    ) -> Abs {
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
        self.tick();
        if env.dead || self.exhausted() {
            return env.clone();
        }
        let mut quiet = Vec::new();
        if !self.eval(cond, env, &mut quiet).truth().can(truth) {
            return env.clone().kill();
        }
        match &cond.kind {
            ExprKind::Bool(b) if *b != truth => env.clone().kill(),
            ExprKind::Not(x) => self.refine(x, !truth, env),
            ExprKind::Value(v) => {
                let key = (env.id, *v, truth);
                if let Some(known) = self.refined.borrow().get(&key) {
                    return known.clone();
                }
                let out = self.refine(&self.scheme.value(*v).expr, truth, env);
                self.refined.borrow_mut().insert(key, out.clone());
                out
            }
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
                        let env = self.narrow_num(r, constrain(mirror(op), x), env);
                        self.narrow_difference(l, r, op, env)
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

    /// After `l op r` held between two formulas (neither a constant): what is known of the
    /// differences `l − r` and `r − l`, so that a divisor written `预算 − 支出` is known to
    /// be nonzero after `若 预算 = 支出 则 …` did not fire.
    fn narrow_difference(&self, l: &'s Expr, r: &'s Expr, op: BinOp, env: Env) -> Env {
        let constant = |e: &Expr| matches!(e.kind, ExprKind::Num(..));
        if constant(l) || constant(r) || env.dead {
            return env;
        }
        let zero = Set::point(Decimal::ZERO);
        let (kl, kr) = (self.key(l), self.key(r));
        let sub = BinOp::Sub.symbol();
        let env = self.narrow_fact(format!("({kl}{sub}{kr})"), constrain(op, &zero), env);
        self.narrow_fact(
            format!("({kr}{sub}{kl})"),
            constrain(mirror(op), &zero),
            env,
        )
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
            _ => self.narrow_fact(self.key(e), with, env),
        }
    }

    /// Narrows what is known of the formula with canonical key `key` to `with`.
    fn narrow_fact(&self, key: String, with: Set, mut env: Env) -> Env {
        let fact = match env.facts.get(key.as_str()) {
            Some(old) => {
                let fact = old.intersect(&Abs::Num(with));
                if fact == *old {
                    return env;
                }
                fact
            }
            None => Abs::Num(with),
        };
        if fact.is_empty() {
            env.dead = true;
        }
        env.facts.insert(key.into(), fact);
        env.id = fresh_id();
        env
    }
}

/// The truth values of `a op b` for a comparison.
fn compare(op: BinOp, a: Abs, b: Abs) -> Truth {
    match (a, b) {
        (Abs::Num(x), Abs::Num(y)) => Truth {
            can_true: !x.intersect(&constrain(op, &y)).is_empty(),
            can_false: !x.intersect(&constrain(negate(op), &y)).is_empty(),
        },
        (Abs::Bool(x), Abs::Bool(y)) => {
            let equal_possible = (x.can_true && y.can_true) || (x.can_false && y.can_false);
            let differ_possible = (x.can_true && y.can_false) || (x.can_false && y.can_true);
            if op == BinOp::Ne {
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
    }
}
