//! The 评分表 in a terminal: 指标, 分值, 得分, 扣分, 自评 and 差 (when the report has
//! self-scores), 核定 (when it has the bureau's scores), and 说明. Given a width, 说明 is wrapped
//! to it (display width: a Chinese character takes two columns); when the fixed columns leave
//! too little room, 说明 goes on its own lines under the indicator, so that the table still reads
//! at 80 columns. Without a width (output to a file or a pipe) nothing is wrapped.

use unicode_width::UnicodeWidthStr;

use super::text::{lpad, pad};
use crate::base::quantity::{fmt_given, fmt_points};
use crate::eval::Scored;
use crate::explain::Explainer;
use crate::ir::NodeId;

/// The least room for 说明 beside the numbers; with less, it goes under the row.
const MIN_REASON: usize = 28;

/// Where 说明 goes under a row: indented this much.
const UNDER: usize = 6;

/// One line of the table before layout: the name (indented), the numbers, the 说明.
struct Line {
    name: String,
    numbers: Vec<String>,
    reason: String,
}

/// The table's lines after the report's header, `width` columns wide when given.
pub fn rows(scored: &Scored<'_>, width: Option<usize>) -> String {
    let (scheme, report, outcome) = (&*scored.scheme, &scored.report, &scored.outcome);
    let p = scheme.places;
    let ex = Explainer::of(scored);
    let has_own = report.has_self_scores();
    let has_confirmed = report.has_confirmed();
    let mut heads = vec!["分值", "得分", "扣分"];
    if has_own {
        heads.extend(["自评", "差"]);
    }
    if has_confirmed {
        heads.push("核定");
    }
    let show = |v: Option<rust_decimal::Decimal>| v.map(|d| fmt_given(d, p)).unwrap_or_default();
    let mut lines: Vec<Line> = Vec::new();
    for i in 0..scheme.nodes.len() {
        let id = NodeId(i as u32);
        let n = scheme.node(id);
        let o = outcome.node(id);
        let leaf = n.leaf.is_some() || n.unfilled();
        let score = o.score.map_or_else(|| "—".into(), |s| fmt_points(s, p));
        // 扣分: the points a scored indicator did not get.
        let lost = o
            .score
            .filter(|_| leaf)
            .map(|s| n.weight - s)
            .filter(|l| !l.is_zero())
            .map(|l| fmt_points(l, p))
            .unwrap_or_default();
        let mut numbers = vec![fmt_points(n.weight, p), score, lost];
        if has_own {
            let (own, gap) = match ex.self_gap(id) {
                Some((s, g)) => (
                    fmt_given(s, p),
                    g.map(|g| fmt_given(g, p)).unwrap_or_default(),
                ),
                None => (String::new(), String::new()),
            };
            numbers.extend([own, gap]);
        }
        if has_confirmed {
            numbers.push(show(report.confirmed.get(i).copied().flatten()));
        }
        let reason = if leaf {
            ex.reason(id)
        } else {
            let mut notes = report.notes(id).to_vec();
            notes.extend(super::partial_note(scored, id));
            notes.join("；")
        };
        lines.push(Line {
            name: format!("{}{}", "  ".repeat(n.path.len() - 1), n.name),
            numbers,
            reason,
        });
    }
    let mut total = vec![
        fmt_points(scheme.full_marks, p),
        fmt_points(outcome.total, p),
        String::new(),
    ];
    if has_own {
        let own = report.self_total_or_sum(scheme.scored_units());
        total.push(show(own));
        total.push(
            own.filter(|_| outcome.complete)
                .map(|s| fmt_given(s - outcome.total, p))
                .unwrap_or_default(),
        );
    }
    if has_confirmed {
        total.push(show(report.confirmed_total));
    }
    lines.push(Line {
        name: "合计".into(),
        numbers: total,
        reason: String::new(),
    });
    layout(&heads, &lines, width)
}

