//! Findings from value ranges: bands, grades, divisions, points, and inputs that change
//! nothing.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::Lint;
use crate::analysis::{Abs, Analyzer, Division, Env, LeafReach};
use crate::base::diag::Diag;

use crate::base::interval::Range;
use crate::base::interval::{Interval, Set};
use crate::base::quantity::{fmt_bound, fmt_range};
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{self, Expr, ExprKind, InputId, InputKind, Rule, Scheme, Subject, ValueId};
use crate::report::{InputValue, Report};
use crate::syntax::ast::{self, BinOp, Direction};

/// Runs every range-based finding.
pub fn run<'s>(
    scheme: &'s Scheme,
    a: &Analyzer<'s>,
    reach: &[Option<LeafReach<'s>>],
    file: &ast::File,
    decls: &[&ast::IndicatorDecl],
    diags: &mut Vec<Diag>,
) {
    for (i, n) in scheme.nodes.iter().enumerate() {
        let (Some(leaf), Some(r)) = (&n.leaf, &reach[i]) else {
            continue;
        };
        let standard = decls.get(i).and_then(|d| d.standard.as_ref());
        let dim = a.subject_dim(leaf);
        let mut band_reported = false;
        if let (Rule::Bands(bands), Some(s)) = (&leaf.rule, &r.subject) {
            band_reported = check_bands(scheme, n, leaf, bands, s, dim, diags);
        }
        budget(n, leaf, r, dim, standard, band_reported, diags);
    }
    div_zero(scheme, reach, diags);
    grades(scheme, file, reach, diags);
    dead_weight(scheme, a, reach, diags);
}

/// The display unit of a dimension (rates are shown in %).
fn unit_of(dim: Dim) -> Decimal {
    if dim == Dim::Ratio {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    }
}

/// A value as a finance officer writes it: `89.5%`, `3人`, `−1万元`.
pub fn fmt_value(v: Decimal, dim: Dim) -> String {
    let s = match dim {
        Dim::Points => format!("{}分", v.normalize()),
        d => fmt_bound(v, d),
    };
    s.replacen('-', "−", 1)
}

/// Points without trailing zeros: `2.5`, `0`.
fn fmt_pts(v: Decimal) -> String {
    v.normalize().to_string().replacen('-', "−", 1)
}

/// A set of values in words: `(−∞, 0%) ∪ (30%, 40%]`.
pub fn fmt_set(s: &Set, dim: Dim) -> String {
    if s.is_empty() {
        return "（空）".into();
    }
    s.parts()
        .iter()
        .map(|p| match (p.lo, p.hi) {
            (Some((l, true)), Some((h, true))) if l == h => fmt_value(l, dim),
            _ => fmt_range(&Range { lo: p.lo, hi: p.hi }, dim).replace('-', "−"),
        })
        .collect::<Vec<_>>()
        .join(" ∪ ")
}

