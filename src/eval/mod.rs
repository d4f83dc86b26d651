//! Evaluation: `evaluate(&Scheme, &Report) -> Outcome`, with a ledger for every leaf. It
//! scores exactly the scheme it is given: a self-evaluation form is filled with the report's
//! rows first ([`crate::form::fill`]), and the filled table is what is evaluated.
//!
//! Two evaluators give the same outcome, ledger for ledger: [`evaluate`] walks the formulas'
//! trees (for a scheme used once, such as a form filled per report, and to name faults), and
//! a [`Program`] compiles a scheme once to register code for scoring many reports. On both, values are computed
//! only where the path taken reads them, so an input is needed only when that path reads it
//! (the building inputs only when 有楼堂馆所项目 is 是). A missing input makes the
//! indicator `missing_input`; a fault found while computing (a zero divisor) makes it
//! `error`. Nothing becomes zero silently and nothing panics. The ledger is data; turning
//! it into sentences is `explain`'s job.
//!
//! Arithmetic: every operation on report values is checked (a [`Fault`] when it overflows);
//! sums of scores are not, because a score lies within ±[`MAX_POINTS`](crate::check::MAX_POINTS)
//! (points, deductions and floors are bounded by the checker), so a total stays below 10¹³.

mod expr;
mod program;
mod rules;

use rust_decimal::Decimal;
use std::borrow::Cow;

use serde::Serialize;

use crate::base::number::round;
use crate::base::source::Span;
use crate::ir::{CaseOutcome, InputId, NodeId, Scheme};
use crate::report::Report;

pub use expr::Val;
pub use program::{Program, Scratch};

/// Why an indicator could not be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// These inputs are needed and absent.
    Missing(Vec<InputId>),
    /// A divisor evaluated to zero.
    DivZero {
        /// The divisor's place in the scheme.
        divisor: Span,
    },
    /// A result too large to hold exactly.
    Overflow {
        /// The operation's place in the scheme.
        at: Span,
    },
    /// A value outside every band.
    NoBand {
        /// The value.
        value: Decimal,
    },
    /// A leaf scored by its cases alone where none applies.
    NoCase,
}

/// The state of an indicator after evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Scored by its rule.
    Scored,
    /// Not applicable: full marks.
    NotApplicable,
    /// Inputs missing: unscored.
    MissingInput,
    /// A fault while computing: unscored.
    Error,
}

/// Whether the raw score was clamped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clamp {
    /// Within [floor, points].
    None,
    /// Below the floor: 扣完为止.
    Floor,
    /// Above the points.
    Cap,
}

/// What the rule did, as numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Detail {
    /// Nothing beyond the case or the fault.
    None,
    /// A per-step deduction.
    Threshold {
        /// How far beyond the threshold.
        excess: Decimal,
        /// Steps counted (after the step policy).
        steps: Decimal,
        /// Points deducted before the floor.
        deduction: Decimal,
    },
    /// The band matched (index).
    Band(usize),
    /// Proportional: whether the value was capped.
    Proportional {
        /// The value used after the cap.
        used: Decimal,
        /// Whether the cap applied.
        capped: bool,
    },
    /// A checklist: the items that hold, as a bit set.
    Checklist(u64),
    /// Per event: events counted and the deduction.
    PerEvent {
        /// Steps counted.
        steps: Decimal,
        /// Points deducted before the floor.
        deduction: Decimal,
    },
    /// The tier level given.
    Tier(usize),
    /// The reviewer's score.
    Reviewer,
}

/// The ledger of one leaf.
#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    /// The special case that decided, if any (index into the leaf's cases).
    pub case: Option<usize>,
    /// The quantity scored, if the rule has one.
    pub subject: Option<Decimal>,
    /// What the rule did.
    pub detail: Detail,
    /// The score before floor and cap.
    pub raw: Option<Decimal>,
    /// Whether it was clamped.
    pub clamp: Clamp,
    /// Why it is unscored.
    pub fault: Option<Fault>,
}

