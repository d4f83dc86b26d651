//! The lines of a leaf: the case that decided, or the formula with its values, the rule's
//! arithmetic (one function per rule form), the floor or cap, the rounding and the score.

use rust_decimal::Decimal;

use super::formula::{fmt_const, value_deps, Formula};
use super::{line, Explainer, TraceLine};
use crate::base::quantity::{fmt_calc, fmt_plain, fmt_points, fmt_quantity, fmt_range};
use crate::base::units::Dim;
use crate::eval::{Clamp, Detail, Fault, Ledger, NodeOutcome, Val};
use crate::ir::{Band, Case, CaseOutcome, InputId, InputKind, Leaf, Rule, Subject, Threshold, Ty};
use crate::report::InputValue;
use crate::syntax::ast::{Direction, StepPolicy};

/// An amount of excess in the step's terms, as exact as a reader can check it: `20.00个百分点`,
/// `2.994个百分点`, `3人`.
fn fmt_excess(v: Decimal, dim: Dim) -> String {
    match dim {
        Dim::Ratio => format!(
            "{}个百分点",
            fmt_calc(v.saturating_mul(Decimal::ONE_HUNDRED), 2)
        ),
        d => format!("{}{}", fmt_calc(v, 0), d.word()),
    }
}

impl Explainer<'_> {
    pub(super) fn leaf_trace(
        &self,
        id: crate::ir::NodeId,
        weight: Decimal,
        leaf: &Leaf,
        o: &NodeOutcome,
        out: &mut Vec<TraceLine>,
    ) {
        let l = &o.ledger;
        // Special cases that were checked and did not hold are not worth a line; the one
        // that decided is.
        if let Some(ci) = l.case {
            out.push(self.case_line(&leaf.cases[ci]));
            out.push(self.score_line(o.score.unwrap_or(weight)));
            return;
        }
        self.subject_lines(leaf, out);
        if let Some(f) = &l.fault {
            out.push(self.fault_line(id, leaf, f));
            return;
        }
        self.rule_lines(weight, leaf, l, out);
        out.extend(self.clamp_line(weight, leaf, l));
        out.extend(self.round_line(weight, l, o.score));
        if let Some(score) = o.score {
            out.push(self.score_line(score));
        }
    }

    fn score_line(&self, score: Decimal) -> TraceLine {
        line(
            "score",
            "得分",
            format!("{} 分", fmt_points(score, self.places())),
        )
    }

    /// The special case that decided: `若 …，计满分（理由）`.
    fn case_line(&self, case: &Case) -> TraceLine {
        let cond = Formula::names(self.scheme).render(&case.cond, 0);
        let reason = case
            .reason
            .as_ref()
            .map(|r| format!("（{r}）"))
            .unwrap_or_default();
        match case.outcome {
            CaseOutcome::NotApplicable => line(
                "not_applicable",
                "情形",
                format!("{cond}，不适用，按满分计算{reason}"),
            ),
            CaseOutcome::Full => line("case", "情形", format!("{cond}，计满分{reason}")),
            CaseOutcome::Points(v) => line(
                "case",
                "情形",
                format!("{cond}，计 {} 分{reason}", v.normalize()),
            ),
        }
    }

    /// What the rule did; nothing when the ledger's detail is not the rule's.
    fn rule_lines(&self, weight: Decimal, leaf: &Leaf, l: &Ledger, out: &mut Vec<TraceLine>) {
        let dim = self.subject_dim(leaf);
        match (&leaf.rule, l.detail) {
            (
                Rule::Threshold(t),
                Detail::Threshold {
                    excess,
                    steps,
                    deduction,
                },
            ) => out.push(self.threshold_line(t, l, dim, excess, steps, deduction)),
            (Rule::Bands(bands), Detail::Band(i)) => {
                out.extend(bands.get(i).map(|b| band_line(b, i, l, dim)))
            }
            (Rule::Proportional { cap }, Detail::Proportional { used, capped }) => {
                if capped {
                    out.push(cap_line(*cap, l, dim));
                }
                out.push(self.proportional_line(weight, used));
            }
            (Rule::Checklist { input, points }, Detail::Checklist(bits)) => {
                out.extend(self.checklist_line(*input, points, bits))
            }
            (Rule::PerEvent { step, per_step }, Detail::PerEvent { deduction, .. }) => {
                out.push(self.per_event_line(*step, *per_step, l, dim, deduction))
            }
            (Rule::Tiers { input, points }, Detail::Tier(level)) => {
                out.extend(self.tier_line(*input, points, level))
            }
            (Rule::Reviewer { input }, Detail::Reviewer) => out.push(self.reviewer_line(*input, l)),
            _ => {}
        }
    }

    /// `超过100%共20.00个百分点，每1个百分点扣0.5分（按比例）：20 × 0.5分 = 10.00分`.
    fn threshold_line(
        &self,
        t: &Threshold,
        l: &Ledger,
        dim: Dim,
        excess: Decimal,
        steps: Decimal,
        deduction: Decimal,
    ) -> TraceLine {
        let p = self.places();
        let (side, none) = match t.dir {
            Direction::Above => ("超过", "未超过"),
            Direction::Below => ("低于", "未低于"),
            Direction::Either => {
                let v = l.subject.unwrap_or_default();
                if v >= t.threshold {
                    ("超过", "等于")
                } else {
                    ("低于", "等于")
                }
            }
        };
        let th = fmt_const(t.threshold, dim, None);
        let step = fmt_const(t.step, dim, t.step_unit);
        if excess.is_zero() {
            return line("deduction", "扣分", format!("{none}{th}，不扣分"));
        }
        let ex = fmt_excess(excess, dim);
        let per = t.per_step.normalize();
        let text = match t.policy {
            StepPolicy::Proportional => {
                let steps_s = if t.step == Decimal::new(1, 2) && dim == Dim::Ratio
                    || t.step == Decimal::ONE
                {
                    String::new()
                } else {
                    format!("，折合 {} 档", fmt_calc(steps, 2))
                };
                format!(
                    "{side}{th}共{ex}{steps_s}，每{step}扣{per}分（按比例）：{} × {per}分，扣 {}分",
                    fmt_calc(steps, 2),
                    fmt_calc(deduction, p)
                )
            }
            // Less than one step: said in words, not as 0 × the step.
            StepPolicy::FullSteps if steps.is_zero() => {
                format!("{side}{th}共{ex}，每{step}为一档，不足一档，不扣分")
            }
            StepPolicy::FullSteps => format!(
                "{side}{th}共{ex}，每{step}为一档，满 {} 档（不足一档不扣）× {per}分，扣 {}分",
                steps.normalize(),
                fmt_calc(deduction, p)
            ),
            StepPolicy::AnyPart => format!(
                "{side}{th}共{ex}，每{step}为一档，计 {} 档（不足一档按一档）× {per}分，扣 {}分",
                steps.normalize(),
                fmt_calc(deduction, p)
            ),
        };
        line("deduction", "扣分", text)
    }

    /// `分值 × 比例 = 得分`.
    fn proportional_line(&self, weight: Decimal, used: Decimal) -> TraceLine {
        let p = self.places();
        let product = fmt_calc(weight.saturating_mul(used), p);
        line(
            "proportional",
            "计分",
            format!(
                "{}分 × {} = {}分",
                weight.normalize(),
                fmt_quantity(used, Dim::Ratio),
                product
            ),
        )
    }

    /// `具备：甲（2分）、乙（2分）；不具备：丙（1分）`.
    fn checklist_line(&self, input: InputId, points: &[Decimal], bits: u64) -> Option<TraceLine> {
        let InputKind::Checklist(items) = &self.scheme.input(input).kind else {
            return None;
        };
        let (mut have, mut lack) = (Vec::new(), Vec::new());
        for (i, item) in items.iter().enumerate() {
            let p = points.get(i).copied().unwrap_or_default();
            let s = format!("{item}（{}分）", p.normalize());
            if bits & (1 << i) != 0 {
                have.push(s)
            } else {
                lack.push(s)
            }
        }
        let have_s = if have.is_empty() {
            "无".into()
        } else {
            have.join("、")
        };
        let mut text = format!("具备：{have_s}");
        if !lack.is_empty() {
            text.push_str(&format!("；不具备：{}", lack.join("、")));
        }
        Some(line("checklist", "清单", text))
    }

    /// `出现 2项 × 1分 = 2.00分`.
    fn per_event_line(
        &self,
        step: Decimal,
        per_step: Decimal,
        l: &Ledger,
        dim: Dim,
        deduction: Decimal,
    ) -> TraceLine {
        let p = self.places();
        let v = l.subject.unwrap_or_default();
        let text = if v.is_zero() {
            "未出现，不扣分".to_string()
        } else if step == Decimal::ONE {
            format!(
                "出现 {}，每 {} 扣 {}分：{} × {}分，扣 {}分",
                fmt_quantity(v, dim),
                fmt_quantity(step, dim),
                per_step.normalize(),
                fmt_calc(v, 0),
                per_step.normalize(),
                fmt_calc(deduction, p)
            )
        } else {
            format!(
                "出现 {}，每 {} 扣 {}分，扣 {}分",
                fmt_quantity(v, dim),
                fmt_quantity(step, dim),
                per_step.normalize(),
                fmt_calc(deduction, p)
            )
        };
        line("deduction", "扣分", text)
    }

    /// `行政效能为“一般”，计 3 分（较好 6分、一般 3分、无效果 0分）`.
    fn tier_line(&self, input: InputId, points: &[Decimal], level: usize) -> Option<TraceLine> {
        let inp = self.scheme.input(input);
        let InputKind::Tier(levels) = &inp.kind else {
            return None;
        };
        let name = levels.get(level).cloned().unwrap_or_default();
        let all: Vec<String> = levels
            .iter()
            .zip(points)
            .map(|(n, p)| format!("{n} {}分", p.normalize()))
            .collect();
        Some(line(
            "tier",
            "等级",
            format!(
                "{}为“{name}”，计 {} 分（{}）",
                inp.name,
                points.get(level).copied().unwrap_or_default().normalize(),
                all.join("、")
            ),
        ))
    }

    /// `评审打分 2.5 分，理由：……`.
    fn reviewer_line(&self, input: InputId, l: &Ledger) -> TraceLine {
        let reason = match self
            .report
            .inputs
            .get(input.0 as usize)
            .and_then(Option::as_ref)
        {
            Some(InputValue::Review { reason, .. }) => reason.clone(),
            _ => String::new(),
        };
        line(
            "reviewer",
            "评审",
            format!(
                "评审打分 {} 分，理由：{reason}",
                l.subject.unwrap_or_default().normalize()
            ),
        )
    }

    /// 扣完为止 (or a floor other than 0), or a score above the points.
    fn clamp_line(&self, weight: Decimal, leaf: &Leaf, l: &Ledger) -> Option<TraceLine> {
        let p = self.places();
        match l.clamp {
            Clamp::Floor => {
                let raw = l.raw.unwrap_or_default();
                let floor = match &leaf.rule {
                    Rule::Threshold(t) => t.floor,
                    _ => Decimal::ZERO,
                };
                let text = if floor.is_zero() && matches!(leaf.rule, Rule::Threshold(_)) {
                    format!("超过分值，扣完为止，实扣 {} 分", fmt_points(weight, p))
                } else if floor.is_zero() {
                    // A proportion below zero (a negative actual against a positive target).
                    format!("{} 分低于 0，按 0 分计", fmt_calc(raw, p))
                } else {
                    format!(
                        "{} 分低于下限，按下限 {} 分计",
                        fmt_calc(raw, p),
                        floor.normalize()
                    )
                };
                Some(line("floor", "封底", text))
            }
            Clamp::Cap => Some(line(
                "cap",
                "封顶",
                format!(
                    "{} 分超过分值，按 {} 分计",
                    fmt_calc(l.raw.unwrap_or_default(), p),
                    weight.normalize()
                ),
            )),
            Clamp::None => None,
        }
    }

    /// `6.245 四舍五入保留 2 位小数为 6.25` (or 去尾, 进一: the scheme's rounding), when
    /// rounding changed the score.
    fn round_line(&self, weight: Decimal, l: &Ledger, score: Option<Decimal>) -> Option<TraceLine> {
        let p = self.places();
        let (raw, score) = (l.raw?, score?);
        let clamped = match l.clamp {
            Clamp::None => raw,
            _ => score,
        };
        // After a deduction, the number rounded is the points left: say how it came about.
        let deducted = match (l.clamp, &l.detail) {
            (
                Clamp::None,
                Detail::Threshold { deduction, .. } | Detail::PerEvent { deduction, .. },
            ) => Some(*deduction),
            _ => None,
        };
        let shown = match deducted {
            Some(d) => format!(
                "{}分 - {}分 = {}分，",
                weight.normalize(),
                fmt_calc(d, p),
                fmt_calc(clamped, p)
            ),
            None => format!("{} ", fmt_calc(clamped, p)),
        };
        (clamped.normalize() != score.normalize()).then(|| {
            line(
                "round",
                "舍入",
                format!(
                    "{shown}{}保留 {p} 位小数为 {}",
                    self.scheme.rounding.word(),
                    fmt_points(score, p)
                ),
            )
        })
    }

    fn subject_dim(&self, leaf: &Leaf) -> Dim {
        match leaf.subject {
            Some(Subject::Value(v)) => match self.scheme.value(v).expr.ty {
                Ty::Num(d) => d,
                Ty::Bool => Dim::Plain,
            },
            Some(Subject::Input(i)) => match self.scheme.input(i).kind {
                InputKind::Number(d) => d,
                _ => Dim::Points,
            },
            None => Dim::Plain,
        }
    }

    /// The formulas that lead to the scored value, each with the report's values put in;
    /// or the input the rule reads, with its value.
    fn subject_lines(&self, leaf: &Leaf, out: &mut Vec<TraceLine>) {
        match leaf.subject {
            Some(Subject::Value(v)) => {
                let mut deps = Vec::new();
                value_deps(self.scheme, &self.scheme.value(v).expr, &mut deps);
                deps.push(v);
                for d in deps {
                    self.value_lines(d, out);
                }
            }
            Some(Subject::Input(i)) => {
                let input = self.scheme.input(i);
                let text = match self
                    .report
                    .inputs
                    .get(i.0 as usize)
                    .and_then(Option::as_ref)
                {
                    Some(InputValue::Num(v)) => match input.kind {
                        InputKind::Number(d) => {
                            format!("{} = {}", input.name, fmt_quantity(*v, d))
                        }
                        _ => format!("{} = {}", input.name, fmt_plain(*v)),
                    },
                    _ => return,
                };
                out.push(line("substitute", "取值", text));
            }
            None => {}
        }
    }

    /// `公式 x = a ÷ b` and, when it was computed, `计算 x = 1 ÷ 2 = 50%`.
    fn value_lines(&self, d: crate::ir::ValueId, out: &mut Vec<TraceLine>) {
        let val = self.scheme.value(d);
        let computed = match self.outcome.values.get(d.0 as usize).cloned().flatten() {
            Some(Ok(Val::Num(n))) => match val.expr.ty {
                Ty::Num(dim) => Some(fmt_quantity(n, dim)),
                Ty::Bool => None,
            },
            Some(Ok(Val::Bool(b))) => Some(if b { "是" } else { "否" }.to_string()),
            _ => None,
        };
        let f = Formula::names(self.scheme).render(&val.expr, 0);
        out.push(line("formula", "公式", format!("{} = {f}", val.name)));
        let sub = Formula::with_values(self.scheme, self.report, &self.outcome.values)
            .render(&val.expr, 0);
        if let Some(c) = computed {
            let text = if sub == c {
                format!("{} = {c}", val.name)
            } else {
                format!("{} = {sub} = {c}", val.name)
            };
            out.push(line("substitute", "计算", text));
        } else if matches!(
            self.outcome.values.get(d.0 as usize),
            Some(Some(Ok(_))) | Some(Some(Err(_)))
        ) {
            out.push(line("substitute", "计算", format!("{} = {sub}", val.name)));
        }
    }

    pub(super) fn fault_line(&self, id: crate::ir::NodeId, leaf: &Leaf, f: &Fault) -> TraceLine {
        match f {
            // A row whose values were written but cannot be scored (a negative target missed,
            // units that cannot be compared …): what was written is not missing; the notes
            // above say why.
            Fault::Missing(ids)
                if ids.iter().all(|i| {
                    let input = self.scheme.input(*i);
                    input.row && input.name != "完成比例"
                }) && self
                    .report
                    .row(id)
                    .is_some_and(|r| !r.notes.is_empty() && !r.actual_text.trim().is_empty()) =>
            {
                line(
                    "missing",
                    "未计分",
                    "本行的数据无法按规则计分（原因见上面的提示），本行不计分（不按 0 分计）"
                        .to_string(),
                )
            }
            Fault::Missing(ids) if ids.iter().all(|i| self.scheme.input(*i).row) => {
                let why = if self.report.row(id).is_some_and(|r| !r.notes.is_empty()) {
                    "（原因见上面的提示）"
                } else {
                    ""
                };
                line(
                    "missing",
                    "缺数",
                    format!(
                        "本行缺少 {}{why}，本行不计分（不按 0 分计）",
                        self.input_names(ids)
                    ),
                )
            }
            Fault::Missing(ids) => line(
                "missing",
                "缺数",
                format!(
                    "缺少输入 {}，本指标不计分（不按 0 分计）",
                    self.input_names(ids)
                ),
            ),
            Fault::DivZero { divisor } => {
                let text = self.scheme.source_text(*divisor);
                line(
                    "error",
                    "出错",
                    format!("除数 `{text}` 为 0，无法计算，本指标不计分"),
                )
            }
            Fault::Overflow { at } => {
                let text = self.scheme.source_text(*at);
                line(
                    "error",
                    "出错",
                    format!("`{text}` 的结果超出可精确表示的范围，本指标不计分"),
                )
            }
            Fault::NoBand { value } => line(
                "error",
                "出错",
                format!(
                    "值 {} 不在任何分档内，本指标不计分",
                    fmt_quantity(*value, self.subject_dim(leaf))
                ),
            ),
            Fault::NoCase => line(
                "error",
                "出错",
                "没有一种特殊情形适用，本指标不计分".to_string(),
            ),
        }
    }
}

/// `95% 落在第 1 档 [90%, +∞)，计 5 分`.
fn band_line(b: &Band, i: usize, l: &Ledger, dim: Dim) -> TraceLine {
    let v = fmt_quantity(l.subject.unwrap_or_default(), dim);
    line(
        "band",
        "分档",
        format!(
            "{v} 落在第 {} 档 {}，计 {} 分",
            i + 1,
            fmt_range(&b.range, dim),
            b.points.normalize()
        ),
    )
}

/// `120% 超过 100%，按 100% 计`.
fn cap_line(cap: Decimal, l: &Ledger, dim: Dim) -> TraceLine {
    line(
        "cap",
        "封顶",
        format!(
            "{} 超过 {}，按 {} 计",
            fmt_quantity(l.subject.unwrap_or_default(), dim),
            fmt_quantity(cap, Dim::Ratio),
            fmt_quantity(cap, Dim::Ratio)
        ),
    )
}
