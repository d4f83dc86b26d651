//! A checked scheme compiled for scoring many reports: every formula becomes straight-line
//! code over registers (inputs, constants, derived values and temporaries by index,
//! constants already scaled), run on a register file that is reused from report to report.
//! No names, no stack, no allocation per report on the common path.
//!
//! The same code gives totals ([`Program::totals`]) and the full ledger
//! ([`super::evaluate`]); both apply rules through the same `rules::apply`. A fault (a
//! missing input, a zero divisor, an overflow) makes a register empty; an empty register
//! makes its leaf unscored. The ledger then asks the tree evaluator for that one leaf, which
//! names the fault exactly (which inputs, which divisor); faults are rare, so this costs
//! nothing on the common path.
//!
//! Values are computed only where the path taken reads them, as the tree evaluator does: a
//! value read in one place is compiled inline there; a value read in several places gets its
//! own code, run once per report on first use.
//!
//! Arithmetic: as in the tree walk, formulas are checked and totals are sums of scores within
//! ±[`MAX_POINTS`](crate::check::MAX_POINTS), which cannot overflow.

use std::sync::atomic::{AtomicU64, Ordering};

use rust_decimal::Decimal;

use super::expr::{Cx, Val};
use super::rules;
use super::{case_score, grade_of, Outcome, Totals};
use crate::base::source::Span;
use crate::ir::{CaseOutcome, InputId, Rule, Scheme, Subject, Ty, ValueId};
use crate::report::{InputValue, Report};
use crate::syntax::ast::BinOp;

mod build;
mod machine;

use build::Builder;
use machine::{truth, Machine};

/// A register: an input, a constant, a value or a temporary. `None` after a fault.
type Reg = Option<Decimal>;

/// A register's index.
type R = u32;

/// One instruction: `d` is where the result goes.
#[derive(Debug, Clone, Copy)]
enum Ins {
    Add(R, R, R),
    Sub(R, R, R),
    Mul(R, R, R),
    Div(R, R, R),
    Lt(R, R, R),
    Le(R, R, R),
    Gt(R, R, R),
    Ge(R, R, R),
    Eq(R, R, R),
    Ne(R, R, R),
    /// `a op 0`: a sign test, no comparison of decimals.
    Zero(R, R, BinOp),
    Min(R, R, R),
    Max(R, R, R),
    /// `d = a` when `b` holds a value (the further arguments of 绝对值 must compute).
    Keep(R, R, R),
    Neg(R, R),
    Abs(R, R),
    Not(R, R),
    /// `d = a` as a truth value (1 or 0).
    Truth(R, R),
    Move(R, R),
    /// `且`: when `a` is false or empty, `d = a` as a truth value and jump to `end`.
    And {
        d: R,
        a: R,
        end: u32,
    },
    /// `或`: when `a` is true or empty, `d = a` as a truth value and jump to `end`.
    Or {
        d: R,
        a: R,
        end: u32,
    },
    /// `若`: when `c` is empty, `d` is empty and jump to `end`; false: jump to `otherwise`.
    Branch {
        d: R,
        c: R,
        otherwise: u32,
        end: u32,
    },
    Jump(u32),
    /// Runs a shared value's code unless it already ran for this report.
    Shared(u32),
    /// Notes that a value was computed for this report (for the ledger's values).
    Computed(u32),
}

/// A run of instructions: `code[start..end]`.
#[derive(Debug, Clone, Copy, Default)]
struct Block {
    start: u32,
    end: u32,
}

/// A special case: its condition and its (already rounded) score.
#[derive(Debug, Clone)]
struct CaseCode {
    cond: Block,
    reg: R,
    score: Decimal,
    not_applicable: bool,
}

/// What a leaf's rule reads.
#[derive(Debug, Clone, Copy)]
enum Read {
    /// A number computed into a register.
    Num(Block, R),
    /// The raw value of a checklist, tier or reviewer input.
    Raw(InputId),
    /// Nothing (a rule without a subject).
    Zero,
}

#[derive(Debug, Clone)]
struct LeafCode {
    /// The indicator's index.
    node: u32,
    weight: Decimal,
    cases: Vec<CaseCode>,
    read: Read,
    rule: Rule,
    rule_span: Span,
    /// A threshold rule's score on the good side of the threshold (nothing deducted), when
    /// the floor does not exceed the points: the rule need not run there.
    untouched: Option<Decimal>,
}

