//! Self-evaluation forms (绩效自评表): the scheme fixes the categories and their points, the
//! report brings the rows.
//!
//! Reading classifies each row by its target and actual into one of the scheme's kinds
//! ([`classify`]); filling ([`fill`]) turns the scheme and the report's rows into an ordinary
//! indicator table: every row becomes a leaf (path 一级/二级/三级) whose points are stated,
//! shared or scaled, and whose scoring is its kind's leaf with the row's own inputs. The
//! evaluator, the explanations and the JSON then treat it like any fixed table.

pub mod value;

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::base::quantity::round;
use crate::base::quantity::fmt_points;
use crate::ir::{self, Expr, ExprKind, Form, InputId, InputKind, NodeId, RowKind, Scheme, Subject, ValueId};
use crate::report::{Finding, InputValue, Report};
use crate::base::source::Span;
use crate::base::units::Dim;
use value::{Cmp, Fit, Reading, RowUnit};

/// A row of a report, read and classified.
#[derive(Debug, Clone, PartialEq)]
pub struct RowInfo {
    /// 一级 (the category), 二级 when given, 三级.
    pub path: Vec<String>,
    /// The category in the scheme.
    pub category: NodeId,
    /// 指标值 as written.
    pub target_text: String,
    /// 完成值 as written.
    pub actual_text: String,
    /// 指标值 as read.
    pub target: Reading,
    /// 完成值 as read.
    pub actual: Reading,
    /// The kind it is scored as.
    pub kind: RowKind,
    /// How the values were taken, when it is not the plain reading (a completion
    /// percentage against a count, the lowest part of a compound …).
    pub how: Option<String>,
    /// 分值 as written.
    pub stated_points: Option<Decimal>,
    /// The points it is scored out of (set when the form is filled).
    pub points: Decimal,
    /// How the points were set, when not as written.
    pub points_note: Option<String>,
    /// 自评得分.
    pub self_score: Option<Decimal>,
    /// 偏差原因.
    pub reason: Option<String>,
    /// The row's inputs: 实际, 指标值, 达标, 完成比例 (`None`: not available).
    pub values: [Option<InputValue>; 4],
    /// The dimension 实际 and 指标值 are shown in.
    pub dim: Dim,
    /// The unit of 实际 and 指标值.
    pub unit: RowUnit,
    /// Findings on this row.
    pub notes: Vec<Finding>,
    /// The row in the report.
    pub span: Span,
}

impl RowInfo {
    /// `产出指标/数量指标/发放人数`.
    pub fn path_text(&self) -> String {
        self.path.join("/")
    }

    fn note(&mut self, kind: &'static str, text: String) {
        self.notes.push(Finding { kind, text });
    }

