//! Generates the reports of `fixtures/generated/`: 20 county departments × 3 years (2021–2023)
//! of 部门整体支出 data, complete under both `schemes/bumen-zhengti/2020.jx` and `2024.jx`
//! (every input of either), with self-scores that are sometimes inflated and, for 2021, the
//! bureau's confirmed scores (核定), sometimes lower than the rules give on a reviewer's item.
//!
//! ```sh
//! cargo run --example generate_reports -- fixtures/generated
//! ```
//!
//! The output is deterministic (a fixed SplitMix64 seed per report); `tests/replay.rs` checks
//! that the committed files are exactly what this program writes. Each file ends with the
//! `期望:` the engine gave when it was generated, one block per scheme, so that the folder is
//! also a regression test (`jixiao test`).
#![allow(
    clippy::expect_used,
    reason = "a generator run by hand: a failure is the message"
)]

use std::fmt::Write as _;

use rust_decimal::Decimal;

use jixiao::base::quantity::fmt_points;
use jixiao::eval::evaluate;
use jixiao::{compile, Scheme, Sources};

/// The departments, in a fixed order.
pub const UNITS: [&str; 20] = [
    "县教育局",
    "县卫生健康局",
    "县民政局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化旅游广电体育局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业局",
    "县审计局",
    "县司法局",
    "县应急管理局",
    "县工商业联合会",
];

/// The years generated.
pub const YEARS: [i32; 3] = [2021, 2022, 2023];

const REASONS_ECON: [&str; 4] = [
    "协助引进项目 2 个，带动投资约 1500 万元",
    "为企业争取政策资金 300 余万元",
    "完成年度招商任务的 90%",
    "经济效益不明显，仅完成常规工作",
];
const REASONS_SOCIAL: [&str; 4] = [
    "开展便民服务活动 12 次，受益群众 2000 余人次",
    "群众来信来访办结率 100%",
    "组织志愿服务 6 次",
    "社会效益一般，缺少可量化成果",
];

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A decimal in [lo, hi] with `scale` places.
    fn between(&mut self, lo: i64, hi: i64, scale: u32) -> Decimal {
        Decimal::new(lo + self.below((hi - lo + 1) as u64) as i64, scale)
    }
    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// Reads the file a scheme builds on (`基于`) from the file system.
struct Disk;

impl jixiao::Loader for Disk {
    fn read(&mut self, path: &std::path::Path) -> Result<String, jixiao::LoadError> {
        std::fs::read_to_string(path).map_err(jixiao::LoadError::from_io)
    }
}

fn scheme(path: &str) -> Scheme {
    let text = std::fs::read_to_string(path).expect("run from the repository root");
    let mut sources = Sources::new();
    let file = sources.add(path, &text);
    compile(&sources, file, &mut Disk)
        .scheme
        .expect("the shipped scheme checks")
}

fn money(v: Decimal) -> Decimal {
    v.round_dp(2)
}

/// The 数据 block of report `k`.
fn data(rng: &mut Rng) -> String {
    let mut y = String::from("数据:\n");
    let mut put = |k: &str, v: String| {
        let _ = writeln!(y, "  {k}: {v}");
    };
    let bianzhi = rng.between(10, 120, 0);
    let ratio = rng.between(90, 112, 2);
    put("编制数", bianzhi.to_string());
    put("在职人员数", (bianzhi * ratio).round().to_string());
    if rng.chance(7) {
        put("上年三公经费预算数", "0".into());
        put("本年三公经费预算数", "0".into());
        put("三公经费实际支出数", "0".into());
    } else {
        let last = rng.between(300, 4000, 2);
        let this = money(last * rng.between(85, 125, 2));
        put("上年三公经费预算数", last.to_string());
        put("本年三公经费预算数", this.to_string());
        put(
            "三公经费实际支出数",
            money(this * rng.between(70, 108, 2)).to_string(),
        );
    }
    let carry = rng.between(0, 5000, 2);
    let init = rng.between(10000, 300000, 2);
    let add = money(init * rng.between(-5, 35, 2));
    let end = money((carry + init + add) * rng.between(0, 15, 2));
    put("上年结转", carry.to_string());
    put("年初预算", init.to_string());
    put("本年追加预算", add.to_string());
    put("年末结余", end.to_string());
    let building = rng.chance(10);
    put("有楼堂馆所项目", if building { "是" } else { "否" }.into());
    if building {
        let area = rng.between(500, 3000, 0);
        put("楼堂馆所批准面积", area.to_string());
        put(
            "楼堂馆所实际面积",
            (area * rng.between(95, 115, 2)).round().to_string(),
        );
        let inv = rng.between(20000, 200000, 2);
        put("楼堂馆所批准投资", inv.to_string());
        put(
            "楼堂馆所实际投资",
            money(inv * rng.between(90, 120, 2)).to_string(),
        );
    }
    let pb = rng.between(1000, 20000, 2);
    put("公用经费预算数", pb.to_string());
    put(
        "公用经费实际支出数",
        money(pb * rng.between(85, 110, 2)).to_string(),
    );
    if rng.chance(10) {
        put("政府采购预算数", "0".into());
        put("政府采购实际金额", "0".into());
    } else {
        let gb = rng.between(2000, 80000, 2);
        put("政府采购预算数", gb.to_string());
        put(
            "政府采购实际金额",
            money(gb * rng.between(80, 110, 2)).to_string(),
        );
    }
    let pick = |rng: &mut Rng, items: &[&str], p: u64| -> String {
        let got: Vec<&str> = items.iter().copied().filter(|_| rng.chance(p)).collect();
        format!("[{}]", got.join(", "))
    };
    put(
        "管理制度",
        pick(
            rng,
            &[
                "内部财务管理制度",
                "厉行节约制度",
                "制度合法合规完整",
                "制度有效执行",
            ],
            85,
        ),
    );
    let v = match rng.below(20) {
        0..=11 => 0,
        12..=16 => 1,
        17..=18 => 2,
        _ => 3 + rng.below(2),
    };
    put("违规事项数", v.to_string());
    put(
        "预决算信息公开",
        pick(
            rng,
            &[
                "按内容公开",
                "按时限公开",
                "信息真实",
                "信息完整",
                "信息准确",
            ],
            90,
        ),
    );
    put(
        "自评质量",
        pick(rng, &["目标完整", "数据真实", "佐证齐全", "问题整改"], 70),
    );
    let done = if rng.chance(25) {
        Decimal::ONE_HUNDRED
    } else {
        rng.between(850, 999, 1)
    };
    put("重点工作完成率", done.to_string());
    let review = |rng: &mut Rng, reasons: &[&str]| {
        let score = (rng.between(3, 6, 0) / Decimal::TWO).normalize();
        let reason = reasons[rng.below(reasons.len() as u64) as usize];
        format!("{{得分: {score}, 理由: \"{reason}\"}}")
    };
    put("经济效益", review(rng, &REASONS_ECON));
    put("社会效益", review(rng, &REASONS_SOCIAL));
    let tier = match rng.below(20) {
        0..=11 => "较好",
        12..=18 => "一般",
        _ => "无效果",
    };
    put("行政效能", tier.into());
    put("满意度", rng.between(72, 99, 0).to_string());
    y
}

