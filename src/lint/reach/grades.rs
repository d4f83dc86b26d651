//! The grades (等级) against the totals a report can reach: dead grades, overlaps and holes.

use rust_decimal::Decimal;

use super::{fmt_pts, fmt_set};
use crate::analysis::LeafReach;
use crate::base::diag::Diag;
use crate::base::interval::{Interval, Range, Set};
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::Scheme;
use crate::lint::Lint;
use crate::syntax::ast;

/// The grades as written and the totals a report can reach, which every grade check reads.
struct Totals<'a> {
    scheme: &'a Scheme,
    /// The grades as written, in order.
    decls: &'a [ast::GradeDecl],
    /// The totals a report can reach.
    totals: Set,
    /// The smallest step between two totals at the scheme's precision.
    grid: Decimal,
    /// One over `grid`.
    scale: Decimal,
}

impl Totals<'_> {
    /// Whether a set of totals holds a total the scheme's precision can produce.
    fn on_grid(&self, s: &Set) -> bool {
        !s.scale(self.scale).integral().is_empty()
    }

    /// Where grade `k` is written: its name and its interval.
    fn span_of(&self, k: usize) -> Option<Span> {
        self.decls.get(k).map(|g| match &g.cond {
            Some(iv) => g.name.span.to(iv.span),
            None => g.name.span,
        })
    }

    /// A total in `s` the scheme's precision can produce.
    fn example_of(&self, s: &Set) -> Option<Decimal> {
        for p in s.parts() {
            let piece = Set::interval(*p, false);
            if !self.on_grid(&piece) {
                continue;
            }
            let v = piece.example(Decimal::ONE)?;
            let r = self.scheme.rounding.round(v, self.scheme.places);
            if piece.contains(r) {
                return Some(r.normalize());
            }
            let g = piece.scale(self.scale).integral().example(Decimal::ONE)?;
            return Some((g * self.grid).normalize());
        }
        None
    }
}

/// Holes, overlaps and dead grades of the scheme's 等级.
pub(super) fn grades(
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
    let totals = reachable_totals(scheme, reach);
    let grid = Decimal::new(1, scheme.places);
    let t = Totals {
        scheme,
        decls,
        totals,
        grid,
        scale: Decimal::ONE / grid,
    };
    let sets: Vec<Set> = scheme
        .grades
        .iter()
        .map(|g| Set::range(g.range, false).intersect(&t.totals))
        .collect();
    let seen = unreachable_grades(&t, &sets, diags);
    grade_overlaps(&t, &sets, diags);
    grade_gap(&t, &seen, diags);
}

/// The totals a report can reach: [Σ lowest, Σ highest] of the leaves, and [0, 满分].
fn reachable_totals(scheme: &Scheme, reach: &[Option<LeafReach<'_>>]) -> Set {
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
    for r in reach.iter().flatten() {
        if let (Some(Some((l, _))), Some(Some((h, _)))) = (r.scores.lo(), r.scores.hi()) {
            lo = lo.saturating_add(scheme.rounding.round(l, scheme.places));
            hi = hi.saturating_add(scheme.rounding.round(h, scheme.places));
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
    closed(lo, hi).union(&closed(Decimal::ZERO, scheme.full_marks))
}

/// `grade-unreachable` for each grade out of range or covered by earlier ones; returns the
/// totals the grades cover.
fn unreachable_grades(t: &Totals<'_>, sets: &[Set], diags: &mut Vec<Diag>) -> Set {
    let mut seen = Set::empty();
    for (k, g) in t.scheme.grades.iter().enumerate() {
        let here = &sets[k];
        let help = if !t.on_grid(here) {
            Some(format!(
                "总分可能的范围是 {}，这个等级的区间在范围之外",
                fmt_set(&t.totals, Dim::Points)
            ))
        } else if !t.on_grid(&here.minus(&seen)) {
            Some("它的区间都已被前面的等级覆盖（按先写的等级评定）".to_string())
        } else {
            None
        };
        if let (Some(help), Some(span)) = (help, t.span_of(k)) {
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
    seen
}

/// `grade-overlap` for each grade that shares totals with an earlier one (the first such).
fn grade_overlaps(t: &Totals<'_>, sets: &[Set], diags: &mut Vec<Diag>) {
    let scheme = t.scheme;
    for j in 1..sets.len() {
        // A grade without a range takes every total not covered above: it overlaps nothing.
        if scheme.grades[j].range == Range::ALL {
            continue;
        }
        for i in 0..j {
            let both = sets[i].intersect(&sets[j]);
            if !t.on_grid(&both) || !t.on_grid(&sets[j].minus(&sets[i])) {
                continue;
            }
            let (Some(v), Some(span)) = (t.example_of(&both), t.span_of(j)) else {
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
            if let Some(s) = t.span_of(i) {
                d = d.note(s, "先写的等级");
            }
            diags.push(d);
            break;
        }
    }
}

/// `grade-gap` when reachable totals fall in no grade (`seen` are those that do).
fn grade_gap(t: &Totals<'_>, seen: &Set, diags: &mut Vec<Diag>) {
    let holes = t.totals.minus(seen);
    if t.on_grid(&holes) {
        if let (Some(v), Some(span)) = (t.example_of(&holes), t.span_of(0)) {
            let decls = t.decls;
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
                        range: fmt_set(&t.totals, Dim::Plain),
                    },
                    all,
                )
                .label(format!("总分 {} 不属于任何等级", fmt_pts(v)))
                .example(fmt_pts(v)),
            );
        }
    }
}
