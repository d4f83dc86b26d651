//! The part of a source file a diagnostic shows. Every line is shown as written, except a very
//! long one (a minified JSON report, a value pasted onto one line): it is cut to a window
//! around what is marked on it, with `…` where text was left out, so that no mark sits past
//! a column the renderer can draw. Positions in the header (`file:line:column`) are those of
//! the original file, the column counted in characters, as `--format json` counts it.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines longer than this many characters are cut around the marks on them.
const LONG_LINE: usize = 240;

/// Characters kept on either side of a mark on a cut line.
const AROUND: usize = 60;

/// What stands for the text left out of a cut line.
const ELLIPSIS: &str = "…";

/// One original line as it stands in the excerpt.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// The original line: byte range (without its line break).
    start: usize,
    end: usize,
    /// The part kept (all of it unless cut).
    kept: (usize, usize),
    /// Where the line starts in the excerpt.
    at: usize,
    /// Characters of the original line before the part kept.
    dropped: usize,
}

impl Piece {
    fn cut(&self) -> bool {
        self.kept != (self.start, self.end)
    }

    /// Bytes of the excerpt before the kept part: the ellipsis when the start was cut.
    fn lead(&self) -> usize {
        if self.kept.0 > self.start {
            ELLIPSIS.len()
        } else {
            0
        }
    }
}

/// A source text made ready to render, with the marks to place on it.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    pieces: Vec<Piece>,
}

impl Excerpt {
    /// The excerpt of `text` (named `name`) for marks at the byte ranges `marks`.
    pub fn new(name: &str, text: &str, marks: &[(usize, usize)]) -> Excerpt {
        let mut out = String::with_capacity(text.len().min(1 << 16));
        let mut pieces = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let end = start + body.len();
            let kept = window(text, start, end, marks);
            let mut piece = Piece {
                start,
                end,
                kept,
                at: out.len(),
                dropped: text[start..kept.0].chars().count(),
            };
            if piece.cut() {
                if kept.0 > start {
                    out.push_str(ELLIPSIS);
                }
                out.push_str(&text[kept.0..kept.1]);
                if kept.1 < end {
                    out.push_str(ELLIPSIS);
                }
                out.push_str(&line[body.len()..]);
            } else {
                piece.dropped = 0;
                out.push_str(line);
            }
            pieces.push(piece);
            start += line.len();
        }
        Excerpt {
            name: name.to_string(),
            text: out,
            pieces,
        }
    }

    /// Where original byte offset `offset` stands in the excerpt (an offset in a part left
    /// out stands at the nearest ellipsis).
    pub fn map(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.start <= offset);
        let Some(p) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return offset.min(self.text.len());
        };
        if !p.cut() {
            return p.at + (offset - p.start);
        }
        let o = offset.clamp(p.kept.0, p.kept.1);
        p.at + p.lead() + (o - p.kept.0)
    }

    /// The 0-based line and the column (in characters, of the original line) of an excerpt
    /// offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let i = self.pieces.partition_point(|p| p.at <= offset);
        let line = i.saturating_sub(1);
        let Some(p) = self.pieces.get(line) else {
            return (0, 0);
        };
        let from = p.at.min(self.text.len());
        let to = offset.clamp(from, self.text.len());
        let shown = self.text.get(from..to).map_or(0, |s| s.chars().count());
        let column = if p.lead() > 0 {
            (shown.saturating_sub(1)) + p.dropped
        } else {
            shown + p.dropped
        };
        (line, column)
    }
}

/// The part of the line `[start, end)` to keep: all of it when short, else a window around
/// the marks that fall on it (the start of the line when none does).
fn window(text: &str, start: usize, end: usize, marks: &[(usize, usize)]) -> (usize, usize) {
    let line = &text[start..end];
    if line.len() <= LONG_LINE || line.chars().count() <= LONG_LINE {
        return (start, end);
    }
    let on_line: Vec<(usize, usize)> = marks
        .iter()
        .filter(|(s, e)| *s <= end && *e >= start)
        .map(|(s, e)| ((*s).max(start), (*e).min(end)))
        .collect();
    let first = on_line.iter().map(|m| m.0).min().unwrap_or(start);
    let last = on_line.iter().map(|m| m.1).max().unwrap_or(start);
    // A mark longer than the window shows its beginning.
    let last = last.min(advance(text, first, AROUND * 2, end));
    (
        retreat(text, first, AROUND, start),
        advance(text, last, AROUND, end),
    )
}

/// The byte offset `n` characters after `from`, at most `limit`.
fn advance(text: &str, from: usize, n: usize, limit: usize) -> usize {
    text[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The byte offset `n` characters before `from`, at least `limit`.
fn retreat(text: &str, from: usize, n: usize, limit: usize) -> usize {
    let mut at = from;
    for (i, _) in text[limit..from].char_indices().rev().take(n) {
        at = limit + i;
    }
    at
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let c = self
            .text
            .as_str()
            .read_span(span, context_lines_before, context_lines_after)?;
        // The column of where the contents start (0 for whole lines), in the original line.
        let (_, column) = self.line_col(c.span().offset());
        let column = if context_lines_before == 0 { column } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line(),
            column,
            c.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_stand_as_written_and_columns_count_characters() {
        let text = "单位: 甲\n数据:\n  编制数: 二十\n";
        let e = Excerpt::new("r.yaml", text, &[(29, 35)]);
        assert_eq!(e.text, text);
        assert_eq!(e.map(29), 29);
        // `二十` starts at character 7 (0-based) of line 3.
        let at = text.find("二十").unwrap_or(0);
        assert_eq!(e.line_col(at), (2, 7));
    }

    #[test]
    fn a_long_line_is_cut_around_its_mark() {
        let pad = " ".repeat(70_000);
        let text = format!("单位: 甲\n编制数: {pad}二十\n年度: 2020\n");
        let at = text.find("二十").unwrap_or(0);
        let e = Excerpt::new("r.yaml", &text, &[(at, at + "二十".len())]);
        assert!(e.text.len() < 400, "{}", e.text.len());
        let mapped = e.map(at);
        assert_eq!(&e.text[mapped..mapped + "二十".len()], "二十");
        // The original column: `编制数: ` is 5 characters, then the padding.
        assert_eq!(e.line_col(mapped), (1, 5 + 70_000));
        // Lines after the cut one keep their text.
        assert!(e.text.ends_with("年度: 2020\n"));
        let year = text.find("2020").unwrap_or(0);
        assert_eq!(&e.text[e.map(year)..e.map(year) + 4], "2020");
    }
}
