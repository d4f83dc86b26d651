//! Divisions by zero: divisors that can be 0, confirmed by a report the evaluator fails on.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{fmt_set, fmt_value};
use crate::analysis::{Abs, Analyzer, Division, Env, LeafReach};
use crate::base::diag::Diag;
use crate::base::interval::Set;
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::eval::{evaluate_leaf, Fault};
use crate::ir::{Expr, ExprKind, InputId, InputKind, Leaf, NodeId, Scheme, Subject, ValueId};
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

/// Formulas as linear forms of the inputs, each derived value worked out once (so
/// `值 v2 = v1 + v1` chains do not double the work per line).
struct Linear<'s> {
    scheme: &'s Scheme,
    values: HashMap<ValueId, Option<Lin>>,
}

impl<'s> Linear<'s> {
    fn new(scheme: &'s Scheme) -> Self {
        Linear {
            scheme,
            values: HashMap::new(),
        }
    }

    /// `e` as a linear form of the inputs, when it is one.
    fn of(&mut self, e: &Expr) -> Option<Lin> {
        let konst = |c| Lin {
            c,
            terms: Vec::new(),
        };
        match &e.kind {
            ExprKind::Num(v, _) => Some(konst(*v)),
            ExprKind::Input(i) => match self.scheme.input(*i).kind {
                InputKind::Number(_) | InputKind::Reviewer => Some(Lin {
                    c: Decimal::ZERO,
                    terms: vec![(*i, Decimal::ONE)],
                }),
                _ => None,
            },
            ExprKind::Value(v) => {
                if let Some(known) = self.values.get(v) {
                    return known.clone();
                }
                let scheme = self.scheme;
                let lin = self.of(&scheme.value(*v).expr);
                self.values.insert(*v, lin.clone());
                lin
            }
            ExprKind::Neg(x) => self.of(x)?.scale(Decimal::NEGATIVE_ONE),
            ExprKind::Convert(x, f) => self.of(x)?.scale(*f),
            ExprKind::Binary(BinOp::Add, l, r) => self.of(l)?.plus(self.of(r)?),
            ExprKind::Binary(BinOp::Sub, l, r) => {
                self.of(l)?.plus(self.of(r)?.scale(Decimal::NEGATIVE_ONE)?)
            }
            ExprKind::Binary(BinOp::Mul, l, r) => {
                let (a, b) = (self.of(l)?, self.of(r)?);
                if a.terms.is_empty() {
                    b.scale(a.c)
                } else if b.terms.is_empty() {
                    a.scale(b.c)
                } else {
                    None
                }
            }
            ExprKind::Binary(BinOp::Div, l, r) => {
                let b = self.of(r)?;
                if b.terms.is_empty() && !b.c.is_zero() {
                    self.of(l)?.scale(Decimal::ONE.checked_div(b.c)?)
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// A simple value an input can take where `env` is known.
fn pick(env: &Env, i: InputId) -> Decimal {
    env.input(i)
        .num()
        .example(Decimal::ONE)
        .unwrap_or(Decimal::ZERO)
}

/// Input values (for the inputs `e` reads) that make `e` zero, as candidates to confirm;
/// a derived value met twice (`v1 × v1`) is searched once (`seen`).
fn zero_candidates(
    forms: &mut Linear<'_>,
    e: &Expr,
    env: &Env,
    seen: &mut Vec<ValueId>,
) -> Vec<Vec<(InputId, Decimal)>> {
    if let Some(lin) = forms.of(e) {
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
            let mut out = zero_candidates(forms, l, env, seen);
            out.extend(zero_candidates(forms, r, env, seen));
            out
        }
        ExprKind::Value(v) if !seen.contains(v) => {
            seen.push(*v);
            let scheme = forms.scheme;
            zero_candidates(forms, &scheme.value(*v).expr, env, seen)
        }
        _ => Vec::new(),
    }
}

/// A report to confirm candidates on: every input at a simple value of its domain, changed
/// for one probe and put back after, so that a probe costs what it changes and the leaves
/// it scores, not the size of the scheme.
struct Probe<'s> {
    scheme: &'s Scheme,
    report: Report,
}

impl<'s> Probe<'s> {
    /// The probe report where `base` is known (every input at its declared domain).
    fn new(scheme: &'s Scheme, base: &Env) -> Self {
        let inputs = (0..scheme.inputs.len())
            .map(|k| {
                Some(probe_value(
                    scheme,
                    base,
                    InputId(k as u32),
                    Probing::Simple,
                ))
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
        Probe { scheme, report }
    }

    /// Whether the scheme's own evaluator fails with a zero divisor at `span` in one of
    /// `nodes`, on a report with the values `sets`, what `env` knows of the other inputs it
    /// narrowed, and simple values elsewhere.
    fn confirms(
        &mut self,
        env: &Env,
        sets: &[(InputId, InputValue)],
        span: Span,
        nodes: &[NodeId],
    ) -> bool {
        let mut saved = Vec::new();
        let narrowed = env
            .narrowed_inputs()
            .map(|i| (i, probe_value(self.scheme, env, i, Probing::Simple)));
        let given = sets.iter().map(|(i, v)| (*i, v.clone()));
        for (i, value) in narrowed.chain(given) {
            if let Some(slot) = self.report.inputs.get_mut(i.0 as usize) {
                saved.push((i, slot.replace(value)));
            }
        }
        let hit = nodes.iter().any(|n| {
            matches!(
                evaluate_leaf(self.scheme, &self.report, *n).and_then(|o| o.ledger.fault),
                Some(Fault::DivZero { divisor }) if divisor == span
            )
        });
        for (i, v) in saved.into_iter().rev() {
            if let Some(slot) = self.report.inputs.get_mut(i.0 as usize) {
                *slot = v;
            }
        }
        hit
    }
}

/// Which value a probe gives an input.
#[derive(Debug, Clone, Copy)]
enum Probing {
    /// The simplest value where it is known (the closed lower end, 是).
    Simple,
    /// Another value than the simplest, where there is one (so a case testing the simplest,
    /// `若 支出 = 0`, is not what stops the probe).
    Other,
    /// This number.
    Given(Decimal),
}

/// The value a probe gives input `id` where `env` is known.
fn probe_value(scheme: &Scheme, env: &Env, id: InputId, how: Probing) -> InputValue {
    let number = || match how {
        Probing::Given(v) => v,
        Probing::Simple => pick(env, id),
        Probing::Other => {
            let simple = pick(env, id);
            env.input(id)
                .num()
                .minus(&Set::point(simple))
                .example(Decimal::ONE)
                .unwrap_or(simple)
        }
    };
    match (&scheme.input(id).kind, env.input(id)) {
        (InputKind::Bool, Abs::Bool(t)) => InputValue::Bool(match how {
            Probing::Other if t.can_false => false,
            _ => t.can_true,
        }),
        (InputKind::Checklist(_), _) => InputValue::Set(0),
        (InputKind::Tier(_), _) => InputValue::Level(0),
        (InputKind::Reviewer, _) => InputValue::Review {
            score: number(),
            reason: String::new(),
        },
        _ => InputValue::Num(number()),
    }
}

/// Input values that make a divisor zero and reach it.
struct Witness {
    /// The divisor's inputs, then any other the report needed so that no special case
    /// caught it first.
    values: Vec<(InputId, InputValue)>,
    /// How many of `values` are the divisor's.
    own: usize,
}

/// The most inputs besides the divisor's that the search varies one at a time.
const VARIED: usize = 16;

/// A divisor that can be zero, with every leaf and context it is reached in.
struct Divisor<'r, 's> {
    span: Span,
    contexts: Vec<(NodeId, &'r Division<'s>)>,
}

/// `div-zero` for each divisor that can be zero where no special case catches it.
pub(super) fn div_zero<'s>(
    scheme: &'s Scheme,
    a: &Analyzer<'s>,
    reach: &[Option<LeafReach<'_>>],
    diags: &mut Vec<Diag>,
) {
    let mut divisors: Vec<Divisor<'_, '_>> = Vec::new();
    let mut index: HashMap<Span, usize> = HashMap::new();
    for (k, r) in reach.iter().enumerate() {
        for d in r.iter().flat_map(|r| r.divisions.iter()) {
            let span = d.divisor.span;
            let at = *index.entry(span).or_insert_with(|| {
                divisors.push(Divisor {
                    span,
                    contexts: Vec::new(),
                });
                divisors.len() - 1
            });
            divisors[at].contexts.push((NodeId(k as u32), d));
        }
    }
    let mut probe = Probe::new(scheme, a.base());
    for d in &divisors {
        let witness = find_witness(scheme, a, &mut probe, d);
        let divisor = divisor_text(scheme, d.span);
        match witness {
            Some(w) => push_witnessed(scheme, d.span, divisor, &w, diags),
            // The analysis says the divisor can be 0 there and no report was found to show
            // it: said without an example, never left out (the checker's claims stay sound).
            None => push_unconfirmed(d, divisor, diags),
        }
    }
}

/// Input values, confirmed by the evaluator, that make the divisor zero in one of its
/// contexts. Each candidate
/// is tried with the other inputs the leaves read at their simplest values, then each in turn
/// at another value, then all at another value (`若 预算 = 0 且 支出 = 0` is passed with
/// 支出 ≠ 0).
fn find_witness(
    scheme: &Scheme,
    a: &Analyzer<'_>,
    probe: &mut Probe<'_>,
    d: &Divisor<'_, '_>,
) -> Option<Witness> {
    let mut lin = Linear::new(scheme);
    // The leaves this divisor is in, each once, and what they read.
    let mut nodes: Vec<NodeId> = d.contexts.iter().map(|(n, _)| *n).collect();
    nodes.dedup();
    let mut reads = Vec::new();
    let mut constants = Vec::new();
    for n in &nodes {
        if let Some(leaf) = &scheme.node(*n).leaf {
            leaf_reads(scheme, a, leaf, &mut reads);
            for c in &leaf.cases {
                case_constants(&c.cond, &mut constants);
            }
        }
    }
    constants.truncate(VARIED);
    for (_, x) in &d.contexts {
        let cands = zero_candidates(&mut lin, x.divisor, &x.env, &mut Vec::new());
        for c in cands {
            let own: Vec<(InputId, InputValue)> = c
                .iter()
                .map(|(i, v)| (*i, probe_value(scheme, &x.env, *i, Probing::Given(*v))))
                .collect();
            let others: Vec<InputId> = reads
                .iter()
                .copied()
                .filter(|i| !c.iter().any(|(j, _)| j == i))
                .collect();
            let other = |i: InputId| (i, probe_value(scheme, &x.env, i, Probing::Other));
            let mut fills: Vec<Vec<(InputId, InputValue)>> = vec![Vec::new()];
            for &i in others.iter().take(VARIED) {
                fills.push(vec![other(i)]);
                // Numbers at and around the constants the cases compare with.
                let domain = x.env.input(i).num();
                for v in constants.iter().filter(|v| domain.contains(**v)) {
                    fills.push(vec![(
                        i,
                        probe_value(scheme, &x.env, i, Probing::Given(*v)),
                    )]);
                }
            }
            if others.len() > 1 {
                fills.push(others.iter().map(|i| other(*i)).collect());
            }
            for fill in fills {
                let mut values = own.clone();
                values.extend(fill);
                if probe.confirms(&x.env, &values, d.span, &nodes) {
                    let own = own.len();
                    return Some(Witness { values, own });
                }
            }
        }
    }
    None
}

/// The numbers a condition compares with, each with the numbers just either side of it
/// (`支出 < 5万元` is passed at 5万元).
fn case_constants(e: &Expr, out: &mut Vec<Decimal>) {
    if let ExprKind::Num(v, _) = e.kind {
        let near = [
            Some(v),
            v.checked_add(Decimal::ONE),
            v.checked_sub(Decimal::ONE),
        ];
        for n in near.into_iter().flatten() {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    e.for_each_child(|c| case_constants(c, out));
}

/// The inputs a leaf reads: its cases, its subject and its rule.
fn leaf_reads(scheme: &Scheme, a: &Analyzer<'_>, leaf: &Leaf, out: &mut Vec<InputId>) {
    let mut values = Vec::new();
    for c in &leaf.cases {
        a.reads(&c.cond, out, &mut values);
    }
    match leaf.subject {
        Some(Subject::Value(v)) => a.reads(&scheme.value(v).expr, out, &mut values),
        Some(Subject::Input(i)) if !out.contains(&i) => out.push(i),
        _ => {}
    }
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
    w: &Witness,
    diags: &mut Vec<Diag>,
) {
    let text = |values: &[(InputId, InputValue)]| {
        values
            .iter()
            .map(|(i, v)| format!("{} = {}", scheme.input(*i).name, input_text(scheme, *i, v)))
            .collect::<Vec<_>>()
            .join("，")
    };
    let all = text(&w.values);
    diags.push(
        Diag::new(
            Lint::DivZero {
                divisor,
                example: format!("（例：{all} 时）"),
            },
            span,
        )
        .label(format!("{} 时为 0", text(&w.values[..w.own])))
        .example(all),
    );
}

/// A probe's value of an input as a report would give it: `0万元`, `是`.
fn input_text(scheme: &Scheme, i: InputId, v: &InputValue) -> String {
    let dim = match scheme.input(i).kind {
        InputKind::Number(d) => d,
        _ => Dim::Points,
    };
    match v {
        InputValue::Num(n) | InputValue::Review { score: n, .. } => fmt_value(*n, dim),
        InputValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        InputValue::Set(_) | InputValue::Level(_) => "（任意）".to_string(),
    }
}

/// `div-zero` without an example: the divisor's range holds 0 but no report was found.
fn push_unconfirmed(d: &Divisor<'_, '_>, divisor: String, diags: &mut Vec<Diag>) {
    let span = d.span;
    let range = d
        .contexts
        .iter()
        .map(|(_, x)| x.range.clone())
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