    /// 达标, when known.
    pub fn met(&self) -> Option<bool> {
        match self.values[2] {
            Some(InputValue::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// A value of 实际/指标值 as shown: `98%`, `14人`, `15.2万元`.
    pub fn show(&self, v: Decimal) -> String {
        match (&self.unit, self.dim) {
            (_, Dim::Ratio) => crate::base::quantity::fmt_bound(v, Dim::Ratio),
            (u, _) => format!("{}{}", v.normalize(), u.word()),
        }
    }
}

/// A row's texts as the report gives them.
#[derive(Debug, Clone, Default)]
pub struct RowTexts {
    /// 指标值.
    pub target: String,
    /// 完成值.
    pub actual: String,
    /// 完成比例, when given.
    pub completion: Option<String>,
}

/// Classifies a row by its target and actual. `year` fills dates written without one.
pub fn classify(form: &Form, texts: &RowTexts, year: i32, row: &mut RowInfo) {
    row.target_text = texts.target.trim().to_string();
    row.actual_text = texts.actual.trim().to_string();
    row.target = value::target(&texts.target);
    row.actual = value::actual(&texts.actual);
    let given = texts.completion.as_deref().map(value::actual);
    let given = match given {
        Some(Reading::Quantity {
            value,
            unit: RowUnit::Word(crate::base::units::UnitWord::Percent),
            ..
        }) => Some(Ok(value)),
        Some(Reading::Empty) | None => None,
        Some(_) => Some(Err(())),
    };
    if given == Some(Err(())) {
        let t = texts.completion.clone().unwrap_or_default();
        row.note(
            "unreadable_completion",
            format!("完成比例 `{t}` 不是百分数，未采用"),
        );
    }
    let given = given.and_then(Result::ok);
    let actual_percent = match &row.actual {
        Reading::Quantity {
            value,
            unit: RowUnit::Word(crate::base::units::UnitWord::Percent),
            ..
        } => Some(*value),
        _ => None,
    };
    // The completion a qualitative reading uses: the actual if it is a percentage, else
    // the 完成比例 given.
    let completion = actual_percent.or(given);
    match row.target.clone() {
        Reading::Quantity {
            cmp,
            value: tv,
            unit: tu,
        } => {
            let cmp = cmp.unwrap_or(Cmp::AtLeast);
            row.kind = if cmp.is_lower() {
                RowKind::Lower
            } else {
                RowKind::Upper
            };
            row.dim = tu.dim();
            row.unit = tu.clone();
            row.values[1] = Some(InputValue::Num(tv));
            match row.actual.clone() {
                Reading::Quantity {
                    value: av,
                    unit: au,
                    ..
                } => {
                    match value::fit(&tu, av, &au) {
                        Fit::Same(a) => {
                            row.values[0] = Some(InputValue::Num(a));
                            row.values[2] = Some(InputValue::Bool(cmp.met(a, tv)));
                        }
                        Fit::Completion(c) => {
                            let (what, fill) = match tu.dim() {
                                Dim::Money(_) => (tu.dim().describe().to_string(), "实际金额"),
                                Dim::Count(c) => (format!("数量（{}）", c.word()), "实际数量"),
                                _ => ("数量".to_string(), "实际数量"),
                            };
                            row.note(
                            "actual_as_percent",
                            format!(
                                "指标值 `{}` 是{what}，实际完成值却写成完成比例 `{}`；按完成比例 {} 计分，请填写{fill}",
                                row.target_text,
                                row.actual_text,
                                crate::base::quantity::fmt_bound(c, Dim::Ratio)
                            ),
                        );
                            row.how = Some("实际完成值写成了完成比例，按完成比例计分".into());
                            qualitative(form, row, Some(c));
                        }
                        Fit::Mismatch => {
                            let (t, a) = (row.target_text.clone(), row.actual_text.clone());
                            row.note(
                            "unit_mismatch",
                            format!("指标值 `{t}` 与实际完成值 `{a}` 单位不同，无法比较，本行未计分"),
                        );
                        }
                    }
                }
                other => not_a_quantity(form, row, &other, given),
            }
        }
        Reading::Compound(parts) => {
            row.how = Some("复合指标：按各分项完成率中最低的一项计".into());
            match row.actual.clone() {
                Reading::Compound(actual)
                    if actual.len() == parts.len()
                        && actual.iter().zip(&parts).all(|(a, t)| a.what == t.what) =>
                {
                    let ratios: Vec<Decimal> = actual
                        .iter()
                        .zip(&parts)
                        .map(|(a, t)| match t.value.is_zero() {
                            true if a.value.is_zero() => Decimal::ONE,
                            true => Decimal::ZERO,
                            false => (a.value / t.value).min(Decimal::ONE),
                        })
                        .collect();
                    let low = ratios.iter().copied().min().unwrap_or(Decimal::ONE);
                    qualitative(form, row, Some(low));
                }
                _ if actual_percent.is_some() => {
                    row.how = None;
                    row.note(
                        "actual_as_percent",
                        format!(
                            "指标值 `{}` 是数量，实际完成值却写成完成比例 `{}`；按完成比例计分，请填写实际数量",
                            row.target_text, row.actual_text
                        ),
                    );
                    qualitative(form, row, completion);
                }
                _ => {
                    row.how = None;
                    let a = row.actual_text.clone();
                    row.note(
                        "unreadable_actual",
                        format!("实际完成值 `{a}` 与复合指标值的各分项对不上，本行按完成比例计分"),
                    );
                    qualitative(form, row, given);
                }
            }
        }
        Reading::Date(deadline) => match row.actual.clone() {
            Reading::Date(done) => {
                row.kind = RowKind::Deadline;
                let met = done.key(year) <= deadline.key(year);
                row.values[2] = Some(InputValue::Bool(met));
            }
            _ if completion.is_some() => {
                row.how = Some("时限指标的完成值是完成比例，按完成比例计分".into());
                qualitative(form, row, completion);
            }
            _ => {
                row.kind = RowKind::Deadline;
                let a = row.actual_text.clone();
                row.note(
                    "unreadable_actual",
                    format!("时限指标的实际完成值 `{a}` 不是日期也不是完成比例，本行未计分"),
                );
            }
        },
        Reading::Words(_) => {
            if actual_percent.is_none() && given.is_none() {
                let a = row.actual_text.clone();
                row.note(
                    "no_completion",
                    format!("定性指标的完成值 `{a}` 不是完成比例，本行未计分；请在 `完成比例` 中填写 0%–100%"),
                );
            }
            qualitative(form, row, completion);
        }
        Reading::Empty => {
            row.note("no_target", "没有填写指标值，本行未计分".into());
            row.kind = RowKind::Qualitative;
        }
        Reading::Unreadable(why) => {
            row.note(
                "unreadable_target",
                format!("指标值无法读取：{why}；本行未计分"),
            );
            row.kind = RowKind::Lower;
        }
    }
}

/// The actual of a quantitative row is not a number.
fn not_a_quantity(form: &Form, row: &mut RowInfo, actual: &Reading, given: Option<Decimal>) {
    let a = row.actual_text.clone();
    if let Some(c) = given {
        row.note(
            "actual_not_number",
            format!("实际完成值 `{a}` 不是数字，按填写的完成比例计分"),
        );
        row.how = Some("实际完成值不是数字，按完成比例计分".into());
        qualitative(form, row, Some(c));
        return;
    }
    let why = match actual {
        Reading::Empty => "没有填写".to_string(),
        Reading::Unreadable(w) => w.clone(),
        _ => format!("`{a}` 不是数字"),
    };
    row.note(
        "unreadable_actual",
        format!("实际完成值{why}，无法与指标值比较，本行未计分"),
    );
}

/// Scores the row by a completion percentage, which must fall in a tier.
fn qualitative(form: &Form, row: &mut RowInfo, completion: Option<Decimal>) {
    row.kind = RowKind::Qualitative;
    row.dim = Dim::Ratio;
    row.values[0] = None;
    row.values[1] = None;
    row.values[2] = None;
    let Some(c) = completion else { return };
    if !form.tiers.is_empty() && tier(form, c).is_none() {
        row.note(
            "completion_out_of_tiers",
            format!(
                "完成比例 {} 不在任何完成档次内（{}），本行未计分",
                pct(c),
                form.tiers
                    .iter()
                    .map(|(n, r)| format!("{n} {}", crate::base::quantity::fmt_range(r, Dim::Ratio)))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        );
        return;
    }
    row.values[2] = Some(InputValue::Bool(c >= Decimal::ONE));
    row.values[3] = Some(InputValue::Num(c));
}

/// A ratio as a percentage: `105%`, `≈96.84%`.
fn pct(v: Decimal) -> String {
    let p = v * Decimal::ONE_HUNDRED;
    if round(p, 2) == p {
        crate::base::quantity::fmt_bound(v, Dim::Ratio)
    } else {
        crate::base::quantity::fmt_quantity(v, Dim::Ratio)
    }
}

/// The tier a completion percentage falls in.
pub fn tier(form: &Form, c: Decimal) -> Option<&str> {
    form.tiers
        .iter()
        .find(|(_, r)| r.contains(c))
        .map(|(n, _)| n.as_str())
}

/// Splits `total` into parts proportional to `weights`, each rounded to `places` and adding
/// up exactly (largest remainder; ties go to the earlier row).
pub fn apportion(total: Decimal, weights: &[Decimal], places: u32) -> Vec<Decimal> {
    let sum: Decimal = weights.iter().sum();
    if weights.is_empty() || sum.is_zero() {
        return vec![Decimal::ZERO; weights.len()];
    }
    let unit = Decimal::new(1, places);
    let exact: Vec<Decimal> = weights.iter().map(|w| total * *w / sum).collect();
    let mut parts: Vec<Decimal> = exact.iter().map(|e| (e / unit).floor() * unit).collect();
    let given: Decimal = parts.iter().sum();
    let mut left = ((total - given) / unit).round();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| (exact[*b] - parts[*b]).cmp(&(exact[*a] - parts[*a])));
    for i in order {
        if left <= Decimal::ZERO {
            break;
        }
        parts[i] += unit;
        left -= Decimal::ONE;
    }
    parts
}

/// Fills a form scheme with a report's rows: returns the indicator table this report is
/// scored on, and extends the report's inputs and self-scores to match.
pub fn fill(base: &Scheme, report: &mut Report) -> Option<Scheme> {
    let form = base.form.as_deref()?;
    let places = base.places;
    let mut s = base.clone();
    let mut rows = std::mem::take(&mut report.rows);
    let mut findings = Vec::new();

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
                s.nodes[i].notes.push(text.clone());
                s.nodes[t.0 as usize].notes.push(text.clone());
                findings.push(Finding {
                    kind: "category_merged",
                    text,
                });
                weight[i] = Decimal::ZERO;
            }
            _ => {
                let text = format!("{}没有填报任何指标行，未计分", n.name);
                s.nodes[i].notes.push(text.clone());
                findings.push(Finding {
                    kind: "category_no_rows",
                    text,
                });
            }
        }
    }
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
        share_points(form, &n.name, w, places, &mut rows, &idx, &mut findings);
    }

    // Row findings that need the points: self-scores, met targets, far over-achievement.
    for r in &mut rows {
        check_row(form, r);
        for f in &r.notes {
            findings.push(Finding {
                kind: f.kind,
                text: format!("{}：{}", r.path_text(), f.text),
            });
        }
    }

    build(&mut s, base, form, report, rows);
    report.findings.extend(findings);
    Some(s)
}

