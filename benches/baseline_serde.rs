//! The honest baseline's reading of a report: what a Rust programmer would write by hand —
//! serde-derived structs for the 2020 report, numbers taken from their text straight into
//! decimals (no generic tree, no binary floats). YAML numbers come as their text through
//! `deserialize_str`; JSON numbers as borrowed raw text (`RawValue`). Benchmarks only.

use std::str::FromStr as _;

use rust_decimal::Decimal;
use serde::de::{Deserializer, Visitor};
use serde::Deserialize;

use crate::baseline::Inputs;

/// A number as its text gives it.
pub trait Number {
    fn decimal(&self) -> Option<Decimal>;
}

/// A YAML number, read from its text.
pub struct YamlNumber(Option<Decimal>);

impl<'de> Deserialize<'de> for YamlNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = YamlNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_str<E>(self, v: &str) -> Result<YamlNumber, E> {
                Ok(YamlNumber(Decimal::from_str(v.trim()).ok()))
            }
        }
        d.deserialize_str(Text)
    }
}

impl Number for YamlNumber {
    fn decimal(&self) -> Option<Decimal> {
        self.0
    }
}

impl Number for &serde_json::value::RawValue {
    fn decimal(&self) -> Option<Decimal> {
        Decimal::from_str(self.get().trim_matches('"')).ok()
    }
}

/// A reviewer's score: its 得分 (the 理由 is not read).
#[derive(Deserialize)]
#[serde(bound = "N: Deserialize<'de>")]
pub struct Review<N> {
    #[serde(rename = "得分")]
    score: Option<N>,
}

/// The 2020 report's `数据`.
#[derive(Deserialize)]
#[serde(bound = "N: Deserialize<'de>")]
pub struct Data<N> {
    #[serde(rename = "编制数")]
    bianzhi: Option<N>,
    #[serde(rename = "在职人员数")]
    zaizhi: Option<N>,
    #[serde(rename = "上年三公经费预算数")]
    sangong_last_budget: Option<N>,
    #[serde(rename = "本年三公经费预算数")]
    sangong_budget: Option<N>,
    #[serde(rename = "三公经费实际支出数")]
    sangong_actual: Option<N>,
    #[serde(rename = "上年结转")]
    carry_over: Option<N>,
    #[serde(rename = "年初预算")]
    initial_budget: Option<N>,
    #[serde(rename = "本年追加预算")]
    addition: Option<N>,
    #[serde(rename = "年末结余")]
    year_end_balance: Option<N>,
    #[serde(rename = "有楼堂馆所项目")]
    has_building: Option<String>,
    #[serde(rename = "楼堂馆所批准面积")]
    area_approved: Option<N>,
    #[serde(rename = "楼堂馆所实际面积")]
    area_actual: Option<N>,
    #[serde(rename = "楼堂馆所批准投资")]
    invest_approved: Option<N>,
    #[serde(rename = "楼堂馆所实际投资")]
    invest_actual: Option<N>,
    #[serde(rename = "公用经费预算数")]
    public_budget: Option<N>,
    #[serde(rename = "公用经费实际支出数")]
    public_actual: Option<N>,
    #[serde(rename = "政府采购预算数")]
    procurement_budget: Option<N>,
    #[serde(rename = "政府采购实际金额")]
    procurement_actual: Option<N>,
    #[serde(rename = "管理制度")]
    systems: Option<Vec<String>>,
    #[serde(rename = "违规事项数")]
    violations: Option<N>,
    #[serde(rename = "预决算信息公开")]
    disclosure: Option<Vec<String>>,
    #[serde(rename = "重点工作完成率")]
    key_work: Option<N>,
    #[serde(rename = "经济效益")]
    economic: Option<Review<N>>,
    #[serde(rename = "社会效益")]
    social: Option<Review<N>>,
    #[serde(rename = "行政效能")]
    efficiency: Option<String>,
    #[serde(rename = "满意度")]
    satisfaction: Option<N>,
}

/// A report: only its `数据` is read.
#[derive(Deserialize)]
#[serde(bound = "N: Deserialize<'de>")]
pub struct Report<N> {
    #[serde(rename = "数据")]
    pub data: Data<N>,
}

fn items<const K: usize>(got: &Option<Vec<String>>, names: [&str; K]) -> Option<[bool; K]> {
    let got = got.as_ref()?;
    Some(names.map(|n| got.iter().any(|g| g == n)))
}

impl<N: Number> Data<N> {
    /// The baseline's inputs.
    pub fn inputs(&self) -> Inputs {
        let n = |v: &Option<N>| v.as_ref().and_then(Number::decimal);
        let hundred = Decimal::ONE_HUNDRED;
        Inputs {
            bianzhi: n(&self.bianzhi),
            zaizhi: n(&self.zaizhi),
            sangong_last_budget: n(&self.sangong_last_budget),
            sangong_budget: n(&self.sangong_budget),
            sangong_actual: n(&self.sangong_actual),
            carry_over: n(&self.carry_over),
            initial_budget: n(&self.initial_budget),
            addition: n(&self.addition),
            year_end_balance: n(&self.year_end_balance),
            has_building: self.has_building.as_deref().map(|t| t == "是"),
            area_approved: n(&self.area_approved),
            area_actual: n(&self.area_actual),
            invest_approved: n(&self.invest_approved),
            invest_actual: n(&self.invest_actual),
            public_budget: n(&self.public_budget),
            public_actual: n(&self.public_actual),
            procurement_budget: n(&self.procurement_budget),
            procurement_actual: n(&self.procurement_actual),
            systems: items(&self.systems, crate::baseline::SYSTEMS),
            violations: n(&self.violations),
            disclosure: items(&self.disclosure, crate::baseline::DISCLOSURE),
            key_work: n(&self.key_work).map(|v| v / hundred),
            economic: self.economic.as_ref().and_then(|r| n(&r.score)),
            social: self.social.as_ref().and_then(|r| n(&r.score)),
            efficiency: self
                .efficiency
                .as_deref()
                .and_then(|t| ["较好", "一般", "无效果"].iter().position(|x| *x == t))
                .map(|p| p as u8),
            satisfaction: n(&self.satisfaction).map(|v| v / hundred),
        }
    }
}
