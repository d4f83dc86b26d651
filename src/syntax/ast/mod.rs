//! The untyped syntax tree of a scheme file, as written; names are still strings.

use rust_decimal::Decimal;

use crate::base::source::Span;
use crate::base::units::UnitWord;

mod rows;

pub use rows::{Bound, DirDefault, RowsDecl, RowsSlot};

/// A name as written, with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// A verbatim text (标准, 说明, reasons).
#[derive(Debug, Clone)]
pub struct Text {
    /// The text with escapes resolved.
    pub text: String,
    /// Where it is, quotes included.
    pub span: Span,
}

/// A number with its unit word, as written.
#[derive(Debug, Clone, Copy)]
pub struct Quantity {
    /// The number, sign included.
    pub value: Decimal,
    /// The unit word, if any.
    pub unit: Option<UnitWord>,
    /// Where it is.
    pub span: Span,
}

/// A parsed scheme file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// The items in order.
    pub items: Vec<Item>,
}

/// A top-level item.
#[derive(Debug, Clone)]
pub enum Item {
    /// `方案 …`.
    Title(Text),
    /// `年度 …`.
    Year(YearSpec),
    /// `满分 …`.
    FullMarks(Quantity),
    /// `保留 N 位小数`.
    Precision {
        /// The number of places.
        places: u32,
        /// How to round at them (四舍五入 when not written).
        rounding: crate::base::number::Rounding,
        /// Where it is written.
        span: Span,
    },
    /// `等级 { … }`.
    Grades {
        /// The grades, in order.
        grades: Vec<GradeDecl>,
        /// Where the block is written.
        span: Span,
    },
    /// `输入 …`.
    Input(InputDecl),
    /// `值 … = …`.
    Value(ValueDecl),
    /// `指标 …`.
    Indicator(IndicatorDecl),
    /// `允许 … "…"` at file level.
    Allow(Allow),
    /// `待定 …` at file level (the year, the grades, an input's unit).
    Pending(Pending),
    /// `行计分 { … }`.
    Rows(RowsDecl),
    /// `基于 "…"`: the file this scheme is built on.
    Base(Text),
    /// `修改 …`, `删除 …`, `新增 …`: an edit of the base.
    Edit(Edit),
}

impl Item {
    /// Where the whole item is written.
    pub fn span(&self) -> Span {
        match self {
            Item::Title(t) | Item::Base(t) => t.span,
            Item::Year(y) => y.span,
            Item::FullMarks(q) => q.span,
            Item::Precision { span, .. } | Item::Grades { span, .. } => *span,
            Item::Input(d) => d.span,
            Item::Value(v) => v.span,
            Item::Indicator(d) => d.span,
            Item::Allow(a) => a.id.span.to(a.reason.span),
            Item::Pending(p) => p.span,
            Item::Rows(r) => r.span,
            Item::Edit(e) => e.span,
        }
    }
}

/// An edit of the scheme a file is built on.
#[derive(Debug, Clone)]
pub struct Edit {
    /// What it does.
    pub kind: EditKind,
    /// The whole edit.
    pub span: Span,
}

/// The edits.
#[derive(Debug, Clone)]
pub enum EditKind {
    /// `修改 指标 名称 (N分)? (归入 上级)? { … }`.
    Indicator(IndicatorEdit),
    /// `修改 输入 …`: the declaration replaces the base's.
    Input(InputDecl),
    /// `修改 值 名称 = 公式`.
    Value(ValueDecl),
    /// `删除 指标|输入|值 名称`.
    Remove(Target, Name),
    /// `新增 指标 名称 N分 归入 上级 { … }`.
    Add(IndicatorDecl, Name),
}

/// What a `删除` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// 指标.
    Indicator,
    /// 输入.
    Input,
    /// 值.
    Value,
}

impl Target {
    /// The word.
    pub fn word(self) -> &'static str {
        match self {
            Target::Indicator => "指标",
            Target::Input => "输入",
            Target::Value => "值",
        }
    }
}

/// `修改 指标 …`: the parts written replace the base's.
#[derive(Debug, Clone)]
pub struct IndicatorEdit {
    /// The indicator edited.
    pub name: Name,
    /// New points.
    pub points: Option<Quantity>,
    /// A new place: the indicator it goes under.
    pub parent: Option<Name>,
    /// The parts written, as a leaf body (its name and points are unused).
    pub body: IndicatorDecl,
    /// Parts dropped (`删除 特殊情形` …).
    pub drops: Vec<(Drop, Span)>,
}

