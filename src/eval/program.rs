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

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

use rust_decimal::{Decimal, RoundingStrategy};

use super::expr::{Cx, Val};
use super::rules::{self, Operand};
use super::{case_score, finish, grade_of, NodeOutcome, Outcome, Status, Totals};
use crate::base::quantity::round;
use crate::ir::{CaseOutcome, Expr, ExprKind, InputId, Rule, Scheme, Subject, Ty, ValueId};
use crate::report::{InputValue, Report};
use crate::base::source::Span;
use crate::syntax::ast::{BinOp, Func};

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

/// A checked scheme as code. It holds no reference to the scheme, so a scheme keeps its own
/// (see [`Scheme::code`]).
#[derive(Debug)]
pub struct Code {
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
    /// Categories of a form left without rows: the total is never complete.
    unfilled: bool,
}

/// A scheme's compiled code, built on first use. A copy of the scheme starts without: it may
/// be changed (a form filled with a report's rows is a copy).
#[derive(Debug, Default)]
pub struct CodeCell(OnceLock<Code>);

impl Clone for CodeCell {
    fn clone(&self) -> Self {
        CodeCell::default()
    }
}

impl Scheme {
    /// The scheme compiled for scoring, built once and kept.
    pub fn code(&self) -> &Code {
        self.code.0.get_or_init(|| Code::new(self))
    }
}

/// A scheme compiled for totals.
pub struct Program<'s> {
    scheme: &'s Scheme,
    code: &'s Code,
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
    /// For reports a compiled program does not cover (forms filled with their rows).
    fallback: super::Workspace,
}

impl<'s> Program<'s> {
    /// The compiled form of a checked scheme (compiled once per scheme and kept).
    pub fn new(scheme: &'s Scheme) -> Self {
        Program {
            scheme,
            code: scheme.code(),
        }
    }

    /// The report's total, completeness and grade: the same as [`super::evaluate`] gives.
    pub fn totals(&self, report: &Report, scratch: &mut Scratch) -> Totals {
        if report.filled.is_some() {
            // A form filled with this report's rows is a scheme of its own.
            return super::totals(self.scheme, report, &mut scratch.fallback);
        }
        let code = self.code;
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
            grade: grade_of(self.scheme, total, complete),
        }
    }
}

