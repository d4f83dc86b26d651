//! The bureau's reviews as workbooks (rust_xlsxwriter), beside their pages: `audit` (the
//! ranking, and every gap with its reason) and `replay` (each report under both schemes, and
//! the causes). Numbers are numbers (points in the places the review gives them, counts and
//! years whole), names are text; a sheet prints A4 landscape one page wide.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::xlsx::{a4_landscape, decimal, number_format};

use crate::workflow::audit::Audit;
use crate::workflow::replay::Replay;

/// A cell of a review sheet, typed where it is built: the reviews give their points as text
/// already rounded (`+7.77`, `-0.50`, `—` for none), read back here as decimals in the places
/// they are written with; counts and years are whole numbers; names are text, whatever they
/// look like.
enum Cell {
    Text(String),
    Whole(u64),
    /// Points as the review wrote them.
    Points(String),
    /// A share as the review wrote it (`41.2%`).
    Percent(String),
}

/// A number as a review writes it (`+7.77`, `41.2%`): its digits and how many places.
fn written(t: &str) -> (&str, u32) {
    let t = t.trim().trim_start_matches('+');
    let places = t
        .split('.')
        .nth(1)
        .map_or(0, |f| f.trim_end_matches('%').len()) as u32;
    (t, places)
}

/// Writes `c` at (`r`, `col`) in `base`'s borders.
fn write(ws: &mut Worksheet, r: u32, col: u16, c: &Cell, base: &Format) -> Result<(), XlsxError> {
    match c {
        Cell::Text(t) => {
            ws.write_string_with_format(r, col, t, base)?;
        }
        Cell::Whole(n) => {
            ws.write_number_with_format(r, col, *n as f64, &base.clone().set_num_format("0"))?;
        }
        Cell::Points(t) => {
            let (digits, places) = written(t);
            match digits.parse::<Decimal>() {
                Ok(d) => {
                    let f = base.clone().set_num_format(number_format(places));
                    decimal(ws, r, col, Some(d), &f)?;
                }
                Err(_) => {
                    ws.write_string_with_format(r, col, t, base)?;
                }
            }
        }
        Cell::Percent(t) => {
            let (digits, places) = written(t);
            match digits.trim_end_matches('%').parse::<Decimal>() {
                Ok(d) => {
                    let code = format!("{}%", number_format(places));
                    let f = base.clone().set_num_format(code);
                    decimal(ws, r, col, Some(d / Decimal::ONE_HUNDRED), &f)?;
                }
                Err(_) => {
                    ws.write_string_with_format(r, col, t, base)?;
                }
            }
        }
    }
    Ok(())
}

/// A sheet of `rows` under `head`, widths for Chinese text.
fn sheet(
    ws: &mut Worksheet,
    name: &str,
    head: &[(&str, f64)],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let bold = cell.clone().set_bold();
    for (c, (h, w)) in head.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            write(ws, r as u32 + 1, c as u16, v, &cell)?;
        }
    }
    a4_landscape(ws, 0)
}