/// The reports: (file name, YAML), in order.
pub fn generate(old: &Scheme, new: &Scheme) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (u, unit) in UNITS.iter().enumerate() {
        for (k, year) in YEARS.iter().enumerate() {
            let n = u * YEARS.len() + k;
            let mut rng = Rng(0x6A69_7869_616F_0000 + n as u64);
            let mut y = format!(
                "# 生成的报告（examples/generate_reports.rs，第 {n} 份），不是真实数据。\n单位: {unit}\n年度: {year}\n"
            );
            y.push_str(&data(&mut rng));
            let scores = |s: &Scheme, text: &str| {
                let mut sources = Sources::new();
                let f = sources.add("生成.yaml", text);
                let r = jixiao::report::read(&sources, f, s, Default::default())
                    .report
                    .expect("a generated report is valid");
                let o = evaluate(s, &r);
                (r, o)
            };
            // Self-scores: what the rules give, rounded to half points, but on about one
            // indicator in four that lost points the unit claims full marks.
            let (_, o) = scores(old, &y);
            let claims = rng.chance(85);
            if claims {
                y.push_str("自评:\n");
                for id in old.leaves() {
                    let node = old.node(id);
                    let got = o.node(id).score.unwrap_or_default();
                    let own = if got < node.weight && rng.chance(25) {
                        node.weight
                    } else {
                        (got * Decimal::TWO).round() / Decimal::TWO
                    };
                    let _ = writeln!(y, "  {}: {}", node.name, own.normalize());
                }
            }
            // 2021: the bureau's confirmed scores; on a reviewer's item it sometimes gave less.
            if *year == 2021 {
                y.push_str("核定:\n");
                let mut total = Decimal::ZERO;
                for id in old.leaves() {
                    let node = old.node(id);
                    let mut v = o.node(id).score.unwrap_or_default();
                    if node.name == "经济效益" && v > Decimal::ZERO && rng.chance(40) {
                        v -= Decimal::new(5, 1);
                    }
                    total += v;
                    let _ = writeln!(y, "  {}: {}", node.name, fmt_points(v, old.places));
                }
                let _ = writeln!(y, "  总分: {}", fmt_points(total, old.places));
            }
            y.push_str("期望:\n");
            for (name, s) in [("2020.jx", old), ("2024.jx", new)] {
                let (_, o) = scores(s, &y);
                let grade = o
                    .grade
                    .map_or("无".to_string(), |g| s.grades[g].name.clone());
                let _ = writeln!(
                    y,
                    "  - {{方案: {name}, 总分: {}, 等级: {grade}, 完整: {}}}",
                    fmt_points(o.total, s.places),
                    if o.complete { "是" } else { "否" }
                );
            }
            out.push((format!("bumen-{n:03}.yaml"), y));
        }
    }
    out
}

/// The two shipped schemes of the 部门整体 table.
pub fn schemes() -> (Scheme, Scheme) {
    (
        scheme("schemes/bumen-zhengti/2020.jx"),
        scheme("schemes/bumen-zhengti/2024.jx"),
    )
}

#[allow(dead_code, reason = "the tests include this file for `generate` alone")]
fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/generated".into());
    std::fs::create_dir_all(&dir).expect("the output folder can be made");
    let (old, new) = schemes();
    let reports = generate(&old, &new);
    for (name, text) in &reports {
        std::fs::write(format!("{dir}/{name}"), text).expect("the file can be written");
    }
    println!("{} 份报告已写入 {dir}", reports.len());
}
