//! Exact interval sets over decimals: the values a quantity can take.
//!
//! A [`Set`] is a sorted union of disjoint intervals whose ends are exact decimals (or infinite),
//! each included or not. Arithmetic is sound: the result contains every value the operation can
//! produce from members of its operands (an inexact quotient widens its bound by one unit in
//! the last place). A set may be *integral*: then it holds only whole numbers and its ends are
//! tightened to them, so `(89, 90)` of a head count is empty.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use crate::ir::Range;

/// A point of the extended line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum X {
    NegInf,
    Fin(Decimal),
    PosInf,
}

impl X {
    fn rank(self) -> (i8, Decimal) {
        match self {
            X::NegInf => (-1, Decimal::ZERO),
            X::Fin(v) => (0, v),
            X::PosInf => (1, Decimal::ZERO),
        }
    }

    fn sign(self) -> i8 {
        match self {
            X::NegInf => -1,
            X::PosInf => 1,
            X::Fin(v) if v.is_sign_negative() && !v.is_zero() => -1,
            X::Fin(v) if v.is_zero() => 0,
            X::Fin(_) => 1,
        }
    }

    fn inf(sign: i8) -> X {
        if sign < 0 {
            X::NegInf
        } else {
            X::PosInf
        }
    }
}

impl PartialOrd for X {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for X {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// An end of an interval as a candidate bound: a point and whether it is attained.
#[derive(Debug, Clone, Copy)]
struct E {
    x: X,
    closed: bool,
}

impl E {
    fn of_lo(i: &Interval) -> E {
        match i.lo {
            Some((v, c)) => E {
                x: X::Fin(v),
                closed: c,
            },
            None => E {
                x: X::NegInf,
                closed: false,
            },
        }
    }

    fn of_hi(i: &Interval) -> E {
        match i.hi {
            Some((v, c)) => E {
                x: X::Fin(v),
                closed: c,
            },
            None => E {
                x: X::PosInf,
                closed: false,
            },
        }
    }
}

/// The smallest of candidate lower ends (attained wins a tie).
fn lowest(cands: &[E]) -> E {
    let mut best = cands[0];
    for c in &cands[1..] {
        if c.x < best.x || (c.x == best.x && c.closed) {
            best = *c;
        }
    }
    best
}

/// The largest of candidate upper ends (attained wins a tie).
fn highest(cands: &[E]) -> E {
    let mut best = cands[0];
    for c in &cands[1..] {
        if c.x > best.x || (c.x == best.x && c.closed) {
            best = *c;
        }
    }
    best
}

/// One unit in the last place of `v`, for widening an inexact result.
fn ulp(v: Decimal) -> Decimal {
    Decimal::new(1, v.scale())
}

/// One interval; `None` ends are infinite. Ends carry (value, included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// Lower end.
    pub lo: Option<(Decimal, bool)>,
    /// Upper end.
    pub hi: Option<(Decimal, bool)>,
}

impl Interval {
    /// The whole line.
    pub const ALL: Interval = Interval { lo: None, hi: None };

    /// `[v, v]`.
    pub fn point(v: Decimal) -> Interval {
        Interval {
            lo: Some((v, true)),
            hi: Some((v, true)),
        }
    }

    fn from_ends(lo: E, hi: E) -> Interval {
        Interval {
            lo: match lo.x {
                X::Fin(v) => Some((v, lo.closed)),
                _ => None,
            },
            hi: match hi.x {
                X::Fin(v) => Some((v, hi.closed)),
                _ => None,
            },
        }
    }

    /// A simple member to show as an example (see [`Set::example`]).
    pub fn example(&self, unit: Decimal) -> Decimal {
        example_in(self, unit)
    }

