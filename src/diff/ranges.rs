//! Where two rules score the same quantity differently.
//!
//! The line of the quantity's values is cut at every point where either rule's score jumps or
//! bends (thresholds, step ends, the point where 扣完为止 is reached, band ends, caps). Between
//! two cuts both scores are affine (`c + m·x`), so two interior points decide whether they
//! agree there, and where two different lines cross. Every number stays a decimal.

use rust_decimal::Decimal;

use crate::base::interval::Interval;
use crate::ir::Rule;
use crate::syntax::ast::{Direction, StepPolicy};

/// How many steps of a stepped rule are cut at most (a rule with more is still compared
/// exactly where the steps are cut, and affinely beyond).
const MAX_STEPS: i64 = 1000;

/// A numeric rule with its points: the score as a function of the scored value.
#[derive(Debug, Clone, Copy)]
pub struct ScoreFn<'a> {
    /// The rule.
    pub rule: &'a Rule,
    /// The indicator's points.
    pub weight: Decimal,
}

impl ScoreFn<'_> {
    /// Whether the rule scores a number (a threshold, bands, a proportion, events).
    pub fn numeric(rule: &Rule) -> bool {
        matches!(
            rule,
            Rule::Threshold(_) | Rule::Bands(_) | Rule::Proportional { .. } | Rule::PerEvent { .. }
        )
    }

    /// The score at `x`, clamped to [floor, points] as the evaluator does, before rounding;
    /// `None` where no band holds `x` (or the rule scores no number).
    pub fn at(&self, x: Decimal) -> Option<Decimal> {
        let w = self.weight;
        let (raw, floor) = match self.rule {
            Rule::Threshold(t) => {
                // Compare first: the far side of the threshold must not overflow.
                let excess = match t.dir {
                    Direction::Above if x <= t.threshold => Decimal::ZERO,
                    Direction::Below if x >= t.threshold => Decimal::ZERO,
                    Direction::Above => x.checked_sub(t.threshold)?,
                    Direction::Below => t.threshold.checked_sub(x)?,
                    Direction::Either => x.checked_sub(t.threshold)?.abs(),
                };
                let ratio = excess.checked_div(t.step)?;
                let steps = match t.policy {
                    StepPolicy::Proportional => ratio,
                    StepPolicy::FullSteps => ratio.floor(),
                    StepPolicy::AnyPart => ratio.ceil(),
                };
                (w.checked_sub(steps.checked_mul(t.per_step)?)?, t.floor)
            }
            Rule::Bands(bands) => (
                bands.iter().find(|b| b.range.contains(x))?.points,
                Decimal::ZERO,
            ),
            Rule::Proportional { cap } => (w.checked_mul(x.min(*cap))?, Decimal::ZERO),
            Rule::PerEvent { step, per_step } => {
                let steps = x.checked_div(*step)?.floor();
                (w.checked_sub(steps.checked_mul(*per_step)?)?, Decimal::ZERO)
            }
            Rule::Checklist { .. }
            | Rule::Tiers { .. }
            | Rule::Reviewer { .. }
            | Rule::CasesOnly => return None,
        };
        Some(raw.max(floor).min(w))
    }

    /// The values where the score may jump or bend.
    fn cuts(&self, out: &mut Vec<Decimal>) {
        let w = self.weight;
        match self.rule {
            Rule::Threshold(t) => {
                out.push(t.threshold);
                if t.per_step <= Decimal::ZERO || t.step <= Decimal::ZERO {
                    return;
                }
                let Some(room) = w.checked_sub(t.floor) else {
                    return;
                };
                let sides: &[Decimal] = match t.dir {
                    Direction::Above => &[Decimal::ONE],
                    Direction::Below => &[Decimal::NEGATIVE_ONE],
                    Direction::Either => &[Decimal::ONE, Decimal::NEGATIVE_ONE],
                };
                for side in sides {
                    match t.policy {
                        StepPolicy::Proportional => {
                            out.extend(
                                room.checked_mul(t.step)
                                    .and_then(|v| v.checked_div(t.per_step))
                                    .and_then(|d| d.checked_mul(*side))
                                    .and_then(|d| t.threshold.checked_add(d)),
                            );
                        }
                        StepPolicy::FullSteps | StepPolicy::AnyPart => {
                            let n = room
                                .checked_div(t.per_step)
                                .map_or(MAX_STEPS, |v| {
                                    i64::try_from(v.ceil().mantissa()).unwrap_or(MAX_STEPS)
                                })
                                .clamp(0, MAX_STEPS)
                                + 1;
                            for k in 1..=n {
                                let at = t
                                    .step
                                    .checked_mul(Decimal::from(k) * *side)
                                    .and_then(|d| t.threshold.checked_add(d));
                                match at {
                                    Some(v) => out.push(v),
                                    None => break,
                                }
                            }
                        }
                    }
                }
            }
            Rule::Bands(bands) => {
                for b in bands {
                    out.extend(b.range.lo.map(|(v, _)| v));
                    out.extend(b.range.hi.map(|(v, _)| v));
                }
            }
            Rule::Proportional { cap } => out.extend([Decimal::ZERO, Decimal::ONE, *cap]),
            Rule::PerEvent { step, per_step } => {
                if *step <= Decimal::ZERO || *per_step <= Decimal::ZERO {
                    return;
                }
                let n = w
                    .checked_div(*per_step)
                    .map_or(MAX_STEPS, |v| {
                        i64::try_from(v.ceil().mantissa()).unwrap_or(MAX_STEPS)
                    })
                    .clamp(0, MAX_STEPS)
                    + 1;
                for k in 0..=n {
                    match step.checked_mul(Decimal::from(k)) {
                        Some(v) => out.push(v),
                        None => break,
                    }
                }
            }
            Rule::Checklist { .. }
            | Rule::Tiers { .. }
            | Rule::Reviewer { .. }
            | Rule::CasesOnly => {}
        }
    }
}

