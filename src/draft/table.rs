//! The indicator tree of a 评分表: its header found by the column names provinces print
//! (一级指标 / 二级指标 / 三级指标 / 分值 / 评价标准 / 指标说明), rows re-cut to the header's
//! width where the text lost the grid, names and points carried down from merged cells.

use crate::grid::{Cell, Document, Place, Table};

/// What a column of a 评分表 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// An indicator's name at a level (1, 2, 3).
    Level(usize),
    /// The points of the level named left of it (or of the leaf, when it is the only one).
    Points(usize),
    /// 评价标准 / 评分标准: the rule in words.
    Standard,
    /// 指标说明 / 指标解释: the definition (the formula).
    Explanation,
    /// Anything else (得分, 备注): not drafted.
    Other,
}

/// The column a header cell names.
fn column(header: &str) -> Option<Column> {
    let h: String = header.chars().filter(|c| !c.is_whitespace()).collect();
    // `分值（分）`, `分值(分)`: the unit after the name.
    let h = ["（分）", "(分)"]
        .iter()
        .find_map(|u| h.strip_suffix(u))
        .unwrap_or(&h);
    Some(match h {
        "一级指标" | "一级" => Column::Level(1),
        "二级指标" | "二级" => Column::Level(2),
        "三级指标" | "三级" => Column::Level(3),
        // (A 权重 column is a share, not points: not read as points.)
        "分值" | "标准分" | "分数" => Column::Points(0),
        "评价标准" | "评分标准" | "评分细则" | "评分办法" | "计分方法" => {
            Column::Standard
        }
        "指标说明" | "指标解释" | "指标内涵" | "计算公式" | "指标定义" => {
            Column::Explanation
        }
        _ => return None,
    })
}

/// One indicator of the table, as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Its name.
    pub name: String,
    /// Its points as written (`5`, `13分`).
    pub points: String,
    /// 评价标准, verbatim (leaves).
    pub standard: String,
    /// 指标说明, verbatim (leaves).
    pub explanation: String,
    /// Where it is written in the source file.
    pub place: String,
    /// Lower indicators.
    pub children: Vec<Row>,
    /// The row had fewer cells than the header (a cell merged from the row above was left
    /// out of the text): its cells were read from the left, and this says so.
    pub short: Option<String>,
    /// More points written for this group in later rows (its cell split, as where a table's
    /// merged cell runs over a page): each as written.
    pub more_points: Vec<String>,
    /// Leaves that share one merged cell of points and 评价标准 (the row below left them
    /// empty): every name of the group and the points written once for all.
    pub shared: Option<(Vec<String>, String)>,
    /// The points cell continues a merge from the row above (a workbook or Word table says so).
    pub points_merged: bool,
    /// Where rows with words but no indicator name were read on into this leaf's 标准 or 说明.
    pub continued: Vec<String>,
}

/// The table read: the top indicators, the title above it, where its header is.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The top-level indicators.
    pub roots: Vec<Row>,
    /// The running text before the table, nearest last (its title, the year).
    pub before: Vec<String>,
    /// The whole document's running text (for a year written anywhere).
    pub text: Vec<String>,
    /// The points a 合计 / 总计 row writes, as written, with its place.
    pub total: Option<(String, String)>,
    /// Other tables of the file with a 评分表's header (not drafted), by name.
    pub others: Vec<String>,
}

/// The first table of `doc` with a 评分表's header, read into its tree; `None` when no table
/// names both an indicator level and 评价标准 (or 指标说明).
pub fn read(doc: &Document) -> Option<Read> {
    let mut scoring = doc.tables.iter().filter(|t| rows_and_header(t).is_some());
    let first = scoring.next()?;
    let others: Vec<String> = scoring.map(|t| t.name.clone()).collect();
    std::iter::once(first).find_map(|t| {
        let (rows, h, cols) = rows_and_header(t)?;
        // Rows above the header (a workbook's title row) are text before the table.
        let mut before = t.before.clone();
        before.extend(rows[..h].iter().filter_map(|r| {
            // A merged title fills each of its cells: once.
            let mut line: Vec<&str> = r
                .iter()
                .map(|c| c.text.trim())
                .filter(|t| !t.is_empty())
                .collect();
            line.dedup();
            (!line.is_empty()).then(|| line.join(" "))
        }));
        let (roots, total) = tree(&rows[h + 1..], &cols);
        Some(Read {
            roots,
            before,
            text: doc.text.clone(),
            total,
            others: others.clone(),
        })
    })
}

/// The header's columns: levels, each 分值 given to the level left of it.
fn columns(header: &[&Cell]) -> Option<Vec<Column>> {
    let mut level = 0;
    let cols: Vec<Column> = header
        .iter()
        .map(|c| match column(&c.text) {
            Some(Column::Level(l)) => {
                level = l;
                Column::Level(l)
            }
            Some(Column::Points(_)) => Column::Points(level),
            Some(other) => other,
            None => Column::Other,
        })
        .collect();
    let named = |want: fn(&Column) -> bool| cols.iter().any(want);
    (named(|c| matches!(c, Column::Level(_)))
        && named(|c| matches!(c, Column::Standard | Column::Explanation)))
    .then_some(cols)
}