fn share_points(
    form: &Form,
    name: &str,
    w: Decimal,
    places: u32,
    rows: &mut [RowInfo],
    idx: &[usize],
    findings: &mut Vec<Finding>,
) {
    let stated: Vec<Option<Decimal>> = idx.iter().map(|k| rows[*k].stated_points).collect();
    let given: Decimal = stated.iter().flatten().sum();
    let unstated = stated.iter().filter(|p| p.is_none()).count();
    let n = idx.len();
    let wn = w.normalize();
    let (points, note): (Vec<Decimal>, Option<String>) = if unstated == 0 {
        if given == w {
            (stated.iter().map(|p| p.unwrap_or_default()).collect(), None)
        } else {
            let weights: Vec<Decimal> = stated.iter().map(|p| p.unwrap_or_default()).collect();
            let text = format!(
                "{name}各行分值合计 {} 分，与本类分值 {wn} 分不符，按 {wn}/{} 折算",
                given.normalize(),
                given.normalize()
            );
            findings.push(Finding {
                kind: "row_points_sum",
                text: text.clone(),
            });
            (apportion(w, &weights, places), Some(text))
        }
    } else if unstated == n && form.share_evenly {
        let p = apportion(w, &vec![Decimal::ONE; n], places);
        let text = if n == 1 {
            format!("未填分值，{name} {wn} 分全部计入本行")
        } else if p.iter().all(|x| *x == p[0]) {
            format!("各行未填分值，{name} {wn} 分由 {n} 行平均分配")
        } else {
            format!(
                "各行未填分值，{name} {wn} 分由 {n} 行平均分配，尾差 {} 分计入前几行",
                fmt_points(w - p[n - 1] * Decimal::from(n as u64), places)
            )
        };
        (p, Some(text))
    } else {
        let rest = w - given;
        let text;
        let p = if rest > Decimal::ZERO && form.share_evenly {
            text = format!(
                "{name}有 {unstated} 行未填分值，分得其余的 {} 分",
                rest.normalize()
            );
            let shares = apportion(rest, &vec![Decimal::ONE; unstated], places);
            let mut it = shares.into_iter();
            stated
                .iter()
                .map(|p| p.unwrap_or_else(|| it.next().unwrap_or_default()))
                .collect()
        } else {
            text = format!("{name}有 {unstated} 行未填分值，无分可分，这些行按 0 分计");
            stated.iter().map(|p| p.unwrap_or_default()).collect()
        };
        findings.push(Finding {
            kind: "row_points_missing",
            text: text.clone(),
        });
        (p, Some(text))
    };
    for (j, k) in idx.iter().enumerate() {
        let r = &mut rows[*k];
        r.points = points[j];
        if note.is_some() && r.stated_points != Some(points[j]) {
            r.points_note = note.clone();
        }
    }
}

