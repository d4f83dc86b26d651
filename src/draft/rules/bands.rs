//! Bands: `90%（含）以上计6分；80%（含）-90%，计4分；低于70%计0分`, `预算控制率=0，计5分；
//! 0-10%（含），计4分 …；大于30%不得分`. Each clause is a condition on the scored quantity and
//! the points it gives.
//!
//! Which band an end belongs to is read from the wording: `（含）`/`（不含）` where written;
//! `以上`/`以下`/`以内` include the number (《中华人民共和国民法典》第一千二百五十九条：“民法所称
//! 的‘以上’、‘以下’、‘以内’、‘届满’，包括本数；所称的‘不满’、‘超过’、‘以外’，不包括本数”),
//! said in a comment; an end left unsaid takes the other side of the neighbouring band that
//! says it. An end still open, or values below or above every band, is a question.

use rust_decimal::Decimal;

use super::bound::{condition, Band, End};
use super::{clauses, score_at_end, Leaf, Part, Recognised};

/// Whether two bands hold a value in common (an end not said is taken as not held: the
/// question about it decides).
fn meet(a: &Band, b: &Band) -> bool {
    let end = |e: End| e.map(|(v, i)| (v, i == Some(true)));
    // The greater lower end and the smaller upper end; at equal values, held by both.
    let pick = |x: Option<(Decimal, bool)>, y: Option<(Decimal, bool)>, greater: bool| match (x, y)
    {
        (None, e) | (e, None) => e,
        (Some((v, i)), Some((w, j))) if v == w => Some((v, i && j)),
        (Some((v, i)), Some((w, j))) => Some(if (v > w) == greater { (v, i) } else { (w, j) }),
    };
    let lo = pick(end(a.lo), end(b.lo), true);
    let hi = pick(end(a.hi), end(b.hi), false);
    match (lo, hi) {
        (Some((l, i)), Some((h, j))) => l < h || l == h && i && j,
        _ => true,
    }
}

/// Band `b` without the values of band `a`: trimmed at the end `a` covers, `Some(None)` when
/// `a` covers it all, `None` when `a` lies inside it (it would split in two).
fn minus(b: &Band, a: &Band) -> Option<Option<Band>> {
    let flip = |i: Option<bool>| i.map(|i| !i);
    // Lower ends with −∞ as `None`; upper ends with +∞ as `None`.
    let low_covered = match (a.lo, b.lo) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some((x, _)), Some((y, _))) => x <= y,
    };
    let high_covered = match (a.hi, b.hi) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some((x, _)), Some((y, _))) => x >= y,
    };
    let mut out = b.clone();
    match (low_covered, high_covered) {
        (true, true) => return Some(None),
        (true, false) => out.lo = a.hi.map(|(v, i)| (v, flip(i))),
        (false, true) => out.hi = a.lo.map(|(v, i)| (v, flip(i))),
        (false, false) => return None,
    }
    Some(Some(out))
}

/// The stretches between two bands no band holds, as (upper end of one, lower end of the
/// next), both as written.
fn gaps(bands: &[Band]) -> Vec<(Decimal, Decimal)> {
    let mut ends: Vec<(Option<Decimal>, Option<Decimal>)> = bands
        .iter()
        .map(|b| (b.lo.map(|e| e.0), b.hi.map(|e| e.0)))
        .collect();
    ends.sort_by(|x, y| match (x.0, y.0) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.cmp(&b),
    });
    ends.windows(2)
        .filter_map(|w| match (w[0].1, w[1].0) {
            (Some(a), Some(b)) if a < b => Some((a, b)),
            _ => None,
        })
        .collect()
}

/// `v` in percent as the language writes it: `10%`.
fn pct(v: Decimal) -> String {
    format!("{}%", v.normalize())
}

/// A band's condition as the language writes it.
fn band_text(b: &Band) -> String {
    let inc = |e: &End| e.and_then(|(_, i)| i).unwrap_or(true);
    match (b.lo, b.hi) {
        (None, Some((v, _))) => format!("{} {}", if inc(&b.hi) { "≤" } else { "<" }, pct(v)),
        (Some((v, _)), None) => format!("{} {}", if inc(&b.lo) { "≥" } else { ">" }, pct(v)),
        (Some((a, _)), Some((z, _))) => format!(
            "{}{}, {}{}",
            if inc(&b.lo) { "[" } else { "(" },
            pct(a),
            pct(z),
            if inc(&b.hi) { "]" } else { ")" }
        ),
        (None, None) => String::new(),
    }
}

/// The `分档` line of `bands`.
fn rule(bands: &[Band]) -> String {
    let rows: Vec<String> = bands
        .iter()
        .map(|b| format!("{} {}分", band_text(b), b.points.normalize()))
        .collect();
    format!("分档 {{ {} }}", rows.join("  "))
}

