//! Reading a row's target (年度指标值) and actual (实际完成值) as written on a form.
//!
//! Comparators come as signs (≥ ＞＝ ≦ …) or words (不低于, 以上, 不超过, 以内 …); numbers
//! carry units (%, 万元, 元, 人, 次 …, or any other measure word, kept as written); dates are
//! deadlines (12月31日之前, 年底前); `1个镇4个村` is a compound target; text without digits is
//! qualitative. What cannot be read is kept as text with the reason, never guessed.

use rust_decimal::Decimal;

use crate::base::number::{self, NumError};
use crate::base::units::{Dim, UnitWord};

/// A row's unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowUnit {
    /// No unit written.
    None,
    /// A known unit word.
    Word(UnitWord),
    /// Another measure word (吨, 公里 …), kept as written.
    Other(String),
}

impl RowUnit {
    /// The dimension numbers in this unit are shown in.
    pub fn dim(&self) -> Dim {
        match self {
            RowUnit::Word(u) => u.dim(),
            _ => Dim::Plain,
        }
    }

    /// The unit as written after a number.
    pub fn word(&self) -> &str {
        match self {
            RowUnit::None => "",
            RowUnit::Word(u) => u.word(),
            RowUnit::Other(s) => s,
        }
    }

    fn is_percent(&self) -> bool {
        matches!(
            self,
            RowUnit::Word(UnitWord::Percent | UnitWord::PercentPoint)
        )
    }
}

/// Which way a quantitative target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// ≥ (不低于, 不少于, 以上, a bare value).
    AtLeast,
    /// >.
    Above,
    /// ≤ (不超过, 不高于, 以内, 以下).
    AtMost,
    /// <.
    Below,
    /// ＝ (等于): met only when equal.
    Equal,
}

impl Cmp {
    /// The sign shown.
    pub fn sign(self) -> &'static str {
        match self {
            Cmp::AtLeast => "≥",
            Cmp::Above => ">",
            Cmp::AtMost => "≤",
            Cmp::Below => "<",
            Cmp::Equal => "＝",
        }
    }

    /// Whether `actual` meets a target `target` in this direction.
    pub fn met(self, actual: Decimal, target: Decimal) -> bool {
        match self {
            Cmp::AtLeast => actual >= target,
            Cmp::Above => actual > target,
            Cmp::AtMost => actual <= target,
            Cmp::Below => actual < target,
            Cmp::Equal => actual == target,
        }
    }

    /// True for lower bounds (more is better).
    pub fn is_lower(self) -> bool {
        matches!(self, Cmp::AtLeast | Cmp::Above)
    }
}

/// One part of a compound quantity: `4个村` is 4, 个, 村.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The number.
    pub value: Decimal,
    /// The measure word and the noun after it (`个村`).
    pub what: String,
}

/// A month and day, with the year when written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year (`None`: the report's year).
    pub year: Option<i32>,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl Date {
    /// `12月31日`, `2023年12月31日`.
    pub fn show(self) -> String {
        match self.year {
            Some(y) => format!("{y}年{}月{}日", self.month, self.day),
            None => format!("{}月{}日", self.month, self.day),
        }
    }

    /// Ordinal for comparison within a year (the report's year fills a missing one).
    pub fn key(self, year: i32) -> (i32, u32, u32) {
        (self.year.unwrap_or(year), self.month, self.day)
    }
}

/// A target or an actual, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A number with its unit, and for a target its direction.
    Quantity {
        /// Which way it points (`None` for an actual).
        cmp: Option<Cmp>,
        /// The number, as written (a percentage is a ratio: 95% is 0.95).
        value: Decimal,
        /// Its unit.
        unit: RowUnit,
    },
    /// Several quantities (`1个镇4个村`).
    Compound(Vec<Part>),
    /// A date (a deadline for a target).
    Date(Date),
    /// Words: qualitative.
    Words(String),
    /// Nothing written.
    Empty,
    /// Text with digits that cannot be read, and why.
    Unreadable(String),
}

/// Full-width digits, letters and signs to their ASCII twins; blanks removed.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '％' => '%',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '≧' => '≥',
            '≦' => '≤',
            '−' | '－' => '-',
            _ => c,
        })
        .collect::<String>()
        .replace(">=", "≥")
        .replace("<=", "≤")
}