/// A score on a piece of the line: `c + m·x`, or none (no band holds the value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// No score.
    None,
    /// `c + m·x`.
    Affine {
        /// Slope.
        m: Decimal,
        /// Intercept.
        c: Decimal,
    },
}

impl Shape {
    fn constant(v: Option<Decimal>) -> Shape {
        match v {
            Some(c) => Shape::Affine {
                m: Decimal::ZERO,
                c: tidy(c),
            },
            None => Shape::None,
        }
    }

    /// The score at `x`.
    pub fn at(self, x: Decimal) -> Option<Decimal> {
        match self {
            Shape::None => None,
            Shape::Affine { m, c } => Some(tidy(m.checked_mul(x)?.checked_add(c)?)),
        }
    }

    /// The constant score, when the piece has one.
    #[cfg(test)]
    pub fn constant_value(self) -> Option<Decimal> {
        match self {
            Shape::Affine { m, c } if m.is_zero() => Some(c),
            _ => None,
        }
    }
}

/// Decimals computed through thirds are cut to 12 places so that equal lines compare equal.
fn tidy(v: Decimal) -> Decimal {
    v.round_dp(12).normalize()
}

/// A piece of the line where the two scores keep one shape each.
#[derive(Debug, Clone, Copy)]
pub struct Piece {
    /// The values.
    pub range: Interval,
    /// The old rule's score there.
    pub old: Shape,
    /// The new rule's score there.
    pub new: Shape,
}

impl Piece {
    /// Whether the two scores differ on the piece.
    pub fn differs(&self) -> bool {
        self.old != self.new
    }
}

/// The two rules compared over `domain` (whole numbers only when `int`): the pieces where
/// they differ (merged while both keep their shape) and the ranges where they agree.
pub fn compare(
    old: ScoreFn<'_>,
    new: ScoreFn<'_>,
    domain: Interval,
    int: bool,
) -> (Vec<Piece>, Vec<Interval>) {
    let mut cuts = Vec::new();
    old.cuts(&mut cuts);
    new.cuts(&mut cuts);
    cuts.extend(domain.lo.map(|(v, _)| v));
    cuts.extend(domain.hi.map(|(v, _)| v));
    cuts.retain(|c| domain.contains(*c) || domain.lo.is_some_and(|(l, _)| l == *c));
    cuts.sort();
    cuts.dedup();

    let mut pieces: Vec<Piece> = Vec::new();
    let mut lo: Option<Decimal> = None;
    for c in cuts.iter().copied().map(Some).chain([None]) {
        let open = Interval {
            lo: lo.map(|v| (v, false)),
            hi: c.map(|v| (v, false)),
        };
        pieces.extend(open_piece(old, new, open));
        if let Some(v) = c {
            let (o, n) = (old.at(v), new.at(v));
            pieces.push(Piece {
                range: Interval::point(v),
                old: Shape::constant(o),
                new: Shape::constant(n),
            });
        }
        lo = c;
    }
    let pieces: Vec<Piece> = pieces
        .into_iter()
        .filter_map(|p| {
            let r = clip(p.range, domain)?;
            (!int || has_integer(&r)).then_some(Piece { range: r, ..p })
        })
        .collect();
    let pieces = attach_points(pieces);
    let mut differ: Vec<Piece> = Vec::new();
    let mut agree: Vec<Interval> = Vec::new();
    for p in pieces {
        if p.differs() {
            match differ.last_mut() {
                Some(last)
                    if last.old == p.old
                        && last.new == p.new
                        && adjacent(&last.range, &p.range, int) =>
                {
                    last.range.hi = p.range.hi;
                }
                _ => differ.push(p),
            }
        } else {
            match agree.last_mut() {
                Some(last) if adjacent(last, &p.range, int) => last.hi = p.range.hi,
                _ => agree.push(p.range),
            }
        }
    }
    (differ, agree)
}

