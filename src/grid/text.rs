//! Tables in plain text: CSV, and the text of Word or PDF reports where tables lost their grid
//! (`../shared/seeds/`). Two layouts of such text are read:
//!
//! - **a row per line**, cells separated by tabs (what copying a Word table gives);
//! - **a cell per line**, each cell starting with a tab, its text running on over the next lines
//!   without one (`⇥偏差原因` / `分析及` / `改进措施`), rows separated by blank lines. Where a row
//!   ends cannot always be told from the text (a cell may hold a blank line): such a table is
//!   marked [`Table::flow`], its cells in reading order, and the reader of the table re-cuts its
//!   rows by the width of its header.
//!
//! Lines that are not in a table are running text (titles, the year, notes).

use super::{Cell, Document, Kind, Place, Row, Table};

/// The most non-table lines a cell-per-line table may hold in a row (a header written down
/// the page, `绩` / `效` / `指` / `标`, is four).
const MAX_RUN_ON: usize = 8;

/// A cell holding more line breaks than this is taken for a quote left open (`"≥10个,5个`),
/// which runs the rest of the file into one cell: said, at the cell.
const MAX_CELL_LINES: usize = 3;

pub(super) fn read_csv(file: &str, text: &str) -> Document {
    let mut doc = Document::new(file, Kind::Csv);
    // Line breaks as Excel on Windows saves them (CRLF) counted once: places name the line
    // a person sees, and no carriage return stays in a cell.
    let text = text.replace("\r\n", "\n");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                let mut cells = Vec::with_capacity(record.len());
                for (c, t) in record.iter().enumerate() {
                    let place = Place::Line { line, col: c + 1 };
                    let breaks = t.matches('\n').count();
                    if breaks > MAX_CELL_LINES {
                        doc.problem(
                            &place,
                            format!(
                                "这个格子跨了 {} 行，可能是引号 `\"` 没有闭合，其后的内容都读进了这一格；请核对原文件",
                                breaks + 1
                            ),
                        );
                    }
                    let text = super::clip(&mut doc.problems, &place, t.trim().to_string());
                    cells.push(Cell {
                        text,
                        place,
                        merged: false,
                    });
                }
                rows.push(Row { cells });
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                doc.problem(
                    &Place::Line { line, col: 0 },
                    format!("CSV 有误（{e}），其后未读"),
                );
                break;
            }
        }
    }
    doc.tables.push(Table {
        name: "表".into(),
        rows,
        before: Vec::new(),
        flow: false,
        text_before: 0,
        hidden_columns: Vec::new(),
    });
    doc
}

/// How a line takes part in a table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    Blank,
    /// Cells separated by tabs (at least two, or one between text).
    Row,
    /// A tab, then one cell's text.
    CellStart,
    /// Text without a tab.
    Text,
}

/// A line a page break leaves in extracted text: a page number (`— 5 —`, `- 5 -`, `5`,
/// `第 5 页`, `第5页 共12页`) or a continued table's caption (`（续表）`, `续上表`).
fn page_mark(l: &str) -> bool {
    let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－'));
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && digits.len() <= 4)
        || (t.starts_with('第') && t.contains('页') && t.chars().count() <= 12)
        || matches!(
            t.trim_matches(|c| matches!(c, '（' | '）' | '(' | ')')),
            "续表" | "续上表" | "接上表"
        )
}

fn classify(l: &str) -> Line {
    let tabs = l.matches('\t').count();
    if tabs == 0 && (l.trim().is_empty() || page_mark(l)) {
        Line::Blank
    } else if tabs >= 2 || (tabs == 1 && !l.starts_with('\t')) {
        Line::Row
    } else if tabs == 1 {
        Line::CellStart
    } else {
        Line::Text
    }
}

/// A line of text that ends a table however close the next one is: a note, a title.
fn breaks_table(l: &str) -> bool {
    let t = l.trim();
    ["说明：", "说明:", "注：", "注:", "填表人", "附件", "附表"]
        .iter()
        .any(|p| t.starts_with(p))
        || ["自评表", "评价表", "评分表", "指标表", "情况表"]
            .iter()
            .any(|w| t.contains(w))
}

pub(super) fn read(file: &str, text: &str) -> Document {
    let mut doc = Document::new(file, Kind::Text);
    let clipped: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            super::clip(
                &mut doc.problems,
                &Place::Line {
                    line: i + 1,
                    col: 0,
                },
                l.to_string(),
            )
        })
        .collect();
    let lines: Vec<&str> = clipped.iter().map(String::as_str).collect();
    let kinds: Vec<Line> = lines.iter().map(|l| classify(l)).collect();
    let mut before: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        match kinds[i] {
            Line::Blank => i += 1,
            Line::Text => {
                let t = lines[i].trim().to_string();
                doc.text.push(t.clone());
                doc.text_at.push(Place::Line {
                    line: i + 1,
                    col: 0,
                });
                before.push(t);
                i += 1;
            }
            kind @ (Line::Row | Line::CellStart) => {
                let n = doc.tables.len() + 1;
                let (mut table, next) = if kind == Line::Row {
                    by_rows(&lines, &kinds, i, n)
                } else {
                    by_cells(&lines, &kinds, i, n)
                };
                // A cell run on over lines is cut to the limit as a whole, at its place.
                for c in table.rows.iter_mut().flat_map(|r| &mut r.cells) {
                    c.text = super::clip(&mut doc.problems, &c.place, std::mem::take(&mut c.text));
                }
                doc.tables.push(Table {
                    before: std::mem::take(&mut before),
                    text_before: doc.text.len(),
                    hidden_columns: Vec::new(),
                    ..table
                });
                i = next;
            }
        }
    }
    doc
}

