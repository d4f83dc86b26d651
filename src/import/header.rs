//! What a form says about itself above its rows: the unit (预算部门, 项目实施单位 …), the
//! project (项目支出名称), the 项目资金 block (全年预算数 and 全年执行数 of 年度资金总额, and the
//! 得分 of that line), and the year, from the form's title or the nearest `20XX年度` in the
//! text before it, with where it was read.

use super::{label, label_is, Found, Report};
use crate::grid::{Cell, Document};

/// Labels of the unit's cell, the likeliest first (a project form names both its 主管部门 and
/// the unit that carried it out; the report is the latter's).
const UNIT: [&str; 9] = [
    "项目实施单位",
    "实施单位",
    "预算部门",
    "部门名称",
    "单位名称",
    "预算单位",
    "填报单位",
    "主管部门",
    "单位",
];

const PROJECT: [&str; 3] = ["项目支出名称", "项目名称", "项目"];

/// Fills `r`'s unit, project, budget and year from the rows above its header (`above`) and
/// the document's text around table `table`.
pub(super) fn fill(doc: &Document, table: usize, above: &[Vec<Cell>], r: &mut Report) {
    r.unit = UNIT.iter().find_map(|l| beside(above, l));
    r.project = PROJECT.iter().find_map(|l| beside(above, l));
    budget(above, r);
    let t = &doc.tables[table];
    r.title = t
        .before
        .iter()
        .rev()
        .find(|l| l.contains("表"))
        .cloned()
        .or_else(|| {
            above
                .iter()
                .flatten()
                .find(|c| c.text.contains("自评表") || c.text.contains("评价表"))
                .map(|c| c.text.clone())
        });
    // The year: a cell labelled 年度 (a template's), in the title or a cell above the rows;
    // else the nearest `20XX年度` before the table in the text; else the first after it.
    let labelled = ["年度", "评价年度", "所属年度"].iter().find_map(|l| {
        let f = beside(above, l)?;
        let y = crate::report::year::parse_year(&f.text)?;
        (2000..2100).contains(&y).then_some((y, f))
    });
    // A year in a title (`2023年度…自评表`, `2023年…评价表`), never in a project's name
    // (`2022年中央财政衔接资金`) or a date (`填报日期：2024年2月20日`).
    let titled = |t: &str| {
        year_in(t)
            .filter(|_| {
                t.contains("年度")
                    || ["自评表", "评价表", "评分表", "绩效"]
                        .iter()
                        .any(|w| t.contains(w))
            })
            .filter(|_| !t.contains("日期") && !t.contains("月"))
    };
    let in_cells = |title_only: bool| {
        above.iter().flatten().find_map(|c| {
            let t = c.text.as_str();
            let title = ["自评表", "评价表", "评分表"].iter().any(|w| t.contains(w));
            (title || !title_only)
                .then(|| titled(t))
                .flatten()
                .map(|y| (y, Found::at(c.text.clone(), &c.place)))
        })
    };
    let cells = in_cells(true);
    // The document's running text before the table, nearest first, then after it; each line
    // with its place.
    let at = t.text_before.min(doc.text.len());
    let lines: Vec<(&String, &crate::grid::Place)> = doc.text.iter().zip(&doc.text_at).collect();
    let (before, after) = lines.split_at(at.min(lines.len()));
    let found = |&(l, place): &(&String, &crate::grid::Place)| {
        Some((year_in(l)?, Found::at(l.clone(), place)))
    };
    // The title just above the table (since the table before it).
    let title = before
        .iter()
        .rev()
        .take(t.before.len())
        .filter(|(l, _)| titled(l).is_some())
        .find_map(found);
    // Else any `20XX年度` line (not a date), nearest before the table first.
    let text = || {
        before
            .iter()
            .rev()
            .chain(after)
            .filter(|(l, _)| l.contains("年度") && !l.contains("日期"))
            .find_map(found)
    };
    r.year = labelled
        .or(cells)
        .or(title)
        .or_else(|| in_cells(false))
        .or_else(text);
}

