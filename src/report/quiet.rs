//! The quiet path of reading: a report with nothing to say (every key the scheme's and
//! written once, every value of its input's type and within its range, no note to make)
//! read straight into the scheme's input and indicator slots as the parser meets each key.
//! Each block is a `DeserializeSeed` that looks the key up and reads the value from its
//! borrowed text; no tree of the file is built, no key is copied, no place is searched for.
//!
//! It never says anything. At the first thing the full reader ([`super::Reader`]) would say
//! something about (an unknown or repeated key, a value out of range, a note such as a
//! percentage written as a fraction, a form's rows, a syntax error) it declines, and the full
//! reader reads the file again and says it: diagnostics and notes have one source. Whenever
//! this path answers, the full reader answers the same report with nothing to say; the tests
//! check this on every report of the repository, the generated reports and the bad-input
//! cases, and the fuzzing properties on mutations of them.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as _;

use super::{block_yaml, InputValue, Report};
use crate::base::number;
use crate::base::units::{Dim, UnitWord};
use crate::ir::{Input, InputKind, Scheme};

/// What a seed gives to stop reading: the full reader takes over.
fn decline<E: de::Error>() -> E {
    E::custom("此报告需完整读取")
}

/// The report of `text` (JSON when `json`, else YAML) read on the quiet path, or `None` when
/// the full reader must read it (it has something to say, or the scheme reads forms).
pub(super) fn read(text: &str, json: bool, scheme: &Scheme) -> Option<Report> {
    if scheme.form.is_some() || super::parse_error::is_too_deep(text, json) {
        return None;
    }
    let mut q = Quiet::new(scheme, json);
    if json {
        let mut de = serde_json::Deserializer::from_str(text);
        Top(&mut q).deserialize(&mut de).ok()?;
        de.end().ok()?;
    } else {
        // The plain block YAML reports are written in, read here; anything else by serde_yaml.
        let read =
            block_yaml::Doc::new(text).and_then(|doc| Top(&mut q).deserialize(doc.root()).ok());
        if read.is_none() {
            q = Quiet::new(scheme, json);
            Top(&mut q)
                .deserialize(serde_yaml::Deserializer::from_str(text))
                .ok()?;
        }
    }
    q.finish()
}

/// The top-level keys read so far, one bit each ([`TopKey`] order).
const TOP_KEYS: usize = 7;

/// What is read so far.
struct Quiet<'s> {
    scheme: &'s Scheme,
    json: bool,
    unit: Option<String>,
    year: Option<i32>,
    project: Option<String>,
    /// Top-level keys met, by [`TopKey`] index; other keys by name (few: `期望`).
    top: [bool; TOP_KEYS],
    others: Vec<String>,
    inputs: Vec<Option<InputValue>>,
    /// Inputs met under `数据` or `预算执行` (given or blank).
    input_met: Vec<bool>,
    /// 自评 then 核定: by indicator, the total, and what was met.
    scores: [Scores; 2],
}

#[derive(Default)]
struct Scores {
    by_node: Vec<Option<Decimal>>,
    met: Vec<bool>,
    total: Option<Decimal>,
    total_met: bool,
}

impl<'s> Quiet<'s> {
    fn new(scheme: &'s Scheme, json: bool) -> Self {
        let n = scheme.nodes.len();
        let scores = || Scores {
            by_node: vec![None; n],
            met: vec![false; n],
            ..Scores::default()
        };
        Quiet {
            scheme,
            json,
            unit: None,
            year: None,
            project: None,
            top: [false; TOP_KEYS],
            others: Vec::new(),
            inputs: vec![None; scheme.inputs.len()],
            input_met: vec![false; scheme.inputs.len()],
            scores: [scores(), scores()],
        }
    }

