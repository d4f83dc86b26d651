//! Formulas as a finance officer reads them: operands by name (`在职人员数 ÷ 编制数`) or
//! with the report's values put in (`21 ÷ 20`), numbers and units as the scheme wrote them.

use rust_decimal::Decimal;

use crate::base::quantity::{fmt_plain, fmt_quantity};
use crate::base::units::{Dim, UnitWord};
use crate::eval::{Fault, Val};
use crate::ir::{Expr, ExprKind, InputKind, Scheme, Ty, ValueId};
use crate::report::{InputValue, Report};

/// A threshold or step as the rule states it: `100%`, `1个百分点`, `5万元`.
pub(super) fn fmt_const(v: Decimal, dim: Dim, word: Option<UnitWord>) -> String {
    match (dim, word) {
        (Dim::Ratio, Some(UnitWord::PercentPoint)) => {
            format!(
                "{}个百分点",
                (v.saturating_mul(Decimal::ONE_HUNDRED)).normalize()
            )
        }
        (Dim::Ratio, _) => format!("{}%", (v.saturating_mul(Decimal::ONE_HUNDRED)).normalize()),
        (d, _) => format!("{}{}", v.normalize(), d.word()),
    }
}

/// Computed values of a report, by value id.
pub type Computed = [Option<Result<Val, Fault>>];

/// What a formula is written with: operands are names, numbers as written.
pub struct Formula<'a> {
    scheme: &'a Scheme,
    /// With values: the report and the computed values.
    env: Option<(&'a Report, &'a Computed)>,
}

impl<'a> Formula<'a> {
    /// Formulas written with names only: `在职人员数 ÷ 编制数`.
    pub fn names(scheme: &'a Scheme) -> Self {
        Formula { scheme, env: None }
    }

    /// Formulas with a report's values put in: `21 ÷ 20`.
    pub fn with_values(scheme: &'a Scheme, report: &'a Report, values: &'a Computed) -> Self {
        Formula {
            scheme,
            env: Some((report, values)),
        }
    }

    /// The text of `e` inside an operator of precedence `parent_prec` (0: on its own).
    pub(super) fn render(&self, e: &Expr, parent_prec: u8) -> String {
        match &e.kind {
            ExprKind::Num(v, unit) => match unit {
                Some(u) => fmt_const(*v, u.dim(), Some(*u)),
                None => v.normalize().to_string(),
            },
            ExprKind::Bool(b) => if *b { "是" } else { "否" }.into(),
            ExprKind::Input(id) => {
                let input = self.scheme.input(*id);
                let s = match self.env {
                    None => input.name.clone(),
                    Some((r, _)) => match r.inputs.get(id.0 as usize).and_then(Option::as_ref) {
                        Some(InputValue::Num(v)) => match input.kind {
                            InputKind::Number(Dim::Ratio) => fmt_quantity(*v, Dim::Ratio),
                            _ => fmt_plain(*v),
                        },
                        Some(InputValue::Bool(b)) => {
                            format!("{}（{}）", input.name, if *b { "是" } else { "否" })
                        }
                        Some(InputValue::Review { score, .. }) => fmt_plain(*score),
                        Some(_) => input.name.clone(),
                        None => format!("{}（缺）", input.name),
                    },
                };
                // A negative number inside a sum reads `a + （-5.00）`, not `a + -5.00`.
                match s.strip_prefix('-') {
                    Some(abs) if parent_prec > 0 => format!("（-{abs}）"),
                    _ => s,
                }
            }
            ExprKind::Value(id) => {
                let v = self.scheme.value(*id);
                match self.env {
                    None => v.name.clone(),
                    Some((_, vals)) => match vals.get(id.0 as usize).cloned().flatten() {
                        Some(Ok(Val::Num(n))) => match v.expr.ty {
                            Ty::Num(d) => fmt_quantity(n, d),
                            Ty::Bool => fmt_plain(n),
                        },
                        Some(Ok(Val::Bool(b))) => if b { "是" } else { "否" }.into(),
                        _ => v.name.clone(),
                    },
                }
            }
            ExprKind::Neg(x) => format!("-{}", self.render(x, 9)),
            ExprKind::Not(x) => format!("非 {}", self.render(x, 9)),
            ExprKind::Convert(x, _) => self.render(x, parent_prec),
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                let s = format!(
                    "{} {} {}",
                    self.render(l, p),
                    op.symbol(),
                    self.render(r, p + 1)
                );
                if p < parent_prec {
                    format!("（{s}）")
                } else {
                    s
                }
            }
            ExprKind::Call(f, args) => {
                let a: Vec<String> = args.iter().map(|x| self.render(x, 0)).collect();
                format!("{}（{}）", f.name(), a.join("，"))
            }
            ExprKind::If(c, t, f) => {
                // With values, a condition whose truth is known says which branch was taken:
                // `达标（否），取 0%`, not the rule again with the value put in.
                let s = match self.truth(c) {
                    Some(yes) => {
                        let cond = match &c.kind {
                            ExprKind::Value(id) => format!(
                                "{}（{}）",
                                self.scheme.value(*id).name,
                                if yes { "是" } else { "否" }
                            ),
                            _ => self.render(c, 0),
                        };
                        format!("{cond}，取 {}", self.render(if yes { t } else { f }, 0))
                    }
                    None => format!(
                        "若 {} 则 {} 否则 {}",
                        self.render(c, 0),
                        self.render(t, 0),
                        self.render(f, 0)
                    ),
                };
                if parent_prec > 0 {
                    format!("（{s}）")
                } else {
                    s
                }
            }
        }
    }
}

impl Formula<'_> {
    /// The truth of a condition that is a yes/no input or value of the report (or `非` of
    /// one); `None` without values, or for a comparison (its values are shown instead).
    fn truth(&self, e: &Expr) -> Option<bool> {
        let (report, values) = self.env?;
        match &e.kind {
            ExprKind::Bool(b) => Some(*b),
            ExprKind::Not(x) => self.truth(x).map(|b| !b),
            ExprKind::Input(id) => match report.inputs.get(id.0 as usize)? {
                Some(InputValue::Bool(b)) => Some(*b),
                _ => None,
            },
            ExprKind::Value(id) => match values.get(id.0 as usize)? {
                Some(Ok(Val::Bool(b))) => Some(*b),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A formula with names: `在职人员数 ÷ 编制数`.
pub fn formula(scheme: &Scheme, e: &Expr) -> String {
    Formula { scheme, env: None }.render(e, 0)
}

/// Derived values a formula reads, innermost first.
pub fn value_deps(scheme: &Scheme, e: &Expr, out: &mut Vec<ValueId>) {
    match &e.kind {
        ExprKind::Value(id) => {
            if !out.contains(id) {
                value_deps(scheme, &scheme.value(*id).expr, out);
                out.push(*id);
            }
        }
        _ => e.for_each_child(|c| value_deps(scheme, c, out)),
    }
}
