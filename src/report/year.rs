//! The year of a report (`年度`), read one way wherever it is needed: to score the report, and
//! to pick the scheme in force for it from a folder of schemes.

use super::yaml::{self, Raw, RawField};

/// The years a report may be of.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A year as a report writes it: `2020`, `"2020 "`, `2020年`, `2020年度`, full-width
/// `２０２０`. `None` when it is not a year in [`YEARS`] (`-2020`, `二〇二〇`, `20200`).
pub fn parse_year(text: &str) -> Option<i32> {
    let t = text.trim();
    let t = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(t)
        .trim();
    if t.is_empty() || t.chars().count() > 4 {
        return None;
    }
    let mut year = 0i32;
    for c in t.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        year = year * 10 + d as i32;
    }
    YEARS.contains(&year).then_some(year)
}

/// The `年度` of report `text` (named `name`: JSON when it ends in `.json`), read as scoring
/// reads it; `None` when the report cannot be read or has no such year.
pub fn year_of(name: &str, text: &str) -> Option<i32> {
    let json = name.to_ascii_lowercase().ends_with(".json");
    // The plain block YAML of most reports, without the general parser.
    if !json {
        if let Some(year) = super::block_yaml::top_scalar(text, "年度") {
            return year.and_then(parse_year);
        }
    }
    year_by_parser(json, text)
}

/// [`year_of`] through the general YAML (or JSON) parser.
fn year_by_parser(json: bool, text: &str) -> Option<i32> {
    let skip = |_: &str| None;
    let raw = if json {
        yaml::read_json(text, &skip)
    } else {
        yaml::read(text, &skip)
    }
    .ok()?;
    raw.fields.iter().find_map(|(k, v)| match (k.as_str(), v) {
        ("年度", RawField::Value(Raw::Scalar(s))) => parse_year(s),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_reader_finds_the_year_the_parser_finds() {
        let mut checked = 0;
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                if p.extension().is_none_or(|x| x != "yaml") {
                    continue;
                }
                if let Some(found) = crate::report::block_yaml::top_scalar(&text, "年度") {
                    checked += 1;
                    assert_eq!(
                        found.and_then(parse_year),
                        year_by_parser(false, &text),
                        "{}",
                        p.display()
                    );
                }
            }
        }
        assert!(checked > 50, "the block reader read {checked} files");
    }

    #[test]
    fn years_are_read_as_written() {
        for (text, year) in [
            ("2020", Some(2020)),
            ("2020 ", Some(2020)),
            (" 2020年", Some(2020)),
            ("2020年度", Some(2020)),
            ("２０２０", Some(2020)),
            ("２０２０年", Some(2020)),
            ("-2020", None),
            ("二〇二〇", None),
            ("20200", None),
            ("1899", None),
            ("", None),
        ] {
            assert_eq!(parse_year(text), year, "{text:?}");
        }
    }

    #[test]
    fn the_year_of_a_report_is_its_key_wherever_it_is_written() {
        assert_eq!(year_of("a.yaml", "单位: 甲\n年度: \"2020 \"\n"), Some(2020));
        assert_eq!(year_of("a.yaml", "{单位: 甲, 年度: 2021年}\n"), Some(2021));
        assert_eq!(
            year_of("a.json", "{\"单位\": \"甲\", \"年度\": 2022}"),
            Some(2022)
        );
        assert_eq!(year_of("a.yaml", "单位: 甲\n数据:\n  年度: 2020\n"), None);
        assert_eq!(year_of("a.yaml", "年度: [2020\n"), None);
        // Written twice: the first that reads as a year, as the parser takes it.
        assert_eq!(year_of("a.yaml", "年度: abc\n年度: 2024\n"), Some(2024));
        assert_eq!(year_of("a.yaml", "年度: ~\n年度: 2024\n"), Some(2024));
    }
}
