//! Names bound to ids: header, inputs, values and the indicator tree.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::CheckError;
use crate::base::diag::Diag;
use crate::base::interval::Range;
use crate::base::names::suggest;
use crate::base::source::{Sources, Span};
use crate::base::units::{Dim, Money, UnitWord};
use crate::ir::{self, InputId, InputKind, NodeId, ValueId};
use crate::syntax::ast;

/// Typing state of a derived value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
    /// Not typed yet.
    Todo,
    /// Being typed (seeing it again is a cycle).
    Active,
    /// Typed.
    Done(ir::Ty),
}

/// Carries the tables while the tree is resolved.
#[derive(Default)]
pub(super) struct Resolver<'a> {
    pub diags: Vec<Diag>,
    pub inputs: Vec<ir::Input>,
    pub input_names: crate::base::names::NameMap<InputId>,
    pub value_decls: Vec<(&'a ast::Name, &'a ast::Expr)>,
    pub value_names: HashMap<String, ValueId>,
    pub values: Vec<Option<ir::Value>>,
    pub state: Vec<State>,
    pub stack: Vec<ValueId>,
    /// Values whose formula had errors: rules on them are not checked further.
    pub poisoned: Vec<ValueId>,
    pub nodes: Vec<ir::Node>,
    pub node_names: crate::base::names::NameMap<NodeId>,
    /// The `种类` being resolved: its row inputs and own values are in sight.
    pub scope: Option<String>,
    /// The scope each value was declared in.
    pub value_scopes: Vec<Option<String>>,
    /// 实际, 指标值, 达标, 完成比例 (only in sight inside a `种类`).
    pub row_inputs: HashMap<String, InputId>,
    /// Categories whose `无行时并入` is resolved once every indicator is known.
    pub merges: Vec<(NodeId, &'a ast::Name)>,
    /// The file compiled, when the scheme is built on others (its edits hold the mistakes).
    pub top: Option<crate::base::source::FileId>,
    /// What the files' edits deleted: a formula still naming it is told so.
    pub removed: &'a [ir::Removed],
    /// Where the points of the leaf being checked are written.
    pub points_at: Option<Span>,
    /// How deep the formula being lowered is here, counting the formulas of the values it is
    /// lowering on the way (a value's formula is lowered where it is first used).
    pub depth: usize,
    /// Each lowered value's depth, the values it reads included.
    pub value_depths: Vec<usize>,
}

/// The key of a value declared inside a `种类`.
pub(super) fn scoped(scope: &str, name: &str) -> String {
    format!("{scope}·{name}")
}

/// A scheme's header items, each as written once.
#[derive(Default)]
struct Header {
    title: Option<ast::Text>,
    year: Option<ast::YearSpec>,
    full: Option<ast::Quantity>,
    places: Option<(u32, crate::base::number::Rounding)>,
    grades: Option<Vec<ast::GradeDecl>>,
}

impl<'a> Resolver<'a> {
    pub fn error(&mut self, kind: impl miette::Diagnostic + Send + Sync + 'static, span: Span) {
        self.diags.push(Diag::new(kind, span));
    }

    /// Resolves a whole file; `None` when the header is too broken to build a scheme.
    pub fn run(&mut self, file: &'a ast::File) -> Option<ir::Scheme> {
        let rows = self.rows_block(file);
        let h = self.declarations(file);
        // Type every value (declaration order); cycles are found here.
        for i in 0..self.value_decls.len() {
            self.value_ty(ValueId(i as u32));
        }
        let mut roots = Vec::new();
        for item in &file.items {
            if let ast::Item::Indicator(d) = item {
                roots.push(self.indicator(d, None, &[]));
            }
        }
        let form = self.form(rows);
        let full_marks = h
            .full
            .map(|q| self.points(&q))
            .unwrap_or(Decimal::ONE_HUNDRED);
        let grades = h.grades.map(|g| self.grades(&g)).unwrap_or_default();
        let (year_from, year_to) = h.year.map_or((0, Some(0)), |y| (y.from, y.to));
        let values = std::mem::take(&mut self.values)
            .into_iter()
            .collect::<Option<Vec<_>>>()?;
        Some(ir::Scheme {
            title: h.title.map(|t| t.text).unwrap_or_default(),
            year_from,
            year_to,
            full_marks,
            places: h.places.map_or(2, |p| p.0),
            rounding: h.places.map(|p| p.1).unwrap_or_default(),
            grades,
            inputs: std::mem::take(&mut self.inputs),
            values,
            nodes: std::mem::take(&mut self.nodes),
            roots,
            input_names: std::mem::take(&mut self.input_names),
            node_names: std::mem::take(&mut self.node_names),
            sources: Sources::new(),
            form,
            layers: Vec::new(),
            removed: Vec::new(),
        })
    }

