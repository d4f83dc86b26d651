//! `jixiao test --update`: a report's `期望:` block written (or refreshed) from what it scores
//! now, like a snapshot tool; the rest of the file is left as it was.

use std::fmt::Write as _;

use crate::base::quantity::fmt_points;
use crate::eval::Scored;
use crate::workflow::batch::Invalid;
use crate::workflow::expect::{parse, Expectation};

/// What the report gives under the scheme named `scheme` (its file's short name; `None` when
/// no scheme applied): total,
/// grade, completeness and every scored indicator (by name, or by path where names repeat);
/// for an invalid report, the ids of its errors.
pub fn expectation_of(scheme: Option<&str>, result: &Result<Scored<'_>, Invalid>) -> Expectation {
    let mut e = Expectation {
        scheme: scheme.map(str::to_string),
        ..Expectation::default()
    };
    match result {
        Err(inv) => {
            let mut ids: Vec<String> = Vec::new();
            for d in inv
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::base::diag::Severity::Error)
            {
                if !ids.contains(&d.id) {
                    ids.push(d.id.clone());
                }
            }
            e.diagnostics = ids;
        }
        Ok(scored) => {
            let (s, o) = (&scored.scheme, &scored.outcome);
            e.total = Some(o.total.round_dp(s.places));
            e.grade = Some(o.grade.map(|g| s.grades[g].name.clone()));
            e.complete = Some(o.complete);
            for id in s.scored_units() {
                let n = s.node(id);
                let namesakes = s.nodes.iter().filter(|m| m.name == n.name).count();
                let key = if namesakes > 1 {
                    n.path.join("/")
                } else {
                    n.name.clone()
                };
                e.indicators.push((key, o.node(id).score));
            }
        }
    }
    e
}

/// The `期望:` block of `blocks`, as YAML in the house layout (a list, one entry per scheme),
/// numbers with `places` decimals.
pub fn render(blocks: &[Expectation], places: u32) -> String {
    let mut s = String::from("期望:\n");
    for b in blocks {
        let mut first = true;
        let mut line = |s: &mut String, text: String| {
            let _ = writeln!(s, "{}{text}", if first { "  - " } else { "    " });
            first = false;
        };
        if let Some(scheme) = &b.scheme {
            line(&mut s, format!("方案: {scheme}"));
        }
        if !b.diagnostics.is_empty() {
            line(&mut s, format!("诊断: {}", b.diagnostics.join("、")));
        }
        if let Some(t) = b.total {
            line(&mut s, format!("总分: {}", fmt_points(t, places)));
        }
        if let Some(g) = &b.grade {
            line(&mut s, format!("等级: {}", g.as_deref().unwrap_or("无")));
        }
        if let Some(c) = b.complete {
            line(&mut s, format!("完整: {}", if c { "是" } else { "否" }));
        }
        if !b.tolerance.is_zero() {
            line(&mut s, format!("误差: {}", b.tolerance.normalize()));
        }
        if !b.indicators.is_empty() {
            line(&mut s, "指标:".to_string());
            for (name, v) in &b.indicators {
                let v = v.map_or_else(|| "不计分".to_string(), |v| fmt_points(v, places));
                let _ = writeln!(s, "      {}: {v}", yaml_key(name));
            }
        }
        if first {
            // An empty block still says it is one.
            let _ = writeln!(s, "  - {{}}");
        }
    }
    s
}

/// A key as YAML reads it back: quoted when it holds what YAML would take as syntax.
fn yaml_key(name: &str) -> String {
    let plain = !name.is_empty()
        && !name.starts_with([
            '-', '?', '!', '&', '*', '#', '|', '>', '@', '`', '\'', '"', '%', '[', '{',
        ])
        && !name.contains([':', '#', '{', '}', '[', ']', ','])
        && name.trim() == name;
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// `text` with its `期望:` block holding `new` for the scheme read from `scheme_file` (`None`:
/// no scheme applied): the block
/// that applies to it (by the name its author wrote, or a block naming no scheme) is replaced,
/// keeping that name and its 误差 (the blocks for other schemes kept, in order), or `new` is
/// added; a report without `期望:` gets one at its end. Nothing outside the block changes (a
/// byte-order mark and CRLF line ends are kept); comments inside the block are not kept.
///
/// # Errors
/// The report's `期望:` cannot be read (it is not rewritten then).
pub fn update(
    text: &str,
    scheme_file: Option<&str>,
    new: Expectation,
    places: u32,
) -> Result<String, String> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let text = &text[bom.len()..];
    let mut blocks = parse(text)?;
    // The block for this scheme as its author named it (`2020.jx`, `ziping/2020.jx`, or no
    // name at all: a block for any scheme).
    let at = blocks
        .iter()
        .position(|b| b.scheme.is_some() && scheme_file.is_some_and(|f| b.applies_to(f)))
        .or_else(|| blocks.iter().position(|b| b.scheme.is_none()));
    match at {
        Some(i) => {
            // What the author wrote by hand stays: the scheme's name and the tolerance.
            let (scheme, tolerance) = (blocks[i].scheme.clone(), blocks[i].tolerance);
            blocks[i] = Expectation {
                scheme,
                tolerance,
                ..new
            };
        }
        None => blocks.push(new),
    }
    let mut block = render(&blocks, places);
    // The file's own line ends.
    if text.contains("\r\n") {
        block = block.replace('\n', "\r\n");
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let top = |l: &str| !l.starts_with([' ', '\t', '#', '\n', '\r']) && !l.trim().is_empty();
    let start = lines
        .iter()
        .position(|l| l.starts_with("期望:") || l.starts_with("期望："));
    Ok(match start {
        Some(s) => {
            // The block runs to the next top-level key (comments and blank lines before that
            // key stay with it).
            let mut end = lines[s + 1..]
                .iter()
                .position(|l| top(l))
                .map_or(lines.len(), |i| s + 1 + i);
            while end > s + 1 && !lines[end - 1].starts_with([' ', '\t']) {
                end -= 1;
            }
            let mut out: String = bom.to_string();
            out.push_str(&lines[..s].concat());
            out.push_str(&block);
            out.push_str(&lines[end..].concat());
            out
        }
        None => {
            let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let mut out = format!("{bom}{text}");
            if !out.is_empty() && !out.ends_with('\n') {
                out.push_str(nl);
            }
            out.push_str(nl);
            out.push_str(&block);
            out
        }
    })
}
