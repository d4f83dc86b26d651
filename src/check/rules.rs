//! Leaves: the scored quantity, the special cases and the rule, checked against the points.

use rust_decimal::Decimal;

use super::resolve::Resolver;
use super::CheckError;
use crate::base::diag::Diag;
use crate::base::interval::Range;
use crate::base::names::suggest;
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{self, CaseOutcome, InputId, InputKind, Rule, Subject, Ty};
use crate::syntax::ast::{self, RuleKind};

impl<'a> Resolver<'a> {
    /// Builds a leaf's scoring; `None` if it has no usable rule (already reported).
    pub fn leaf(&mut self, d: &'a ast::IndicatorDecl, weight: Decimal) -> Option<ir::Leaf> {
        self.points_at = Some(d.points.span);
        let name = d.name.text.clone();
        let subject = d.subject.as_ref().and_then(|s| self.subject(s));
        let cases = d
            .cases
            .iter()
            .map(|c| self.case(c, &name, weight))
            .collect();
        let Some(first) = d.rules.first() else {
            // A rule still to be decided (`待定`) is said there, not as a missing rule too.
            if !d.pending.is_empty() {
                return None;
            }
            if d.cases.is_empty() {
                self.error(CheckError::NoRule { name }, d.head_span);
                return None;
            }
            // Scored by its cases alone; that they cover every report is checked once the
            // scheme is whole (workflow::compile, `cases-uncovered`).
            return Some(ir::Leaf {
                subject: None,
                cases,
                rule: ir::Rule::CasesOnly,
                rule_span: d.head_span,
            });
        };
        for extra in &d.rules[1..] {
            self.error(CheckError::ManyRules { name: name.clone() }, extra.span);
        }
        if d.subject.is_some() && subject.is_none() {
            // The scored quantity is already reported; checking the rule would only echo it.
            return None;
        }
        let rule = self.rule(first, subject, &name, weight, d.head_span)?;
        Some(ir::Leaf {
            subject,
            cases,
            rule,
            rule_span: first.span,
        })
    }

    fn subject(&mut self, s: &ast::SubjectDecl) -> Option<Subject> {
        if let Some(v) = self.scoped_value(&s.name.text) {
            return Some(Subject::Value(v));
        }
        if s.expr.is_some() {
            return self
                .value_names
                .get(&s.name.text)
                .map(|v| Subject::Value(*v));
        }
        if let Some(id) = self.input_id(&s.name.text) {
            return Some(Subject::Input(id));
        }
        if let Some(&id) = self.value_names.get(&s.name.text) {
            return Some(Subject::Value(id));
        }
        let help = self.name_help(&s.name.text);
        self.error(
            CheckError::UnknownName {
                name: s.name.text.clone(),
                what: "名称",
                help,
            },
            s.name.span,
        );
        None
    }

    fn case(&mut self, c: &ast::CaseDecl, name: &str, weight: Decimal) -> ir::Case {
        let cond = self.expr(&c.cond);
        self.want_bool(&cond, "`若` 的条件");
        let outcome = match c.outcome {
            ast::Outcome::NotApplicable => CaseOutcome::NotApplicable,
            ast::Outcome::Full => CaseOutcome::Full,
            ast::Outcome::Points(q) => {
                let p = self.points(&q);
                if p > weight || p < Decimal::ZERO {
                    self.error(
                        CheckError::BestScore {
                            name: name.to_string(),
                            best: p,
                            weight,
                            help: format!("特殊情形的得分应在 0 到 {weight} 分之间"),
                        },
                        q.span,
                    );
                }
                CaseOutcome::Points(p)
            }
        };
        ir::Case {
            cond,
            outcome,
            reason: c.reason.as_ref().map(|t| t.text.clone()),
            span: c.span,
        }
    }

    /// The dimension of a numeric subject, or an error saying what the rule needs.
    fn numeric_subject(
        &mut self,
        subject: Option<Subject>,
        rule: &'static str,
        name: &str,
        span: Span,
    ) -> Option<Dim> {
        let Some(s) = subject else {
            self.error(
                CheckError::NoSubject {
                    name: name.to_string(),
                },
                span,
            );
            return None;
        };
        match s {
            // Its formula is already reported; checking the rule against it would only echo.
            Subject::Value(v) if self.poisoned.contains(&v) => None,
            Subject::Value(v) => match self.value_ty(v) {
                Ty::Num(d) => Some(d),
                Ty::Bool => {
                    self.subject_type(rule, "条件（是/否）".into(), "这个规则需要一个数值", span);
                    None
                }
            },
            Subject::Input(i) => match self.inputs[i.0 as usize].kind.clone() {
                InputKind::Number(d) => Some(d),
                other => {
                    self.subject_type(rule, other.describe(), "这个规则需要一个数值", span);
                    None
                }
            },
        }
    }

