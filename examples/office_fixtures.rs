//! Writes the Excel and Word versions of the 自评表 fixtures (`fixtures/ziping/*.yaml`) into
//! `fixtures/office/`, laid out as the national 项目支出绩效自评表 is printed: a title, the
//! 项目名称 and 实施单位 cells, the 项目资金 block (执行率 a formula), then the indicator grid with
//! 一级 and 二级 merged down their rows and the 总分 row. The awkward parts of real workbooks
//! are in it on purpose: 完成值 written as `88%` is stored as 0.88 with a percent format, the
//! first row's 自评得分 is a number stored as text, 分值 are numbers.
//!
//! ```sh
//! cargo run --example office_fixtures -- fixtures/office
//! ```
//!
//! `tests/import.rs` reads each file back and checks that it scores exactly as its YAML.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a generator run by hand: a failure is the message"
)]

use std::path::Path;

use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use serde_yaml::Value;

/// The grid's columns: each row key and the header the national form prints for it; the
/// optional ones (指标性质, 度量单位, 完成比例) only when a fixture's rows use them.
const COLUMNS: [(&str, &str, bool); 11] = [
    ("一级", "一级指标", true),
    ("二级", "二级指标", true),
    ("三级", "三级指标", true),
    ("指标性质", "指标性质", false),
    ("指标值", "年度指标值", true),
    ("度量单位", "度量单位", false),
    ("完成值", "实际完成值", true),
    ("完成比例", "完成比例", false),
    ("分值", "分值", true),
    ("自评得分", "得分", true),
    ("偏差原因", "偏差原因分析及改进措施", true),
];

/// A fixture as the form shows it.
struct Form {
    unit: String,
    project: Option<String>,
    year: String,
    budget: Option<(String, String)>,
    budget_score: Option<String>,
    total: Option<String>,
    /// The columns used: (row key, header).
    columns: Vec<(&'static str, &'static str)>,
    rows: Vec<Vec<String>>,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "是" } else { "否" }.into(),
        _ => String::new(),
    }
}

fn load(path: &Path) -> Form {
    let y: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let get = |k: &str| y.get(k).map(text);
    let budget = y.get("预算执行").map(|b| {
        (
            b.get("全年预算数").map(text).unwrap_or_default(),
            b.get("全年执行数").map(text).unwrap_or_default(),
        )
    });
    let own = y.get("自评");
    let raw: Vec<&Value> = y
        .get("绩效指标")
        .and_then(Value::as_sequence)
        .map(|r| r.iter().collect())
        .unwrap_or_default();
    let columns: Vec<(&str, &str)> = COLUMNS
        .iter()
        .filter(|(k, _, always)| *always || raw.iter().any(|r| r.get(*k).is_some()))
        .map(|(k, h, _)| (*k, *h))
        .collect();
    let rows = raw
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|(k, _)| r.get(*k).map(text).unwrap_or_default())
                .collect()
        })
        .collect();
    Form {
        unit: get("单位").unwrap_or_default(),
        project: get("项目"),
        year: get("年度").unwrap_or_default(),
        budget,
        budget_score: own.and_then(|o| o.get("预算执行率")).map(text),
        total: own.and_then(|o| o.get("总分")).map(text),
        columns,
        rows,
    }
}

fn title(f: &Form) -> String {
    match f.project {
        Some(_) => format!("{}年度项目支出绩效自评表", f.year),
        None => format!("{}年度部门整体支出绩效自评表", f.year),
    }
}

/// Runs of equal values in column `k` (for merging), as (first row, last row).
fn runs(rows: &[Vec<String>], k: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=rows.len() {
        let same = i < rows.len()
            && rows[i][k] == rows[start][k]
            && (k == 0 || rows[i][0] == rows[start][0]);
        if !same {
            out.push((start, i - 1));
            start = i;
        }
    }
    out
}

