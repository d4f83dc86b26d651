//! A hand-written scorer for the 2020 部门整体支出 scheme: plain Rust with rust_decimal.
//! Used twice: as a differential test against the engine, and as the benchmark baseline.

use rust_decimal::{Decimal, RoundingStrategy};

/// The items of the 管理制度 checklist, in the scheme's order.
pub const SYSTEMS: [&str; 4] = [
    "内部财务管理制度",
    "厉行节约制度",
    "制度合法合规完整",
    "制度有效执行",
];

/// The items of the 预决算信息公开 checklist, in the scheme's order.
pub const DISCLOSURE: [&str; 5] = [
    "按内容公开",
    "按时限公开",
    "信息真实",
    "信息完整",
    "信息准确",
];

/// The inputs of one report (`None`: not given). Rates are ratios (88% is 0.88).
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub bianzhi: Option<Decimal>,
    pub zaizhi: Option<Decimal>,
    pub sangong_last_budget: Option<Decimal>,
    pub sangong_budget: Option<Decimal>,
    pub sangong_actual: Option<Decimal>,
    pub carry_over: Option<Decimal>,
    pub initial_budget: Option<Decimal>,
    pub addition: Option<Decimal>,
    pub year_end_balance: Option<Decimal>,
    pub has_building: Option<bool>,
    pub area_approved: Option<Decimal>,
    pub area_actual: Option<Decimal>,
    pub invest_approved: Option<Decimal>,
    pub invest_actual: Option<Decimal>,
    pub public_budget: Option<Decimal>,
    pub public_actual: Option<Decimal>,
    pub procurement_budget: Option<Decimal>,
    pub procurement_actual: Option<Decimal>,
    pub systems: Option<[bool; 4]>,
    pub violations: Option<Decimal>,
    pub disclosure: Option<[bool; 5]>,
    pub key_work: Option<Decimal>,
    pub economic: Option<Decimal>,
    pub social: Option<Decimal>,
    pub efficiency: Option<u8>,
    pub satisfaction: Option<Decimal>,
}

fn round(v: Decimal) -> Decimal {
    let mut r = v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn clamp(v: Decimal, max: Decimal) -> Decimal {
    round(v.max(Decimal::ZERO).min(max))
}

fn pct(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

/// Per-point deduction above 100% (or above `t`).
fn above(
    rate: Decimal,
    t: Decimal,
    step: Decimal,
    per: Decimal,
    full: bool,
    points: Decimal,
) -> Decimal {
    let excess = (rate - t).max(Decimal::ZERO);
    let steps = if full {
        (excess / step).floor()
    } else {
        excess / step
    };
    clamp(points - steps * per, points)
}

/// The 17 leaf scores in table order; `None` where an input is missing or a divisor is 0.
pub fn score(i: &Inputs) -> [Option<Decimal>; 17] {
    let d = Decimal::from;
    let one = Decimal::ONE;
    let mut s = [None; 17];
    // 在职人员控制率
    s[0] = (|| {
        Some(above(
            i.zaizhi? / i.bianzhi?,
            one,
            pct(1),
            Decimal::new(5, 1),
            false,
            d(5),
        ))
    })();
    // 三公经费变动率
    s[1] = (|| {
        let (last, this) = (i.sangong_last_budget?, i.sangong_budget?);
        if last.is_zero() {
            return Some(if this.is_zero() {
                round(d(8))
            } else {
                round(Decimal::ZERO)
            });
        }
        Some(above(
            (this - last) / last,
            Decimal::ZERO,
            pct(1),
            Decimal::new(8, 1),
            false,
            d(8),
        ))
    })();
    // 预算完成率
    s[2] = (|| {
        let total = i.carry_over? + i.initial_budget? + i.addition?;
        let end = i.year_end_balance?;
        if total.is_zero() {
            return None;
        }
        let rate = (total - end) / total;
        let steps = ((one - rate).max(Decimal::ZERO) / pct(5)).floor();
        Some(clamp(d(5) - steps * d(2), d(5)))
    })();
    // 预算控制率
    s[3] = (|| {
        let r = i.addition? / i.initial_budget?;
        Some(round(if r <= Decimal::ZERO {
            d(5)
        } else if r <= pct(10) {
            d(4)
        } else if r <= pct(20) {
            d(3)
        } else if r <= pct(30) {
            d(2)
        } else {
            d(0)
        }))
    })();
    // 楼堂馆所 (2)
    let building = |actual: Option<Decimal>, approved: Option<Decimal>| -> Option<Decimal> {
        if !i.has_building? {
            return Some(round(d(5)));
        }
        Some(above(actual? / approved?, one, pct(5), d(2), true, d(5)))
    };
    s[4] = building(i.area_actual, i.area_approved);
    s[5] = building(i.invest_actual, i.invest_approved);
    // 公用经费控制率
    s[6] = (|| {
        Some(above(
            i.public_actual? / i.public_budget?,
            one,
            pct(1),
            one,
            false,
            d(8),
        ))
    })();
    // 三公经费控制率
    s[7] = (|| {
        let (b, a) = (i.sangong_budget?, i.sangong_actual?);
        if b.is_zero() {
            return Some(round(if a.is_zero() { d(8) } else { d(0) }));
        }
        Some(above(a / b, one, pct(1), one, false, d(8)))
    })();
    // 政府采购执行率
    s[8] = (|| {
        let (b, a) = (i.procurement_budget?, i.procurement_actual?);
        if b.is_zero() {
            return Some(round(if a.is_zero() { d(6) } else { d(0) }));
        }
        let steps = ((a / b - one).abs() / pct(5)).floor();
        Some(clamp(d(6) - steps * d(2), d(6)))
    })();
    // 管理制度健全性
    s[9] = i
        .systems
        .map(|b| round(d(2 * b.iter().filter(|x| **x).count() as i64)));
    // 资金使用合规性
    s[10] = i.violations.map(|v| clamp(d(6) - v.floor(), d(6)));
    // 预决算信息公开性
    s[11] = i
        .disclosure
        .map(|b| round(d(b.iter().filter(|x| **x).count() as i64)));
    // 重点工作实际完成率
    s[12] = i.key_work.map(|r| clamp(d(8) * r.min(one), d(8)));
    // 经济效益, 社会效益
    s[13] = i.economic.map(round);
    s[14] = i.social.map(round);
    // 行政效能
    s[15] = i.efficiency.map(|l| round(d([6, 3, 0][l as usize % 3])));
    // 满意度
    s[16] = i.satisfaction.map(|r| {
        round(if r >= pct(90) {
            d(6)
        } else if r >= pct(80) {
            d(4)
        } else if r >= pct(70) {
            d(2)
        } else {
            d(0)
        })
    });
    s
}

/// The report's total (the sum of the scores there are), whether every indicator was scored,
/// and the grade (only when complete): 优秀 ≥ 90, 良好 [80, 90), 中 [60, 80), 差 < 60.
pub fn total(s: &[Option<Decimal>; 17]) -> (Decimal, bool, Option<&'static str>) {
    let total: Decimal = s.iter().flatten().sum();
    let complete = s.iter().all(Option::is_some);
    let grade = complete.then(|| {
        if total >= Decimal::from(90) {
            "优秀"
        } else if total >= Decimal::from(80) {
            "良好"
        } else if total >= Decimal::from(60) {
            "中"
        } else {
            "差"
        }
    });
    (total, complete, grade)
}
