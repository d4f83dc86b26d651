//! Filling a self-evaluation form (绩效自评表): the scheme fixes the categories and their
//! points, the report brings the rows (read and classified by [`crate::report`]).
//!
//! [`fill`] turns the form scheme and one report's rows into that report's own indicator
//! table: every row becomes a leaf (path 一级/二级/三级) whose points are stated, shared or
//! scaled, and whose scoring is its kind's leaf with the row's own inputs. A fixed table is
//! filled by nothing: the scheme as given. Evaluation, explanations and renderings then score
//! and show exactly the table they are handed, without knowing a form from a fixed table.

use std::borrow::Cow;
use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::base::source::Span;
use crate::base::units::Dim;
use crate::ir::{
    self, Expr, ExprKind, Form, InputId, InputKind, NodeId, RowKind, Scheme, Subject, ValueId,
};
use crate::report::{blocks, Finding, Report, RowInfo};

mod points;
mod share;

pub use points::{apportion, tier_scores};
use points::{check_row, printed_differ, report_set_points};
use share::{share_points, Group};

/// A report matched to the table it is scored on.
#[derive(Debug, Clone)]
pub struct Filled<'s> {
    /// The table: the form filled with the report's rows, or the scheme as given (a fixed
    /// table).
    pub scheme: Cow<'s, Scheme>,
    /// The report, its inputs, self-scores, rows and notes laid out for that table.
    pub report: Report,
}

impl Filled<'_> {
    /// Whether the table was made for this report (a form filled with its rows) rather than
    /// being the scheme as given.
    pub fn is_own_table(&self) -> bool {
        matches!(self.scheme, Cow::Owned(_))
    }
}

/// Fills `scheme` with `report`: a self-evaluation form becomes the indicator table of the
/// report's rows (and the report's inputs, self-scores and 核定 are extended to match, its
/// rows placed on their leaves, notes and findings added); any other scheme is returned as
/// given, with the report unchanged.
pub fn fill(scheme: &Scheme, mut report: Report) -> Filled<'_> {
    let filled = match scheme.form.as_deref() {
        None => Filled {
            scheme: Cow::Borrowed(scheme),
            report,
        },
        Some(form) => {
            let table = fill_form(scheme, form, &mut report);
            Filled {
                scheme: Cow::Owned(table),
                report,
            }
        }
    };
    self_total_check(filled)
}