/// The words (and signs, as [`normalize`] writes them) that compare a value with a number
/// written after them, in the order they are tried: the `≥` words, `≤`, `>`, `<`. Read by
/// targets (年度指标值) here and by the bands of a drafted scheme (`draft::rules`).
pub const CMP_WORDS: &[(&str, Cmp)] = &[
    ("不低于", Cmp::AtLeast),
    ("不少于", Cmp::AtLeast),
    ("不小于", Cmp::AtLeast),
    ("大于等于", Cmp::AtLeast),
    ("至少", Cmp::AtLeast),
    ("达到", Cmp::AtLeast),
    ("≥", Cmp::AtLeast),
    ("不超过", Cmp::AtMost),
    ("不高于", Cmp::AtMost),
    ("不多于", Cmp::AtMost),
    ("不大于", Cmp::AtMost),
    ("小于等于", Cmp::AtMost),
    ("控制在", Cmp::AtMost),
    ("≤", Cmp::AtMost),
    ("最多", Cmp::AtMost),
    ("大于", Cmp::Above),
    ("高于", Cmp::Above),
    ("超过", Cmp::Above),
    ("多于", Cmp::Above),
    (">", Cmp::Above),
    ("低于", Cmp::Below),
    ("少于", Cmp::Below),
    ("小于", Cmp::Below),
    ("<", Cmp::Below),
];
/// Words after a number that bound it from below (`90%以上`); they include the number.
pub const LOWER_SUFFIX: [&str; 3] = ["及以上", "以上", "或以上"];
/// Words after a number that bound it from above (`5%以内`); they include the number.
pub const UPPER_SUFFIX: [&str; 5] = ["及以下", "以下", "以内", "之内", "内"];

/// The comparator a text starts with in signs or words, and the rest; the words in `not` are
/// not taken as comparators (达到, 超过: how an actual is naturally said).
fn leading_cmp<'a>(t: &'a str, not: &[&str]) -> Option<(Cmp, &'a str)> {
    CMP_WORDS
        .iter()
        .filter(|(w, _)| !not.contains(w))
        .find_map(|(w, cmp)| t.strip_prefix(w).map(|rest| (*cmp, rest)))
}

fn strip_suffix<'a>(s: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|w| s.strip_suffix(w))
}

/// Reads a target (年度指标值).
pub fn target(text: &str) -> Reading {
    let t = normalize(text);
    if t.is_empty() || t == "/" || t == "—" || t == "——" {
        return Reading::Empty;
    }
    if let Some(d) = deadline(&t) {
        return Reading::Date(d);
    }
    if !t.chars().any(|c| c.is_ascii_digit()) {
        // No number: words (不超过预算, 提高), unless only a sign is written.
        return if t.chars().all(|c| "≥≤<>=".contains(c)) {
            Reading::Unreadable(format!("`{}` 后面没有数字", text.trim()))
        } else {
            Reading::Words(text.trim().to_string())
        };
    }
    let (cmp, rest) = if let Some((c, r)) = leading_cmp(&t, &[]) {
        (Some(c), r)
    } else if let Some(r) = t.strip_prefix('=').or_else(|| t.strip_prefix("等于")) {
        (Some(Cmp::Equal), r)
    } else {
        (None, t.as_str())
    };
    let (cmp, rest) = match (cmp, strip_suffix(rest, &LOWER_SUFFIX)) {
        (None, Some(r)) => (Some(Cmp::AtLeast), r),
        (c, Some(r)) => (c, r),
        (c, None) => match (c, strip_suffix(rest, &UPPER_SUFFIX)) {
            (None, Some(r)) => (Some(Cmp::AtMost), r),
            (c, Some(r)) => (c, r),
            (c, None) => (c, rest),
        },
    };
    // A bare number states no direction (`cmp: None`): the row's 指标性质 column, the
    // scheme's defaults or [`bare_direction`] give it.
    match quantity(rest) {
        Reading::Quantity { value, unit, .. } => Reading::Quantity { cmp, value, unit },
        other => other,
    }
}

/// The direction of a bare target no one states: a lower bound, except zero (投诉0起): at
/// most zero.
pub fn bare_direction(value: Decimal) -> Cmp {
    if value.is_zero() {
        Cmp::AtMost
    } else {
        Cmp::AtLeast
    }
}

/// What a form's 指标性质 (指标方向) cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A direction: ＝/≥/≤/＞/＜ as signs, 正向 (越大越好) and 反向 (越小越好) in words.
    Stated(Cmp),
    /// None (定量, 定性, blank).
    Unstated,
    /// Words that are no direction.
    Unreadable,
}

