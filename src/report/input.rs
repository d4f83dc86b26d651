//! The values of a report, each read as its input's type says: numbers in their unit and
//! range, 是/否, tier levels, checklist items, reviewer's scores with reasons; and the
//! 自评/核定 blocks.

use rust_decimal::Decimal;

use super::yaml::Raw;
use super::{Finding, InputValue, Reader, ReportError};
use crate::base::diag::Diag;
use crate::base::interval::Range;
use crate::base::names::suggest;
use crate::base::number::{self, NumError};
use crate::base::quantity::{fmt_quantity, fmt_range};
use crate::base::units::{Dim, UnitWord};
use crate::ir::{InputKind, Target};

impl Reader<'_> {
    /// A block of scores (`自评` or `核定`) by indicator, and its `总分`.
    pub(super) fn scores(
        &mut self,
        block: &'static str,
        entries: Vec<(String, Raw)>,
    ) -> (Vec<Option<Decimal>>, Option<Decimal>) {
        let scheme = self.scheme;
        let mut out = vec![None; scheme.nodes.len()];
        let mut total = None;
        for (name, raw) in entries {
            let path = format!("{block}.{name}");
            let Raw::Scalar(text) = raw else { continue };
            let v = match number::parse(&text) {
                Ok(w) if w.unit.is_none() || w.unit == Some(UnitWord::Points) => w.value,
                _ => {
                    // One unreadable score does not refuse the report: it is left out, said.
                    self.error(ReportError::ScoreNotNumber { block, name, text }, &path);
                    continue;
                }
            };
            // The most the score can be: the indicator's points, or the full marks. (A form's
            // rows get their points from the report; form::points checks those.)
            let most = match scheme.node_names.get(&name) {
                _ if scheme.form.is_some() => None,
                _ if name == "总分" => Some(scheme.full_marks),
                Some(id) => Some(scheme.node(*id).weight),
                None => None,
            };
            if let Some(most) = most {
                let problem = if v < Decimal::ZERO {
                    Some("是负数".to_string())
                } else if v > most {
                    let of = if name == "总分" {
                        "满分"
                    } else {
                        "本指标分值"
                    };
                    Some(format!("超过{of} {} 分", most.normalize()))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    let text = v.normalize().to_string();
                    let err = if self.strict {
                        ReportError::ScoreOutOfRangeStrict {
                            block,
                            name: name.clone(),
                            text,
                            problem,
                        }
                    } else {
                        ReportError::ScoreOutOfRange {
                            block,
                            name: name.clone(),
                            text,
                            problem,
                        }
                    };
                    self.error(err, &path);
                }
            }
            if name == "总分" {
                total = Some(v);
            } else if let Some(id) = scheme.node_names.get(&name) {
                out[id.0 as usize] = Some(v);
            } else {
                let names = scheme.node_names.keys().map(String::as_str);
                let help = scheme
                    .missing_help(Target::Indicator, &name, names)
                    .unwrap_or_else(|| "键应为方案中的指标名称或 `总分`".into());
                let span = self.at(&path, false);
                self.diags.push(Diag::new(
                    ReportError::UnknownIndicator { block, name, help },
                    span,
                ));
            }
        }
        (out, total)
    }

    /// An input's value as its type reads it; `None` (with an error) when it does not fit.
    pub(super) fn input(
        &mut self,
        name: &str,
        id: crate::ir::InputId,
        raw: Raw,
        findings: &mut Vec<Finding>,
    ) -> Option<InputValue> {
        let input = self.scheme.input(id);
        match (&input.kind, raw) {
            (_, Raw::Null) => None,
            (InputKind::Number(dim), Raw::Scalar(text)) => {
                self.number_in_range(name, &text, *dim, &input.range, findings)
            }
            (InputKind::Bool, Raw::Scalar(text)) => self.yes_no(name, text),
            (InputKind::Tier(levels), Raw::Scalar(text)) => self.level(name, levels, &text),
            (InputKind::Checklist(items), raw) => self.checklist(name, items, raw),
            (InputKind::Reviewer, Raw::Map(entries)) => self.review(name, &input.range, &entries),
            (InputKind::Reviewer, _) => {
                let problem = "须写成得分与理由".to_string();
                self.error(
                    ReportError::Reviewer {
                        name: name.into(),
                        problem,
                    },
                    &self.key_path(name),
                );
                None
            }
            (_, other) => {
                let text = match other {
                    Raw::List(l) => format!("[{}]", l.join(", ")),
                    _ => "{…}".into(),
                };
                let help = format!("`{name}` 是{}，填写一个值", input.kind.describe());
                self.error(
                    ReportError::NotNumber {
                        name: name.into(),
                        text,
                        help,
                    },
                    &self.key_path(name),
                );
                None
            }
        }
    }

    /// A number input: read, converted to its unit, within its declared range.
    fn number_in_range(
        &mut self,
        name: &str,
        text: &str,
        dim: Dim,
        range: &Range,
        findings: &mut Vec<Finding>,
    ) -> Option<InputValue> {
        let v = self.number(name, text, dim, findings)?;
        if !range.contains(v) {
            let help = range_help(range, dim, v);
            self.error(
                ReportError::OutOfRange {
                    name: name.into(),
                    // As written: 100.0001% is out of [0%, 100%], never "≈100.00%".
                    value: match dim {
                        Dim::Ratio => {
                            format!("{}%", v.saturating_mul(Decimal::ONE_HUNDRED).normalize())
                        }
                        Dim::Plain => v.normalize().to_string(),
                        Dim::Points => format!("{}分", v.normalize()),
                        d => format!("{}{}", v.normalize(), d.word()),
                    },
                    range: fmt_range(range, dim),
                    help,
                },
                &self.key_path(name),
            );
            return None;
        }
        Some(InputValue::Num(v))
    }

    /// 是 / 否 (and the other words for them).
    fn yes_no(&mut self, name: &str, text: String) -> Option<InputValue> {
        match text.trim() {
            "是" | "有" | "true" | "True" | "yes" | "Yes" | "对" => Some(InputValue::Bool(true)),
            "否" | "无" | "没有" | "false" | "False" | "no" | "No" => {
                Some(InputValue::Bool(false))
            }
            _ => {
                self.error(
                    ReportError::NotBool {
                        name: name.into(),
                        text,
                    },
                    &self.key_path(name),
                );
                None
            }
        }
    }

    /// One of a tier input's levels, by name.
    fn level(&mut self, name: &str, levels: &[String], text: &str) -> Option<InputValue> {
        let t = text.trim();
        if let Some(i) = levels.iter().position(|l| l == t) {
            return Some(InputValue::Level(i as u32));
        }
        let help = suggest(t, levels.iter().map(String::as_str))
            .unwrap_or_else(|| format!("可选等级：{}", levels.join("、")));
        self.error(
            ReportError::UnknownLevel {
                name: name.into(),
                level: t.into(),
                help,
            },
            &self.key_path(name),
        );
        None
    }

    /// The items of a checklist that hold; every item written must be one of the list.
    fn checklist(&mut self, name: &str, items: &[String], raw: Raw) -> Option<InputValue> {
        let given = match raw {
            Raw::List(l) => l,
            Raw::Scalar(s) => vec![s],
            _ => Vec::new(),
        };
        let mut bits = 0u64;
        let mut ok = true;
        for g in given {
            let g = g.trim();
            match items.iter().position(|i| i == g) {
                Some(i) => bits |= 1 << i,
                None => {
                    ok = false;
                    let help = suggest(g, items.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("可选的清单项：{}", items.join("、")));
                    self.error(
                        ReportError::UnknownItem {
                            name: name.into(),
                            item: g.into(),
                            help,
                        },
                        &self.key_path(name),
                    );
                }
            }
        }
        ok.then_some(InputValue::Set(bits))
    }

    /// A reviewer's score with its reason: both written, the score within its range.
    fn review(
        &mut self,
        name: &str,
        range: &Range,
        entries: &[(String, String)],
    ) -> Option<InputValue> {
        let path = self.key_path(name);
        let get = |k: &str| {
            entries
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.trim().to_string())
        };
        let reason = get("理由").unwrap_or_default();
        // A blank `{得分: , 理由: ""}` (as the template prints it) is "not given".
        if get("得分").unwrap_or_default().is_empty() && reason.is_empty() {
            return None;
        }
        let problem = match get("得分").filter(|s| !s.is_empty()) {
            None => "缺少 `得分`".to_string(),
            Some(score_text) => match number::parse(&score_text) {
                Ok(w) if w.unit.is_none() || w.unit == Some(UnitWord::Points) => {
                    let score = w.value;
                    if !range.contains(score) {
                        let range = fmt_range(range, Dim::Points);
                        format!("的得分 {score} 超出范围 {range}")
                    } else if reason.is_empty() || reason == "…" || reason == "……" {
                        "没有写理由".to_string()
                    } else {
                        return Some(InputValue::Review { score, reason });
                    }
                }
                _ => format!("的得分 `{score_text}` 不是数字"),
            },
        };
        self.error(
            ReportError::Reviewer {
                name: name.into(),
                problem,
            },
            &path,
        );
        None
    }

    /// A number in the input's dimension, converted and scaled.
    fn number(
        &mut self,
        name: &str,
        text: &str,
        dim: Dim,
        findings: &mut Vec<Finding>,
    ) -> Option<Decimal> {
        let path = self.key_path(name);
        let w = match number::parse(text) {
            Ok(w) => w,
            Err(NumError::NotNumber) => {
                let help = match dim {
                    Dim::Ratio => "百分数填写 `88` 或 `88%`".to_string(),
                    d if d.is_count() => format!("填写整数（单位：{}），如 `12`", d.word()),
                    d => format!("填写数字（单位：{}），如 `12.5`", d.word()),
                };
                self.error(
                    ReportError::NotNumber {
                        name: name.into(),
                        text: text.into(),
                        help,
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::TooManyDigits(digits)) => {
                self.error(
                    ReportError::TooPrecise {
                        name: name.into(),
                        text: text.into(),
                        digits,
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::Comma) => {
                self.error(
                    ReportError::Comma {
                        name: name.into(),
                        text: text.into(),
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::TooLarge) => {
                self.error(
                    ReportError::TooLarge {
                        name: name.into(),
                        text: text.into(),
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::TooFine) => {
                self.error(
                    ReportError::TooFine {
                        name: name.into(),
                        text: text.into(),
                    },
                    &path,
                );
                return None;
            }
        };
        let v = match (dim, w.unit) {
            (Dim::Ratio, Some(UnitWord::Percent | UnitWord::PercentPoint)) => {
                UnitWord::Percent.scale_exact(w.value)
            }
            (Dim::Ratio, None) => {
                if w.value > Decimal::ZERO && w.value <= Decimal::ONE {
                    // w.value ≤ 1, so × 100 cannot overflow.
                    let hundredfold = w.value * Decimal::ONE_HUNDRED;
                    findings.push(Finding {
                        kind: "percent_fraction",
                        text: format!(
                            "`{name}` 填的是 {}，按 {}% 计；若指 {}%，请填 {}",
                            w.value,
                            w.value,
                            hundredfold.normalize(),
                            hundredfold.normalize()
                        ),
                    });
                    // Said where the officer sees it (the diagnostics), and refused under
                    // --strict.
                    let (text, hundred) =
                        (w.value.to_string(), hundredfold.normalize().to_string());
                    let err = if self.strict {
                        ReportError::PercentFractionStrict {
                            name: name.into(),
                            text,
                            hundred,
                        }
                    } else {
                        ReportError::PercentFraction {
                            name: name.into(),
                            text,
                            hundred,
                        }
                    };
                    self.error(err, &path);
                }
                UnitWord::Percent.scale_exact(w.value)
            }
            (Dim::Money(to), Some(u)) => match u.dim() {
                Dim::Money(from) => from.convert(w.value, to),
                _ => return self.unit_error(name, u, dim),
            },
            (_, None) => Some(w.value),
            (d, Some(u)) if u.dim() == d => Some(w.value),
            (_, Some(u)) => return self.unit_error(name, u, dim),
        };
        let Some(v) = v else {
            self.error(
                ReportError::Inexact {
                    name: name.into(),
                    text: text.into(),
                },
                &path,
            );
            return None;
        };
        if dim.is_count() && !v.fract().is_zero() {
            self.error(
                ReportError::FractionalCount {
                    name: name.into(),
                    text: text.into(),
                },
                &path,
            );
            return None;
        }
        Some(v)
    }

    fn unit_error(&mut self, name: &str, found: UnitWord, dim: Dim) -> Option<Decimal> {
        let path = self.key_path(name);
        self.error(
            ReportError::Unit {
                name: name.into(),
                found: found.word().into(),
                expected: dim.word(),
            },
            &path,
        );
        None
    }
}

fn range_help(range: &Range, dim: Dim, v: Decimal) -> String {
    if let Some((h, _)) = range.hi {
        if v >= h {
            return format!("不能超过 {}", fmt_quantity(h, dim));
        }
    }
    match range.lo {
        Some((l, false)) if l.is_zero() => "该输入是除数或须为正数，必须大于 0".into(),
        Some((l, true)) if l.is_zero() && matches!(dim, Dim::Money(_)) => {
            "金额不能为负；若方案允许负数（如调减预算），应在输入声明中写 `可为负`".into()
        }
        Some((l, true)) if l.is_zero() => "不能为负".into(),
        _ => "按方案声明的范围填写".into(),
    }
}