    fn subject_type(&mut self, rule: &'static str, found: String, help: &str, span: Span) {
        self.error(
            CheckError::SubjectType {
                rule,
                found,
                help: help.to_string(),
            },
            span,
        );
    }

    fn best(&mut self, name: &str, best: Decimal, weight: Decimal, help: String, span: Span) {
        if best == weight {
            return;
        }
        let kind = CheckError::BestScore {
            name: name.to_string(),
            best,
            weight,
            help,
        };
        // Points changed by a later year's edit on a rule of an earlier year: the edit is
        // the mistake.
        let edited = self
            .points_at
            .filter(|p| Some(p.file) == self.top && span.file != p.file);
        let d = match edited {
            Some(p) => Diag::new(kind, p)
                .label(format!("分值改为 {} 分", weight.normalize()))
                .note(span, format!("规则最高得 {} 分", best.normalize())),
            None => Diag::new(kind, span),
        };
        self.diags.push(d);
    }

    /// A leaf's rule checked against its subject and points: one function per rule form.
    fn rule(
        &mut self,
        r: &ast::RuleDecl,
        subject: Option<Subject>,
        name: &str,
        weight: Decimal,
        head: Span,
    ) -> Option<Rule> {
        let span = r.span;
        match &r.kind {
            RuleKind::Threshold {
                dir,
                threshold,
                step,
                per_step,
                policy,
                floor,
            } => {
                let dim = self.numeric_subject(subject, "阶梯扣分", name, span)?;
                let t = self.constant(threshold, dim);
                let (s, p) = self.step_and_points(step, per_step, dim, "每");
                let Some((policy, _)) = policy else {
                    self.diags
                        .push(Diag::new(CheckError::StepPolicy, span).label("这条规则"));
                    return None;
                };
                let floor = match floor {
                    Some(q) => {
                        let f = self.points(q);
                        if f > weight {
                            self.error(
                                CheckError::Limit {
                                    what: "下限",
                                    text: format!("{}分", q.value),
                                    limit: format!(
                                        "下限不能高于本指标的分值 {} 分",
                                        weight.normalize()
                                    ),
                                },
                                q.span,
                            );
                        }
                        f
                    }
                    None => Decimal::ZERO,
                };
                Some(Rule::Threshold(ir::Threshold {
                    dir: *dir,
                    threshold: t,
                    step: s,
                    step_unit: step.unit,
                    per_step: p,
                    policy: *policy,
                    floor,
                }))
            }
            RuleKind::Bands(bands) => self.bands_rule(bands, subject, name, weight, span),
            RuleKind::Proportional { cap } => {
                self.proportional_rule(*cap, subject, name, weight, span)
            }
            RuleKind::Checklist { input, items } => {
                self.checklist_rule(input, items, name, weight, span)
            }
            RuleKind::PerEvent { step, per_step } => {
                let dim = self.numeric_subject(subject, "每出现", name, span)?;
                if !dim.is_count() {
                    self.subject_type(
                        "每出现",
                        dim.describe().into(),
                        "`每出现 1例 扣 1分` 的值应是次数、例数等计数",
                        span,
                    );
                }
                let (s, p) = self.step_and_points(step, per_step, dim, "每出现");
                Some(Rule::PerEvent {
                    step: s,
                    per_step: p,
                })
            }
            RuleKind::Tiers(levels) => self.tiers_rule(levels, subject, name, weight, head, span),
            RuleKind::Reviewer => self.reviewer_rule(subject, weight, head, span),
        }
    }

