//! `jixiao template`.

use std::path::Path;

use super::load_scheme;
use super::Exit;

/// Prints a blank report for the scheme.
pub fn run(path: &Path) -> Exit {
    match load_scheme(path) {
        Ok(s) => {
            super::emit(&jixiao::render::text::template(&s));
            Exit::Done
        }
        Err(code) => code,
    }
}
