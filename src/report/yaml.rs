//! The one place that reads report files: YAML (serde_yaml, the design card's choice; a
//! maintained fork can replace it here alone) and JSON (serde_json, scalars taken as raw
//! text).
//!
//! Reading is directed by the scheme: the shape of each `数据` entry is known before its value
//! is read, so numbers are asked for as text (`deserialize_str`) and become decimals from
//! the digits written, never through a binary float. serde_yaml keeps no spans, so
//! [`super::locate`] finds the line of each key in block-style YAML for diagnostics.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;

use super::parse_error::{self, Explained};

/// Says how each `数据` key is to be read.
pub(super) type ShapeOf<'s> = &'s dyn Fn(&str) -> Option<Shape>;

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

/// Reads a report's YAML. `shape` says how each `数据` key is to be read (`None`: not an
/// input of the scheme; skipped). An error is explained in Chinese at its place
/// ([`parse_error`]): a character YAML refuses, brackets nested too deep (refused before
/// parsing, which would take time growing with the square of the depth), a syntax error
/// (found by a second, shape-blind pass when reading failed, since a value of the wrong shape
/// may be met before it), or a value of the wrong shape.
pub fn read(
    text: &str,
    shape: &dyn Fn(&str) -> Option<Shape>,
) -> Result<RawReport, Box<Explained>> {
    if let Some(x) = parse_error::too_deep(text) {
        return Err(Box::new(x));
    }
    let de = serde_yaml::Deserializer::from_str(text);
    let e = match (TopSeed { shape, json: false }).deserialize(de) {
        Ok(r) => return Ok(r),
        Err(e) => e,
    };
    Err(Box::new(explain_yaml(text, &e)))
}

/// A YAML error of `text`, at its root cause.
pub(super) fn explain_yaml(text: &str, e: &serde_yaml::Error) -> Explained {
    if let Some(x) = parse_error::refused_char(text) {
        return x;
    }
    if let Err(syntax) = serde_yaml::from_str::<IgnoredAny>(text) {
        return parse_error::yaml(text, &syntax);
    }
    parse_error::yaml(text, e)
}

/// Reads a report written as JSON (the same keys as YAML): every scalar is taken as its raw
/// text, so numbers become decimals from their digits here too.
pub fn read_json(
    text: &str,
    shape: &dyn Fn(&str) -> Option<Shape>,
) -> Result<RawReport, Box<Explained>> {
    if let Some(x) = parse_error::too_deep_json(text) {
        return Err(Box::new(x));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let out = TopSeed { shape, json: true }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
    out.map_err(|e| Box::new(parse_error::json(text, &e)))
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
                "绩效指标" | "读取提示" => {
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
pub(super) struct EntriesSeed<'s> {
    pub(super) shape: Option<ShapeOf<'s>>,
    pub(super) json: bool,
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
pub(super) struct ScalarSeed {
    pub(super) json: bool,
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
pub(super) struct ListSeed {
    pub(super) json: bool,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