fn layout(heads: &[&str], lines: &[Line], width: Option<usize>) -> String {
    let widest = lines
        .iter()
        .map(|l| UnicodeWidthStr::width(l.name.as_str()))
        .chain([4])
        .max()
        .unwrap_or(8)
        + 2;
    // Each number column as wide as its widest cell, with a blank before it.
    let num_w: Vec<usize> = (0..heads.len())
        .map(|k| {
            lines
                .iter()
                .map(|l| UnicodeWidthStr::width(l.numbers[k].as_str()))
                .chain([UnicodeWidthStr::width(heads[k])])
                .max()
                .unwrap_or(4)
                + 2
        })
        .collect();
    let numbers: usize = num_w.iter().sum();
    // A name too long for the terminal is wrapped in its column (the numbers on its first line).
    let name_w = match width {
        Some(w) if widest + numbers > w => w.saturating_sub(numbers).max(14),
        _ => widest,
    };
    let fixed = name_w + numbers + 2;
    // Where 说明 goes: beside (wrapped to what is left), under the row, or unwrapped.
    let beside = width
        .map(|w| w.saturating_sub(fixed))
        .filter(|r| *r >= MIN_REASON);
    let under = width.filter(|_| beside.is_none());
    let row = |name: &str, cells: &[String]| {
        let mut s = pad(name, name_w);
        for (k, c) in cells.iter().enumerate() {
            s.push_str(&lpad(c, num_w[k]));
        }
        s
    };
    let heads_s: Vec<String> = heads.iter().map(|h| (*h).to_string()).collect();
    let mut out = row("指标", &heads_s);
    if under.is_none() {
        out.push_str("  说明");
    }
    out.push('\n');
    for l in lines {
        // The name's own lines: the first beside the numbers, the rest under it.
        let indent = l.name.chars().take_while(|c| *c == ' ').count();
        let names: Vec<String> = if UnicodeWidthStr::width(l.name.as_str()) + 2 > name_w {
            let opts = textwrap::Options::new(name_w.saturating_sub(2).max(4))
                .subsequent_indent(&l.name[..indent]);
            textwrap::wrap(&l.name, &opts)
                .into_iter()
                .map(|c| c.into_owned())
                .collect()
        } else {
            vec![l.name.clone()]
        };
        let mut first = row(&names[0], &l.numbers);
        let rest_names = &names[1..];
        let push_names = |out: &mut String| {
            for n in rest_names {
                out.push_str(n.trim_end());
                out.push('\n');
            }
        };
        if l.reason.is_empty() {
            out.push_str(first.trim_end());
            out.push('\n');
            push_names(&mut out);
            continue;
        }
        match (beside, under) {
            (Some(room), _) => {
                let wrapped = textwrap::wrap(&l.reason, room);
                let mut it = wrapped.iter();
                if let Some(w) = it.next() {
                    first.push_str("  ");
                    first.push_str(w);
                }
                out.push_str(first.trim_end());
                out.push('\n');
                // Continued 说明 beside the continued name.
                let mut names = rest_names.iter();
                for w in it {
                    let name = names.next().map_or(String::new(), |n| pad(n, name_w));
                    out.push_str(&name);
                    out.push_str(&" ".repeat(fixed - UnicodeWidthStr::width(name.as_str())));
                    out.push_str(w);
                    out.push('\n');
                }
                for n in names {
                    out.push_str(n.trim_end());
                    out.push('\n');
                }
            }
            (None, Some(w)) => {
                out.push_str(first.trim_end());
                out.push('\n');
                push_names(&mut out);
                for part in textwrap::wrap(&l.reason, w.saturating_sub(UNDER).max(10)) {
                    out.push_str(&" ".repeat(UNDER));
                    out.push_str(&part);
                    out.push('\n');
                }
            }
            (None, None) => {
                first.push_str("  ");
                first.push_str(&l.reason);
                out.push_str(first.trim_end());
                out.push('\n');
                push_names(&mut out);
            }
        }
    }
    out
}