    /// Whether no value lies in it.
    pub fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some((l, lc)), Some((h, hc))) => l > h || (l == h && !(lc && hc)),
            _ => false,
        }
    }

    /// Whether `v` lies in it.
    pub fn contains(&self, v: Decimal) -> bool {
        let lo_ok = match self.lo {
            None => true,
            Some((l, true)) => v >= l,
            Some((l, false)) => v > l,
        };
        let hi_ok = match self.hi {
            None => true,
            Some((h, true)) => v <= h,
            Some((h, false)) => v < h,
        };
        lo_ok && hi_ok
    }

    fn intersect(&self, o: &Interval) -> Interval {
        let lo = match (self.lo, o.lo) {
            (None, x) | (x, None) => x,
            (Some((a, ac)), Some((b, bc))) => Some(match a.cmp(&b) {
                Ordering::Greater => (a, ac),
                Ordering::Less => (b, bc),
                Ordering::Equal => (a, ac && bc),
            }),
        };
        let hi = match (self.hi, o.hi) {
            (None, x) | (x, None) => x,
            (Some((a, ac)), Some((b, bc))) => Some(match a.cmp(&b) {
                Ordering::Less => (a, ac),
                Ordering::Greater => (b, bc),
                Ordering::Equal => (a, ac && bc),
            }),
        };
        Interval { lo, hi }
    }

    /// Whether `self` ends before `o` begins with no point between that joins them.
    fn before_disjoint(&self, o: &Interval) -> bool {
        match (self.hi, o.lo) {
            (Some((h, hc)), Some((l, lc))) => h < l || (h == l && !hc && !lc),
            _ => false,
        }
    }

    /// Whole numbers only: ends tightened to integers (`(0.5, 3)` → `[1, 2]`).
    fn tighten(self) -> Interval {
        let lo = self.lo.map(|(v, c)| {
            let t = v.ceil();
            if t == v && !c {
                (t.saturating_add(Decimal::ONE), true)
            } else {
                (t, true)
            }
        });
        let hi = self.hi.map(|(v, c)| {
            let t = v.floor();
            if t == v && !c {
                (t.saturating_sub(Decimal::ONE), true)
            } else {
                (t, true)
            }
        });
        Interval { lo, hi }
    }
}

impl From<Range> for Interval {
    fn from(r: Range) -> Self {
        Interval { lo: r.lo, hi: r.hi }
    }
}

/// At most this many pieces are kept; beyond it neighbouring pieces are merged (soundly).
const MAX_PARTS: usize = 32;

/// A union of intervals, possibly of whole numbers only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Set {
    parts: Vec<Interval>,
    int: bool,
}

impl Set {
    /// No value.
    pub fn empty() -> Set {
        Set {
            parts: Vec::new(),
            int: false,
        }
    }

    /// Every decimal.
    pub fn all() -> Set {
        Set {
            parts: vec![Interval::ALL],
            int: false,
        }
    }

    /// One value.
    pub fn point(v: Decimal) -> Set {
        Set {
            parts: vec![Interval::point(v)],
            int: v.fract().is_zero(),
        }
    }

    /// One interval (`int`: whole numbers only).
    pub fn interval(i: Interval, int: bool) -> Set {
        Set::from_parts(vec![i], int)
    }

    /// A declared range (`int`: whole numbers only).
    pub fn range(r: Range, int: bool) -> Set {
        Set::interval(r.into(), int)
    }

    /// `[0, ∞)`.
    pub fn non_negative(int: bool) -> Set {
        Set::range(Range::non_negative(), int)
    }

    fn from_parts(mut parts: Vec<Interval>, int: bool) -> Set {
        if int {
            parts = parts.into_iter().map(Interval::tighten).collect();
        }
        parts.retain(|p| !p.is_empty());
        if parts.len() < 2 {
            // Nothing to order or join (the commonest case).
            return Set { parts, int };
        }
        parts.sort_by(|a, b| {
            let la = E::of_lo(a);
            let lb = E::of_lo(b);
            la.x.cmp(&lb.x).then(lb.closed.cmp(&la.closed))
        });
        let mut out: Vec<Interval> = Vec::with_capacity(parts.len());
        for p in parts {
            if let Some(last) = out.last_mut() {
                let joins = !last.before_disjoint(&p)
                    || (int
                        && matches!((last.hi, p.lo), (Some((h, _)), Some((l, _))) if l.checked_sub(h) == Some(Decimal::ONE)));
                if joins {
                    if E::of_hi(&p).x > E::of_hi(last).x
                        || (E::of_hi(&p).x == E::of_hi(last).x && E::of_hi(&p).closed)
                    {
                        last.hi = p.hi;
                    }
                    continue;
                }
            }
            out.push(p);
        }
        while out.len() > MAX_PARTS {
            // Merge the two closest neighbours into one piece (a sound over-approximation).
            let i = out.len() - 2;
            let hi = out[i + 1].hi;
            out[i].hi = hi;
            out.remove(i + 1);
        }
        Set { parts: out, int }
    }

