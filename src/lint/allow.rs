//! `允许 id "理由"`: silences one warning where it occurs, with the reason on record.
//!
//! Inside an indicator's braces it covers that indicator (and those under it); at the top
//! level it covers the item that follows (an input, a value, the grades, an indicator). One
//! written in `行计分` or in a `种类` is read too, and covers that block or kind; the reviewer
//! does not yet look into row kinds, so there it silences nothing and is reported. An
//! `允许` that silences nothing is itself reported, so that a fixed mistake does not leave a
//! stale excuse behind.

use super::{is_lint, Lint, LINTS};
use crate::base::diag::Diag;
use crate::base::names::suggest;
use crate::base::source::Span;
use crate::syntax::ast;

struct Scope<'a> {
    allow: &'a ast::Allow,
    covers: Vec<Span>,
    used: bool,
}

fn item_span(item: &ast::Item) -> Option<Span> {
    match item {
        ast::Item::Allow(_) | ast::Item::Base(_) | ast::Item::Edit(_) => None,
        i => Some(i.span()),
    }
}

fn collect<'a>(d: &'a ast::IndicatorDecl, out: &mut Vec<Scope<'a>>) {
    for a in &d.allows {
        out.push(Scope {
            allow: a,
            // An indicator edited by a later year's `修改` spans several files.
            covers: std::iter::once(d.span)
                .chain(d.edited.iter().copied())
                .collect(),
            used: false,
        });
    }
    for c in &d.children {
        collect(c, out);
    }
}

fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

/// Drops the warnings allowed where they occur; reports bad and unused `允许`.
pub fn apply(file: &ast::File, diags: Vec<Diag>) -> Vec<Diag> {
    let mut scopes: Vec<Scope<'_>> = Vec::new();
    for (k, item) in file.items.iter().enumerate() {
        match item {
            ast::Item::Allow(a) => {
                let next = file.items[k + 1..].iter().find_map(item_span);
                scopes.push(Scope {
                    allow: a,
                    covers: next.into_iter().collect(),
                    used: false,
                });
            }
            ast::Item::Indicator(d) => collect(d, &mut scopes),
            ast::Item::Rows(r) => {
                scopes.extend(r.allows.iter().map(|a| Scope {
                    allow: a,
                    covers: vec![r.span],
                    used: false,
                }));
                for k in &r.kinds {
                    collect(k, &mut scopes);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(diags.len());
    for d in diags {
        let code = d.code();
        let allowed = d.span.and_then(|span| {
            scopes.iter_mut().find(|s| {
                s.allow.id.text == code
                    && has_reason(&s.allow.reason.text)
                    && s.covers.iter().any(|c| within(span, *c))
            })
        });
        match allowed {
            Some(s) => s.used = true,
            None => out.push(d),
        }
    }
    for s in &scopes {
        let id = &s.allow.id;
        if !is_lint(&id.text) {
            let help = suggest(&id.text, LINTS.iter().map(|(l, _)| *l)).unwrap_or_else(|| {
                format!(
                    "只有警告可以允许，错误必须改正。可以允许的警告：{}",
                    LINTS.iter().map(|(l, _)| *l).collect::<Vec<_>>().join("、")
                )
            });
            out.push(Diag::new(
                Lint::UnknownLint {
                    id: id.text.clone(),
                    help,
                },
                id.span,
            ));
        } else if !has_reason(&s.allow.reason.text) {
            out.push(
                Diag::new(
                    Lint::AllowReason {
                        id: id.text.clone(),
                    },
                    s.allow.reason.span,
                )
                .label("理由是空的"),
            );
        } else if !s.used {
            out.push(
                Diag::new(
                    Lint::UnusedAllow {
                        id: id.text.clone(),
                    },
                    id.span,
                )
                .label("这里没有这个警告"),
            );
        }
    }
    out
}

/// The reason an editor's quick fix writes for the author to replace: not a reason.
pub const PLACEHOLDER: &str = "请写明理由";

/// Whether an `允许`'s reason says something (not blank, not the placeholder).
fn has_reason(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t != PLACEHOLDER
}