impl Ledger {
    const EMPTY: Ledger = Ledger {
        case: None,
        subject: None,
        detail: Detail::None,
        raw: None,
        clamp: Clamp::None,
        fault: None,
    };
}

/// The result for one indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeOutcome {
    /// Its status.
    pub status: Status,
    /// The rounded score (`None` when unscored).
    pub score: Option<Decimal>,
    /// Missing inputs (for a group: those of its children).
    pub missing: Vec<InputId>,
    /// The ledger (leaves).
    pub ledger: Ledger,
}

/// The result of scoring one report.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Results by indicator id.
    pub nodes: Vec<NodeOutcome>,
    /// Sum of the scored leaves' rounded scores.
    pub total: Decimal,
    /// Every leaf scored or not applicable.
    pub complete: bool,
    /// The grade (index into the scheme's grades) when complete.
    pub grade: Option<usize>,
    /// Derived values as computed (for explanations).
    pub values: Vec<Option<Result<Val, Fault>>>,
}

impl Outcome {
    /// The result of an indicator.
    pub fn node(&self, id: NodeId) -> &NodeOutcome {
        &self.nodes[id.0 as usize]
    }
}

/// Buffers reused from one report to the next, so that scoring a batch allocates nothing
/// per report on the common path (a missing input still names itself).
#[derive(Debug, Default)]
pub struct Workspace {
    memo: Vec<Option<Result<Val, Fault>>>,
}

/// A report's total, completeness and grade, without the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Sum of the scored indicators' rounded scores.
    pub total: Decimal,
    /// Every indicator scored or not applicable.
    pub complete: bool,
    /// The grade (index into the scheme's grades) when complete.
    pub grade: Option<usize>,
}

/// Scores a report for its total only by walking the formulas' trees: the same rules and
/// rounding as [`evaluate`], without keeping a ledger, reusing `ws`.
pub fn totals(scheme: &Scheme, report: &Report, ws: &mut Workspace) -> Totals {
    let mut memo = std::mem::take(&mut ws.memo);
    memo.clear();
    memo.resize(scheme.values.len(), None);
    let mut cx = expr::Cx::with_memo(scheme, report, memo);
    let mut total = Decimal::ZERO;
    let mut complete = true;
    for n in &scheme.nodes {
        match &n.leaf {
            Some(leaf) => match rules::leaf(&mut cx, leaf, n.weight).score {
                Some(s) => total += s,
                None => complete = false,
            },
            None if n.unfilled() => complete = false,
            None => {}
        }
    }
    ws.memo = cx.into_values();
    let grade = grade_of(scheme, total, complete);
    Totals {
        total,
        complete,
        grade,
    }
}

/// Scores a report read against `scheme` by walking the formulas' trees: for a scheme used
/// once (a form filled with one report's rows). A [`Program`] gives the same outcome faster
/// for many reports.
pub fn evaluate(scheme: &Scheme, report: &Report) -> Outcome {
    let mut out = Outcome::default();
    evaluate_into(scheme, report, &mut out);
    out
}

/// [`evaluate`] into an outcome from an earlier report, reusing its buffers.
pub fn evaluate_into(scheme: &Scheme, report: &Report, out: &mut Outcome) {
    reset_nodes(scheme, out);
    let mut memo = std::mem::take(&mut out.values);
    memo.clear();
    memo.resize(scheme.values.len(), None);
    let mut cx = expr::Cx::with_memo(scheme, report, memo);
    for (n, slot) in scheme.nodes.iter().zip(out.nodes.iter_mut()) {
        if let Some(leaf) = &n.leaf {
            *slot = rules::leaf(&mut cx, leaf, n.weight);
        }
    }
    out.values = cx.into_values();
    finish_groups(scheme, out);
}

