//! The part of a source file a diagnostic shows: the lines around its marks, so that showing
//! a finding costs the same in a file of ten lines as in one of a million (a report with
//! thousands of findings renders in time proportional to them, not to them times the file).
//! Lines are shown as written, except a very long one (a minified JSON report, a value pasted
//! onto one line): it is cut to a window around what is marked on it, with `…` where text
//! was left out, so that no mark sits past a column the renderer can draw. Positions in the
//! header (`file:line:column`) are those of the original file, the column counted in
//! characters, as `--format json` counts it.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::base::source::SourceFile;

/// Lines longer than this many characters are cut around the marks on them.
const LONG_LINE: usize = 240;

/// Characters kept on either side of a mark on a cut line.
const AROUND: usize = 60;

/// Lines kept before and after the lines of each mark (the renderer shows one).
const AROUND_LINES: usize = 3;

/// Marks whose kept lines are at most this many lines apart are shown with the lines between
/// them, as one piece of text; farther apart, each is shown on its own.
const JOIN_GAP: usize = 200;

/// What stands for the text left out of a cut line.
const ELLIPSIS: &str = "…";

/// One original line as it stands in the excerpt.
#[derive(Debug, Clone, Copy)]
struct Piece {
    /// The original line number (0-based).
    line: usize,
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
    /// The excerpt of `file` for marks at the byte ranges `marks`.
    pub fn new(file: &SourceFile, marks: &[(usize, usize)]) -> Excerpt {
        let text: &str = &file.text;
        // A mark that starts or ends inside a character covers that character.
        let marks: Vec<(usize, usize)> = marks
            .iter()
            .map(|&(a, b)| (floor_char(text, a), ceil_char(text, b)))
            .collect();
        let marks = marks.as_slice();
        let mut out = String::new();
        let mut pieces = Vec::new();
        for (first, last) in line_windows(file, marks) {
            for line in first..=last {
                let start = file.line_start(line);
                let next = file.line_start(line + 1);
                let whole = text.get(start..next).unwrap_or("");
                let body = whole.trim_end_matches(['\n', '\r']);
                let end = start + body.len();
                let kept = window(text, start, end, marks);
                let mut piece = Piece {
                    line,
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
                    push_line_body(&mut out, &text[kept.0..kept.1]);
                    if kept.1 < end {
                        out.push_str(ELLIPSIS);
                    }
                } else {
                    piece.dropped = 0;
                    push_line_body(&mut out, body);
                }
                out.push_str(&whole[body.len()..]);
                pieces.push(piece);
            }
        }
        Excerpt {
            name: file.name.clone(),
            text: out,
            pieces,
        }
    }

    /// Where original byte offset `offset` stands in the excerpt (an offset in a part left
    /// out stands at the nearest ellipsis, or at the end of the nearest line kept).
    pub fn map(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.start <= offset);
        let Some(p) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        if !p.cut() {
            return p.at + (offset.min(p.end) - p.start);
        }
        let o = offset.clamp(p.kept.0, p.kept.1);
        p.at + p.lead() + (o - p.kept.0)
    }

    /// The piece an excerpt offset is on.
    fn piece_at(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.at <= offset)
            .saturating_sub(1)
    }

    /// The original 0-based line and the column (in characters, of the original line) of an
    /// excerpt offset.
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let Some(p) = self.pieces.get(self.piece_at(offset)) else {
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
        (p.line, column)
    }
}

/// A line's text without its break; a lone carriage return inside it becomes a space (same
/// length), so that the renderer counts lines as the file's line index does.
fn push_line_body(out: &mut String, body: &str) {
    if body.contains('\r') {
        out.push_str(&body.replace('\r', " "));
    } else {
        out.push_str(body);
    }
}

