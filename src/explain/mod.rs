//! Explanation: a leaf's ledger turned into lines a finance officer can sign.
//!
//! Each line has a stable `kind` (`rule`, `formula`, `substitute`, `deduction`, `floor`,
//! `cap`, `round`, `score`, `not_applicable`, `self_score` …) so that text, JSON and any
//! later rendering say the same thing.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::number::round;
use crate::base::quantity::{fmt_bound, fmt_plain, fmt_points, fmt_quantity, fmt_range};
use crate::base::units::{Dim, UnitWord};
use crate::eval::{Clamp, Detail, Fault, NodeOutcome, Outcome, Scored, Status, Val};
use crate::ir::{CaseOutcome, Expr, ExprKind, NodeId, Rule, Scheme, Subject, Ty, ValueId};
use crate::report::{InputValue, Report};
use crate::syntax::ast::{Direction, StepPolicy};

/// One line of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TraceLine {
    /// Stable kind.
    pub kind: &'static str,
    /// The label shown before the text (依据, 计算, 扣分 …).
    #[serde(skip)]
    pub label: &'static str,
    /// The sentence.
    pub text: String,
}

fn line(kind: &'static str, label: &'static str, text: impl Into<String>) -> TraceLine {
    TraceLine {
        kind,
        label,
        text: text.into(),
    }
}

/// A threshold or step as the rule states it: `100%`, `1个百分点`, `5万元`.
fn fmt_const(v: Decimal, dim: Dim, word: Option<UnitWord>) -> String {
    match (dim, word) {
        (Dim::Ratio, Some(UnitWord::PercentPoint)) => {
            format!(
                "{}个百分点",
                (v.saturating_mul(Decimal::ONE_HUNDRED)).normalize()
            )
        }
        (Dim::Ratio, _) => format!("{}%", (v.saturating_mul(Decimal::ONE_HUNDRED)).normalize()),
        (d, _) => format!("{}{}", v.normalize(), d.word()),
    }
}

/// An amount of excess in the step's terms: `20.00个百分点`, `3人`.
fn fmt_excess(v: Decimal, dim: Dim) -> String {
    match dim {
        Dim::Ratio => format!(
            "{}个百分点",
            round(v.saturating_mul(Decimal::ONE_HUNDRED), 2)
        ),
        d => format!("{}{}", fmt_plain(v), d.word()),
    }
}

fn or_blank(s: &str) -> &str {
    if s.is_empty() {
        "（未填）"
    } else {
        s
    }
}

/// Computed values of a report, by value id.
type Computed = [Option<Result<Val, Fault>>];

/// What a formula is written with: operands are names, numbers as written.
pub struct Formula<'a> {
    scheme: &'a Scheme,
    /// With values: the report and the computed values.
    env: Option<(&'a Report, &'a Computed)>,
}

impl Formula<'_> {
    fn render(&self, e: &Expr, parent_prec: u8) -> String {
        match &e.kind {
            ExprKind::Num(v, unit) => match unit {
                Some(u) => fmt_const(*v, u.dim(), Some(*u)),
                None => v.normalize().to_string(),
            },
            ExprKind::Bool(b) => if *b { "是" } else { "否" }.into(),
            ExprKind::Input(id) => {
                let input = self.scheme.input(*id);
                let s = match self.env {
                    None => input.name.clone(),
                    Some((r, _)) => match r.inputs.get(id.0 as usize).and_then(Option::as_ref) {
                        Some(InputValue::Num(v)) => match input.kind {
                            crate::ir::InputKind::Number(Dim::Ratio) => {
                                fmt_quantity(*v, Dim::Ratio)
                            }
                            _ => fmt_plain(*v),
                        },
                        Some(InputValue::Bool(b)) => {
                            format!("{}（{}）", input.name, if *b { "是" } else { "否" })
                        }
                        Some(InputValue::Review { score, .. }) => fmt_plain(*score),
                        Some(_) => input.name.clone(),
                        None => format!("{}（缺）", input.name),
                    },
                };
                // A negative number inside a sum reads `a + （−5.00）`, not `a + -5.00`.
                match s.strip_prefix('-') {
                    Some(abs) if parent_prec > 0 => format!("（−{abs}）"),
                    _ => s,
                }
            }
            ExprKind::Value(id) => {
                let v = self.scheme.value(*id);
                match self.env {
                    None => v.name.clone(),
                    Some((_, vals)) => match vals.get(id.0 as usize).cloned().flatten() {
                        Some(Ok(Val::Num(n))) => match v.expr.ty {
                            Ty::Num(d) => fmt_quantity(n, d),
                            Ty::Bool => fmt_plain(n),
                        },
                        Some(Ok(Val::Bool(b))) => if b { "是" } else { "否" }.into(),
                        _ => v.name.clone(),
                    },
                }
            }
            ExprKind::Neg(x) => format!("−{}", self.render(x, 9)),
            ExprKind::Not(x) => format!("非 {}", self.render(x, 9)),
            ExprKind::Convert(x, _) => self.render(x, parent_prec),
            ExprKind::Binary(op, l, r) => {
                let p = op.precedence();
                let s = format!(
                    "{} {} {}",
                    self.render(l, p),
                    op.symbol(),
                    self.render(r, p + 1)
                );
                if p < parent_prec {
                    format!("（{s}）")
                } else {
                    s
                }
            }
            ExprKind::Call(f, args) => {
                let a: Vec<String> = args.iter().map(|x| self.render(x, 0)).collect();
                format!("{}（{}）", f.name(), a.join("，"))
            }
            ExprKind::If(c, t, f) => {
                let s = format!(
                    "若 {} 则 {} 否则 {}",
                    self.render(c, 0),
                    self.render(t, 0),
                    self.render(f, 0)
                );
                if parent_prec > 0 {
                    format!("（{s}）")
                } else {
                    s
                }
            }
        }
    }
}