/// A part a `修改 指标` drops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drop {
    /// Every `若`.
    Cases,
    /// 说明.
    Explanation,
    /// 标准.
    Standard,
}

/// The years a scheme is in force.
#[derive(Debug, Clone, Copy)]
pub struct YearSpec {
    /// First year.
    pub from: i32,
    /// Last year, if bounded.
    pub to: Option<i32>,
    /// Where it is.
    pub span: Span,
}

/// `2020`, `2020–2023`, `2024 起`.
pub fn years_label(from: i32, to: Option<i32>) -> String {
    match to {
        Some(t) if t == from => format!("{from}"),
        Some(t) => format!("{from}–{t}"),
        None => format!("{from} 起"),
    }
}

/// `2020 年度`, `2020–2023 年度`, `2024 年度起`.
pub fn years_words(from: i32, to: Option<i32>) -> String {
    match to {
        None => format!("{from} 年度起"),
        Some(t) => format!("{} 年度", years_label(from, Some(t))),
    }
}

/// One grade band.
#[derive(Debug, Clone)]
pub struct GradeDecl {
    /// Grade name.
    pub name: Name,
    /// Totals it covers; `None`: all the others.
    pub cond: Option<Interval>,
}

/// An interval of values; `None` ends are infinite.
#[derive(Debug, Clone, Copy)]
pub struct Interval {
    /// Lower end and whether it is included.
    pub lo: Option<(Quantity, bool)>,
    /// Upper end and whether it is included.
    pub hi: Option<(Quantity, bool)>,
    /// Where it is.
    pub span: Span,
}

/// `输入 名称：类型 范围 "说明"`.
#[derive(Debug, Clone)]
pub struct InputDecl {
    /// The input's name.
    pub name: Name,
    /// Its type.
    pub ty: InputType,
    /// Its declared range, if any.
    pub range: Option<RangeDecl>,
    /// Its description.
    pub desc: Option<Text>,
    /// The whole declaration.
    pub span: Span,
}

/// The declared type of an input.
#[derive(Debug, Clone)]
pub enum InputType {
    /// A number in a unit.
    Number(UnitWord, Span),
    /// 是否.
    Bool(Span),
    /// 清单 { … }.
    Checklist(Vec<Name>, Span),
    /// 等级 { … }.
    Tier(Vec<Name>, Span),
    /// 评审打分 [lo, hi].
    Reviewer(Interval),
}

/// A declared range.
#[derive(Debug, Clone, Copy)]
pub enum RangeDecl {
    /// 可为负: any sign.
    AnySign(Span),
    /// An interval (one-sided bounds are intervals with an infinite end).
    Interval(Interval),
}

/// `值 名称 = 公式`.
#[derive(Debug, Clone)]
pub struct ValueDecl {
    /// The value's name.
    pub name: Name,
    /// Its formula.
    pub expr: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// `指标 名称 N分 { … }`.
#[derive(Debug, Clone)]
pub struct IndicatorDecl {
    /// The indicator's name.
    pub name: Name,
    /// Its points.
    pub points: Quantity,
    /// 标准, verbatim.
    pub standard: Option<Text>,
    /// 说明, verbatim.
    pub explanation: Option<Text>,
    /// Child indicators (a group).
    pub children: Vec<IndicatorDecl>,
    /// The scored quantity (a leaf).
    pub subject: Option<SubjectDecl>,
    /// Special cases, in order.
    pub cases: Vec<CaseDecl>,
    /// The rules written (a leaf has exactly one).
    pub rules: Vec<RuleDecl>,
    /// `行`: a category whose rows come from the report.
    pub rows: Option<RowsSlot>,
    /// Warnings allowed here.
    pub allows: Vec<Allow>,
    /// Decisions a draft left open here (`待定`).
    pub pending: Vec<Pending>,
    /// Repeated 标准/说明 lines, reported by the checker.
    pub repeated: Vec<Span>,
    /// The `修改` edits merged into this declaration (in files built on this one).
    pub edited: Vec<Span>,
    /// The header (`指标 名称 N分`).
    pub head_span: Span,
    /// The whole block.
    pub span: Span,
}

/// `待定 "原文" "问题" { "读法" … }`: a decision a draft left open.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The wording as the source table writes it.
    pub phrase: Text,
    /// What a person must decide.
    pub question: Text,
    /// The candidate readings, when the drafter knows them.
    pub readings: Vec<Text>,
    /// The whole item.
    pub span: Span,
}

/// `值 名称 (= 公式)?` inside a leaf.
#[derive(Debug, Clone)]
pub struct SubjectDecl {
    /// The value's name.
    pub name: Name,
    /// A formula defining it here, or `None` to score an existing name.
    pub expr: Option<Expr>,
    /// Where it is.
    pub span: Span,
}

