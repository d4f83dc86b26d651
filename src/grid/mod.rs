//! The tables in the files reports live in: Excel workbooks, Word documents, CSV and plain text
//! with tab-separated tables (what copying a Word table gives). Each reader turns its file into
//! one [`Document`]: tables of cells as a person reads them (a percent cell holding 0.88 reads
//! `88%`, with every digit it holds, not only the places its format shows; a merged cell's
//! text in every cell it covers), each cell with its place in the file
//! (`报告.xlsx!Sheet1!C7`, `报告.docx 表 3 第 5 行`, `报告.txt:612`), and the running text around
//! the tables (titles, the year). What a reader cannot read is a [`Problem`] at its place and
//! is left out, never guessed.
//!
//! Recognising a report in these tables is [`crate::import`]'s work; the readers know files,
//! not reports.

use std::fmt;
use std::path::Path;

mod decode;
mod docx;
mod number;
mod sheet;
mod text;
mod xlsx;

pub use decode::{decode, Decoded};
pub use number::{excel_date, shown_number};

/// The longest cell or line kept, in characters (a form's longest cell, a 偏差原因, is a few
/// hundred); what is past it is cut off, and said.
pub const MAX_CELL_CHARS: usize = 10_000;

/// `text` cut to [`MAX_CELL_CHARS`], with a problem at `place` when it was longer.
fn clip(problems: &mut Vec<Problem>, place: &Place, text: String) -> String {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        None => text,
        Some((at, _)) => {
            problems.push(Problem {
                place: place.clone(),
                row: false,
                text: format!(
                    "文字有 {} 字，超过 {MAX_CELL_CHARS} 字，只读前 {MAX_CELL_CHARS} 字",
                    text.chars().count()
                ),
            });
            text[..at].to_string()
        }
    }
}

/// The most text a file may give once read, in bytes, with its merged cells filled (each
/// covered cell repeats its origin's text) and its nested tables joined into their cells: a
/// county's workbook gives well under 1 MB. Past this a small file is built to fill memory
/// (a long text merged over thousands of cells), and is refused before it does.
pub const MAX_TEXT: usize = 64 << 20;

/// The text a reader has given out so far, against [`MAX_TEXT`].
#[derive(Debug, Default)]
struct Budget {
    used: usize,
}

impl Budget {
    /// Counts `n` more bytes of text; past the limit, why the file is refused.
    fn spend(&mut self, n: usize) -> Result<(), Stop> {
        self.used = self.used.saturating_add(n);
        if self.used > MAX_TEXT {
            return Err(Stop::Refused {
                why: format!(
                    "读出的文字超过 {} MB（合并单元格逐格重复、嵌套表格并入单元格之后）",
                    MAX_TEXT >> 20
                ),
                help: "自评表不会有这么多文字；请确认选对了文件",
            });
        }
        Ok(())
    }
}

/// Why a reader stopped.
#[derive(Debug)]
enum Stop {
    /// The file is not what its extension says, or is damaged (said by [`what_it_is`]).
    Broken,
    /// It would give more than can be read, or is built so that reading it would fill
    /// memory: why, and what to do.
    Refused {
        /// Why, in Chinese.
        why: String,
        /// What to do.
        help: &'static str,
    },
}

/// The largest file read (a 100-page Word report is a few MB; a workbook of a county's
/// departments a few more).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The kinds of file read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// .xlsx (Excel 2007 and later; WPS).
    Xlsx,
    /// .docx (Word 2007 and later; WPS).
    Docx,
    /// .csv (UTF-8 or GBK).
    Csv,
    /// .txt and .tsv: tab-separated tables in running text.
    Text,
}