/// The self-scores against the 自评总分 the report states: when every scored indicator has
/// one and they do not add up to it, or the ones given already exceed it, a finding
/// (`self_total_mismatch`): one of the two was copied or added wrong.
fn self_total_check(mut f: Filled<'_>) -> Filled<'_> {
    let Some(total) = f.report.self_total else {
        return f;
    };
    if total > f.scheme.full_marks {
        f.report.findings.push(Finding {
            kind: "self_total_above_full",
            text: format!(
                "自评总分 {} 分超过满分 {} 分",
                total.normalize(),
                f.scheme.full_marks.normalize()
            ),
        });
    }
    let own: Vec<Option<Decimal>> = f
        .scheme
        .scored_units()
        .map(|id| f.report.self_scores.get(id.0 as usize).copied().flatten())
        .collect();
    let given: Vec<Decimal> = own.iter().flatten().copied().collect();
    if given.is_empty() {
        return f;
    }
    // Each self-score is at most 1,000,000 (a row's points are bounded the same way) and a
    // report holds far fewer than 10^20 rows: the sum fits.
    let sum: Decimal = given.iter().sum();
    let all = given.len() == own.len();
    if (all && sum != total) || sum > total {
        let which = if all { "各项" } else { "已填的各项" };
        f.report.findings.push(Finding {
            kind: "self_total_mismatch",
            text: format!(
                "{which}自评得分合计 {} 分，与自评总分 {} 分不符",
                sum.normalize(),
                total.normalize()
            ),
        });
    }
    f
}

/// The form filled with the report's rows: the indicator table this report is scored on.
fn fill_form(base: &Scheme, form: &Form, report: &mut Report) -> Scheme {
    let places = base.places;
    let mut s = base.clone();
    let mut rows = std::mem::take(&mut report.rows);
    let mut findings = Vec::new();
    // Notes on the form's indicators for this report, by the form's node ids.
    let mut notes: Vec<Vec<String>> = vec![Vec::new(); base.nodes.len()];

    // Categories without rows: merged into another, or left unscored.
    let mut weight: Vec<Decimal> = base.nodes.iter().map(|n| n.weight).collect();
    for (i, n) in base.nodes.iter().enumerate() {
        let Some(slot) = n.rows else { continue };
        if rows.iter().any(|r| r.category.0 as usize == i) {
            continue;
        }
        match slot.merge_into {
            Some(t) if rows.iter().any(|r| r.category == t) => {
                let moved = weight[i];
                weight[t.0 as usize] += moved;
                let text = format!(
                    "未设置{}的指标行，其 {} 分并入{}",
                    n.name,
                    n.weight.normalize(),
                    base.node(t).name
                );
                notes[i].push(text.clone());
                notes[t.0 as usize].push(text.clone());
                findings.push(Finding {
                    kind: "category_merged",
                    text,
                });
                weight[i] = Decimal::ZERO;
            }
            _ => {
                let text = format!("{}没有填报任何指标行，未计分", n.name);
                notes[i].push(text.clone());
                findings.push(Finding {
                    kind: "category_no_rows",
                    text,
                });
            }
        }
    }
    report_set_points(base, &rows, &mut weight, &mut notes, &mut findings);
    // Against the points after merging (`效益指标（40分）` with 满意度's 10 merged into 30).
    printed_differ(base, &weight, &mut rows);
    for (n, w) in s.nodes.iter_mut().zip(&weight) {
        n.weight = *w;
    }

    // Points of each row.
    for (ci, n) in base.nodes.iter().enumerate() {
        if n.rows.is_none() {
            continue;
        }
        let idx: Vec<usize> = (0..rows.len())
            .filter(|k| rows[*k].category.0 as usize == ci)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let w = weight[ci];
        // A form in blocks that prints the category's points in each block: each block's
        // rows share its part (prorated to the category's points).
        let mine: Vec<&RowInfo> = idx.iter().map(|k| &rows[*k]).collect();
        let by_block: Option<Vec<(String, Decimal)>> = blocks::printed_by_block(&mine)
            .into_iter()
            .map(|(b, p)| p.map(|p| (b.to_string(), p)))
            .collect();
        match by_block.filter(|b| !b.is_empty()) {
            Some(parts) => {
                let points: Vec<Decimal> = parts.iter().map(|(_, p)| *p).collect();
                let printed_sum: Decimal = points.iter().sum();
                let shares = points::apportion(w, &points, places);
                for ((b, printed), bw) in parts.iter().zip(shares) {
                    let part: Vec<usize> = idx
                        .iter()
                        .copied()
                        .filter(|k| rows[*k].block.as_deref() == Some(b.as_str()))
                        .collect();
                    let name = format!("{}（{b}）", n.name);
                    let group = Group {
                        name: &name,
                        w: bw,
                        // Each printed part ≤ 10^20 and w ≤ MAX_POINTS: the product fits.
                        exact: if printed_sum.is_zero() {
                            bw
                        } else {
                            w.saturating_mul(*printed) / printed_sum
                        },
                        printed: Some(*printed),
                    };
                    share_points(form, &group, places, &mut rows, &part, &mut findings);
                }
            }
            None => {
                let group = Group {
                    name: &n.name,
                    w,
                    exact: w,
                    printed: idx.iter().find_map(|k| rows[*k].category_points),
                };
                share_points(form, &group, places, &mut rows, &idx, &mut findings);
            }
        }
    }

    // A row written with 0 points (or 权重 0%) among rows with points counts for nothing.
    for r in &mut rows {
        if r.stated_points == Some(Decimal::ZERO)
            && r.points.is_zero()
            && !weight[r.category.0 as usize].is_zero()
        {
            r.note(
                "row_zero_points",
                "本行分值为 0，完成与否都不影响得分；请核对分值".into(),
            );
        }
    }

    // Row findings that need the points: self-scores, met targets, far over-achievement.
    for r in &mut rows {
        check_row(form, r, places, base.rounding);
        for f in &r.notes {
            findings.push(Finding {
                kind: f.kind,
                text: format!("{}：{}", r.path_text(), f.text),
            });
        }
    }

    build(&mut s, base, form, report, rows, notes);
    report.findings.extend(findings);
    s
}

/// Rebuilds the node list depth-first with the rows in place, gives every row its own copy
/// of its kind's inputs and values, and lays the report out for the new table (self-scores,
/// 核定, rows and notes by the new ids).
fn build(
    s: &mut Scheme,
    base: &Scheme,
    form: &Form,
    report: &mut Report,
    rows: Vec<RowInfo>,
    notes: Vec<Vec<String>>,
) {
    let mut nodes: Vec<ir::Node> = Vec::with_capacity(base.nodes.len() + rows.len() * 2);
    let mut t = Table::default();
    let mut old_to_new: HashMap<u32, NodeId> = HashMap::new();

    fn push(nodes: &mut Vec<ir::Node>, mut n: ir::Node, parent: Option<NodeId>) -> NodeId {
        let id = NodeId(nodes.len() as u32);
        n.parent = parent;
        n.children = Vec::new();
        if let Some(p) = parent {
            nodes[p.0 as usize].children.push(id);
        }
        nodes.push(n);
        id
    }

    let mut stack: Vec<(NodeId, Option<NodeId>)> =
        base.roots.iter().rev().map(|r| (*r, None)).collect();
    let mut roots = Vec::new();
    while let Some((old, parent)) = stack.pop() {
        let id = push(&mut nodes, s.nodes[old.0 as usize].clone(), parent);
        old_to_new.insert(old.0, id);
        t.push(
            report.self_scores.get(old.0 as usize).copied().flatten(),
            report.confirmed.get(old.0 as usize).copied().flatten(),
            None,
            notes.get(old.0 as usize).cloned().unwrap_or_default(),
        );
        if parent.is_none() {
            roots.push(id);
        }
        if base.node(old).rows.is_some() {
            let mut groups: Vec<NodeId> = Vec::new();
            // Groups by (block, 二级); a block's own group is keyed with no 二级.
            let mut group_of: HashMap<(Option<&str>, Option<&str>), NodeId> = HashMap::new();
            // Rows of one block, and of one 二级 in it, stay together under it in the table's
            // order (a 二级 that comes back after another, as 重庆 forms print 定量 … 定性 …
            // 定量), each group where its first row is.
            let mut mine: Vec<usize> = (0..rows.len())
                .filter(|k| rows[*k].category == old)
                .collect();
            let mut first: HashMap<(Option<&str>, Option<&str>), usize> = HashMap::new();
            for &k in &mine {
                let b = rows[k].block.as_deref();
                first.entry((b, None)).or_insert(k);
                if let [_, g, _] = rows[k].path.as_slice() {
                    first.entry((b, Some(g.as_str()))).or_insert(k);
                }
            }
            mine.sort_by_key(|&k| {
                let b = rows[k].block.as_deref();
                let in_block = first.get(&(b, None)).copied().unwrap_or(k);
                match rows[k].path.as_slice() {
                    [_, g, _] => (
                        in_block,
                        first.get(&(b, Some(g.as_str()))).copied().unwrap_or(k),
                        k,
                    ),
                    _ => (in_block, k, k),
                }
            });
            // A nested category's rows sit below it: their paths start with its own.
            let here = nodes[id.0 as usize].path.clone();
            for k in mine {
                let r = &rows[k];
                let mut under = id;
                let mut path = here.clone();
                let b = r.block.as_deref();
                let mut levels: Vec<(Option<&str>, &str)> = Vec::new();
                if let Some(b) = b {
                    levels.push((None, b));
                }
                if r.path.len() == 3 {
                    levels.push((Some(r.path[1].as_str()), r.path[1].as_str()));
                }
                for (g, name) in levels {
                    path.push(name.to_string());
                    under = match group_of.get(&(b, g)) {
                        Some(gid) => *gid,
                        None => {
                            let gid = push(&mut nodes, group(&path, r.span), Some(under));
                            t.push(None, None, None, Vec::new());
                            group_of.insert((b, g), gid);
                            groups.push(gid);
                            gid
                        }
                    };
                }
                path.push(r.path.last().cloned().unwrap_or_default());
                let Some(leaf) = instantiate(s, form, report, r) else {
                    continue;
                };
                t.push(r.self_score, None, Some(k as u32), Vec::new());
                let mut n = group(&path, r.span);
                n.weight = r.points;
                n.leaf = Some(leaf);
                push(&mut nodes, n, Some(under));
            }
            // Sum the groups' points, the innermost (pushed last) first.
            for gid in groups.iter().rev() {
                let w: Decimal = nodes[gid.0 as usize]
                    .children
                    .iter()
                    .map(|c| nodes[c.0 as usize].weight)
                    .sum();
                nodes[gid.0 as usize].weight = w;
            }
        }
        let children = &base.node(old).children;
        for c in children.iter().rev() {
            stack.push((*c, Some(id)));
        }
    }
    let mut names = crate::base::names::NameMap::default();
    for (i, n) in nodes.iter().enumerate() {
        names.entry(n.name.clone()).or_insert(NodeId(i as u32));
    }
    for n in &mut nodes {
        if let Some(slot) = &mut n.rows {
            slot.merge_into = slot.merge_into.and_then(|m| old_to_new.get(&m.0).copied());
        }
    }
    s.nodes = nodes;
    s.roots = roots;
    s.node_names = names;
    report.self_scores = t.self_scores;
    report.confirmed = t.confirmed;
    report.row_of = t.row_of;
    report.notes = t.notes;
    report.rows = rows;
}

/// What the report holds for each indicator of the new table, by the new ids.
#[derive(Default)]
struct Table {
    self_scores: Vec<Option<Decimal>>,
    confirmed: Vec<Option<Decimal>>,
    row_of: Vec<Option<u32>>,
    notes: Vec<Vec<String>>,
}

impl Table {
    fn push(
        &mut self,
        own: Option<Decimal>,
        confirmed: Option<Decimal>,
        row: Option<u32>,
        notes: Vec<String>,
    ) {
        self.self_scores.push(own);
        self.confirmed.push(confirmed);
        self.row_of.push(row);
        self.notes.push(notes);
    }
}

fn group(path: &[String], span: Span) -> ir::Node {
    ir::Node {
        name: path.last().cloned().unwrap_or_default(),
        path: path.to_vec(),
        weight: Decimal::ZERO,
        parent: None,
        children: Vec::new(),
        standard: None,
        explanation: None,
        leaf: None,
        span,
        rows: None,
        points_span: span,
        edits: Vec::new(),
    }
}

/// The row's copy of its kind's leaf: fresh inputs holding the row's values, fresh values.
/// `None` only for a kind the scheme does not score, which classification never gives (an
/// exact target without `种类 定量等于` is an unscored qualitative row, and every form scores
/// the required kinds: check::rows).
fn instantiate(s: &mut Scheme, form: &Form, report: &mut Report, r: &RowInfo) -> Option<ir::Leaf> {
    let own = |k: RowKind| form.kinds.get(k.index()).and_then(Option::as_ref);
    let kind = own(r.kind).or_else(|| own(RowKind::Qualitative))?;
    let mut inputs: HashMap<InputId, InputId> = HashMap::new();
    for (k, old) in form.inputs.all().into_iter().enumerate() {
        let mut input = s.input(old).clone();
        if let InputKind::Number(Dim::Row) = input.kind {
            input.kind = InputKind::Number(r.dim);
        }
        let id = InputId(s.inputs.len() as u32);
        s.inputs.push(input);
        report.inputs.push(r.values[k].clone());
        inputs.insert(old, id);
    }
    let mut values: HashMap<ValueId, ValueId> = HashMap::new();
    for (k, v) in kind.values.iter().enumerate() {
        values.insert(*v, ValueId((s.values.len() + k) as u32));
    }
    for v in &kind.values {
        let mut value = s.value(*v).clone();
        value.expr = remap(&value.expr, &inputs, &values);
        s.values.push(value);
    }
    let mut leaf = kind.leaf.clone();
    leaf.subject = leaf.subject.map(|sub| match sub {
        Subject::Value(v) => Subject::Value(values.get(&v).copied().unwrap_or(v)),
        Subject::Input(i) => Subject::Input(inputs.get(&i).copied().unwrap_or(i)),
    });
    for c in &mut leaf.cases {
        c.cond = remap(&c.cond, &inputs, &values);
    }
    Some(leaf)
}

fn remap(e: &Expr, inputs: &HashMap<InputId, InputId>, values: &HashMap<ValueId, ValueId>) -> Expr {
    let m = |x: &Expr| Box::new(remap(x, inputs, values));
    let kind = match &e.kind {
        ExprKind::Input(i) => ExprKind::Input(inputs.get(i).copied().unwrap_or(*i)),
        ExprKind::Value(v) => ExprKind::Value(values.get(v).copied().unwrap_or(*v)),
        ExprKind::Num(..) | ExprKind::Bool(_) => e.kind.clone(),
        ExprKind::Neg(x) => ExprKind::Neg(m(x)),
        ExprKind::Not(x) => ExprKind::Not(m(x)),
        ExprKind::Binary(op, l, r) => ExprKind::Binary(*op, m(l), m(r)),
        ExprKind::Call(f, args) => {
            ExprKind::Call(*f, args.iter().map(|a| remap(a, inputs, values)).collect())
        }
        ExprKind::If(c, t, f) => ExprKind::If(m(c), m(t), m(f)),
        ExprKind::Convert(x, f) => ExprKind::Convert(m(x), *f),
    };
    Expr {
        kind,
        ty: e.ty,
        span: e.span,
    }
}
