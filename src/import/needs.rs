//! What a fixed-table scheme needs that no table of the file holds (a 部门整体 report states its
//! staff and budgets in sentences: 编制 3+2 名, 收入 116.48 万元). Nothing is filled from prose:
//! each input missing is listed, with the sentences that mention it and a number, and their
//! places, for a person to confirm.

use super::{Found, Report};
use crate::grid::Document;
use crate::ir::Scheme;

/// Beginnings of input names too common to search for alone.
const COMMON: [&str; 8] = [
    "上年", "本年", "年初", "年末", "实际", "全年", "预算", "部门",
];

/// Candidate sentences shown per input.
const PER_INPUT: usize = 2;

/// The longest excerpt of a sentence shown, in characters.
const EXCERPT: usize = 60;

/// The stem searched for an input's name: the name without a trailing 数, 额 or 金额
/// (`编制数` → `编制`, `政府采购实际金额` → `政府采购实际`), at least two characters.
fn stem(name: &str) -> &str {
    for suffix in ["金额", "数", "额"] {
        if let Some(s) = name.strip_suffix(suffix) {
            if s.chars().count() >= 2 {
                return s;
            }
        }
    }
    name
}

/// `…` around the first `word` in `line`, at most [`EXCERPT`] characters.
fn excerpt(line: &str, word: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= EXCERPT {
        return line.to_string();
    }
    let at = line[..line.find(word).unwrap_or(0)].chars().count();
    let start = at.saturating_sub(EXCERPT / 3);
    let end = (start + EXCERPT).min(chars.len());
    let mut s: String = chars[start..end].iter().collect();
    if start > 0 {
        s.insert(0, '…');
    }
    if end < chars.len() {
        s.push('…');
    }
    s
}

/// Lists on `r` the inputs of `scheme` (a fixed table) that it does not hold, each with up to
/// two sentences of `doc` that name it and hold a number.
pub fn list(doc: &Document, scheme: &Scheme, r: &mut Report) {
    if scheme.form.is_some() {
        return;
    }
    for input in scheme.inputs.iter().filter(|i| !i.row) {
        if r.data.iter().any(|(n, _)| *n == input.name) {
            continue;
        }
        // The stem, else its first four characters (`三公经费实际支出` → `三公经费`) unless they
        // begin with a word every report has (上年, 本年 …). Shorter words match too much.
        let stem = stem(&input.name);
        let chars: Vec<char> = stem.chars().collect();
        let mut words = vec![stem.to_string()];
        let four: String = chars.iter().take(4).collect();
        let two: String = chars.iter().take(2).collect();
        if chars.len() > 4 && !COMMON.contains(&two.as_str()) {
            words.push(four);
        }
        let find = |word: &str| -> Vec<Found> {
            doc.text
                .iter()
                .zip(&doc.text_at)
                .filter(|(l, _)| l.contains(word) && l.chars().any(|c| c.is_ascii_digit()))
                .take(PER_INPUT)
                .map(|(l, at)| Found::at(excerpt(l, word), at))
                .collect()
        };
        let candidates = words
            .iter()
            .map(|w| find(w))
            .find(|c| !c.is_empty())
            .unwrap_or_default();
        r.needs.push((input.name.clone(), candidates));
    }
}

/// A report of nothing but the scheme's needs, for a file with no table (its year from the
/// text when it names one).
pub fn skeleton(doc: &Document) -> Report {
    let year = doc.text.iter().zip(&doc.text_at).find_map(|(l, at)| {
        super::header::year_in(l)
            .filter(|_| l.contains("年度"))
            .map(|y| (y, Found::at(l.clone(), at)))
    });
    Report {
        table: "正文".into(),
        year,
        ..Report::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_excerpts() {
        assert_eq!(stem("编制数"), "编制");
        assert_eq!(stem("政府采购实际金额"), "政府采购实际");
        assert_eq!(stem("满意度"), "满意度");
        let long = "甲".repeat(50) + "编制 3 名" + &"乙".repeat(50);
        let e = excerpt(&long, "编制");
        assert!(
            e.starts_with('…') && e.ends_with('…') && e.contains("编制 3 名"),
            "{e}"
        );
    }
}
