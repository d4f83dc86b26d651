//! Divisions by zero: divisors that can be 0, confirmed by a report the evaluator fails on.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::{fmt_set, fmt_value};
use crate::analysis::{Abs, Division, Env, LeafReach};
use crate::base::diag::Diag;
use crate::base::interval::Set;
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{Expr, ExprKind, InputId, InputKind, Scheme};
use crate::lint::Lint;
use crate::report::{InputValue, Report};
use crate::syntax::ast::BinOp;

/// `c + Σ kᵢ·xᵢ`.
#[derive(Debug, Clone)]
struct Lin {
    c: Decimal,
    terms: Vec<(InputId, Decimal)>,
}

impl Lin {
    /// `k·(c + Σ kᵢ·xᵢ)`; `None` on overflow.
    fn scale(mut self, k: Decimal) -> Option<Lin> {
        self.c = self.c.checked_mul(k)?;
        for t in &mut self.terms {
            t.1 = t.1.checked_mul(k)?;
        }
        Some(self)
    }

    /// The sum of two linear forms; `None` on overflow.
    fn plus(mut self, o: Lin) -> Option<Lin> {
        self.c = self.c.checked_add(o.c)?;
        for (i, k) in o.terms {
            match self.terms.iter_mut().find(|t| t.0 == i) {
                Some(t) => t.1 = t.1.checked_add(k)?,
                None => self.terms.push((i, k)),
            }
        }
        self.terms.retain(|t| !t.1.is_zero());
        Some(self)
    }
}

