//! Text → syntax tree. Only this folder sees pest's `Pair` and `Rule`.

pub mod ast;
pub mod compose;
mod depth;
mod error;
mod lower;

pub use error::SyntaxError;

use pest::Parser as _;

use crate::base::diag::Diag;
use crate::base::source::{FileId, Sources, Span};

/// The parser pest derives from the grammar, in a module of its own so that its `Rule` type
/// never leaves this folder.
mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/jixiao.pest"]
    pub struct SchemeParser;
}

use grammar::{Rule, SchemeParser};

/// The deepest nesting of brackets a scheme may use.
pub const MAX_NESTING: usize = 64;

/// Parses one file of `sources`. On failure returns every diagnostic found.
pub fn parse(sources: &Sources, file: FileId) -> Result<ast::File, Vec<Diag>> {
    let text = &sources.get(file).text;
    if let Some(at) = depth::too_deep(text, MAX_NESTING) {
        return Err(vec![Diag::new(
            SyntaxError::TooDeep { limit: MAX_NESTING },
            Span::new(file, at, at + 1),
        )
        .label("这一层超过了上限")]);
    }
    let pairs = match SchemeParser::parse(Rule::file, text) {
        Ok(p) => p,
        Err(e) => return Err(vec![error::pest_error(e, file, text)]),
    };
    lower::file(pairs, file)
}
