//! The resolved, typed scheme: the evaluator's only input.
//!
//! Names are gone: inputs, derived values and indicators are referred to by ids; units are
//! checked and literals are scaled (`5%` is 0.05, 元 and 万元 are converted where they meet).

use rust_decimal::Decimal;

use crate::base::interval::Range;
use crate::base::source::{FileId, Sources, Span};
use crate::base::units::{Dim, UnitWord};
use crate::syntax::ast::{years_label, years_words, BinOp, Direction, Func, StepPolicy};
pub use crate::syntax::ast::{Bound, Target};
use crate::syntax::compose::Layer;
pub use crate::syntax::compose::Removed;

mod form;

pub use form::{DirDefault, Form, KindDef, RowInputs, RowKind, RowSlot};

/// Index of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InputId(pub u32);

/// Index of a derived value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(pub u32);

/// Index of an indicator (depth-first order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A checked scheme.
#[derive(Debug, Clone)]
pub struct Scheme {
    /// 方案: the title.
    pub title: String,
    /// The first year in force.
    pub year_from: i32,
    /// The last year in force (`None`: open-ended).
    pub year_to: Option<i32>,
    /// 满分.
    pub full_marks: Decimal,
    /// Places every indicator score is rounded to.
    pub places: u32,
    /// How it is rounded there (四舍五入, 去尾, 进一).
    pub rounding: crate::base::number::Rounding,
    /// Grade bands, checked in order.
    pub grades: Vec<Grade>,
    /// Inputs, by id.
    pub inputs: Vec<Input>,
    /// Derived values, by id.
    pub values: Vec<Value>,
    /// Indicators in depth-first order, by id.
    pub nodes: Vec<Node>,
    /// Top-level indicators.
    pub roots: Vec<NodeId>,
    /// Input names → ids.
    pub input_names: crate::base::names::NameMap<InputId>,
    /// Indicator names → ids.
    pub node_names: crate::base::names::NameMap<NodeId>,
    /// The scheme's source files, for quoting formulas in explanations.
    pub sources: Sources,
    /// How a self-evaluation form's rows are scored (`行计分`), when the scheme has one.
    pub form: Option<Box<Form>>,
    /// The files the scheme was put together from, the first base first.
    pub layers: Vec<Layer>,
    /// What later files deleted (`删除`), the earliest first.
    pub removed: Vec<Removed>,
}

impl Scheme {
    /// The input behind an id.
    pub fn input(&self, id: InputId) -> &Input {
        &self.inputs[id.0 as usize]
    }

    /// The value behind an id.
    pub fn value(&self, id: ValueId) -> &Value {
        &self.values[id.0 as usize]
    }

    /// The indicator behind an id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Ids of the leaves, in table order.
    pub fn leaves(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.leaf.is_some())
            .map(|(i, _)| NodeId(i as u32))
    }

    /// Ids of what is scored on its own: the leaves and the categories of a form left
    /// without rows.
    pub fn scored_units(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.leaf.is_some() || n.unfilled())
            .map(|(i, _)| NodeId(i as u32))
    }

    /// The text of the scheme at a span.
    pub fn source_text(&self, span: Span) -> &str {
        self.sources.get(span.file).slice(span)
    }

    /// The years in force, as written (`2020`, `2020–2023`, `2024 起`).
    pub fn years_label(&self) -> String {
        years_label(self.year_from, self.year_to)
    }

    /// The file (and its years) a span was written in, when the scheme is built on another.
    pub fn layer_of(&self, span: Span) -> Option<&Layer> {
        self.layers.iter().find(|l| l.file == span.file)
    }

    /// “schemes/…/2020.jx（2020 年度）”: the file a span was written in, with its years;
    /// `None` for a scheme of one file.
    pub fn origin(&self, span: Span) -> Option<String> {
        if self.layers.len() < 2 {
            return None;
        }
        let l = self.layer_of(span)?;
        let years = l
            .years
            .map_or_else(|| "未写年度".into(), |y| years_words(y.from, y.to));
        let short = crate::base::source::short_name(&self.sources.get(l.file).name);
        Some(format!("{short}（{years}）"))
    }

    /// The years in force in words: `2020 年度`, `2020–2023 年度`, `2024 年度起`.
    pub fn years_words(&self) -> String {
        years_words(self.year_from, self.year_to)
    }

    /// The file the scheme was compiled from (the last layer).
    pub fn top_file(&self) -> Option<FileId> {
        self.layers.last().map(|l| l.file)
    }

    /// What to tell a report or a formula that names something the scheme does not have:
    /// that a later file deleted it (“`X` 在 2024.jx 中已删除”), else the nearest of `names`
    /// (“是否想写 …”), else `None`.
    pub fn missing_help<'n>(
        &self,
        target: Target,
        name: &str,
        names: impl IntoIterator<Item = &'n str>,
    ) -> Option<String> {
        match Removed::find(&self.removed, target, name) {
            Some(r) => Some(r.said()),
            None => crate::base::names::suggest(name, names),
        }
    }

    /// Whether the scheme is in force in `year`.
    pub fn in_force(&self, year: i32) -> bool {
        year >= self.year_from && self.year_to.is_none_or(|t| year <= t)
    }
}