/// `若 条件 则 结果 "理由"`.
#[derive(Debug, Clone)]
pub struct CaseDecl {
    /// The condition.
    pub cond: Expr,
    /// What it gives.
    pub outcome: Outcome,
    /// Why, in words.
    pub reason: Option<Text>,
    /// Where it is.
    pub span: Span,
}

/// The result of a special case.
#[derive(Debug, Clone, Copy)]
pub enum Outcome {
    /// 不适用: not applicable, full marks.
    NotApplicable,
    /// 满分.
    Full,
    /// A fixed score.
    Points(Quantity),
}

/// `允许 lint-id "理由"`.
#[derive(Debug, Clone)]
pub struct Allow {
    /// The warning's id.
    pub id: Name,
    /// The stated reason.
    pub reason: Text,
}

/// A scoring rule as written.
#[derive(Debug, Clone)]
pub struct RuleDecl {
    /// Which rule.
    pub kind: RuleKind,
    /// Where it is.
    pub span: Span,
}

/// The rule forms.
#[derive(Debug, Clone)]
pub enum RuleKind {
    /// 超过/低于/偏离 T 每 S 扣 P 分.
    Threshold {
        /// Which side is penalised.
        dir: Direction,
        /// The threshold.
        threshold: Quantity,
        /// The step.
        step: Quantity,
        /// Points per step.
        per_step: Quantity,
        /// How a part of a step counts; `None` is a compile error.
        policy: Option<(StepPolicy, Span)>,
        /// A floor other than 0.
        floor: Option<Quantity>,
    },
    /// 分档 { … }.
    Bands(Vec<(Interval, Quantity)>),
    /// 按比例计分 封顶 C.
    Proportional {
        /// The cap (`封顶 C`), when written.
        cap: Option<Quantity>,
    },
    /// 清单 名称 { 项 N分 … }.
    Checklist {
        /// The checklist input.
        input: Name,
        /// Each item with its points.
        items: Vec<(Name, Quantity)>,
    },
    /// 每出现 N 扣 P 分.
    PerEvent {
        /// Events per step.
        step: Quantity,
        /// Points per step.
        per_step: Quantity,
    },
    /// 按等级 { 级 N分 … }.
    Tiers(Vec<(Name, Quantity)>),
    /// 评审打分.
    Reviewer,
}

/// Which side of a threshold is penalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// 超过.
    Above,
    /// 低于.
    Below,
    /// 偏离 (超过或低于).
    Either,
}

/// How a part of a step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepPolicy {
    /// 按比例: the exact excess.
    Proportional,
    /// 不足一档不扣: complete steps only.
    FullSteps,
    /// 不足一档按一档: any part counts as a step.
    AnyPart,
}

/// A formula.
#[derive(Debug, Clone)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// Formula forms.
#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A number.
    Num(Quantity),
    /// 是 / 否.
    Bool(bool),
    /// A name.
    Name(Name),
    /// −x, 非 x.
    Unary(UnOp, Box<Expr>),
    /// x op y.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// 最小/最大/绝对值.
    Call(Func, Vec<Expr>),
    /// 若 c 则 a 否则 b.
    If(Box<Expr>, Box<Expr>, Box<Expr>),
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// −.
    Neg,
    /// 非.
    Not,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// +.
    Add,
    /// −.
    Sub,
    /// ×.
    Mul,
    /// ÷.
    Div,
    /// =.
    Eq,
    /// ≠.
    Ne,
    /// <.
    Lt,
    /// ≤.
    Le,
    /// >.
    Gt,
    /// ≥.
    Ge,
    /// 且.
    And,
    /// 或.
    Or,
}

impl BinOp {
    /// The sign shown in explanations.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "×",
            BinOp::Div => "÷",
            BinOp::Eq => "=",
            BinOp::Ne => "≠",
            BinOp::Lt => "<",
            BinOp::Le => "≤",
            BinOp::Gt => ">",
            BinOp::Ge => "≥",
            BinOp::And => "且",
            BinOp::Or => "或",
        }
    }

    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => 3,
            BinOp::Add | BinOp::Sub => 4,
            BinOp::Mul | BinOp::Div => 5,
        }
    }
}

/// Built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// 最小.
    Min,
    /// 最大.
    Max,
    /// 绝对值.
    Abs,
}

impl Func {
    /// The Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Func::Min => "最小",
            Func::Max => "最大",
            Func::Abs => "绝对值",
        }
    }
}