    /// `分档 { … }`: each band's range and points; the best band must be worth the points.
    fn bands_rule(
        &mut self,
        bands: &[(ast::Interval, ast::Quantity)],
        subject: Option<Subject>,
        name: &str,
        weight: Decimal,
        span: Span,
    ) -> Option<Rule> {
        let dim = self.numeric_subject(subject, "分档", name, span)?;
        let mut out = Vec::new();
        let mut best = Decimal::MIN;
        for (iv, q) in bands {
            let range = self.interval(iv, dim);
            let points = self.points(q);
            best = best.max(points);
            out.push(ir::Band {
                range,
                points,
                span: iv.span.to(q.span),
            });
        }
        if out.is_empty() {
            self.best(name, Decimal::ZERO, weight, "分档中至少写一档".into(), span);
        } else {
            self.best(name, best, weight, format!("最高一档应为 {weight}分"), span);
        }
        Some(Rule::Bands(out))
    }

    /// `按比例计分 封顶 N%`: a rate, capped (100% unless written).
    fn proportional_rule(
        &mut self,
        cap: Option<ast::Quantity>,
        subject: Option<Subject>,
        name: &str,
        weight: Decimal,
        span: Span,
    ) -> Option<Rule> {
        let dim = self.numeric_subject(subject, "按比例计分", name, span)?;
        if !matches!(dim, Dim::Ratio | Dim::Plain) {
            self.subject_type(
                "按比例计分",
                dim.describe().into(),
                "按比例计分的值应是比率（%）",
                span,
            );
        }
        let cap_v = cap
            .map(|q| self.constant(&q, Dim::Ratio))
            .unwrap_or(Decimal::ONE);
        self.best(
            name,
            weight * cap_v.min(Decimal::ONE),
            weight,
            "封顶比例低于 100% 时拿不到满分".into(),
            span,
        );
        Some(Rule::Proportional { cap: cap_v })
    }

    /// `清单 输入 { 项 N分 … }`: points for every item of a checklist input, adding up to the
    /// indicator's points.
    fn checklist_rule(
        &mut self,
        input: &ast::Name,
        items: &[(ast::Name, ast::Quantity)],
        name: &str,
        weight: Decimal,
        span: Span,
    ) -> Option<Rule> {
        let id = self.named_input(input)?;
        let InputKind::Checklist(names) = self.inputs[id.0 as usize].kind.clone() else {
            let found = self.inputs[id.0 as usize].kind.describe();
            self.subject_type(
                "清单",
                found,
                "`清单` 规则要指向一个声明为 `清单 {…}` 的输入",
                input.span,
            );
            return None;
        };
        let points = self.item_points(&input.text, &names, items, "项", span);
        let sum: Decimal = points.iter().sum();
        self.best(
            name,
            sum,
            weight,
            format!("各项分数合计应为 {weight}分"),
            span,
        );
        Some(Rule::Checklist { input: id, points })
    }

    /// `按等级 { 级 N分 … }`: points for every level of a tier input; the best is the points.
    fn tiers_rule(
        &mut self,
        levels: &[(ast::Name, ast::Quantity)],
        subject: Option<Subject>,
        name: &str,
        weight: Decimal,
        head: Span,
        span: Span,
    ) -> Option<Rule> {
        let id = self.input_subject(
            subject,
            "按等级",
            "非等级的值",
            "在规则前写 `值 输入名`，指向声明为 `等级 {…}` 的输入",
            head,
        )?;
        let InputKind::Tier(names) = self.inputs[id.0 as usize].kind.clone() else {
            let found = self.inputs[id.0 as usize].kind.describe();
            self.subject_type(
                "按等级",
                found,
                "`按等级` 要用于声明为 `等级 {…}` 的输入",
                span,
            );
            return None;
        };
        let input_name = self.inputs[id.0 as usize].name.clone();
        let points = self.item_points(&input_name, &names, levels, "等级", span);
        let best = points.iter().copied().max().unwrap_or(Decimal::ZERO);
        self.best(name, best, weight, format!("最高一级应为 {weight}分"), span);
        Some(Rule::Tiers { input: id, points })
    }

    /// The input a tier or reviewer rule scores: its subject must name an input.
    fn input_subject(
        &mut self,
        subject: Option<Subject>,
        rule: &'static str,
        found: &str,
        help: &str,
        head: Span,
    ) -> Option<InputId> {
        if let Some(Subject::Input(id)) = subject {
            return Some(id);
        }
        self.subject_type(rule, found.into(), help, head);
        None
    }

