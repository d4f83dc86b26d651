//! A found report written as the YAML report a person reads, corrects and keeps: the keys the
//! report reader reads (README 报告格式), every value quoted as written, each line followed by
//! a comment with its place in the source file, and what was not found said at the top.

use std::fmt::Write as _;

use super::{Datum, Found, Report};

/// The name of the 项目资金 line's indicator in the form schemes (`schemes/ziping/2020.jx`).
const BUDGET_INDICATOR: &str = "预算执行率";

/// `text` as a YAML double-quoted scalar.
pub fn quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// `text` for a comment: on one line (a cell's line breaks, Alt+Enter in a merged title,
/// would start a new YAML line), each run of blanks and control characters one blank.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A number as written when it is a plain one (`107.49`, `6`), else quoted for the reader to
/// judge (`10分`, `六万`).
fn number(text: &str) -> String {
    let t = text.trim();
    let plain = !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && t.chars().filter(|c| *c == '.').count() <= 1
        && t.parse::<rust_decimal::Decimal>().is_ok();
    if plain {
        t.to_string()
    } else {
        quote(t)
    }
}

/// The report as YAML; `source` is the file it was read from, as given.
pub fn write(r: &Report, source: &str) -> String {
    let source = &one_line(source);
    let mut y = String::new();
    let at = |f: &Found| {
        if f.place.is_empty() {
            String::new()
        } else {
            format!("  # {source}{}", f.place)
        }
    };
    let _ = writeln!(
        y,
        "# 由 jixiao import 从 `{source}` 的{}读出；请核对后保存。",
        r.table
    );
    if let Some(t) = &r.title {
        let _ = writeln!(y, "# 表题：{}", one_line(t));
    }
    let mut missing = Vec::new();
    match &r.unit {
        Some(u) => {
            let _ = writeln!(y, "单位: {}{}", quote(&u.text), at(u));
        }
        None => missing.push("单位"),
    }
    if let Some(p) = &r.project {
        let _ = writeln!(y, "项目: {}{}", quote(&p.text), at(p));
    }
    match &r.year {
        Some((year, from)) => {
            let _ = writeln!(
                y,
                "年度: {year}  # 取自“{}”{}",
                one_line(&from.text),
                at(from).replacen("  # ", "，", 1)
            );
        }
        None => missing.push("年度"),
    }
    if let Some((b, e)) = &r.budget {
        let _ = writeln!(
            y,
            "预算执行: {{全年预算数: {}, 全年执行数: {}}}{}",
            number(&b.text),
            number(&e.text),
            at(b)
        );
    }
    if !r.rows.is_empty() {
        y.push_str("绩效指标:\n");
        for row in &r.rows {
            let cells: Vec<String> = row
                .cells
                .iter()
                .filter(|(_, t)| !t.is_empty())
                .map(|(k, t)| format!("{k}: {}", quote(t)))
                .collect();
            let _ = writeln!(y, "  - {{{}}}  # {source}{}", cells.join(", "), row.place);
        }
    }
    if !r.data.is_empty() || !r.needs.is_empty() {
        y.push_str("数据:\n");
        for (name, d) in &r.data {
            let (value, place) = match d {
                Datum::Value(v) => (number(&v.text), v),
                Datum::List(items, first) => {
                    let items: Vec<String> = items.iter().map(|i| quote(i)).collect();
                    (format!("[{}]", items.join(", ")), first)
                }
                Datum::Review { score, reason } => (
                    format!(
                        "{{得分: {}, 理由: {}}}",
                        number(&score.text),
                        quote(&reason.text)
                    ),
                    score,
                ),
            };
            let _ = writeln!(y, "  {}: {value}{}", quote(name), at(place));
        }
    }
    if !r.needs.is_empty() {
        y.push_str("  # 方案需要、表中没有的输入：请核对原文后去掉 # 填写（不填即不计分）\n");
    }
    for (name, candidates) in &r.needs {
        let _ = writeln!(y, "  # {}:", quote(name));
        for c in candidates {
            let _ = writeln!(y, "  #   候选：{source}{}“{}”", c.place, one_line(&c.text));
        }
    }
    let mut own = Vec::new();
    if let Some(s) = &r.budget_score {
        own.push(format!("{BUDGET_INDICATOR}: {}", number(&s.text)));
    }
    if let Some(s) = &r.self_total {
        own.push(format!("总分: {}", number(&s.text)));
    }
    if !own.is_empty() {
        let _ = writeln!(y, "自评: {{{}}}", own.join(", "));
    }
    if !r.problems.is_empty() {
        y.push_str("读取提示:  # 原文件中须核对的地方：读不出而略去的、隐藏却照样读取的\n");
        for p in &r.problems {
            let _ = writeln!(
                y,
                "  - {{位置: {}, 提示: {}}}",
                quote(&format!("{source}{}", p.place_text())),
                quote(&p.text)
            );
        }
    }
    if !missing.is_empty() {
        let example = if missing[0] == "单位" {
            "单位: 某某局"
        } else {
            "年度: 2023"
        };
        let _ = writeln!(
            y,
            "# 未找到：{}；请补上（如 `{example}`）后再计分",
            missing.join("、")
        );
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_as_written() {
        assert_eq!(quote("≥95%"), "\"≥95%\"");
        assert_eq!(quote("说\"明\"\\"), "\"说\\\"明\\\"\\\\\"");
        assert_eq!(number("107.49"), "107.49");
        assert_eq!(number("10分"), "\"10分\"");
        assert_eq!(number("1.2.3"), "\"1.2.3\"");
        assert_eq!(
            one_line("2023年度\n项目支出\r\n绩效自评表 "),
            "2023年度 项目支出 绩效自评表"
        );
    }
}