impl Kind {
    /// The kind a file's extension names (case-insensitive); `None` for any other file
    /// (a YAML or JSON report, a scheme).
    pub fn of(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "docx" => Some(Kind::Docx),
            "csv" => Some(Kind::Csv),
            "txt" | "tsv" => Some(Kind::Text),
            _ => None,
        }
    }

    /// Old formats the readers do not open, with what to do (`None`: not one of them).
    pub fn unsupported(path: &Path) -> Option<&'static str> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xls" | "et" => Some("请在 Excel 或 WPS 中另存为 .xlsx 后再读"),
            "doc" | "wps" => Some("请在 Word 或 WPS 中另存为 .docx 后再读"),
            "ods" => Some("请另存为 .xlsx 后再读"),
            "pdf" => {
                Some("PDF 中的表格无法可靠读出；请用原 Word/Excel 文件，或复制表格另存为 .txt")
            }
            _ => None,
        }
    }
}

/// Where a cell or line is in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A worksheet cell (1-based row and column).
    Cell {
        /// The sheet's name.
        sheet: String,
        /// Row, from 1.
        row: u32,
        /// Column, from 1 (A).
        col: u32,
    },
    /// A cell of a Word table (each from 1).
    Word {
        /// The table, counted through the document.
        table: usize,
        /// Row in the table.
        row: usize,
        /// Column in the table's grid.
        col: usize,
    },
    /// A line of a text or CSV file (from 1), and the cell on it (from 1; 0: the line).
    Line {
        /// Line.
        line: usize,
        /// Cell on the line.
        col: usize,
    },
    /// A paragraph of a Word document (from 1).
    Paragraph(usize),
}

impl Place {
    /// The place after the file's name: `!Sheet1!C7`, ` 表 3 第 5 行第 2 列`, `:612`.
    pub fn suffix(&self) -> String {
        match self {
            Place::Cell { sheet, row, col } => format!("!{sheet}!{}{row}", column_name(*col)),
            Place::Word { table, row, col } => format!(" 表 {table} 第 {row} 行第 {col} 列"),
            Place::Line { line, col: 0 } => format!(":{line}"),
            Place::Line { line, col } => format!(":{line} 第 {col} 栏"),
            Place::Paragraph(p) => format!(" 第 {p} 段"),
        }
    }

    /// The table a place is in (a sheet, a Word table; text files are one table) and its row
    /// or line there; `None` for a paragraph outside the tables.
    pub fn row_key(&self) -> Option<(String, usize)> {
        match self {
            Place::Cell { sheet, row, .. } => Some((sheet.clone(), *row as usize)),
            Place::Word { table, row, .. } => Some((format!("表 {table}"), *row)),
            Place::Line { line, .. } => Some((String::new(), *line)),
            Place::Paragraph(_) => None,
        }
    }

    /// The row's place, without the column: `!Sheet1 第 7 行`, ` 表 3 第 5 行`, `:612`.
    pub fn row_suffix(&self) -> String {
        match self {
            Place::Cell { sheet, row, .. } => format!("!{sheet} 第 {row} 行"),
            Place::Word { table, row, .. } => format!(" 表 {table} 第 {row} 行"),
            Place::Line { line, .. } => format!(":{line}"),
            Place::Paragraph(p) => format!(" 第 {p} 段"),
        }
    }
}

/// `1` → `A`, `27` → `AA`.
pub fn column_name(mut col: u32) -> String {
    let mut s = Vec::new();
    while col > 0 {
        let r = ((col - 1) % 26) as u8;
        s.push(b'A' + r);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// One cell as a person sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Its text as shown, trimmed (a number in its shown digits, `88%` for a percent cell,
    /// a date as `2022年12月31日`); empty for an empty cell or one left out (see the
    /// document's problems).
    pub text: String,
    /// Where it is.
    pub place: Place,
    /// Covered by a merged cell whose text it repeats (its origin is above or to the left).
    pub merged: bool,
}

/// A row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Its cells, left to right, one per column of the table's grid.
    pub cells: Vec<Cell>,
}

impl Row {
    /// The texts of the row's cells.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.cells.iter().map(|c| c.text.as_str())
    }
}

