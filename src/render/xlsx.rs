//! Workbooks written with rust_xlsxwriter: the template a department fills
//! (`jixiao template SCHEME --xlsx FILE`), read back by [`crate::import`].
//!
//! A fixed table is the sheet `填报`: 单位 and 年度, then one row per input under the header
//! `输入 | 填写 | 项 | 单位 | 允许范围 | 说明`; a checklist one row per item (是/否 drop-down), a
//! reviewer's score two rows (得分, 理由), a level a drop-down of its levels, a number a numeric
//! check of its range (a % input a percent cell: 88% is typed as 88%). A form scheme is the
//! sheet `自评表` laid out as the national form: 项目名称, 实施单位, 年度, the 项目资金 block, and
//! the indicator grid with rows for each of the scheme's categories (一级 a drop-down). Only
//! the cells to fill are unlocked; labels are locked (no password: the protection guards
//! against slips, not people).

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

pub(super) use super::xlsx_cells::{decimal, given, number_format};

use crate::base::quantity::range_words;
use crate::base::units::Dim;
use crate::ir::{InputKind, Scheme};
use crate::render::grade_words;

/// Blank rows per category in a form's grid (more can be inserted: the sheet allows it).
const ROWS_PER_CATEGORY: usize = 6;

struct Styles {
    label: Format,
    head: Format,
    fill: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Self {
        let label = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        let head = label.clone().set_bold().set_align(FormatAlign::Center);
        let fill = label
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFF_F8_D0));
        let percent = fill.clone().set_num_format("0.##%");
        Styles {
            label,
            head,
            fill,
            percent,
        }
    }
}

/// The template workbook of `scheme`, as the bytes of an .xlsx file.
///
/// # Errors
/// A message when the workbook cannot be written (a defect of the writer's limits, such as a
/// sheet name too long).
pub fn template(scheme: &Scheme) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let st = Styles::new();
    let r = if scheme.form.is_some() {
        form_sheet(wb.add_worksheet(), scheme, &st)
    } else {
        fixed_sheet(wb.add_worksheet(), scheme, &st)
    };
    r.map_err(|e| e.to_string())?;
    wb.save_to_buffer().map_err(|e| e.to_string())
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// A drop-down of `items`, or nothing when the list is longer than Excel allows (255
/// characters); the 说明 column lists them either way.
fn list(ws: &mut Worksheet, row: u32, col: u16, items: &[&str]) -> Result<(), XlsxError> {
    if let Ok(v) = DataValidation::new().allow_list_strings(items) {
        ws.add_data_validation(row, col, row, col, &v)?;
    }
    Ok(())
}