thread_local! {
    /// Registers for [`super::evaluate`], one set per thread.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The leaves' outcomes and the values, as the tree evaluator gives them, into `out` (groups
/// and totals are the caller's).
pub(super) fn ledger(scheme: &Scheme, report: &Report, out: &mut Outcome) {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => scheme.code().ledger(scheme, report, &mut s, out),
        // Only if evaluation were re-entered on this thread: fresh registers.
        Err(_) => scheme
            .code()
            .ledger(scheme, report, &mut Scratch::default(), out),
    });
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Code {
    /// Compiles a checked scheme.
    pub fn new(scheme: &Scheme) -> Self {
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
                        score: round(case_score(c.outcome, n.weight), places),
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
                    Rule::Threshold(t) if t.floor <= n.weight => Some(round(n.weight, places)),
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

fn truth(b: bool) -> Decimal {
    if b {
        Decimal::ONE
    } else {
        Decimal::ZERO
    }
}

/// One report's run.
struct Machine<'a> {
    code: &'a Code,
    report: &'a Report,
    regs: &'a mut Vec<Reg>,
    ran: &'a mut Vec<bool>,
    computed: &'a mut Vec<bool>,
}

impl Machine<'_> {
    /// What the leaf's rule reads, after its special cases: `Err(score)` when a case decided,
    /// `Ok(None)` on a fault.
    #[inline(always)]
    fn read(&mut self, l: &LeafCode) -> Result<Option<Operand<'_>>, (usize, Decimal)> {
        for (i, c) in l.cases.iter().enumerate() {
            self.run(c.cond);
            match self.regs[c.reg as usize] {
                None => return Ok(None),
                Some(t) if !t.is_zero() => return Err((i, c.score)),
                Some(_) => {}
            }
        }
        Ok(match l.read {
            Read::Num(block, reg) => {
                self.run(block);
                self.regs[reg as usize].map(Operand::Num)
            }
            Read::Raw(i) => self
                .report
                .inputs
                .get(i.0 as usize)
                .and_then(Option::as_ref)
                .map(Operand::Raw),
            Read::Zero => Some(Operand::Num(Decimal::ZERO)),
        })
    }

    /// A leaf's score rounded (not yet written with the scheme's places), or `None` when a
    /// fault leaves it unscored.
    fn score(&mut self, l: &LeafCode) -> Option<Decimal> {
        let places = self.code.places;
        let x = match self.read(l) {
            Err((_, score)) => return Some(score),
            Ok(x) => x?,
        };
        if let (Some(full), Rule::Threshold(t), Operand::Num(v)) = (l.untouched, &l.rule, &x) {
            if t.untouched(*v) {
                return Some(full);
            }
        }
        let (raw, floor, _) = rules::apply(&l.rule, x, l.weight, l.rule_span).ok()?;
        let clamped = if raw < floor {
            floor
        } else if raw > l.weight {
            l.weight
        } else {
            raw
        };
        Some(clamped.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero))
    }

    /// A leaf's outcome with its ledger, written into `o` (a group's empty outcome); `false`
    /// on a fault in its formulas (the tree evaluator then says which).
    fn ledger(&mut self, l: &LeafCode, o: &mut NodeOutcome) -> bool {
        let x = match self.read(l) {
            Err((i, score)) => {
                o.ledger.case = Some(i);
                o.ledger.raw = Some(score);
                if l.cases[i].not_applicable {
                    o.status = Status::NotApplicable;
                }
                o.score = Some(score);
                return true;
            }
            Ok(None) => return false,
            Ok(Some(x)) => x,
        };
        o.ledger.subject = match x {
            Operand::Num(v) => Some(v),
            Operand::Raw(InputValue::Review { score, .. }) => Some(*score),
            Operand::Raw(_) => None,
        };
        match rules::apply(&l.rule, x, l.weight, l.rule_span) {
            Ok((raw, floor, detail)) => {
                o.ledger.detail = detail;
                o.score = Some(finish(
                    &mut o.ledger,
                    raw,
                    floor,
                    l.weight,
                    self.code.places,
                ));
            }
            Err(fault) => {
                o.status = Status::Error;
                o.ledger.fault = Some(fault);
            }
        }
        true
    }

    /// Runs a block of code.
    fn run(&mut self, block: Block) {
        let code = self.code;
        let mut pc = block.start as usize;
        let end = block.end as usize;
        while pc < end {
            // Borrowed afresh each time: a shared value's code runs on the same registers.
            let r = &mut **self.regs;
            let Some(ins) = code.code.get(pc) else { break };
            pc += 1;
            match *ins {
                Ins::Add(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_add)),
                Ins::Sub(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_sub)),
                Ins::Mul(d, a, b) => set(r, d, arith(r, a, b, Decimal::checked_mul)),
                Ins::Div(d, a, b) => set(
                    r,
                    d,
                    arith(
                        r,
                        a,
                        b,
                        |x, y| {
                            if y.is_zero() {
                                None
                            } else {
                                x.checked_div(y)
                            }
                        },
                    ),
                ),
                Ins::Lt(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x < y)),
                Ins::Le(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x <= y)),
                Ins::Gt(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x > y)),
                Ins::Ge(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x >= y)),
                Ins::Eq(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x == y)),
                Ins::Ne(d, a, b) => set(r, d, cmp(r, a, b, |x, y| x != y)),
                Ins::Zero(d, a, op) => set(r, d, get(r, a).map(|x| truth(zero_test(op, x)))),
                Ins::Min(d, a, b) => set(r, d, arith(r, a, b, |x, y| Some(x.min(y)))),
                Ins::Max(d, a, b) => set(r, d, arith(r, a, b, |x, y| Some(x.max(y)))),
                Ins::Keep(d, a, b) => set(r, d, arith(r, a, b, |x, _| Some(x))),
                Ins::Neg(d, a) => set(r, d, get(r, a).map(|x| -x)),
                Ins::Abs(d, a) => set(r, d, get(r, a).map(|x| x.abs())),
                Ins::Not(d, a) => set(r, d, get(r, a).map(|x| truth(x.is_zero()))),
                Ins::Truth(d, a) => set(r, d, get(r, a).map(|x| truth(!x.is_zero()))),
                Ins::Move(d, a) => set(r, d, get(r, a)),
                Ins::And { d, a, end } => match get(r, a) {
                    Some(x) if !x.is_zero() => {}
                    v => {
                        set(r, d, v.map(|_| Decimal::ZERO));
                        pc = end as usize;
                    }
                },
                Ins::Or { d, a, end } => match get(r, a) {
                    Some(x) if x.is_zero() => {}
                    v => {
                        set(r, d, v.map(|_| Decimal::ONE));
                        pc = end as usize;
                    }
                },
                Ins::Branch {
                    d,
                    c,
                    otherwise,
                    end,
                } => match get(r, c) {
                    Some(x) if !x.is_zero() => {}
                    Some(_) => pc = otherwise as usize,
                    None => {
                        set(r, d, None);
                        pc = end as usize;
                    }
                },
                Ins::Jump(to) => pc = to as usize,
                Ins::Shared(s) => {
                    let s = s as usize;
                    if !self.ran.get(s).copied().unwrap_or(true) {
                        self.ran[s] = true;
                        let block = code.shared[s];
                        self.run(block);
                    }
                }
                Ins::Computed(v) => {
                    if let Some(c) = self.computed.get_mut(v as usize) {
                        *c = true;
                    }
                }
            }
        }
    }
}