/// The outcome of one leaf indicator of a report, the others left alone: for a checker
/// that probes a single rule with a constructed report. A group (no leaf) gives `None`.
pub fn evaluate_leaf(scheme: &Scheme, report: &Report, node: NodeId) -> Option<NodeOutcome> {
    let n = scheme.nodes.get(node.0 as usize)?;
    let leaf = n.leaf.as_ref()?;
    let mut cx = expr::Cx::with_memo(scheme, report, vec![None; scheme.values.len()]);
    Some(rules::leaf(&mut cx, leaf, n.weight))
}

/// A report scored, with the table it was scored on: a renderer needs nothing else, and
/// never has to know whether the table was a form filled with the report's rows.
#[derive(Debug, Clone)]
pub struct Scored<'s> {
    /// The table the report was scored on.
    pub scheme: Cow<'s, Scheme>,
    /// The report, laid out for that table.
    pub report: Report,
    /// The scores and ledgers.
    pub outcome: Outcome,
}

/// A group's outcome before its children are summed.
const GROUP: NodeOutcome = NodeOutcome {
    status: Status::Scored,
    score: None,
    missing: Vec::new(),
    ledger: Ledger::EMPTY,
};

/// One empty outcome per indicator.
fn reset_nodes(scheme: &Scheme, out: &mut Outcome) {
    out.nodes.clear();
    out.nodes.resize(scheme.nodes.len(), GROUP);
}

/// Groups from their children, bottom-up, then the total and the grade.
fn finish_groups(scheme: &Scheme, out: &mut Outcome) {
    let nodes = &mut out.nodes;
    // Children come after their parent in depth-first order.
    for i in (0..scheme.nodes.len()).rev() {
        let n = &scheme.nodes[i];
        if n.leaf.is_some() {
            continue;
        }
        let mut sum = Decimal::ZERO;
        let mut missing: Vec<InputId> = Vec::new();
        let mut any = n.children.is_empty();
        for c in &n.children {
            let co = &nodes[c.0 as usize];
            if let Some(s) = co.score {
                sum += s;
                any = true;
            }
            for m in &co.missing {
                if !missing.contains(m) {
                    missing.push(*m);
                }
            }
        }
        let g = &mut nodes[i];
        g.score = Some(round(sum, scheme.places));
        g.missing = missing;
        if n.unfilled() || !any {
            // A category of a form that got no rows, or whose indicators are all unscored:
            // nothing to score, and not zero.
            g.status = Status::MissingInput;
            g.score = None;
        }
    }
    let mut total = Decimal::ZERO;
    let mut complete = true;
    for (n, o) in scheme.nodes.iter().zip(nodes.iter()) {
        if n.leaf.is_some() || n.unfilled() {
            match o.score {
                Some(s) => total += s,
                None => complete = false,
            }
        }
    }
    out.grade = grade_of(scheme, total, complete);
    out.total = total;
    out.complete = complete;
}

/// The grade a total falls in; none while data is incomplete.
fn grade_of(scheme: &Scheme, total: Decimal, complete: bool) -> Option<usize> {
    if complete {
        scheme.grades.iter().position(|g| g.range.contains(total))
    } else {
        None
    }
}

/// Applies floor and cap, then rounds.
fn finish(
    ledger: &mut Ledger,
    raw: Decimal,
    floor: Decimal,
    weight: Decimal,
    places: u32,
    rounding: crate::base::number::Rounding,
) -> Decimal {
    ledger.raw = Some(raw);
    let clamped = if raw < floor {
        ledger.clamp = Clamp::Floor;
        floor
    } else if raw > weight {
        ledger.clamp = Clamp::Cap;
        weight
    } else {
        raw
    };
    rounding.round(clamped, places)
}

/// The outcome of a special case.
fn case_score(o: CaseOutcome, weight: Decimal) -> Decimal {
    match o {
        CaseOutcome::NotApplicable | CaseOutcome::Full => weight,
        CaseOutcome::Points(p) => p,
    }
}
