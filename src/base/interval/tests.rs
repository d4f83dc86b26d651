//! Interval sets: unions, complements, arithmetic, examples.

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
