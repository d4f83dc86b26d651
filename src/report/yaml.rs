//! The one place that reads report files: YAML (serde_yaml, the design card's choice; a
//! maintained fork can replace it here alone) and JSON (serde_json, scalars taken as raw
//! text).
//!
//! Reading is directed by the scheme: the shape of each `数据` entry is known before its value
//! is read, so numbers are asked for as text (`deserialize_str`) and become decimals from
//! the digits written, never through a binary float. serde_yaml keeps no spans, so
//! [`locate`] finds the line of each key in block-style YAML for diagnostics.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;

/// Says how each `数据` key is to be read.
type ShapeOf<'s> = &'s dyn Fn(&str) -> Option<Shape>;

/// The shape a `数据` entry must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A scalar, read as its text.
    Scalar,
    /// A list of names (or one name).
    List,
    /// A mapping of names to scalars (a reviewer's `{得分, 理由}`).
    Map,
}

/// A value read from the file, still as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raw {
    /// Empty or `~`: nothing written.
    Null,
    /// A scalar's text.
    Scalar(String),
    /// A list of texts.
    List(Vec<String>),
    /// A mapping of texts.
    Map(Vec<(String, String)>),
}

/// The report's top level, as text.
#[derive(Debug, Default)]
pub struct RawReport {
    /// Keys and values in order; `数据`, `自评` and `核定` are read as maps.
    pub fields: Vec<(String, RawField)>,
}

/// One top-level field.
#[derive(Debug)]
pub enum RawField {
    /// A scalar (单位, 年度, 项目).
    Value(Raw),
    /// A mapping (数据, 自评, 核定).
    Entries(Vec<(String, Raw)>),
    /// A list of mappings (绩效指标: the rows of a form).
    Rows(Vec<Vec<(String, Raw)>>),
    /// A field read by a later stage or not at all (期望, unknown keys).
    Skipped,
}

/// A YAML error, with its 1-based line and column when serde_yaml gives them.
#[derive(Debug)]
pub struct YamlError {
    /// serde_yaml's message.
    pub message: String,
    /// Line and column.
    pub at: Option<(usize, usize)>,
}

/// Reads a report's YAML. `shape` says how each `数据` key is to be read (`None`: not an
/// input of the scheme; skipped).
pub fn read(text: &str, shape: &dyn Fn(&str) -> Option<Shape>) -> Result<RawReport, YamlError> {
    let de = serde_yaml::Deserializer::from_str(text);
    TopSeed { shape, json: false }
        .deserialize(de)
        .map_err(|e| YamlError {
            message: e.to_string(),
            at: e.location().map(|l| (l.line(), l.column())),
        })
}

/// Reads a report written as JSON (the same keys as YAML): every scalar is taken as its raw
/// text, so numbers become decimals from their digits here too.
pub fn read_json(
    text: &str,
    shape: &dyn Fn(&str) -> Option<Shape>,
) -> Result<RawReport, YamlError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let out = TopSeed { shape, json: true }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
    out.map_err(|e| YamlError {
        message: json_message(&e),
        at: Some((e.line(), e.column())),
    })
}

/// serde_json's message in Chinese where it is one of the common ones, without the position
/// (the diagnostic shows it).
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text).to_string();
    let known = [
        ("trailing comma", "最后一项后面多了逗号"),
        (
            "EOF while parsing",
            "文件在读完之前就结束了（括号或引号没有成对）",
        ),
        ("expected value", "此处应为一个值"),
        ("expected `,` or `}`", "此处应为 `,` 或 `}`"),
        ("expected `,` or `]`", "此处应为 `,` 或 `]`"),
        ("key must be a string", "键要用英文双引号括起"),
        ("trailing characters", "JSON 结束后还有多余的内容"),
    ];
    known
        .iter()
        .find(|(en, _)| text.starts_with(en))
        .map_or(text.clone(), |(_, zh)| (*zh).to_string())
}