    /// Its pieces, in order.
    pub fn parts(&self) -> &[Interval] {
        &self.parts
    }

    /// Whether it holds only whole numbers.
    pub fn is_int(&self) -> bool {
        self.int
    }

    /// The same values, marked as whole numbers (ends tightened).
    pub fn integral(&self) -> Set {
        Set::from_parts(self.parts.clone(), true)
    }

    /// Whether it holds no value.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether `v` is a member.
    pub fn contains(&self, v: Decimal) -> bool {
        (!self.int || v.fract().is_zero()) && self.parts.iter().any(|p| p.contains(v))
    }

    /// The single value it holds, if it holds exactly one.
    pub fn as_point(&self) -> Option<Decimal> {
        match self.parts.as_slice() {
            [Interval {
                lo: Some((l, true)),
                hi: Some((h, true)),
            }] if l == h => Some(*l),
            _ => None,
        }
    }

    /// The smallest interval holding it (`None` when empty).
    pub fn hull(&self) -> Option<Interval> {
        let first = self.parts.first()?;
        let last = self.parts.last()?;
        Some(Interval {
            lo: first.lo,
            hi: last.hi,
        })
    }

    /// Its infimum: `None` when empty, `Some(None)` when unbounded below.
    pub fn lo(&self) -> Option<Option<(Decimal, bool)>> {
        self.parts.first().map(|p| p.lo)
    }

    /// Its supremum: `None` when empty, `Some(None)` when unbounded above.
    pub fn hi(&self) -> Option<Option<(Decimal, bool)>> {
        self.parts.last().map(|p| p.hi)
    }

    /// Members of both.
    pub fn intersect(&self, o: &Set) -> Set {
        let mut parts = Vec::new();
        for a in &self.parts {
            for b in &o.parts {
                let i = a.intersect(b);
                if !i.is_empty() {
                    parts.push(i);
                }
            }
        }
        Set::from_parts(parts, self.int || o.int)
    }

    /// Members of either.
    pub fn union(&self, o: &Set) -> Set {
        if self.is_empty() {
            return o.clone();
        }
        if o.is_empty() {
            return self.clone();
        }
        let mut parts = self.parts.clone();
        parts.extend_from_slice(&o.parts);
        Set::from_parts(parts, self.int && o.int)
    }

    /// Members of `self` not in `o`.
    pub fn minus(&self, o: &Set) -> Set {
        self.intersect(&o.complement())
    }

    /// Every decimal not in it (integrality is not kept: the complement of whole numbers is
    /// not a union of intervals).
    pub fn complement(&self) -> Set {
        let mut parts = Vec::new();
        let mut from: Option<(Decimal, bool)> = None;
        let mut open_start = true;
        for p in &self.parts {
            let gap = Interval {
                lo: if open_start { None } else { from },
                hi: p.lo.map(|(v, c)| (v, !c)),
            };
            if p.lo.is_some() && !gap.is_empty() {
                parts.push(gap);
            }
            match p.hi {
                Some((v, c)) => {
                    from = Some((v, !c));
                    open_start = false;
                }
                None => return Set::from_parts(parts, false),
            }
        }
        parts.push(Interval {
            lo: if open_start { None } else { from },
            hi: None,
        });
        Set::from_parts(parts, false)
    }

