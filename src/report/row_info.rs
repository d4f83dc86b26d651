//! A row of a self-evaluation form as read: its path, texts, readings, points, self-score and
//! findings ([`super::row`] classifies it).

use rust_decimal::Decimal;

use super::value::{Cmp, Reading, RowUnit};
use super::{Finding, InputValue};
use crate::base::number::Rounding;
use crate::base::quantity::fmt_bound;
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{NodeId, RowKind};

/// A row of a report, read and classified.
#[derive(Debug, Clone, PartialEq)]
pub struct RowInfo {
    /// 一级 (the category), 二级 when given, 三级.
    pub path: Vec<String>,
    /// The block of a form in blocks (绩效目标 `年度绩效目标1`), named on this row or a row
    /// above it.
    pub block: Option<String>,
    /// The category in the scheme.
    pub category: NodeId,
    /// 指标值 as written.
    pub target_text: String,
    /// 完成值 as written.
    pub actual_text: String,
    /// 指标值 as read.
    pub target: Reading,
    /// 完成值 as read.
    pub actual: Reading,
    /// The kind it is scored as.
    pub kind: RowKind,
    /// How the values were taken, when it is not the plain reading (a completion
    /// percentage against a count, the lowest part of a compound …).
    pub how: Option<String>,
    /// 分值 as written (in points; a 权重 written as a percentage is set from
    /// `stated_share` when the form is filled).
    pub stated_points: Option<Decimal>,
    /// 分值 (权重) written as a percentage of the category's points (`30%`, 湖北 forms), in
    /// percent.
    pub stated_share: Option<Decimal>,
    /// The points it is scored out of (set when the form is filled).
    pub points: Decimal,
    /// `points` before they were rounded to the scheme's places (a share of a category's
    /// points: 50 × 10/60 is 8.333…, scored out of 8.33).
    pub exact_points: Decimal,
    /// The points the unit scored the row against, when the form says them: its 分值, or its
    /// share of the points printed with its category or block (`产出指标（40分）`). A self-score
    /// on points that were then prorated is compared as prorated (set when the form is
    /// filled).
    pub unit_points: Option<Decimal>,
    /// How the points were set, when not as written.
    pub points_note: Option<String>,
    /// 自评得分.
    pub self_score: Option<Decimal>,
    /// 偏差原因.
    pub reason: Option<String>,
    /// The row's inputs: 实际, 指标值, 达标, 完成比例 (`None`: not available).
    pub values: [Option<InputValue>; 4],
    /// The dimension 实际 and 指标值 are shown in.
    pub dim: Dim,
    /// The unit of 实际 and 指标值.
    pub unit: RowUnit,
    /// The category's points as the form prints them with its name (`产出指标（60分）`).
    pub category_points: Option<Decimal>,
    /// How the form printed them, for a finding: `一级 `效益指标（40%）` 写 满分的 40%（40 分）`.
    pub printed_as: Option<String>,
    /// The direction the row is scored by (the 指标性质 column, the target's words, or the
    /// default for a bare number), for a quantitative row.
    pub cmp: Option<Cmp>,
    /// The completion tier the actual names in words (达成预期指标 → 达成), by its index in
    /// the form's `完成档次`, when no completion percentage is given.
    pub tier: Option<usize>,
    /// Findings on this row.
    pub notes: Vec<Finding>,
    /// The row in the report.
    pub span: Span,
}

impl RowInfo {
    /// `产出指标/数量指标/发放人数` (`产出指标/年度绩效目标1/数量指标/发放人数` in a block).
    pub fn path_text(&self) -> String {
        match &self.block {
            Some(b) => {
                let mut p = self.path.clone();
                p.insert(1, b.clone());
                p.join("/")
            }
            None => self.path.join("/"),
        }
    }

    /// The self-score on the row's points when they are not the ones the unit scored against
    /// ([`RowInfo::unit_points`]): a unit that scored 60 of the 60 points it stated, on a row
    /// prorated to 45, scored 45 of 45; 8 of 10 stated, on 50 × 10/60 points, is 6.67 (from
    /// the exact points, not the rounded 8.33). `None` when the points are the unit's (or there
    /// is no self-score).
    pub fn self_rescaled(&self, places: u32, rounding: Rounding) -> Option<Decimal> {
        let (own, unit) = (self.self_score?, self.unit_points?);
        if unit == self.points || unit == self.exact_points || unit.is_zero() {
            return None;
        }
        // own ≤ 1,000,000 and the exact points ≤ the category's (bounded by
        // check::MAX_POINTS): the product fits.
        let scaled = own.checked_mul(self.exact_points)?.checked_div(unit)?;
        Some(rounding.round(scaled, places))
    }

    pub(crate) fn note(&mut self, kind: &'static str, text: String) {
        self.notes.push(Finding { kind, text });
    }

    /// 达标, when known.
    pub fn met(&self) -> Option<bool> {
        match self.values[2] {
            Some(InputValue::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// A value of 实际/指标值 as shown: `98%`, `14人`, `15.2万元`.
    pub fn show(&self, v: Decimal) -> String {
        match (&self.unit, self.dim) {
            (_, Dim::Ratio) => fmt_bound(v, Dim::Ratio),
            (u, _) => format!("{}{}", v.normalize(), u.word()),
        }
    }
}
