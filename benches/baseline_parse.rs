//! The hand-written baseline's own reading of a report: the whole document parsed into a
//! generic tree (serde_yaml or serde_json `Value`), numbers taken as binary floats and turned
//! into decimals, as a quick hand-written program would. Benchmarks only.

use rust_decimal::Decimal;

use crate::baseline::Inputs;

/// The few shapes a report's values have, whatever the parser.
pub trait Tree {
    fn get(&self, key: &str) -> Option<&Self>;
    fn float(&self) -> Option<f64>;
    fn text(&self) -> Option<&str>;
    fn items(&self) -> Option<Vec<&str>>;
}

impl Tree for serde_yaml::Value {
    fn get(&self, key: &str) -> Option<&Self> {
        self.as_mapping()?.get(key)
    }
    fn float(&self) -> Option<f64> {
        self.as_f64()
    }
    fn text(&self) -> Option<&str> {
        self.as_str()
    }
    fn items(&self) -> Option<Vec<&str>> {
        Some(
            self.as_sequence()?
                .iter()
                .filter_map(|v| v.as_str())
                .collect(),
        )
    }
}

impl Tree for serde_json::Value {
    fn get(&self, key: &str) -> Option<&Self> {
        self.as_object()?.get(key)
    }
    fn float(&self) -> Option<f64> {
        self.as_f64()
    }
    fn text(&self) -> Option<&str> {
        self.as_str()
    }
    fn items(&self) -> Option<Vec<&str>> {
        Some(self.as_array()?.iter().filter_map(|v| v.as_str()).collect())
    }
}

fn num<T: Tree>(d: &T, key: &str) -> Option<Decimal> {
    Decimal::try_from(d.get(key)?.float()?).ok()
}

fn items<T: Tree, const N: usize>(d: &T, key: &str, names: [&str; N]) -> Option<[bool; N]> {
    let got = d.get(key)?.items()?;
    Some(names.map(|n| got.contains(&n)))
}

/// The inputs of a report's `数据`.
pub fn inputs<T: Tree>(doc: &T) -> Option<Inputs> {
    let d = doc.get("数据")?;
    let hundred = Decimal::ONE_HUNDRED;
    Some(Inputs {
        bianzhi: num(d, "编制数"),
        zaizhi: num(d, "在职人员数"),
        sangong_last_budget: num(d, "上年三公经费预算数"),
        sangong_budget: num(d, "本年三公经费预算数"),
        sangong_actual: num(d, "三公经费实际支出数"),
        carry_over: num(d, "上年结转"),
        initial_budget: num(d, "年初预算"),
        addition: num(d, "本年追加预算"),
        year_end_balance: num(d, "年末结余"),
        has_building: d
            .get("有楼堂馆所项目")
            .and_then(|v| v.text())
            .map(|t| t == "是"),
        area_approved: num(d, "楼堂馆所批准面积"),
        area_actual: num(d, "楼堂馆所实际面积"),
        invest_approved: num(d, "楼堂馆所批准投资"),
        invest_actual: num(d, "楼堂馆所实际投资"),
        public_budget: num(d, "公用经费预算数"),
        public_actual: num(d, "公用经费实际支出数"),
        procurement_budget: num(d, "政府采购预算数"),
        procurement_actual: num(d, "政府采购实际金额"),
        systems: items(d, "管理制度", crate::baseline::SYSTEMS),
        violations: num(d, "违规事项数"),
        disclosure: items(d, "预决算信息公开", crate::baseline::DISCLOSURE),
        key_work: num(d, "重点工作完成率").map(|v| v / hundred),
        economic: d.get("经济效益").and_then(|v| num(v, "得分")),
        social: d.get("社会效益").and_then(|v| num(v, "得分")),
        efficiency: d
            .get("行政效能")
            .and_then(|v| v.text())
            .and_then(|t| ["较好", "一般", "无效果"].iter().position(|x| *x == t))
            .map(|p| p as u8),
        satisfaction: num(d, "满意度").map(|v| v / hundred),
    })
}