/// A table of a row per line from line `start` (from 0): up to the first line of text.
fn by_rows(lines: &[&str], kinds: &[Line], start: usize, n: usize) -> (Table, usize) {
    let mut rows = Vec::new();
    let mut i = start;
    while i < lines.len() && matches!(kinds[i], Line::Row | Line::CellStart | Line::Blank) {
        if kinds[i] != Line::Blank {
            rows.push(Row {
                cells: lines[i]
                    .split('\t')
                    .enumerate()
                    .map(|(c, t)| Cell {
                        text: t.trim().to_string(),
                        place: Place::Line {
                            line: i + 1,
                            col: c + 1,
                        },
                        merged: false,
                    })
                    .collect(),
            });
        }
        i += 1;
    }
    let last = rows
        .last()
        .and_then(|r| r.cells.first())
        .map_or(start + 1, |c| match c.place {
            Place::Line { line, .. } => line,
            _ => start + 1,
        });
    (
        Table {
            name: format!("表 {n}（第 {}–{last} 行）", start + 1),
            rows,
            before: Vec::new(),
            flow: false,
            text_before: 0,
            hidden_columns: Vec::new(),
        },
        i,
    )
}

/// A table of a cell per line from line `start`: cells run on over lines of text, and the
/// table ends at a line that [`breaks_table`], or after more lines of text than a cell holds.
fn by_cells(lines: &[&str], kinds: &[Line], start: usize, n: usize) -> (Table, usize) {
    let mut rows: Vec<Row> = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut blank_before = false;
    let mut i = start;
    let mut end = start;
    let last_cell = kinds.iter().rposition(|k| *k == Line::CellStart);
    while i < lines.len() {
        match kinds[i] {
            Line::Blank => blank_before = true,
            Line::CellStart => {
                if blank_before && !cells.is_empty() {
                    rows.push(Row {
                        cells: std::mem::take(&mut cells),
                    });
                }
                cells.push(Cell {
                    text: lines[i].trim().to_string(),
                    place: Place::Line {
                        line: i + 1,
                        col: 0,
                    },
                    merged: false,
                });
                blank_before = false;
                end = i + 1;
            }
            Line::Text | Line::Row => {
                // Text running on in the cell, unless it ends the table.
                let run = kinds[i..]
                    .iter()
                    .take_while(|k| matches!(k, Line::Text | Line::Blank))
                    .filter(|k| **k == Line::Text)
                    .count();
                let more = last_cell.is_some_and(|l| l > i);
                if breaks_table(lines[i]) || run > MAX_RUN_ON || !more || kinds[i] == Line::Row {
                    break;
                }
                // A line break kept: a cell's lines are its paragraphs (a 评价标准's ①② on
                // lines of their own); readers that want one line join them.
                if let Some(c) = cells.last_mut() {
                    c.text.push('\n');
                    c.text.push_str(lines[i].trim());
                }
                blank_before = false;
            }
        }
        i += 1;
    }
    if !cells.is_empty() {
        rows.push(Row { cells });
    }
    (
        Table {
            name: format!("表 {n}（第 {}–{end} 行）", start + 1),
            rows,
            before: Vec::new(),
            flow: true,
            text_before: 0,
            hidden_columns: Vec::new(),
        },
        end.max(start + 1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_per_line_table_keeps_its_empty_cells() {
        let text = "项目支出绩效目标自评表\n\n绩效指标\t一级指标\t二级指标\n\t产出指标\t数量指标\n\n\t\t质量指标\n注：说明\n";
        let d = read("x.txt", text);
        assert_eq!(d.tables.len(), 1);
        let t = &d.tables[0];
        assert_eq!(t.before, vec!["项目支出绩效目标自评表".to_string()]);
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.texts().collect()).collect();
        assert_eq!(
            texts,
            vec![
                vec!["绩效指标", "一级指标", "二级指标"],
                vec!["", "产出指标", "数量指标"],
                vec!["", "", "质量指标"],
            ]
        );
        assert_eq!(t.rows[2].cells[2].place, Place::Line { line: 6, col: 3 });
        assert_eq!(d.text, vec!["项目支出绩效目标自评表", "注：说明"]);
    }

    #[test]
    fn a_cell_per_line_table_runs_cells_on() {
        let text = "2022年度部门整体支出绩效自评表\n\n\t绩\n\n效\n\n\t一级指标\n\t年度\n\n指标值\n\n\t\n\t产出指标\n\n(50分)\n\t100%\n\n填表人：\n";
        let d = read("x.txt", text);
        let t = &d.tables[0];
        assert!(t.flow);
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.texts().collect()).collect();
        assert_eq!(
            texts,
            vec![
                vec!["绩\n效"],
                vec!["一级指标", "年度\n指标值"],
                vec!["", "产出指标\n(50分)", "100%"]
            ]
        );
        assert_eq!(d.text.last().map(String::as_str), Some("填表人："));
    }
}