/// `88%` → 0.88 and its format (`0%`, `0.0%` …), for a percent cell.
fn percent(t: &str) -> Option<(f64, String)> {
    let n = t.strip_suffix('%')?;
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let places = n.split_once('.').map_or(0, |(_, d)| d.len());
    let format = if places == 0 {
        "0%".to_string()
    } else {
        format!("0.{}%", "0".repeat(places))
    };
    Some((n.parse::<f64>().ok()? / 100.0, format))
}

fn xlsx(f: &Form, out: &Path) {
    let mut wb = Workbook::new();
    let ws: &mut Worksheet = wb.add_worksheet().set_name("自评表").unwrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let head = cell.clone().set_bold().set_align(FormatAlign::Center);
    let last_col = f.columns.len() as u16 - 1;
    for (c, (k, _)) in f.columns.iter().enumerate() {
        let w = match *k {
            "三级" | "偏差原因" => 24,
            "分值" | "自评得分" => 8,
            _ => 14,
        };
        ws.set_column_width(c as u16, w).unwrap();
    }
    ws.merge_range(0, 0, 0, last_col, &title(f), &head).unwrap();
    match &f.project {
        Some(p) => {
            ws.write_string_with_format(1, 0, "项目名称", &cell)
                .unwrap();
            ws.merge_range(1, 1, 1, 3, p, &cell).unwrap();
            ws.write_string_with_format(1, 4, "实施单位", &cell)
                .unwrap();
            ws.merge_range(1, 5, 1, last_col, &f.unit, &cell).unwrap();
        }
        None => {
            ws.write_string_with_format(1, 0, "预算部门", &cell)
                .unwrap();
            ws.merge_range(1, 1, 1, last_col, &f.unit, &cell).unwrap();
        }
    }
    ws.merge_range(2, 0, 3, 0, "项目资金（万元）", &cell)
        .unwrap();
    for (c, h) in ["全年预算数（A）", "全年执行数（B）", "执行率", "得分"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(2, c as u16 + 2, *h, &head)
            .unwrap();
    }
    ws.write_string_with_format(3, 1, "年度资金总额", &cell)
        .unwrap();
    if let Some((b, e)) = &f.budget {
        let (bn, en) = (b.parse::<f64>().unwrap(), e.parse::<f64>().unwrap());
        ws.write_number_with_format(3, 2, bn, &cell).unwrap();
        ws.write_number_with_format(3, 3, en, &cell).unwrap();
        let rate = cell.clone().set_num_format("0.00%");
        ws.write_formula_with_format(3, 4, "=D4/C4", &rate).unwrap();
        ws.set_formula_result(3, 4, format!("{}", en / bn));
    }
    if let Some(s) = &f.budget_score {
        ws.write_number_with_format(3, 5, s.parse::<f64>().unwrap(), &cell)
            .unwrap();
    }
    for (c, (_, h)) in f.columns.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &head).unwrap();
    }
    let first = 5u32;
    for (i, r) in f.rows.iter().enumerate() {
        let row = first + i as u32;
        for (k, t) in r.iter().enumerate().skip(2) {
            let col = k as u16;
            if t.is_empty() {
                ws.write_blank(row, col, &cell).unwrap();
                continue;
            }
            match (f.columns[k].0, percent(t)) {
                ("完成值", Some((v, fmt))) => {
                    ws.write_number_with_format(row, col, v, &cell.clone().set_num_format(&fmt))
                        .unwrap();
                }
                // The first row's self-score a number stored as text, as pasted from elsewhere.
                ("自评得分", _) if i == 0 => {
                    ws.write_string_with_format(row, col, t, &cell).unwrap();
                }
                ("分值" | "自评得分", _) if t.parse::<f64>().is_ok() => {
                    ws.write_number_with_format(row, col, t.parse::<f64>().unwrap(), &cell)
                        .unwrap();
                }
                _ => {
                    ws.write_string_with_format(row, col, t, &cell).unwrap();
                }
            }
        }
    }
    for k in [0, 1] {
        for (a, b) in runs(&f.rows, k) {
            let t = &f.rows[a][k];
            let (ra, rb) = (first + a as u32, first + b as u32);
            if a == b {
                ws.write_string_with_format(ra, k as u16, t, &cell).unwrap();
            } else {
                ws.merge_range(ra, k as u16, rb, k as u16, t, &cell)
                    .unwrap();
            }
        }
    }
    let last = first + f.rows.len() as u32;
    let points = f.columns.iter().position(|(k, _)| *k == "分值").unwrap() as u16;
    ws.merge_range(last, 0, last, points - 1, "总分", &head)
        .unwrap();
    ws.write_number_with_format(last, points, 100.0, &cell)
        .unwrap();
    if let Some(t) = &f.total {
        ws.write_number_with_format(last, points + 1, t.parse::<f64>().unwrap(), &cell)
            .unwrap();
    }
    wb.save(out).unwrap();
}