fn get(r: &[Reg], a: R) -> Reg {
    r.get(a as usize).copied().flatten()
}

fn set(r: &mut [Reg], d: R, v: Reg) {
    if let Some(slot) = r.get_mut(d as usize) {
        *slot = v;
    }
}

/// `x op 0` for a comparison.
fn zero_test(op: BinOp, x: Decimal) -> bool {
    let zero = x.is_zero();
    let negative = !zero && x.is_sign_negative();
    match op {
        BinOp::Eq => zero,
        BinOp::Ne => !zero,
        BinOp::Lt => negative,
        BinOp::Le => zero || negative,
        BinOp::Gt => !zero && !negative,
        BinOp::Ge => !negative,
        _ => false,
    }
}

/// A constant zero (or 否).
fn is_zero(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Num(d, _) => d.is_zero(),
        ExprKind::Bool(b) => !b,
        _ => false,
    }
}

#[inline(always)]
fn arith(r: &[Reg], a: R, b: R, f: impl Fn(Decimal, Decimal) -> Option<Decimal>) -> Reg {
    match (get(r, a), get(r, b)) {
        (Some(x), Some(y)) => f(x, y),
        _ => None,
    }
}

#[inline(always)]
fn cmp(r: &[Reg], a: R, b: R, f: impl Fn(&Decimal, &Decimal) -> bool) -> Reg {
    match (get(r, a), get(r, b)) {
        (Some(x), Some(y)) => Some(truth(f(&x, &y))),
        _ => None,
    }
}

/// Compiles formulas to register code.
struct Builder<'a> {
    scheme: &'a Scheme,
    code: Vec<Ins>,
    regs: Vec<Reg>,
    /// Constants already given a register, by their exact bits.
    consts: std::collections::HashMap<[u8; 16], R>,
    /// Shared values: their index among the shared, by value id.
    shared_index: Vec<Option<u32>>,
    shared: Vec<Block>,
    value_regs: Vec<Option<R>>,
}

impl<'a> Builder<'a> {
    fn new(scheme: &'a Scheme) -> Self {
        let mut uses = vec![0u32; scheme.values.len()];
        fn count(e: &Expr, uses: &mut [u32]) {
            if let ExprKind::Value(v) = &e.kind {
                if let Some(u) = uses.get_mut(v.0 as usize) {
                    *u += 1;
                }
            }
            e.for_each_child(|c| count(c, uses));
        }
        for v in &scheme.values {
            count(&v.expr, &mut uses);
        }
        for n in &scheme.nodes {
            let Some(leaf) = &n.leaf else { continue };
            for c in &leaf.cases {
                count(&c.cond, &mut uses);
            }
            if let Some(Subject::Value(v)) = leaf.subject {
                if let Some(u) = uses.get_mut(v.0 as usize) {
                    *u += 1;
                }
            }
        }
        let mut shared_index = vec![None; scheme.values.len()];
        let mut n = 0;
        for (v, u) in uses.iter().enumerate() {
            if *u > 1 {
                shared_index[v] = Some(n);
                n += 1;
            }
        }
        // Inputs take the first registers, in input order.
        let regs = vec![None; scheme.inputs.len()];
        let mut b = Builder {
            scheme,
            code: Vec::new(),
            regs,
            consts: std::collections::HashMap::new(),
            shared_index,
            shared: vec![Block::default(); n as usize],
            value_regs: vec![None; scheme.values.len()],
        };
        // Shared values' result registers, known before any code reads them.
        for v in 0..scheme.values.len() {
            if b.shared_index[v].is_some() {
                b.value_regs[v] = Some(b.temp());
            }
        }
        b
    }

    fn temp(&mut self) -> R {
        self.regs.push(None);
        (self.regs.len() - 1) as R
    }

    fn constant(&mut self, d: Decimal) -> R {
        // The same number written the same way shares a register.
        let key = d.serialize();
        if let Some(r) = self.consts.get(&key) {
            return *r;
        }
        self.regs.push(Some(d));
        let r = (self.regs.len() - 1) as R;
        self.consts.insert(key, r);
        r
    }

    fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Code emitted by `f` as a block, with the register `f` leaves its result in.
    fn block(&mut self, f: impl FnOnce(&mut Self) -> R) -> (Block, R) {
        let start = self.here();
        let r = f(self);
        (
            Block {
                start,
                end: self.here(),
            },
            r,
        )
    }

