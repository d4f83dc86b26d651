//! Self-evaluation forms: `行` categories and the `行计分` block.
//!
//! A `种类` body is checked as a leaf whose points are the row's 分值 (taken as 100 here):
//! its cases and values see the row's own inputs (实际, 指标值, 达标, 完成比例), which no
//! other formula can name, and its values are local to it (two kinds may both define 完成率).

use rust_decimal::Decimal;

use super::resolve::Resolver;
use super::{CheckError, RowsError};
use crate::base::interval::Range;
use crate::base::names::suggest;
use crate::base::units::Dim;
use crate::ir::{self, InputId, InputKind, RowInputs, RowKind, ValueId};
use crate::syntax::ast::{self, RuleKind};

impl<'a> Resolver<'a> {
    /// Declares the row inputs and the values written inside each `种类`.
    pub(super) fn declare_rows(&mut self, r: &'a ast::RowsDecl) {
        let rows: [(&str, InputKind, Range, &str); 4] = [
            (
                "实际",
                InputKind::Number(Dim::Row),
                Range::non_negative(),
                "本行的实际完成值（与指标值同一单位）",
            ),
            (
                "指标值",
                InputKind::Number(Dim::Row),
                Range::non_negative(),
                "本行的年度指标值",
            ),
            (
                "达标",
                InputKind::Bool,
                Range::ALL,
                "实际完成值是否达到指标值",
            ),
            (
                "完成比例",
                InputKind::Number(Dim::Ratio),
                Range {
                    lo: Some((Decimal::ZERO, true)),
                    hi: Some((Decimal::ONE, true)),
                },
                "报告填写的完成比例",
            ),
        ];
        for (name, kind, range, desc) in rows {
            let id = InputId(self.inputs.len() as u32);
            self.row_inputs.insert(name.to_string(), id);
            self.inputs.push(ir::Input {
                name: name.to_string(),
                kind,
                range,
                desc: Some(desc.to_string()),
                span: r.head_span,
                row: true,
            });
        }
        for k in &r.kinds {
            if let Some(ast::SubjectDecl {
                name,
                expr: Some(e),
                ..
            }) = &k.subject
            {
                self.declare_value_in(name, e, Some(&k.name.text));
            }
        }
    }