/// The ranges of lines to keep (first and last, 0-based, inclusive), in order: the lines of
/// each mark with [`AROUND_LINES`] on either side, joined when close.
fn line_windows(file: &SourceFile, marks: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let last_line = file.line_count().saturating_sub(1);
    let mut windows: Vec<(usize, usize)> = marks
        .iter()
        .map(|&(s, e)| {
            let (a, b) = (file.line_of(s), file.line_of(e.max(s)));
            (
                a.saturating_sub(AROUND_LINES),
                b.saturating_add(AROUND_LINES).min(last_line),
            )
        })
        .collect();
    if windows.is_empty() {
        windows.push((0, AROUND_LINES.min(last_line)));
    }
    windows.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::with_capacity(windows.len());
    for w in windows {
        match joined.last_mut() {
            Some(j) if w.0 <= j.1.saturating_add(JOIN_GAP) => j.1 = j.1.max(w.1),
            _ => joined.push(w),
        }
    }
    joined
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
    let mut first = on_line.iter().map(|m| m.0).min().unwrap_or(start);
    let mut last = on_line.iter().map(|m| m.1).max().unwrap_or(start);
    // Marks too far apart to show together: the window is the primary mark's (the first one
    // given), when it is on this line, so that the place the header names is shown.
    if advance(text, first, AROUND * 2, end) < last {
        if let Some(&(s, e)) = marks.first().filter(|(s, e)| *s <= end && *e >= start) {
            (first, last) = (s.max(start), e.min(end));
        }
    }
    // A mark longer than the window shows its beginning.
    let last = last.min(advance(text, first, AROUND * 2, end));
    (
        retreat(text, first, AROUND, start),
        advance(text, last, AROUND, end),
    )
}

/// The start of the character holding byte `at` (the end of the text past it).
fn floor_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The end of the character holding byte `at - 1`: `at` itself on a boundary.
fn ceil_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
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
    /// The excerpt's text around `span`, numbered as the original file. Contents that would
    /// run across lines left out are refused, so the renderer shows each part on its own.
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
        let from = c.span().offset();
        let to = (from + c.span().len()).saturating_sub(1).max(from);
        let (first, last) = (self.piece_at(from), self.piece_at(to));
        let lines = self
            .pieces
            .get(first..=last.max(first))
            .ok_or(MietteError::OutOfBounds)?;
        if lines.windows(2).any(|w| w[1].line != w[0].line + 1) {
            return Err(MietteError::OutOfBounds);
        }
        // The renderer's own line numbers count from the excerpt's start; shift them to the
        // file's (its line count is of lines up to the contents' end, so it shifts too).
        let line = lines.first().map_or(0, |p| p.line);
        let shift = |n: usize| (n + line).saturating_sub(first);
        // The column of where the contents start (0 for whole lines), in the original line.
        let (_, column) = self.line_col(from);
        let column = if context_lines_before == 0 { column } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            shift(c.line()),
            column,
            shift(c.line_count()),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_stand_as_written_and_columns_count_characters() {
        let text = "单位: 甲\n数据:\n  编制数: 二十\n";
        let e = Excerpt::new(&SourceFile::new("r.yaml", text), &[(29, 35)]);
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
        let e = Excerpt::new(
            &SourceFile::new("r.yaml", &text),
            &[(at, at + "二十".len())],
        );
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

    #[test]
    fn marks_far_apart_on_a_long_line_show_the_primary_one() {
        let pad = "x".repeat(5_000);
        let text = format!("{{\"编制数\": 20, \"k\": \"{pad}\", \"编制数\": 30}}\n");
        let second = text.rfind("\"编制数\"").unwrap_or(0);
        let first = text.find("\"编制数\"").unwrap_or(0);
        let len = "\"编制数\"".len();
        let e = Excerpt::new(
            &SourceFile::new("r.json", &text),
            &[(second, second + len), (first, first + len)],
        );
        let mapped = e.map(second);
        assert_eq!(&e.text[mapped..mapped + len], "\"编制数\"");
        assert_eq!(e.line_col(mapped), (0, text[..second].chars().count()));
    }

    #[test]
    fn a_mark_inside_a_character_covers_it() {
        let text = "非非非\n";
        // Byte 4 is inside the second `非`.
        let e = Excerpt::new(&SourceFile::new("a.jx", text), &[(4, 5)]);
        assert_eq!(e.text, text);
    }
}