/// A grade band over the total.
#[derive(Debug, Clone)]
pub struct Grade {
    /// Its name (优秀, 良好 …).
    pub name: String,
    /// The totals it covers.
    pub range: Range,
}

/// A value the report supplies.
#[derive(Debug, Clone)]
pub struct Input {
    /// Its name, the key under `数据`.
    pub name: String,
    /// Its type.
    pub kind: InputKind,
    /// The values allowed (in the dimension's base: a % input's range is a ratio).
    pub range: Range,
    /// Its description.
    pub desc: Option<String>,
    /// Its declaration.
    pub span: Span,
    /// A row's own value (实际, 指标值 …), filled from a `绩效指标` row, never from `数据`.
    pub row: bool,
}

/// Input types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// A number of a dimension (the declared unit).
    Number(Dim),
    /// 是否.
    Bool,
    /// A checklist of named items.
    Checklist(Vec<String>),
    /// One of named levels.
    Tier(Vec<String>),
    /// A reviewer's score with a reason; its range is `range`.
    Reviewer,
}

impl InputKind {
    /// The type in words, for templates and messages.
    pub fn describe(&self) -> String {
        match self {
            InputKind::Number(Dim::Ratio) => "百分数".into(),
            InputKind::Number(d) => format!("数值（{}）", d.word()),
            InputKind::Bool => "是 / 否".into(),
            InputKind::Checklist(_) => "清单".into(),
            InputKind::Tier(_) => "等级".into(),
            InputKind::Reviewer => "评审打分".into(),
        }
    }
}

/// A derived value.
#[derive(Debug, Clone)]
pub struct Value {
    /// Its name.
    pub name: String,
    /// Its formula.
    pub expr: Expr,
    /// Its declaration.
    pub span: Span,
}

/// The static type of a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A number of a dimension.
    Num(Dim),
    /// 是 / 否.
    Bool,
}

/// A typed formula.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Its type.
    pub ty: Ty,
    /// Where it is written.
    pub span: Span,
}

/// Formula forms.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A number (already scaled: `5%` is 0.05), with the unit it was written in.
    Num(Decimal, Option<UnitWord>),
    /// 是 / 否.
    Bool(bool),
    /// An input.
    Input(InputId),
    /// A derived value.
    Value(ValueId),
    /// −x.
    Neg(Box<Expr>),
    /// 非 x.
    Not(Box<Expr>),
    /// x op y.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// 最小 / 最大 / 绝对值.
    Call(Func, Vec<Expr>),
    /// 若 c 则 a 否则 b.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// A unit conversion inserted by the checker (元 ↔ 万元): x × factor.
    Convert(Box<Expr>, Decimal),
}

impl Expr {
    /// Calls `f` on each formula directly inside this one, left to right (a derived value's
    /// own formula is not entered).
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        match &self.kind {
            ExprKind::Num(..) | ExprKind::Bool(_) | ExprKind::Input(_) | ExprKind::Value(_) => {}
            ExprKind::Neg(x) | ExprKind::Not(x) | ExprKind::Convert(x, _) => f(x),
            ExprKind::Binary(_, l, r) => {
                f(l);
                f(r);
            }
            ExprKind::Call(_, args) => args.iter().for_each(f),
            ExprKind::If(c, t, e) => {
                f(c);
                f(t);
                f(e);
            }
        }
    }
}