/// Labels a form prints beside its values: never a value themselves (a blank 项目名称 is not
/// named `负责人及电话`).
const LABELS: [&str; 12] = [
    "负责人及电话",
    "负责人",
    "联系电话",
    "填报日期",
    "填表人",
    "年度",
    "项目资金",
    "主管部门",
    "实施单位",
    "项目实施单位",
    "预算部门",
    "项目名称",
];

/// Words that are units of measure, never a unit's name (`单位：万元`).
const MEASURES: [&str; 10] = [
    "万元", "元", "人", "个", "次", "%", "亿元", "千元", "人次", "户",
];

/// The text labelled `l`: right of a cell that says `l` (a merged label's copies and empty
/// cells passed over), or after the colon in a cell `l：…` (`填报单位（盖章）：某县水利局`).
fn beside(rows: &[Vec<Cell>], l: &str) -> Option<Found> {
    let is_label = |t: &str| {
        let t = label(t);
        UNIT.contains(&t.as_str()) || PROJECT.contains(&t.as_str()) || LABELS.contains(&t.as_str())
    };
    let usable = |t: &str| {
        let t = t.trim_matches('　').trim();
        !t.is_empty() && !is_label(t) && !MEASURES.contains(&t)
    };
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            if let Some((head, tail)) = c.text.split_once(['：', ':']) {
                if label(head) == l && usable(tail) {
                    return Some(Found::at(tail.trim_matches('　').trim(), &c.place));
                }
            }
            if label(&c.text) != l {
                continue;
            }
            let value = row[i + 1..]
                .iter()
                .find(|v| !v.text.is_empty() && v.text != c.text)?;
            if !usable(&value.text) {
                return None;
            }
            return Some(Found::at(
                value.text.trim_matches('　').trim(),
                &value.place,
            ));
        }
    }
    None
}

/// The 项目资金 block: the row whose cells are 全年预算数 (A) and 全年执行数 (B), and below it
/// the 年度资金总额 row.
fn budget(rows: &[Vec<Cell>], r: &mut Report) {
    for (k, row) in rows.iter().enumerate() {
        let at = |words: &[&str]| row.iter().position(|c| label_is(&c.text, words));
        let (Some(b), Some(e)) = (at(&["全年预算数"]), at(&["全年执行数"])) else {
            continue;
        };
        let score = at(&["得分", "自评得分"]);
        let total = rows[k + 1..].iter().take(4).find(|line| {
            line.iter().any(|c| {
                label_is(
                    &c.text,
                    &[
                        "年度资金总额",
                        "年度资金",
                        "资金总额",
                        "合计",
                        "年度资金总计",
                    ],
                )
            })
        });
        if let Some(line) = total {
            let cell = |i: usize| line.get(i).filter(|c| !c.text.is_empty());
            if let (Some(bc), Some(ec)) = (cell(b), cell(e)) {
                r.budget = Some((
                    Found::at(bc.text.clone(), &bc.place),
                    Found::at(ec.text.clone(), &ec.place),
                ));
            }
            r.budget_score = score
                .and_then(cell)
                .map(|c| Found::at(c.text.clone(), &c.place));
        }
        return;
    }
}

/// `2022年度部门整体支出绩效自评表` → 2022: four digits from 2000 to 2099 followed by 年
/// (full-width digits, `２０２３年度`, read as their ASCII twins).
pub fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    for i in 0..chars.len().saturating_sub(4) {
        let digits = &chars[i..i + 4];
        let before_ok = i == 0 || !chars[i - 1].is_ascii_digit();
        let after = chars[i + 4..].iter().find(|c| !c.is_whitespace());
        if before_ok
            && digits[0] == '2'
            && digits[1] == '0'
            && digits.iter().all(char::is_ascii_digit)
            && after == Some(&'年')
        {
            return digits.iter().collect::<String>().parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_four_digits_before_nian() {
        assert_eq!(year_in("2022年度部门整体支出绩效自评表"), Some(2022));
        assert_eq!(year_in("芷江县 2023 年度部门整体支出"), Some(2023));
        assert_eq!(year_in("12022年"), None);
        assert_eq!(year_in("２０２３年度项目支出绩效自评表"), Some(2023));
        assert_eq!(year_in("项目支出绩效目标自评表 2"), None);
    }
}
