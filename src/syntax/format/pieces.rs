//! What lies between the tokens of the tree (literal words, comments, blank lines), and what
//! a formatted text must keep of its source.

use pest::iterators::Pairs;

use super::super::grammar::Rule;

/// What a formatted text must keep of the source: the tokens in the order the parser read
/// them (a string verbatim, other tokens without blanks), and the comments in order.
pub(in crate::syntax) fn signature(
    pairs: Pairs<'_, Rule>,
    src: &str,
) -> (Vec<(Rule, String)>, Vec<String>) {
    let mut tokens = Vec::new();
    for p in pairs.flatten() {
        if p.as_rule() == Rule::string {
            tokens.push((Rule::string, p.as_str().to_string()));
        } else if p.clone().into_inner().next().is_none() {
            let text: String = lex(p.as_str())
                .into_iter()
                .filter_map(|g| match g {
                    Piece::Chunk(c) => Some(c),
                    _ => None,
                })
                .collect();
            tokens.push((p.as_rule(), text));
        } else {
            tokens.push((p.as_rule(), String::new()));
        }
    }
    (tokens, comments(src))
}

/// Every comment of `src` outside strings, in order, without trailing blanks.
pub(super) fn comments(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut in_string = false;
    while let Some(c) = rest.chars().next() {
        if in_string {
            match c {
                '\\' => {
                    let mut it = rest.chars();
                    it.next();
                    it.next();
                    rest = it.as_str();
                    continue;
                }
                '"' => in_string = false,
                _ => {}
            }
            rest = &rest[c.len_utf8()..];
        } else if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push(rest[..end].trim_end().to_string());
            rest = &rest[end..];
        } else {
            in_string = c == '"';
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// What lies between two tokens of the tree: literal words of the grammar (`若`, `每`,
/// `位小数`), comments, and blank lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Piece<'s> {
    /// Text without blanks: one or more literal words.
    Chunk(&'s str),
    /// `// …`, without trailing blanks; `trailing` when it follows something on its line.
    Comment { text: &'s str, trailing: bool },
    /// One or more empty lines.
    Blank,
}

/// The pieces of a stretch of source that holds no string and no token of the tree.
pub(super) fn lex(gap: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = gap;
    // Line breaks since the last chunk or comment (or since the start of the stretch, which
    // is right after a token).
    let mut newlines = 0usize;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
                if newlines == 2 {
                    out.push(Piece::Blank);
                }
            }
            rest = &rest[c.len_utf8()..];
        } else if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push(Piece::Comment {
                text: rest[..end].trim_end(),
                trailing: newlines == 0,
            });
            rest = &rest[end..];
            newlines = 0;
        } else {
            let end = rest
                .char_indices()
                .find(|&(i, ch)| ch.is_whitespace() || rest[i..].starts_with("//"))
                .map_or(rest.len(), |(i, _)| i);
            out.push(Piece::Chunk(&rest[..end]));
            rest = &rest[end..];
            newlines = 0;
        }
    }
    out
}