/// `e` as a linear form of the inputs, when it is one.
fn linear(scheme: &Scheme, e: &Expr) -> Option<Lin> {
    let konst = |c| Lin {
        c,
        terms: Vec::new(),
    };
    match &e.kind {
        ExprKind::Num(v, _) => Some(konst(*v)),
        ExprKind::Input(i) => match scheme.input(*i).kind {
            InputKind::Number(_) | InputKind::Reviewer => Some(Lin {
                c: Decimal::ZERO,
                terms: vec![(*i, Decimal::ONE)],
            }),
            _ => None,
        },
        ExprKind::Value(v) => linear(scheme, &scheme.value(*v).expr),
        ExprKind::Neg(x) => linear(scheme, x)?.scale(Decimal::NEGATIVE_ONE),
        ExprKind::Convert(x, f) => linear(scheme, x)?.scale(*f),
        ExprKind::Binary(BinOp::Add, l, r) => linear(scheme, l)?.plus(linear(scheme, r)?),
        ExprKind::Binary(BinOp::Sub, l, r) => {
            linear(scheme, l)?.plus(linear(scheme, r)?.scale(Decimal::NEGATIVE_ONE)?)
        }
        ExprKind::Binary(BinOp::Mul, l, r) => {
            let (a, b) = (linear(scheme, l)?, linear(scheme, r)?);
            if a.terms.is_empty() {
                b.scale(a.c)
            } else if b.terms.is_empty() {
                a.scale(b.c)
            } else {
                None
            }
        }
        ExprKind::Binary(BinOp::Div, l, r) => {
            let b = linear(scheme, r)?;
            if b.terms.is_empty() && !b.c.is_zero() {
                linear(scheme, l)?.scale(Decimal::ONE.checked_div(b.c)?)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A simple value an input can take where `env` is known.
fn pick(env: &Env, i: InputId) -> Decimal {
    env.input(i)
        .num()
        .example(Decimal::ONE)
        .unwrap_or(Decimal::ZERO)
}

/// Input values (for the inputs `e` reads) that make `e` zero, as candidates to confirm.
fn zero_candidates(scheme: &Scheme, e: &Expr, env: &Env) -> Vec<Vec<(InputId, Decimal)>> {
    if let Some(lin) = linear(scheme, e) {
        let base: Vec<(InputId, Decimal)> =
            lin.terms.iter().map(|(i, _)| (*i, pick(env, *i))).collect();
        let value = |assign: &[(InputId, Decimal)]| -> Option<Decimal> {
            let mut v = lin.c;
            for ((_, k), (_, x)) in lin.terms.iter().zip(assign) {
                v = v.checked_add(k.checked_mul(*x)?)?;
            }
            Some(v)
        };
        let Some(d) = value(&base) else {
            return Vec::new();
        };
        if d.is_zero() {
            return vec![base];
        }
        let mut out = Vec::new();
        for (t, (i, k)) in lin.terms.iter().enumerate() {
            let Some(x) = d.checked_div(*k).and_then(|q| base[t].1.checked_sub(q)) else {
                continue;
            };
            if env.input(*i).num().contains(x) {
                let mut a = base.clone();
                a[t].1 = x;
                if value(&a).is_some_and(|v| v.is_zero()) {
                    out.push(a);
                }
            }
        }
        return out;
    }
    match &e.kind {
        ExprKind::Binary(BinOp::Mul, l, r) => {
            let mut out = zero_candidates(scheme, l, env);
            out.extend(zero_candidates(scheme, r, env));
            out
        }
        ExprKind::Value(v) => zero_candidates(scheme, &scheme.value(*v).expr, env),
        _ => Vec::new(),
    }
}

/// A report with `assign` and simple values elsewhere that the scheme's own evaluator fails
/// on with a zero divisor at `span`.
fn confirms(scheme: &Scheme, env: &Env, assign: &[(InputId, Decimal)], span: Span) -> bool {
    let inputs = scheme
        .inputs
        .iter()
        .enumerate()
        .map(|(k, input)| {
            let id = InputId(k as u32);
            let given = assign.iter().find(|(i, _)| *i == id).map(|(_, v)| *v);
            Some(match (&input.kind, env.input(id)) {
                (InputKind::Bool, Abs::Bool(t)) => InputValue::Bool(t.can_true),
                (InputKind::Checklist(_), _) => InputValue::Set(0),
                (InputKind::Tier(_), _) => InputValue::Level(0),
                (InputKind::Reviewer, _) => InputValue::Review {
                    score: given.unwrap_or_else(|| pick(env, id)),
                    reason: String::new(),
                },
                _ => InputValue::Num(given.unwrap_or_else(|| pick(env, id))),
            })
        })
        .collect();
    let report = Report {
        rows: Vec::new(),
        row_of: Vec::new(),
        notes: Vec::new(),
        unit: String::new(),
        year: scheme.year_from,
        project: None,
        inputs,
        self_scores: vec![None; scheme.nodes.len()],
        self_total: None,
        confirmed: vec![None; scheme.nodes.len()],
        confirmed_total: None,
        findings: Vec::new(),
    };
    let out = crate::eval::evaluate(scheme, &report);
    out.nodes.iter().any(|o| {
        matches!(&o.ledger.fault, Some(crate::eval::Fault::DivZero { divisor }) if *divisor == span)
    })
}

/// Input values that make a divisor zero.
type Witness = Vec<(InputId, Decimal)>;

/// `div-zero` for each divisor that can be zero where no special case catches it.
pub(super) fn div_zero(scheme: &Scheme, reach: &[Option<LeafReach<'_>>], diags: &mut Vec<Diag>) {
    let mut done: HashSet<Span> = HashSet::new();
    let divisions: Vec<&Division<'_>> = reach
        .iter()
        .flatten()
        .flat_map(|r| r.divisions.iter())
        .collect();
    for d in &divisions {
        let span = d.divisor.span;
        if !done.insert(span) {
            continue;
        }
        // Every context this division is reached in.
        let here: Vec<&&Division<'_>> = divisions
            .iter()
            .filter(|x| x.divisor.span == span)
            .collect();
        let (witness, unconfirmable) = find_witness(scheme, &here, span);
        let divisor = divisor_text(scheme, span);
        match witness {
            Some(w) => push_witnessed(scheme, span, divisor, &w, diags),
            None if unconfirmable => push_unconfirmed(span, divisor, &here, diags),
            // The range includes zero but every way to get there is caught by a guard the
            // ranges cannot express; the evaluator agrees, so there is nothing to report.
            None => {}
        }
    }
}

/// Input values, confirmed by the evaluator, that make the divisor at `span` zero in one of
/// its contexts; and whether some context's divisor is beyond the linear search.
fn find_witness(scheme: &Scheme, here: &[&&Division<'_>], span: Span) -> (Option<Witness>, bool) {
    let mut witness = None;
    let mut unconfirmable = false;
    for x in here {
        let cands = zero_candidates(scheme, x.divisor, &x.env);
        if cands.is_empty() && linear(scheme, x.divisor).is_none() {
            unconfirmable = true;
        }
        if let Some(c) = cands
            .into_iter()
            .find(|c| confirms(scheme, &x.env, c, span))
        {
            witness = Some(c);
            break;
        }
    }
    (witness, unconfirmable)
}

/// The divisor as written, on one line, without its outer parentheses.
fn divisor_text(scheme: &Scheme, span: Span) -> String {
    let divisor = scheme
        .source_text(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    divisor
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）'])
        .to_string()
}

/// `div-zero` with the input values that make the divisor zero.
fn push_witnessed(
    scheme: &Scheme,
    span: Span,
    divisor: String,
    w: &[(InputId, Decimal)],
    diags: &mut Vec<Diag>,
) {
    let values = w
        .iter()
        .map(|(i, v)| {
            let input = scheme.input(*i);
            let dim = match input.kind {
                InputKind::Number(d) => d,
                _ => Dim::Points,
            };
            format!("{} = {}", input.name, fmt_value(*v, dim))
        })
        .collect::<Vec<_>>()
        .join("，");
    diags.push(
        Diag::new(
            Lint::DivZero {
                divisor,
                example: format!("（例：{values} 时）"),
            },
            span,
        )
        .label(format!("{values} 时为 0"))
        .example(values),
    );
}

/// `div-zero` without an example: the divisor's range holds 0 but no report was found.
fn push_unconfirmed(span: Span, divisor: String, here: &[&&Division<'_>], diags: &mut Vec<Diag>) {
    let range = here
        .iter()
        .map(|x| x.range.clone())
        .fold(Set::empty(), |acc, r| acc.union(&r));
    diags.push(
        Diag::new(
            Lint::DivZero {
                divisor,
                example: String::new(),
            },
            span,
        )
        .label(format!("取值范围 {}，含 0", fmt_set(&range, Dim::Plain))),
    );
}