/// A formula with names: `在职人员数 ÷ 编制数`.
pub fn formula(scheme: &Scheme, e: &Expr) -> String {
    Formula { scheme, env: None }.render(e, 0)
}

/// Derived values a formula reads, innermost first.
pub fn value_deps(scheme: &Scheme, e: &Expr, out: &mut Vec<ValueId>) {
    match &e.kind {
        ExprKind::Value(id) => {
            if !out.contains(id) {
                value_deps(scheme, &scheme.value(*id).expr, out);
                out.push(*id);
            }
        }
        _ => e.for_each_child(|c| value_deps(scheme, c, out)),
    }
}

/// Everything needed to explain one report's score.
pub struct Explainer<'a> {
    /// The scheme.
    pub scheme: &'a Scheme,
    /// The report.
    pub report: &'a Report,
    /// Its outcome.
    pub outcome: &'a Outcome,
}

impl<'a> Explainer<'a> {
    /// The explainer of a scored report.
    pub fn of(scored: &'a Scored<'_>) -> Self {
        Explainer {
            scheme: &scored.scheme,
            report: &scored.report,
            outcome: &scored.outcome,
        }
    }

    fn places(&self) -> u32 {
        self.scheme.places
    }

    /// The self-score of an indicator and the gap 自评 − 得分, in words.
    pub fn self_gap(&self, id: NodeId) -> Option<(Decimal, Option<Decimal>)> {
        let s = self
            .report
            .self_scores
            .get(id.0 as usize)
            .copied()
            .flatten()?;
        Some((s, self.outcome.node(id).score.map(|score| s - score)))
    }

    /// The head line: `在职人员控制率（5分）得 0.00 分 · 自评 4 分 · 自评高出 4.00`.
    pub fn head(&self, id: NodeId) -> String {
        let n = self.scheme.node(id);
        let o = self.outcome.node(id);
        let p = self.places();
        let mut s = format!("{}（{}分）", n.name, n.weight.normalize());
        match (o.status, o.score) {
            (Status::NotApplicable, Some(v)) => {
                s.push_str(&format!("得 {} 分（不适用，按满分计算）", fmt_points(v, p)))
            }
            (_, Some(v)) => s.push_str(&format!("得 {} 分", fmt_points(v, p))),
            (Status::MissingInput, None) => s.push_str("未计分：缺少数据"),
            (_, None) => s.push_str("未计分：计算出错"),
        }
        if let Some((own, gap)) = self.self_gap(id) {
            s.push_str(&format!(" · 自评 {} 分", own.normalize()));
            if let Some(g) = gap {
                s.push_str(&match g.cmp(&Decimal::ZERO) {
                    std::cmp::Ordering::Greater => format!(" · 自评高出 {}", fmt_points(g, p)),
                    std::cmp::Ordering::Less => format!(" · 自评低于 {}", fmt_points(-g, p)),
                    std::cmp::Ordering::Equal => " · 与自评一致".into(),
                });
            }
        }
        s
    }