fn check_row(form: &Form, r: &mut RowInfo) {
    if let Some(own) = r.self_score {
        let cap = r.stated_points.unwrap_or(r.points);
        if own > cap {
            r.note(
                "self_above_points",
                format!(
                    "自评得分 {} 分高于本行分值 {} 分",
                    own.normalize(),
                    cap.normalize()
                ),
            );
        } else if r.met() == Some(true) && own < cap {
            r.note(
                "met_below_full",
                format!(
                    "已达到指标值，自评却只给 {} 分（分值 {} 分）",
                    own.normalize(),
                    cap.normalize()
                ),
            );
        }
    }
    let (Some(hint), Some(InputValue::Num(a)), Some(InputValue::Num(t))) =
        (form.over_hint, &r.values[0], &r.values[1])
    else {
        return;
    };
    let ratio = match r.kind {
        RowKind::Lower if !t.is_zero() => *a / *t,
        RowKind::Upper if !a.is_zero() => *t / *a,
        _ => return,
    };
    if ratio >= hint {
        let side = if r.kind == RowKind::Lower {
            format!(
                "实际完成值 {} 是指标值 {} 的 {}",
                r.show(*a),
                r.show(*t),
                pct(ratio)
            )
        } else {
            format!(
                "实际完成值 {} 仅为指标值 {} 的 {}",
                r.show(*a),
                r.show(*t),
                pct(*a / *t)
            )
        };
        match &r.reason {
            Some(why) => {
                let text = format!("{side}，偏离较大；已说明原因：{why}");
                r.note("far_exceeded_explained", text);
            }
            None => {
                let text = format!(
                    "{side}，偏离较大（超额提示 {}），应在偏差原因中说明",
                    pct(hint)
                );
                r.note("far_exceeded", text);
            }
        }
    }
}