/// A wording of two or more clauses, each a condition on a percentage and its points.
pub fn bands(leaf: &Leaf) -> Option<Recognised> {
    let cs = clauses(leaf.standard);
    if cs.len() < 2 || leaf.standard.contains('每') {
        return None;
    }
    let mut bands = Vec::new();
    let mut any_pct = false;
    for c in &cs {
        let (points, cond) = score_at_end(c, leaf.points)?;
        let (mut b, p) = condition(cond)?;
        b.points = points;
        any_pct |= p;
        bands.push(b);
    }
    if !any_pct {
        return None;
    }
    // An end held by `以上`/`以下` alone meeting an end left unsaid (`70%-79%` beside
    // `70%以下`): the plain reading of the range holds 70% too, so which band holds it is a
    // question, not the law's default.
    let unsaid: Vec<Decimal> = bands
        .iter()
        .flat_map(|b| [b.lo, b.hi])
        .flatten()
        .filter_map(|(v, i)| i.is_none().then_some(v))
        .collect();
    for b in &mut bands {
        if !b.by_law {
            continue;
        }
        for e in [&mut b.lo, &mut b.hi] {
            if let Some((v, Some(true))) = *e {
                if unsaid.contains(&v) {
                    *e = Some((v, None));
                    b.by_law = false;
                }
            }
        }
    }
    // An end left unsaid takes the other side of the neighbouring band that says it.
    let said: Vec<(Decimal, bool, bool)> = bands
        .iter()
        .flat_map(|b| {
            [
                b.lo.and_then(|(v, i)| i.map(|i| (v, i, true))),
                b.hi.and_then(|(v, i)| i.map(|i| (v, i, false))),
            ]
        })
        .flatten()
        .collect();
    let resolve = |end: &mut End, is_lo: bool| {
        if let Some((v, None)) = *end {
            if let Some((_, i, _)) = said.iter().find(|(w, _, lo)| *w == v && *lo != is_lo) {
                *end = Some((v, Some(!i)));
            }
        }
    };
    for b in &mut bands {
        resolve(&mut b.lo, true);
        resolve(&mut b.hi, false);
    }
    // The quantity's own range closes the outer bands (`≥ 90%` of a 满意度 is [90%, 100%]).
    if let Some((rlo, rhi)) = leaf.range {
        for b in &mut bands {
            if b.lo.is_none() {
                b.lo = Some((rlo, Some(true)));
            }
            if b.hi.is_none() {
                b.hi = Some((rhi, Some(true)));
            }
            // An end at the range's own end (`90%-100%` of a 满意度) holds it.
            for e in [&mut b.lo, &mut b.hi] {
                if let Some((v, None)) = *e {
                    if v == rlo || v == rhi {
                        *e = Some((v, Some(true)));
                    }
                }
            }
        }
    }
    let open = bands
        .iter()
        .any(|b| matches!(b.lo, Some((_, None))) || matches!(b.hi, Some((_, None))));
    // The lowest and highest ends written; beyond them values fall in no band.
    let lowest = bands.iter().map(|b| b.lo).min_by(|a, b| match (a, b) {
        (None, _) => std::cmp::Ordering::Less,
        (_, None) => std::cmp::Ordering::Greater,
        (Some((x, _)), Some((y, _))) => x.cmp(y),
    })?;
    let highest = bands.iter().map(|b| b.hi).max_by(|a, b| match (a, b) {
        (None, _) => std::cmp::Ordering::Greater,
        (_, None) => std::cmp::Ordering::Less,
        (Some((x, _)), Some((y, _))) => x.cmp(y),
    })?;
    let within = |e: End, at: Option<Decimal>| e.is_none() || e.map(|(v, _)| v) == at;
    let below = !within(lowest, leaf.range.map(|r| r.0));
    let above = !within(highest, leaf.range.map(|r| r.1));
    let phrase = leaf
        .standard
        .trim()
        .trim_end_matches(['。', '；', ';'])
        .to_string();
    let note = bands
        .iter()
        .any(|b| b.by_law)
        .then(|| "“以上”“以下”含本数（《民法典》第一千二百五十九条）".to_string());
    // Two bands that hold the same values (an end marked in both, a cut-off written after
    // the bands), and values between two bands (ends written as whole numbers: 80%-89%, 90%-100%).
    let overlaps: Vec<(usize, usize)> = (0..bands.len())
        .flat_map(|i| (i + 1..bands.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| meet(&bands[i], &bands[j]))
        .collect();
    if overlaps.len() > 1 {
        return None;
    }
    let gaps = gaps(&bands);
    if !open && !below && !above && overlaps.is_empty() && gaps.is_empty() {
        let mut part = Part::decided(&phrase, rule(&bands));
        part.note = note;
        return Some(Recognised {
            parts: vec![part],
            ..Recognised::default()
        });
    }
    // Each question doubles the readings; each reading is the whole 分档.
    let mut variants: Vec<Vec<Band>> = vec![bands.clone()];
    let mut questions = Vec::new();
    if let Some(&(i, j)) = overlaps.first() {
        questions.push(format!(
            "“{}”与“{}”两档有重叠的值：按哪一档计？",
            cs[i], cs[j]
        ));
        // The earlier band keeps the shared values, or the later one does: the other gives
        // them up (and goes where it holds nothing else). Where one lies inside the other, the
        // bands are reordered instead (the first band that holds a value scores it).
        let keep = |winner: usize, loser: usize| -> Vec<Band> {
            let mut bs = bands.clone();
            match minus(&bands[loser], &bands[winner]) {
                Some(Some(b)) => bs[loser] = b,
                Some(None) => {
                    bs.remove(loser);
                }
                None => {
                    let b = bs.remove(winner);
                    bs.insert(loser.min(winner), b);
                }
            }
            bs
        };
        variants = vec![keep(i, j), keep(j, i)];
    }
    if !gaps.is_empty() {
        let shown: Vec<String> = gaps
            .iter()
            .map(|(a, b)| format!("{}与{}之间", pct(*a), pct(*b)))
            .collect();
        questions.push(format!(
            "{}的值不在任何一档：归上一档还是下一档？",
            shown.join("、")
        ));
        variants = variants
            .into_iter()
            .flat_map(|bs| {
                [true, false].map(|up| {
                    let mut bs = bs.clone();
                    for &(a, b) in &gaps {
                        // Up: the band ending at `a` reaches to `b`, which the next holds;
                        // down: the band starting at `b` reaches to `a`, which the other holds.
                        for x in bs.iter_mut() {
                            let (lo, hi) = (x.lo.map(|e| e.0), x.hi.map(|e| e.0));
                            if hi == Some(a) {
                                x.hi = Some(if up {
                                    (b, Some(false))
                                } else {
                                    (a, Some(true))
                                });
                            }
                            if lo == Some(b) {
                                x.lo = Some(if up {
                                    (b, Some(true))
                                } else {
                                    (a, Some(false))
                                });
                            }
                        }
                    }
                    bs
                })
            })
            .collect();
    }
    // Ends still unsaid once the gaps are closed.
    let open = variants
        .iter()
        .flatten()
        .any(|b| matches!(b.lo, Some((_, None))) || matches!(b.hi, Some((_, None))));
    if open {
        questions.push("没有写“含”的端点算在哪一档？".to_string());
        variants = variants
            .into_iter()
            .flat_map(|bs| {
                [(true, false), (false, true)].map(|(lo, hi)| {
                    bs.iter()
                        .map(|b| Band {
                            lo: b.lo.map(|(v, i)| (v, i.or(Some(lo)))),
                            hi: b.hi.map(|(v, i)| (v, i.or(Some(hi)))),
                            ..b.clone()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
    }
    let mut beyond = |edge: End, low: bool, questions: &mut Vec<String>| {
        let Some((v, _)) = edge else { return };
        questions.push(format!(
            "{} {} 的值不在任何一档：计几分？",
            if low { "低于" } else { "高于" },
            pct(v)
        ));
        variants = std::mem::take(&mut variants)
            .into_iter()
            .flat_map(|bs| {
                // The outer band reaches on, or the values beyond score 0.
                let mut on = bs.clone();
                if let Some(b) = on.iter_mut().find(|b| {
                    let e = if low { b.lo } else { b.hi };
                    e.map(|(w, _)| w) == Some(v)
                }) {
                    if low {
                        b.lo = None;
                    } else {
                        b.hi = None;
                    }
                }
                let mut zero = bs;
                let written = zero
                    .iter()
                    .find_map(|b| if low { b.lo } else { b.hi })
                    .filter(|(w, _)| *w == v);
                let incl = written.and_then(|(_, i)| i).unwrap_or(true);
                let extra = Band {
                    lo: (!low).then_some((v, Some(!incl))),
                    hi: low.then_some((v, Some(!incl))),
                    points: Decimal::ZERO,
                    by_law: false,
                };
                if low {
                    zero.insert(0, extra);
                } else {
                    zero.push(extra);
                }
                [on, zero]
            })
            .collect();
    };
    if below {
        beyond(lowest, true, &mut questions);
    }
    if above {
        beyond(highest, false, &mut questions);
    }
    let mut readings: Vec<String> = Vec::new();
    for r in variants.iter().map(|bs| rule(bs)) {
        if !readings.contains(&r) {
            readings.push(r);
        }
    }
    // More than a person can weigh: the whole text is the question.
    if readings.len() > 8 {
        return None;
    }
    let mut part = Part {
        phrase,
        question: questions.join(""),
        readings,
        note: None,
    };
    part.note = note;
    Some(Recognised {
        parts: vec![part],
        ..Recognised::default()
    })
}
