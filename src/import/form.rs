//! A 自评表 in a table: the header row found by the column names the form reader knows, the
//! rows under it read by those columns (一级/二级/绩效目标 carried down from the row above when
//! blank, as a merged cell is read), up to the 总分 (合计) row, a 说明 or 注 line, or the table's
//! end. A header repeated at a page break is passed over.

use super::{label_is, FormRow, Found, Report};
use crate::grid::{Cell, Problem, Table};
use crate::report::row_column;

/// The first cells of the lines that end a form's rows (the whole cell, a bracketed tag
/// aside: a 三级 named `注册市场主体培训人次` ends nothing).
const ENDS: [&str; 10] = [
    "总分",
    "合计",
    "总计",
    "自评总分",
    "得分合计",
    "说明",
    "备注",
    "评价结论",
    "自评结论",
    "填表说明",
];

/// The labels of the block above a form: a line starting with one ends the form before it
/// (the next form begins).
const BLOCK: [&str; 10] = [
    "项目名称",
    "项目支出名称",
    "主管部门",
    "实施单位",
    "项目实施单位",
    "预算部门",
    "项目资金",
    "年度资金总额",
    "年度总体目标",
    "负责人及电话",
];

/// Whether a row's first cell (left of the 三级 column) ends the form, and whether it is the
/// 总分 line.
fn ends(row: &[Cell], l3: usize) -> Option<bool> {
    let (i, c) = row.iter().enumerate().find(|(_, c)| !c.text.is_empty())?;
    if i >= l3 && i != 0 {
        return None;
    }
    let t = c.text.trim();
    if label_is(t, &["总分", "合计", "总计", "自评总分", "得分合计"]) {
        return Some(true);
    }
    let note = ["注：", "注:", "说明：", "说明:", "填表说明"]
        .iter()
        .any(|p| t.starts_with(p));
    (label_is(t, &ENDS) || label_is(t, &BLOCK) || note).then_some(false)
}

/// Columns carried down from the row above when blank.
const CARRIED: [&str; 3] = ["绩效目标", "一级", "二级"];

/// The rows of a table as cells, re-cut to the header's width when the table's rows were
/// only guessed ([`Table::flow`]); and the index of the header row.
fn rows_and_header(table: &Table, start: usize) -> Option<(Vec<Vec<&Cell>>, usize)> {
    let rows: Vec<Vec<&Cell>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().collect())
        .collect();
    let h = start
        + rows
            .get(start..)?
            .iter()
            .position(|r| is_header(r.iter().map(|c| c.text.as_str())))?;
    if !table.flow {
        return Some((rows, h));
    }
    if start > 0 {
        return None;
    }
    // A header written down the page (`绩` / `效` / `指` / `标`) was cut off as a row of one
    // cell before it: it is the header's first cell.
    let mut header: Vec<&Cell> = rows[h].clone();
    let mut start = h;
    if h > 0 && rows[h - 1].len() == 1 {
        header.insert(0, rows[h - 1][0]);
        start = h - 1;
    }
    let width = header.len();
    let mut out: Vec<Vec<&Cell>> = rows[..start].to_vec();
    out.push(header);
    let at = out.len() - 1;
    let rest: Vec<&Cell> = rows[h + 1..].iter().flatten().copied().collect();
    let mut i = 0;
    while i < rest.len() {
        // A 总分 line is shorter (its cells merged): it takes the rest.
        if label_is(&rest[i].text, &ENDS) || rest[i].text.starts_with("注：") {
            out.push(rest[i..].to_vec());
            break;
        }
        out.push(rest[i..(i + width).min(rest.len())].to_vec());
        i += width;
    }
    Some((out, at))
}

/// A header row: it names 三级 and 指标值 or 完成值 among its cells.
fn is_header<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let cols: Vec<&str> = texts.into_iter().filter_map(row_column).collect();
    cols.contains(&"三级") && (cols.contains(&"指标值") || cols.contains(&"完成值"))
}