fn para(t: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(t))
}

fn tc(t: &str) -> TableCell {
    TableCell::new().add_paragraph(para(t))
}

fn docx(f: &Form, out: &Path) {
    let mut rows: Vec<TableRow> = Vec::new();
    let width = f.columns.len();
    let span = |t: &str, n: usize| tc(t).grid_span(n);
    match &f.project {
        Some(p) => rows.push(TableRow::new(vec![
            tc("项目名称"),
            span(p, 3),
            tc("实施单位"),
            span(&f.unit, width - 5),
        ])),
        None => rows.push(TableRow::new(vec![
            tc("预算部门"),
            span(&f.unit, width - 1),
        ])),
    }
    let (b, e) = f.budget.clone().unwrap_or_default();
    rows.push(TableRow::new(vec![
        tc("项目资金（万元）").vertical_merge(VMergeType::Restart),
        tc(""),
        tc("全年预算数（A）"),
        tc("全年执行数（B）"),
        tc("执行率"),
        tc("得分"),
        span("", width - 6),
    ]));
    rows.push(TableRow::new(vec![
        tc("").vertical_merge(VMergeType::Continue),
        tc("年度资金总额"),
        tc(&b),
        tc(&e),
        tc("100%"),
        tc(f.budget_score.as_deref().unwrap_or("")),
        span("", width - 6),
    ]));
    rows.push(TableRow::new(
        f.columns.iter().map(|(_, h)| tc(h)).collect(),
    ));
    let starts =
        |k: usize| -> Vec<usize> { runs(&f.rows, k).into_iter().map(|(a, _)| a).collect() };
    let (s0, s1) = (starts(0), starts(1));
    for (i, r) in f.rows.iter().enumerate() {
        let mut cells = Vec::new();
        for (k, t) in r.iter().enumerate() {
            let c = if k < 2 {
                let first = if k == 0 {
                    s0.contains(&i)
                } else {
                    s1.contains(&i)
                };
                if first {
                    tc(t).vertical_merge(VMergeType::Restart)
                } else {
                    tc("").vertical_merge(VMergeType::Continue)
                }
            } else {
                tc(t)
            };
            cells.push(c);
        }
        rows.push(TableRow::new(cells));
    }
    let points = f.columns.iter().position(|(k, _)| *k == "分值").unwrap();
    rows.push(TableRow::new(vec![
        span("总分", points),
        tc("100"),
        tc(f.total.as_deref().unwrap_or("")),
        span("", width - points - 2),
    ]));
    let file = std::fs::File::create(out).unwrap();
    Docx::new()
        .add_paragraph(para("附件"))
        .add_paragraph(para(&title(f)))
        .add_table(Table::new(rows))
        .build()
        .pack(file)
        .unwrap();
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/office".into());
    let out = Path::new(&out);
    std::fs::create_dir_all(out).unwrap();
    let mut names: Vec<_> = std::fs::read_dir("fixtures/ziping")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for p in names {
        let f = load(&p);
        let stem = p.file_stem().unwrap().to_string_lossy().to_string();
        xlsx(&f, &out.join(format!("{stem}.xlsx")));
        docx(&f, &out.join(format!("{stem}.docx")));
        println!("{stem}: {} 行", f.rows.len());
    }
}