    fn finish(self) -> Option<Report> {
        // The full reader asks for `数据` (`预算执行` alone is not a report).
        if !self.top[TopKey::Data as usize] {
            return None;
        }
        let (unit, year) = (self.unit?, self.year?);
        let [own, confirmed] = self.scores;
        Some(Report {
            unit,
            year,
            project: self.project,
            inputs: self.inputs,
            self_scores: own.by_node,
            self_total: own.total,
            confirmed: confirmed.by_node,
            confirmed_total: confirmed.total,
            findings: super::year_finding(self.scheme, year).into_iter().collect(),
            rows: Vec::new(),
            row_of: Vec::new(),
            notes: Vec::new(),
        })
    }
}

/// The top-level keys this path reads; any other known key (`绩效指标`, `读取提示`) is
/// [`TopKey::Declined`], and a key of no meaning to scoring (`期望`) is skipped.
#[derive(Clone, Copy)]
enum TopKey {
    Unit,
    Year,
    Project,
    Data,
    Budget,
    Own,
    Confirmed,
    Declined,
    Other,
}

struct Top<'q, 's>(&'q mut Quiet<'s>);

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("报告")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let q = self.0;
        let json = q.json;
        while let Some((key, name)) = map.next_key_seed(Key(|k: &str| {
            let key = match k {
                "单位" => TopKey::Unit,
                "年度" => TopKey::Year,
                "项目" => TopKey::Project,
                "数据" => TopKey::Data,
                "预算执行" => TopKey::Budget,
                "自评" => TopKey::Own,
                "核定" => TopKey::Confirmed,
                "绩效指标" | "读取提示" => TopKey::Declined,
                _ => return Some((TopKey::Other, Some(k.to_string()))),
            };
            Some((key, None))
        }))? {
            match key {
                TopKey::Declined => return Err(decline()),
                TopKey::Other => {
                    let name = name.unwrap_or_default();
                    if q.others.contains(&name) {
                        return Err(decline());
                    }
                    q.others.push(name);
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                _ => {}
            }
            let met = &mut q.top[key as usize];
            if std::mem::replace(met, true) {
                return Err(decline());
            }
            match key {
                TopKey::Unit => {
                    q.unit =
                        Some(map.next_value_seed(Scalar::new(json, |t| t.map(str::to_string)))?);
                }
                TopKey::Year => {
                    q.year = Some(map.next_value_seed(Scalar::new(json, |t| {
                        t.and_then(super::year::parse_year)
                    }))?);
                }
                TopKey::Project => {
                    q.project =
                        map.next_value_seed(Scalar::new(json, |t| Some(t.map(str::to_string))))?;
                }
                TopKey::Data | TopKey::Budget => map.next_value_seed(Data(&mut *q))?,
                TopKey::Own => map.next_value_seed(Given(&mut *q, 0))?,
                TopKey::Confirmed => map.next_value_seed(Given(&mut *q, 1))?,
                TopKey::Declined | TopKey::Other => {}
            }
        }
        Ok(())
    }
}

/// A key, handed to `f` as written; `f` gives what it names, or `None` to decline.
struct Key<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> DeserializeSeed<'de> for Key<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for Key<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("名称")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).ok_or_else(decline)
    }
}

/// A scalar, handed to `f` as the text written (`None`: nothing written, as the full reader
/// takes it: empty, `~`, `null`); `f` gives its value, or `None` to decline.
struct Scalar<F> {
    json: bool,
    f: F,
}

impl<F> Scalar<F> {
    fn new<T>(json: bool, f: F) -> Self
    where
        F: FnOnce(Option<&str>) -> Option<T>,
    {
        Scalar { json, f }
    }
}

impl<'de, T, F: FnOnce(Option<&str>) -> Option<T>> DeserializeSeed<'de> for Scalar<F> {
    type Value = T;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        if !self.json {
            return d.deserialize_str(self);
        }
        // JSON: the raw text, as the full reader takes it (numbers keep their digits).
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
        // The raw text has no blanks around it (serde_json starts it at the value).
        let t = raw.get();
        let text = match t.as_bytes().first() {
            Some(b'"') if !t.contains('\\') && t.len() >= 2 => &t[1..t.len() - 1],
            Some(b'"') => {
                let s: String = serde_json::from_str(t).map_err(|_| decline::<D::Error>())?;
                return blank_json(&s, self.f);
            }
            Some(b'{' | b'[') => return Err(decline()),
            _ if t == "null" => return (self.f)(None).ok_or_else(decline),
            _ => return (self.f)(Some(t)).ok_or_else(decline),
        };
        blank_json(text, self.f)
    }
}