/// Reads the 自评表 in `table` whose header is at or after row `start`, if there is one;
/// returns it with the rows above its header since `start` (for the cells above it) and the
/// row after the last one read (where the next form may begin).
pub(super) fn read(
    table: &Table,
    text: bool,
    start: usize,
    problems: &mut Vec<Problem>,
) -> Option<Form> {
    let (rows, h) = rows_and_header(table, start)?;
    let hidden = |i: usize| table.hidden_columns.contains(&i);
    // A header of two rows: names under a merged parent (指标属性 over 指标性质 | 度量单位,
    // 指标值 over 年度指标值 | 实际完成值) take the parent's place.
    let sub = rows.get(h + 1).filter(|r| {
        let named = r.iter().filter(|c| row_column(&c.text).is_some()).count();
        named > 0
            && r.iter().enumerate().all(|(i, c)| {
                c.text.is_empty()
                    || row_column(&c.text).is_some()
                    || rows[h].get(i).is_some_and(|a| a.text == c.text)
            })
    });
    let first_data = h + 1 + usize::from(sub.is_some());
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, c) in rows[h].iter().enumerate() {
        let under = sub.and_then(|r| r.get(i)).and_then(|c| row_column(&c.text));
        let col = under.or_else(|| row_column(&c.text));
        let col = match col {
            // A hidden column is a draft: not read, and said.
            Some(k) if hidden(i) => {
                problems.push(Problem::at(&c.place, format!("`{k}` 这一栏是隐藏的，未读")));
                None
            }
            // Each column once: a header merged across columns repeats its name.
            Some(k) if columns.contains(&Some(k)) => {
                if !c.merged && sub.is_none_or(|r| r.get(i).is_none_or(|u| !u.merged)) {
                    problems.push(Problem::at(
                        &c.place,
                        format!("表头又有一栏 `{}`，只读前面那一栏", c.text),
                    ));
                }
                None
            }
            other => other,
        };
        columns.push(col);
    }
    let mut report = Report {
        table: table.name.clone(),
        ..Report::default()
    };
    let body: Vec<Vec<Cell>> = rows[first_data.min(rows.len())..]
        .iter()
        .map(|r| r.iter().map(|c| (*c).clone()).collect())
        .collect();
    let mut carry = Carry::default();
    let stop = read_rows(body, &columns, text, &mut report, &mut carry, problems);
    let above: Vec<Vec<Cell>> = rows[start.min(h)..h]
        .iter()
        .map(|r| r.iter().map(|c| (*c).clone()).collect())
        .collect();
    let next = match stop {
        // A flow table's rows were re-cut: its end is the table's.
        _ if table.flow => usize::MAX,
        Some(k) => (first_data + k).max(h + 1),
        None => rows.len(),
    };
    // Every cell of its rows, the title lines above the header included.
    report.reach = rows[start.min(rows.len())..next.min(rows.len())]
        .iter()
        .flatten()
        .map(|c| c.place.clone())
        .collect();
    Some(Form {
        report,
        above,
        next,
        columns,
        carry,
        open: stop.is_none(),
    })
}

/// A form read from a table.
pub(super) struct Form {
    /// The report found.
    pub(super) report: Report,
    /// The rows above its header (since where reading began), for its unit, project and year.
    pub(super) above: Vec<Vec<Cell>>,
    /// The row after the last one read: where the next form may begin.
    pub(super) next: usize,
    /// The columns of its header.
    columns: Vec<Option<&'static str>>,
    /// The 绩效目标/一级/二级 carried down to the next row.
    carry: Carry,
    /// Its rows ran to the table's end (no 总分, 说明 or next form): a table after it without
    /// a header may go on with its rows (a Word table split across pages).
    pub(super) open: bool,
}

/// The last 绩效目标, 一级 and 二级 written, carried down to rows that leave them blank.
#[derive(Default)]
struct Carry([Option<String>; 3]);

/// Goes on reading `form`'s rows in `table`, a table without a header of its own and as wide
/// as the form's (the rest of a Word table split across pages). Whether it did.
pub(super) fn continued(
    form: &mut Form,
    table: &Table,
    text: bool,
    problems: &mut Vec<Problem>,
) -> bool {
    let width = form.columns.len();
    let fits = table
        .rows
        .iter()
        .all(|r| r.cells.len() == width && !is_header(r.cells.iter().map(|c| c.text.as_str())));
    if !form.open || table.flow || table.rows.is_empty() || !fits {
        return false;
    }
    let body: Vec<Vec<Cell>> = table.rows.iter().map(|r| r.cells.clone()).collect();
    form.report
        .reach
        .extend(body.iter().flatten().map(|c| c.place.clone()));
    let stop = read_rows(
        body,
        &form.columns,
        text,
        &mut form.report,
        &mut form.carry,
        problems,
    );
    form.open = stop.is_none();
    true
}