    /// `评审打分`: the reviewer's score stands; its input must range over [0, points].
    fn reviewer_rule(
        &mut self,
        subject: Option<Subject>,
        weight: Decimal,
        head: Span,
        span: Span,
    ) -> Option<Rule> {
        let id = self.input_subject(
            subject,
            "评审打分",
            "非评审打分的值",
            "在规则前写 `值 输入名`，指向声明为 `评审打分 [0, N]` 的输入",
            head,
        )?;
        let input = &self.inputs[id.0 as usize];
        if input.kind != InputKind::Reviewer {
            let found = input.kind.describe();
            self.subject_type(
                "评审打分",
                found,
                "`评审打分` 要用于声明为 `评审打分 [0, N]` 的输入",
                span,
            );
            return None;
        }
        let expected = Range {
            lo: Some((Decimal::ZERO, true)),
            hi: Some((weight, true)),
        };
        if input.range != expected {
            let range = crate::base::quantity::fmt_range(&input.range, Dim::Points);
            let (iname, ispan) = (input.name.clone(), input.span);
            self.error(
                CheckError::ReviewerRange {
                    input: iname,
                    range,
                    weight,
                },
                ispan,
            );
        }
        Some(Rule::Reviewer { input: id })
    }

    /// A rule's step (in the subject's dimension) and its points per step; both must be > 0.
    fn step_and_points(
        &mut self,
        step: &ast::Quantity,
        per_step: &ast::Quantity,
        dim: Dim,
        word: &str,
    ) -> (Decimal, Decimal) {
        let s = self.constant(step, dim);
        let p = self.points(per_step);
        if s <= Decimal::ZERO || p <= Decimal::ZERO {
            self.error(
                CheckError::Quantity {
                    expected: "大于 0 的档距和扣分",
                    found: format!("{word} {} 扣 {}", step.value, per_step.value),
                    help: "档距与每档扣分都要大于 0".into(),
                },
                step.span.to(per_step.span),
            );
        }
        (s, p)
    }

    fn named_input(&mut self, n: &ast::Name) -> Option<InputId> {
        if let Some(&id) = self.input_names.get(&n.text) {
            return Some(id);
        }
        let help = suggest(&n.text, self.input_names.keys().map(String::as_str))
            .unwrap_or_else(|| "先用 `输入 名称：清单 {…}` 声明".into());
        self.error(
            CheckError::UnknownName {
                name: n.text.clone(),
                what: "输入",
                help,
            },
            n.span,
        );
        None
    }

    /// Points for each declared item, by index; unknown and forgotten items are errors.
    fn item_points(
        &mut self,
        input: &str,
        names: &[String],
        given: &[(ast::Name, ast::Quantity)],
        what: &'static str,
        span: Span,
    ) -> Vec<Decimal> {
        let mut points: Vec<Option<Decimal>> = vec![None; names.len()];
        for (n, q) in given {
            let p = self.points(q);
            match names.iter().position(|x| *x == n.text) {
                Some(i) if points[i].is_some() => {
                    self.error(
                        CheckError::Duplicate {
                            name: n.text.clone(),
                            what,
                        },
                        n.span,
                    );
                }
                Some(i) => points[i] = Some(p),
                None => {
                    let help = suggest(&n.text, names.iter().map(String::as_str))
                        .unwrap_or_else(|| format!("可选的{what}：{}", names.join("、")));
                    self.error(
                        CheckError::UnknownItem {
                            input: input.to_string(),
                            what,
                            name: n.text.clone(),
                            help,
                        },
                        n.span,
                    );
                }
            }
        }
        for (i, p) in points.iter().enumerate() {
            if p.is_none() {
                self.error(
                    CheckError::MissingItem {
                        input: input.to_string(),
                        what,
                        name: names[i].clone(),
                    },
                    span,
                );
            }
        }
        points
            .into_iter()
            .map(|p| p.unwrap_or(Decimal::ZERO))
            .collect()
    }
}

/// The error of a `待定` item: its question, the table's words and the readings to choose from.
pub(super) fn pending(p: &ast::Pending) -> CheckError {
    let help = if p.readings.is_empty() {
        "照原表的意思写出规则（或输入、公式），再删去这一行 `待定`".to_string()
    } else {
        let readings: Vec<String> = p
            .readings
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{}. {}", i + 1, r.text))
            .collect();
        format!(
            "可选的读法：{}；选定后照它写出规则，再删去这一行 `待定`",
            readings.join("；")
        )
    };
    CheckError::Pending {
        question: p.question.text.clone(),
        phrase: p.phrase.text.clone(),
        help,
    }
}