/// A table: a worksheet, a Word table, or a run of tab-separated lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// What to call it: `Sheet1`, `表 3`, `第 588–610 行`.
    pub name: String,
    /// Its rows.
    pub rows: Vec<Row>,
    /// The running text before it (after the previous table), nearest last: titles such
    /// as `项目支出绩效目标自评表 2`, and the year.
    pub before: Vec<String>,
    /// How many lines of the document's running text come before it.
    pub text_before: usize,
    /// Columns hidden in the workbook (from 0).
    pub hidden_columns: Vec<usize>,
    /// Rows cut by a guess (text with a cell per line): the cells are in reading order, but
    /// where a row ends may be wrong; a reader that knows the header's width re-cuts them.
    pub flow: bool,
}

/// Something to check at its place in the file: a part that could not be read and was left
/// out, or one read though the file hides it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: a cell, or (with `row`) the row it is on.
    pub place: Place,
    /// It is about the whole row of `place`.
    pub row: bool,
    /// What, in Chinese.
    pub text: String,
}

impl Problem {
    /// A problem at a cell.
    pub fn at(place: &Place, text: impl Into<String>) -> Problem {
        Problem {
            place: place.clone(),
            row: false,
            text: text.into(),
        }
    }

    /// A problem with the row `place` is on.
    pub fn at_row(place: &Place, text: impl Into<String>) -> Problem {
        Problem {
            row: true,
            ..Problem::at(place, text)
        }
    }

    /// Where, after the file's name: `!Sheet1!C7`, `!Sheet1 第 7 行`, `:612 第 4 栏`.
    pub fn place_text(&self) -> String {
        if self.row {
            self.place.row_suffix()
        } else {
            self.place.suffix()
        }
    }
}

/// A file read into tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file as given.
    pub file: String,
    /// What it is.
    pub kind: Kind,
    /// Its tables, in order.
    pub tables: Vec<Table>,
    /// All its running text, in order (paragraphs; lines of a text file).
    pub text: Vec<String>,
    /// Where each line of `text` is.
    pub text_at: Vec<Place>,
    /// Cells and parts left out, each with its place.
    pub problems: Vec<Problem>,
    /// What was done to read it (`按 GBK 编码读取`).
    pub notes: Vec<String>,
}

impl Document {
    fn new(file: &str, kind: Kind) -> Self {
        Document {
            file: file.to_string(),
            kind,
            tables: Vec::new(),
            text: Vec::new(),
            text_at: Vec::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn problem(&mut self, place: &Place, text: impl Into<String>) {
        self.problems.push(Problem::at(place, text));
    }
}

/// Why a file could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file as given.
    pub file: String,
    /// Why, in Chinese.
    pub text: String,
    /// What to do.
    pub help: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "无法读取 `{}`：{}", self.file, self.text)
    }
}

/// Reads `bytes` (the file `file`, of `kind`) into its tables.
///
/// # Errors
/// A file that is not what its extension says (a broken zip, an encrypted workbook, a text
/// file in no encoding read) is a [`ReadError`] with a hint.
pub fn read(file: &str, kind: Kind, bytes: &[u8]) -> Result<Document, ReadError> {
    let fail = |text: String, help: &str| ReadError {
        file: file.to_string(),
        text,
        help: help.to_string(),
    };
    if bytes.len() as u64 > MAX_BYTES {
        return Err(fail(
            format!("文件有 {} 字节，超过 {MAX_BYTES} 字节的上限", bytes.len()),
            "请分成几个文件",
        ));
    }
    // The file-format crates may panic on a malformed file; that is the file's fault, said as
    // such (a panic hook can ask `in_reader` to stay quiet).
    READING.with(|r| r.set(true));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_kind(file, kind, bytes)
    }));
    READING.with(|r| r.set(false));
    read.unwrap_or_else(|_| {
        Err(fail(
            "文件内容损坏或不完整，读取时出错".into(),
            "请在 Excel、Word 或 WPS 中打开后另存一份再读",
        ))
    })
}

