//! Points: every group's children add up to it, and the top level to 满分.

use rust_decimal::Decimal;

use super::CheckError;
use crate::diag::Diag;
use crate::ir::Scheme;

/// Reports every group whose children's points do not add up.
pub fn check(s: &Scheme, diags: &mut Vec<Diag>) {
    for n in &s.nodes {
        if n.children.is_empty() {
            continue;
        }
        let sum: Decimal = n.children.iter().map(|c| s.node(*c).weight).sum();
        if sum != n.weight {
            let mut d = Diag::new(
                CheckError::PointsSum {
                    name: n.name.clone(),
                    sum,
                    weight: n.weight,
                },
                n.span,
            )
            .label(format!("{} 分", n.weight));
            for c in &n.children {
                let c = s.node(*c);
                d = d.note(c.span, format!("{} 分", c.weight));
            }
            diags.push(d);
        }
    }
    let sum: Decimal = s.roots.iter().map(|r| s.node(*r).weight).sum();
    if !s.roots.is_empty() && sum != s.full_marks {
        let mut d = Diag::new(
            CheckError::PointsTotal {
                sum,
                full: s.full_marks,
            },
            s.node(s.roots[0]).span,
        );
        for r in &s.roots {
            let r = s.node(*r);
            d = d.note(r.span, format!("{} 分", r.weight));
        }
        diags.push(d);
    }
}