    /// Checks the `行计分` block against the `行` categories and builds the form.
    pub(super) fn form(&mut self, rows: Option<&'a ast::RowsDecl>) -> Option<Box<ir::Form>> {
        self.merges();
        let categories: Vec<usize> = (0..self.nodes.len())
            .filter(|i| self.nodes[*i].rows.is_some())
            .collect();
        let Some(r) = rows else {
            if let Some(&i) = categories.first() {
                let n = &self.nodes[i];
                let (name, span) = (n.name.clone(), n.span);
                self.error(RowsError::NoScoring { name }, span);
            }
            return None;
        };
        if categories.is_empty() {
            self.error(RowsError::Unused, r.head_span);
        }
        let mut kinds: Vec<Option<ir::KindDef>> = vec![None; RowKind::ALL.len()];
        for k in &r.kinds {
            let Some(kind) = RowKind::parse(&k.name.text) else {
                let names = RowKind::ALL.map(RowKind::name);
                let help = suggest(&k.name.text, names.iter().copied())
                    .unwrap_or_else(|| format!("行的种类只有：{}", names.join("、")));
                self.error(
                    RowsError::UnknownKind {
                        name: k.name.text.clone(),
                        help,
                    },
                    k.name.span,
                );
                continue;
            };
            if kinds[kind.index()].is_some() {
                self.error(
                    CheckError::Duplicate {
                        name: k.name.text.clone(),
                        what: "行种类",
                    },
                    k.name.span,
                );
                continue;
            }
            self.kind_rules(k);
            self.scope = Some(k.name.text.clone());
            let mut leaf = self.leaf(k, Decimal::ONE_HUNDRED);
            self.scope = None;
            // A kind scores rows of any value: its cases alone cannot be shown to cover them.
            if leaf
                .as_ref()
                .is_some_and(|l| matches!(l.rule, ir::Rule::CasesOnly))
            {
                self.error(
                    CheckError::NoRule {
                        name: k.name.text.clone(),
                    },
                    k.head_span,
                );
                leaf = None;
            }
            let values: Vec<ValueId> = (0..self.value_scopes.len())
                .filter(|i| self.value_scopes[*i].as_deref() == Some(k.name.text.as_str()))
                .map(|i| ValueId(i as u32))
                .collect();
            if let Some(leaf) = leaf {
                kinds[kind.index()] = Some(ir::KindDef {
                    kind,
                    leaf,
                    standard: k.standard.as_ref().map(|t| t.text.clone()),
                    explanation: k.explanation.as_ref().map(|t| t.text.clone()),
                    values,
                    span: k.span,
                });
            }
        }
        let missing: Vec<&str> = RowKind::REQUIRED
            .into_iter()
            .filter(|k| kinds[k.index()].is_none())
            .filter(|k| !r.kinds.iter().any(|d| d.name.text == k.name()))
            .map(RowKind::name)
            .collect();
        if !missing.is_empty() {
            self.error(
                RowsError::MissingKinds {
                    missing: missing.join("、"),
                },
                r.head_span,
            );
        }
        let tiers = r
            .tiers
            .iter()
            .map(|(n, iv)| (n.text.clone(), self.interval(iv, Dim::Ratio)))
            .collect();
        let over_hint = r.over_hint.map(|q| {
            let hint = self.constant(&q, Dim::Ratio);
            if hint <= Decimal::ZERO {
                self.error(
                    CheckError::Limit {
                        what: "超额提示",
                        text: format!("{}{}", q.value, q.unit.map_or("", |u| u.word())),
                        limit: "应为大于 0 的比例，如 `超额提示 150%`".into(),
                    },
                    q.span,
                );
            }
            hint
        });
        let input = |n: &str| self.row_inputs.get(n).copied().unwrap_or(InputId(0));
        let inputs = RowInputs {
            actual: input("实际"),
            target: input("指标值"),
            met: input("达标"),
            completion: input("完成比例"),
        };
        if RowKind::REQUIRED.iter().any(|k| kinds[k.index()].is_none()) {
            return None;
        }
        // Without a `未写方向` block, the usual ones of the national form (an empty block
        // declares none).
        let dir_defaults = match &r.dir_defaults {
            Some(all) => all
                .iter()
                .map(|d| ir::DirDefault {
                    level: d.level,
                    ends_with: d.ends_with,
                    names: d.names.iter().map(|n| n.text.clone()).collect(),
                    bound: d.bound,
                })
                .collect(),
            None => ir::DirDefault::usual(),
        };
        Some(Box::new(ir::Form {
            kinds,
            dir_defaults,
            share_evenly: r.share_evenly.is_some(),
            tiers,
            over_hint,
            inputs,
        }))
    }

    /// A kind scores in proportion to the row's 分值: no fixed points, no children.
    fn kind_rules(&mut self, k: &ast::IndicatorDecl) {
        for c in &k.children {
            self.error(
                RowsError::KindRule {
                    what: format!("`种类` 中不能有下级指标 `{}`", c.name.text),
                },
                c.head_span,
            );
        }
        for r in &k.rules {
            if !matches!(r.kind, RuleKind::Proportional { .. }) {
                self.error(
                    RowsError::KindRule {
                        what: "规则应为 `按比例计分`".into(),
                    },
                    r.span,
                );
            }
        }
        for c in &k.cases {
            if let ast::Outcome::Points(q) = c.outcome {
                if !q.value.is_zero() {
                    self.error(
                        RowsError::KindRule {
                            what: format!("特殊情形写了固定的 {}分", q.value),
                        },
                        q.span,
                    );
                }
            }
        }
        if let Some(s) = &k.rows {
            self.error(
                RowsError::KindRule {
                    what: "`种类` 中不能写 `行`".into(),
                },
                s.span,
            );
        }
    }

    /// Resolves every `无行时并入`.
    fn merges(&mut self) {
        for (id, name) in std::mem::take(&mut self.merges) {
            let target = self.node_names.get(&name.text).copied();
            match target {
                Some(t) if t != id && self.nodes[t.0 as usize].rows.is_some() => {
                    let from_report = self.nodes[id.0 as usize]
                        .rows
                        .is_some_and(|r| r.from_report);
                    self.nodes[id.0 as usize].rows = Some(ir::RowSlot {
                        merge_into: Some(t),
                        from_report,
                    });
                }
                _ => {
                    let cats = self
                        .nodes
                        .iter()
                        .filter(|n| n.rows.is_some() && n.name != self.nodes[id.0 as usize].name)
                        .map(|n| n.name.as_str());
                    let help = suggest(&name.text, cats)
                        .unwrap_or_else(|| "写另一个带 `行` 的一级指标的名称".into());
                    self.error(
                        RowsError::Merge {
                            name: name.text.clone(),
                            help,
                        },
                        name.span,
                    );
                }
            }
        }
    }
}