/// A band as written, blanks collapsed: `(0%, 10%] 4分`.
fn band_text(scheme: &Scheme, span: Span) -> String {
    scheme
        .source_text(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Holes, overlaps and dead bands of a 分档 rule; true when a band was found unreachable.
fn check_bands(
    scheme: &Scheme,
    n: &ir::Node,
    leaf: &ir::Leaf,
    bands: &[ir::Band],
    s: &Set,
    dim: Dim,
    diags: &mut Vec<Diag>,
) -> bool {
    let unit = unit_of(dim);
    let name = &n.name;
    let sets: Vec<Set> = bands
        .iter()
        .map(|b| Set::range(b.range, false).intersect(s))
        .collect();
    let mut any_dead = false;
    let mut seen = Set::empty();
    for (i, (b, here)) in bands.iter().zip(&sets).enumerate() {
        let help = if here.is_empty() {
            Some(format!(
                "规则所计的值可能的范围是 {}，这一档 `{}` 在范围之外",
                fmt_set(s, dim),
                band_text(scheme, b.span)
            ))
        } else if here.minus(&seen).is_empty() {
            Some(format!(
                "这一档 `{}` 的值都已被前面的档命中（按先写的档计分）",
                band_text(scheme, b.span)
            ))
        } else {
            None
        };
        if let Some(help) = help {
            any_dead = true;
            diags.push(
                Diag::new(
                    Lint::BandUnreachable {
                        name: name.clone(),
                        index: i + 1,
                        help,
                    },
                    b.span,
                )
                .label(format!("第{}档", i + 1)),
            );
        }
        seen = seen.union(here);
    }
    for j in 1..bands.len() {
        for i in 0..j {
            let both = sets[i].intersect(&sets[j]);
            if both.is_empty() || sets[j].minus(&sets[i]).is_empty() {
                // An empty overlap, or band j wholly shadowed (reported as unreachable).
                continue;
            }
            let Some(v) = both.example(unit) else {
                continue;
            };
            let example = fmt_value(v, dim);
            diags.push(
                Diag::new(
                    Lint::BandOverlap {
                        name: name.clone(),
                        example: example.clone(),
                        first: i + 1,
                        second: j + 1,
                    },
                    bands[j].span,
                )
                .label(format!("第{}档", j + 1))
                .note(bands[i].span, format!("第{}档", i + 1))
                .example(example),
            );
            break;
        }
    }
    let holes = s.minus(&seen);
    if let Some(v) = holes.example(unit) {
        let example = fmt_value(v, dim);
        let help = format!(
            "没有分档的值：{}。补上这一档，或检查区间端点的开闭（原文的“（含）”）",
            fmt_set(&holes, dim)
        );
        diags.push(
            Diag::new(
                Lint::BandGap {
                    name: name.clone(),
                    example: example.clone(),
                    help,
                },
                // The keyword `分档`, not the whole block: the hole is between the lines.
                Span::new(
                    leaf.rule_span.file,
                    leaf.rule_span.start as usize,
                    (leaf.rule_span.start as usize + "分档".len()).min(leaf.rule_span.end as usize),
                ),
            )
            .label(format!("值为 {example} 时没有一档命中"))
            .example(example),
        );
    }
    any_dead
}

/// The rule's reachable best and worst against the indicator's points.
fn budget(
    n: &ir::Node,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    dim: Dim,
    standard: Option<&ast::Text>,
    band_reported: bool,
    diags: &mut Vec<Diag>,
) {
    let unit = unit_of(dim);
    let range = r
        .subject
        .as_ref()
        .map_or_else(|| "（无）".into(), |s| fmt_set(s, dim));
    if let Some(p) = r.scores.as_point() {
        diags.push(
            Diag::new(
                Lint::ConstantScore {
                    name: n.name.clone(),
                    score: fmt_pts(p),
                },
                n.span,
            )
            .label(format!("总是 {} 分", fmt_pts(p))),
        );
        return;
    }
    if r.rule_env.is_dead() || r.rule_scores.is_empty() {
        return;
    }
    if let Some(Some((best, _))) = r.rule_scores.hi() {
        if best < n.weight && !band_reported {
            diags.push(
                Diag::new(
                    Lint::BestUnreachable {
                        name: n.name.clone(),
                        best: fmt_pts(best),
                        weight: fmt_pts(n.weight),
                        range: range.clone(),
                    },
                    leaf.rule_span,
                )
                .label(format!("最高 {} 分", fmt_pts(best))),
            );
        }
    }
    let promises_floor = standard.is_some_and(|t| t.text.contains("扣完"));
    let floor = match &leaf.rule {
        Rule::Threshold(t) => Some(t.floor),
        Rule::PerEvent { .. } => Some(Decimal::ZERO),
        _ => None,
    };
    if let (true, Some(floor), Some(Some((worst, _))), Some(s)) =
        (promises_floor, floor, r.rule_scores.lo(), &r.subject)
    {
        if worst > floor {
            let end = match &leaf.rule {
                Rule::Threshold(t) if t.dir == Direction::Below => s.lo(),
                Rule::Threshold(t) if t.dir == Direction::Either => {
                    let far_low = match (s.lo(), s.hi()) {
                        (Some(Some((l, _))), Some(Some((h, _)))) => {
                            t.threshold.saturating_sub(l) > h.saturating_sub(t.threshold)
                        }
                        _ => false,
                    };
                    if far_low {
                        s.lo()
                    } else {
                        s.hi()
                    }
                }
                _ => s.hi(),
            };
            let example = match end {
                Some(Some((v, true))) => fmt_value(v, dim),
                Some(Some((v, false))) => format!("接近 {}", fmt_value(v, dim)),
                _ => "极端值".into(),
            };
            diags.push(
                Diag::new(
                    Lint::FloorUnreachable {
                        name: n.name.clone(),
                        worst: fmt_pts(worst),
                        example: example.clone(),
                        range: range.clone(),
                        floor: fmt_pts(floor),
                    },
                    leaf.rule_span,
                )
                .label(format!("最低 {} 分", fmt_pts(worst)))
                .example(example),
            );
        }
    }
    if let (Rule::Proportional { cap }, Some(s), Some(Some((raw_hi, _)))) =
        (&leaf.rule, &r.subject, r.rule_raw.hi())
    {
        if raw_hi > n.weight {
            let over = s.intersect(&Set::interval(
                Interval {
                    lo: Some((Decimal::ONE, false)),
                    hi: Some((*cap, true)),
                },
                false,
            ));
            if let Some(v) = over.example(unit) {
                let example = fmt_value(v, dim);
                diags.push(
                    Diag::new(
                        Lint::ExceedsPoints {
                            name: n.name.clone(),
                            example: example.clone(),
                            raw: fmt_pts(n.weight.saturating_mul(v.min(*cap))),
                            weight: fmt_pts(n.weight),
                        },
                        leaf.rule_span,
                    )
                    .example(example),
                );
            }
        }
    }
}

// ---------------------------------------------------------------- division by zero

/// `c + Σ kᵢ·xᵢ`.
#[derive(Debug, Clone)]
struct Lin {
    c: Decimal,
    terms: Vec<(InputId, Decimal)>,
}

impl Lin {
    fn scale(mut self, k: Decimal) -> Option<Lin> {
        self.c = self.c.checked_mul(k)?;
        for t in &mut self.terms {
            t.1 = t.1.checked_mul(k)?;
        }
        Some(self)
    }

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

fn div_zero(scheme: &Scheme, reach: &[Option<LeafReach<'_>>], diags: &mut Vec<Diag>) {
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
        let mut witness = None;
        let mut unconfirmable = false;
        for x in &here {
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
        let divisor = scheme
            .source_text(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let divisor = divisor
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .to_string();
        match witness {
            Some(w) => {
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
                            divisor: divisor.clone(),
                            example: format!("（例：{values} 时）"),
                        },
                        span,
                    )
                    .label(format!("{values} 时为 0"))
                    .example(values),
                );
            }
            None if unconfirmable => {
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
            // The range includes zero but every way to get there is caught by a guard the
            // ranges cannot express; the evaluator agrees, so there is nothing to report.
            None => {}
        }
    }
}

// ---------------------------------------------------------------- grades

fn grades(
    scheme: &Scheme,
    file: &ast::File,
    reach: &[Option<LeafReach<'_>>],
    diags: &mut Vec<Diag>,
) {
    if scheme.grades.is_empty() {
        return;
    }
    let Some(decls) = file.items.iter().find_map(|i| match i {
        ast::Item::Grades { grades, .. } => Some(grades),
        _ => None,
    }) else {
        return;
    };
    // The totals a report can reach: [Σ lowest, Σ highest] of the leaves, and [0, 满分].
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
    for r in reach.iter().flatten() {
        if let (Some(Some((l, _))), Some(Some((h, _)))) = (r.scores.lo(), r.scores.hi()) {
            lo = lo.saturating_add(crate::base::number::round(l, scheme.places));
            hi = hi.saturating_add(crate::base::number::round(h, scheme.places));
        }
    }
    let closed = |l: Decimal, h: Decimal| {
        Set::interval(
            Interval {
                lo: Some((l, true)),
                hi: Some((h, true)),
            },
            false,
        )
    };
    let totals = closed(lo, hi).union(&closed(Decimal::ZERO, scheme.full_marks));
    let grid = Decimal::new(1, scheme.places);
    let scale = Decimal::ONE / grid;
    // Whether a set of totals holds a total the scheme's precision can produce.
    let on_grid = |s: &Set| !s.scale(scale).integral().is_empty();
    let span_of = |k: usize| {
        decls.get(k).map(|g| match &g.cond {
            Some(iv) => g.name.span.to(iv.span),
            None => g.name.span,
        })
    };
    let example_of = |s: &Set| -> Option<Decimal> {
        for p in s.parts() {
            let piece = Set::interval(*p, false);
            if !on_grid(&piece) {
                continue;
            }
            let v = piece.example(Decimal::ONE)?;
            let r = crate::base::number::round(v, scheme.places);
            if piece.contains(r) {
                return Some(r.normalize());
            }
            let g = piece.scale(scale).integral().example(Decimal::ONE)?;
            return Some((g * grid).normalize());
        }
        None
    };
    let sets: Vec<Set> = scheme
        .grades
        .iter()
        .map(|g| Set::range(g.range, false).intersect(&totals))
        .collect();
    let mut seen = Set::empty();
    for (k, g) in scheme.grades.iter().enumerate() {
        let here = &sets[k];
        let help = if !on_grid(here) {
            Some(format!(
                "总分可能的范围是 {}，这个等级的区间在范围之外",
                fmt_set(&totals, Dim::Points)
            ))
        } else if !on_grid(&here.minus(&seen)) {
            Some("它的区间都已被前面的等级覆盖（按先写的等级评定）".to_string())
        } else {
            None
        };
        if let (Some(help), Some(span)) = (help, span_of(k)) {
            diags.push(
                Diag::new(
                    Lint::GradeUnreachable {
                        name: g.name.clone(),
                        help,
                    },
                    span,
                )
                .label("不会出现"),
            );
        }
        seen = seen.union(here);
    }
    for j in 1..sets.len() {
        // A grade without a range takes every total not covered above: it overlaps nothing.
        if scheme.grades[j].range == Range::ALL {
            continue;
        }
        for i in 0..j {
            let both = sets[i].intersect(&sets[j]);
            if !on_grid(&both) || !on_grid(&sets[j].minus(&sets[i])) {
                continue;
            }
            let (Some(v), Some(span)) = (example_of(&both), span_of(j)) else {
                continue;
            };
            let mut d = Diag::new(
                Lint::GradeOverlap {
                    example: fmt_pts(v),
                    first: scheme.grades[i].name.clone(),
                    second: scheme.grades[j].name.clone(),
                },
                span,
            )
            .label(format!("也含 {}", fmt_pts(v)))
            .example(fmt_pts(v));
            if let Some(s) = span_of(i) {
                d = d.note(s, "先写的等级");
            }
            diags.push(d);
            break;
        }
    }
    let holes = totals.minus(&seen);
    if on_grid(&holes) {
        if let (Some(v), Some(span)) = (example_of(&holes), span_of(0)) {
            let all = decls
                .first()
                .map(|f| f.name.span)
                .into_iter()
                .chain(decls.last().map(|l| match &l.cond {
                    Some(iv) => iv.span,
                    None => l.name.span,
                }))
                .reduce(|a, b| a.to(b))
                .unwrap_or(span);
            diags.push(
                Diag::new(
                    Lint::GradeGap {
                        example: fmt_pts(v),
                        gaps: fmt_set(&holes, Dim::Plain),
                        range: fmt_set(&totals, Dim::Plain),
                    },
                    all,
                )
                .label(format!("总分 {} 不属于任何等级", fmt_pts(v)))
                .example(fmt_pts(v)),
            );
        }
    }
}

// ---------------------------------------------------------------- dead weight

fn dead_weight(
    scheme: &Scheme,
    a: &Analyzer<'_>,
    reach: &[Option<LeafReach<'_>>],
    diags: &mut Vec<Diag>,
) {
    let mut used: Vec<InputId> = Vec::new();
    let mut used_values: Vec<ValueId> = Vec::new();
    let mut relevant: Vec<InputId> = Vec::new();
    // Which leaves read each input, for the hint.
    let mut readers: Vec<Vec<&str>> = vec![Vec::new(); scheme.inputs.len()];
    for (k, n) in scheme.nodes.iter().enumerate() {
        let (Some(leaf), Some(r)) = (&n.leaf, &reach[k]) else {
            continue;
        };
        let mut reads = Vec::new();
        for c in &leaf.cases {
            a.reads(&c.cond, &mut reads, &mut used_values);
        }
        match leaf.subject {
            Some(Subject::Value(v)) => {
                if !used_values.contains(&v) {
                    used_values.push(v);
                }
                a.reads(&scheme.value(v).expr, &mut reads, &mut used_values);
            }
            Some(Subject::Input(i)) => reads.push(i),
            None => {}
        }
        if let Some(i) = rule_input(&leaf.rule) {
            reads.push(i);
        }
        let constant = r.scores.as_point().is_some();
        for i in &reads {
            if !used.contains(i) {
                used.push(*i);
            }
            // A leaf that always scores the same is reported as constant-score; its inputs
            // are not reported again one by one.
            if !constant && !readers[i.0 as usize].contains(&n.name.as_str()) {
                readers[i.0 as usize].push(&n.name);
            }
        }
        if constant {
            continue;
        }
        leaf_relevant(scheme, a, leaf, r, &mut relevant);
    }
    // The kinds of a form read their own values (and the scheme's, which they may name).
    for kind in scheme.form.iter().flat_map(|f| f.kinds.iter()) {
        let mut reads = Vec::new();
        for c in &kind.leaf.cases {
            a.reads(&c.cond, &mut reads, &mut used_values);
        }
        if let Some(Subject::Value(v)) = kind.leaf.subject {
            if !used_values.contains(&v) {
                used_values.push(v);
            }
            a.reads(&scheme.value(v).expr, &mut reads, &mut used_values);
        }
        for i in reads {
            if !used.contains(&i) {
                used.push(i);
            }
        }
    }
    for (k, input) in scheme.inputs.iter().enumerate() {
        let id = InputId(k as u32);
        if input.row {
            // A row's own values come with the row; nobody fills them in by hand.
            continue;
        }
        if !used.contains(&id) {
            diags.push(
                Diag::new(
                    Lint::UnusedInput {
                        name: input.name.clone(),
                    },
                    input.span,
                )
                .label("没有用到"),
            );
        } else if !relevant.contains(&id) && !readers[k].is_empty() {
            let help = format!(
                "它只用在 {} 中，而在各输入声明的范围内，这些指标的得分不随它变化；检查相关的特殊情形、分档和输入的范围",
                readers[k]
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            );
            diags.push(
                Diag::new(
                    Lint::NoEffect {
                        name: input.name.clone(),
                        help,
                    },
                    input.span,
                )
                .label("不影响得分"),
            );
        }
    }
    // Every leaf's scored quantity was marked used above, so only stray values remain.
    for (k, v) in scheme.values.iter().enumerate() {
        let id = ValueId(k as u32);
        if !used_values.contains(&id) {
            diags.push(
                Diag::new(
                    Lint::UnusedValue {
                        name: v.name.clone(),
                    },
                    v.span,
                )
                .label("没有用到"),
            );
        }
    }
}

fn rule_input(rule: &Rule) -> Option<InputId> {
    match rule {
        Rule::Checklist { input, .. } | Rule::Tiers { input, .. } | Rule::Reviewer { input } => {
            Some(*input)
        }
        _ => None,
    }
}

/// Inputs that can change a leaf's score.
fn leaf_relevant(
    scheme: &Scheme,
    a: &Analyzer<'_>,
    leaf: &ir::Leaf,
    r: &LeafReach<'_>,
    out: &mut Vec<InputId>,
) {
    let mut env = a.base().clone();
    for (c, t) in leaf.cases.iter().zip(&r.cases) {
        if env.is_dead() {
            return;
        }
        if t.can_true && t.can_false {
            a.relevant(&c.cond, &env, out);
        }
        env = a.refine(&c.cond, false, &env);
    }
    if env.is_dead() || r.rule_scores.as_point().is_some() {
        return;
    }
    match leaf.subject {
        Some(Subject::Value(v)) => a.relevant(&scheme.value(v).expr, &env, out),
        Some(Subject::Input(i)) if !out.contains(&i) => out.push(i),
        _ => {}
    }
    if let Some(i) = rule_input(&leaf.rule) {
        if !out.contains(&i) {
            out.push(i);
        }
    }
}