/// The open piece `iv` between two cuts: one piece, or three where two lines cross inside.
fn open_piece(old: ScoreFn<'_>, new: ScoreFn<'_>, iv: Interval) -> Vec<Piece> {
    let one = Decimal::ONE;
    let three = Decimal::from(3);
    let points = match (iv.lo, iv.hi) {
        (Some((a, _)), Some((b, _))) => {
            if a >= b {
                return Vec::new();
            }
            // (b − a) / 3 without overflowing at the ends of the decimal range.
            let third = b / three - a / three;
            a.checked_add(third).zip(b.checked_sub(third))
        }
        (None, Some((b, _))) => b.checked_sub(one + one).zip(b.checked_sub(one)),
        (Some((a, _)), None) => a.checked_add(one).zip(a.checked_add(one + one)),
        (None, None) => Some((Decimal::ZERO, one)),
    };
    let Some((p1, p2)) = points.filter(|(p1, p2)| p1 < p2) else {
        return Vec::new();
    };
    let affine = |y1: Decimal, y2: Decimal| -> Option<Shape> {
        let m = y2.checked_sub(y1)?.checked_div(p2.checked_sub(p1)?)?;
        let c = y1.checked_sub(m.checked_mul(p1)?)?;
        Some(Shape::Affine {
            m: tidy(m),
            c: tidy(c),
        })
    };
    let shape = |f: ScoreFn<'_>| match (f.at(p1), f.at(p2)) {
        (Some(y1), Some(y2)) => affine(y1, y2).unwrap_or(Shape::None),
        _ => Shape::None,
    };
    let (o, n) = (shape(old), shape(new));
    if let (Shape::Affine { m: m1, c: c1 }, Shape::Affine { m: m2, c: c2 }) = (o, n) {
        let cross = c2
            .checked_sub(c1)
            .zip(m1.checked_sub(m2))
            .and_then(|(dc, dm)| dc.checked_div(dm))
            .map(tidy);
        if let Some(x0) = cross.filter(|_| m1 != m2) {
            if iv.contains(x0) {
                let left = Interval {
                    lo: iv.lo,
                    hi: Some((x0, false)),
                };
                let right = Interval {
                    lo: Some((x0, false)),
                    hi: iv.hi,
                };
                return vec![
                    Piece {
                        range: left,
                        old: o,
                        new: n,
                    },
                    Piece {
                        range: Interval::point(x0),
                        old: Shape::constant(o.at(x0)),
                        new: Shape::constant(o.at(x0)),
                    },
                    Piece {
                        range: right,
                        old: o,
                        new: n,
                    },
                ];
            }
        }
    }
    vec![Piece {
        range: iv,
        old: o,
        new: n,
    }]
}

/// A single value joins the piece before it, or after it, when both scores there continue
/// that piece's lines; otherwise it stays on its own.
fn attach_points(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut pending: Option<Piece> = None;
    for p in pieces {
        if let Some(point) = pending.take() {
            let v = point_value(&point);
            let continues =
                |q: &Piece| q.old.at(v) == point.old.at(v) && q.new.at(v) == point.new.at(v);
            if continues(&p)
                && point.differs() == p.differs()
                && !p.range.contains(v)
                && touches(&point.range, &p.range)
            {
                let mut p = p;
                p.range.lo = Some((v, true));
                out.push(p);
                continue;
            }
            out.push(point);
        }
        if is_point(&p.range) {
            let v = point_value(&p);
            let joins_left = out.last().is_some_and(|q| {
                touches(&q.range, &p.range)
                    && q.differs() == p.differs()
                    && q.old.at(v) == p.old.at(v)
                    && q.new.at(v) == p.new.at(v)
            });
            if joins_left {
                if let Some(q) = out.last_mut() {
                    q.range.hi = Some((v, true));
                }
            } else {
                pending = Some(p);
            }
        } else {
            out.push(p);
        }
    }
    out.extend(pending);
    out
}

fn is_point(r: &Interval) -> bool {
    matches!((r.lo, r.hi), (Some((a, true)), Some((b, true))) if a == b)
}

