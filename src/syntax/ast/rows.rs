//! The syntax of a self-evaluation form scheme's rows: the `行计分` block and a category's
//! `行` slot.

use super::{Allow, IndicatorDecl, Interval, Name, Quantity};
use crate::base::source::Span;

/// `行计分 { … }`: how a self-evaluation form's rows are scored.
#[derive(Debug, Clone)]
pub struct RowsDecl {
    /// `未填分值 平均分配`, where written.
    pub share_evenly: Option<Span>,
    /// `完成档次 { … }`: the tiers, in order.
    pub tiers: Vec<(Name, Interval)>,
    /// `超额提示 N%`.
    pub over_hint: Option<Quantity>,
    /// `未写方向 { … }`: directions of bare targets, in order (`None`: no such block).
    pub dir_defaults: Option<Vec<DirDefault>>,
    /// `种类 名称 { … }`: one leaf body per kind (its points are unused).
    pub kinds: Vec<IndicatorDecl>,
    /// `允许 id "理由"` written in the block itself (not inside a kind).
    pub allows: Vec<Allow>,
    /// The `行计分` keyword.
    pub head_span: Span,
    /// The whole block.
    pub span: Span,
}

/// The direction a scheme gives bare targets by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// ≥: more is better.
    AtLeast,
    /// ≤: less is better.
    AtMost,
    /// ＝: met when equal.
    Equal,
}

/// `二级 是 成本指标 ≤`: rows whose 二级 is 成本指标 point down when nothing else says.
#[derive(Debug, Clone)]
pub struct DirDefault {
    /// 1, 2 or 3: the 一级, 二级 or 三级 name is matched.
    pub level: u8,
    /// `结尾是`: the name's ending is matched, not the whole name.
    pub ends_with: bool,
    /// The names (or endings).
    pub names: Vec<Name>,
    /// The direction: `≥`, `≤` or `＝`.
    pub bound: Bound,
    /// Where it is written.
    pub span: Span,
}

/// `行 (无行时并入 名称)?` inside a category.
#[derive(Debug, Clone)]
pub struct RowsSlot {
    /// The category that takes the points when this one has no rows.
    pub merge_into: Option<Name>,
    /// `分值由报告定`: the report's form sets the category's points.
    pub from_report: bool,
    /// Where it is.
    pub span: Span,
}