thread_local! {
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is inside [`read`] (where a panic of a file-format crate is caught and
/// becomes a [`ReadError`]): a panic hook stays quiet then.
pub fn in_reader() -> bool {
    READING.with(std::cell::Cell::get)
}

/// The most a workbook or document may hold once unzipped (a county's 自评表 workbook is well
/// under 1 MB; a file past this is a zip bomb or not a report).
pub const MAX_UNZIPPED: u64 = 32 * 1024 * 1024;

/// What a zip file holds, unzipped, within [`MAX_UNZIPPED`] (checked by unzipping, not by the
/// sizes the file claims); an error message otherwise.
fn within_budget(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| "不是 zip 结构的 Office 文件".to_string())?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| "zip 结构损坏".to_string())?;
        let left = MAX_UNZIPPED.saturating_sub(total);
        let n = std::io::copy(&mut (&mut entry).take(left + 1), &mut std::io::sink())
            .map_err(|_| "zip 中的内容损坏".to_string())?;
        total += n;
        if total > MAX_UNZIPPED {
            return Err(format!("解压后超过 {} MB", MAX_UNZIPPED >> 20));
        }
    }
    Ok(())
}

/// What an Office file that does not open is, by its first bytes and parts.
fn what_it_is(kind: Kind, bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "文件是空的".into();
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return "这是旧版 Office 文件（.xls/.doc）或加密的文件".into();
    }
    if !bytes.starts_with(b"PK") {
        return "不是 Office 文件（不是 zip 结构）".into();
    }
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return "zip 结构损坏".into();
    };
    let has = |name: &str| zip.file_names().any(|n| n == name);
    match kind {
        Kind::Xlsx if has("word/document.xml") => "这其实是 Word 文件，请改扩展名为 .docx".into(),
        Kind::Docx if has("xl/workbook.xml") => "这其实是 Excel 文件，请改扩展名为 .xlsx".into(),
        Kind::Xlsx => "不是完整的 Excel 工作簿".into(),
        _ => "不是完整的 Word 文档".into(),
    }
}

fn read_kind(file: &str, kind: Kind, bytes: &[u8]) -> Result<Document, ReadError> {
    let fail = |text: String, help: &str| ReadError {
        file: file.to_string(),
        text,
        help: help.to_string(),
    };
    if matches!(kind, Kind::Xlsx | Kind::Docx) {
        if let Err(why) = within_budget(bytes) {
            let what = if why.starts_with("解压后") {
                why
            } else {
                what_it_is(kind, bytes)
            };
            return Err(fail(
                what,
                "请确认文件未加密、未损坏，可在 Excel、Word 或 WPS 中打开后另存",
            ));
        }
    }
    if bytes.is_empty() {
        return Err(fail("文件是空的".into(), "请确认选对了文件"));
    }
    let stopped = |stop: Stop, help: &str| match stop {
        Stop::Broken => fail(what_it_is(kind, bytes), help),
        Stop::Refused { why, help } => fail(why, help),
    };
    match kind {
        Kind::Xlsx => xlsx::read(file, bytes).map_err(|s| {
            stopped(
                s,
                "请确认文件未加密、未损坏，可在 Excel 或 WPS 中打开后另存为 .xlsx",
            )
        }),
        Kind::Docx => docx::read(file, bytes).map_err(|s| {
            stopped(
                s,
                "请确认文件未加密、未损坏，可在 Word 或 WPS 中打开后另存为 .docx",
            )
        }),
        Kind::Csv | Kind::Text => {
            let Decoded { text, note } = decode(bytes).ok_or_else(|| {
                fail(
                    "既不是 UTF-8 也不是 GBK/GB18030 编码的文本".into(),
                    "请另存为 UTF-8 编码的文本",
                )
            })?;
            let mut doc = if kind == Kind::Csv {
                text::read_csv(file, &text)
            } else {
                text::read(file, &text)
            };
            doc.notes.extend(note);
            Ok(doc)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_named_as_a_person_names_them() {
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(26), "Z");
        assert_eq!(column_name(27), "AA");
        let c = Place::Cell {
            sheet: "Sheet1".into(),
            row: 7,
            col: 3,
        };
        assert_eq!(c.suffix(), "!Sheet1!C7");
        let w = Place::Word {
            table: 3,
            row: 5,
            col: 2,
        };
        assert_eq!(w.row_suffix(), " 表 3 第 5 行");
        assert_eq!(Place::Line { line: 612, col: 0 }.suffix(), ":612");
    }
}
