//! Reports found in the tables of a file ([`crate::grid`]): each 自评表 (a table whose header
//! row names the form's columns: 一级指标/二级指标/三级指标/年度指标值/全年完成值 …) becomes one
//! report, with its 项目资金 block, its unit, project and year from the cells and text around
//! it, and its 总分 row; a filled `template --xlsx` sheet becomes a fixed-table report, one
//! input per row. What is found is written as the YAML report a person reads, corrects and
//! keeps ([`yaml`]); every value carries its place in the file, and what could not be read is
//! listed with its place, never guessed.
//!
//! This is the part of reading Word and Excel files that is this project's own: recognising a
//! 自评表 in a grid of cells.

use crate::grid::{Document, Place, Problem};

mod fixed;
mod form;
mod header;
pub use header::year_in;
pub mod needs;
mod repair;
pub mod yaml;

/// A value found, with where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The text as shown.
    pub text: String,
    /// Where (after the file's name): `!Sheet1!C7`, ` 表 3 第 5 行第 2 列`, `:612`.
    pub place: String,
}

impl Found {
    fn at(text: impl Into<String>, place: &Place) -> Self {
        Found {
            text: text.into(),
            place: place.suffix(),
        }
    }
}

/// An input's value in a filled template.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// A number, 是/否, or a level, as written.
    Value(Found),
    /// A checklist: the items marked 是 (one row per item in the sheet), and where the first
    /// item's row is.
    List(Vec<String>, Found),
    /// A reviewer's score and reason (two rows: 得分, 理由).
    Review {
        /// 得分.
        score: Found,
        /// 理由 (empty when not written).
        reason: Found,
    },
}

/// A row of a 自评表: its cells by the form's column names (`一级`, `三级`, `指标值` …).
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    /// (column, text) in the header's order; 一级/二级/绩效目标 carried down from the rows above
    /// when blank (a merged cell, as a person reads it).
    pub cells: Vec<(&'static str, String)>,
    /// The row's place (after the file's name).
    pub place: String,
}

/// One report found in a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    /// The form's title, when the text above it gives one (`项目支出绩效目标自评表 2`).
    pub title: Option<String>,
    /// The table it was read from (`表 3`, `Sheet1`).
    pub table: String,
    /// 单位 (预算部门, 项目实施单位, 主管部门 …).
    pub unit: Option<Found>,
    /// 项目 (项目支出名称), for a project form.
    pub project: Option<Found>,
    /// 年度, and the text it was read from.
    pub year: Option<(i32, Found)>,
    /// 全年预算数 and 全年执行数 of 年度资金总额.
    pub budget: Option<(Found, Found)>,
    /// The self-score of the 项目资金 (预算执行率) line, when the form has a 得分 column there.
    pub budget_score: Option<Found>,
    /// 自评 总分 from the form's 总分 (合计) row.
    pub self_total: Option<Found>,
    /// The form's rows (a 自评表).
    pub rows: Vec<FormRow>,
    /// Inputs of a fixed table (a filled template): name, value.
    pub data: Vec<(String, Datum)>,
    /// Blank and `……` rows passed over.
    pub skipped: usize,
    /// What could not be read in this report's rows (or around them in its table, or in the
    /// file outside every report's), with places.
    pub problems: Vec<Problem>,
    /// The cells of the rows it was read from (the lines above its header included), for
    /// telling which problems are its own.
    pub reach: Vec<Place>,
    /// Inputs the scheme needs that no table holds, each with sentences of the file that
    /// mention it (filled by [`needs::list`] when a scheme is given; nothing is taken from
    /// them).
    pub needs: Vec<(String, Vec<Found>)>,
}

/// What a file holds: the reports found, and what could not be read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// The reports, in the order of their tables.
    pub reports: Vec<Report>,
    /// Cells and parts not read, with their places (the file's own, and the forms').
    pub problems: Vec<Problem>,
    /// How the file was read (its encoding …).
    pub notes: Vec<String>,
}

/// Finds the reports in `doc`.
pub fn import(doc: &Document) -> Imported {
    let mut out = Imported {
        problems: doc.problems.clone(),
        notes: doc.notes.clone(),
        ..Imported::default()
    };
    let text = doc.kind == crate::grid::Kind::Text;
    // The last form read, while a table after it may go on with its rows.
    let mut open: Option<form::Form> = None;
    let done = |f: form::Form, out: &mut Imported| out.reports.push(f.report);
    for (i, table) in doc.tables.iter().enumerate() {
        if let Some(f) = open.as_mut() {
            if form::continued(f, table, text, &mut out.problems) {
                continue;
            }
        }
        // Every form in the table (several may follow each other on one sheet).
        let mut start = 0;
        let mut any = false;
        while let Some(mut f) = form::read(table, text, start, &mut out.problems) {
            header::fill(doc, i, &f.above, &mut f.report);
            any = true;
            let next = f.next;
            if let Some(prev) = open.replace(f) {
                done(prev, &mut out);
            }
            if next <= start || next >= table.rows.len() {
                break;
            }
            start = next;
        }
        if !any {
            if let Some(prev) = open.take() {
                done(prev, &mut out);
            }
            if let Some((mut r, above)) = fixed::read(table, &mut out.problems) {
                header::fill(doc, i, &above, &mut r);
                out.reports.push(r);
            }
        }
    }
    if let Some(prev) = open.take() {
        done(prev, &mut out);
    }
    // Each report carries what could not be read in its own rows; what lies in no report's
    // rows goes with the reports of its table, and what lies in no table with every report.
    let reaches: Vec<std::collections::HashSet<(String, usize)>> = out
        .reports
        .iter()
        .map(|r| r.reach.iter().filter_map(Place::row_key).collect())
        .collect();
    let tables: Vec<std::collections::HashSet<String>> = reaches
        .iter()
        .map(|r| r.iter().map(|(t, _)| t.clone()).collect())
        .collect();
    for p in &out.problems {
        let key = p.place.row_key();
        let owners: Vec<usize> = match &key {
            Some(k) if reaches.iter().any(|r| r.contains(k)) => (0..reaches.len())
                .filter(|&i| reaches[i].contains(k))
                .collect(),
            Some((t, _)) if tables.iter().any(|ts| ts.contains(t)) && !t.is_empty() => (0..tables
                .len())
                .filter(|&i| tables[i].contains(t))
                .collect(),
            _ => (0..out.reports.len()).collect(),
        };
        for i in owners {
            out.reports[i].problems.push(p.clone());
        }
    }
    out
}

/// Whether a cell's text is one of `words`, blanks and a bracketed tag aside (`全年预算数
/// （A）` is 全年预算数).
pub(crate) fn label_is(text: &str, words: &[&str]) -> bool {
    let t = label(text);
    words.contains(&t.as_str())
}

/// A label without blanks, colons and a trailing bracketed tag: `项目资金 (万元)` → `项目资金`.
pub(crate) fn label(text: &str) -> String {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':'))
        .collect();
    while let Some(open) = t.rfind(['(', '（']) {
        if open == 0 || !(t.ends_with(')') || t.ends_with('）')) {
            break;
        }
        t.truncate(open);
    }
    t
}