    /// In a scheme built on another: the file and years the rule comes from, and the file
    /// that last changed the points when that is another.
    fn source_line(&self, n: &crate::ir::Node) -> Option<TraceLine> {
        let leaf = n.leaf.as_ref()?;
        let rule = self.scheme.origin(leaf.rule_span)?;
        let mut text = format!("规则出自 {rule}");
        if n.points_span.file != leaf.rule_span.file {
            if let Some(p) = self.scheme.origin(n.points_span) {
                let layer = |f| self.scheme.layers.iter().position(|l| l.file == f);
                let verb = if layer(n.points_span.file) > layer(leaf.rule_span.file) {
                    "改为"
                } else {
                    "沿用"
                };
                text.push_str(&format!("，分值{verb} {p}的 {} 分", n.weight.normalize()));
            }
        }
        Some(line("source", "来源", text))
    }

    /// The explanation lines of an indicator.
    pub fn trace(&self, id: NodeId) -> Vec<TraceLine> {
        let n = self.scheme.node(id);
        let o = self.outcome.node(id);
        let mut out = Vec::new();
        if let Some(r) = self.report.row(id) {
            self.row_lines(r, &mut out);
        }
        if !n.unfilled() {
            for note in self.report.notes(id) {
                out.push(line("note", "提示", note.clone()));
            }
        }
        if n.unfilled() {
            if let Some(ex) = &n.explanation {
                out.push(line("definition", "说明", ex.clone()));
            }
            out.push(line(
                "missing",
                "缺数",
                "本类没有填报任何指标行，未计分（不按 0 分计）",
            ));
            return out;
        }
        if let Some(std) = &n.standard {
            out.push(line("rule", "依据", std.clone()));
        }
        if let Some(ex) = &n.explanation {
            out.push(line("definition", "说明", ex.clone()));
        }
        out.extend(self.source_line(n));
        match &n.leaf {
            // A category whose points went to another: nothing to add up.
            None if n.children.is_empty() => {}
            None => {
                let names: Vec<String> = n
                    .children
                    .iter()
                    .map(|c| self.scheme.node(*c).name.clone())
                    .collect();
                out.push(line(
                    "sum",
                    "合计",
                    format!(
                        "{} 之和 = {} 分",
                        names.join("、"),
                        fmt_points(o.score.unwrap_or_default(), self.places())
                    ),
                ));
                if !o.missing.is_empty() {
                    out.push(line(
                        "missing",
                        "缺数",
                        format!("下级指标缺少：{}", self.input_names(&o.missing)),
                    ));
                }
            }
            Some(leaf) => self.leaf_trace(n.weight, leaf, o, &mut out),
        }
        if let Some((own, gap)) = self.self_gap(id) {
            let text = match gap {
                Some(g) => format!(
                    "自评 {} 分，自评 − 得分 = {}",
                    own.normalize(),
                    fmt_points(g, self.places())
                ),
                None => format!("自评 {} 分（本指标未计分，无法比较）", own.normalize()),
            };
            out.push(line("self_score", "自评", text));
        }
        out
    }