fn point_value(p: &Piece) -> Decimal {
    p.range.lo.map_or(Decimal::ZERO, |(v, _)| v)
}

/// Whether `b` starts where `a` ends: the shared end belongs to exactly one of them.
fn touches(a: &Interval, b: &Interval) -> bool {
    match (a.hi, b.lo) {
        (Some((x, xc)), Some((y, yc))) => x == y && xc != yc,
        _ => false,
    }
}

/// Whether `b` follows `a` with no value between them (no whole number, when `int`).
fn adjacent(a: &Interval, b: &Interval, int: bool) -> bool {
    if touches(a, b) {
        return true;
    }
    if !int {
        return false;
    }
    match (a.hi, b.lo) {
        (Some((h, hc)), Some((l, lc))) => {
            // Past ±MAX there is no integer on that side: not adjacent.
            let last = if hc {
                Some(h.floor())
            } else {
                h.ceil().checked_sub(Decimal::ONE)
            };
            let first = if lc {
                Some(l.ceil())
            } else {
                l.floor().checked_add(Decimal::ONE)
            };
            match (first, last) {
                (Some(f), Some(l)) => l.checked_add(Decimal::ONE) == Some(f),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `r` within `domain`, or `None` when nothing is left.
fn clip(r: Interval, domain: Interval) -> Option<Interval> {
    let lo = match (r.lo, domain.lo) {
        (None, d) => d,
        (x, None) => x,
        (Some((a, ac)), Some((b, bc))) => Some(if a > b {
            (a, ac)
        } else if b > a {
            (b, bc)
        } else {
            (a, ac && bc)
        }),
    };
    let hi = match (r.hi, domain.hi) {
        (None, d) => d,
        (x, None) => x,
        (Some((a, ac)), Some((b, bc))) => Some(if a < b {
            (a, ac)
        } else if b < a {
            (b, bc)
        } else {
            (a, ac && bc)
        }),
    };
    let out = Interval { lo, hi };
    (!out.is_empty()).then_some(out)
}

fn has_integer(r: &Interval) -> bool {
    let lo = match r.lo {
        None => return true,
        Some((v, true)) => v.ceil(),
        // Above +MAX: no integer.
        Some((v, false)) => match v.floor().checked_add(Decimal::ONE) {
            Some(n) => n,
            None => return false,
        },
    };
    r.contains(lo) || r.hi.is_none()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;
    use crate::ir::Threshold;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn staffing(per_step: Decimal) -> Rule {
        Rule::Threshold(Threshold {
            dir: Direction::Above,
            threshold: dec("1"),
            step: dec("0.01"),
            step_unit: None,
            per_step,
            policy: StepPolicy::Proportional,
            floor: Decimal::ZERO,
        })
    }

    #[test]
    fn a_stricter_deduction_differs_between_the_threshold_and_the_old_zero_point() {
        let (old, new) = (staffing(dec("0.5")), staffing(dec("1")));
        let f = |r| ScoreFn {
            rule: r,
            weight: dec("5"),
        };
        let domain = Interval {
            lo: Some((Decimal::ZERO, true)),
            hi: None,
        };
        let (differ, agree) = compare(f(&old), f(&new), domain, false);
        // (100%, 105%]: both lines fall; (105%, 110%): the new score is 0.
        assert_eq!(differ.len(), 2);
        assert_eq!(differ[0].range.lo, Some((dec("1"), false)));
        assert_eq!(differ[0].range.hi, Some((dec("1.05"), true)));
        assert_eq!(differ[1].range.hi, Some((dec("1.10"), false)));
        assert_eq!(differ[1].new.constant_value(), Some(Decimal::ZERO));
        assert_eq!(f(&old).at(dec("1.05")), Some(dec("2.5")));
        assert_eq!(f(&new).at(dec("1.05")), Some(Decimal::ZERO));
        // Agree on [0, 100%] and from 110% on.
        assert_eq!(agree.len(), 2);
        assert_eq!(agree[0].hi, Some((dec("1"), true)));
        assert_eq!(agree[1].lo, Some((dec("1.10"), true)));
        assert_eq!(agree[1].hi, None);
    }

    #[test]
    fn equal_rules_agree_everywhere() {
        let r = staffing(dec("0.5"));
        let f = ScoreFn {
            rule: &r,
            weight: dec("5"),
        };
        let (differ, agree) = compare(f, f, Interval::ALL, false);
        assert!(differ.is_empty());
        assert_eq!(agree.len(), 1);
        assert_eq!(agree[0], Interval::ALL);
    }
}