/// Reads the rows under a header into `report`, up to a line that ends the form. Returns the
/// index of the row after the last one read (the 总分 line is read; a 说明 line or the next
/// form's block is not), or `None` when the rows ran to the end.
fn read_rows(
    body: Vec<Vec<Cell>>,
    columns: &[Option<&'static str>],
    text: bool,
    report: &mut Report,
    carry: &mut Carry,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let l3 = columns
        .iter()
        .position(|c| *c == Some("三级"))
        .unwrap_or(usize::MAX);
    // Text extracted from Word or PDF: names spaced out, broken across lines, rows shifted.
    let body = if text {
        super::repair::mend(body, columns)
    } else {
        body
    };
    for (k, row) in body.iter().enumerate() {
        if row.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        if let Some(total) = ends(row, l3) {
            if total {
                total_row(row, columns, report, problems);
                return Some(k + 1);
            }
            // The next form's title lines (a row of one cell: `2023年度项目支出绩效自评表`) are
            // its own.
            let mut next = k;
            while next > 0 && is_title(&body[next - 1], l3) {
                next -= 1;
            }
            return Some(next);
        }
        if is_header(row.iter().map(|c| c.text.as_str())) {
            // The header again, after a page break.
            continue;
        }
        read_row(row, columns, report, carry);
    }
    None
}

/// A row of one short text that names a form or a year (a title above the next form).
fn is_title(row: &[Cell], l3: usize) -> bool {
    let texts: Vec<&Cell> = row
        .iter()
        .filter(|c| !c.text.is_empty() && !c.merged)
        .collect();
    texts.len() == 1
        && ends(row, l3).is_none()
        && (texts[0].text.contains('表') || texts[0].text.contains("年度"))
}

/// One row under the header, by its columns, into `report` (blank rows and rows of a
/// category's name only passed over).
fn read_row(
    row: &[Cell],
    columns: &[Option<&'static str>],
    report: &mut Report,
    carry: &mut Carry,
) {
    let mut cells: Vec<(&'static str, String)> = Vec::new();
    for (i, col) in columns.iter().enumerate() {
        let Some(col) = col else { continue };
        let text = row.get(i).map(|c| c.text.clone()).unwrap_or_default();
        cells.push((col, text));
    }
    let get = |k: &str, cells: &[(&str, String)]| {
        cells
            .iter()
            .find(|(c, _)| *c == k)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let l3 = get("三级", &cells);
    let values = ["指标值", "完成值"]
        .iter()
        .any(|k| !get(k, &cells).is_empty());
    if l3.is_empty() && !values {
        // A row of a category's name only, a row cut by a page break, a blank row.
        report.skipped += usize::from(cells.iter().all(|(_, t)| t.is_empty()));
        return;
    }
    // Carried down: 一级 when blank; 二级 when blank and 一级 was carried or the same.
    let mut carried_l1 = false;
    for (k, col) in CARRIED.iter().enumerate() {
        let Some(slot) = cells.iter_mut().find(|(c, _)| c == col) else {
            continue;
        };
        if slot.1.is_empty() {
            let same_category = *col != "二级" || carried_l1;
            if let Some(v) = carry.0[k].clone().filter(|_| same_category) {
                slot.1 = v;
                carried_l1 |= *col == "一级";
            }
        } else if *col == "一级" && carry.0[k].as_deref() == Some(slot.1.as_str()) {
            carried_l1 = true;
        }
        if !slot.1.is_empty() {
            carry.0[k] = Some(slot.1.clone());
        }
    }
    report.rows.push(FormRow {
        cells,
        place: row
            .first()
            .map(|c| c.place.row_suffix())
            .unwrap_or_default(),
    });
}

/// The 总分 row: the unit's total self-score, in the 自评得分 column when the row lines up
/// with the header, else the second of two numbers (满分, then 得分: `总分 | 100分 | 99`).
fn total_row(
    row: &[Cell],
    columns: &[Option<&'static str>],
    report: &mut Report,
    problems: &mut Vec<Problem>,
) {
    // A number of points as the report reader reads one (`98`, `98分`, full-width `９８`),
    // kept as written.
    let number = |t: &str| {
        use crate::base::units::UnitWord;
        crate::base::number::parse(t)
            .ok()
            .filter(|w| {
                matches!(w.unit, None | Some(UnitWord::Points)) && !w.value.is_sign_negative()
            })
            .map(|_| t.trim().to_string())
    };
    if let Some(i) = columns.iter().position(|c| *c == Some("自评得分")) {
        if row.len() == columns.len() {
            // The row lines up with the header: its 得分 cell is the total, or there is none.
            if let Some(n) = row.get(i).and_then(|c| number(&c.text)) {
                report.self_total = Some(Found::at(n, &row[i].place));
            }
            return;
        }
    }
    let mut nums: Vec<(String, &Cell)> = Vec::new();
    for c in row.iter().filter(|c| !c.merged) {
        if let Some(n) = number(&c.text) {
            nums.push((n, c));
        }
    }
    match nums.as_slice() {
        [(n, c)] if !columns.contains(&Some("分值")) => {
            report.self_total = Some(Found::at(n.clone(), &c.place));
        }
        [_, (n, c)] => report.self_total = Some(Found::at(n.clone(), &c.place)),
        [] => {}
        _ => {
            if let Some(c) = row.first() {
                problems.push(Problem::at_row(
                    &c.place,
                    "总分行的数无法确定哪个是自评总分，未读取",
                ));
            }
        }
    }
}