fn fixed_sheet(ws: &mut Worksheet, scheme: &Scheme, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("填报")?;
    for (c, w) in [22, 16, 22, 10, 18, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let title = format!("{}（{}）填报表", scheme.title, scheme.years_label());
    ws.merge_range(0, 0, 0, 5, &title, &st.head)?;
    ws.merge_range(
        1,
        0,
        1,
        5,
        "黄色格子填写；留空表示没有这项数据（该指标不计分，不按 0 分计）",
        &Format::new().set_text_wrap(),
    )?;
    ws.write_string_with_format(2, 0, "单位", &st.label)?;
    ws.write_blank(2, 1, &st.fill)?;
    ws.write_string_with_format(3, 0, "年度", &st.label)?;
    ws.write_blank(3, 1, &st.fill)?;
    let header = ["输入", "填写", "项", "单位", "允许范围", "说明"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, &st.head)?;
    }
    let mut row = 6u32;
    for input in scheme.inputs.iter().filter(|i| !i.row) {
        let desc = input.desc.clone().unwrap_or_default();
        let mut line = |ws: &mut Worksheet, item: &str, unit: &str, range: &str, fmt: &Format| {
            ws.write_string_with_format(row, 0, &input.name, &st.label)?;
            ws.write_blank(row, 1, fmt)?;
            ws.write_string_with_format(row, 2, item, &st.label)?;
            ws.write_string_with_format(row, 3, unit, &st.label)?;
            ws.write_string_with_format(row, 4, range, &st.label)?;
            ws.write_string_with_format(row, 5, &desc, &st.label)?;
            row += 1;
            Ok::<u32, XlsxError>(row - 1)
        };
        match &input.kind {
            InputKind::Number(d) => {
                let fmt = if *d == Dim::Ratio {
                    &st.percent
                } else {
                    &st.fill
                };
                let r = line(ws, "", d.word(), &range_words(&input.range, *d), fmt)?;
                let lo = input.range.lo.and_then(|(v, _)| v.to_f64());
                let hi = input.range.hi.and_then(|(v, _)| v.to_f64());
                let rule = match (lo, hi) {
                    (Some(a), Some(b)) => Some(DataValidationRule::Between(a, b)),
                    (Some(a), None) => Some(DataValidationRule::GreaterThanOrEqualTo(a)),
                    (None, Some(b)) => Some(DataValidationRule::LessThanOrEqualTo(b)),
                    (None, None) => None,
                };
                if let Some(rule) = rule {
                    let v = DataValidation::new()
                        .allow_decimal_number(rule)
                        .set_error_message(format!(
                            "允许范围：{}",
                            range_words(&input.range, *d)
                        ))?;
                    ws.add_data_validation(r, 1, r, 1, &v)?;
                }
            }
            InputKind::Bool => {
                let r = line(ws, "", "", "是 / 否", &st.fill)?;
                list(ws, r, 1, &["是", "否"])?;
            }
            InputKind::Tier(levels) => {
                let all: Vec<&str> = levels.iter().map(String::as_str).collect();
                let r = line(ws, "", "", &all.join("、"), &st.fill)?;
                list(ws, r, 1, &all)?;
            }
            InputKind::Checklist(items) => {
                for item in items {
                    let r = line(ws, item, "", "是 / 否", &st.fill)?;
                    list(ws, r, 1, &["是", "否"])?;
                }
            }
            InputKind::Reviewer => {
                let range = range_words(&input.range, Dim::Points);
                let r = line(ws, "得分", "分", &range, &st.fill)?;
                line(ws, "理由", "", "须写理由", &st.fill)?;
                if let (Some((lo, _)), Some((hi, _))) = (input.range.lo, input.range.hi) {
                    if let (Some(lo), Some(hi)) = (lo.to_f64(), hi.to_f64()) {
                        let v = DataValidation::new()
                            .allow_decimal_number(DataValidationRule::Between(lo, hi))
                            .set_error_message(format!("允许范围：{range}"))?;
                        ws.add_data_validation(r, 1, r, 1, &v)?;
                    }
                }
            }
        }
    }
    protect(ws);
    Ok(())
}

