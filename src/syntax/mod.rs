//! Text → syntax tree. Only this folder sees pest's `Pair` and `Rule`.

pub mod ast;
pub mod compose;
mod depth;
mod lower;

use pest::Parser as _;

use crate::base::diag::Diag;
use crate::base::source::{FileId, Sources, Span};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jixiao.pest"]
struct SchemeParser;

/// The deepest nesting of brackets a scheme may use.
pub const MAX_NESTING: usize = 64;

/// What can go wrong while reading a scheme's text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SyntaxError {
    /// pest could not go on.
    #[error("语法错误：此处应为{expected}")]
    #[diagnostic(code("syntax-expected"), help("{hint}"))]
    Expected {
        /// What the grammar would have accepted.
        expected: String,
        /// A hint for the fix.
        hint: String,
    },
    /// Brackets nested beyond [`MAX_NESTING`].
    #[error("嵌套过深：括号嵌套超过 {limit} 层")]
    #[diagnostic(code("too-deep"), help("把公式拆成几个命名的 `值`，每个只嵌套几层"))]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A number that a decimal cannot hold.
    #[error("数字 `{text}` 无法精确表示")]
    #[diagnostic(code("syntax-number"), help("数字最多 28 位有效数字"))]
    Number {
        /// The text.
        text: String,
    },
    /// A header item given twice.
    #[error("`{what}` 重复声明")]
    #[diagnostic(
        code("duplicate-header"),
        help("每个方案只写一次 `{what}`；删去多余的一处")
    )]
    DuplicateHeader {
        /// Which item.
        what: &'static str,
    },
}

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
        Err(e) => return Err(vec![lower::pest_error(e, file, text)]),
    };
    lower::file(pairs, file)
}
