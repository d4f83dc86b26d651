//! The bands of a 分档 rule against the values it scores: dead bands, overlaps and holes.

use super::{band_text, fmt_set, fmt_value, unit_of};
use crate::base::diag::Diag;
use crate::base::interval::Set;
use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{self, Scheme};
use crate::lint::Lint;

/// Holes, overlaps and dead bands of a 分档 rule; true when a band was found unreachable.
pub(super) fn check_bands(
    scheme: &Scheme,
    n: &ir::Node,
    leaf: &ir::Leaf,
    bands: &[ir::Band],
    s: &Set,
    dim: Dim,
    diags: &mut Vec<Diag>,
) -> bool {
    let name = &n.name;
    let sets: Vec<Set> = bands
        .iter()
        .map(|b| Set::range(b.range, false).intersect(s))
        .collect();
    let (any_dead, seen) = unreachable_bands(scheme, name, bands, &sets, s, dim, diags);
    band_overlaps(name, bands, &sets, dim, diags);
    band_gap(name, leaf, s, &seen, dim, diags);
    any_dead
}

/// `band-unreachable` for each band out of range or shadowed by earlier ones; returns whether
/// any was found and the values the bands cover.
fn unreachable_bands(
    scheme: &Scheme,
    name: &str,
    bands: &[ir::Band],
    sets: &[Set],
    s: &Set,
    dim: Dim,
    diags: &mut Vec<Diag>,
) -> (bool, Set) {
    let mut any_dead = false;
    let mut seen = Set::empty();
    for (i, (b, here)) in bands.iter().zip(sets).enumerate() {
        let help = if here.is_empty() {
            Some(format!(
                "规则所计的值可能的范围是 {}，这一档 `{}` 在范围之外",
                fmt_set(s, dim),
                band_text(scheme, b.span)
            ))
        } else if here.minus(&seen).is_empty() {
            Some(format!(
                "这一档 `{}` 的值都已被前面的档命中（按先写的档计分）",
                band_text(scheme, b.span)
            ))
        } else {
            None
        };
        if let Some(help) = help {
            any_dead = true;
            diags.push(
                Diag::new(
                    Lint::BandUnreachable {
                        name: name.to_string(),
                        index: i + 1,
                        help,
                    },
                    b.span,
                )
                .label(format!("第{}档", i + 1)),
            );
        }
        seen = seen.union(here);
    }
    (any_dead, seen)
}

/// `band-overlap` for each band that shares values with an earlier one (the first such).
fn band_overlaps(name: &str, bands: &[ir::Band], sets: &[Set], dim: Dim, diags: &mut Vec<Diag>) {
    let unit = unit_of(dim);
    for j in 1..bands.len() {
        for i in 0..j {
            let both = sets[i].intersect(&sets[j]);
            if both.is_empty() || sets[j].minus(&sets[i]).is_empty() {
                // An empty overlap, or band j wholly shadowed (reported as unreachable).
                continue;
            }
            let Some(v) = both.example(unit) else {
                continue;
            };
            let example = fmt_value(v, dim);
            diags.push(
                Diag::new(
                    Lint::BandOverlap {
                        name: name.to_string(),
                        example: example.clone(),
                        first: i + 1,
                        second: j + 1,
                    },
                    bands[j].span,
                )
                .label(format!("第{}档", j + 1))
                .note(bands[i].span, format!("第{}档", i + 1))
                .example(example),
            );
            break;
        }
    }
}

/// `band-gap` when values in range (`s`) fall in no band (`seen` are those that do).
fn band_gap(name: &str, leaf: &ir::Leaf, s: &Set, seen: &Set, dim: Dim, diags: &mut Vec<Diag>) {
    let holes = s.minus(seen);
    if let Some(v) = holes.example(unit_of(dim)) {
        let example = fmt_value(v, dim);
        let help = format!(
            "没有分档的值：{}。补上这一档，或检查区间端点的开闭（原文的“（含）”）",
            fmt_set(&holes, dim)
        );
        diags.push(
            Diag::new(
                Lint::BandGap {
                    name: name.to_string(),
                    example: example.clone(),
                    help,
                },
                // The keyword `分档`, not the whole block: the hole is between the lines.
                Span::new(
                    leaf.rule_span.file,
                    leaf.rule_span.start as usize,
                    (leaf.rule_span.start as usize + "分档".len()).min(leaf.rule_span.end as usize),
                ),
            )
            .label(format!("值为 {example} 时没有一档命中"))
            .example(example),
        );
    }
}