type Rows<'t> = (Vec<Vec<&'t Cell>>, usize, Vec<Column>);

/// The table's rows (re-cut to the header's width when the text lost the grid), the header's
/// index and its columns.
fn rows_and_header(table: &Table) -> Option<Rows<'_>> {
    let rows: Vec<Vec<&Cell>> = table
        .rows
        .iter()
        .map(|r| r.cells.iter().collect())
        .collect();
    let (h, cols) = rows
        .iter()
        .enumerate()
        .find_map(|(i, r)| columns(r).map(|c| (i, c)))?;
    // Text that lost the grid keeps the rows where blank lines cut them; a row with fewer
    // cells than the header (a cell merged from the row above) is read from the left and
    // said (`Row::short`).
    Some((rows, h, cols))
}

/// Where a cell is, after the file's name (`:75`, `!Sheet1!C7`, ` 表 1 第 3 行第 5 列`).
fn place(c: &Cell) -> String {
    match &c.place {
        Place::Line { line, .. } => format!(":{line}"),
        other => other.suffix(),
    }
}

/// The rows below the header as a tree: a level's cell left blank (merged) carries the name
/// above it down.
fn tree(rows: &[Vec<&Cell>], cols: &[Column]) -> (Vec<Row>, Option<(String, String)>) {
    let mut total_row = None;
    // The levels the table has (a table may have 一级 and 三级 only), in order.
    let mut levels: Vec<usize> = cols
        .iter()
        .filter_map(|c| match c {
            Column::Level(l) => Some(*l),
            _ => None,
        })
        .collect();
    levels.sort_unstable();
    levels.dedup();
    let mut roots: Vec<Row> = Vec::new();
    for cells in rows {
        let cells = aligned(cells, cols);
        let cell = |want: Column| {
            cols.iter()
                .position(|c| *c == want)
                .and_then(|i| cells.get(i).copied().flatten())
        };
        let text = |want: Column| {
            cell(want)
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default()
        };
        let at = |want: Column| cell(want).map(place).unwrap_or_default();
        // A cell continuing a merge from the row above (workbooks and Word tables say so).
        let cont = |want: Column| cell(want).is_some_and(|c| c.merged);
        let own = |want: Column| {
            if cont(want) {
                String::new()
            } else {
                text(want)
            }
        };
        // A row naming no indicator at any level (a note, a 合计 line) is not an indicator.
        let names: Vec<String> = levels.iter().map(|l| text(Column::Level(*l))).collect();
        let total = |n: &String| {
            let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(n.as_str(), "合计" | "总计" | "总分" | "小计")
        };
        let points_written = || {
            cols.iter()
                .filter(|c| matches!(c, Column::Points(_)))
                .map(|c| (text(*c), at(*c)))
                .find(|(t, _)| !t.is_empty())
        };
        if names.iter().any(total) {
            total_row = total_row.or_else(points_written);
            continue;
        }
        if names.iter().all(String::is_empty) {
            // No name but words of a 标准 or 说明 (a long cell run on into a row of its own):
            // read on into the leaf above, and said.
            let (st, ex) = (own(Column::Standard), own(Column::Explanation));
            if let Some(leaf) = last_leaf(&mut roots).filter(|_| !st.is_empty() || !ex.is_empty()) {
                for (field, more) in [(&mut leaf.standard, st), (&mut leaf.explanation, ex)] {
                    if !more.is_empty() {
                        if !field.is_empty() {
                            field.push('\n');
                        }
                        field.push_str(&more);
                    }
                }
                let at = cells
                    .iter()
                    .flatten()
                    .next()
                    .map(|c| place(c))
                    .unwrap_or_default();
                leaf.continued.push(at);
            }
            continue;
        }
        // A row whose lowest named level is above the deepest (`满意度` as a 二级 with no 三级)
        // makes that indicator the leaf.
        let Some(deepest) = names.iter().rposition(|n| !n.is_empty()) else {
            continue;
        };
        // Where this row's path leaves the tree so far: each level named starts a new node.
        let mut level_nodes: &mut Vec<Row> = &mut roots;
        for (k, &l) in levels.iter().enumerate().take(deepest + 1) {
            let name = &names[k];
            let is_leaf = k == deepest;
            if name.is_empty() {
                // Merged: under the last node of this level (a gap at the top starts one).
                if level_nodes.is_empty() {
                    level_nodes.push(Row::default());
                }
                let last = level_nodes.len() - 1;
                // Points in a merged group's row: the group's cell went on in a second cell.
                let more = text(Column::Points(l));
                if !more.is_empty()
                    && !is_leaf
                    && levels.len() > 1
                    && l != *levels.last().unwrap_or(&l)
                {
                    level_nodes[last].more_points.push(more);
                }
                level_nodes = &mut level_nodes[last].children;
                continue;
            }
            // The same group named again (a table repeats its left columns after a page
            // break): the rows go on under it.
            let again = !is_leaf && level_nodes.last().is_some_and(|n| n.name == *name);
            if again {
                let last = level_nodes.len() - 1;
                if level_nodes[last].points.is_empty() {
                    level_nodes[last].points = text(Column::Points(l));
                } else if cont(Column::Level(l)) && !own(Column::Points(l)).is_empty() {
                    // The name merged over the rows, its points in two cells.
                    level_nodes[last].more_points.push(own(Column::Points(l)));
                }
                level_nodes = &mut level_nodes[last].children;
                continue;
            }
            let mut node = Row {
                name: name.clone(),
                points: text(Column::Points(l)),
                place: at(Column::Level(l)),
                ..Row::default()
            };
            if is_leaf {
                // A leaf above the deepest level (no 三级) has its points in the leaves' column.
                if node.points.is_empty() {
                    let leaf_points = cols.iter().filter_map(|c| match c {
                        Column::Points(p) => Some(*p),
                        _ => None,
                    });
                    if let Some(p) = leaf_points.max() {
                        node.points = text(Column::Points(p));
                    }
                }
                // A cell merged from the leaf above is that leaf's (see `share_merged`).
                let points_cols: Vec<Column> = cols
                    .iter()
                    .filter(|c| matches!(c, Column::Points(_)))
                    .copied()
                    .collect();
                if (node.points.is_empty() || cont(Column::Points(l)))
                    && points_cols.iter().any(|c| cont(*c))
                {
                    node.points = String::new();
                    node.points_merged = true;
                }
                node.standard = own(Column::Standard);
                node.explanation = own(Column::Explanation);
                let written = cells.iter().filter(|c| c.is_some()).count();
                if written < cols.len() {
                    node.short = Some(format!(
                        "原表这一行比表头少 {} 栏（合并的格没有写出），各栏从左到右读{}",
                        cols.len() - written,
                        if cells.last().is_some_and(Option::is_some) && written > 1 {
                            "，行末的数字当作得分"
                        } else {
                            ""
                        }
                    ));
                }
            }
            level_nodes.push(node);
            let last = level_nodes.len() - 1;
            level_nodes = &mut level_nodes[last].children;
        }
    }
    share_merged(&mut roots);
    (roots, total_row)
}

