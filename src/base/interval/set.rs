//! Sets of intervals and their sound arithmetic.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use super::{example_in, highest, lowest, ulp, Interval, Range, E, MAX_PARTS, X};

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
                // Widened by a unit in the last place, past ±MAX to ±∞ (still sound).
                let x = if exact {
                    X::Fin(v)
                } else if up {
                    v.checked_add(ulp(v)).map_or(X::PosInf, X::Fin)
                } else {
                    v.checked_sub(ulp(v)).map_or(X::NegInf, X::Fin)
                };
                match x {
                    X::Fin(_) => E {
                        x,
                        closed: (a.closed && (b.closed || p.is_zero())) || !exact,
                    },
                    inf => open(inf),
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
