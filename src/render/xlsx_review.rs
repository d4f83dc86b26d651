//! The bureau's reviews as workbooks (rust_xlsxwriter), beside their pages: `audit` (the
//! ranking, and every gap with its reason) and `replay` (each report under both schemes, and
//! the causes). Numbers are numbers; a sheet prints A4 landscape one page wide.

use rust_xlsxwriter::{Format, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::workflow::audit::Audit;
use crate::workflow::replay::Replay;

/// A cell's value: a number when the text is one (`+7.77`, `-0.50`, `41.2%` as 0.412), else
/// the text.
enum Value {
    Number(f64, &'static str),
    Text(String),
}

fn value(text: &str) -> Value {
    let t = text.trim().trim_start_matches('+');
    if let Some(p) = t.strip_suffix('%') {
        if let Ok(v) = p.parse::<f64>() {
            return Value::Number(v / 100.0, "0.0%");
        }
    }
    match t.parse::<f64>() {
        Ok(v) if !t.is_empty() => Value::Number(v, "0.00"),
        _ => Value::Text(text.to_string()),
    }
}

/// A sheet of `rows` under `head`, widths for Chinese text.
fn sheet(
    ws: &mut Worksheet,
    name: &str,
    head: &[(&str, f64)],
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let bold = cell.clone().set_bold();
    for (c, (h, w)) in head.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row.iter().enumerate() {
            match value(text) {
                Value::Number(v, fmt) => {
                    ws.write_number_with_format(r, c as u16, v, &cell.clone().set_num_format(fmt))?
                }
                Value::Text(t) => ws.write_string_with_format(r, c as u16, t, &cell)?,
            };
        }
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The audit as a workbook: 排名, then 差额 (every gap with its reason).
///
/// # Errors
/// A message when the workbook cannot be written.
pub fn audit(a: &Audit) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let ranking: Vec<Vec<String>> = a
        .ranking
        .iter()
        .map(|k| {
            vec![
                k.rank.to_string(),
                k.unit.clone(),
                k.year.to_string(),
                k.gap_total.clone(),
                k.inflated.to_string(),
                k.file.clone(),
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
    let gaps: Vec<Vec<String>> = a
        .reports
        .iter()
        .flat_map(|r| {
            r.gaps.iter().map(move |g| {
                vec![
                    r.unit.clone(),
                    r.year.to_string(),
                    g.path.join("/"),
                    g.weight.clone(),
                    g.self_score.clone(),
                    g.score.clone().unwrap_or_else(|| "—".into()),
                    g.gap.clone().unwrap_or_default(),
                    g.reason.clone(),
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
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// The replay as a workbook: 逐份 (each report under both schemes), then 变化来自.
///
/// # Errors
/// A message when the workbook cannot be written.
pub fn replay(r: &Replay) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let rows: Vec<Vec<String>> = r
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
                        m.old.clone().unwrap_or_else(|| "—".into()),
                        m.new.clone().unwrap_or_else(|| "—".into()),
                        m.change
                    )
                })
                .collect();
            vec![
                row.unit.clone(),
                row.year.to_string(),
                row.old_total.clone(),
                row.new_total.clone(),
                row.change.clone(),
                row.old_grade.clone().unwrap_or_else(|| "未定".into()),
                row.new_grade.clone().unwrap_or_else(|| "未定".into()),
                moved.join("\n"),
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
    let causes: Vec<Vec<String>> = r
        .summary
        .causes
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.share.clone(),
                c.moved.clone(),
                c.mean_change.clone(),
                c.reports.to_string(),
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
