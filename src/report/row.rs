//! A row of a self-evaluation form (`绩效指标`): what it says, and the kind it is scored as
//! (定量下限/定量上限/定性/时限) by its target and actual, with the row's own inputs (实际,
//! 指标值, 达标, 完成比例) and findings.

use rust_decimal::Decimal;

use super::value::{self, Cmp, Fit, Reading, RowUnit};
use super::InputValue;
use crate::base::quantity::{fmt_bound, fmt_percent, fmt_range};
use crate::base::units::{Dim, UnitWord};
use crate::ir::{Bound, Form, RowKind};

pub use super::row_info::RowInfo;
pub use super::tiers::{tier, tier_of_words};

/// A row's texts as the report gives them.
#[derive(Debug, Clone, Default)]
pub struct RowTexts {
    /// 指标值.
    pub target: String,
    /// 完成值.
    pub actual: String,
    /// 完成比例, when given.
    pub completion: Option<String>,
    /// The row's columns that no column of a row is named by (already warned about), each
    /// with the column it looks like (`年终实际数` → 完成值), when it looks like one.
    pub ignored: Vec<(String, Option<&'static str>)>,
    /// 指标性质 (指标方向): the direction the form states, when it has the column.
    pub direction: Option<String>,
    /// 度量单位 (计量单位): the unit of a target and actual written as bare numbers.
    pub unit: Option<String>,
}

/// Classifies a row by its target and actual. `year` fills dates written without one.
pub fn classify(form: &Form, texts: &RowTexts, year: i32, row: &mut RowInfo) {
    read(form, texts, year, row);
    // An empty actual beside a column the reader did not know: perhaps that column is it.
    let unread = unread_columns(texts, "完成值");
    if matches!(row.actual, Reading::Empty) && !unread.is_empty() {
        for n in &mut row.notes {
            if matches!(n.kind, "unreadable_actual" | "no_completion") {
                n.text = n.text.replacen("，", &format!("{unread}，"), 1);
            }
        }
    }
}

/// `（未认出的栏目 `年终实际数` 是否就是完成值？）` for the ignored columns that may be
/// `column` (those that look like it, or like no column); empty when there are none.
fn unread_columns(texts: &RowTexts, column: &str) -> String {
    let names: Vec<String> = texts
        .ignored
        .iter()
        .filter(|(_, guess)| guess.is_none_or(|g| g == column))
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("（未认出的栏目 {} 是否就是{column}？）", names.join("、"))
    }
}

