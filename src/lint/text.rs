//! The verbatim 评价标准 against the compiled rule.

use crate::diag::Diag;
use crate::ir::Scheme;
use crate::syntax::ast;

/// Compares each indicator's 标准 with its rule.
pub fn run(_scheme: &Scheme, _decls: &[&ast::IndicatorDecl], _diags: &mut Vec<Diag>) {}
