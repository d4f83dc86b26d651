//! A key written twice: the first value would be silently dropped (YAML and JSON readers keep
//! the last), so it is an error naming the key and both places, and the report is not scored.

use std::collections::HashMap;

use super::yaml::{Raw, RawField, RawReport};
use super::{Reader, ReportError};
use crate::base::diag::Diag;
use crate::base::source::Span;

impl Reader<'_> {
    /// Every key written twice in the same mapping (top level, 数据, 预算执行, 自评, 核定, a
    /// reviewer's score, a row), and every input written in both 数据 and 预算执行.
    pub(super) fn duplicates(&mut self, raw: &RawReport) {
        self.repeated("", raw.fields.iter().map(|(k, _)| k.as_str()));
        let mut inputs: Vec<(&str, &str)> = Vec::new();
        for (block, field) in &raw.fields {
            match field {
                RawField::Entries(entries) => {
                    self.repeated(block, entries.iter().map(|(k, _)| k.as_str()));
                    for (name, value) in entries {
                        if let Raw::Map(m) = value {
                            let at = format!("{block}.{name}");
                            self.repeated(&at, m.iter().map(|(k, _)| k.as_str()));
                        }
                    }
                    if matches!(block.as_str(), "数据" | "预算执行") {
                        inputs.extend(entries.iter().map(|(k, _)| (block.as_str(), k.as_str())));
                    }
                }
                RawField::Rows(rows) => {
                    for (i, row) in rows.iter().enumerate() {
                        let at = format!("{block}.#{i}");
                        self.repeated(&at, row.iter().map(|(k, _)| k.as_str()));
                        self.same_column(&at, row);
                    }
                }
                RawField::Value(_) | RawField::Skipped => {}
            }
        }
        // An input given under both blocks.
        let mut first: HashMap<&str, &str> = HashMap::new();
        for (block, name) in inputs {
            match first.get(name) {
                Some(&b) if b != block => {
                    let kind = ReportError::Duplicate {
                        key: name.to_string(),
                        within: format!("`{b}` 与 `{block}` 中"),
                    };
                    let second = self.at_nth(&format!("{block}.{name}"), false, Some(0));
                    let earlier = self.at_nth(&format!("{b}.{name}"), false, Some(0));
                    self.diags.push(
                        Diag::new(kind, second)
                            .label("又写了一次")
                            .note(earlier, "第一次写在这里"),
                    );
                }
                Some(_) => {}
                None => {
                    first.insert(name, block);
                }
            }
        }
    }

    /// A row's column written under two of its names (`完成值` and `实际完成值`).
    fn same_column(&mut self, at: &str, row: &[(String, Raw)]) {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (key, _) in row {
            let Some(column) = super::columns::canonical(key) else {
                continue;
            };
            match seen.get(column) {
                Some(&first) if first != key => {
                    let row_no: usize = at
                        .rsplit_once(".#")
                        .and_then(|(_, r)| r.parse().ok())
                        .unwrap_or(0);
                    let block = at.split_once(".#").map_or(at, |(b, _)| b);
                    let kind = ReportError::DuplicateColumn {
                        first: first.to_string(),
                        second: key.clone(),
                        column: column.to_string(),
                        within: format!("`{block}` 第 {} 行", row_no + 1),
                    };
                    let second = self.at_nth(&format!("{at}.{key}"), false, Some(0));
                    let earlier = self.at_nth(&format!("{at}.{first}"), false, Some(0));
                    let mut d = Diag::new(kind, second).label("又写了一次");
                    if earlier != second {
                        d = d.note(earlier, "第一次写在这里");
                    }
                    self.diags.push(d);
                }
                Some(_) => {}
                None => {
                    seen.insert(column, key);
                }
            }
        }
    }

    /// Numbers cut by a comma inside `{…}`: an entry whose value ends in a digit followed by
    /// one whose key is digits and has no value (`{全年预算数: 1,200}` read as `全年预算数: 1`
    /// and `200`). No key of a report is made of digits alone, so this is never a real key;
    /// the digit groups are dropped after being said, so that they are not also unknown keys.
    pub(super) fn flow_commas(&mut self, raw: &mut RawReport) {
        for (block, field) in &mut raw.fields {
            match field {
                RawField::Entries(entries) => self.cut_numbers(block, entries),
                RawField::Rows(rows) => {
                    for (i, row) in rows.iter_mut().enumerate() {
                        self.cut_numbers(&format!("{block}.#{i}"), row);
                    }
                }
                RawField::Value(_) | RawField::Skipped => {}
            }
        }
    }

    fn cut_numbers(&mut self, at: &str, entries: &mut Vec<(String, Raw)>) {
        let is_group = |(k, v): &(String, Raw)| {
            matches!(v, Raw::Null) && !k.is_empty() && k.chars().all(|c| c.is_ascii_digit())
        };
        let mut i = 0;
        while i + 1 < entries.len() {
            let n = entries[i + 1..].iter().take_while(|e| is_group(e)).count();
            let (key, value) = &entries[i];
            let first = match value {
                Raw::Scalar(f) if n > 0 && f.ends_with(|c: char| c.is_ascii_digit()) => f.clone(),
                _ => {
                    i += 1;
                    continue;
                }
            };
            let key = key.clone();
            let groups: Vec<String> = entries.drain(i + 1..i + 1 + n).map(|(k, _)| k).collect();
            let text = format!("{first},{}", groups.join(","));
            let span = self
                .written_after(&key, &text)
                .unwrap_or_else(|| self.at_nth(&format!("{at}.{key}"), false, Some(0)));
            let kind = ReportError::FlowComma {
                key,
                plain: format!("{first}{}", groups.concat()),
                text,
                first,
                rest: groups.join("、"),
            };
            self.diags
                .push(Diag::new(kind, span).label("逗号把这个数拆开了"));
            i += 1;
        }
    }

    /// Where `text` is written as the value of `key` (`key: text`, `"key": text`).
    fn written_after(&self, key: &str, text: &str) -> Option<Span> {
        let all = &*self.text;
        all.match_indices(text).find_map(|(m, _)| {
            let before = all[..m].trim_end_matches([' ', '\t']);
            let before = before.strip_suffix([':', '：'])?;
            let before = before.trim_end_matches([' ', '\t', '"', '\'']);
            before
                .ends_with(key)
                .then(|| Span::new(self.file, m, m + text.len()))
        })
    }

    /// The keys of one mapping (at dotted path `at`; "" for the top level) written twice.
    fn repeated<'k>(&mut self, at: &str, keys: impl Iterator<Item = &'k str>) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for key in keys {
            let n = seen.entry(key).or_insert(0);
            *n += 1;
            if *n != 2 {
                continue;
            }
            let path = if at.is_empty() {
                key.to_string()
            } else {
                format!("{at}.{key}")
            };
            let within = if at.is_empty() {
                "报告顶层".to_string()
            } else if let Some((block, row)) = at.split_once(".#") {
                let row: usize = row.parse().unwrap_or(0);
                format!("`{block}` 第 {} 行", row + 1)
            } else {
                format!("`{at}` 中")
            };
            let kind = ReportError::Duplicate {
                key: key.to_string(),
                within,
            };
            let first = self.at_nth(&path, false, Some(0));
            let second = self.at_nth(&path, false, Some(1));
            let mut d = Diag::new(kind, second).label("又写了一次");
            if first != second {
                d = d.note(first, "第一次写在这里");
            }
            self.diags.push(d);
        }
    }
}