    /// What a form's row says and how it was read: target, actual, met, method, points.
    fn row_lines(&self, r: &crate::report::RowInfo, out: &mut Vec<TraceLine>) {
        use crate::ir::RowKind;
        use crate::report::value::Reading;
        let kind = r.kind.name();
        out.push(line(
            "target",
            "指标值",
            format!("{}（按{kind}指标计分）", or_blank(&r.target_text)),
        ));
        let how = r
            .how
            .as_ref()
            .map(|h| format!("（{h}）"))
            .unwrap_or_default();
        out.push(line(
            "actual",
            "完成值",
            format!("{}{how}", or_blank(&r.actual_text)),
        ));
        let num = |k: usize| match &r.values[k] {
            Some(InputValue::Num(v)) => Some(*v),
            _ => None,
        };
        match (r.kind, num(0), num(1), r.met()) {
            (RowKind::Lower | RowKind::Upper, Some(a), Some(t), Some(met)) => {
                let cmp = match &r.target {
                    Reading::Quantity { cmp: Some(c), .. } => c.sign(),
                    _ => "≥",
                };
                let text = if met {
                    format!("{} {cmp} {}，达到指标值", r.show(a), r.show(t))
                } else {
                    format!("{} 未达到 {cmp} {}", r.show(a), r.show(t))
                };
                out.push(line("met", "达标", text));
            }
            (RowKind::Deadline, _, _, Some(met)) => {
                let (due, done) = match (&r.target, &r.actual) {
                    (Reading::Date(t), Reading::Date(a)) => (t.show(), a.show()),
                    _ => (r.target_text.clone(), r.actual_text.clone()),
                };
                let text = if met {
                    format!("{done} 完成，不晚于期限 {due}，按期完成")
                } else {
                    format!("{done} 完成，晚于期限 {due}，逾期")
                };
                out.push(line("met", "达标", text));
            }
            (RowKind::Qualitative, ..) => {
                if let Some(c) = num(3) {
                    let tier = self
                        .scheme
                        .form
                        .as_deref()
                        .and_then(|f| crate::report::tier(f, c).map(|t| (t, f)))
                        .map(|(t, f)| {
                            let range = f
                                .tiers
                                .iter()
                                .find(|(n, _)| n == t)
                                .map(|(_, r)| fmt_range(r, Dim::Ratio))
                                .unwrap_or_default();
                            format!("，属“{t}”档 {range}")
                        })
                        .unwrap_or_default();
                    out.push(line(
                        "completion",
                        "完成比例",
                        format!("{}{tier}", fmt_bound(c, Dim::Ratio)),
                    ));
                }
            }
            _ => {}
        }
        if let Some(f) = self.scheme.form.as_deref() {
            if let Some(std) = &f.kinds[r.kind.index()].standard {
                out.push(line("method", "方法", format!("{kind}：{std}")));
            }
        }
        if let Some(note) = &r.points_note {
            out.push(line("points", "分值", note.clone()));
        }
        for n in &r.notes {
            out.push(line("finding", "提示", n.text.clone()));
        }
    }

    fn input_names(&self, ids: &[crate::ir::InputId]) -> String {
        ids.iter()
            .map(|i| format!("`{}`", self.scheme.input(*i).name))
            .collect::<Vec<_>>()
            .join("、")
    }