/// The audit as a workbook: 排名, then 差额 (every gap with its reason).
///
/// # Errors
/// A message when the workbook cannot be written.
pub fn audit(a: &Audit) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let ranking: Vec<Vec<Cell>> = a
        .ranking
        .iter()
        .map(|k| {
            vec![
                Cell::Whole(k.rank as u64),
                Cell::Text(k.unit.clone()),
                Cell::Whole(u64::try_from(k.year).unwrap_or_default()),
                Cell::Points(k.gap_total.clone()),
                Cell::Whole(k.inflated as u64),
                Cell::Text(k.file.clone()),
            ]
        })
        .collect();
    let head = [
        ("名次", 6.0),
        ("单位", 26.0),
        ("年度", 8.0),
        ("自评 - 得分", 12.0),
        ("高出的指标", 10.0),
        ("报告文件", 40.0),
    ];
    sheet(wb.add_worksheet(), "排名", &head, &ranking).map_err(|e| e.to_string())?;
    let gaps: Vec<Vec<Cell>> = a
        .reports
        .iter()
        .flat_map(|r| {
            r.gaps.iter().map(move |g| {
                vec![
                    Cell::Text(r.unit.clone()),
                    Cell::Whole(u64::try_from(r.year).unwrap_or_default()),
                    Cell::Text(g.path.join("/")),
                    Cell::Points(g.weight.clone()),
                    Cell::Points(g.self_score.clone()),
                    Cell::Points(g.score.clone().unwrap_or_else(|| "—".into())),
                    Cell::Points(g.gap.clone().unwrap_or_default()),
                    Cell::Text(g.reason.clone()),
                ]
            })
        })
        .collect();
    let head = [
        ("单位", 24.0),
        ("年度", 8.0),
        ("指标", 30.0),
        ("分值", 8.0),
        ("自评", 8.0),
        ("得分", 8.0),
        ("差", 8.0),
        ("原因", 60.0),
    ];
    sheet(wb.add_worksheet(), "差额", &head, &gaps).map_err(|e| e.to_string())?;
    // Where the bureau's 核定 and the rules disagree, when any report has 核定.
    let confirmed: Vec<Vec<Cell>> = a
        .reports
        .iter()
        .flat_map(|r| {
            r.confirmed.iter().map(move |d| {
                vec![
                    Cell::Text(r.unit.clone()),
                    Cell::Whole(u64::try_from(r.year).unwrap_or_default()),
                    Cell::Text(d.name.clone()),
                    Cell::Points(d.confirmed.clone()),
                    Cell::Points(d.score.clone().unwrap_or_else(|| "—".into())),
                    Cell::Points(d.difference.clone().unwrap_or_default()),
                    Cell::Text(r.file.clone()),
                ]
            })
        })
        .collect();
    if !confirmed.is_empty() {
        let head = [
            ("单位", 24.0),
            ("年度", 8.0),
            ("指标", 30.0),
            ("核定", 10.0),
            ("计算", 10.0),
            ("核定 - 计算", 12.0),
            ("报告文件", 40.0),
        ];
        sheet(wb.add_worksheet(), "核定不一致", &head, &confirmed).map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// The replay as a workbook: 逐份 (each report under both schemes), then 变化来自.
///
/// # Errors
/// A message when the workbook cannot be written.
pub fn replay(r: &Replay) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let rows: Vec<Vec<Cell>> = r
        .reports
        .iter()
        .map(|row| {
            let moved: Vec<String> = row
                .indicators
                .iter()
                .map(|m| {
                    format!(
                        "{}：{} → {}（{}）",
                        m.name,
                        m.side(false),
                        m.side(true),
                        m.change
                    )
                })
                .collect();
            vec![
                Cell::Text(row.unit.clone()),
                Cell::Whole(u64::try_from(row.year).unwrap_or_default()),
                Cell::Points(row.old_total.clone()),
                Cell::Points(row.new_total.clone()),
                Cell::Points(row.change.clone()),
                Cell::Text(row.old_grade.clone().unwrap_or_else(|| "未定".into())),
                Cell::Text(row.new_grade.clone().unwrap_or_else(|| "未定".into())),
                Cell::Text(moved.join("\n")),
            ]
        })
        .collect();
    let head = [
        ("单位", 24.0),
        ("年度", 8.0),
        ("旧总分", 9.0),
        ("新总分", 9.0),
        ("变化", 8.0),
        ("旧等级", 10.0),
        ("新等级", 10.0),
        ("变动的指标（旧 → 新）", 60.0),
    ];
    sheet(wb.add_worksheet(), "逐份", &head, &rows).map_err(|e| e.to_string())?;
    let causes: Vec<Vec<Cell>> = r
        .summary
        .causes
        .iter()
        .map(|c| {
            vec![
                Cell::Text(c.name.clone()),
                Cell::Percent(c.share.clone()),
                Cell::Points(c.moved.clone()),
                Cell::Points(c.mean_change.clone()),
                Cell::Whole(c.reports as u64),
            ]
        })
        .collect();
    let head = [
        ("指标", 30.0),
        ("占全部变动", 12.0),
        ("合计变动", 10.0),
        ("平均变化", 10.0),
        ("涉及报告", 10.0),
    ];
    sheet(wb.add_worksheet(), "变化来自", &head, &causes).map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}