/// An indicator.
#[derive(Debug, Clone)]
pub struct Node {
    /// Its name.
    pub name: String,
    /// Names from the top-level indicator down to this one.
    pub path: Vec<String>,
    /// Its points (分值).
    pub weight: Decimal,
    /// Its parent.
    pub parent: Option<NodeId>,
    /// Its children (empty for a leaf).
    pub children: Vec<NodeId>,
    /// 评价标准, verbatim.
    pub standard: Option<String>,
    /// 指标说明, verbatim.
    pub explanation: Option<String>,
    /// The scoring of a leaf.
    pub leaf: Option<Leaf>,
    /// The header's place.
    pub span: Span,
    /// `行`: a category whose rows come from the report.
    pub rows: Option<RowSlot>,
    /// Where its points are written (a later year's `修改` may have changed them).
    pub points_span: Span,
    /// The `修改`/`新增`/`删除` edits of later files that touched it or its lower indicators.
    pub edits: Vec<Span>,
}

impl Node {
    /// A category of a form with no rows and points to give: unscored.
    pub fn unfilled(&self) -> bool {
        self.rows.is_some() && self.children.is_empty() && !self.weight.is_zero()
    }
}

/// How a leaf is scored.
#[derive(Debug, Clone)]
pub struct Leaf {
    /// The quantity the rule scores.
    pub subject: Option<Subject>,
    /// Special cases, checked in order before the rule.
    pub cases: Vec<Case>,
    /// The rule.
    pub rule: Rule,
    /// The rule's place.
    pub rule_span: Span,
}

/// What a leaf's rule scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A derived value.
    Value(ValueId),
    /// An input.
    Input(InputId),
}

/// A special case.
#[derive(Debug, Clone)]
pub struct Case {
    /// The condition.
    pub cond: Expr,
    /// What it gives.
    pub outcome: CaseOutcome,
    /// Why, in words.
    pub reason: Option<String>,
    /// Its place.
    pub span: Span,
}

/// What a special case gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseOutcome {
    /// Not applicable: full marks, status `not_applicable`.
    NotApplicable,
    /// Full marks (满分).
    Full,
    /// A fixed score.
    Points(Decimal),
}

/// The scoring rules.
#[derive(Debug, Clone)]
pub enum Rule {
    /// A deduction per step beyond a threshold.
    Threshold(Threshold),
    /// The points of the band the value falls in.
    Bands(Vec<Band>),
    /// Points × the value, capped.
    Proportional {
        /// The cap on the value (a ratio, 100% by default).
        cap: Decimal,
    },
    /// Points for each item that holds.
    Checklist {
        /// The checklist input.
        input: InputId,
        /// Points by item index.
        points: Vec<Decimal>,
    },
    /// A deduction for each event.
    PerEvent {
        /// Events per step.
        step: Decimal,
        /// Points per step.
        per_step: Decimal,
    },
    /// The points of the level given.
    Tiers {
        /// The tier input.
        input: InputId,
        /// Points by level index.
        points: Vec<Decimal>,
    },
    /// The reviewer's score stands.
    Reviewer {
        /// The reviewer input.
        input: InputId,
    },
    /// No rule: the special cases score every report (资金结余: 无结余 3分 / 不超过上年结转 2分 /
    /// 超过 0分). `check` accepts it only when the analysis shows the cases cover every
    /// report; a report that still reaches it is unscored (`Fault::NoCase`).
    CasesOnly,
}

/// `超过 T 每 S 扣 P 分 …`.
#[derive(Debug, Clone, Copy)]
pub struct Threshold {
    /// Which side is penalised.
    pub dir: Direction,
    /// The threshold (scaled).
    pub threshold: Decimal,
    /// The step (scaled).
    pub step: Decimal,
    /// The step's unit word as written (个百分点, %, 人 …).
    pub step_unit: Option<UnitWord>,
    /// Points per step.
    pub per_step: Decimal,
    /// How a part of a step counts.
    pub policy: StepPolicy,
    /// The floor (0 unless declared).
    pub floor: Decimal,
}

impl Threshold {
    /// Whether `v` is on the good side of the threshold (or on it): nothing to deduct.
    pub fn untouched(&self, v: Decimal) -> bool {
        match self.dir {
            Direction::Above => v <= self.threshold,
            Direction::Below => v >= self.threshold,
            Direction::Either => v == self.threshold,
        }
    }
}

/// One band of a 分档 rule.
#[derive(Debug, Clone, Copy)]
pub struct Band {
    /// The values it covers (scaled).
    pub range: Range,
    /// Its score.
    pub points: Decimal,
    /// Its place.
    pub span: Span,
}
