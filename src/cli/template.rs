//! `jixiao template`.

use std::path::Path;

use super::load_scheme;

/// Prints a blank report for the scheme.
pub fn run(path: &Path) -> u8 {
    match load_scheme(path) {
        Ok(s) => {
            print!("{}", jixiao::render::text::template(&s));
            0
        }
        Err(code) => code,
    }
}