fn form_sheet(ws: &mut Worksheet, scheme: &Scheme, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("自评表")?;
    // 完成比例: the share a qualitative row (提高, 有效 …) achieved, in its tier's range.
    let headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "完成比例",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ];
    let last = headers.len() as u16 - 1;
    for (c, w) in [12, 14, 24, 14, 14, 10, 8, 8, 28].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let title = if scheme.title.contains("自评表") {
        format!("{}（{}）", scheme.title, scheme.years_label())
    } else {
        format!("项目支出绩效自评表（{}）", scheme.title)
    };
    ws.merge_range(0, 0, 0, last, &title, &st.head)?;
    ws.write_string_with_format(1, 0, "项目名称", &st.label)?;
    ws.merge_range(1, 1, 1, 3, "", &st.fill)?;
    ws.write_string_with_format(1, 4, "实施单位（部门整体填预算部门）", &st.label)?;
    ws.merge_range(1, 5, 1, last, "", &st.fill)?;
    // The year the form is for: blank, never the scheme's first year by default.
    ws.write_string_with_format(2, 0, "年度", &st.label)?;
    ws.write_blank(2, 1, &st.fill)?;
    ws.merge_range(3, 0, 4, 0, "项目资金（万元）", &st.label)?;
    for (c, h) in ["全年预算数（A）", "全年执行数（B）", "执行率", "得分"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(3, c as u16 + 2, *h, &st.head)?;
    }
    ws.write_string_with_format(4, 1, "年度资金总额", &st.label)?;
    ws.write_blank(4, 2, &st.fill)?;
    ws.write_blank(4, 3, &st.fill)?;
    // 执行率 is the scheme's to compute: no formula (a copy filled by a program would carry
    // it without a result, which reading says).
    ws.write_blank(4, 4, &st.label)?;
    ws.write_blank(4, 5, &st.fill)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, &st.head)?;
    }
    let categories: Vec<&str> = scheme
        .nodes
        .iter()
        .filter(|n| n.rows.is_some())
        .map(|n| n.name.as_str())
        .collect();
    let mut row = 6u32;
    for cat in &categories {
        for _ in 0..ROWS_PER_CATEGORY {
            ws.write_string_with_format(row, 0, *cat, &st.fill)?;
            list(ws, row, 0, &categories)?;
            for c in 1..=last {
                let fmt = if headers[c as usize] == "完成比例" {
                    &st.percent
                } else {
                    &st.fill
                };
                ws.write_blank(row, c, fmt)?;
            }
            row += 1;
        }
    }
    ws.merge_range(row, 0, row, 4, "总分", &st.head)?;
    ws.write_number_with_format(
        row,
        5,
        scheme.full_marks.to_f64().unwrap_or(100.0),
        &st.label,
    )?;
    ws.write_blank(row, 6, &st.fill)?;
    protect(ws);
    Ok(())
}

/// The 评分表 of each report as a sheet (a summary sheet first for several): 一级/二级/三级
/// merged down their indicators, 分值, the verbatim 评分标准, 得分, 自评 and 核定 where present,
/// and the 扣分原因 as the ledger says it; numbers are numbers with the scheme's places.
///
/// # Errors
/// A message when the workbook cannot be written.
pub fn score_book(
    pages: &[crate::render::html::Page<'_, '_>],
    invalid: &[(String, String)],
) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let st = Styles::new();
    if pages.len() + invalid.len() > 1 {
        summary_sheet(wb.add_worksheet(), pages, invalid, &st).map_err(|e| e.to_string())?;
    }
    let mut used: Vec<String> = Vec::new();
    for page in pages {
        let r = &page.scored.report;
        let name = sheet_name(&r.unit, r.year, &mut used);
        score_sheet(wb.add_worksheet(), &name, page, &st).map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// A sheet name from a report's unit and year (`县教育局 2021`): at most 31 characters, none of
/// `[]:*?/\'`, unique — a unit with two reports of a year (two projects) gets `（2）`.
fn sheet_name(unit: &str, year: i32, used: &mut Vec<String>) -> String {
    let clean: String = unit
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c))
        .take(20)
        .collect();
    let base = if clean.is_empty() {
        format!("报告 {year}")
    } else {
        format!("{clean} {year}")
    };
    let mut name = base.clone();
    let mut n = 1;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        n += 1;
        name = format!("{base}（{n}）");
    }
    used.push(name.clone());
    name
}

