//! Formulas: names resolved, units checked, 元/万元 conversions inserted.

use rust_decimal::Decimal;

use super::resolve::{Resolver, State};
use super::CheckError;
use crate::base::units::{Dim, UnitWord};
use crate::ir::{self, Expr, ExprKind, InputKind, Ty, ValueId};
use crate::syntax::ast::{self, BinOp, Func, UnOp};
use crate::syntax::MAX_FORMULA_DEPTH;

impl<'a> Resolver<'a> {
    /// Types value `id` (once), reporting a cycle if it depends on itself.
    pub fn value_ty(&mut self, id: ValueId) -> Ty {
        let i = id.0 as usize;
        match self.state[i] {
            State::Done(t) => return t,
            State::Active => {
                let start = self.stack.iter().position(|v| *v == id).unwrap_or(0);
                let mut names: Vec<String> = self.stack[start..]
                    .iter()
                    .map(|v| self.value_decls[v.0 as usize].0.text.clone())
                    .collect();
                names.push(self.value_decls[i].0.text.clone());
                let span = self.value_decls[i].0.span;
                self.error(
                    CheckError::Cycle {
                        cycle: names.join(" → "),
                    },
                    span,
                );
                // Type it as a plain number so that checking can go on.
                self.state[i] = State::Done(Ty::Num(Dim::Plain));
                return Ty::Num(Dim::Plain);
            }
            State::Todo => {}
        }
        self.state[i] = State::Active;
        self.stack.push(id);
        let outer = std::mem::replace(&mut self.scope, self.value_scopes[i].clone());
        let (name, ast_expr) = self.value_decls[i];
        let before = self.diags.len();
        let expr = self.expr(ast_expr);
        self.value_depths[i] = self.depth_of(&expr);
        self.scope = outer;
        if self.diags.len() > before {
            self.poisoned.push(id);
        }
        self.stack.pop();
        let ty = expr.ty;
        if !matches!(self.state[i], State::Done(_)) {
            self.state[i] = State::Done(ty);
        }
        self.values[i] = Some(ir::Value {
            name: name.text.clone(),
            expr,
            span: name.span,
        });
        ty
    }

    /// How deep `e` is, with the formulas of the values it reads (each lowered before).
    fn depth_of(&self, e: &Expr) -> usize {
        let mut deepest = 0;
        e.for_each_child(|c| deepest = deepest.max(self.depth_of(c)));
        let own = match e.kind {
            ExprKind::Value(v) => self.value_depths[v.0 as usize],
            _ => 0,
        };
        1 + deepest.max(own)
    }

    /// A value read by name at `span`: its type, or, when reading it would make the formula
    /// deeper than [`MAX_FORMULA_DEPTH`] counting the formulas of the values it reads (a chain
    /// of thousands of values each reading the one before), a `too-deep` error and a stand-in
    /// `0`, so that no later pass walks the chain.
    fn value_ref(&mut self, id: ValueId, span: crate::base::source::Span) -> (ExprKind, Ty) {
        let i = id.0 as usize;
        let deep = if matches!(self.state[i], State::Todo) {
            // Lowering it here would go deeper still before its depth is known.
            self.depth >= MAX_FORMULA_DEPTH
        } else {
            false
        };
        let ty = if deep {
            Ty::Num(Dim::Plain)
        } else {
            self.value_ty(id)
        };
        if deep || self.depth + self.value_depths[i] > MAX_FORMULA_DEPTH {
            self.error(
                CheckError::ChainTooDeep {
                    name: self.value_decls[i].0.text.clone(),
                    limit: MAX_FORMULA_DEPTH,
                },
                span,
            );
            return (ExprKind::Num(Decimal::ZERO, None), ty);
        }
        (ExprKind::Value(id), ty)
    }

    /// Lowers and types a formula.
    pub fn expr(&mut self, e: &ast::Expr) -> Expr {
        self.depth += 1;
        let lowered = self.expr_here(e);
        self.depth -= 1;
        lowered
    }