    fn leaf_trace(
        &self,
        weight: Decimal,
        leaf: &crate::ir::Leaf,
        o: &NodeOutcome,
        out: &mut Vec<TraceLine>,
    ) {
        let p = self.places();
        let l = &o.ledger;
        // Special cases that were checked and did not hold are not worth a line; the one
        // that decided is.
        if let Some(ci) = l.case {
            let case = &leaf.cases[ci];
            let cond = Formula {
                scheme: self.scheme,
                env: None,
            }
            .render(&case.cond, 0);
            let reason = case
                .reason
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            match case.outcome {
                CaseOutcome::NotApplicable => out.push(line(
                    "not_applicable",
                    "情形",
                    format!("{cond}，不适用，按满分计算{reason}"),
                )),
                CaseOutcome::Full => {
                    out.push(line("case", "情形", format!("{cond}，计满分{reason}")))
                }
                CaseOutcome::Points(v) => out.push(line(
                    "case",
                    "情形",
                    format!("{cond}，计 {} 分{reason}", v.normalize()),
                )),
            }
            out.push(line(
                "score",
                "得分",
                format!("{} 分", fmt_points(o.score.unwrap_or(weight), p)),
            ));
            return;
        }
        self.subject_lines(leaf, out);
        if let Some(f) = &l.fault {
            out.push(self.fault_line(f));
            return;
        }
        let dim = self.subject_dim(leaf);
        match (&leaf.rule, l.detail) {
            (
                Rule::Threshold(t),
                Detail::Threshold {
                    excess,
                    steps,
                    deduction,
                },
            ) => {
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
                    out.push(line("deduction", "扣分", format!("{none}{th}，不扣分")));
                } else {
                    let ex = fmt_excess(excess, dim);
                    let per = t.per_step.normalize();
                    let text = match t.policy {
                        StepPolicy::Proportional => {
                            let steps_s = if t.step == Decimal::new(1, 2) && dim == Dim::Ratio || t.step == Decimal::ONE {
                                String::new()
                            } else {
                                format!("，折合 {} 档", round(steps, 2))
                            };
                            format!("{side}{th}共{ex}{steps_s}，每{step}扣{per}分（按比例）：{} × {per}分 = {}分",
                                round(steps, 2), fmt_points(deduction, p))
                        }
                        StepPolicy::FullSteps => format!(
                            "{side}{th}共{ex}，每{step}为一档，满 {} 档（不足一档不扣）× {per}分 = {}分",
                            steps.normalize(),
                            fmt_points(deduction, p)
                        ),
                        StepPolicy::AnyPart => format!(
                            "{side}{th}共{ex}，每{step}为一档，计 {} 档（不足一档按一档）× {per}分 = {}分",
                            steps.normalize(),
                            fmt_points(deduction, p)
                        ),
                    };
                    out.push(line("deduction", "扣分", text));
                }
            }
            (Rule::Bands(bands), Detail::Band(i)) => {
                let b = &bands[i];
                let v = fmt_quantity(l.subject.unwrap_or_default(), dim);
                out.push(line(
                    "band",
                    "分档",
                    format!(
                        "{v} 落在第 {} 档 {}，计 {} 分",
                        i + 1,
                        fmt_range(&b.range, dim),
                        b.points.normalize()
                    ),
                ));
            }
            (Rule::Proportional { cap }, Detail::Proportional { used, capped }) => {
                if capped {
                    out.push(line(
                        "cap",
                        "封顶",
                        format!(
                            "{} 超过 {}，按 {} 计",
                            fmt_quantity(l.subject.unwrap_or_default(), dim),
                            fmt_quantity(*cap, Dim::Ratio),
                            fmt_quantity(*cap, Dim::Ratio)
                        ),
                    ));
                }
                out.push(line(
                    "proportional",
                    "计分",
                    format!(
                        "{}分 × {} = {}分",
                        weight.normalize(),
                        fmt_quantity(used, Dim::Ratio),
                        {
                            let v = weight * used;
                            if round(v, p) == v {
                                fmt_points(v, p)
                            } else {
                                fmt_plain(v)
                            }
                        }
                    ),
                ));
            }
            (Rule::Checklist { input, points }, Detail::Checklist(bits)) => {
                let crate::ir::InputKind::Checklist(items) = &self.scheme.input(*input).kind else {
                    return;
                };
                let (mut have, mut lack) = (Vec::new(), Vec::new());
                for (i, item) in items.iter().enumerate() {
                    let s = format!("{item}（{}分）", points[i].normalize());
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
                out.push(line("checklist", "清单", text));
            }
            (Rule::PerEvent { step, per_step }, Detail::PerEvent { deduction, .. }) => {
                let v = l.subject.unwrap_or_default();
                let text = if v.is_zero() {
                    "未出现，不扣分".to_string()
                } else if *step == Decimal::ONE {
                    format!(
                        "出现 {} × {}分 = {}分",
                        fmt_quantity(v, dim),
                        per_step.normalize(),
                        fmt_points(deduction, p)
                    )
                } else {
                    format!(
                        "出现 {}，每 {} 扣 {}分：{}分",
                        fmt_quantity(v, dim),
                        fmt_quantity(*step, dim),
                        per_step.normalize(),
                        fmt_points(deduction, p)
                    )
                };
                out.push(line("deduction", "扣分", text));
            }
            (Rule::Tiers { input, points }, Detail::Tier(level)) => {
                let inp = self.scheme.input(*input);
                let crate::ir::InputKind::Tier(levels) = &inp.kind else {
                    return;
                };
                let name = levels.get(level).cloned().unwrap_or_default();
                let all: Vec<String> = levels
                    .iter()
                    .zip(points)
                    .map(|(n, p)| format!("{n} {}分", p.normalize()))
                    .collect();
                out.push(line(
                    "tier",
                    "等级",
                    format!(
                        "{}为“{name}”，计 {} 分（{}）",
                        inp.name,
                        points.get(level).copied().unwrap_or_default().normalize(),
                        all.join("、")
                    ),
                ));
            }
            (Rule::Reviewer { input }, Detail::Reviewer) => {
                let reason = match self
                    .report
                    .inputs
                    .get(input.0 as usize)
                    .and_then(Option::as_ref)
                {
                    Some(InputValue::Review { reason, .. }) => reason.clone(),
                    _ => String::new(),
                };
                out.push(line(
                    "reviewer",
                    "评审",
                    format!(
                        "评审打分 {} 分，理由：{reason}",
                        l.subject.unwrap_or_default().normalize()
                    ),
                ));
            }
            _ => {}
        }
        match l.clamp {
            Clamp::Floor => {
                let raw = l.raw.unwrap_or_default();
                let floor = match &leaf.rule {
                    Rule::Threshold(t) => t.floor,
                    _ => Decimal::ZERO,
                };
                let text = if floor.is_zero() {
                    format!("超过分值，扣完为止，扣 {} 分", fmt_points(weight, p))
                } else {
                    format!(
                        "{} 分低于下限，按下限 {} 分计",
                        fmt_points(raw, p),
                        floor.normalize()
                    )
                };
                out.push(line("floor", "封底", text));
            }
            Clamp::Cap => out.push(line(
                "cap",
                "封顶",
                format!(
                    "{} 分超过分值，按 {} 分计",
                    fmt_plain(l.raw.unwrap_or_default()),
                    weight.normalize()
                ),
            )),
            Clamp::None => {}
        }
        if let (Some(raw), Some(score)) = (l.raw, o.score) {
            let clamped = match l.clamp {
                Clamp::None => raw,
                _ => score,
            };
            if clamped.normalize() != score.normalize() {
                out.push(line(
                    "round",
                    "舍入",
                    format!(
                        "{} 四舍五入保留 {p} 位小数为 {}",
                        fmt_plain(clamped),
                        fmt_points(score, p)
                    ),
                ));
            }
        }
        if let Some(score) = o.score {
            out.push(line(
                "score",
                "得分",
                format!("{} 分", fmt_points(score, p)),
            ));
        }
    }

