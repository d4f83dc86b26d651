//! Indicators: their bodies (标准, 说明, 值, 若, 行, 允许, lower indicators) and their rules.

use super::{Lower, P};
use crate::base::source::Span;
use crate::syntax::ast::*;
use crate::syntax::Rule;

impl Lower {
    pub(super) fn indicator(&self, p: P<'_>) -> Option<IndicatorDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let points = self.quantity(it.next()?);
        Some(self.indicator_body(name, points, it, span))
    }

    /// An indicator's block, item by item (also a `种类` body, a `新增` and a `修改`).
    pub(super) fn indicator_body<'i>(
        &self,
        name: Name,
        points: Quantity,
        it: impl Iterator<Item = P<'i>>,
        span: Span,
    ) -> IndicatorDecl {
        let mut d = IndicatorDecl {
            head_span: name.span.to(points.span),
            name,
            points,
            standard: None,
            explanation: None,
            children: Vec::new(),
            subject: None,
            cases: Vec::new(),
            rules: Vec::new(),
            rows: None,
            allows: Vec::new(),
            pending: Vec::new(),
            repeated: Vec::new(),
            edited: Vec::new(),
            span,
        };
        for c in it {
            let cspan = self.span(&c);
            match c.as_rule() {
                Rule::standard => {
                    let t = self.inner(c).next().map(|s| self.string(s));
                    if d.standard.is_some() {
                        d.repeated.push(cspan);
                    }
                    d.standard = t;
                }
                Rule::explanation => {
                    let t = self.inner(c).next().map(|s| self.string(s));
                    if d.explanation.is_some() {
                        d.repeated.push(cspan);
                    }
                    d.explanation = t;
                }
                Rule::indicator => d.children.extend(self.indicator(c)),
                Rule::subject => self.subject(c, &mut d),
                Rule::case => d.cases.extend(self.case(c)),
                Rule::allow => d.allows.extend(self.allow(c)),
                Rule::pending => d.pending.push(self.pending(c, cspan)),
                Rule::rows_slot => self.rows_slot(c, &mut d),
                Rule::threshold
                | Rule::bands
                | Rule::proportional
                | Rule::checklist
                | Rule::per_event
                | Rule::tiers
                | Rule::reviewer => d.rules.extend(self.rule(c)),
                // `删除 …` in a `修改` block: read by the edit itself.
                Rule::drop_part => {}
                _ => self.unhandled(&c),
            }
        }
        d
    }

    /// `值 名称 = 公式` or `值 名称`.
    fn subject(&self, p: P<'_>, d: &mut IndicatorDecl) {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let Some(n) = it.next() else { return };
        let name = self.name(n);
        let expr = it.next().map(|e| self.expr(e));
        if d.subject.is_some() {
            d.repeated.push(span);
        }
        d.subject = Some(SubjectDecl { name, expr, span });
    }

    /// `行` or `行 无行时并入 名称`.
    fn rows_slot(&self, p: P<'_>, d: &mut IndicatorDecl) {
        let span = self.span(&p);
        if d.rows.is_some() {
            d.repeated.push(span);
        }
        let parts: Vec<P<'_>> = self.inner(p).collect();
        let merge_into = parts
            .iter()
            .find(|n| n.as_rule() == Rule::name)
            .map(|n| self.name(n.clone()));
        let from_report = parts.iter().any(|n| n.as_rule() == Rule::from_report);
        d.rows = Some(RowsSlot {
            merge_into,
            from_report,
            span,
        });
    }

    fn case(&self, p: P<'_>) -> Option<CaseDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let cond = self.expr(it.next()?);
        let o = it.next()?.into_inner().next()?;
        let outcome = match o.as_rule() {
            Rule::kw_na => Outcome::NotApplicable,
            Rule::kw_full_score => Outcome::Full,
            Rule::quantity => Outcome::Points(self.quantity(o)),
            _ => {
                self.unhandled(&o);
                return None;
            }
        };
        let reason = it.next().map(|s| self.string(s));
        Some(CaseDecl {
            cond,
            outcome,
            reason,
            span,
        })
    }

    pub(super) fn allow(&self, p: P<'_>) -> Option<Allow> {
        let mut it = self.inner(p);
        let id = it.next()?;
        let id = Name {
            text: id.as_str().to_string(),
            span: self.span(&id),
        };
        let reason = self.string(it.next()?);
        Some(Allow { id, reason })
    }

    /// `待定 "原文" "问题" { "读法" … }`.
    pub(super) fn pending(&self, p: P<'_>, span: Span) -> Pending {
        let mut texts = self
            .inner(p)
            .filter(|t| t.as_rule() == Rule::string)
            .map(|t| self.string(t));
        let empty = || Text {
            text: String::new(),
            span,
        };
        let phrase = texts.next().unwrap_or_else(empty);
        let question = texts.next().unwrap_or_else(empty);
        Pending {
            phrase,
            question,
            readings: texts.collect(),
            span,
        }
    }

    /// A scoring rule, one function per form.
    fn rule(&self, p: P<'_>) -> Option<RuleDecl> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::threshold => self.threshold(p)?,
            Rule::bands => RuleKind::Bands(
                self.inner(p)
                    .filter_map(|b| {
                        let mut it = self.inner(b);
                        let cond = self.band_cond(it.next()?);
                        let pts = self.quantity(it.next()?);
                        Some((cond, pts))
                    })
                    .collect(),
            ),
            Rule::proportional => RuleKind::Proportional {
                cap: self.inner(p).next().map(|q| self.quantity(q)),
            },
            Rule::checklist => {
                let mut it = self.inner(p);
                let input = self.name(it.next()?);
                let items = it.filter_map(|ip| self.item_points(ip)).collect();
                RuleKind::Checklist { input, items }
            }
            Rule::per_event => {
                let mut it = self.inner(p);
                let step = self.quantity(it.next()?);
                let per_step = self.quantity(it.next()?);
                RuleKind::PerEvent { step, per_step }
            }
            Rule::tiers => RuleKind::Tiers(
                self.inner(p)
                    .filter_map(|ip| self.item_points(ip))
                    .collect(),
            ),
            Rule::reviewer => RuleKind::Reviewer,
            _ => {
                self.unhandled(&p);
                return None;
            }
        };
        Some(RuleDecl { kind, span })
    }

    /// `超过 100% 每 1个百分点 扣 0.5分 按比例 下限 -2分`.
    fn threshold(&self, p: P<'_>) -> Option<RuleKind> {
        let mut it = self.inner(p);
        let d = it.next()?.into_inner().next()?;
        let dir = match d.as_rule() {
            Rule::dir_above => Direction::Above,
            Rule::dir_below => Direction::Below,
            Rule::dir_either => Direction::Either,
            _ => {
                self.unhandled(&d);
                return None;
            }
        };
        let threshold = self.quantity(it.next()?);
        let step = self.quantity(it.next()?);
        let per_step = self.quantity(it.next()?);
        let mut policy = None;
        let mut floor = None;
        for c in it {
            match c.as_rule() {
                Rule::step_policy => policy = self.step_policy(c),
                Rule::floor => floor = self.inner(c).next().map(|q| self.quantity(q)),
                _ => self.unhandled(&c),
            }
        }
        Some(RuleKind::Threshold {
            dir,
            threshold,
            step,
            per_step,
            policy,
            floor,
        })
    }

    /// `按比例`, `不足一档不扣` or `不足一档按一档`, with where it is written.
    fn step_policy(&self, p: P<'_>) -> Option<(StepPolicy, Span)> {
        let span = self.span(&p);
        let w = p.into_inner().next()?;
        let policy = match w.as_rule() {
            Rule::policy_full_step => StepPolicy::FullSteps,
            Rule::policy_any_part => StepPolicy::AnyPart,
            Rule::policy_proportional => StepPolicy::Proportional,
            _ => {
                self.unhandled(&w);
                return None;
            }
        };
        Some((policy, span))
    }

    fn item_points(&self, p: P<'_>) -> Option<(Name, Quantity)> {
        let mut it = self.inner(p);
        let n = self.name(it.next()?);
        let q = self.quantity(it.next()?);
        Some((n, q))
    }
}