    fn expr_here(&mut self, e: &ast::Expr) -> Expr {
        let span = e.span;
        let (kind, ty) = match &e.kind {
            ast::ExprKind::Num(q) => {
                let dim = q.unit.map_or(Dim::Plain, UnitWord::dim);
                let v = self.literal(q);
                (ExprKind::Num(v, q.unit), Ty::Num(dim))
            }
            ast::ExprKind::Bool(b) => (ExprKind::Bool(*b), Ty::Bool),
            ast::ExprKind::Name(n) => self.name_ref(n),
            ast::ExprKind::Unary(op, x) => {
                let x = self.expr(x);
                match op {
                    UnOp::Neg => {
                        self.want_num(&x, "取负的对象");
                        let ty = x.ty;
                        (ExprKind::Neg(Box::new(x)), ty)
                    }
                    UnOp::Not => {
                        self.want_bool(&x, "`非` 的对象");
                        (ExprKind::Not(Box::new(x)), Ty::Bool)
                    }
                }
            }
            ast::ExprKind::Binary(op, l, r) => {
                let l = self.expr(l);
                let r = self.expr(r);
                return self.binary(*op, l, r, span);
            }
            ast::ExprKind::Call(f, args) => {
                let args: Vec<Expr> = args.iter().map(|a| self.expr(a)).collect();
                let ok = match f {
                    Func::Abs => args.len() == 1,
                    Func::Min | Func::Max => args.len() >= 2,
                };
                if !ok {
                    let expected = if *f == Func::Abs { "1" } else { "至少 2" };
                    self.error(
                        CheckError::Arity {
                            func: f.name(),
                            expected,
                            found: args.len(),
                        },
                        span,
                    );
                }
                let mut args = args.into_iter();
                let Some(mut acc) = args.next() else {
                    return Expr {
                        kind: ExprKind::Num(Decimal::ZERO, None),
                        ty: Ty::Num(Dim::Plain),
                        span,
                    };
                };
                self.want_num(&acc, "函数的参数");
                let mut rest = Vec::new();
                for a in args {
                    let (a2, dim) = self.unify(acc.clone(), a, f.name(), span);
                    acc.ty = Ty::Num(dim);
                    rest.push(a2);
                }
                let ty = acc.ty;
                let mut all = vec![acc];
                all.extend(rest);
                (ExprKind::Call(*f, all), ty)
            }
            ast::ExprKind::If(c, t, f) => {
                let c = self.expr(c);
                self.want_bool(&c, "`若` 的条件");
                let t = self.expr(t);
                let f = self.expr(f);
                let ty = match (t.ty, f.ty) {
                    (Ty::Bool, Ty::Bool) => Ty::Bool,
                    (Ty::Num(a), Ty::Num(b)) if a.compatible(b) => {
                        Ty::Num(if a == Dim::Plain { b } else { a })
                    }
                    (a, b) => {
                        self.error(
                            CheckError::Unit {
                                op: "否则".into(),
                                left: ty_name(a),
                                right: ty_name(b),
                                help: "`若 … 则 甲 否则 乙` 的甲、乙必须是同一单位".into(),
                            },
                            span,
                        );
                        a
                    }
                };
                (ExprKind::If(Box::new(c), Box::new(t), Box::new(f)), ty)
            }
        };
        Expr { kind, ty, span }
    }

    fn name_ref(&mut self, n: &ast::Name) -> (ExprKind, Ty) {
        if let Some(id) = self.scoped_value(&n.text) {
            return self.value_ref(id, n.span);
        }
        if let Some(id) = self.input_id(&n.text) {
            let input = &self.inputs[id.0 as usize];
            let ty = match &input.kind {
                InputKind::Number(d) => Ty::Num(*d),
                InputKind::Bool => Ty::Bool,
                InputKind::Reviewer => Ty::Num(Dim::Points),
                InputKind::Checklist(_) | InputKind::Tier(_) => {
                    self.error(
                        CheckError::Type {
                            expected: "公式中的数",
                            found: format!("清单或等级 `{}`", n.text),
                            help: "清单和等级只能由 `清单` 与 `按等级` 规则计分".into(),
                        },
                        n.span,
                    );
                    Ty::Num(Dim::Plain)
                }
            };
            return (ExprKind::Input(id), ty);
        }
        if let Some(&id) = self.value_names.get(&n.text) {
            return self.value_ref(id, n.span);
        }
        let help = self.name_help(&n.text);
        self.error(
            CheckError::UnknownName {
                name: n.text.clone(),
                what: "名称",
                help,
            },
            n.span,
        );
        (ExprKind::Num(Decimal::ZERO, None), Ty::Num(Dim::Plain))
    }

    fn want_num(&mut self, e: &Expr, what: &'static str) {
        if e.ty == Ty::Bool {
            self.error(
                CheckError::Type {
                    expected: what,
                    found: "条件（是/否）".into(),
                    help: "这里需要一个数".into(),
                },
                e.span,
            );
        }
    }

    pub fn want_bool(&mut self, e: &Expr, what: &'static str) {
        if let Ty::Num(d) = e.ty {
            self.error(
                CheckError::Type {
                    expected: what,
                    found: format!("数值（{}）", d.describe()),
                    help: "条件要用比较写出，如 `上年三公经费预算数 = 0`".into(),
                },
                e.span,
            );
        }
    }

    /// Makes two numbers addable: the right one is converted to the left one's money unit.
    fn unify(
        &mut self,
        l: Expr,
        r: Expr,
        op: &str,
        span: crate::base::source::Span,
    ) -> (Expr, Dim) {
        let (Ty::Num(a), Ty::Num(b)) = (l.ty, r.ty) else {
            self.want_num(&l, "运算的对象");
            self.want_num(&r, "运算的对象");
            return (r, Dim::Plain);
        };
        self.bare_percent(&l, &r);
        match (a, b) {
            (Dim::Money(x), Dim::Money(y)) if x != y => {
                let factor = y.in_yuan() / x.in_yuan();
                let rspan = r.span;
                (
                    Expr {
                        kind: ExprKind::Convert(Box::new(r), factor),
                        ty: Ty::Num(a),
                        span: rspan,
                    },
                    a,
                )
            }
            (Dim::Plain, b) => (r, b),
            (a, b) if a.compatible(b) => (r, a),
            (a, b) => {
                self.error(
                    CheckError::Unit {
                        op: op.into(),
                        left: a.describe(),
                        right: b.describe(),
                        help: "只有同一单位的数可以相加减、比较；元与万元会自动换算".into(),
                    },
                    span,
                );
                (r, a)
            }
        }
    }

