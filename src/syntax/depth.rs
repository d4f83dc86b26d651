//! Nesting, bounded: a pre-scan for bracket depth (so that a pathological formula gets a
//! diagnostic instead of exhausting the parser's stack), a count of what nests without
//! brackets (for the parser's stack), and the depth of every formula's tree after lowering.

use super::ast::{EditKind, Expr, ExprKind, File, IndicatorDecl, Item};
use crate::base::source::Span;

/// The byte offset of the first bracket nested deeper than `limit`, outside strings and
/// comments.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    // Bytes, not characters: every delimiter is ASCII or a full-width bracket whose three
    // UTF-8 bytes are matched directly.
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        // The bytes a delimiter can start with; everything else (most of a scheme's text)
        // is skipped without looking further.
        if !matches!(
            c,
            b'"' | b'/' | b'(' | b'[' | b'{' | b')' | b']' | b'}' | 0xEF | 0xE3
        ) {
            i += 1;
            continue;
        }
        let wide = b.get(i..i + 3);
        let step = match (c, wide) {
            (b'"', _) => {
                in_string = true;
                1
            }
            (b'/', _) if b.get(i + 1) == Some(&b'/') => {
                // A comment runs to the end of the line.
                b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .unwrap_or(b.len() - i)
            }
            (b'(' | b'[' | b'{', _) => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                1
            }
            // （ 【 ｛
            (_, Some([0xEF, 0xBC, 0x88] | [0xE3, 0x80, 0x90] | [0xEF, 0xBD, 0x9B])) => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                3
            }
            (b')' | b']' | b'}', _) => {
                depth = depth.saturating_sub(1);
                1
            }
            // ） 】 ｝
            (_, Some([0xEF, 0xBC, 0x89] | [0xE3, 0x80, 0x91] | [0xEF, 0xBD, 0x9D])) => {
                depth = depth.saturating_sub(1);
                3
            }
            _ => 1,
        };
        i += step;
    }
    None
}

/// How many tokens of a text can nest without brackets, and where the last one is.
pub struct Nestable {
    /// `若`, `-`, `−`, `－` and `非`, outside strings and comments (an upper bound on how
    /// deep they can nest).
    pub count: usize,
    /// The byte offset of the last one.
    pub last: usize,
    /// The byte offset just past it.
    pub last_end: usize,
}

/// Counts the tokens that can nest without brackets.
pub fn nestable_tokens(text: &str) -> Nestable {
    let mut n = Nestable {
        count: 0,
        last: 0,
        last_end: 0,
    };
    let mut in_string = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek().is_some_and(|(_, d)| *d == '/') => {
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '若' | '非' | '-' | '−' | '－' => {
                n.count += 1;
                n.last = i;
                n.last_end = i + c.len_utf8();
            }
            _ => {}
        }
    }
    n
}

/// The formulas of a file whose tree is deeper than `limit`: the span of each such formula.
/// Walked with an explicit stack, so any depth is safe.
pub fn deep_formulas(file: &File, limit: usize) -> Vec<Span> {
    let mut roots: Vec<&Expr> = Vec::new();
    for item in &file.items {
        match item {
            Item::Value(v) => roots.push(&v.expr),
            Item::Indicator(d) => indicator_exprs(d, &mut roots),
            Item::Rows(r) => r.kinds.iter().for_each(|k| indicator_exprs(k, &mut roots)),
            Item::Edit(e) => match &e.kind {
                EditKind::Value(v) => roots.push(&v.expr),
                EditKind::Indicator(ed) => indicator_exprs(&ed.body, &mut roots),
                EditKind::Add(d, _) => indicator_exprs(d, &mut roots),
                EditKind::Input(_) | EditKind::Remove(..) => {}
            },
            _ => {}
        }
    }
    roots
        .into_iter()
        .filter(|e| depth_exceeds(e, limit))
        .map(|e| e.span)
        .collect()
}

fn indicator_exprs<'a>(d: &'a IndicatorDecl, out: &mut Vec<&'a Expr>) {
    out.extend(d.subject.iter().filter_map(|s| s.expr.as_ref()));
    out.extend(d.cases.iter().map(|c| &c.cond));
    for c in &d.children {
        indicator_exprs(c, out);
    }
}

/// Whether the tree of `e` is deeper than `limit`.
fn depth_exceeds(e: &Expr, limit: usize) -> bool {
    let mut stack = vec![(e, 1usize)];
    while let Some((e, d)) = stack.pop() {
        if d > limit {
            return true;
        }
        match &e.kind {
            ExprKind::Num(_) | ExprKind::Bool(_) | ExprKind::Name(_) => {}
            ExprKind::Unary(_, x) => stack.push((x, d + 1)),
            ExprKind::Binary(_, l, r) => {
                stack.push((l, d + 1));
                stack.push((r, d + 1));
            }
            ExprKind::Call(_, args) => stack.extend(args.iter().map(|a| (a, d + 1))),
            ExprKind::If(c, t, f) => {
                stack.push((c, d + 1));
                stack.push((t, d + 1));
                stack.push((f, d + 1));
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn finds_the_first_bracket_past_the_limit() {
        let text = format!("值 a = {}1{}", "(".repeat(10), ")".repeat(10));
        assert_eq!(too_deep(&text, 10), None);
        assert_eq!(too_deep(&text, 9), Some("值 a = ".len() + 9));
    }

    #[test]
    fn ignores_brackets_in_strings_and_comments() {
        assert_eq!(too_deep("说明 \"((((\" // ((((\n", 2), None);
    }

    #[test]
    fn counts_full_width_brackets() {
        assert_eq!(too_deep("（【｛", 2), Some("（【".len()));
        assert_eq!(too_deep("（）【】｛｝（", 1), None);
    }
}