/// A checked scheme as code (what [`Program`] runs).
#[derive(Debug)]
struct Code {
    /// Tells register files apart: a [`Scratch`] set up for other code sets itself up again.
    id: u64,
    code: Vec<Ins>,
    /// The register file at the start of a report: constants filled in, the rest empty.
    init: Vec<Reg>,
    inputs: u32,
    /// The code of each value read in several places, run once per report on first use.
    shared: Vec<Block>,
    leaves: Vec<LeafCode>,
    /// The register of each value (for the ledger's values), by value id.
    value_regs: Vec<Option<R>>,
    places: u32,
    /// How scores are rounded there.
    rounding: crate::base::number::Rounding,
    /// Categories of a form left without rows: the total is never complete.
    unfilled: bool,
}

/// A checked scheme compiled for scoring many reports: the scheme and its code.
///
/// Build one per scheme and keep it for a batch: compiling costs about as much as scoring a
/// few dozen reports. It scores exactly its own scheme; a form filled with one report's rows
/// is a scheme of its own, scored once by [`super::evaluate`].
#[derive(Debug)]
pub struct Program {
    scheme: Scheme,
    code: Code,
}

/// The registers of one report, reused for the next.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Which code the registers were set up for.
    id: u64,
    regs: Vec<Reg>,
    /// Shared values run for this report.
    ran: Vec<bool>,
    /// Values computed for this report.
    computed: Vec<bool>,
    /// The tree evaluator's memo, for leaves with a fault.
    memo: Vec<Option<Result<Val, super::Fault>>>,
}

impl Program {
    /// Compiles a checked scheme.
    pub fn new(scheme: Scheme) -> Self {
        let code = Code::new(&scheme);
        Program { scheme, code }
    }

    /// The scheme this program scores.
    pub fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    /// The scheme back, without its code.
    pub fn into_scheme(self) -> Scheme {
        self.scheme
    }

    /// Scores a report read against this program's scheme: the same outcome, ledger for
    /// ledger, as [`super::evaluate`] gives.
    pub fn evaluate(&self, report: &Report) -> Outcome {
        let mut out = Outcome::default();
        self.evaluate_into(report, &mut out);
        out
    }

    /// [`Program::evaluate`] into an outcome from an earlier report, reusing its buffers: a
    /// batch keeps its ledgers without allocating per report on the common path. A leaf whose
    /// formulas fault is handed to the tree evaluator, which names the fault.
    pub fn evaluate_into(&self, report: &Report, out: &mut Outcome) {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.code.ledger(&self.scheme, report, &mut s, out),
            // Only if evaluation were re-entered on this thread: fresh registers.
            Err(_) => self
                .code
                .ledger(&self.scheme, report, &mut Scratch::default(), out),
        });
        super::finish_groups(&self.scheme, out);
    }

    /// The report's total, completeness and grade, without the ledger: the same as
    /// [`Program::evaluate`] gives.
    pub fn totals(&self, report: &Report, scratch: &mut Scratch) -> Totals {
        let code = &self.code;
        let mut m = code.machine(report, scratch);
        let mut total = Decimal::ZERO;
        let mut complete = !code.unfilled;
        for l in &code.leaves {
            match m.score(l) {
                Some(s) => total += s,
                None => complete = false,
            }
        }
        // Each score is rounded to the scheme's places; the sum is written with them.
        total.rescale(code.places);
        Totals {
            total,
            complete,
            grade: grade_of(&self.scheme, total, complete),
        }
    }
}

