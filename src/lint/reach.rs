//! Findings from value ranges: bands, grades, divisions, points, and inputs that change
//! nothing. This file runs them and holds the words they share; each kind has its own child.

mod bands;
mod budget;
mod dead_weight;
mod div_zero;
mod grades;

use rust_decimal::Decimal;

use crate::analysis::{Analyzer, LeafReach};
use crate::base::diag::Diag;
use crate::base::interval::{Range, Set};
use crate::base::quantity::{fmt_bound, fmt_range};
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{Rule, Scheme};
use crate::syntax::ast;

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
            band_reported = bands::check_bands(scheme, n, leaf, bands, s, dim, diags);
        }
        budget::budget(n, leaf, r, dim, standard, band_reported, diags);
    }
    div_zero::div_zero(scheme, a, reach, diags);
    grades::grades(scheme, file, reach, diags);
    dead_weight::dead_weight(scheme, a, reach, diags);
}

/// The display unit of a dimension (rates are shown in %).
fn unit_of(dim: Dim) -> Decimal {
    if dim == Dim::Ratio {
        Decimal::ONE_HUNDRED
    } else {
        Decimal::ONE
    }
}

/// A value as a finance officer writes it: `89.5%`, `3人`, `-1万元`.
pub fn fmt_value(v: Decimal, dim: Dim) -> String {
    match dim {
        Dim::Points => format!("{}分", v.normalize()),
        d => fmt_bound(v, d),
    }
}

/// Points without trailing zeros: `2.5`, `0`.
fn fmt_pts(v: Decimal) -> String {
    v.normalize().to_string()
}

/// A set of values in words: `(-∞, 0%) ∪ (30%, 40%]`.
pub fn fmt_set(s: &Set, dim: Dim) -> String {
    if s.is_empty() {
        return "（空）".into();
    }
    s.parts()
        .iter()
        .map(|p| match (p.lo, p.hi) {
            (Some((l, true)), Some((h, true))) if l == h => fmt_value(l, dim),
            _ => fmt_range(&Range { lo: p.lo, hi: p.hi }, dim),
        })
        .collect::<Vec<_>>()
        .join(" ∪ ")
}

/// A set of values in the words a form uses: `大于 0 万元`, `小于 0% 或 大于 30%、不大于 40%`.
pub fn set_words(s: &Set, dim: Dim) -> String {
    if s.is_empty() {
        return "（空）".into();
    }
    s.parts()
        .iter()
        .map(|p| match (p.lo, p.hi) {
            (Some((l, true)), Some((h, true))) if l == h => format!("等于 {}", fmt_value(l, dim)),
            _ => crate::base::quantity::range_words(&Range { lo: p.lo, hi: p.hi }, dim),
        })
        .collect::<Vec<_>>()
        .join(" 或 ")
}

/// A band as written, blanks collapsed: `(0%, 10%] 4分`.
fn band_text(scheme: &Scheme, span: Span) -> String {
    scheme
        .source_text(span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
