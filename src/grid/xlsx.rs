//! Excel workbooks (.xlsx, as Excel and WPS save them), read with umya-spreadsheet: each
//! worksheet a table. A number is read in the digits its cell shows under its number format
//! ([`super::number`]); a merged cell's text fills every cell it covers; hidden rows and sheets
//! are read, each said as a problem at its row (the officer sees it where the report is scored); a formula is read by its cached result, and one without a result is a
//! problem, left out.

use std::collections::HashMap;
use std::io::Cursor;

use umya_spreadsheet::{CellRawValue, SheetStateValues, Worksheet};

use super::number::cell_text;
use super::sheet::Grid;
use super::{Budget, Cell, Document, Kind, Place, Problem, Row, Stop, Table};

/// The rows and columns of a sheet read (a 自评表 has a few dozen of each); a cell beyond them
/// (a stray value at XFD300 or A1048576) is left out and said, the rest of the sheet read.
const MAX_ROWS: u32 = 20_000;
const MAX_COLS: u32 = 100;

pub(super) fn read(file: &str, bytes: &[u8]) -> Result<Document, Stop> {
    places_on_sheet(bytes)?;
    let book = umya_spreadsheet::reader::xlsx::read_reader(Cursor::new(bytes), true)
        .map_err(|_| Stop::Broken)?;
    let mut doc = Document::new(file, Kind::Xlsx);
    let date1904 = book.date1904();
    let mut budget = Budget::default();
    for ws in book.sheet_collection_no_check() {
        sheet(&mut doc, ws, date1904, &mut budget)?;
    }
    Ok(doc)
}

/// The last column a worksheet can have (XFD).
const LAST_COLUMN: u64 = 16_384;
/// The last row a worksheet can have.
const LAST_ROW: u64 = 1_048_576;

/// Every place a worksheet names is on a sheet: a column range (`<col min="…" max="…">`) ends
/// by XFD, and each row (`<row r>`), cell (`<c r>`) and merged range (`<mergeCell ref>`) is
/// between A1 and XFD1048576. The reading crate makes an entry per column of a range (a range
/// to column 4,294,967,295 fills memory before a cell is read), and takes a cell at row 0 to
/// row 4,294,967,295 in a release build — the file would be read wrong, not refused.
fn places_on_sheet(bytes: &[u8]) -> Result<(), Stop> {
    use quick_xml::events::Event;
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Stop::Broken)?;
    let sheets: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(str::to_string)
        .collect();
    let refused = |what: String| Stop::Refused {
        why: format!("{what}，文件已损坏"),
        help: "请在 Excel 或 WPS 中打开后另存一份再读",
    };
    for name in sheets {
        let mut xml = Vec::new();
        zip.by_name(&name)
            .map_err(|_| Stop::Broken)?
            .take(super::MAX_UNZIPPED)
            .read_to_end(&mut xml)
            .map_err(|_| Stop::Broken)?;
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) => {
                    let element = e.local_name();
                    let element = element.as_ref();
                    for a in e.attributes().flatten() {
                        let key = a.key.local_name();
                        let value = String::from_utf8_lossy(&a.value);
                        let value = value.trim();
                        let within =
                            |last: u64| value.parse::<u64>().is_ok_and(|n| (1..=last).contains(&n));
                        // Each place a sheet names, whether it is on the sheet, and what is said
                        // when it is not.
                        let (ok, said) = match (element, key.as_ref()) {
                            (b"col", b"min" | b"max") => (
                                within(LAST_COLUMN),
                                format!("工作表的列设置写到了第 {value} 列（工作表最多 {LAST_COLUMN} 列）"),
                            ),
                            (b"row", b"r") => (
                                within(LAST_ROW),
                                format!("工作表写有第 {value} 行（行号从 1 到 {LAST_ROW}）"),
                            ),
                            (b"c", b"r") => (
                                on_sheet(value),
                                format!("工作表写有单元格 {value}，工作表上没有这一格"),
                            ),
                            (b"mergeCell", b"ref") => (
                                value.split(':').all(on_sheet),
                                format!("工作表合并了 {value}，工作表上没有这一片"),
                            ),
                            _ => continue,
                        };
                        if !ok {
                            return Err(refused(said));
                        }
                    }
                }
                Ok(Event::Eof) => break,
                Err(_) => return Err(Stop::Broken),
                _ => {}
            }
            buf.clear();
        }
    }
    Ok(())
}

/// Whether `reference` (`B12`) names a cell of a sheet: letters then digits, column A–XFD and
/// row 1–1,048,576 (a `$` before either is allowed).
fn on_sheet(reference: &str) -> bool {
    let r = reference.replace('$', "");
    let split = r.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(r.len());
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
        return false;
    }
    let column = letters
        .bytes()
        .fold(0u64, |n, b| n * 26 + u64::from(b - b'A' + 1));
    column <= LAST_COLUMN
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits
            .parse::<u64>()
            .is_ok_and(|n| (1..=LAST_ROW).contains(&n))
}

