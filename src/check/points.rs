//! Points: every group's children add up to it, and the top level to 满分.
//!
//! Arithmetic: every weight is within ±[`MAX_POINTS`](super::MAX_POINTS) (10⁶), so a sum over
//! the indicators of any scheme a file can hold stays far below what a decimal holds.

use rust_decimal::Decimal;

use super::CheckError;
use crate::base::diag::Diag;
use crate::base::source::{FileId, Span};
use crate::ir::{Node, Scheme};

/// Reports every group whose children's points do not add up. In a scheme built on another,
/// a sum broken by an edit is reported at the edit, in `top` (the file compiled).
pub fn check(s: &Scheme, top: Option<FileId>, diags: &mut Vec<Diag>) {
    for n in &s.nodes {
        if n.children.is_empty() {
            continue;
        }
        let sum: Decimal = n.children.iter().map(|c| s.node(*c).weight).sum();
        if sum != n.weight {
            let children: Vec<&Node> = n.children.iter().map(|c| s.node(*c)).collect();
            let (span, label) = match edit_in(top, n.span, n, &children) {
                Some(at) => (at, format!("改动后 `{}` 的下级合计 {sum} 分", n.name)),
                None => (n.span, format!("{} 分", n.weight)),
            };
            let mut d = Diag::new(
                CheckError::PointsSum {
                    name: n.name.clone(),
                    sum,
                    weight: n.weight,
                },
                span,
            )
            .label(label);
            if span != n.span {
                d = d.note(n.span, format!("`{}` {} 分", n.name, n.weight));
            }
            for c in children {
                // Point at where each child's points are written (a later file's edit, maybe).
                let at = if span == n.span {
                    c.span
                } else {
                    c.points_span
                };
                if at != span {
                    d = d.note(at, format!("{} 分", c.weight));
                }
            }
            diags.push(d);
        }
    }
    let sum: Decimal = s.roots.iter().map(|r| s.node(*r).weight).sum();
    if !s.roots.is_empty() && sum != s.full_marks {
        let roots: Vec<&Node> = s.roots.iter().map(|r| s.node(*r)).collect();
        let first = roots[0].span;
        let at = top
            .and_then(|t| {
                roots
                    .iter()
                    .flat_map(|r| [r.span, r.points_span])
                    .find(|sp| sp.file == t)
            })
            .filter(|_| top.is_some_and(|t| roots.iter().any(|r| r.span.file != t)));
        let mut d = Diag::new(
            CheckError::PointsTotal {
                sum,
                full: s.full_marks,
            },
            at.unwrap_or(first),
        );
        if at.is_some() {
            d = d.label(format!("改动后一级指标合计 {sum} 分"));
        }
        for r in &roots {
            let note = if at.is_some() { r.points_span } else { r.span };
            if Some(note) != at {
                d = d.note(note, format!("{} 分", r.weight));
            }
        }
        diags.push(d);
    }
}

/// The first place in `top` where the group or its children were edited, when the group
/// itself was written in an earlier file.
fn edit_in(top: Option<FileId>, head: Span, n: &Node, children: &[&Node]) -> Option<Span> {
    let t = top.filter(|t| head.file != *t)?;
    // Points written in `top` first (changed or new), then the edits that added or removed.
    std::iter::once(n.points_span)
        .chain(children.iter().map(|c| c.points_span))
        .filter(|sp| sp.file == t)
        .min_by_key(|sp| sp.start)
        .or_else(|| {
            n.edits
                .iter()
                .copied()
                .filter(|sp| sp.file == t)
                .min_by_key(|sp| sp.start)
        })
}
