//! Deterministic generated reports for the 2020 scheme: values cluster around the rules'
//! boundaries (100%, the 5% steps, the band edges) and some inputs are left out.

use rust_decimal::Decimal;

use crate::baseline::Inputs;

/// SplitMix64: a tiny deterministic generator for test data.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A decimal `base + k × unit` with k in [-spread, spread].
    pub fn around(&mut self, base: i64, spread: i64, scale: u32) -> Decimal {
        let k = self.below((2 * spread + 1) as u64) as i64 - spread;
        Decimal::new(base + k, scale)
    }
    /// Zero once in `n` draws on average, otherwise `around(base, spread, scale)`.
    pub fn zero_or_around(&mut self, n: u64, base: i64, spread: i64, scale: u32) -> Decimal {
        if self.below(n) == 0 {
            Decimal::ZERO
        } else {
            self.around(base, spread, scale)
        }
    }
    fn maybe(&mut self) -> bool {
        self.below(12) != 0
    }
}

/// One report: the inputs as the baseline takes them and the same as YAML.
pub fn report(rng: &mut Rng, n: usize) -> (Inputs, String) {
    let mut i = Inputs::default();
    let mut y = format!("单位: 生成单位{n}\n年度: 2020\n数据:\n");
    let num = |rng: &mut Rng, key: &str, v: Decimal, slot: &mut Option<Decimal>, y: &mut String| {
        if rng.maybe() {
            y.push_str(&format!("  {key}: {v}\n"));
            *slot = Some(v);
        }
    };
    let bianzhi = Decimal::from(1 + rng.below(40));
    num(rng, "编制数", bianzhi, &mut i.bianzhi, &mut y);
    let zaizhi = Decimal::from(rng.below(50));
    num(rng, "在职人员数", zaizhi, &mut i.zaizhi, &mut y);
    let last = rng.zero_or_around(10, 1000, 300, 2);
    num(
        rng,
        "上年三公经费预算数",
        last,
        &mut i.sangong_last_budget,
        &mut y,
    );
    let this = rng.zero_or_around(10, 1000, 300, 2);
    num(
        rng,
        "本年三公经费预算数",
        this,
        &mut i.sangong_budget,
        &mut y,
    );
    let actual = rng.zero_or_around(8, 1000, 300, 2);
    num(
        rng,
        "三公经费实际支出数",
        actual,
        &mut i.sangong_actual,
        &mut y,
    );
    let carry = rng.around(500, 500, 2);
    num(rng, "上年结转", carry, &mut i.carry_over, &mut y);
    let init = rng.around(10000, 100, 2).max(Decimal::new(1, 2));
    num(rng, "年初预算", init, &mut i.initial_budget, &mut y);
    let add = rng.around(0, 4000, 2);
    num(rng, "本年追加预算", add, &mut i.addition, &mut y);
    let end = rng.around(500, 500, 2);
    num(rng, "年末结余", end, &mut i.year_end_balance, &mut y);
    if rng.maybe() {
        let b = rng.below(3) == 0;
        y.push_str(&format!(
            "  有楼堂馆所项目: {}\n",
            if b { "是" } else { "否" }
        ));
        i.has_building = Some(b);
    }
    let aa = Decimal::from(100 + rng.below(900));
    num(rng, "楼堂馆所批准面积", aa, &mut i.area_approved, &mut y);
    let ac = aa * rng.around(100, 30, 2);
    num(rng, "楼堂馆所实际面积", ac, &mut i.area_actual, &mut y);
    let ia = rng.around(5000, 4000, 2);
    num(rng, "楼堂馆所批准投资", ia, &mut i.invest_approved, &mut y);
    let ic = ia * rng.around(100, 30, 2);
    num(rng, "楼堂馆所实际投资", ic, &mut i.invest_actual, &mut y);
    let pb = rng.around(2000, 1000, 2);
    num(rng, "公用经费预算数", pb, &mut i.public_budget, &mut y);
    let pa = pb * rng.around(100, 12, 2);
    num(rng, "公用经费实际支出数", pa, &mut i.public_actual, &mut y);
    let gb = rng.zero_or_around(10, 5000, 3000, 2);
    num(rng, "政府采购预算数", gb, &mut i.procurement_budget, &mut y);
    let ga = if rng.below(10) == 0 {
        Decimal::ZERO
    } else {
        gb * rng.around(100, 25, 2)
    };
    num(
        rng,
        "政府采购实际金额",
        ga,
        &mut i.procurement_actual,
        &mut y,
    );
    i.systems = checklist(rng, "管理制度", crate::baseline::SYSTEMS, &mut y);
    let v = Decimal::from(rng.below(9));
    num(rng, "违规事项数", v, &mut i.violations, &mut y);
    i.disclosure = checklist(rng, "预决算信息公开", crate::baseline::DISCLOSURE, &mut y);
    if rng.maybe() {
        let k = rng.around(9000, 2000, 2);
        y.push_str(&format!("  重点工作完成率: {k}\n"));
        i.key_work = Some(k / Decimal::ONE_HUNDRED);
    }
    for (key, slot) in [("经济效益", &mut i.economic), ("社会效益", &mut i.social)] {
        if rng.maybe() {
            let s = Decimal::new(rng.below(31) as i64, 1);
            y.push_str(&format!("  {key}: {{得分: {s}, 理由: \"评审意见\"}}\n"));
            *slot = Some(s);
        }
    }
    if rng.maybe() {
        let l = rng.below(3) as u8;
        y.push_str(&format!(
            "  行政效能: {}\n",
            ["较好", "一般", "无效果"][l as usize]
        ));
        i.efficiency = Some(l);
    }
    if rng.maybe() {
        let s = rng.around(8000, 1500, 2).min(Decimal::ONE_HUNDRED);
        y.push_str(&format!("  满意度: {s}\n"));
        i.satisfaction = Some(s / Decimal::ONE_HUNDRED);
    }
    (i, y)
}