    /// A shared value's own code.
    fn shared_value(&mut self, v: ValueId) {
        let Some(s) = self.shared_index[v.0 as usize] else {
            return;
        };
        let Some(dst) = self.value_regs[v.0 as usize] else {
            return;
        };
        let scheme = self.scheme;
        let (mut block, r) = self.block(|b| b.expr(&scheme.value(v).expr));
        self.code.push(Ins::Move(dst, r));
        self.code.push(Ins::Computed(v.0));
        block.end = self.here();
        self.shared[s as usize] = block;
    }

    /// A value where it is read.
    fn value(&mut self, v: ValueId) -> R {
        let i = v.0 as usize;
        if self.shared_index[i].is_some() {
            let s = self.shared_index[i].unwrap_or(0);
            self.code.push(Ins::Shared(s));
            return self.value_regs[i].unwrap_or(0);
        }
        // Read once: inline.
        let scheme = self.scheme;
        let r = self.expr(&scheme.value(v).expr);
        self.value_regs[i] = Some(r);
        self.code.push(Ins::Computed(v.0));
        r
    }

    /// Code for `e`; returns the register holding its result.
    fn expr(&mut self, e: &Expr) -> R {
        match &e.kind {
            ExprKind::Num(d, _) => self.constant(*d),
            ExprKind::Bool(b) => self.constant(truth(*b)),
            ExprKind::Input(i) => i.0,
            ExprKind::Value(v) => self.value(*v),
            ExprKind::Neg(x) => {
                let a = self.expr(x);
                let d = self.temp();
                self.code.push(Ins::Neg(d, a));
                d
            }
            ExprKind::Not(x) => {
                let a = self.expr(x);
                let d = self.temp();
                self.code.push(Ins::Not(d, a));
                d
            }
            ExprKind::Convert(x, f) => {
                let a = self.expr(x);
                let f = self.constant(*f);
                let d = self.temp();
                self.code.push(Ins::Mul(d, a, f));
                d
            }
            ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
                let a = self.expr(l);
                let d = self.temp();
                let at = self.code.len();
                self.code.push(Ins::Jump(0));
                let b = self.expr(r);
                self.code.push(Ins::Truth(d, b));
                let end = self.here();
                self.code[at] = if *op == BinOp::And {
                    Ins::And { d, a, end }
                } else {
                    Ins::Or { d, a, end }
                };
                d
            }
            ExprKind::Binary(
                op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge),
                l,
                r,
            ) if is_zero(r) => {
                let a = self.expr(l);
                let d = self.temp();
                self.code.push(Ins::Zero(d, a, *op));
                d
            }
            ExprKind::Binary(op, l, r) => {
                let a = self.expr(l);
                let b = self.expr(r);
                let d = self.temp();
                self.code.push(match op {
                    BinOp::Add => Ins::Add(d, a, b),
                    BinOp::Sub => Ins::Sub(d, a, b),
                    BinOp::Mul => Ins::Mul(d, a, b),
                    BinOp::Div => Ins::Div(d, a, b),
                    BinOp::Lt => Ins::Lt(d, a, b),
                    BinOp::Le => Ins::Le(d, a, b),
                    BinOp::Gt => Ins::Gt(d, a, b),
                    BinOp::Ge => Ins::Ge(d, a, b),
                    BinOp::Eq => Ins::Eq(d, a, b),
                    BinOp::Ne => Ins::Ne(d, a, b),
                    // Handled above.
                    BinOp::And | BinOp::Or => Ins::Move(d, a),
                });
                d
            }
            ExprKind::Call(f, args) => {
                let regs: Vec<R> = args.iter().map(|a| self.expr(a)).collect();
                let Some((&first, rest)) = regs.split_first() else {
                    return self.constant(Decimal::ZERO);
                };
                let d = self.temp();
                self.code.push(Ins::Move(d, first));
                for &a in rest {
                    self.code.push(match f {
                        Func::Min => Ins::Min(d, d, a),
                        Func::Max => Ins::Max(d, d, a),
                        Func::Abs => Ins::Keep(d, d, a),
                    });
                }
                if *f == Func::Abs {
                    self.code.push(Ins::Abs(d, d));
                }
                d
            }
            ExprKind::If(c, t, f) => {
                let c = self.expr(c);
                let d = self.temp();
                let at = self.code.len();
                self.code.push(Ins::Jump(0));
                let t = self.expr(t);
                self.code.push(Ins::Move(d, t));
                let jump = self.code.len();
                self.code.push(Ins::Jump(0));
                let otherwise = self.here();
                let f = self.expr(f);
                self.code.push(Ins::Move(d, f));
                let end = self.here();
                self.code[at] = Ins::Branch {
                    d,
                    c,
                    otherwise,
                    end,
                };
                self.code[jump] = Ins::Jump(end);
                d
            }
        }
    }
}
