//! Word documents (.docx, as Word and WPS save them): the tables of `word/document.xml`, read
//! through the zip and the XML, each table's cells laid on its grid (a cell spanning columns,
//! `gridSpan`, fills each; a cell continuing a vertical merge, `vMerge`, repeats the cell
//! above, as a person reads it), and the paragraphs between them as running text. A cell's
//! paragraphs are joined without a break (`偏差原因` / `分析及改进措施` is one header); a table
//! inside a cell adds its text to the cell.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{Budget, Cell, Document, Kind, Place, Row, Stop, Table};

/// The largest `document.xml` read once unzipped (a 100-page report is a few MB).
const MAX_XML: u64 = 256 * 1024 * 1024;

pub(super) fn read(file: &str, bytes: &[u8]) -> Result<Document, Stop> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Stop::Broken)?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| Stop::Broken)?
        .take(MAX_XML)
        .read_to_end(&mut xml)
        .map_err(|_| Stop::Broken)?;
    let mut doc = Document::new(file, Kind::Docx);
    Walk::default().run(&xml, &mut doc)?;
    Ok(doc)
}

/// A cell being read: its text, the columns it spans, and whether it continues a vertical
/// merge.
#[derive(Default)]
struct RawCell {
    text: String,
    span: usize,
    continues: bool,
}

#[derive(Default)]
struct Walk {
    /// Tables open (a table in a cell nests), each its rows of cells.
    tables: Vec<Vec<(usize, Vec<RawCell>)>>,
    /// The paragraph being read.
    para: String,
    /// Inside `<w:t>`.
    in_text: bool,
    /// The run being read is hidden text (`<w:vanish/>`): not read.
    vanish: bool,
    /// Inside `<w:moveFrom>` (the old place of moved text): not read.
    moved_from: usize,
    /// Running text since the last table.
    before: Vec<String>,
    /// Tables finished, counted through the document.
    count: usize,
    /// Paragraphs outside tables so far.
    paragraphs: usize,
    /// The text given out (spans and vertical merges repeat a cell's text).
    budget: Budget,
}

/// A character of the Symbol font by its code (the low byte of `F0A3`).
fn symbol(code: u32) -> Option<char> {
    Some(match code {
        0xA3 => '≤',
        0xB3 => '≥',
        0xB9 => '≠',
        0xBB => '≈',
        0xB1 => '±',
        0xB4 => '×',
        0xB8 => '÷',
        0xB0 => '°',
        0x3C => '<',
        0x3E => '>',
        0x3D => '=',
        0x25 => '%',
        _ => return None,
    })
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| std::str::from_utf8(&a.value).ok().map(str::to_string))
}

