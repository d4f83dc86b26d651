//! Tables in text extracted from Word or PDF (`../shared/seeds/`) come out broken in three ways
//! a person reading them sees through; each is mended here by a stated rule, only for tables of
//! text (a workbook's or a Word file's grid is read as it is):
//!
//! - **letters spaced out**: a name in a narrow cell comes out `满 意 度 指 标`; blanks between
//!   two Chinese characters of a name column (绩效目标/一级/二级/三级) are dropped;
//! - **a name broken across lines**: `绩⇥效⇥社会⇥商会作用…` followed by `效 指 标⇥益 指 标⇥效益
//!   指标`: a row with text only in the name columns, each completing the row above's cell to a
//!   name ending in 指标, is joined to that row;
//! - **a row shifted by one cell**: `⇥⇥满意度指标⇥服务对象满意度指标⇥受益人员满意率⇥≥95%⇥100%` under
//!   a header whose 一级 is the second column: the row is moved by one cell when that fits the
//!   columns clearly better (names where names go, values where values go).

use crate::grid::Cell;

/// Whether `c` is a Chinese character.
fn cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

/// `满 意 度 指 标` → `满意度指标`: blanks between two Chinese characters dropped.
pub(super) fn squeeze(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    // The nearest non-blank character before and after each position, in one pass each.
    let mut prev: Vec<Option<char>> = Vec::with_capacity(chars.len());
    let mut last = None;
    for &c in &chars {
        prev.push(last);
        if !c.is_whitespace() {
            last = Some(c);
        }
    }
    let mut next: Vec<Option<char>> = vec![None; chars.len()];
    let mut last = None;
    for (i, &c) in chars.iter().enumerate().rev() {
        next[i] = last;
        if !c.is_whitespace() {
            last = Some(c);
        }
    }
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() && prev[i].is_some_and(cjk) && next[i].is_some_and(cjk) {
            continue;
        }
        out.push(c);
    }
    out
}

const NAMES: [&str; 4] = ["绩效目标", "一级", "二级", "三级"];

fn is_name_column(c: Option<&'static str>) -> bool {
    c.is_some_and(|c| NAMES.contains(&c))
}

/// Mends the rows under a header of text-extracted cells (see the module's rules).
pub(super) fn mend(rows: Vec<Vec<Cell>>, columns: &[Option<&'static str>]) -> Vec<Vec<Cell>> {
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(rows.len());
    for mut row in rows {
        for (i, c) in row.iter_mut().enumerate() {
            if is_name_column(columns.get(i).copied().flatten()) || i == 0 {
                c.text = squeeze(&c.text);
            }
        }
        if let Some(prev) = out.last_mut() {
            if completes(prev, &row, columns) {
                for (i, c) in row.iter().enumerate() {
                    if !c.text.is_empty() {
                        prev[i].text.push_str(&c.text);
                    }
                }
                continue;
            }
        }
        out.push(realign(row, columns));
    }
    out
}

/// Whether `row` holds only the ends of names broken off `prev` (each non-empty cell, joined
/// to `prev`'s, makes a name ending in 指标, which `prev`'s alone was not).
fn completes(prev: &[Cell], row: &[Cell], columns: &[Option<&'static str>]) -> bool {
    let mut any = false;
    for (i, c) in row.iter().enumerate() {
        if c.text.is_empty() {
            continue;
        }
        let column = columns.get(i).copied().flatten();
        if !(i == 0 || is_name_column(column)) || column == Some("三级") {
            return false;
        }
        let Some(p) = prev.get(i).map(|p| p.text.as_str()) else {
            return false;
        };
        if p.is_empty() || p.ends_with("指标") || !format!("{p}{}", c.text).ends_with("指标") {
            return false;
        }
        any = true;
    }
    any
}

/// How well a row's cells fit the columns: names (ending in 指标) under 一级/二级, a name that
/// is not a category under 三级, values under 指标值/完成值, and no bare value under 偏差原因.
fn fit(cells: &[&str], columns: &[Option<&'static str>]) -> i32 {
    let value = |t: &str| t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 12;
    let mut score = 0;
    for (i, col) in columns.iter().enumerate() {
        let t = cells.get(i).copied().unwrap_or("");
        if t.is_empty() {
            continue;
        }
        score += match col {
            Some("一级" | "二级") if t.ends_with("指标") => 1,
            Some("一级" | "二级") => -1,
            Some("三级") if t.ends_with("指标") => -1,
            Some("指标值" | "完成值") if value(t) => 1,
            Some("完成值") if t.starts_with(['≥', '≤', '>', '<']) => -1,
            Some("偏差原因") if value(t) => -2,
            _ => 0,
        };
    }
    score
}

/// The row moved by one cell when that fits the columns clearly better.
fn realign(row: Vec<Cell>, columns: &[Option<&'static str>]) -> Vec<Cell> {
    let texts: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
    let here = fit(&texts, columns);
    let left: Vec<&str> = texts.iter().skip(1).copied().collect();
    let mut right = vec![""];
    right.extend(texts.iter().copied());
    let (l, r) = (fit(&left, columns), fit(&right, columns));
    if l >= here + 3 && l > r && texts.first().is_some_and(|t| t.is_empty()) {
        return row.into_iter().skip(1).collect();
    }
    if r >= here + 3 && r > l {
        let mut moved = Vec::with_capacity(row.len() + 1);
        if let Some(first) = row.first() {
            moved.push(Cell {
                text: String::new(),
                place: first.place.clone(),
                merged: false,
            });
        }
        moved.extend(row);
        return moved;
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_letters_are_joined_but_numbers_keep_their_blank() {
        assert_eq!(squeeze("满 意 度 指 标"), "满意度指标");
        assert_eq!(squeeze("可持 续影 响指 标"), "可持续影响指标");
        assert_eq!(squeeze("≥2 次"), "≥2 次");
    }
}