/// Reads a form's 指标性质 (指标方向) cell.
pub fn direction(text: &str) -> Direction {
    let t = normalize(text);
    // `≥（正向）`: the sign before a note in brackets.
    let t = match t.find(['(', '（']) {
        Some(i) if i > 0 => &t[..i],
        _ => t.as_str(),
    };
    let t = t.trim_end_matches("指标");
    // The words only this column uses; otherwise a comparator as a target writes it (不大于,
    // 少于 …, the same words [`target`] reads), with nothing after it.
    Direction::Stated(match t {
        "" | "定量" | "定性" | "/" => return Direction::Unstated,
        "=" | "等于" => Cmp::Equal,
        "正向" | "越大越好" | "越高越好" | "越多越好" | "↑" => Cmp::AtLeast,
        "反向" | "负向" | "逆向" | "越小越好" | "越低越好" | "越少越好" | "↓" => {
            Cmp::AtMost
        }
        _ => match leading_cmp(t, &[]) {
            Some((cmp, "")) => cmp,
            _ => return Direction::Unreadable,
        },
    })
}

/// Reads an actual (实际完成值).
pub fn actual(text: &str) -> Reading {
    let t = normalize(text);
    if t.is_empty() || t == "/" || t == "—" || t == "——" {
        return Reading::Empty;
    }
    if let Some(d) = date(&t) {
        return Reading::Date(d.0);
    }
    // A comparator copied from the target (`≥266米`): the number is read and the comparator
    // kept, so that the row can say an actual is a value, not a bound. 达到 and 超过 are how
    // an actual is naturally said (达到95%, 超过100人) and are not comparators here.
    let (cmp, rest) = if let Some((c, r)) = leading_cmp(&t, &["达到", "超过"]) {
        (Some(c), r)
    } else if let Some(r) = strip_suffix(&t, &LOWER_SUFFIX) {
        (Some(Cmp::AtLeast), r)
    } else if let Some(r) = strip_suffix(&t, &UPPER_SUFFIX[..2]) {
        (Some(Cmp::AtMost), r)
    } else {
        (None, t.as_str())
    };
    match quantity(rest) {
        Reading::Quantity { value, unit, .. } if cmp.is_some() => {
            Reading::Quantity { cmp, value, unit }
        }
        _ if cmp.is_some() => match quantity(&t) {
            Reading::Words(_) => Reading::Words(text.trim().to_string()),
            other => other,
        },
        Reading::Words(_) => Reading::Words(text.trim().to_string()),
        other => other,
    }
}

/// A number with a unit, several (a compound), words (no digit) or unreadable.
fn quantity(t: &str) -> Reading {
    if !t.chars().any(|c| c.is_ascii_digit()) {
        return Reading::Words(t.to_string());
    }
    // A label before the number (投诉0起, 发放人数14人) names what is counted; a minus sign
    // right before it (-3%, 增长-2%) is the number's own.
    let mut start = t.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
    // `.5`, `-.5%`: the point is the number's own.
    let point = t[..start].ends_with('.');
    if point {
        start -= 1;
    }
    let negative = t[..start].ends_with('-');
    let body = if point {
        format!("0{}", &t[start..])
    } else {
        t[start..].to_string()
    };
    let parts = split_parts(&body);
    if start > 0 && parts.len() != 1 {
        return Reading::Unreadable(format!("`{t}` 无法读成数字"));
    }
    match parts.as_slice() {
        [] => Reading::Unreadable(format!("`{t}` 无法读成数字")),
        [(num, unit)] => match number::parse(&if negative {
            format!("-{num}")
        } else {
            num.clone()
        }) {
            Ok(w) if w.unit.is_none() => {
                // `1.2万`: 万 and 亿 alone are part of the number.
                if let Some(m) = measure::pure_multiplier(unit) {
                    return match w.value.checked_mul(Decimal::from(m)) {
                        Some(value) => Reading::Quantity {
                            cmp: None,
                            value: value.normalize(),
                            unit: RowUnit::None,
                        },
                        None => Reading::Unreadable(format!("`{t}` 超出可表示的范围")),
                    };
                }
                // 千分比: `5‰` is 0.5%.
                let (w, unit) = match unit.as_str() {
                    "‰" | "千分比" => (
                        number::Written {
                            value: w.value / Decimal::TEN,
                            ..w
                        },
                        "%",
                    ),
                    u => (w, u),
                };
                let unit = match UnitWord::parse(unit) {
                    Some(u) => RowUnit::Word(u),
                    None if unit.is_empty() => RowUnit::None,
                    None => RowUnit::Other(unit.to_string()),
                };
                let value = match &unit {
                    RowUnit::Word(u) => match u.scale_exact(w.value) {
                        Some(v) => v,
                        None => {
                            return Reading::Unreadable(format!(
                                "`{t}` 的小数位太多，换算后无法精确表示"
                            ))
                        }
                    },
                    _ => w.value,
                };
                Reading::Quantity {
                    cmp: None,
                    value,
                    unit,
                }
            }
            Err(NumError::TooManyDigits(n)) => {
                Reading::Unreadable(format!("`{t}` 有 {n} 位有效数字，超过 15 位"))
            }
            Err(NumError::Comma) => Reading::Unreadable(format!(
                "`{t}` 中的逗号无法确定含义（小数点写 `.`，千分位逗号每三位一个）"
            )),
            Err(NumError::TooFine) => {
                Reading::Unreadable(format!("`{t}` 的小数超过 28 位，无法精确表示"))
            }
            _ => Reading::Unreadable(format!("`{t}` 无法读成数字")),
        },
        many => {
            let mut out = Vec::new();
            for (num, what) in many {
                match number::parse(num) {
                    Ok(w) if w.unit.is_none() && !what.is_empty() => out.push(Part {
                        value: w.value,
                        what: what.clone(),
                    }),
                    _ => return Reading::Unreadable(format!("`{t}` 无法读成数字")),
                }
            }
            Reading::Compound(out)
        }
    }
}