    /// `−x`.
    pub fn neg(&self) -> Set {
        let parts = self
            .parts
            .iter()
            .map(|p| Interval {
                lo: p.hi.map(|(v, c)| (-v, c)),
                hi: p.lo.map(|(v, c)| (-v, c)),
            })
            .collect();
        Set::from_parts(parts, self.int)
    }

    fn pairwise(&self, o: &Set, int: bool, f: impl Fn(&Interval, &Interval) -> Interval) -> Set {
        let mut parts = Vec::new();
        for a in &self.parts {
            for b in &o.parts {
                parts.push(f(a, b));
            }
        }
        Set::from_parts(parts, int)
    }

    /// `x + y` for every member pair.
    pub fn add(&self, o: &Set) -> Set {
        self.pairwise(o, self.int && o.int, |a, b| {
            let sum = |x: E, y: E, up: bool| -> E {
                let v = match (x.x, y.x) {
                    (X::Fin(p), X::Fin(q)) => match p.checked_add(q) {
                        Some(s) => X::Fin(s),
                        None => X::inf(if up { 1 } else { -1 }),
                    },
                    (X::Fin(_), inf) | (inf, _) => inf,
                };
                E {
                    x: v,
                    closed: x.closed && y.closed && matches!(v, X::Fin(_)),
                }
            };
            Interval::from_ends(
                sum(E::of_lo(a), E::of_lo(b), false),
                sum(E::of_hi(a), E::of_hi(b), true),
            )
        })
    }

    /// `x − y` for every member pair.
    pub fn sub(&self, o: &Set) -> Set {
        self.add(&o.neg())
    }

    /// `x × y` for every member pair.
    pub fn mul(&self, o: &Set) -> Set {
        self.pairwise(o, self.int && o.int, |a, b| {
            let ends = [
                (E::of_lo(a), E::of_lo(b)),
                (E::of_lo(a), E::of_hi(b)),
                (E::of_hi(a), E::of_lo(b)),
                (E::of_hi(a), E::of_hi(b)),
            ];
            let cands: Vec<E> = ends.iter().map(|(x, y)| mul_end(*x, *y)).collect();
            Interval::from_ends(lowest(&cands), highest(&cands))
        })
    }

    /// `x ÷ y` for every member pair with `y ≠ 0` (zero divisors are the caller's to report).
    pub fn div(&self, o: &Set) -> Set {
        let zero = Set::point(Decimal::ZERO);
        let divisor = o.minus(&zero);
        self.pairwise(&divisor, false, |a, b| {
            let ends = [
                (E::of_lo(a), E::of_lo(b)),
                (E::of_lo(a), E::of_hi(b)),
                (E::of_hi(a), E::of_lo(b)),
                (E::of_hi(a), E::of_hi(b)),
            ];
            // b lies wholly on one side of zero: that side's sign decides limits at 0.
            let side = if E::of_hi(b).x <= X::Fin(Decimal::ZERO) {
                -1
            } else {
                1
            };
            let lows: Vec<E> = ends
                .iter()
                .map(|(x, y)| div_end(*x, *y, side, false))
                .collect();
            let highs: Vec<E> = ends
                .iter()
                .map(|(x, y)| div_end(*x, *y, side, true))
                .collect();
            Interval::from_ends(lowest(&lows), highest(&highs))
        })
    }

    /// Whether zero is a member.
    pub fn has_zero(&self) -> bool {
        self.contains(Decimal::ZERO)
    }

    /// `x × f` for a constant `f`.
    pub fn scale(&self, f: Decimal) -> Set {
        let int = self.int && f.fract().is_zero();
        let mut s = self.mul(&Set::point(f));
        s.int = int;
        s
    }

    /// The smaller of members pairwise.
    pub fn min(&self, o: &Set) -> Set {
        self.pairwise(o, self.int && o.int, |a, b| Interval {
            lo: lower_of(a.lo, b.lo),
            hi: match (a.hi, b.hi) {
                (None, x) | (x, None) => x,
                (Some(x), Some(y)) => Some(pick_lower(x, y)),
            },
        })
    }

