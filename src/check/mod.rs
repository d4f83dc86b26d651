//! Syntax tree → checked scheme: names bound to ids, units checked, points added up.
//!
//! Every finding of a file is collected; the scheme is returned only when none is an error.

mod error;
mod exprs;
mod points;
mod resolve;
mod rows;
mod rules;

use crate::base::diag::Diag;
use crate::base::source::Sources;
use crate::ir::Scheme;
use crate::syntax::compose::Composed;

pub use error::{CheckError, RowsError};

/// The largest points a scheme may write (分值, 满分, 扣分, 下限, a band's or an item's
/// points), in absolute value. Every sum of points and of scores then stays far inside what
/// a decimal holds: a scheme of a million indicators totals at most 10¹², and a batch of a
/// million reports 10¹⁸ (a `Decimal` holds 7.9·10²⁸).
pub const MAX_POINTS: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(1_000_000, 0, 0, false, 0);

/// The most items a checklist may have (a report's ticks are the bits of a `u64`).
pub const MAX_CHECKLIST_ITEMS: usize = 64;

/// Checks a scheme's files put together and builds the scheme (only when no finding is an
/// error).
pub fn check(composed: &Composed, sources: &Sources) -> (Option<Scheme>, Vec<Diag>) {
    let layers = &composed.layers;
    let mut cx = resolve::Resolver {
        top: (layers.len() > 1)
            .then(|| layers.last().map(|l| l.file))
            .flatten(),
        removed: &composed.removed,
        ..Default::default()
    };
    let scheme = cx.run(&composed.file);
    let mut diags = cx.diags;
    if let Some(s) = &scheme {
        points::check(s, layers.last().map(|l| l.file), &mut diags);
    }
    let scheme = match scheme {
        Some(mut s) if !diags.iter().any(Diag::is_error) => {
            s.sources = sources.clone();
            s.layers = layers.to_vec();
            s.removed = composed.removed.clone();
            Some(s)
        }
        _ => None,
    };
    diags.sort_by_key(Diag::sort_key);
    (scheme, diags)
}