    /// The file's `行计分` block, declared (its row inputs) before anything else; a second one
    /// is an error.
    fn rows_block(&mut self, file: &'a ast::File) -> Option<&'a ast::RowsDecl> {
        let mut rows: Option<&'a ast::RowsDecl> = None;
        for item in &file.items {
            if let ast::Item::Rows(r) = item {
                if rows.is_some() {
                    self.diags.push(Diag::new(
                        crate::syntax::SyntaxError::DuplicateHeader { what: "行计分" },
                        r.head_span,
                    ));
                } else {
                    rows = Some(r);
                    self.declare_rows(r);
                }
            }
        }
        rows
    }

    /// The header items (each once, the required ones present) and every declaration: inputs,
    /// values, and the values indicators declare.
    fn declarations(&mut self, file: &'a ast::File) -> Header {
        let mut h = Header::default();
        for item in &file.items {
            match item {
                ast::Item::Title(t) => self.once(&mut h.title, t.clone(), t.span, "方案"),
                ast::Item::Year(y) => self.once(&mut h.year, *y, y.span, "年度"),
                ast::Item::FullMarks(q) => self.once(&mut h.full, *q, q.span, "满分"),
                ast::Item::Precision {
                    places: p,
                    rounding,
                    span,
                } => self.once(&mut h.places, (*p, *rounding), *span, "保留"),
                ast::Item::Grades { grades: g, span } => {
                    self.once(&mut h.grades, g.clone(), *span, "等级")
                }
                ast::Item::Input(d) => self.declare_input(d),
                ast::Item::Value(v) => self.declare_value(&v.name, &v.expr),
                ast::Item::Indicator(d) => self.declare_subjects(d),
                ast::Item::Pending(p) => self.error(super::rules::pending(p), p.span),
                // `基于` and edits are merged away before checking (crate::syntax::compose).
                ast::Item::Allow(_)
                | ast::Item::Rows(_)
                | ast::Item::Base(_)
                | ast::Item::Edit(_) => {}
            }
        }
        let start = Span::default();
        let required = [
            (
                h.title.is_some(),
                "方案",
                "`方案 部门整体支出绩效评价指标表`",
            ),
            (h.year.is_some(), "年度", "`年度 2020`"),
            (h.full.is_some(), "满分", "`满分 100分`"),
        ];
        for (found, what, example) in required {
            if !found {
                self.error(CheckError::MissingHeader { what, example }, start);
            }
        }
        h
    }

    fn once<T>(&mut self, slot: &mut Option<T>, v: T, span: Span, what: &'static str) {
        if slot.is_some() {
            self.diags.push(Diag::new(
                crate::syntax::SyntaxError::DuplicateHeader { what },
                span,
            ));
        } else {
            *slot = Some(v);
        }
    }

    fn grades(&mut self, gs: &[ast::GradeDecl]) -> Vec<ir::Grade> {
        gs.iter()
            .map(|g| ir::Grade {
                name: g.name.text.clone(),
                range: match &g.cond {
                    Some(iv) => self.interval(iv, Dim::Points),
                    None => Range::ALL,
                },
            })
            .collect()
    }

    fn declare_input(&mut self, d: &ast::InputDecl) {
        if self.input_names.contains_key(&d.name.text) {
            self.error(
                CheckError::Duplicate {
                    name: d.name.text.clone(),
                    what: "输入",
                },
                d.name.span,
            );
            return;
        }
        let (kind, default_range) = match &d.ty {
            ast::InputType::Number(u, span) => {
                if *u == UnitWord::Points {
                    self.error(
                        CheckError::Quantity {
                            expected: "输入的单位",
                            found: "分".into(),
                            help: "分数由方案计算；评审给出的分数请声明为 `评审打分 [0, N]`".into(),
                        },
                        *span,
                    );
                }
                (InputKind::Number(u.dim()), Range::non_negative())
            }
            ast::InputType::Bool(_) => (InputKind::Bool, Range::ALL),
            ast::InputType::Checklist(items, span) => {
                // A report's ticks are held as bits of a u64.
                if items.len() > super::MAX_CHECKLIST_ITEMS {
                    self.error(
                        CheckError::Limit {
                            what: "清单项数",
                            text: items.len().to_string(),
                            limit: format!(
                                "一个清单最多 {} 项；拆成几个清单",
                                super::MAX_CHECKLIST_ITEMS
                            ),
                        },
                        *span,
                    );
                }
                (
                    InputKind::Checklist(self.unique(items, "清单项")),
                    Range::ALL,
                )
            }
            ast::InputType::Tier(levels, _) => {
                (InputKind::Tier(self.unique(levels, "等级")), Range::ALL)
            }
            ast::InputType::Reviewer(iv) => (InputKind::Reviewer, self.interval(iv, Dim::Points)),
        };
        let range = match (&kind, d.range) {
            (_, None) => default_range,
            (_, Some(ast::RangeDecl::AnySign(_))) => Range::ALL,
            (InputKind::Number(dim), Some(ast::RangeDecl::Interval(iv))) => {
                self.interval(&iv, *dim)
            }
            (_, Some(ast::RangeDecl::Interval(iv))) => {
                self.error(
                    CheckError::Type {
                        expected: "有范围的输入",
                        found: "是否、清单或等级".into(),
                        help: "只有数值输入可以声明范围；评审打分的范围写在 `评审打分 [0, N]` 中"
                            .into(),
                    },
                    iv.span,
                );
                default_range
            }
        };
        let id = InputId(self.inputs.len() as u32);
        self.input_names.insert(d.name.text.clone(), id);
        self.inputs.push(ir::Input {
            name: d.name.text.clone(),
            kind,
            range,
            desc: d.desc.as_ref().map(|t| t.text.clone()),
            span: d.name.span,
            row: false,
        });
    }

    fn unique(&mut self, names: &[ast::Name], what: &'static str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names {
            if out.contains(&n.text) {
                self.error(
                    CheckError::Duplicate {
                        name: n.text.clone(),
                        what,
                    },
                    n.span,
                );
            } else {
                out.push(n.text.clone());
            }
        }
        out
    }

