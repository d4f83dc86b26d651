//! `行计分 { … }` and the edits of a scheme built on another (`修改`, `删除`, `新增`).

use rust_decimal::Decimal;

use super::{Lower, P};
use crate::base::source::Span;
use crate::syntax::ast::*;
use crate::syntax::Rule;

impl Lower {
    pub(super) fn rows_block(&self, p: P<'_>) -> RowsDecl {
        let span = self.span(&p);
        let start = span.start as usize;
        let head_span = Span::new(self.file, start, start + "行计分".len());
        let mut d = RowsDecl {
            share_evenly: None,
            tiers: Vec::new(),
            over_hint: None,
            dir_defaults: None,
            kinds: Vec::new(),
            allows: Vec::new(),
            head_span,
            span,
        };
        for c in self.inner(p) {
            match c.as_rule() {
                Rule::share_evenly => d.share_evenly = Some(self.span(&c)),
                Rule::completion_tiers => {
                    for t in self.inner(c) {
                        let mut it = self.inner(t);
                        if let (Some(n), Some(b)) = (it.next(), it.next()) {
                            d.tiers.push((self.name(n), self.band_cond(b)));
                        }
                    }
                }
                Rule::over_hint => d.over_hint = self.inner(c).next().map(|q| self.quantity(q)),
                Rule::row_kind => d.kinds.extend(self.row_kind(c)),
                Rule::dir_defaults => {
                    let all = d.dir_defaults.get_or_insert_with(Vec::new);
                    for one in self.inner(c) {
                        all.extend(self.dir_default(one));
                    }
                }
                Rule::allow => d.allows.extend(self.allow(c)),
                _ => self.unhandled(&c),
            }
        }
        d
    }

    /// `二级 是 成本指标 ≤`.
    fn dir_default(&self, p: P<'_>) -> Option<DirDefault> {
        let span = self.span(&p);
        let (mut level, mut ends_with, mut names, mut bound) = (0, false, Vec::new(), None);
        for c in self.inner(p) {
            match c.as_rule() {
                Rule::dir_level => {
                    level = match c.as_str() {
                        "一级" => 1,
                        "二级" => 2,
                        _ => 3,
                    }
                }
                Rule::dir_match => ends_with = c.as_str() == "结尾是",
                Rule::name => names.push(self.name(c)),
                Rule::dir_sign => {
                    bound = Some(match c.as_str() {
                        "≤" | "≦" | "<=" => Bound::AtMost,
                        "＝" | "=" => Bound::Equal,
                        _ => Bound::AtLeast,
                    })
                }
                _ => {}
            }
        }
        Some(DirDefault {
            level,
            ends_with,
            names,
            bound: bound?,
            span,
        })
    }

    /// `种类 名称 { … }`: a leaf body without points (the row brings them).
    fn row_kind(&self, p: P<'_>) -> Option<IndicatorDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let points = Quantity {
            value: Decimal::ONE_HUNDRED,
            unit: None,
            span: name.span,
        };
        Some(self.indicator_body(name, points, it, span))
    }

    pub(super) fn edit(&self, p: P<'_>) -> Option<EditKind> {
        match p.as_rule() {
            Rule::add => self.add(p),
            Rule::modify => {
                let inner = self.inner(p).next()?;
                Some(match inner.as_rule() {
                    Rule::input => EditKind::Input(self.input(inner)?),
                    Rule::value => EditKind::Value(self.value(inner)?),
                    Rule::modify_indicator => EditKind::Indicator(self.indicator_edit(inner)?),
                    _ => {
                        self.unhandled(&inner);
                        return None;
                    }
                })
            }
            Rule::remove => {
                let inner = self.inner(p).next()?;
                let target = match inner.as_rule() {
                    Rule::remove_indicator => Target::Indicator,
                    Rule::remove_input => Target::Input,
                    Rule::remove_value => Target::Value,
                    _ => {
                        self.unhandled(&inner);
                        return None;
                    }
                };
                Some(EditKind::Remove(
                    target,
                    self.name(self.inner(inner).next()?),
                ))
            }
            _ => {
                self.unhandled(&p);
                None
            }
        }
    }

    /// `新增 指标 名称 4分 归入 上级 { … }`.
    fn add(&self, p: P<'_>) -> Option<EditKind> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let points = self.quantity(it.next()?);
        let parent = self.name(self.inner(it.next()?).next()?);
        Some(EditKind::Add(
            self.indicator_body(name, points, it, span),
            parent,
        ))
    }

    fn indicator_edit(&self, p: P<'_>) -> Option<IndicatorEdit> {
        let span = self.span(&p);
        let mut it = self.inner(p).peekable();
        let name = self.name(it.next()?);
        let points = it
            .next_if(|c| c.as_rule() == Rule::quantity)
            .map(|q| self.quantity(q));
        let parent = it
            .next_if(|c| c.as_rule() == Rule::placement)
            .and_then(|c| self.inner(c).next())
            .map(|n| self.name(n));
        let rest: Vec<P<'_>> = it.collect();
        let mut drops = Vec::new();
        for c in rest.iter().filter(|c| c.as_rule() == Rule::drop_part) {
            let Some(w) = self.inner(c.clone()).next() else {
                continue;
            };
            let what = match w.as_rule() {
                Rule::drop_cases => Drop::Cases,
                Rule::drop_explanation => Drop::Explanation,
                Rule::drop_standard => Drop::Standard,
                _ => {
                    self.unhandled(&w);
                    continue;
                }
            };
            drops.push((what, self.span(c)));
        }
        let unused = Quantity {
            value: Decimal::ZERO,
            unit: None,
            span: name.span,
        };
        let body = self.indicator_body(name.clone(), unused, rest.into_iter(), span);
        Some(IndicatorEdit {
            name,
            points,
            parent,
            body,
            drops,
        })
    }
}
