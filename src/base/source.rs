//! Source files and byte spans: where every diagnostic points.

use std::sync::Arc;

/// Index of a file in a [`Sources`] set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty range.
    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.start as usize, s.len()).into()
    }
}

/// One source text with its display name.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (usually the path as given).
    pub name: String,
    /// The text, without a byte-order mark.
    pub text: Arc<str>,
    /// Where each line starts (byte offsets; the first is 0), so that finding a line takes
    /// a search, not a scan of the file.
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// A file named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text: Arc::from(text),
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (line + 1, col)
    }

    /// The 0-based line a byte offset is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// How many lines the text has (a last line without a line break counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Where 0-based line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The set of files a compilation reads.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id. A leading byte-order mark is dropped.
    pub fn add(&mut self, name: impl Into<String>, text: &str) -> FileId {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile::new(name, text));
        id
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        // INVARIANT: ids are only made by `add` on this set.
        &self.files[id.0 as usize]
    }

    /// All files in order of addition.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

/// Bytes that are not UTF-8 text (a file saved as GBK, say).
#[derive(Debug, Clone, Copy, thiserror::Error, miette::Diagnostic)]
#[error("文件不是 UTF-8 编码，请另存为 UTF-8")]
#[diagnostic(
    code("encoding"),
    help("在 Excel 或记事本中“另存为”，编码选 UTF-8；GBK/GB2312 编码的文件无法读取")
)]
pub struct NotUtf8;

/// A file's bytes as text: UTF-8, with or without a byte-order mark.
///
/// # Errors
/// [`NotUtf8`] when the bytes are not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, NotUtf8> {
    let s = std::str::from_utf8(bytes).map_err(|_| NotUtf8)?;
    Ok(s.strip_prefix('\u{feff}').unwrap_or(s))
}

/// A file's name without its folder, as messages show it (`schemes/x/2024.jx` → `2024.jx`).
pub fn short_name(name: &str) -> String {
    std::path::Path::new(name)
        .file_name()
        .map_or_else(|| name.to_string(), |f| f.to_string_lossy().into_owned())
}