    pub fn declare_value(&mut self, name: &'a ast::Name, expr: &'a ast::Expr) {
        self.declare_value_in(name, expr, None);
    }

    /// Declares a value, inside a `种类` when `scope` is given.
    pub fn declare_value_in(
        &mut self,
        name: &'a ast::Name,
        expr: &'a ast::Expr,
        scope: Option<&str>,
    ) {
        let key = match scope {
            Some(k) => scoped(k, &name.text),
            None => name.text.clone(),
        };
        let shadows_row = scope.is_some() && self.row_inputs.contains_key(&name.text);
        if self.value_names.contains_key(&key)
            || self.input_names.contains_key(&name.text)
            || shadows_row
        {
            self.error(
                CheckError::Duplicate {
                    name: name.text.clone(),
                    what: "值",
                },
                name.span,
            );
            return;
        }
        let id = ValueId(self.value_decls.len() as u32);
        self.value_names.insert(key, id);
        self.value_scopes.push(scope.map(str::to_string));
        self.value_decls.push((name, expr));
        self.values.push(None);
        self.state.push(State::Todo);
        self.value_depths.push(0);
    }

    fn declare_subjects(&mut self, d: &'a ast::IndicatorDecl) {
        if let Some(ast::SubjectDecl {
            name,
            expr: Some(e),
            ..
        }) = &d.subject
        {
            self.declare_value(name, e);
        }
        for c in &d.children {
            self.declare_subjects(c);
        }
    }

    /// Points as a plain decimal; the unit must be 分 or absent.
    pub fn points(&mut self, q: &ast::Quantity) -> Decimal {
        if q.value.abs() > super::MAX_POINTS {
            self.error(
                CheckError::Limit {
                    what: "分数",
                    text: format!("{}分", q.value),
                    limit: format!("分值、扣分与下限的绝对值不超过 {} 分", super::MAX_POINTS),
                },
                q.span,
            );
            return Decimal::ZERO;
        }
        match q.unit {
            None | Some(UnitWord::Points) => q.value,
            Some(u) => {
                self.error(
                    CheckError::Quantity {
                        expected: "分数",
                        found: format!("{}{}", q.value, u.word()),
                        help: "分值与得分以 `分` 为单位，如 `5分`".into(),
                    },
                    q.span,
                );
                q.value
            }
        }
    }

    /// The number a literal stands for in its unit's dimension (`5%` is 0.05), exactly; an
    /// error when that cannot be held.
    /// Every amount must also be exact in 元, the unit all amounts meet in.
    pub fn literal(&mut self, q: &ast::Quantity) -> Decimal {
        let Some(u) = q.unit else { return q.value };
        let why = match u.dim() {
            Dim::Money(m) if m.convert(q.value, Money::Yuan).is_none() => {
                "换算成元后超出可精确表示的范围"
            }
            _ => match u.scale_exact(q.value) {
                Some(v) => return v,
                None => "换算成比率后超过 28 位小数",
            },
        };
        self.error(
            CheckError::Literal {
                text: format!("{}{}", q.value, u.word()),
                why,
            },
            q.span,
        );
        Decimal::ZERO
    }

