//! Text → syntax tree. Only this folder sees pest's `Pair` and `Rule`.

pub mod ast;
pub mod compose;
mod depth;
mod error;
mod format;
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

/// The deepest a formula's tree may be (`a + b + … ` with this many terms, nested `若`,
/// `非 非 …`): every later pass walks formulas recursively, so this bounds their depth.
pub const MAX_FORMULA_DEPTH: usize = 256;

/// The most operators one formula may hold, however they are grouped (a tree built from them
/// is at most this deep).
pub const MAX_FORMULA_OPERATORS: usize = 4096;

/// The stack the parser is given at least, and per token that can nest without brackets
/// (`若`, a prefix `-` or `非`): pest and the lowering recurse once per such level.
const BASE_STACK: usize = 8 << 20;
const STACK_PER_NESTING: usize = 16 << 10;

/// The most tokens that can nest without brackets that a file may hold (the stack they could
/// need is reserved up front).
const MAX_NESTABLE: usize = 60_000;

/// Parses one file of `sources`. On failure returns every diagnostic found.
///
/// Nesting is bounded before pest runs (brackets, [`MAX_NESTING`]); what nests without
/// brackets (`若 … 则 若 …`, `- - …`) is parsed on a stack sized to hold it, and formulas
/// deeper than [`MAX_FORMULA_DEPTH`] are refused (`too-deep`), so that no later pass
/// recurses deeper than that.
pub fn parse(sources: &Sources, file: FileId) -> Result<ast::File, Vec<Diag>> {
    let text = &sources.get(file).text;
    on_parse_stack(text, file, || parse_on_this_stack(text, file))
}

/// Syntax trees already made, by file: what an editor's next analysis can take again when a
/// file did not change (a base file, `基于`, while its dependent is edited), and what one
/// analysis parses once for checking and for finding names. A tree holds its file's id in
/// its spans, so it is taken again only for the same name, id and text.
#[derive(Debug, Default)]
pub struct ParseCache {
    trees: std::collections::HashMap<String, (FileId, std::sync::Arc<str>, ast::File)>,
}

impl ParseCache {
    /// [`parse`] of file `file`, taken from the cache when it holds it (one tree per file
    /// name: a changed text replaces it).
    pub fn parse(&mut self, sources: &Sources, file: FileId) -> Result<ast::File, Vec<Diag>> {
        let src = sources.get(file);
        if let Some(tree) = self.get(sources, file) {
            return Ok(tree.clone());
        }
        let tree = parse(sources, file)?;
        self.trees
            .insert(src.name.clone(), (file, src.text.clone(), tree.clone()));
        Ok(tree)
    }

    /// The tree of file `file` when the cache holds it for this text.
    pub fn get(&self, sources: &Sources, file: FileId) -> Option<&ast::File> {
        let src = sources.get(file);
        self.trees
            .get(&src.name)
            .filter(|(id, text, _)| *id == file && **text == *src.text)
            .map(|(_, _, tree)| tree)
    }
}

/// The formatted text of a scheme file ([`format::format`]): one canonical layout, the same
/// tokens and comments in the same order.
///
/// # Errors
/// A file that does not parse gives its syntax diagnostics (a formatter never guesses).
pub fn format(sources: &Sources, file: FileId) -> Result<String, Vec<Diag>> {
    let text = &sources.get(file).text;
    on_parse_stack(text, file, || {
        let pairs = SchemeParser::parse(Rule::file, text)
            .map_err(|e| vec![error::pest_error(e, file, text)])?;
        let out = format::format(pairs.clone(), text);
        // The layout changes blanks only: the result must read as the same tokens with the
        // same comments, or nothing is written.
        let same = SchemeParser::parse(Rule::file, &out)
            .is_ok_and(|again| format::signature(pairs, text) == format::signature(again, &out));
        if !same {
            return Err(vec![Diag::new(
                SyntaxError::FormatChanged,
                Span::new(file, 0, 0),
            )]);
        }
        Ok(out)
    })
}

/// Whether `text` is a name as the language writes one (an input, value or indicator):
/// letters of any script, digits (not first), `_` and `·`, and not a keyword.
pub fn is_name(text: &str) -> bool {
    SchemeParser::parse(Rule::name, text)
        .ok()
        .and_then(|mut p| p.next())
        .is_some_and(|p| p.as_span().end() == text.len())
}

/// Runs `run` (which parses `text`) after bounding nesting (brackets, [`MAX_NESTING`]), on
/// a stack sized for what nests without brackets.
fn on_parse_stack<T: Send>(
    text: &str,
    file: FileId,
    run: impl FnOnce() -> Result<T, Vec<Diag>> + Send,
) -> Result<T, Vec<Diag>> {
    if let Some(at) = depth::too_deep(text, MAX_NESTING) {
        return Err(vec![Diag::new(
            SyntaxError::TooDeep { limit: MAX_NESTING },
            Span::new(file, at, at + 1),
        )
        .label("这一层超过了上限")]);
    }
    let nestable = depth::nestable_tokens(text);
    if nestable.count > MAX_NESTABLE {
        return Err(vec![Diag::new(
            SyntaxError::FormulaTooDeep {
                limit: MAX_FORMULA_DEPTH,
            },
            Span::new(file, nestable.last, nestable.last_end),
        )
        .label("公式中的 `若`、负号或 `非` 过多")]);
    }
    let stack = BASE_STACK + nestable.count * STACK_PER_NESTING;
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("jixiao-parse".into())
            .stack_size(stack)
            .spawn_scoped(s, run)
            .ok()
            .and_then(|h| h.join().ok())
    })
    .unwrap_or_else(|| {
        Err(vec![Diag::new(
            SyntaxError::FormulaTooDeep {
                limit: MAX_FORMULA_DEPTH,
            },
            Span::new(file, 0, 0),
        )])
    })
}

/// Parses and lowers, then refuses formulas deeper than [`MAX_FORMULA_DEPTH`]; a refused
/// tree is dropped here, on the stack that built it.
fn parse_on_this_stack(text: &str, file: FileId) -> Result<ast::File, Vec<Diag>> {
    let pairs = match SchemeParser::parse(Rule::file, text) {
        Ok(p) => p,
        Err(e) => return Err(vec![error::pest_error(e, file, text)]),
    };
    let ast = lower::file(pairs, file, text)?;
    let deep = depth::deep_formulas(&ast, MAX_FORMULA_DEPTH);
    if deep.is_empty() {
        return Ok(ast);
    }
    drop(ast);
    Err(deep
        .into_iter()
        .map(|span| {
            Diag::new(
                SyntaxError::FormulaTooDeep {
                    limit: MAX_FORMULA_DEPTH,
                },
                span,
            )
            .label("这个公式超过了上限")
        })
        .collect())
}