/// Rebuilds the node list depth-first with the rows in place, and gives every row its own
/// copy of its kind's inputs and values.
fn build(s: &mut Scheme, base: &Scheme, form: &Form, report: &mut Report, rows: Vec<RowInfo>) {
    let mut nodes: Vec<ir::Node> = Vec::with_capacity(base.nodes.len() + rows.len() * 2);
    let mut self_scores = Vec::new();
    let mut confirmed = Vec::new();
    let mut old_to_new: HashMap<u32, NodeId> = HashMap::new();
    let mut rows: Vec<Option<RowInfo>> = rows.into_iter().map(Some).collect();

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
        self_scores.push(report.self_scores.get(old.0 as usize).copied().flatten());
        confirmed.push(report.confirmed.get(old.0 as usize).copied().flatten());
        if parent.is_none() {
            roots.push(id);
        }
        if base.node(old).rows.is_some() {
            let mut groups: Vec<(String, NodeId)> = Vec::new();
            for slot in rows.iter_mut() {
                let Some(r) = slot.take_if(|r| r.category == old) else {
                    continue;
                };
                let mut under = id;
                if r.path.len() == 3 {
                    let g = &r.path[1];
                    under = match groups.iter().find(|(n, _)| n == g) {
                        Some((_, gid)) => *gid,
                        None => {
                            let gid = push(&mut nodes, group(&r.path[..2], r.span), Some(id));
                            self_scores.push(None);
                            confirmed.push(None);
                            groups.push((g.clone(), gid));
                            gid
                        }
                    };
                }
                self_scores.push(r.self_score);
                confirmed.push(None);
                let leaf = instantiate(s, form, report, &r);
                let mut n = group(&r.path, r.span);
                n.weight = r.points;
                n.leaf = Some(leaf);
                n.row = Some(Box::new(r));
                push(&mut nodes, n, Some(under));
            }
            // Sum the 二级 groups' points.
            for (_, gid) in &groups {
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
    let mut names = HashMap::new();
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
    report.self_scores = self_scores;
    report.confirmed = confirmed;
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
        row: None,
        notes: Vec::new(),
        points_span: span,
        edits: Vec::new(),
    }
}

/// The row's copy of its kind's leaf: fresh inputs holding the row's values, fresh values.
fn instantiate(s: &mut Scheme, form: &Form, report: &mut Report, r: &RowInfo) -> ir::Leaf {
    let kind = &form.kinds[r.kind.index()];
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
    leaf
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn apportion_adds_up_exactly() {
        let p = apportion(d("50"), &[Decimal::ONE; 7], 2);
        assert_eq!(p.iter().sum::<Decimal>(), d("50"));
        assert_eq!(p[0], d("7.15"));
        assert_eq!(p[6], d("7.14"));
        let p = apportion(d("50"), &[Decimal::ONE; 4], 2);
        assert!(p.iter().all(|x| *x == d("12.5")));
        let p = apportion(d("50"), &[d("10"), d("20"), d("30")], 2);
        assert_eq!(p, vec![d("8.33"), d("16.67"), d("25.00")]);
        assert_eq!(p.iter().sum::<Decimal>(), d("50"));
    }
}