/// `1个镇4个村` → [("1", "个镇"), ("4", "个村")]; `15.2万元` → [("15.2", "万元")].
fn split_parts(t: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut num = String::new();
    let mut word = String::new();
    let chars: Vec<char> = t.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let numeric = c.is_ascii_digit() || (c == '.' && !num.is_empty() && word.is_empty());
        // A comma inside a number is kept for number::parse to check its grouping (`1,200`;
        // `1,2万` and `120,00` are refused); a full-width one only when three digits follow
        // and end (`1，200人`), else it separates parts (`1个镇，4个村`).
        let in_number = !num.is_empty() && word.is_empty();
        let three = |k: usize| {
            chars
                .get(k..k + 3)
                .is_some_and(|d| d.iter().all(char::is_ascii_digit))
                && chars.get(k + 3).is_none_or(|n| !n.is_ascii_digit())
        };
        if in_number && (c == ',' || (c == '，' && three(i + 1))) {
            num.push(',');
            continue;
        }
        if numeric {
            if !word.is_empty() {
                if num.is_empty() {
                    // Words before the first number: not a quantity we can read.
                    return Vec::new();
                }
                out.push((std::mem::take(&mut num), std::mem::take(&mut word)));
            }
            num.push(c);
        } else {
            if num.is_empty() {
                return Vec::new();
            }
            word.push(c);
        }
    }
    if !num.is_empty() {
        out.push((num, word));
    }
    out
}

/// A deadline: a date followed by 前/之前/以前 (inclusive: done by the end of that day), or
/// a bare date; 年底前 is 12月31日.
fn deadline(t: &str) -> Option<Date> {
    let body = strip_suffix(t, &["之前", "以前", "前", "止"]).unwrap_or(t);
    if matches!(body, "年底" | "年末" | "年内" | "当年底" | "本年底") {
        return Some(Date {
            year: None,
            month: 12,
            day: 31,
        });
    }
    let (d, rest) = date(body)?;
    rest.is_empty().then_some(d)
}

/// `2023年12月31日`, `12月31日`, `12月底`, `2023-12-31`, and `2023年12月` (its last day); returns
/// the date and what follows.
fn date(t: &str) -> Option<(Date, &str)> {
    if let Some(d) = iso_date(t) {
        return Some((d, ""));
    }
    let (year, rest) = match t.find('年') {
        Some(i) => (Some(t[..i].parse::<i32>().ok()?), &t[i + '年'.len_utf8()..]),
        None => (None, t),
    };
    let mi = rest.find('月')?;
    let month: u32 = rest[..mi].parse().ok()?;
    let rest = &rest[mi + '月'.len_utf8()..];
    let (day, rest) = if let Some(r) = rest.strip_prefix('底') {
        (month_end(month), r)
    } else if rest.is_empty() && year.is_some() {
        // `2022年12月`: done within the month, so by its last day at the latest.
        (month_end(month), rest)
    } else {
        let di = rest.find(['日', '号'])?;
        (rest[..di].parse().ok()?, &rest[di + 3..])
    };
    ((1..=12).contains(&month) && (1..=month_end(month)).contains(&day))
        .then_some((Date { year, month, day }, rest))
}

fn iso_date(t: &str) -> Option<Date> {
    let mut it = t.split(['-', '/', '.']);
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    let (month, day) = (m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&month) && (1..=month_end(month)).contains(&day)).then_some(Date {
        year: Some(y.parse().ok()?),
        month,
        day,
    })
}

fn month_end(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

mod fit;
pub mod measure;

pub use fit::{fit, fit_both, Fit};

#[cfg(test)]
mod tests;
