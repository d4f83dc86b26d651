//! Choosing a reading of a `待定`: the edits that put it in the scheme, as a person deciding
//! would write them. A reading is scheme text: its `输入` lines are declarations (they replace
//! the input's declaration, or join the inputs), its other lines go where the `待定` stands;
//! a reading that is only points (`3分`) is the points of the indicator holding the `待定`. A
//! `待定` without readings (a confirmation: 标准、说明是否读对) is taken as drafted: removed.
//!
//! The editor offers each reading as a quick fix (`采用读法`); `jixiao` tests choose the
//! shipped scheme's readings in the 澧县 draft through [`choose`].

use crate::base::number;
use crate::base::source::{FileId, Sources};
use crate::base::units::UnitWord;
use crate::syntax::ast::{File, IndicatorDecl, Item, Pending};

/// A replacement: the byte range of the file and its new text (an empty range inserts).
pub type Edit = (usize, usize, String);

/// Every `待定` of `ast` in the order written, each with the innermost indicator holding it.
pub fn pendings(ast: &File) -> Vec<(&Pending, Option<&IndicatorDecl>)> {
    fn walk<'a>(d: &'a IndicatorDecl, out: &mut Vec<(&'a Pending, Option<&'a IndicatorDecl>)>) {
        out.extend(d.pending.iter().map(|p| (p, Some(d))));
        d.children.iter().for_each(|c| walk(c, out));
    }
    let mut out = Vec::new();
    for item in &ast.items {
        match item {
            Item::Pending(p) => out.push((p, None)),
            Item::Indicator(d) => walk(d, &mut out),
            _ => {}
        }
    }
    out.sort_by_key(|(p, _)| p.span.start);
    out
}

/// Whether a reading is points alone (`3分`).
fn points_only(reading: &str) -> bool {
    let r = reading.trim();
    r.ends_with('分') && number::parse(r).is_ok_and(|w| w.unit == Some(UnitWord::Points))
}

/// The range of the whole lines a span covers, when only blanks stand around it on them.
fn whole_lines(text: &str, start: usize, end: usize) -> (usize, usize) {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    let blank_before = text[line_start..start].trim().is_empty();
    let blank_after = text[end..line_end].trim().is_empty();
    if blank_before && blank_after {
        (line_start, line_end)
    } else {
        (start, end)
    }
}

/// The edits that put `reading` (of `pending`, inside `holder`) in place.
///
/// # Errors
/// A points reading for a `待定` outside every indicator, in Chinese.
pub fn edits(
    text: &str,
    ast: &File,
    pending: &Pending,
    holder: Option<&IndicatorDecl>,
    reading: Option<&str>,
) -> Result<Vec<Edit>, String> {
    let (start, end) = (pending.span.start as usize, pending.span.end as usize);
    let Some(reading) = reading else {
        let (s, e) = whole_lines(text, start, end);
        return Ok(vec![(s, e, String::new())]);
    };
    if points_only(reading) {
        let d = holder.ok_or("这一读法是分值，但待定不在指标里")?;
        let (s, e) = whole_lines(text, start, end);
        let q = d.points.span;
        return Ok(vec![
            (q.start as usize, q.end as usize, reading.trim().to_string()),
            (s, e, String::new()),
        ]);
    }
    let lines: Vec<&str> = reading
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let (inputs, here): (Vec<&str>, Vec<&str>) = lines
        .iter()
        .partition(|l| l.starts_with("输入 ") || l.starts_with("输入\u{3000}"));
    let mut out = Vec::new();
    let declared: Vec<_> = ast
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Input(d) => Some(d),
            _ => None,
        })
        .collect();
    let mut added = String::new();
    for line in inputs {
        let name = line["输入".len()..]
            .trim_start()
            .split(['：', ':'])
            .next()
            .unwrap_or("")
            .trim();
        match declared.iter().find(|d| d.name.text == name) {
            Some(d) => out.push((d.span.start as usize, d.span.end as usize, line.to_string())),
            None => {
                added.push('\n');
                added.push_str(line);
            }
        }
    }
    if !added.is_empty() {
        match declared.last() {
            Some(d) => out.push((d.span.end as usize, d.span.end as usize, added)),
            None => {
                // After the header (before any comment that leads the first indicator).
                let first = ast
                    .items
                    .iter()
                    .position(|i| matches!(i, Item::Indicator(_)));
                let header = ast.items[..first.unwrap_or(ast.items.len())].last();
                match header {
                    Some(h) => {
                        let at = h.span().end as usize;
                        out.push((at, at, format!("\n{added}")));
                    }
                    None => out.push((0, 0, format!("{}\n\n", added.trim_start()))),
                }
            }
        }
    }
    if here.is_empty() {
        let (s, e) = whole_lines(text, start, end);
        out.push((s, e, String::new()));
    } else {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..start];
        let indent = if indent.trim().is_empty() { indent } else { "" };
        out.push((start, end, here.join(&format!("\n{indent}"))));
    }
    Ok(out)
}

