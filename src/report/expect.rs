//! An `期望:` block as written: its keys and values as text, for `jixiao test` to read.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::parse_error::Explained;
use super::yaml::{explain_yaml, EntriesSeed, ListSeed, Raw, ScalarSeed};

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
pub fn read_expectations(text: &str) -> Result<Vec<RawExpect>, Box<Explained>> {
    if let Some(x) = super::parse_error::too_deep(text) {
        return Err(Box::new(x));
    }
    let de = serde_yaml::Deserializer::from_str(text);
    ExpectTop
        .deserialize(de)
        .map_err(|e| Box::new(explain_yaml(text, &e)))
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
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
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
