//! A fixed-table report in a sheet: the layout `jixiao template --xlsx` writes. A header row
//! `输入 | 填写 | 项 | …` (`单位` and `年度` above it); one row per input, the value under 填写;
//! a checklist one row per item (项) marked 是 or 否; a reviewer's score two rows (项 `得分` and
//! `理由`). Inputs left blank are left out (the scheme says which are needed: not scored, never
//! zero).

use super::{label, Datum, Found, Report};
use crate::grid::{Cell, Problem, Table};

/// Words that mark a checklist item as held, and as not held.
const YES: [&str; 6] = ["是", "√", "✓", "✔", "有", "Y"];
const NO: [&str; 6] = ["否", "×", "✗", "无", "没有", "N"];

/// Reads a filled template sheet, if `table` is one.
pub(super) fn read(table: &Table, problems: &mut Vec<Problem>) -> Option<(Report, Vec<Vec<Cell>>)> {
    let h = table.rows.iter().position(|r| {
        let t: Vec<String> = r.cells.iter().take(2).map(|c| label(&c.text)).collect();
        t == ["输入", "填写"]
    })?;
    let item = table.rows[h]
        .cells
        .iter()
        .position(|c| label(&c.text) == "项");
    let mut report = Report {
        table: table.name.clone(),
        // The whole sheet is the template's.
        reach: table
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .map(|c| c.place.clone())
            .collect(),
        ..Report::default()
    };
    // Checklists with an item answered (是 or 否).
    let mut answered: Vec<String> = Vec::new();
    let mut unclear: Vec<String> = Vec::new();
    for row in &table.rows[h + 1..] {
        let (Some(name), Some(value)) = (row.cells.first(), row.cells.get(1)) else {
            continue;
        };
        if name.text.is_empty() {
            continue;
        }
        let found = Found::at(value.text.clone(), &value.place);
        let part = item
            .and_then(|i| row.cells.get(i))
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty());
        let Some(part) = part else {
            if value.text.is_empty() {
                report.skipped += 1;
            } else {
                report.data.push((name.text.clone(), Datum::Value(found)));
            }
            continue;
        };
        let at = report.data.iter().position(|(n, _)| *n == name.text);
        match (part, at.map(|i| &mut report.data[i].1)) {
            ("得分", None) => report.data.push((
                name.text.clone(),
                Datum::Review {
                    score: found.clone(),
                    reason: Found::at("", &value.place),
                },
            )),
            ("理由", Some(Datum::Review { reason, .. })) => *reason = found,
            ("理由", _) => {}
            (item, existing) => {
                let held = YES.contains(&value.text.as_str());
                if !value.text.is_empty() && !held && !NO.contains(&value.text.as_str()) {
                    // Neither 是 nor 否: the checklist is not answered (not scored), and said.
                    problems.push(Problem::at(
                        &value.place,
                        format!(
                            "清单 `{}` 的 `{item}` 填的是 `{}`，应为 是 或 否；这份清单不计分",
                            name.text, value.text
                        ),
                    ));
                    unclear.push(name.text.clone());
                } else if !value.text.is_empty() {
                    answered.push(name.text.clone());
                }
                match existing {
                    Some(Datum::List(items, _)) => {
                        if held {
                            items.push(item.to_string());
                        }
                    }
                    _ => report.data.push((
                        name.text.clone(),
                        Datum::List(
                            if held {
                                vec![item.to_string()]
                            } else {
                                Vec::new()
                            },
                            found,
                        ),
                    )),
                }
            }
        }
    }
    // A checklist whose items were all left blank is not answered (no data), not "none".
    report.data.retain(|(n, d)| match d {
        Datum::Review { score, .. } => !score.text.is_empty(),
        Datum::List(..) => answered.contains(n) && !unclear.contains(n),
        Datum::Value(_) => true,
    });
    let above = table.rows[..h].iter().map(|r| r.cells.clone()).collect();
    Some((report, above))
}
