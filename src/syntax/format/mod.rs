//! The canonical layout of a scheme file (`jixiao fmt`).
//!
//! The formatter walks pest's parse tree and changes only the blanks between tokens: every
//! token is kept as typed (a full-width `（`, `：`, `≦` or `＝` stays what the author wrote) and
//! every comment is kept, in order, where it was (at the end of its line, or on a line of its
//! own). The layout:
//!
//! - one item per line; a block's items on their own lines, indented two spaces per level;
//! - one space between tokens, none inside brackets and parentheses (`(a + b)`, `[80%, 90%)`,
//!   `最小(a, b)`), before `,` `、` `；` and around `：`; a number and its unit written
//!   together (`5分`, `1个百分点`), `保留 2位小数`;
//! - the author's blank lines kept, at most one in a row, none just inside `{` or `}`; one
//!   blank line between top-level indicators (and other top-level blocks: `新增`, `修改 指标`,
//!   `行计分`);
//! - lists in braces (`等级`, `分档`, `清单`, `按等级`, `完成档次`, `未写方向`, a `清单` or `等级`
//!   type) stay on one line when written on one line; written over lines (a line break anywhere
//!   between the braces) they have an entry per line, and the entries of `等级`, `分档`, `清单` and `按等级` are aligned in two columns
//!   (the second column one space after the widest name, two after the widest band).
//!
//! The result is checked before it is returned: it parses to the same tokens with the same
//! comments ([`same_meaning`]); a layout that would change the meaning is an error, never
//! written.

use pest::iterators::{Pair, Pairs};
use unicode_width::UnicodeWidthStr;

use super::grammar::Rule;

mod pieces;

pub(super) use pieces::signature;
use pieces::{comments, lex, Piece};

/// One level of indentation.
const INDENT: &str = "  ";

/// The formatted text of a parsed file, or why it could not be formatted safely.
pub(super) fn format(pairs: Pairs<'_, Rule>, src: &str) -> String {
    let mut p = Printer::new(src);
    if let Some(file) = pairs.clone().next() {
        p.file(file);
    }
    p.finish()
}

/// How a token joins its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word, number, string or operator: a space on each side.
    Word,
    /// `(`, `[`: no space after.
    Open,
    /// `)`, `]`: no space before.
    Close,
    /// `,` `;`: no space before.
    Sep,
    /// `，` `、` `；` (full-width, with their own blank): no space on either side.
    WideSep,
    /// `：`: no space on either side.
    Colon,
    /// A prefix minus: no space after.
    Neg,
    /// A function name: no space before its `(`.
    Func,
    /// Text that follows the token before it directly (`位小数` after `2`).
    Attach,
}

/// The blank between a token of kind `last` and one of kind `next` on a line.
fn space(last: Kind, next: Kind) -> &'static str {
    match (last, next) {
        (_, Kind::Close | Kind::Sep | Kind::WideSep | Kind::Colon | Kind::Attach) => "",
        (Kind::Open | Kind::Colon | Kind::Neg | Kind::WideSep, _) => "",
        (Kind::Func, Kind::Open) => "",
        _ => " ",
    }
}

/// The kind of a token of the tree.
fn kind(rule: Rule) -> Kind {
    match rule {
        Rule::lparen | Rule::open_bracket => Kind::Open,
        Rule::rparen | Rule::close_bracket => Kind::Close,
        Rule::sep => Kind::Sep,
        Rule::colon => Kind::Colon,
        Rule::op_neg => Kind::Neg,
        Rule::func => Kind::Func,
        _ => Kind::Word,
    }
}

/// A separator's kind: full-width ones carry their own blank.
fn sep_kind(text: &str) -> Kind {
    if text.is_ascii() {
        Kind::Sep
    } else {
        Kind::WideSep
    }
}

/// How a block's entries are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// An entry per line (indicators and other blocks of items).
    Lines,
    /// On one line when written on one line (lists).
    AsWritten,
}

/// How a list's entries are aligned: the blanks after the widest first column.
fn alignment(rule: Rule) -> Option<usize> {
    match rule {
        Rule::grades | Rule::checklist | Rule::tiers | Rule::completion_tiers => Some(1),
        Rule::bands => Some(2),
        _ => None,
    }
}

struct Printer<'s> {
    src: &'s str,
    out: String,
    /// The current line, without its indentation.
    line: String,
    /// The indentation of the current line (fixed when its first token is written).
    line_indent: usize,
    /// The block depth.
    indent: usize,
    /// Whether a line break inside the current entry has happened (later lines of the entry
    /// are indented one more level).
    continued: bool,
    /// The kind of the last token on the current line.
    last: Option<Kind>,
    /// A blank line is wanted before the next line.
    blank: bool,
    /// The next token is a list entry after one written without a separator (two blanks).
    wide: bool,
    /// Where each node's own text ends ([`Printer::end`]), by its span.
    ends: std::rc::Rc<std::cell::RefCell<std::collections::HashMap<(usize, usize), usize>>>,
}

