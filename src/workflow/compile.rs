//! A scheme file made ready to score: its files put together (`基于`), checked, then reviewed.
//! Each stage returns its product; this is where they are run one after the other.

use crate::base::diag::Diag;
use crate::base::source::{FileId, Sources};
use crate::check;
use crate::ir::Scheme;
use crate::lint;
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
    let composed = match compose::compose(&mut sources, file, loader) {
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
    let (scheme, mut diags) = check::check(&composed.file, &sources, &composed.layers);
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
