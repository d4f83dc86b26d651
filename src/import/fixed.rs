//! A fixed-table report in a sheet: the layout `jixiao template --xlsx` writes, one input per
//! row under a header whose first two cells are `输入` and `填写` (`单位`, `年度` and `项目`
//! rows above it). Rows whose value is blank are left out (the scheme says which are needed).

use super::{label, Found, Report};
use crate::grid::{Cell, Table};

/// The header of the data rows.
pub(crate) const HEADER: [&str; 2] = ["输入", "填写"];

/// Reads a filled template sheet, if `table` is one.
pub(super) fn read(table: &Table) -> Option<(Report, Vec<Vec<Cell>>)> {
    let h = table.rows.iter().position(|r| {
        let t: Vec<String> = r.cells.iter().take(2).map(|c| label(&c.text)).collect();
        t == HEADER
    })?;
    let mut report = Report {
        table: table.name.clone(),
        ..Report::default()
    };
    for row in &table.rows[h + 1..] {
        let (Some(name), Some(value)) = (row.cells.first(), row.cells.get(1)) else {
            continue;
        };
        if name.text.is_empty() {
            continue;
        }
        if value.text.is_empty() {
            report.skipped += 1;
            continue;
        }
        report.data.push((
            name.text.clone(),
            Found::at(value.text.clone(), &value.place),
        ));
    }
    let above = table.rows[..h].iter().map(|r| r.cells.clone()).collect();
    Some((report, above))
}
