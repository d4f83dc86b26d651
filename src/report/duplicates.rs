//! A key written twice: the first value would be silently dropped (YAML and JSON readers keep
//! the last), so it is an error naming the key and both places, and the report is not scored.

use std::collections::HashMap;

use super::yaml::{Raw, RawField, RawReport};
use super::{Reader, ReportError};
use crate::base::diag::Diag;

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