    /// The larger of members pairwise.
    pub fn max(&self, o: &Set) -> Set {
        self.neg().min(&o.neg()).neg()
    }

    /// `|x|`.
    pub fn abs(&self) -> Set {
        let nonneg = Set::non_negative(false);
        let pos = self.intersect(&nonneg);
        let neg = self.minus(&nonneg).neg();
        let out = pos.union(&neg);
        if self.int {
            out.integral()
        } else {
            out
        }
    }

    /// `⌊x⌋` (whole numbers).
    pub fn floor(&self) -> Set {
        let parts = self
            .parts
            .iter()
            .map(|p| Interval {
                lo: p.lo.map(|(v, _)| (v.floor(), true)),
                hi: p.hi.map(|(v, c)| {
                    if !c && v.fract().is_zero() {
                        (v.saturating_sub(Decimal::ONE), true)
                    } else {
                        (v.floor(), true)
                    }
                }),
            })
            .collect();
        Set::from_parts(parts, true)
    }

    /// `⌈x⌉` (whole numbers).
    pub fn ceil(&self) -> Set {
        self.neg().floor().neg()
    }

    /// Members clamped into `[lo, hi]`.
    pub fn clamp(&self, lo: Decimal, hi: Decimal) -> Set {
        self.max(&Set::point(lo)).min(&Set::point(hi))
    }

    /// A simple member to show as an example: a closed end where there is one in reach,
    /// otherwise the number with the fewest decimals (in units of `unit`, so that 0.895 of a
    /// rate shown in % counts as 89.5) nearest the middle of the first piece.
    pub fn example(&self, unit: Decimal) -> Option<Decimal> {
        let p = self.parts.first()?;
        Some(example_in(p, unit))
    }
}

fn lower_of(a: Option<(Decimal, bool)>, b: Option<(Decimal, bool)>) -> Option<(Decimal, bool)> {
    match (a, b) {
        (None, _) | (_, None) => None,
        (Some(x), Some(y)) => Some(pick_lower(x, y)),
    }
}

fn pick_lower(x: (Decimal, bool), y: (Decimal, bool)) -> (Decimal, bool) {
    match x.0.cmp(&y.0) {
        Ordering::Less => x,
        Ordering::Greater => y,
        Ordering::Equal => (x.0, x.1 || y.1),
    }
}

fn mul_end(a: E, b: E) -> E {
    // A closed zero times anything (even an unbounded end) is an attained zero.
    for (z, _) in [(a, b), (b, a)] {
        if z.x == X::Fin(Decimal::ZERO) {
            return E {
                x: z.x,
                closed: z.closed,
            };
        }
    }
    match (a.x, b.x) {
        (X::Fin(p), X::Fin(q)) => match p.checked_mul(q) {
            Some(v) => E {
                x: X::Fin(v),
                closed: a.closed && b.closed,
            },
            None => E {
                x: X::inf(a.x.sign() * b.x.sign()),
                closed: false,
            },
        },
        _ => E {
            x: X::inf(a.x.sign() * b.x.sign()),
            closed: false,
        },
    }
}

/// `a ÷ b` as a candidate end; `side` is the divisor's sign; `up` widens an inexact quotient
/// upward (for upper ends) or downward.
fn div_end(a: E, b: E, side: i8, up: bool) -> E {
    let open = |x| E { x, closed: false };
    match (a.x, b.x) {
        (X::Fin(p), X::Fin(q)) if q.is_zero() => {
            if p.is_zero() {
                E {
                    x: a.x,
                    closed: a.closed,
                }
            } else {
                open(X::inf(a.x.sign() * side))
            }
        }
        (X::Fin(p), X::Fin(q)) => match p.checked_div(q) {
            Some(v) => {
                let exact = v.checked_mul(q) == Some(p);
                let x = if exact {
                    v
                } else if up {
                    v + ulp(v)
                } else {
                    v - ulp(v)
                };
                E {
                    x: X::Fin(x),
                    closed: (a.closed && (b.closed || p.is_zero())) || !exact,
                }
            }
            None => open(X::inf(a.x.sign() * b.x.sign())),
        },
        (X::Fin(p), _) => E {
            x: X::Fin(Decimal::ZERO),
            closed: p.is_zero() && a.closed,
        },
        (_, X::Fin(q)) => {
            let s = if q.is_zero() { side } else { b.x.sign() };
            open(X::inf(a.x.sign() * s))
        }
        _ => open(X::inf(a.x.sign() * b.x.sign())),
    }
}