    /// A bare non-zero number meeting a rate is almost always a forgotten %.
    fn bare_percent(&mut self, l: &Expr, r: &Expr) {
        for (x, y) in [(l, r), (r, l)] {
            if let (ExprKind::Num(v, None), Ty::Num(Dim::Ratio)) = (&x.kind, y.ty) {
                if !v.is_zero() {
                    self.error(
                        CheckError::BarePercent {
                            text: v.to_string(),
                        },
                        x.span,
                    );
                }
            }
        }
    }

    fn binary(&mut self, op: BinOp, l: Expr, r: Expr, span: crate::base::source::Span) -> Expr {
        let sym = op.symbol();
        let (r, ty) = match op {
            BinOp::And | BinOp::Or => {
                self.want_bool(&l, "`且`/`或` 的对象");
                self.want_bool(&r, "`且`/`或` 的对象");
                (r, Ty::Bool)
            }
            BinOp::Eq | BinOp::Ne if l.ty == Ty::Bool || r.ty == Ty::Bool => {
                if l.ty != r.ty {
                    self.error(
                        CheckError::Type {
                            expected: "与是/否比较的对象",
                            found: "数值".into(),
                            help: "是否类输入只能与 `是` 或 `否` 比较".into(),
                        },
                        span,
                    );
                }
                (r, Ty::Bool)
            }
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                let (r, _) = self.unify(l.clone(), r, sym, span);
                (r, Ty::Bool)
            }
            BinOp::Add | BinOp::Sub => {
                let (r, d) = self.unify(l.clone(), r, sym, span);
                (r, Ty::Num(d))
            }
            BinOp::Mul | BinOp::Div => {
                self.want_num(&l, "乘除的对象");
                self.want_num(&r, "乘除的对象");
                let (Ty::Num(a), Ty::Num(b)) = (l.ty, r.ty) else {
                    return Expr {
                        kind: ExprKind::Binary(op, Box::new(l), Box::new(r)),
                        ty: Ty::Num(Dim::Plain),
                        span,
                    };
                };
                let scale_like = |d: Dim| matches!(d, Dim::Plain | Dim::Ratio);
                let same = a == b || matches!((a, b), (Dim::Money(_), Dim::Money(_)));
                let res = match (op, a, b) {
                    (BinOp::Mul, Dim::Ratio, Dim::Ratio) => Some(Dim::Ratio),
                    (BinOp::Mul, x, y) if scale_like(y) => Some(x),
                    (BinOp::Mul, x, y) if scale_like(x) => Some(y),
                    (BinOp::Div, Dim::Plain, Dim::Plain) => Some(Dim::Plain),
                    (BinOp::Div, _, _) if same => Some(Dim::Ratio),
                    (BinOp::Div, x, y) if scale_like(y) => Some(x),
                    _ => None,
                };
                match res {
                    Some(d) if op == BinOp::Div && same => {
                        let (r, _) = self.unify(l.clone(), r, sym, span);
                        (r, Ty::Num(d))
                    }
                    Some(d) => (r, Ty::Num(d)),
                    None => {
                        self.error(
                            CheckError::Unit {
                                op: sym.into(),
                                left: a.describe(),
                                right: b.describe(),
                                help: "同一单位相除得比率；数值可以乘除比率或不带单位的数".into(),
                            },
                            span,
                        );
                        (r, Ty::Num(a))
                    }
                }
            }
        };
        Expr {
            kind: ExprKind::Binary(op, Box::new(l), Box::new(r)),
            ty,
            span,
        }
    }
}

impl Resolver<'_> {
    /// An input in sight: the row's own inputs inside a `种类`, then the scheme's.
    pub fn input_id(&self, name: &str) -> Option<ir::InputId> {
        self.scope
            .as_ref()
            .and_then(|_| self.row_inputs.get(name))
            .or_else(|| self.input_names.get(name))
            .copied()
    }

    /// A value declared in the `种类` being resolved.
    pub fn scoped_value(&self, name: &str) -> Option<ValueId> {
        let scope = self.scope.as_ref()?;
        self.value_names
            .get(&super::resolve::scoped(scope, name))
            .copied()
    }
}

/// A type's name in a message.
pub fn ty_name(t: Ty) -> &'static str {
    match t {
        Ty::Bool => "条件（是/否）",
        Ty::Num(d) => d.describe(),
    }
}