/// A JSON string's value: blank or `~` is nothing written.
fn blank_json<T, E: de::Error>(s: &str, f: impl FnOnce(Option<&str>) -> Option<T>) -> Result<T, E> {
    let t = match s.trim() {
        "" | "~" => None,
        _ => Some(s),
    };
    f(t).ok_or_else(decline)
}

impl<'de, T, F: FnOnce(Option<&str>) -> Option<T>> Visitor<'de> for Scalar<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("一个值")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        let t = match v.trim() {
            "" | "~" | "null" | "Null" | "NULL" => None,
            _ => Some(v),
        };
        (self.f)(t).ok_or_else(decline)
    }
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        (self.f)(None).ok_or_else(decline)
    }
}

/// `数据` or `预算执行`: each key an input of the scheme, met once, read as its type says.
struct Data<'q, 's>(&'q mut Quiet<'s>);

impl<'de> DeserializeSeed<'de> for Data<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Data<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("键值对")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let q = self.0;
        let (scheme, json) = (q.scheme, q.json);
        while let Some(id) = map.next_key_seed(Key(|k: &str| scheme.input_names.get(k).copied()))? {
            let slot = id.0 as usize;
            if std::mem::replace(&mut q.input_met[slot], true) {
                return Err(decline());
            }
            let input = scheme.input(id);
            q.inputs[slot] = match &input.kind {
                InputKind::Checklist(items) => map.next_value_seed(List { json, items })?,
                InputKind::Reviewer => map.next_value_seed(Review { json, input })?,
                _ => map.next_value_seed(Scalar::new(json, |t| match t {
                    None => Some(None),
                    Some(t) => value(input, t).map(Some),
                }))?,
            };
        }
        Ok(())
    }
}

/// A scalar input's value when reading it says nothing, the full reader's reading
/// (`Reader::input`) without its diagnostics: `None` where that reading would say something.
fn value(input: &Input, text: &str) -> Option<InputValue> {
    match &input.kind {
        InputKind::Number(dim) => number(input, *dim, text).map(InputValue::Num),
        InputKind::Bool => match text.trim() {
            "是" | "有" | "true" | "True" | "yes" | "Yes" | "对" => Some(InputValue::Bool(true)),
            "否" | "无" | "没有" | "false" | "False" | "no" | "No" => {
                Some(InputValue::Bool(false))
            }
            _ => None,
        },
        InputKind::Tier(levels) => {
            let t = text.trim();
            let i = levels.iter().position(|l| l == t)?;
            Some(InputValue::Level(u32::try_from(i).ok()?))
        }
        InputKind::Checklist(_) | InputKind::Reviewer => None,
    }
}

/// A number in the input's unit and range (`Reader::number_in_range` when it says nothing).
fn number(input: &Input, dim: Dim, text: &str) -> Option<Decimal> {
    let w = number::parse(text).ok()?;
    let v = match (dim, w.unit) {
        (Dim::Ratio, Some(UnitWord::Percent | UnitWord::PercentPoint)) => {
            UnitWord::Percent.scale_exact(w.value)
        }
        // A fraction for a percentage is a note (`percent_fraction`): the full reader's.
        (Dim::Ratio, None) if w.value > Decimal::ZERO && w.value <= Decimal::ONE => None,
        (Dim::Ratio, None) => UnitWord::Percent.scale_exact(w.value),
        (Dim::Money(to), Some(u)) => match u.dim() {
            Dim::Money(from) => from.convert(w.value, to),
            _ => None,
        },
        (_, None) => Some(w.value),
        (d, Some(u)) if u.dim() == d => Some(w.value),
        (_, Some(_)) => None,
    }?;
    if dim.is_count() && !v.fract().is_zero() {
        return None;
    }
    input.range.contains(v).then_some(v)
}