    fn subject_dim(&self, leaf: &crate::ir::Leaf) -> Dim {
        match leaf.subject {
            Some(Subject::Value(v)) => match self.scheme.value(v).expr.ty {
                Ty::Num(d) => d,
                Ty::Bool => Dim::Plain,
            },
            Some(Subject::Input(i)) => match self.scheme.input(i).kind {
                crate::ir::InputKind::Number(d) => d,
                _ => Dim::Points,
            },
            None => Dim::Plain,
        }
    }

    fn subject_lines(&self, leaf: &crate::ir::Leaf, out: &mut Vec<TraceLine>) {
        let names = Formula {
            scheme: self.scheme,
            env: None,
        };
        let vals = Formula {
            scheme: self.scheme,
            env: Some((self.report, &self.outcome.values)),
        };
        match leaf.subject {
            Some(Subject::Value(v)) => {
                let mut deps = Vec::new();
                value_deps(self.scheme, &self.scheme.value(v).expr, &mut deps);
                deps.push(v);
                for d in deps {
                    let val = self.scheme.value(d);
                    let computed = match self.outcome.values.get(d.0 as usize).cloned().flatten() {
                        Some(Ok(Val::Num(n))) => match val.expr.ty {
                            Ty::Num(dim) => Some(fmt_quantity(n, dim)),
                            Ty::Bool => None,
                        },
                        Some(Ok(Val::Bool(b))) => Some(if b { "是" } else { "否" }.to_string()),
                        _ => None,
                    };
                    let f = names.render(&val.expr, 0);
                    out.push(line("formula", "公式", format!("{} = {f}", val.name)));
                    let sub = vals.render(&val.expr, 0);
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
                        crate::ir::InputKind::Number(d) => {
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

    fn fault_line(&self, f: &Fault) -> TraceLine {
        match f {
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
                format!("值 {} 不在任何分档内，本指标不计分", fmt_plain(*value)),
            ),
        }
    }

    /// One line: why points were lost (for the score table).
    pub fn reason(&self, id: NodeId) -> String {
        let o = self.outcome.node(id);
        let lines = self.trace(id);
        let pick = |kinds: &[&str]| {
            lines
                .iter()
                .find(|l| kinds.contains(&l.kind))
                .map(|l| l.text.clone())
        };
        let n = self.scheme.node(id);
        match o.status {
            Status::MissingInput if n.unfilled() => "没有填报指标行".into(),
            Status::MissingInput if self.report.row(id).is_some() => pick(&["finding"])
                .unwrap_or_else(|| format!("缺少 {}", self.input_names(&o.missing))),
            Status::MissingInput => format!("缺少 {}", self.input_names(&o.missing)),
            Status::Error => pick(&["error"]).unwrap_or_default(),
            Status::NotApplicable => "不适用，按满分计算".into(),
            Status::Scored => {
                let n = self.scheme.node(id);
                if o.score.is_some_and(|s| s >= n.weight) || n.leaf.is_none() {
                    return String::new();
                }
                let mut parts: Vec<String> = Vec::new();
                if let Some(s) = pick(&["substitute"]) {
                    parts.push(s);
                }
                if let Some(s) = pick(&[
                    "case",
                    "deduction",
                    "band",
                    "proportional",
                    "checklist",
                    "tier",
                    "reviewer",
                ]) {
                    parts.push(s);
                }
                if let Some(s) = pick(&["floor"]) {
                    parts.push(s);
                }
                parts.join("；")
            }
        }
    }
}
