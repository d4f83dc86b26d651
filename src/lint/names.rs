//! Names that look alike.

use crate::diag::Diag;
use crate::syntax::ast;

/// Reports names that differ only by lookalike characters, and names mixing scripts.
pub fn run(_file: &ast::File, _diags: &mut Vec<Diag>) {}