/// A checklist: the items that hold, as a list or one name.
struct List<'a> {
    json: bool,
    items: &'a [String],
}

impl List<'_> {
    fn bit(&self, item: &str) -> Option<u64> {
        let g = item.trim();
        let i = self.items.iter().position(|x| x == g)?;
        1u64.checked_shl(u32::try_from(i).ok()?)
    }
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = Option<InputValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = Option<InputValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("清单项的列表")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let bit = self.bit(v).ok_or_else(decline)?;
        Ok(Some(InputValue::Set(bit)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut bits = 0u64;
        while let Some(bit) =
            seq.next_element_seed(Scalar::new(self.json, |t: Option<&str>| self.bit(t?)))?
        {
            bits |= bit;
        }
        Ok(Some(InputValue::Set(bits)))
    }
}

/// A reviewer's `{得分, 理由}` (`Reader::review` when it says nothing).
struct Review<'a> {
    json: bool,
    input: &'a Input,
}

impl<'de> DeserializeSeed<'de> for Review<'_> {
    type Value = Option<InputValue>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Review<'_> {
    type Value = Option<InputValue>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("得分与理由")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        // Each key once (the full reader says a repeated one); keys other than these two
        // are read as scalars and not used, as there.
        let (mut score, mut reason) = (None::<String>, None::<String>);
        let mut others: Vec<String> = Vec::new();
        while let Some(key) = map.next_key_seed(Key(|k: &str| Some(k.to_string())))? {
            let text = map.next_value_seed(Scalar::new(self.json, |t: Option<&str>| {
                Some(t.map_or(String::new(), |t| t.trim().to_string()))
            }))?;
            let slot = match key.as_str() {
                "得分" => &mut score,
                "理由" => &mut reason,
                _ if others.contains(&key) => return Err(decline()),
                _ => {
                    others.push(key);
                    continue;
                }
            };
            if slot.replace(text).is_some() {
                return Err(decline());
            }
        }
        let (score, reason) = (score.unwrap_or_default(), reason.unwrap_or_default());
        if score.is_empty() && reason.is_empty() {
            return Ok(None);
        }
        let w = number::parse(&score).map_err(|_| decline::<A::Error>())?;
        let ok = (w.unit.is_none() || w.unit == Some(UnitWord::Points))
            && self.input.range.contains(w.value)
            && !matches!(reason.as_str(), "" | "…" | "……");
        if !ok || score.is_empty() {
            return Err(decline());
        }
        Ok(Some(InputValue::Review {
            score: w.value,
            reason,
        }))
    }
}

/// `自评` (0) or `核定` (1): by indicator name or `总分`, each once, a number of points
/// within the indicator's points (the full marks for `总分`).
struct Given<'q, 's>(&'q mut Quiet<'s>, usize);

impl<'de> DeserializeSeed<'de> for Given<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Given<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("键值对")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (scheme, json) = (self.0.scheme, self.0.json);
        let s = &mut self.0.scores[self.1];
        // `None`: 总分.
        while let Some(id) = map.next_key_seed(Key(|k: &str| match k {
            "总分" => Some(None),
            _ => scheme.node_names.get(k).map(|id| Some(*id)),
        }))? {
            let (met, most) = match id {
                None => (&mut s.total_met, scheme.full_marks),
                Some(id) => (&mut s.met[id.0 as usize], scheme.node(id).weight),
            };
            if std::mem::replace(met, true) {
                return Err(decline());
            }
            let v = map.next_value_seed(Scalar::new(json, |t: Option<&str>| {
                let Some(t) = t else { return Some(None) };
                let w = number::parse(t).ok()?;
                let points = w.unit.is_none() || w.unit == Some(UnitWord::Points);
                (points && w.value >= Decimal::ZERO && w.value <= most).then_some(Some(w.value))
            }))?;
            match id {
                None => s.total = v,
                Some(id) => s.by_node[id.0 as usize] = v,
            }
        }
        Ok(())
    }
}