fn read(form: &Form, texts: &RowTexts, year: i32, row: &mut RowInfo) {
    row.target_text = texts.target.trim().to_string();
    row.actual_text = texts.actual.trim().to_string();
    row.target = value::target(&texts.target);
    row.actual = value::actual(&texts.actual);
    // A 度量单位 column: the unit of a target or actual written as a bare number.
    if let Some(u) = texts
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        let bare = |r: &Reading| {
            matches!(
                r,
                Reading::Quantity {
                    unit: RowUnit::None,
                    ..
                }
            )
        };
        if bare(&row.target) {
            row.target = value::target(&format!("{}{u}", texts.target.trim()));
        }
        if bare(&row.actual) {
            row.actual = value::actual(&format!("{}{u}", texts.actual.trim()));
        }
    }
    // A 指标性质 column: the direction it states overrides the target's wording.
    let column = match texts.direction.as_deref().map(value::direction) {
        Some(value::Direction::Stated(c)) => Some(c),
        Some(value::Direction::Unreadable) => {
            let d = texts.direction.clone().unwrap_or_default();
            row.note(
                "unreadable_direction",
                format!("指标性质 `{d}` 无法读取（应为 ＝、≥、≤、正向、反向、越大越好、越小越好），按指标值的写法判断方向"),
            );
            None
        }
        Some(value::Direction::Unstated) | None => None,
    };
    if let Reading::Quantity {
        cmp: Some(_),
        value,
        unit,
    } = &row.actual
    {
        let read = match unit {
            RowUnit::Word(UnitWord::Percent) => fmt_bound(*value, Dim::Ratio),
            u => format!("{}{}", value.normalize(), u.word()),
        };
        let text = format!(
            "完成值 `{}` 带比较符号；完成值不应带比较符号，应填实际完成的数，已按 {read} 比较",
            row.actual_text
        );
        row.note("actual_with_comparator", text);
    }
    let given = texts.completion.as_deref().map(value::actual);
    let given = match given {
        Some(Reading::Quantity {
            value,
            unit: RowUnit::Word(UnitWord::Percent),
            ..
        }) => Some(Ok(value)),
        Some(Reading::Empty) | None => None,
        Some(_) => Some(Err(())),
    };
    if given == Some(Err(())) {
        let t = texts.completion.clone().unwrap_or_default();
        row.note(
            "unreadable_completion",
            format!("完成比例 `{t}` 不是百分数，未采用"),
        );
    }
    let given = given.and_then(Result::ok);
    let actual_percent = match &row.actual {
        Reading::Quantity {
            value,
            unit: RowUnit::Word(UnitWord::Percent),
            ..
        } => Some(*value),
        _ => None,
    };
    // The completion a qualitative reading uses: the actual if it is a percentage, else
    // the 完成比例 given.
    let completion = actual_percent.or(given);
    match row.target.clone() {
        Reading::Quantity {
            cmp,
            value: tv,
            unit: tu,
        } => {
            if let (Some(c), Some(t)) = (column, cmp) {
                if c != t {
                    row.note(
                        "direction_conflict",
                        format!(
                            "指标性质写 `{}`，指标值 `{}` 写的是 `{}`；按指标性质计分",
                            c.sign(),
                            row.target_text,
                            t.sign()
                        ),
                    );
                }
            }
            quantity_row(form, row, column.or(cmp), tv, tu, given)
        }
        Reading::Compound(parts) => {
            compound_row(form, row, &parts, actual_percent, completion, given)
        }
        Reading::Date(deadline) => deadline_row(form, row, deadline, year, completion),
        Reading::Words(_) => {
            // The tier the words name against the tier of the completion percentage given.
            if let (Some(c), Some(i)) = (given, tier_of_words(form, &row.actual_text)) {
                let named = form.tiers[i].0.as_str();
                let of_c = tier(form, c);
                if of_c != Some(named) {
                    let a = row.actual_text.clone();
                    row.note(
                        "tier_conflict",
                        format!(
                            "完成值 `{a}` 属“{named}”档，完成比例 {} 却{}；按完成比例计分，请核对",
                            fmt_bound(c, Dim::Ratio),
                            of_c.map_or("不在任何档次内".to_string(), |o| format!(
                                "在“{o}”档"
                            ))
                        ),
                    );
                }
            }
            if actual_percent.is_none() && given.is_none() {
                let a = row.actual_text.clone();
                match tier_of_words(form, &a) {
                    // The tier is known, its percentage is not: said with the points once
                    // they are set (form::fill).
                    Some(i) => row.tier = Some(i),
                    None => row.note(
                        "no_completion",
                        format!("定性指标的完成值 `{a}` 不是完成比例，本行未计分；请在 `完成比例` 中填写 0%–100%"),
                    ),
                }
            }
            qualitative(form, row, completion);
        }
        Reading::Empty => {
            let unread = unread_columns(texts, "指标值");
            row.note("no_target", format!("没有填写指标值{unread}，本行未计分"));
            row.kind = RowKind::Qualitative;
        }
        Reading::Unreadable(why) => {
            row.note(
                "unreadable_target",
                format!("指标值无法读取：{why}；本行未计分"),
            );
            row.kind = RowKind::Lower;
        }
    }
}

