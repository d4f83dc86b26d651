//! The checked form of a self-evaluation form scheme (`行计分`): the kinds rows are scored as,
//! their scoring, the row inputs, and the directions of bare targets.

use rust_decimal::Decimal;

use super::{Bound, InputId, Leaf, NodeId, Range, Span, ValueId};

/// A category of a self-evaluation form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSlot {
    /// The category that takes this one's points when it has no rows.
    pub merge_into: Option<NodeId>,
    /// `分值由报告定`: the report's form sets the points (the scheme's are the total the
    /// categories so marked under one parent share).
    pub from_report: bool,
}

/// The kinds a report's row is classified into by its target (年度指标值) and actual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowKind {
    /// A lower bound (≥, 不低于, 以上, a bare value): more is better.
    Lower,
    /// An upper bound (≤, 不超过, 以内): less is better.
    Upper,
    /// Words (提高, 有效 …) or a completion percentage.
    Qualitative,
    /// A deadline (12月31日之前) met or missed by a date.
    Deadline,
    /// An exact target (＝, 等于, a 指标性质 of ＝): met when equal; how a miss scores is the
    /// scheme's `种类 定量等于`, which a scheme may leave out (its rows are then unscored).
    Equal,
}

impl RowKind {
    /// Every kind, in the order of [`RowKind::index`].
    pub const ALL: [RowKind; 5] = [
        RowKind::Lower,
        RowKind::Upper,
        RowKind::Qualitative,
        RowKind::Deadline,
        RowKind::Equal,
    ];

    /// The kinds every form scheme must score.
    pub const REQUIRED: [RowKind; 4] = [
        RowKind::Lower,
        RowKind::Upper,
        RowKind::Qualitative,
        RowKind::Deadline,
    ];

    /// The kind's name in a scheme (`种类 定量下限 { … }`).
    pub fn name(self) -> &'static str {
        match self {
            RowKind::Lower => "定量下限",
            RowKind::Upper => "定量上限",
            RowKind::Qualitative => "定性",
            RowKind::Deadline => "时限",
            RowKind::Equal => "定量等于",
        }
    }

    /// Reads a kind's name.
    pub fn parse(s: &str) -> Option<RowKind> {
        RowKind::ALL.into_iter().find(|k| k.name() == s)
    }

    /// Its index in [`RowKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// `二级 是 成本指标 ≤`, `三级 结尾是 控制率 ≤`: a scheme's direction for bare targets.
#[derive(Debug, Clone)]
pub struct DirDefault {
    /// 1, 2 or 3: which of the row's 一级, 二级, 三级 is matched.
    pub level: u8,
    /// The name's ending is matched, not the whole name.
    pub ends_with: bool,
    /// The names (or endings).
    pub names: Vec<String>,
    /// The direction.
    pub bound: Bound,
}

impl DirDefault {
    /// The usual directions of bare targets on 项目支出绩效自评表, for a scheme that writes no
    /// `未写方向`: names ending 节约率 are lower bounds; names ending 控制率, 调整率, 结余率,
    /// 投诉率, 差错率, 事故率, 发生率, 故障率, and rows under a 二级 ending 成本指标 (经济成本指标,
    /// 社会成本指标 … of the newer templates), are upper bounds. The first that matches holds.
    pub fn usual() -> Vec<DirDefault> {
        let names = |all: &[&str]| all.iter().map(|s| s.to_string()).collect();
        vec![
            DirDefault {
                level: 3,
                ends_with: true,
                names: names(&["节约率"]),
                bound: Bound::AtLeast,
            },
            DirDefault {
                level: 3,
                ends_with: true,
                names: names(&[
                    "控制率",
                    "调整率",
                    "结余率",
                    "投诉率",
                    "差错率",
                    "事故率",
                    "发生率",
                    "故障率",
                ]),
                bound: Bound::AtMost,
            },
            DirDefault {
                level: 2,
                ends_with: true,
                names: names(&["成本指标"]),
                bound: Bound::AtMost,
            },
        ]
    }

    /// Whether a row at `path` (一级, 二级 when given, 三级) is one this default names.
    pub fn matches(&self, path: &[String]) -> bool {
        self.matched(path).is_some()
    }

    /// The name (or ending) of this default a row at `path` matches.
    pub fn matched(&self, path: &[String]) -> Option<&str> {
        let name = match (self.level, path) {
            (1, [first, ..]) => first,
            (2, [_, second, _]) => second,
            (3, [.., last]) if path.len() >= 2 => last,
            _ => return None,
        };
        // `差错率（%）`: a note in brackets at the end is not the name.
        let name = match name.rfind(['（', '(']) {
            Some(i) if i > 0 && name.ends_with(['）', ')']) => name[..i].trim_end(),
            _ => name.as_str(),
        };
        self.names
            .iter()
            .find(|n| {
                if self.ends_with {
                    name.ends_with(n.as_str())
                } else {
                    name == n.as_str()
                }
            })
            .map(String::as_str)
    }
}

/// `行计分 { … }`: how rows are scored.
#[derive(Debug, Clone)]
pub struct Form {
    /// The scoring of each kind, by [`RowKind::index`] (`None`: an optional kind the scheme
    /// does not score).
    pub kinds: Vec<Option<KindDef>>,
    /// `未写方向 { … }`: the direction of a bare target the form does not state, by the
    /// first default whose name matches the row (in order).
    pub dir_defaults: Vec<DirDefault>,
    /// `未填分值 平均分配`.
    pub share_evenly: bool,
    /// `完成档次`: named tiers a completion percentage must fall in (ratios).
    pub tiers: Vec<(String, Range)>,
    /// `超额提示`: actual ÷ target (or target ÷ actual for an upper bound) from which a
    /// reason is asked for.
    pub over_hint: Option<Decimal>,
    /// The row's own values, as the kinds refer to them.
    pub inputs: RowInputs,
}

/// The inputs a row supplies to its kind's leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowInputs {
    /// 实际: the actual, in the row's unit.
    pub actual: InputId,
    /// 指标值: the target, in the row's unit.
    pub target: InputId,
    /// 达标: whether the target is met.
    pub met: InputId,
    /// 完成比例: the completion percentage the report gives.
    pub completion: InputId,
}

impl RowInputs {
    /// The four ids.
    pub fn all(self) -> [InputId; 4] {
        [self.actual, self.target, self.met, self.completion]
    }
}

/// How one kind of row is scored.
#[derive(Debug, Clone)]
pub struct KindDef {
    /// The kind.
    pub kind: RowKind,
    /// The leaf body: cases and a `按比例计分` rule on the row's 分值.
    pub leaf: Leaf,
    /// 标准, verbatim.
    pub standard: Option<String>,
    /// 说明, verbatim.
    pub explanation: Option<String>,
    /// Values declared in the kind's body (copied for every row).
    pub values: Vec<ValueId>,
    /// The `种类` block.
    pub span: Span,
}