/// A checklist input: each item holds with even odds; the input is sometimes left out.
fn checklist<const N: usize>(
    rng: &mut Rng,
    key: &str,
    items: [&str; N],
    y: &mut String,
) -> Option<[bool; N]> {
    if !rng.maybe() {
        return None;
    }
    let held: [bool; N] = std::array::from_fn(|_| rng.below(2) == 0);
    let names: Vec<&str> = items
        .iter()
        .zip(held)
        .filter(|(_, h)| *h)
        .map(|(n, _)| *n)
        .collect();
    y.push_str(&format!("  {key}: [{}]\n", names.join(", ")));
    Some(held)
}

/// A generated YAML report as JSON: keys and strings as they are, every number written with
/// the digits the YAML has (no float in between).
pub fn to_json(yaml: &str) -> String {
    fn scalar(v: &str) -> String {
        let t = v.trim();
        if t.parse::<rust_decimal::Decimal>().is_ok() {
            t.to_string()
        } else {
            format!("\"{}\"", t.trim_matches('"'))
        }
    }
    let mut out = String::from("{");
    let mut in_data = false;
    let mut first_data = true;
    for line in yaml.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let nested = line.starts_with("  ");
        let key = k.trim();
        let v = v.trim();
        if !nested {
            if in_data {
                out.push('}');
                in_data = false;
            }
            if out.len() > 1 {
                out.push(',');
            }
            if v.is_empty() {
                out.push_str(&format!("\"{key}\":{{"));
                in_data = true;
                first_data = true;
            } else {
                out.push_str(&format!("\"{key}\":{}", scalar(v)));
            }
            continue;
        }
        if !first_data {
            out.push(',');
        }
        first_data = false;
        let value = if let Some(list) = v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            let items: Vec<String> = list
                .split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| format!("\"{x}\""))
                .collect();
            format!("[{}]", items.join(","))
        } else if let Some(map) = v.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            let parts: Vec<String> = map
                .split(", ")
                .filter_map(|p| p.split_once(':'))
                .map(|(a, b)| format!("\"{}\":{}", a.trim(), scalar(b)))
                .collect();
            format!("{{{}}}", parts.join(","))
        } else {
            scalar(v)
        };
        out.push_str(&format!("\"{key}\":{value}"));
    }
    if in_data {
        out.push('}');
    }
    out.push('}');
    out
}