/// `text` with `edits` made (they must not overlap).
pub fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, new) in edits {
        out.replace_range(s..e, &new);
    }
    out
}

/// The scheme `text` (file `name`) with the `index`-th `待定` (from 0, in the order written)
/// decided: its `reading`-th reading (from 0) put in place, or, for `None`, taken as drafted.
/// The result is formatted.
///
/// # Errors
/// The text does not parse, there is no such `待定` or reading, or the result does not parse
/// (the reading was edited into something else), in Chinese.
pub fn choose(
    text: &str,
    name: &str,
    index: usize,
    reading: Option<usize>,
) -> Result<String, String> {
    let mut sources = Sources::new();
    let file: FileId = sources.add(name, text);
    let ast = crate::syntax::parse(&sources, file).map_err(|d| {
        format!(
            "方案无法解析：{}",
            d.first().map(|d| d.message()).unwrap_or_default()
        )
    })?;
    let all = pendings(&ast);
    let (p, holder) = all
        .get(index)
        .ok_or_else(|| format!("没有第 {} 个待定（共 {} 个）", index + 1, all.len()))?;
    let chosen = match reading {
        Some(k) => Some(p.readings.get(k).map(|t| t.text.as_str()).ok_or_else(|| {
            format!(
                "这个待定没有第 {} 种读法（共 {} 种）",
                k + 1,
                p.readings.len()
            )
        })?),
        None => None,
    };
    let out = apply(text, edits(text, &ast, p, *holder, chosen)?);
    let mut sources = Sources::new();
    let f = sources.add(name, &out);
    crate::syntax::format(&sources, f).map_err(|d| {
        format!(
            "采用后的方案无法解析：{}",
            d.first().map(|d| d.message()).unwrap_or_default()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::choose;

    #[test]
    fn a_reading_goes_where_a_person_would_write_it() {
        // Its input joins the header, above the comment that leads the first indicator.
        let text = "方案 甲\n年度 2020\n满分 5分\n\n// 第一部分\n指标 乙 5分 {\n  待定 \"\" \"问\" {\n    \"输入 乙：评审打分 [0, 5]\n     值 乙\n     评审打分\"\n  }\n}\n";
        let out = choose(text, "a.jx", 0, Some(0)).expect("chosen");
        assert_eq!(
            out,
            "方案 甲\n年度 2020\n满分 5分\n\n输入 乙：评审打分 [0, 5]\n\n// 第一部分\n指标 乙 5分 {\n  值 乙\n  评审打分\n}\n"
        );
        // A declaration the reading gives again is replaced; points go on the indicator.
        let text = "方案 甲\n年度 2020\n满分 5分\n输入 b：人\n\n指标 乙 5分 {\n  值 b\n  待定 \"\" \"问\" { \"输入 b：人 > 0\" }\n  待定 \"\" \"几分\" { \"4分\" }\n  评审打分\n}\n";
        let out = choose(text, "a.jx", 0, Some(0)).expect("chosen");
        assert!(out.contains("输入 b：人 > 0\n\n指标"), "{out}");
        let out = choose(&out, "a.jx", 0, Some(0)).expect("chosen");
        assert!(
            out.contains("指标 乙 4分 {\n  值 b\n  评审打分\n}"),
            "{out}"
        );
        // No such 待定 or reading: said.
        assert!(choose(&out, "a.jx", 0, Some(0)).is_err());
    }
}