/// The last leaf of the tree so far.
fn last_leaf(rows: &mut [Row]) -> Option<&mut Row> {
    let last = rows.last_mut()?;
    if last.children.is_empty() {
        Some(last)
    } else {
        last_leaf(&mut last.children)
    }
}

/// A row's cells against the header's columns. A row shorter than the header (the text left
/// out a merged cell) is read from the left, except that a number in its last cell goes to the
/// header's last column when that is not drafted (得分): a department's score is not a 说明.
fn aligned<'c>(cells: &[&'c Cell], cols: &[Column]) -> Vec<Option<&'c Cell>> {
    let mut out: Vec<Option<&Cell>> = cells.iter().map(|c| Some(*c)).collect();
    if cells.len() < cols.len() && cells.len() > 1 && cols.last() == Some(&Column::Other) {
        let last = cells[cells.len() - 1]
            .text
            .trim_matches(|c: char| c.is_whitespace());
        if !last.is_empty() && crate::base::number::parse(last).is_ok() {
            let l = out.pop().flatten();
            out.resize(cols.len() - 1, None);
            out.push(l);
        }
    }
    out
}

/// Leaves below a leaf with points and 评价标准 that have neither (nor a 说明) shared the
/// cells above them, merged in the table: they take its 评价标准 and 说明, and each knows the
/// group it shares the points with.
fn share_merged(rows: &mut [Row]) {
    let mut i = 0;
    while i < rows.len() {
        share_merged(&mut rows[i].children);
        let first = &rows[i];
        let is_leaf = |r: &Row| r.children.is_empty();
        if !is_leaf(first) || first.points.is_empty() || first.standard.is_empty() {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < rows.len() {
            let r = &rows[end];
            // Text tables do not say what is merged: a row with no points, 标准 or 说明 at all.
            let merged = r.points_merged || r.standard.is_empty() && r.explanation.is_empty();
            if !is_leaf(r) || !r.points.is_empty() || !merged {
                break;
            }
            end += 1;
        }
        if end > i + 1 {
            let names: Vec<String> = rows[i..end].iter().map(|r| r.name.clone()).collect();
            let (points, standard, explanation) = (
                rows[i].points.clone(),
                rows[i].standard.clone(),
                rows[i].explanation.clone(),
            );
            for r in &mut rows[i..end] {
                r.shared = Some((names.clone(), points.clone()));
                if r.standard.is_empty() && r.explanation.is_empty() {
                    r.standard.clone_from(&standard);
                    r.explanation.clone_from(&explanation);
                }
            }
        }
        i = end;
    }
}