/// The simplest number of an interval (see [`Set::example`]).
fn example_in(p: &Interval, unit: Decimal) -> Decimal {
    let unit = if unit.is_zero() { Decimal::ONE } else { unit };
    let to_unit = |v: Decimal| v.checked_mul(unit).unwrap_or(v);
    let from_unit = |v: Decimal| v.checked_div(unit).unwrap_or(v);
    match (p.lo, p.hi) {
        (None, None) => Decimal::ZERO,
        (Some((l, true)), Some((h, true))) if l == h => l,
        (Some((l, lc)), None) => {
            if lc {
                l
            } else {
                from_unit(to_unit(l).floor().saturating_add(Decimal::ONE))
            }
        }
        (None, Some((h, hc))) => {
            if hc {
                h
            } else {
                from_unit(to_unit(h).ceil().saturating_sub(Decimal::ONE))
            }
        }
        (Some((l, lc)), Some((h, hc))) => {
            let (lu, hu) = (to_unit(l), to_unit(h));
            let mid = (lu / Decimal::TWO).saturating_add(hu / Decimal::TWO);
            for places in 0..=6u32 {
                // A closed lower end is the most telling example when it is this simple.
                if lc && lu.normalize().scale() <= places {
                    return l;
                }
                let m = crate::eval::round(mid, places);
                let step = Decimal::new(1, places);
                for c in [m, m.saturating_sub(step), m.saturating_add(step)] {
                    let v = from_unit(c);
                    if p.contains(v) {
                        return v.normalize();
                    }
                }
                if hc && hu.normalize().scale() <= places {
                    return h;
                }
            }
            if lc {
                l
            } else if hc {
                h
            } else {
                from_unit(mid)
            }
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lo {
            Some((v, c)) => write!(f, "{}{}", if c { "[" } else { "(" }, v.normalize())?,
            None => write!(f, "(-∞")?,
        }
        match self.hi {
            Some((v, c)) => write!(f, ", {}{}", v.normalize(), if c { "]" } else { ")" }),
            None => write!(f, ", +∞)"),
        }
    }
}

impl fmt::Display for Set {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.parts.is_empty() {
            return write!(f, "∅");
        }
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                write!(f, " ∪ ")?;
            }
            write!(f, "{p}")?;
        }
        if self.int {
            write!(f, " (整数)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn iv(lo: Option<(&str, bool)>, hi: Option<(&str, bool)>) -> Interval {
        Interval {
            lo: lo.map(|(v, c)| (d(v), c)),
            hi: hi.map(|(v, c)| (d(v), c)),
        }
    }

    fn set(lo: Option<(&str, bool)>, hi: Option<(&str, bool)>) -> Set {
        Set::interval(iv(lo, hi), false)
    }

    #[test]
    fn union_merges_touching_pieces() {
        let a = set(Some(("0", true)), Some(("10", false)));
        let b = set(Some(("10", true)), Some(("20", true)));
        assert_eq!(a.union(&b).to_string(), "[0, 20]");
        let c = set(Some(("0", true)), Some(("10", false)));
        let e = set(Some(("10", false)), Some(("20", true)));
        assert_eq!(c.union(&e).to_string(), "[0, 10) ∪ (10, 20]");
    }

    #[test]
    fn complement_and_minus() {
        let a = set(Some(("0", true)), Some(("10", false)));
        assert_eq!(a.complement().to_string(), "(-∞, 0) ∪ [10, +∞)");
        let all = Set::all();
        let bands = set(None, Some(("0", true)))
            .union(&set(Some(("0", false)), Some(("0.1", true))))
            .union(&set(Some(("0.3", false)), None));
        assert_eq!(all.minus(&bands).to_string(), "(0.1, 0.3]");
    }

    #[test]
    fn integral_sets_have_no_holes_between_whole_numbers() {
        let a = Set::interval(iv(Some(("80", true)), Some(("89", true))), true);
        let b = Set::interval(iv(Some(("90", true)), Some(("100", true))), true);
        let whole = Set::interval(iv(Some(("0", true)), Some(("100", true))), true);
        assert!(whole.minus(&a.union(&b)).to_string().starts_with("[0, 79]"));
        let gap = Set::interval(iv(Some(("89", false)), Some(("90", false))), true);
        assert!(gap.is_empty());
    }

    #[test]
    fn division_by_a_positive_count() {
        let staff = Set::non_negative(true);
        let posts = Set::interval(iv(Some(("0", false)), None), true);
        assert_eq!(posts.to_string(), "[1, +∞) (整数)");
        assert_eq!(staff.div(&posts).to_string(), "[0, +∞)");
    }

    #[test]
    fn division_with_zero_in_the_divisor() {
        let a = set(Some(("1", true)), Some(("2", true)));
        let b = set(Some(("-1", true)), Some(("1", true)));
        assert!(b.has_zero());
        assert_eq!(a.div(&b).to_string(), "(-∞, -1] ∪ [1, +∞)");
    }

    #[test]
    fn inexact_quotients_widen() {
        let q = Set::point(d("1")).div(&Set::point(d("3")));
        let h = q.hull().unwrap();
        let third = d("1") / d("3");
        assert!(h.lo.unwrap().0 < third && h.hi.unwrap().0 > third);
    }

    #[test]
    fn products_with_unbounded_ends() {
        let a = Set::non_negative(false);
        assert_eq!(a.mul(&a).to_string(), "[0, +∞)");
        let pos = set(Some(("0", false)), Some(("1", true)));
        let big = set(Some(("5", true)), None);
        assert_eq!(pos.mul(&big).to_string(), "(0, +∞)");
        assert_eq!(pos.neg().mul(&big).to_string(), "(-∞, 0)");
    }

    #[test]
    fn min_max_abs_floor() {
        let a = set(Some(("-2", true)), Some(("3", true)));
        assert_eq!(a.min(&Set::point(d("1"))).to_string(), "[-2, 1]");
        assert_eq!(a.max(&Set::point(d("1"))).to_string(), "[1, 3]");
        assert_eq!(a.abs().to_string(), "[0, 3]");
        let s = set(Some(("0", true)), Some(("2.5", false)));
        assert_eq!(s.floor().to_string(), "[0, 2] (整数)");
        let t = set(Some(("0", true)), Some(("3", false)));
        assert_eq!(t.floor().to_string(), "[0, 2] (整数)");
        assert_eq!(t.ceil().to_string(), "[0, 3] (整数)");
    }

    #[test]
    fn examples_are_simple() {
        let hundred = d("100");
        let gap = set(Some(("0.89", false)), Some(("0.9", false)));
        assert_eq!(gap.example(hundred).unwrap(), d("0.895"));
        let grades = set(Some(("89", false)), Some(("90", false)));
        assert_eq!(grades.example(Decimal::ONE).unwrap(), d("89.5"));
        let below = set(None, Some(("0", false)));
        assert_eq!(below.example(hundred).unwrap(), d("-0.01"));
        let point = Set::point(d("0.1"));
        assert_eq!(point.example(hundred).unwrap(), d("0.1"));
        let closed = set(Some(("0.3", true)), Some(("0.4", false)));
        assert_eq!(closed.example(hundred).unwrap(), d("0.3"));
        let open = set(Some(("0", false)), Some(("0.1", false)));
        assert_eq!(open.example(hundred).unwrap(), d("0.05"));
    }
}
