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

/// A point of the extended line.
mod set;

pub use set::Set;

/// An interval; `None` ends are infinite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Range {
    /// Lower end, included or not.
    pub lo: Option<(Decimal, bool)>,
    /// Upper end, included or not.
    pub hi: Option<(Decimal, bool)>,
}

impl Range {
    /// The whole line.
    pub const ALL: Range = Range { lo: None, hi: None };

    /// `[0, ∞)`.
    pub fn non_negative() -> Range {
        Range {
            lo: Some((Decimal::ZERO, true)),
            hi: None,
        }
    }

    /// Whether `v` lies in the range.
    pub fn contains(&self, v: Decimal) -> bool {
        Interval::from(*self).contains(v)
    }
}

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
        // A bound of 0 (the commonest: `> 0`, `≥ 0`, money not negative) is a sign test.
        let positive = !v.is_zero() && v.is_sign_positive();
        let lo_ok = match self.lo {
            None => true,
            Some((l, true)) if l.is_zero() => positive || v.is_zero(),
            Some((l, false)) if l.is_zero() => positive,
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
                let m = crate::base::number::round(mid, places);
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

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code")]
mod tests;