impl<'s> Printer<'s> {
    fn new(src: &'s str) -> Self {
        Printer {
            src,
            out: String::new(),
            line: String::new(),
            line_indent: 0,
            indent: 0,
            continued: false,
            last: None,
            blank: false,
            wide: false,
            ends: std::rc::Rc::default(),
        }
    }

    fn finish(mut self) -> String {
        self.end_line();
        self.out
    }

    /// Writes `text` as a token of `kind` on the current line.
    fn push(&mut self, text: &str, kind: Kind) {
        match self.last {
            None => {
                self.line_indent = self.indent + usize::from(self.continued);
            }
            Some(last) => {
                let sp = space(last, kind);
                self.line
                    .push_str(if self.wide && sp == " " { "  " } else { sp });
            }
        }
        self.wide = false;
        self.line.push_str(text);
        self.last = Some(kind);
    }

    /// Ends the current line, if anything is on it.
    fn end_line(&mut self) {
        if self.last.is_none() {
            return;
        }
        if self.blank && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.blank = false;
        for _ in 0..self.line_indent {
            self.out.push_str(INDENT);
        }
        self.out.push_str(self.line.trim_end());
        self.out.push('\n');
        self.line.clear();
        self.last = None;
    }

    /// A comment: at the end of the current line when it followed something there, else on a
    /// line of its own. Inside an entry the lines after it are continuation lines.
    fn comment(&mut self, text: &str, trailing: bool) {
        if trailing && self.last.is_some() {
            self.line.push_str("  ");
            self.line.push_str(text);
            self.end_line();
        } else {
            self.end_line();
            self.push(text, Kind::Word);
            self.end_line();
        }
    }

    /// The literal words and comments between two tokens of one entry.
    fn gap(&mut self, from: usize, to: usize) {
        if from >= to {
            return;
        }
        for piece in lex(&self.src[from..to]) {
            match piece {
                Piece::Chunk(c) if c.starts_with('位') => self.push(c, Kind::Attach),
                Piece::Chunk(c) => self.push(c, Kind::Word),
                Piece::Comment { text, trailing } => {
                    self.comment(text, trailing);
                    self.continued = true;
                }
                Piece::Blank => {}
            }
        }
    }

    /// What lies between two entries of a block: a trailing comment stays on the line of the
    /// entry before; blank lines are kept (one); other comments get lines of their own.
    /// `top`: just inside `{` (blank lines dropped); `blank`: a blank line is due before
    /// what follows (kept before the comments that lead the next entry).
    fn between(&mut self, from: usize, to: usize, top: bool, blank: bool) {
        let pieces = if from < to {
            lex(&self.src[from..to])
        } else {
            Vec::new()
        };
        let mut pieces = pieces.into_iter().peekable();
        if let Some(&Piece::Comment {
            text,
            trailing: true,
        }) = pieces.peek()
        {
            if self.last.is_some() {
                self.comment(text, true);
                pieces.next();
            }
        }
        self.end_line();
        self.continued = false;
        self.blank = blank;
        // Just inside `{` (or at the start of the file) blank lines are dropped.
        let mut top = top || self.out.is_empty();
        for piece in pieces {
            match piece {
                Piece::Blank => self.blank |= !top,
                Piece::Comment { text, .. } => {
                    self.comment(text, false);
                    top = false;
                }
                Piece::Chunk(c) => {
                    self.push(c, Kind::Word);
                    top = false;
                }
            }
        }
    }

    /// The whole file: its items, one after another.
    fn file(&mut self, file: Pair<'s, Rule>) {
        let mut pos = file.as_span().start();
        let mut last_block = false;
        let mut first = true;
        for item in file.into_inner() {
            if item.as_rule() == Rule::EOI {
                self.between(pos, item.as_span().start(), false, false);
                self.blank = false;
                pos = self.end(&item);
                continue;
            }
            let block = top_block(&item);
            let blank = !first && (block || last_block);
            self.between(pos, item.as_span().start(), first, blank);
            self.emit(item.clone());
            pos = self.end(&item);
            last_block = block;
            first = false;
        }
        self.between(pos, self.src.len(), false, false);
        self.blank = false;
    }

