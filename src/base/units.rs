//! Units: the words written after numbers, and the dimensions formulas are checked in.

use rust_decimal::Decimal;
use serde::Serialize;

/// A unit word as written after a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitWord {
    /// %.
    Percent,
    /// 个百分点 (the same size as %, said of a difference of rates).
    PercentPoint,
    /// 万元.
    Wanyuan,
    /// 元.
    Yuan,
    /// 平方米 / ㎡.
    SquareMeter,
    /// 分 (points).
    Points,
    /// A count word: 人, 次, 个, 项, 例, 家, 天 …
    Count(CountWord),
}

/// The words that count things; each is its own dimension (人 + 次 is an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum CountWord {
    /// 人.
    Person,
    /// 人次.
    PersonTime,
    /// 次.
    Times,
    /// 个.
    Ge,
    /// 项.
    Xiang,
    /// 例.
    Li,
    /// 家.
    Jia,
    /// 天.
    Day,
    /// 篇.
    Pian,
    /// 件.
    Jian,
    /// 户.
    Hu,
    /// 场.
    Chang,
    /// 所.
    Suo,
    /// 台.
    Tai,
    /// 辆.
    Liang,
}

impl CountWord {
    /// Every count word, in the order the grammar lists them.
    pub const ALL: [CountWord; 15] = [
        CountWord::Person,
        CountWord::PersonTime,
        CountWord::Times,
        CountWord::Ge,
        CountWord::Xiang,
        CountWord::Li,
        CountWord::Jia,
        CountWord::Day,
        CountWord::Pian,
        CountWord::Jian,
        CountWord::Hu,
        CountWord::Chang,
        CountWord::Suo,
        CountWord::Tai,
        CountWord::Liang,
    ];

    /// The word.
    pub fn word(self) -> &'static str {
        match self {
            CountWord::Person => "人",
            CountWord::PersonTime => "人次",
            CountWord::Times => "次",
            CountWord::Ge => "个",
            CountWord::Xiang => "项",
            CountWord::Li => "例",
            CountWord::Jia => "家",
            CountWord::Day => "天",
            CountWord::Pian => "篇",
            CountWord::Jian => "件",
            CountWord::Hu => "户",
            CountWord::Chang => "场",
            CountWord::Suo => "所",
            CountWord::Tai => "台",
            CountWord::Liang => "辆",
        }
    }
}

impl UnitWord {
    /// Reads a unit word.
    pub fn parse(s: &str) -> Option<UnitWord> {
        Some(match s {
            // 池州 forms print `≥100百分比`.
            "%" | "％" | "百分比" | "百分率" => UnitWord::Percent,
            "个百分点" | "百分点" => UnitWord::PercentPoint,
            "万元" => UnitWord::Wanyuan,
            "元" => UnitWord::Yuan,
            "平方米" | "㎡" => UnitWord::SquareMeter,
            "分" => UnitWord::Points,
            other => UnitWord::Count(CountWord::ALL.into_iter().find(|c| c.word() == other)?),
        })
    }

    /// The word as shown.
    pub fn word(self) -> &'static str {
        match self {
            UnitWord::Percent => "%",
            UnitWord::PercentPoint => "个百分点",
            UnitWord::Wanyuan => "万元",
            UnitWord::Yuan => "元",
            UnitWord::SquareMeter => "平方米",
            UnitWord::Points => "分",
            UnitWord::Count(c) => c.word(),
        }
    }

    /// The dimension a number in this unit has.
    pub fn dim(self) -> Dim {
        match self {
            UnitWord::Percent | UnitWord::PercentPoint => Dim::Ratio,
            UnitWord::Wanyuan => Dim::Money(Money::Wanyuan),
            UnitWord::Yuan => Dim::Money(Money::Yuan),
            UnitWord::SquareMeter => Dim::Area,
            UnitWord::Points => Dim::Points,
            UnitWord::Count(c) => Dim::Count(c),
        }
    }

    /// The number a literal stands for in its dimension (`5%` is 0.05), exactly; `None` when
    /// that would need more than the 28 decimal places a decimal holds.
    pub fn scale_exact(self, value: Decimal) -> Option<Decimal> {
        match self {
            UnitWord::Percent | UnitWord::PercentPoint => {
                let r = value.checked_div(Decimal::ONE_HUNDRED)?;
                (r.checked_mul(Decimal::ONE_HUNDRED)? == value).then_some(r)
            }
            _ => Some(value),
        }
    }
}

/// The money units; 1 万元 = 10000 元 exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Money {
    /// 元.
    Yuan,
    /// 万元.
    Wanyuan,
}

impl Money {
    /// How many 元 one unit is.
    pub fn in_yuan(self) -> Decimal {
        match self {
            Money::Yuan => Decimal::ONE,
            Money::Wanyuan => Decimal::from(10_000),
        }
    }

    /// An amount in this unit converted to `to`, exactly; `None` when it would not fit a
    /// decimal (beyond about 7.9 × 10²⁸) or would need more than 28 decimal places.
    pub fn convert(self, v: Decimal, to: Money) -> Option<Decimal> {
        if self == to {
            return Some(v);
        }
        let (f, t) = (self.in_yuan(), to.in_yuan());
        let r = v.checked_mul(f)?.checked_div(t)?;
        (r.checked_mul(t)?.checked_div(f)? == v).then_some(r)
    }
}

/// The dimension of a number in a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Dim {
    /// A rate or a plain ratio, shown as a percentage.
    Ratio,
    /// A bare number literal: takes the dimension of what it meets.
    Plain,
    /// Money.
    Money(Money),
    /// Area in 平方米.
    Area,
    /// Points (分).
    Points,
    /// A count of something.
    Count(CountWord),
    /// The unit of a form's row (实际 and 指标值 share it, whatever it is).
    Row,
}

impl Dim {
    /// The unit word shown after a number of this dimension.
    pub fn word(self) -> &'static str {
        match self {
            Dim::Ratio => "%",
            Dim::Plain => "",
            Dim::Money(Money::Yuan) => "元",
            Dim::Money(Money::Wanyuan) => "万元",
            Dim::Area => "平方米",
            Dim::Points => "分",
            Dim::Count(c) => c.word(),
            Dim::Row => "",
        }
    }

    /// The dimension's name in a message.
    pub fn describe(self) -> &'static str {
        match self {
            Dim::Ratio => "比率（%）",
            Dim::Plain => "数",
            Dim::Money(Money::Yuan) => "金额（元）",
            Dim::Money(Money::Wanyuan) => "金额（万元）",
            Dim::Area => "面积（平方米）",
            Dim::Points => "分值",
            Dim::Count(c) => c.word(),
            Dim::Row => "本行指标值的单位",
        }
    }

    /// Whether two dimensions can be added or compared (a plain number meets anything;
    /// 元 and 万元 convert).
    pub fn compatible(self, other: Dim) -> bool {
        matches!(
            (self, other),
            (Dim::Plain, _) | (_, Dim::Plain) | (Dim::Money(_), Dim::Money(_))
        ) || self == other
    }

    /// True for counts, which must be whole numbers.
    pub fn is_count(self) -> bool {
        matches!(self, Dim::Count(_))
    }
}