/// A quantitative target (`≥95%`, `≤15.2万元`, `14人`): the actual compared in the target's
/// unit, or read as a completion percentage when it was written as one.
fn quantity_row(
    form: &Form,
    row: &mut RowInfo,
    cmp: Option<Cmp>,
    tv: Decimal,
    tu: RowUnit,
    given: Option<Decimal>,
) {
    // Unstated by the form: the scheme's 未写方向 for rows like this one, else ≥ (≤ for 0).
    let by_scheme = form.dir_defaults.iter().find(|d| d.matches(&row.path));
    let cmp = match (cmp, by_scheme) {
        (Some(c), _) => c,
        (None, Some(d)) => {
            let (c, words) = match d.bound {
                Bound::AtLeast => (Cmp::AtLeast, "不低于"),
                Bound::AtMost => (Cmp::AtMost, "不超过"),
                Bound::Equal => (Cmp::Equal, "等于"),
            };
            let which = ["一级", "二级", "三级"]
                .get(usize::from(d.level).saturating_sub(1))
                .copied()
                .unwrap_or_default();
            let how = if d.ends_with {
                "以“{}”结尾"
            } else {
                "为“{}”"
            };
            let matched = d.matched(&row.path).unwrap_or_default().to_string();
            row.note(
                "direction_default",
                format!(
                    "指标值 `{}` 没有写方向；{which}{}，按方案对未写方向指标的规定，理解为{words}指标值",
                    row.target_text,
                    how.replace("{}", &matched)
                ),
            );
            c
        }
        (None, None) => value::bare_direction(tv),
    };
    row.cmp = Some(cmp);
    row.kind = match cmp {
        Cmp::Equal
            if form
                .kinds
                .get(RowKind::Equal.index())
                .is_some_and(Option::is_some) =>
        {
            RowKind::Equal
        }
        Cmp::Equal => {
            // Met when equal; how a miss scores is the scheme's to say.
            row.note(
                "no_equal_kind",
                format!(
                    "指标值 `{}` 是等于型（＝）指标，本方案没有规定其计分方法（`种类 定量等于`），本行未计分",
                    row.target_text
                ),
            );
            row.kind = RowKind::Qualitative;
            row.dim = tu.dim();
            row.unit = tu;
            return;
        }
        c if c.is_lower() => RowKind::Lower,
        _ => RowKind::Upper,
    };
    row.dim = tu.dim();
    row.unit = tu.clone();
    row.values[1] = Some(InputValue::Num(tv));
    match row.actual.clone() {
        Reading::Quantity {
            value: av,
            unit: au,
            ..
        } => match value::fit_both(&tu, tv, av, &au) {
            Fit::Same(a) => {
                row.values[0] = Some(InputValue::Num(a));
                row.values[2] = Some(InputValue::Bool(cmp.met(a, tv)));
                // `0.96` against `≥95%`: read as 0.96% as written, but an export of a
                // percentage cell writes 96% this way.
                let percent_target = matches!(tu, RowUnit::Word(UnitWord::Percent));
                if percent_target && au == RowUnit::None && !av.is_zero() && av.abs() < Decimal::ONE
                {
                    let a = row.actual_text.clone();
                    row.note(
                        "bare_fraction",
                        format!(
                            "完成值 `{a}` 没有写 %，按 {}% 计；若指的是 {}%，请写成 `{}%`",
                            av.normalize(),
                            (av * Decimal::ONE_HUNDRED).normalize(),
                            (av * Decimal::ONE_HUNDRED).normalize()
                        ),
                    );
                }
            }
            Fit::Completion(c) => {
                let (what, fill) = match tu.dim() {
                    Dim::Money(_) => (tu.dim().describe().to_string(), "实际金额"),
                    Dim::Count(c) => (format!("数量（{}）", c.word()), "实际数量"),
                    _ => ("数量".to_string(), "实际数量"),
                };
                row.note(
                    "actual_as_percent",
                    format!(
                        "指标值 `{}` 是{what}，实际完成值却写成完成比例 `{}`；按完成比例 {} 计分，请填写{fill}",
                        row.target_text,
                        row.actual_text,
                        fmt_bound(c, Dim::Ratio)
                    ),
                );
                row.how = Some("实际完成值写成了完成比例，按完成比例计分".into());
                qualitative(form, row, Some(c));
            }
            Fit::Mismatch => {
                let (t, a) = (row.target_text.clone(), row.actual_text.clone());
                row.note(
                    "unit_mismatch",
                    format!("指标值 `{t}` 与实际完成值 `{a}` 单位不同，无法比较，本行未计分"),
                );
            }
            Fit::Unstated => {
                let (t, a) = (row.target_text.clone(), row.actual_text.clone());
                let u = if tu == RowUnit::None {
                    au.word()
                } else {
                    tu.word()
                }
                .to_string();
                let (_, base) = value::measure::split_multiplier(&u);
                let times = format!("“{}”", &u[..u.len() - base.len()]);
                row.note(
                    "unit_unstated",
                    format!("指标值 `{t}` 与实际完成值 `{a}` 一个写了单位 `{u}`（带{times}）、一个只写数字：不知这个数是按 `{u}` 还是按 `{base}` 计，本行未计分；请写明单位"),
                );
            }
            Fit::Rescaled {
                actual: a,
                target: t,
                unit,
            } => {
                // Compared in the unit both convert into exactly.
                row.unit = unit;
                row.values[0] = Some(InputValue::Num(a));
                row.values[1] = Some(InputValue::Num(t));
                row.values[2] = Some(InputValue::Bool(cmp.met(a, t)));
            }
            Fit::Inexact => {
                let (t, a) = (row.target_text.clone(), row.actual_text.clone());
                let why = if value::measure::of(tu.word()).is_some() {
                    format!("指标值 `{t}` 与实际完成值 `{a}` 的单位换算除不尽（如 1亩 = 2000/3 平方米），无法精确比较，本行未计分；请把两者写成同一单位")
                } else {
                    format!("实际完成值 `{a}` 的小数位太多，换算后无法精确表示，本行未计分")
                };
                row.note("unreadable_actual", why);
            }
        },
        other => not_a_quantity(form, row, &other, given),
    }
    negative_target(row, tv);
}

/// A negative target that is missed (`≤-2%` against `-1%`) cannot be scored by a ratio of
/// actual to target: the ratio of two negatives would read as over-achievement. The row is
/// left unscored and says why.
fn negative_target(row: &mut RowInfo, tv: Decimal) {
    if tv >= Decimal::ZERO || row.met() != Some(false) {
        return;
    }
    row.values[0] = None;
    let t = row.target_text.clone();
    row.note(
        "negative_target",
        format!("指标值 `{t}` 是负数且未达到：完成值与指标值之比不能说明完成程度，本行未计分；请按方案另行评定"),
    );
}

