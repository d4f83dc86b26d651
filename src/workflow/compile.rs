//! A scheme file made ready to score: its files put together (`基于`), checked, then reviewed.
//! Each stage returns its product; this is where they are run one after the other.

use crate::analysis::Analyzer;
use crate::base::diag::Diag;
use crate::base::source::{FileId, Sources};
use crate::check::{self, CheckError};
use crate::ir::Scheme;
use crate::ir::{InputKind, Rule};
use crate::lint;
use crate::lint::reach::set_words;
use crate::syntax::compose::{self, Loader};

/// A scheme file checked: the scheme when it has no errors, and every finding.
#[derive(Debug)]
pub struct Compiled {
    /// The scheme, when no finding is an error.
    pub scheme: Option<Scheme>,
    /// Errors and warnings (the reviewer's, on a scheme without errors), sorted by place.
    pub diags: Vec<Diag>,
    /// The files read: those given, and the files the scheme is built on (`基于`). Render
    /// `diags` against these.
    pub sources: Sources,
}

/// Parses file `file` of `sources` with the files it builds on (`基于 "…"`, read through
/// `loader`, relative to the folder of `file`'s name), checks the whole and, when it has no
/// errors, runs the reviewer's lints on it.
pub fn compile(sources: &Sources, file: FileId, loader: &mut dyn Loader) -> Compiled {
    let mut sources = sources.clone();
    let composed = compose::compose(&mut sources, file, loader);
    finish(sources, composed)
}

/// [`compile`], taking the syntax trees `cache` holds for unchanged files and leaving there
/// every tree it made (an editor re-checking after a keystroke parses only what changed).
pub fn compile_cached(
    sources: &Sources,
    file: FileId,
    loader: &mut dyn Loader,
    cache: &mut crate::syntax::ParseCache,
) -> Compiled {
    let mut sources = sources.clone();
    let composed = compose::compose_cached(&mut sources, file, loader, cache);
    finish(sources, composed)
}

/// Checks a composed scheme (and lints one without errors).
fn finish(sources: Sources, composed: Result<compose::Composed, Vec<Diag>>) -> Compiled {
    let composed = match composed {
        Ok(c) => c,
        Err(mut diags) => {
            diags.sort_by_key(Diag::sort_key);
            return Compiled {
                scheme: None,
                diags,
                sources,
            };
        }
    };
    let (mut scheme, mut diags) = check::check(&composed, &sources);
    // Leaves scored by their cases alone: every report must meet one of them.
    if let Some(s) = &scheme {
        let uncovered = cases_cover(s);
        if !uncovered.is_empty() {
            diags.extend(uncovered);
            diags.sort_by_key(Diag::sort_key);
            scheme = None;
        }
    }
    if let Some(s) = &scheme {
        // The reviewer's findings (warnings only) run on a scheme without errors.
        diags.extend(lint::run(s, &composed.file));
        diags.sort_by_key(Diag::sort_key);
    }
    Compiled {
        scheme,
        diags,
        sources,
    }
}

/// `cases-uncovered` for each leaf scored by its special cases alone (no rule) that some
/// report meets none of: the analysis of the leaf, which narrows what is known past each case
/// that does not apply, must find that no report is left (or it ran out of work and cannot
/// tell, which is said the same way).
fn cases_cover(s: &Scheme) -> Vec<Diag> {
    let cases_only: Vec<&crate::ir::Node> = s
        .nodes
        .iter()
        .filter(|n| matches!(n.leaf.as_ref().map(|l| &l.rule), Some(Rule::CasesOnly)))
        .collect();
    if cases_only.is_empty() {
        return Vec::new();
    }
    let analyzer = Analyzer::new(s);
    let mut out = Vec::new();
    for n in cases_only {
        let Some(leaf) = &n.leaf else { continue };
        let reach = analyzer.leaf(leaf, n.weight);
        if reach.rule_env.is_dead() && !analyzer.exhausted() {
            continue;
        }
        let env = &reach.rule_env;
        let parts: Vec<String> = env
            .narrowed_inputs()
            .filter_map(|i| {
                let input = s.input(i);
                match input.kind {
                    InputKind::Number(dim) => Some(format!(
                        "{} {}",
                        input.name,
                        set_words(&env.input(i).num(), dim)
                    )),
                    _ => None,
                }
            })
            .collect();
        // A region is said only when the analysis finished and found one; otherwise the
        // check only cannot show the cases cover every report.
        let error = if parts.is_empty() || analyzer.exhausted() {
            CheckError::CasesUnproven {
                name: n.name.clone(),
            }
        } else {
            CheckError::CasesUncovered {
                name: n.name.clone(),
                // The analysis over-approximates the reports left: what it knows of them is
                // true of every one, not that every such report is left.
                region: format!("这些报告的 {}", parts.join("、")),
            }
        };
        out.push(Diag::new(error, n.span));
    }
    out
}