struct TopSeed<'s> {
    shape: &'s dyn Fn(&str) -> Option<Shape>,
    json: bool,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = RawReport;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<RawReport, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = RawReport;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("报告（以 `单位:` 开头的键值对）")
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawReport, E> {
        Ok(RawReport::default())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawReport, A::Error> {
        let mut out = RawReport::default();
        while let Some(key) = map.next_key::<String>()? {
            let field = match key.as_str() {
                "单位" | "年度" | "项目" => {
                    RawField::Value(map.next_value_seed(ScalarSeed { json: self.json })?)
                }
                "数据" | "预算执行" => {
                    RawField::Entries(map.next_value_seed(EntriesSeed {
                        shape: Some(self.shape),
                        json: self.json,
                    })?)
                }
                "绩效指标" => {
                    RawField::Rows(map.next_value_seed(RowsSeed { json: self.json })?)
                }
                "自评" | "核定" => RawField::Entries(map.next_value_seed(EntriesSeed {
                    shape: None,
                    json: self.json,
                })?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    RawField::Skipped
                }
            };
            out.fields.push((key, field));
        }
        Ok(out)
    }
}

/// A mapping whose values have the shapes `shape` gives (all scalars when `None`).
struct EntriesSeed<'s> {
    shape: Option<ShapeOf<'s>>,
    json: bool,
}

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = Vec<(String, Raw)>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_> {
    type Value = Vec<(String, Raw)>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("键值对（名称: 值）")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let shape = match self.shape {
                Some(f) => f(&key),
                None => Some(Shape::Scalar),
            };
            let raw = match shape {
                Some(Shape::Scalar) => map.next_value_seed(ScalarSeed { json: self.json })?,
                Some(Shape::List) => map.next_value_seed(ListSeed { json: self.json })?,
                Some(Shape::Map) => Raw::Map(
                    map.next_value_seed(EntriesSeed {
                        shape: None,
                        json: self.json,
                    })?
                    .into_iter()
                    .map(|(k, v)| (k, scalar_text(v)))
                    .collect(),
                ),
                None => {
                    map.next_value::<IgnoredAny>()?;
                    Raw::Null
                }
            };
            out.push((key, raw));
        }
        Ok(out)
    }
}

/// A list of rows, each a mapping of scalars.
struct RowsSeed {
    json: bool,
}

impl<'de> DeserializeSeed<'de> for RowsSeed {
    type Value = Vec<Vec<(String, Raw)>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed {
    type Value = Vec<Vec<(String, Raw)>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "指标行的列表，每行如 {一级: 产出指标, 二级: 数量指标, 三级: …, 指标值: …, 完成值: …}",
        )
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(row) = seq.next_element_seed(EntriesSeed {
            shape: None,
            json: self.json,
        })? {
            out.push(row);
        }
        Ok(out)
    }
}

fn scalar_text(r: Raw) -> String {
    match r {
        Raw::Scalar(s) => s,
        _ => String::new(),
    }
}

/// A scalar, as the text written (numbers included).
struct ScalarSeed {
    json: bool,
}

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Raw;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        if self.json {
            // JSON: the scalar's raw text, so that a number keeps the digits written.
            let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
            json_scalar(raw.get()).map_err(de::Error::custom)
        } else {
            d.deserialize_str(self)
        }
    }
}

/// A JSON scalar's text: strings unquoted, numbers and booleans as written, `null` empty.
fn json_scalar(text: &str) -> Result<Raw, String> {
    let t = text.trim();
    match t.as_bytes().first() {
        Some(b'"') => {
            let s: String = serde_json::from_str(t).map_err(|e| e.to_string())?;
            Ok(match s.trim() {
                "" | "~" => Raw::Null,
                _ => Raw::Scalar(s),
            })
        }
        Some(b'{' | b'[') => {
            Err("类型不对：应为一个值（数字或文字），不能是列表或键值对".to_string())
        }
        _ if t == "null" => Ok(Raw::Null),
        _ => Ok(Raw::Scalar(t.to_string())),
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("一个值（数字或文字），不能是列表或键值对")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(match v.trim() {
            "" | "~" | "null" | "Null" | "NULL" => Raw::Null,
            _ => Raw::Scalar(v.to_string()),
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
}

/// A list of names, or a single name.
struct ListSeed {
    json: bool,
}

impl<'de> DeserializeSeed<'de> for ListSeed {
    type Value = Raw;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("清单项的列表，如 [甲, 乙]")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::List(vec![v.to_string()]))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element_seed(ScalarSeed { json: self.json })? {
            out.push(scalar_text(item));
        }
        Ok(Raw::List(out))
    }
}

/// Where a key sits in the text: the key's byte range and the value's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Byte range of the key.
    pub key: (usize, usize),
    /// Byte range of the value on the key's line (empty when it starts below).
    pub value: (usize, usize),
}