/// Excel's escapes in stored text: `_x000D_` is a carriage return (kept as a blank), any
/// `_xHHHH_` the character it names.
fn unescape(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|h| h.chars().all(|c| c.is_ascii_hexdigit()))
            .filter(|_| tail.get(6..7) == Some("_"))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(if c.is_control() { ' ' } else { c });
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

fn sheet(
    doc: &mut Document,
    ws: &Worksheet,
    date1904: bool,
    budget: &mut Budget,
) -> Result<(), Stop> {
    let name = ws.name().to_string();
    let hidden_sheet = !matches!(ws.state(), SheetStateValues::Visible);
    // Cells with something in them, by (row, col).
    let mut texts: HashMap<(u32, u32), String> = HashMap::new();
    let (mut rows, mut cols) = (0u32, 0u32);
    let mut far: Vec<Place> = Vec::new();
    for c in ws.cells() {
        let (col, row) = (c.coordinate().col_num(), c.coordinate().row_num());
        let place = Place::Cell {
            sheet: name.clone(),
            row,
            col,
        };
        let text = match c.raw_value() {
            CellRawValue::Numeric(v) => {
                let code = c
                    .style()
                    .number_format()
                    .map_or("General", |f| f.format_code());
                match cell_text(*v, code, date1904) {
                    Ok(t) => t,
                    Err(why) => {
                        doc.problem(&place, format!("{why}；已略去"));
                        continue;
                    }
                }
            }
            CellRawValue::String(s) | CellRawValue::Lazy(s) => unescape(s.trim()),
            CellRawValue::RichText(r) => unescape(r.text().trim()),
            CellRawValue::Bool(b) => if *b { "是" } else { "否" }.to_string(),
            CellRawValue::Error(e) => {
                doc.problem(&place, format!("单元格是错误值 `{e}`，已略去"));
                continue;
            }
            CellRawValue::Empty => String::new(),
        };
        let text = super::clip(&mut doc.problems, &place, text);
        if row > MAX_ROWS || col > MAX_COLS {
            if !text.is_empty() {
                far.push(place);
            }
            continue;
        }
        if text.is_empty() {
            if c.is_formula() {
                doc.problem(
                    &place,
                    format!(
                        "公式 `={}` 没有保存计算结果，已略去；请在 Excel 或 WPS 中打开、重新计算并保存",
                        c.formula()
                    ),
                );
            }
            continue;
        }
        rows = rows.max(row);
        cols = cols.max(col);
        budget.spend(text.len())?;
        texts.insert((row, col), text);
    }
    if let Some(first) = far.first() {
        doc.problem(
            first,
            format!(
                "{} 个有内容的格子在第 {MAX_ROWS} 行或第 {MAX_COLS} 列之外（自评表用不到这么远），未读",
                far.len()
            ),
        );
    }
    let mut grid = Grid::new(rows as usize, cols as usize);
    for ((r, c), t) in texts {
        grid.set(r as usize - 1, c as usize - 1, t);
    }
    for m in ws.merge_cells() {
        let at = |col: Option<u32>, row: Option<u32>| Some((row? as usize, col? as usize));
        let start = at(
            m.coordinate_start_col().map(|c| c.num()),
            m.coordinate_start_row().map(|r| r.num()),
        );
        let end = at(
            m.coordinate_end_col().map(|c| c.num()),
            m.coordinate_end_row().map(|r| r.num()),
        );
        if let (Some((r0, c0)), Some((r1, c1))) = (start, end) {
            if r0 > 0 && c0 > 0 && r1 >= r0 && c1 >= c0 {
                grid.merge(r0 - 1, c0 - 1, r1 - 1, c1 - 1, budget)?;
            }
        }
    }
    let hidden_columns: Vec<usize> = ws
        .column_dimensions()
        .iter()
        .filter(|c| c.hidden() && c.col_num() > 0)
        .map(|c| c.col_num() as usize - 1)
        .collect();
    let mut table = Table {
        name: name.clone(),
        rows: Vec::with_capacity(rows as usize),
        before: Vec::new(),
        flow: false,
        text_before: 0,
        hidden_columns,
    };
    for (r, line) in grid.into_rows().into_iter().enumerate() {
        let row = r as u32 + 1;
        let place = |col: u32| Place::Cell {
            sheet: name.clone(),
            row,
            col,
        };
        // Hidden, yet read and scored: said where the officer will see it, at the row.
        let filled = line.iter().any(|(t, _)| !t.is_empty());
        if hidden_sheet && filled && r == 0 {
            doc.problems.push(Problem::at_row(
                &place(1),
                format!("工作表 `{name}` 是隐藏的，照样读取；请核对它是否应当计分"),
            ));
        }
        if filled && ws.row_dimension(row).is_some_and(|d| d.hidden()) {
            doc.problems.push(Problem::at_row(
                &place(1),
                "这一行在工作簿中是隐藏的，照样读取并计分；请核对它是否应当计分",
            ));
        }
        table.rows.push(Row {
            cells: line
                .into_iter()
                .enumerate()
                .map(|(c, (text, merged))| Cell {
                    text,
                    place: place(c as u32 + 1),
                    merged,
                })
                .collect(),
        });
    }
    doc.tables.push(table);
    Ok(())
}