impl Walk {
    fn run(mut self, xml: &[u8], doc: &mut Document) -> Result<(), Stop> {
        let mut reader = Reader::from_reader(xml);
        let mut buf = Vec::new();
        loop {
            let ev = reader.read_event_into(&mut buf).map_err(|_| Stop::Broken)?;
            match ev {
                Event::Start(e) => self.open(&e, false),
                Event::Empty(e) => self.open(&e, true),
                Event::End(e) => match e.local_name().as_ref() {
                    b"t" => self.in_text = false,
                    b"r" => self.vanish = false,
                    b"moveFrom" => self.moved_from = self.moved_from.saturating_sub(1),
                    b"p" => self.end_paragraph(doc)?,
                    b"tbl" => self.end_table(doc)?,
                    _ => {}
                },
                Event::Text(t) if self.reading() => {
                    self.para.push_str(&t.decode().map_err(|_| Stop::Broken)?);
                }
                Event::GeneralRef(r) if self.reading() => {
                    let name = r.decode().map_err(|_| Stop::Broken)?;
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.para.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        self.para.push_str(s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        // Running text after the last table.
        Ok(())
    }

    /// Whether text met now is part of the document as shown.
    fn reading(&self) -> bool {
        self.in_text && !self.vanish && self.moved_from == 0
    }

    fn open(&mut self, e: &BytesStart<'_>, empty: bool) {
        match e.local_name().as_ref() {
            b"t" => self.in_text = !empty,
            b"r" if !empty => self.vanish = false,
            b"vanish" => self.vanish = val(e).is_none_or(|v| !matches!(v.as_str(), "0" | "false")),
            b"moveFrom" if !empty => self.moved_from += 1,
            // A character of the Symbol font (Word's Insert → Symbol): ≤ ≥ ≠ ≈ ± × ÷.
            b"sym" if !self.vanish && self.moved_from == 0 => {
                let code = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == b"char")
                    .and_then(|a| std::str::from_utf8(&a.value).ok().map(str::to_string))
                    .and_then(|v| u32::from_str_radix(&v, 16).ok());
                if let Some(c) = code.and_then(|c| symbol(c & 0xFF)) {
                    self.para.push(c);
                }
            }
            b"tab" => self.para.push('\t'),
            b"br" | b"cr" => self.para.push(' '),
            b"tbl" if !empty => self.tables.push(Vec::new()),
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.push((0, Vec::new()));
                }
            }
            b"gridBefore" => {
                if let Some((before, _)) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    *before = val(e).and_then(|v| v.parse().ok()).unwrap_or(0).min(64);
                }
            }
            b"tc" if !empty => {
                if let Some((_, cells)) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    cells.push(RawCell {
                        span: 1,
                        ..RawCell::default()
                    });
                }
            }
            b"gridSpan" => {
                if let Some(c) = self.cell() {
                    c.span = val(e)
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            b"vMerge" => {
                let continues = val(e).is_none_or(|v| v == "continue");
                if let Some(c) = self.cell() {
                    c.continues = continues;
                }
            }
            _ => {}
        }
    }

    /// The cell being read, in the innermost table.
    fn cell(&mut self) -> Option<&mut RawCell> {
        self.tables.last_mut()?.last_mut()?.1.last_mut()
    }

    fn end_paragraph(&mut self, doc: &mut Document) -> Result<(), Stop> {
        let text = std::mem::take(&mut self.para);
        if let Some(c) = self.cell() {
            // A cell's paragraphs run on (`偏差原因` + `分析及改进措施`); the whole cell is cut
            // to the limit, at its place, when the table ends.
            c.text.push_str(text.trim());
            return self.budget.spend(text.len());
        }
        self.paragraphs += 1;
        let place = Place::Paragraph(self.paragraphs);
        let text = super::clip(&mut doc.problems, &place, text);
        let text = text.trim();
        if !text.is_empty() {
            doc.text.push(text.to_string());
            doc.text_at.push(place);
            self.before.push(text.to_string());
        }
        Ok(())
    }

    fn end_table(&mut self, doc: &mut Document) -> Result<(), Stop> {
        let Some(rows) = self.tables.pop() else {
            return Ok(());
        };
        let nested = !self.tables.is_empty();
        if nested {
            // A table inside a cell (a form laid out in an outer table): its text joins the
            // cell's, and it is read as a table of its own too.
            let text: Vec<String> = rows
                .iter()
                .flat_map(|(_, cells)| cells.iter().map(|c| c.text.clone()))
                .filter(|t| !t.is_empty())
                .collect();
            let joined = text.join(" ");
            self.budget.spend(joined.len())?;
            if let Some(c) = self.cell() {
                c.text.push_str(&joined);
            }
        }
        self.count += 1;
        let table = self.count;
        let mut out: Vec<Row> = Vec::with_capacity(rows.len());
        for (r, (before, cells)) in rows.into_iter().enumerate() {
            let mut line: Vec<Cell> = Vec::new();
            let place = |col: usize| Place::Word {
                table,
                row: r + 1,
                col,
            };
            for _ in 0..before {
                line.push(Cell {
                    text: String::new(),
                    place: place(line.len() + 1),
                    merged: false,
                });
            }
            for c in cells {
                let col = line.len();
                let (text, merged) = if c.continues {
                    // The cell above in the same grid column.
                    let above = out
                        .last()
                        .and_then(|row| row.cells.get(col))
                        .map(|a| a.text.clone())
                        .unwrap_or_default();
                    (above, true)
                } else {
                    let text = super::clip(&mut doc.problems, &place(col + 1), c.text);
                    (text.trim().to_string(), false)
                };
                for k in 0..c.span {
                    self.budget.spend(text.len())?;
                    line.push(Cell {
                        text: text.clone(),
                        place: place(line.len() + 1),
                        merged: merged || k > 0,
                    });
                }
            }
            out.push(Row { cells: line });
        }
        doc.tables.push(Table {
            name: format!("表 {table}"),
            rows: out,
            before: if nested {
                Vec::new()
            } else {
                std::mem::take(&mut self.before)
            },
            flow: false,
            text_before: doc.text.len(),
            hidden_columns: Vec::new(),
        });
        Ok(())
    }
}