/// Finds each block-style key's place, by dotted path (`数据.编制数`). Keys in flow style
/// (`{…}`) are not listed; callers fall back to the enclosing key.
pub fn locate(text: &str) -> HashMap<String, Place> {
    let mut out = HashMap::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut items: HashMap<String, usize> = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let content = &body[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (indent, content) = match content.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                // A list item: `绩效指标.#3` is the fourth item under `绩效指标`.
                while stack
                    .last()
                    .is_some_and(|(i, k)| *i > indent || (*i == indent && k.starts_with('#')))
                {
                    stack.pop();
                }
                let parent: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
                let parent = parent.join(".");
                let n = items.entry(parent.clone()).or_insert(0usize);
                let key = format!("#{n}");
                *n += 1;
                let s0 = start + indent;
                let e0 = start + indent + content.trim_end().len();
                out.insert(
                    format!("{parent}.{key}"),
                    Place {
                        key: (s0, e0),
                        value: (s0, e0),
                    },
                );
                stack.push((indent, key));
                let lead = rest.len() - rest.trim_start().len();
                (indent + 1 + lead, rest.trim_start())
            }
            _ => (indent, content),
        };
        if content.is_empty() || content.starts_with('{') {
            continue;
        }
        let Some(colon) = find_key_colon(content) else {
            continue;
        };
        let key = content[..colon]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        path.push(&key);
        let value_text = &content[colon + 1..];
        let lead = value_text.len() - value_text.trim_start().len();
        let value_body = value_text.trim_start();
        let value_len = value_body.find(" #").unwrap_or(value_body.len());
        let vstart = start + indent + colon + 1 + lead;
        out.insert(
            path.join("."),
            Place {
                key: (start + indent, start + indent + colon),
                value: (vstart, vstart + value_body[..value_len].trim_end().len()),
            },
        );
        stack.push((indent, key));
    }
    out
}

/// The byte index of the `:` that ends a key (followed by a space or the end of line).
fn find_key_colon(s: &str) -> Option<usize> {
    let mut in_quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i == 0 => in_quote = Some(c),
            (None, ':') => {
                let next = s[i + 1..].chars().next();
                if next.is_none_or(|n| n == ' ' || n == '\t') {
                    return Some(i);
                }
            }
            (None, '{' | '[') => return None,
            _ => {}
        }
    }
    None
}

/// One value of an `期望` block: a scalar, or (for `指标`) a mapping of scalars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectValue {
    /// A scalar's text.
    Scalar(Raw),
    /// Names and their texts.
    Entries(Vec<(String, Raw)>),
}

/// One expectation block, its keys in order.
pub type RawExpect = Vec<(String, ExpectValue)>;

/// The report's `期望` blocks (one mapping, or a list of them), every other key skipped.
/// Numbers stay text, as everywhere in reports.
pub fn read_expectations(text: &str) -> Result<Vec<RawExpect>, YamlError> {
    let de = serde_yaml::Deserializer::from_str(text);
    ExpectTop.deserialize(de).map_err(|e| YamlError {
        message: e.to_string(),
        at: e.location().map(|l| (l.line(), l.column())),
    })
}

struct ExpectTop;