    /// Where `p`'s own text ends: pest lets a rule ending in an optional part take the blanks
    /// and comments after it (`按比例 // …` then a `下限?` that is not there), which belong to
    /// what follows; they are left out here, for the gap after `p` to place.
    fn end(&self, p: &Pair<'s, Rule>) -> usize {
        let span = p.as_span();
        // A string ends at its closing quote: `//` inside it (`http://…`) is no comment.
        if matches!(p.as_rule(), Rule::string | Rule::string_inner) {
            return span.end();
        }
        // Asked again at every level above a node: remembered, so a deep formula costs its
        // size, not its size squared.
        let key = (span.start(), span.end());
        if let Some(e) = self.ends.borrow().get(&key) {
            return *e;
        }
        let from = match p.clone().into_inner().last() {
            Some(c) => self.end(&c),
            None => span.start(),
        };
        let tail = &self.src[from..span.end()];
        let mut end = from;
        for piece in lex(tail) {
            if let Piece::Chunk(c) = piece {
                end = from + (c.as_ptr() as usize - tail.as_ptr() as usize) + c.len();
            }
        }
        self.ends.borrow_mut().insert(key, end);
        end
    }

    /// A node of the tree, in the layout of its rule.
    fn emit(&mut self, p: Pair<'s, Rule>) {
        match p.as_rule() {
            Rule::indicator
            | Rule::rows_block
            | Rule::row_kind
            | Rule::add
            | Rule::modify_indicator => self.block(p, Layout::Lines),
            Rule::grades
            | Rule::bands
            | Rule::checklist
            | Rule::tiers
            | Rule::completion_tiers
            | Rule::dir_defaults
            | Rule::checklist_type
            | Rule::tier_type
            | Rule::pending => self.block(p, Layout::AsWritten),
            Rule::quantity | Rule::signed_quantity => {
                let text: String = p
                    .as_str()
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '\t' | '\u{3000}'))
                    .collect();
                self.push(&text, Kind::Word);
            }
            Rule::string | Rule::name | Rule::number | Rule::integer | Rule::lint_id => {
                self.push(p.as_str(), Kind::Word);
            }
            Rule::infinity if !p.as_str().contains("//") => {
                let text: String = p.as_str().split_whitespace().collect();
                self.push(&text, Kind::Word);
            }
            rule if p.clone().into_inner().next().is_none() => {
                // A token of literal words (`未填分值 平均分配`): its words, blanks evened.
                let k = match rule {
                    Rule::sep => sep_kind(p.as_str()),
                    r => kind(r),
                };
                let text = &self.src[p.as_span().start()..self.end(&p)];
                for piece in lex(text) {
                    match piece {
                        Piece::Chunk(c) => self.push(c, k),
                        Piece::Comment { text, trailing } => {
                            self.comment(text, trailing);
                            self.continued = true;
                        }
                        Piece::Blank => {}
                    }
                }
            }
            _ => {
                let mut pos = p.as_span().start();
                let end = self.end(&p);
                for child in p.into_inner() {
                    self.gap(pos, child.as_span().start());
                    pos = self.end(&child);
                    self.emit(child);
                }
                self.gap(pos, end);
            }
        }
    }

    /// A node with a `{ … }` part: what comes before the brace on its line, the entries, the
    /// closing brace and what follows it.
    fn block(&mut self, p: Pair<'s, Rule>, layout: Layout) {
        let rule = p.as_rule();
        let start = p.as_span().start();
        let end = self.end(&p);
        let children: Vec<Pair<'s, Rule>> = p.into_inner().collect();
        let open = children.iter().position(|c| c.as_rule() == Rule::lbrace);
        let close = children.iter().rposition(|c| c.as_rule() == Rule::rbrace);
        let (Some(open), Some(close)) = (open, close) else {
            // `修改 指标 名称 6分` without a block.
            let mut pos = start;
            for child in children {
                self.gap(pos, child.as_span().start());
                pos = self.end(&child);
                self.emit(child);
            }
            self.gap(pos, end);
            return;
        };
        let mut pos = start;
        for child in &children[..open] {
            self.gap(pos, child.as_span().start());
            pos = self.end(child);
            self.emit(child.clone());
        }
        let lbrace = &children[open];
        let rbrace = &children[close];
        self.gap(pos, lbrace.as_span().start());
        // The entries: a list's names are inside its name_list.
        let inner: Vec<Pair<'s, Rule>> = match children.get(open + 1) {
            Some(list) if list.as_rule() == Rule::name_list && open + 2 == close => {
                list.clone().into_inner().collect()
            }
            _ => children[open + 1..close].to_vec(),
        };
        let mut entries: Vec<(Pair<'s, Rule>, Option<Pair<'s, Rule>>)> = Vec::new();
        for c in inner {
            if c.as_rule() == Rule::sep {
                if let Some(last) = entries.last_mut().filter(|e| e.1.is_none()) {
                    last.1 = Some(c);
                    continue;
                }
            }
            entries.push((c, None));
        }
        let inside = &self.src[lbrace.as_span().end()..rbrace.as_span().start()];
        let lines = layout == Layout::Lines || inside.contains('\n') || comments_in(inside);
        if entries.is_empty() && !comments_in(inside) {
            self.push(lbrace.as_str(), Kind::Word);
            self.last = Some(Kind::Open);
            self.push(rbrace.as_str(), Kind::Close);
        } else if !lines {
            self.push(lbrace.as_str(), Kind::Word);
            for (main, sep) in &entries {
                self.emit(main.clone());
                match sep {
                    Some(s) => {
                        self.gap(self.end(main), s.as_span().start());
                        self.push(s.as_str(), sep_kind(s.as_str()));
                    }
                    // Two blanks between entries written without a separator.
                    None => self.wide = true,
                }
            }
            self.wide = false;
            self.push(rbrace.as_str(), Kind::Word);
        } else {
            self.push(lbrace.as_str(), Kind::Word);
            let columns = alignment(rule).and_then(|gap| self.columns(&entries, gap));
            self.indent += 1;
            let mut pos = lbrace.as_span().end();
            for (i, (main, sep)) in entries.iter().enumerate() {
                self.between(pos, main.as_span().start(), i == 0, false);
                match columns.as_ref().and_then(|c| c.get(i)) {
                    Some(text) => self.push(text, Kind::Word),
                    None => self.emit(main.clone()),
                }
                pos = self.end(main);
                if let Some(s) = sep {
                    self.gap(pos, s.as_span().start());
                    self.push(s.as_str(), sep_kind(s.as_str()));
                    pos = s.as_span().end();
                }
            }
            self.between(pos, rbrace.as_span().start(), entries.is_empty(), false);
            self.blank = false;
            self.end_line();
            self.indent -= 1;
            self.continued = false;
            self.push(rbrace.as_str(), Kind::Word);
        }
        let mut pos = rbrace.as_span().end();
        for child in &children[close + 1..] {
            self.gap(pos, child.as_span().start());
            pos = self.end(child);
            self.emit(child.clone());
        }
        self.gap(pos, end);
    }

    /// The entries of a list as aligned lines: the first column (a name or a band) padded to
    /// the widest plus `gap` blanks, then the rest. `None` when an entry holds a comment or
    /// a line break (it is then written as it comes).
    fn columns(
        &self,
        entries: &[(Pair<'s, Rule>, Option<Pair<'s, Rule>>)],
        gap: usize,
    ) -> Option<Vec<String>> {
        let mut split = Vec::new();
        for (main, _) in entries {
            let children: Vec<Pair<'s, Rule>> = main.clone().into_inner().collect();
            let (first, rest) = children.split_first()?;
            let head = self.one_line(|p| p.emit(first.clone()))?;
            let tail = self.one_line(|p| {
                let mut pos = self.end(first);
                for c in rest {
                    p.gap(pos, c.as_span().start());
                    pos = self.end(c);
                    p.emit(c.clone());
                }
                p.gap(pos, self.end(main));
            })?;
            split.push((head, tail));
        }
        let width = split.iter().map(|(h, _)| h.width()).max().unwrap_or(0);
        Some(
            split
                .into_iter()
                .map(|(h, t)| {
                    if t.is_empty() {
                        h
                    } else {
                        let pad = width - h.width() + gap;
                        format!("{h}{}{t}", " ".repeat(pad))
                    }
                })
                .collect(),
        )
    }

    /// What `f` writes, when it stays on one line.
    fn one_line(&self, f: impl FnOnce(&mut Printer<'s>)) -> Option<String> {
        let mut p = Printer::new(self.src);
        p.ends = std::rc::Rc::clone(&self.ends);
        f(&mut p);
        if !p.out.is_empty() || p.line.contains('\n') {
            return None;
        }
        Some(p.line)
    }
}

/// Whether a top-level item is a block of indicators (set off by blank lines).
fn top_block(item: &Pair<'_, Rule>) -> bool {
    match item.as_rule() {
        Rule::indicator | Rule::add | Rule::rows_block => true,
        Rule::modify => item.clone().into_inner().any(|c| {
            c.as_rule() == Rule::modify_indicator
                && c.into_inner().any(|x| x.as_rule() == Rule::lbrace)
        }),
        _ => false,
    }
}

/// Whether a stretch of source between braces holds a comment (outside strings).
fn comments_in(s: &str) -> bool {
    s.contains("//") && !comments(s).is_empty()
}