thread_local! {
    /// Registers for [`Program::evaluate`], one set per thread.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Code {
    /// Compiles a checked scheme.
    fn new(scheme: &Scheme) -> Self {
        let mut b = Builder::new(scheme);
        // Shared values first: their code goes before any leaf's.
        for v in 0..scheme.values.len() {
            if b.shared_index[v].is_some() {
                b.shared_value(ValueId(v as u32));
            }
        }
        let mut leaves = Vec::new();
        for (i, n) in scheme.nodes.iter().enumerate() {
            let Some(leaf) = &n.leaf else { continue };
            let places = scheme.places;
            let cases = leaf
                .cases
                .iter()
                .map(|c| {
                    let (cond, reg) = b.block(|b| b.expr(&c.cond));
                    CaseCode {
                        cond,
                        reg,
                        score: scheme
                            .rounding
                            .round(case_score(c.outcome, n.weight), places),
                        not_applicable: c.outcome == CaseOutcome::NotApplicable,
                    }
                })
                .collect();
            let read = match &leaf.rule {
                Rule::Checklist { input, .. }
                | Rule::Tiers { input, .. }
                | Rule::Reviewer { input } => Read::Raw(*input),
                _ => match leaf.subject {
                    Some(Subject::Value(v)) => {
                        let (block, reg) = b.block(|b| b.value(v));
                        Read::Num(block, reg)
                    }
                    Some(Subject::Input(i)) => Read::Num(Block::default(), i.0),
                    None => Read::Zero,
                },
            };
            leaves.push(LeafCode {
                node: i as u32,
                weight: n.weight,
                cases,
                read,
                rule: leaf.rule.clone(),
                rule_span: leaf.rule_span,
                untouched: match &leaf.rule {
                    Rule::Threshold(t) if t.floor <= n.weight => {
                        Some(scheme.rounding.round(n.weight, places))
                    }
                    _ => None,
                },
            });
        }
        Code {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            code: b.code,
            init: b.regs,
            inputs: scheme.inputs.len() as u32,
            shared: b.shared,
            leaves,
            value_regs: b.value_regs,
            places: scheme.places,
            rounding: scheme.rounding,
            unfilled: scheme.nodes.iter().any(crate::ir::Node::unfilled),
        }
    }

    /// Registers set up for this code and loaded with the report's inputs.
    fn machine<'a>(&'a self, report: &'a Report, s: &'a mut Scratch) -> Machine<'a> {
        if s.id != self.id {
            s.id = self.id;
            s.regs.clone_from(&self.init);
            s.ran = vec![false; self.shared.len()];
            s.computed = vec![false; self.value_regs.len()];
        } else {
            s.ran.fill(false);
            s.computed.fill(false);
        }
        for (i, r) in s.regs.iter_mut().take(self.inputs as usize).enumerate() {
            *r = match report.inputs.get(i).and_then(Option::as_ref) {
                None => None,
                Some(InputValue::Num(d)) => Some(*d),
                Some(InputValue::Bool(b)) => Some(truth(*b)),
                Some(InputValue::Review { score, .. }) => Some(*score),
                // INVARIANT: the checker rejects checklists and tiers in formulas.
                Some(InputValue::Set(_) | InputValue::Level(_)) => Some(Decimal::ZERO),
            };
        }
        Machine {
            code: self,
            report,
            regs: &mut s.regs,
            ran: &mut s.ran,
            computed: &mut s.computed,
        }
    }

    /// The ledger of every leaf and the values computed, into `out`.
    fn ledger(&self, scheme: &Scheme, report: &Report, s: &mut Scratch, out: &mut Outcome) {
        // The tree evaluator's memo, for leaves with a fault: allocated once per thread.
        let mut memo = std::mem::take(&mut s.memo);
        let mut tree: Option<Cx<'_>> = None;
        let mut tree_cx = || {
            let mut memo = std::mem::take(&mut memo);
            memo.clear();
            memo.resize(scheme.values.len(), None);
            Cx::with_memo(scheme, report, memo)
        };
        let mut m = self.machine(report, s);
        let nodes = &mut out.nodes;
        nodes.clear();
        nodes.reserve(scheme.nodes.len());
        let mut leaves = self.leaves.iter().peekable();
        for (i, n) in scheme.nodes.iter().enumerate() {
            let (Some(leaf), Some(l)) = (&n.leaf, leaves.next_if(|l| l.node as usize == i)) else {
                nodes.push(super::GROUP);
                continue;
            };
            nodes.push(super::GROUP);
            let Some(o) = nodes.last_mut() else { continue };
            if !m.ledger(l, o) {
                // A fault: the tree evaluator names it.
                *o = rules::leaf(tree.get_or_insert_with(&mut tree_cx), leaf, n.weight);
            }
        }
        let values = &mut out.values;
        values.clear();
        values.reserve(self.value_regs.len());
        for (v, reg) in self.value_regs.iter().enumerate() {
            let from_tree = tree.as_ref().and_then(|cx| cx.memo(ValueId(v as u32)));
            let here = if m.computed[v] {
                reg.and_then(|r| m.regs[r as usize])
            } else {
                None
            };
            values.push(match (here, from_tree) {
                (Some(d), _) => Some(Ok(if scheme.values[v].expr.ty == Ty::Bool {
                    Val::Bool(!d.is_zero())
                } else {
                    Val::Num(d)
                })),
                (None, Some(r)) => Some(r),
                (None, None) if m.computed[v] => {
                    // Computed with a fault, on a leaf the tree evaluator did not see.
                    let cx = tree.get_or_insert_with(&mut tree_cx);
                    Some(cx.value(ValueId(v as u32)))
                }
                (None, None) => None,
            });
        }
        s.memo = match tree {
            Some(cx) => cx.into_values(),
            None => memo,
        };
    }
}