/// The batch's summary: a row per report (the invalid ones last, with why), as the HTML index.
fn summary_sheet(
    ws: &mut Worksheet,
    pages: &[crate::render::html::Page<'_, '_>],
    invalid: &[(String, String)],
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("汇总")?;
    let places = pages.first().map_or(2, |p| p.scored.scheme.places);
    let num = st.label.clone().set_num_format(number_format(places));
    let head = [
        "单位",
        "年度",
        "项目",
        "总分",
        "等级",
        "自评",
        "自评 - 得分",
        "报告文件",
        "核定总分",
        "无效原因",
    ];
    for (c, (h, w)) in head
        .iter()
        .zip([26, 8, 26, 10, 12, 10, 12, 40, 10, 40])
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
        ws.write_string_with_format(0, c as u16, *h, &st.head)?;
    }
    for (k, page) in pages.iter().enumerate() {
        let (r, o) = (&page.scored.report, &page.scored.outcome);
        let row = k as u32 + 1;
        ws.write_string_with_format(row, 0, &r.unit, &st.label)?;
        ws.write_number_with_format(row, 1, f64::from(r.year), &st.label)?;
        ws.write_string_with_format(row, 2, r.project.as_deref().unwrap_or(""), &st.label)?;
        decimal(ws, row, 3, Some(o.total), &num)?;
        ws.write_string_with_format(row, 4, grade_words(page.scored), &st.label)?;
        let p = page.scored.scheme.places;
        given(ws, row, 8, r.confirmed_total, &num, p)?;
        let own = r.self_total_or_sum(page.scored.scheme.scored_units());
        given(ws, row, 5, own, &num, p)?;
        let gap = own.filter(|_| o.complete).map(|t| t - o.total);
        given(ws, row, 6, gap, &num, p)?;
        ws.write_string_with_format(row, 7, page.file, &st.label)?;
    }
    for (k, (file, why)) in invalid.iter().enumerate() {
        let row = (pages.len() + k) as u32 + 1;
        ws.write_string_with_format(row, 4, "无效", &st.label)?;
        ws.write_string_with_format(row, 7, file, &st.label)?;
        ws.write_string_with_format(row, 9, why, &st.label)?;
    }
    ws.autofilter(0, 0, (pages.len() + invalid.len()) as u32, 9)?;
    a4_landscape(ws, 0)
}

/// A sheet printed on A4 landscape, one page wide, rows `0..=head` repeated on every page.
pub(super) fn a4_landscape(ws: &mut Worksheet, head: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, head)?;
    Ok(())
}