impl<'de> DeserializeSeed<'de> for ExpectTop {
    type Value = Vec<RawExpect>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ExpectTop {
    type Value = Vec<RawExpect>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("报告（键值对）")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "期望" {
                out.extend(map.next_value_seed(ExpectBlocks)?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// `期望:` as one mapping or a list of mappings.
struct ExpectBlocks;

impl<'de> DeserializeSeed<'de> for ExpectBlocks {
    type Value = Vec<RawExpect>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ExpectBlocks {
    type Value = Vec<RawExpect>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("期望（如 `总分: 71.60`、`等级: 中`），或这样的键值对的列表")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(vec![ExpectBlock.visit_map(map)?])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(b) = seq.next_element_seed(ExpectBlock)? {
            out.push(b);
        }
        Ok(out)
    }
}

/// One expectation: scalars, and `指标` as a mapping.
struct ExpectBlock;

impl<'de> DeserializeSeed<'de> for ExpectBlock {
    type Value = RawExpect;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ExpectBlock {
    type Value = RawExpect;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("期望的键值对（如 `总分: 71.60`）")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let v = match key.as_str() {
                "指标" | "indicators" => {
                    ExpectValue::Entries(map.next_value_seed(EntriesSeed {
                        shape: None,
                        json: false,
                    })?)
                }
                // One id, or a list of them.
                "诊断" | "diagnostic" | "diagnostics" => {
                    ExpectValue::Scalar(match map.next_value_seed(ListSeed { json: false })? {
                        Raw::List(ids) => Raw::Scalar(ids.join("、")),
                        other => other,
                    })
                }
                _ => ExpectValue::Scalar(map.next_value_seed(ScalarSeed { json: false })?),
            };
            out.push((key, v));
        }
        Ok(out)
    }
}

/// Where the key at `path` (`数据.编制数`, `绩效指标.#2.实际`) is in a JSON text: each
/// segment's quoted name searched after the previous one; list items are not counted, so a
/// row's key points at its first occurrence after the list.
pub fn json_place(text: &str, path: &str) -> Option<Place> {
    let mut from = 0;
    let mut key = None;
    for seg in path.split('.').filter(|s| !s.starts_with('#')) {
        let quoted = format!("\"{seg}\"");
        let at = from + text.get(from..)?.find(&quoted)?;
        key = Some((at, at + quoted.len()));
        from = at + quoted.len();
    }
    let (ks, ke) = key?;
    let rest = &text[ke..];
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let skip = after.len() - after.trim_start().len();
    let vs = ke + colon + 1 + skip;
    let value = &text[vs..];
    let len = if let Some(inner) = value.strip_prefix('"') {
        inner.find('"').map_or(value.len(), |i| i + 2)
    } else {
        value.find([',', '}', ']', '\n']).unwrap_or(value.len())
    };
    Some(Place {
        key: (ks, ke),
        value: (vs, vs + value[..len].trim_end().len()),
    })
}

/// The report's `年度` read from its top-level `年度:` line without parsing the document,
/// to choose the scheme in force before the report is read against it.
pub fn peek_year(text: &str) -> Option<i32> {
    text.lines().find_map(|line| {
        // `年度: 2024` in YAML; `"年度": 2024,` in JSON (one key a line, as written here).
        let json = line.trim_start().strip_prefix("\"年度\"");
        let rest = json.or_else(|| line.strip_prefix("年度"))?;
        let rest = rest.trim_end().trim_end_matches(',');
        let rest = rest.trim_start_matches(' ');
        let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
        let value = rest.split(" #").next().unwrap_or(rest).trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        value.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_is_peeked_from_its_line() {
        assert_eq!(
            peek_year("单位: 甲\n年度: 2024  # 注\n数据: {}\n"),
            Some(2024)
        );
        assert_eq!(peek_year("年度：\"2020\"\n"), Some(2020));
        assert_eq!(peek_year("单位: 甲\n  年度: 2020\n"), None);
        assert_eq!(peek_year("年度: 二〇二〇\n"), None);
        assert_eq!(
            peek_year("{\n  \"单位\": \"甲\",\n  \"年度\": 2023,\n"),
            Some(2023)
        );
    }

    #[test]
    fn numbers_arrive_as_their_text() {
        let text = "单位: 甲\n年度: 2020\n数据:\n  编制数: 20\n  支出: 8.310\n  制度: [甲, 乙]\n";
        let shape = |k: &str| match k {
            "制度" => Some(Shape::List),
            _ => Some(Shape::Scalar),
        };
        let r = read(text, &shape).map_err(|e| e.message);
        let Ok(r) = r else { panic!("{r:?}") };
        let data = r.fields.iter().find(|(k, _)| k == "数据");
        let Some((_, RawField::Entries(e))) = data else {
            panic!("no 数据")
        };
        assert_eq!(e[1], ("支出".to_string(), Raw::Scalar("8.310".into())));
        assert_eq!(
            e[2],
            (
                "制度".to_string(),
                Raw::List(vec!["甲".into(), "乙".into()])
            )
        );
    }

    #[test]
    fn locates_block_keys() {
        let text = "单位: 甲\n数据:\n  编制数: 20  # 注\n  在职: 21\n自评:\n  在职: 4\n";
        let places = locate(text);
        let p = places["数据.编制数"];
        assert_eq!(&text[p.value.0..p.value.1], "20");
        assert_eq!(&text[p.key.0..p.key.1], "编制数");
        assert!(places.contains_key("自评.在职"));
        assert!(places.contains_key("数据.在职"));
    }
}