    /// A constant in the dimension `dim` (scaled, converted), or an error.
    pub fn constant(&mut self, q: &ast::Quantity, dim: Dim) -> Decimal {
        let qdim = q.unit.map_or(Dim::Plain, UnitWord::dim);
        let v = self.literal(q);
        match (qdim, dim) {
            (Dim::Plain, Dim::Ratio) if !q.value.is_zero() => {
                self.error(
                    CheckError::BarePercent {
                        text: q.value.to_string(),
                    },
                    q.span,
                );
                v
            }
            (Dim::Money(from), Dim::Money(to)) => from.convert(v, to).unwrap_or_else(|| {
                self.error(
                    CheckError::Literal {
                        text: format!("{}{}", q.value, q.unit.map_or("", UnitWord::word)),
                        why: "换算成方案的金额单位后超出可精确表示的范围",
                    },
                    q.span,
                );
                Decimal::ZERO
            }),
            (a, b) if a.compatible(b) => v,
            (a, b) => {
                self.error(
                    CheckError::Quantity {
                        expected: b.describe(),
                        found: format!("{}{}", q.value, q.unit.map_or("", UnitWord::word)),
                        help: format!(
                            "此处的值是{}，数字要用同样的单位（写的是{}）",
                            b.describe(),
                            a.describe()
                        ),
                    },
                    q.span,
                );
                v
            }
        }
    }

    /// An interval in the dimension `dim`.
    pub fn interval(&mut self, iv: &ast::Interval, dim: Dim) -> Range {
        let lo = iv.lo.map(|(q, inc)| (self.constant(&q, dim), inc));
        let hi = iv.hi.map(|(q, inc)| (self.constant(&q, dim), inc));
        if let (Some((l, li)), Some((h, hi_))) = (lo, hi) {
            if l > h || (l == h && !(li && hi_)) {
                self.error(CheckError::EmptyRange, iv.span);
            }
        }
        Range { lo, hi }
    }

    /// "是否想写 …" over every input and value name, or that a later file deleted it.
    pub fn name_help(&self, name: &str) -> String {
        if self.row_inputs.contains_key(name) {
            return format!("`{name}` 是报告每一行自带的值，只能在 `行计分` 的 `种类` 中使用");
        }
        if let Some(r) = ir::Removed::find(self.removed, ir::Target::Input, name)
            .or_else(|| ir::Removed::find(self.removed, ir::Target::Value, name))
        {
            return r.said();
        }
        let names = self
            .input_names
            .keys()
            .chain(self.value_names.keys())
            .map(String::as_str);
        suggest(name, names)
            .unwrap_or_else(|| "先用 `输入 名称：单位` 声明输入，或用 `值 名称 = 公式` 定义".into())
    }

    fn indicator(
        &mut self,
        d: &'a ast::IndicatorDecl,
        parent: Option<NodeId>,
        path: &[String],
    ) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        if self.node_names.contains_key(&d.name.text) {
            self.error(
                CheckError::Duplicate {
                    name: d.name.text.clone(),
                    what: "指标",
                },
                d.name.span,
            );
        } else {
            self.node_names.insert(d.name.text.clone(), id);
        }
        for s in &d.repeated {
            self.error(CheckError::Repeated, *s);
        }
        for p in &d.pending {
            self.error(super::rules::pending(p), p.span);
        }
        let mut my_path = path.to_vec();
        my_path.push(d.name.text.clone());
        let weight = self.points(&d.points);
        self.nodes.push(ir::Node {
            name: d.name.text.clone(),
            path: my_path.clone(),
            weight,
            parent,
            children: Vec::new(),
            standard: d.standard.as_ref().map(|t| t.text.clone()),
            explanation: d.explanation.as_ref().map(|t| t.text.clone()),
            leaf: None,
            span: d.head_span,
            rows: None,
            points_span: d.points.span,
            edits: d.edited.clone(),
        });
        if let Some(slot) = &d.rows {
            if !d.children.is_empty() || !d.rules.is_empty() || d.subject.is_some() {
                self.error(
                    super::RowsError::Mixed {
                        name: d.name.text.clone(),
                    },
                    slot.span,
                );
            }
            self.nodes[id.0 as usize].rows = Some(ir::RowSlot {
                merge_into: None,
                from_report: slot.from_report,
            });
            if let Some(m) = &slot.merge_into {
                self.merges.push((id, m));
            }
            return id;
        }
        if d.children.is_empty() {
            let leaf = self.leaf(d, weight);
            self.nodes[id.0 as usize].leaf = leaf;
        } else {
            if !d.rules.is_empty() || d.subject.is_some() || !d.cases.is_empty() {
                let span = d
                    .rules
                    .first()
                    .map(|r| r.span)
                    .or(d.subject.as_ref().map(|s| s.span));
                self.error(
                    CheckError::RuleInGroup {
                        name: d.name.text.clone(),
                    },
                    span.unwrap_or(d.head_span),
                );
            }
            let children: Vec<NodeId> = d
                .children
                .iter()
                .map(|c| self.indicator(c, Some(id), &my_path))
                .collect();
            self.nodes[id.0 as usize].children = children;
        }
        id
    }
}