fn score_sheet(
    ws: &mut Worksheet,
    name: &str,
    page: &crate::render::html::Page<'_, '_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    use crate::explain::Explainer;
    use crate::ir::NodeId;
    ws.set_name(name)?;
    let (s, r, o) = (
        &*page.scored.scheme,
        &page.scored.report,
        &page.scored.outcome,
    );
    let ex = Explainer::of(page.scored);
    let num = st.label.clone().set_num_format(number_format(s.places));
    let has_own = r.has_self_scores();
    let has_confirmed = r.has_confirmed();
    let mut head: Vec<(&str, f64)> = vec![
        ("一级指标", 12.0),
        ("二级指标", 14.0),
        ("三级指标", 22.0),
        ("分值", 8.0),
        ("评分标准", 36.0),
        ("得分", 8.0),
    ];
    if has_own {
        head.push(("自评", 8.0));
    }
    if has_confirmed {
        head.push(("核定", 8.0));
    }
    head.push(("扣分原因", 48.0));
    let last = head.len() as u16 - 1;
    let mut title = crate::render::form_title(&s.title);
    if let Some(p) = &r.project {
        title.push_str(&format!("（{p}）"));
    }
    ws.merge_range(0, 0, 0, last, &title, &st.head)?;
    let grade = grade_words(page.scored);
    let sub = format!(
        "{} · {} 年度 · 方案 {}（{}） · 总分 {} / {} · 等级 {grade}",
        r.unit,
        r.year,
        s.title,
        s.years_label(),
        crate::base::quantity::fmt_points(o.total, s.places),
        crate::base::quantity::fmt_points(s.full_marks, s.places)
    );
    ws.merge_range(1, 0, 1, last, &sub, &st.label)?;
    // Printed on A4 landscape, one page wide, the header rows on every page.
    a4_landscape(ws, 2)?;
    for (c, (h, w)) in head.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
        ws.write_string_with_format(2, c as u16, *h, &st.head)?;
    }
    let col = |h: &str| head.iter().position(|(x, _)| *x == h).unwrap_or(0) as u16;
    // Leaves (and categories without rows) in order; groups are merged cells beside them.
    let leaves: Vec<NodeId> = s.scored_units().collect();
    let first = 3u32;
    for (k, id) in leaves.iter().enumerate() {
        let row = first + k as u32;
        let n = s.node(*id);
        // Up to three name columns: 一级, 二级, the rest.
        let (l1, l2, l3) = match n.path.as_slice() {
            [a] => (a.clone(), String::new(), String::new()),
            [a, b] => (a.clone(), String::new(), b.clone()),
            [a, b, rest @ ..] => (a.clone(), b.clone(), rest.join("/")),
            [] => Default::default(),
        };
        ws.write_string_with_format(row, 0, &l1, &st.label)?;
        ws.write_string_with_format(row, 1, &l2, &st.label)?;
        ws.write_string_with_format(row, 2, &l3, &st.label)?;
        decimal(ws, row, col("分值"), Some(n.weight), &num)?;
        // A form's row: its 评分标准 is what it was measured by, as the page says it.
        let mut standard = n.standard.clone().unwrap_or_default();
        if let Some(form_row) = r.row(*id) {
            if !standard.is_empty() {
                standard.push('\n');
            }
            standard.push_str(&format!(
                "指标值：{}；完成值：{}",
                form_row.target_text, form_row.actual_text
            ));
        }
        ws.write_string_with_format(row, col("评分标准"), &standard, &st.label)?;
        match o.node(*id).score {
            Some(v) => decimal(ws, row, col("得分"), Some(v), &num)?,
            None => {
                ws.write_string_with_format(row, col("得分"), "未计分", &st.label)?;
            }
        }
        let i = id.0 as usize;
        if has_own {
            given(
                ws,
                row,
                col("自评"),
                r.self_scores.get(i).copied().flatten(),
                &num,
                s.places,
            )?;
        }
        if has_confirmed {
            given(
                ws,
                row,
                col("核定"),
                r.confirmed.get(i).copied().flatten(),
                &num,
                s.places,
            )?;
        }
        ws.write_string_with_format(row, col("扣分原因"), ex.reason(*id), &st.label)?;
    }
    // Merge each run of equal 一级 (and 二级 within it) down its rows.
    for c in [0u16, 1] {
        let mut start = 0usize;
        for k in 1..=leaves.len() {
            let key = |j: usize| {
                let p = &s.node(leaves[j]).path;
                (
                    p.first().cloned(),
                    if c == 1 { p.get(1).cloned() } else { None },
                )
            };
            if k < leaves.len()
                && key(k) == key(start)
                && (c == 0 || s.node(leaves[k]).path.len() > 2)
            {
                continue;
            }
            if k - start > 1 {
                let text = if c == 0 {
                    key(start).0.unwrap_or_default()
                } else {
                    key(start).1.unwrap_or_default()
                };
                if !text.is_empty() {
                    ws.merge_range(
                        first + start as u32,
                        c,
                        first + k as u32 - 1,
                        c,
                        &text,
                        &st.label,
                    )?;
                }
            }
            start = k;
        }
    }
    let total = first + leaves.len() as u32;
    ws.merge_range(total, 0, total, 2, "合计", &st.head)?;
    decimal(ws, total, col("分值"), Some(s.full_marks), &num)?;
    decimal(ws, total, col("得分"), Some(o.total), &num)?;
    if has_own {
        given(
            ws,
            total,
            col("自评"),
            r.self_total_or_sum(s.scored_units()),
            &num,
            s.places,
        )?;
    }
    if has_confirmed {
        given(ws, total, col("核定"), r.confirmed_total, &num, s.places)?;
    }
    let sign = total + 2;
    ws.write_string(sign, 0, "评分人：")?;
    ws.write_string(sign, 3, "复核人：")?;
    ws.write_string(sign, 6, "日期：")?;
    Ok(())
}