/// A compound target (`1个镇4个村`): scored by the lowest completion of its parts.
fn compound_row(
    form: &Form,
    row: &mut RowInfo,
    parts: &[value::Part],
    actual_percent: Option<Decimal>,
    completion: Option<Decimal>,
    given: Option<Decimal>,
) {
    row.how = Some("复合指标：按各分项完成率中最低的一项计".into());
    match row.actual.clone() {
        Reading::Compound(actual)
            if actual.len() == parts.len()
                && actual.iter().zip(parts).all(|(a, t)| a.what == t.what) =>
        {
            let ratios: Vec<Decimal> = actual
                .iter()
                .zip(parts)
                .map(|(a, t)| match t.value.is_zero() {
                    true if a.value.is_zero() => Decimal::ONE,
                    true => Decimal::ZERO,
                    // Both parts are unsigned: a quotient too large to hold is above 1.
                    false => a
                        .value
                        .checked_div(t.value)
                        .map_or(Decimal::ONE, |r| r.min(Decimal::ONE)),
                })
                .collect();
            let low = ratios.iter().copied().min().unwrap_or(Decimal::ONE);
            qualitative(form, row, Some(low));
        }
        _ if actual_percent.is_some() => {
            row.how = None;
            row.note(
                "actual_as_percent",
                format!(
                    "指标值 `{}` 是数量，实际完成值却写成完成比例 `{}`；按完成比例计分，请填写实际数量",
                    row.target_text, row.actual_text
                ),
            );
            qualitative(form, row, completion);
        }
        _ => {
            row.how = None;
            let a = row.actual_text.clone();
            row.note(
                "unreadable_actual",
                format!("实际完成值 `{a}` 与复合指标值的各分项对不上，本行按完成比例计分"),
            );
            qualitative(form, row, given);
        }
    }
}

/// A deadline (`12月31日之前`): met when the actual date is not later.
fn deadline_row(
    form: &Form,
    row: &mut RowInfo,
    deadline: value::Date,
    year: i32,
    completion: Option<Decimal>,
) {
    match row.actual.clone() {
        Reading::Date(done) => {
            row.kind = RowKind::Deadline;
            let met = done.key(year) <= deadline.key(year);
            row.values[2] = Some(InputValue::Bool(met));
        }
        _ if completion.is_some() => {
            row.how = Some("时限指标的完成值是完成比例，按完成比例计分".into());
            qualitative(form, row, completion);
        }
        _ => {
            row.kind = RowKind::Deadline;
            let a = row.actual_text.clone();
            row.note(
                "unreadable_actual",
                format!("时限指标的实际完成值 `{a}` 不是日期也不是完成比例，本行未计分"),
            );
        }
    }
}

/// The actual of a quantitative row is not a number.
fn not_a_quantity(form: &Form, row: &mut RowInfo, actual: &Reading, given: Option<Decimal>) {
    let a = row.actual_text.clone();
    if let Some(c) = given {
        row.note(
            "actual_not_number",
            format!("实际完成值 `{a}` 不是数字，按填写的完成比例计分"),
        );
        row.how = Some("实际完成值不是数字，按完成比例计分".into());
        qualitative(form, row, Some(c));
        return;
    }
    // The official tier wording (达成预期指标) against a quantitative target: the tier is
    // known, its percentage is not (said with the points, form::fill).
    if let Some(i) = matches!(actual, Reading::Words(_))
        .then(|| tier_of_words(form, &a))
        .flatten()
    {
        row.tier = Some(i);
        qualitative(form, row, None);
        return;
    }
    let why = match actual {
        Reading::Empty => "没有填写".to_string(),
        Reading::Unreadable(w) => w.clone(),
        _ => format!("`{a}` 不是数字"),
    };
    row.note(
        "unreadable_actual",
        format!("实际完成值{why}，无法与指标值比较，本行未计分"),
    );
}

/// Scores the row by a completion percentage, which must fall in a tier.
fn qualitative(form: &Form, row: &mut RowInfo, completion: Option<Decimal>) {
    row.kind = RowKind::Qualitative;
    row.dim = Dim::Ratio;
    row.values[0] = None;
    row.values[1] = None;
    row.values[2] = None;
    let Some(c) = completion else { return };
    if !form.tiers.is_empty() && tier(form, c).is_none() {
        row.note(
            "completion_out_of_tiers",
            format!(
                "完成比例 {} 不在任何完成档次内（{}），本行未计分",
                fmt_percent(c),
                form.tiers
                    .iter()
                    .map(|(n, r)| format!("{n} {}", fmt_range(r, Dim::Ratio)))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
        return;
    }
    row.values[2] = Some(InputValue::Bool(c >= Decimal::ONE));
    row.values[3] = Some(InputValue::Num(c));
}
