//! Inputs and values that change nothing: unused, or read only where no score moves with them.

use crate::analysis::{Analyzer, LeafReach};
use crate::base::diag::Diag;
use crate::ir::{self, InputId, Rule, Scheme, Subject, ValueId};
use crate::lint::Lint;

/// What the leaves and the form read, collected before anything is reported.
/// Sets of ids are flags by id: a scheme of thousands of leaves is read once, not searched
/// once per leaf.
struct Usage<'s> {
    /// Inputs read anywhere, by id.
    used: Vec<bool>,
    /// Values read anywhere, by id.
    used_values: Vec<bool>,
    /// Inputs that can change a leaf's score, by id.
    relevant: Vec<bool>,
    /// Which leaves read each input, for the hint.
    readers: Vec<Vec<&'s str>>,
}

/// `unused-input`, `no-effect` and `unused-value`.
pub(super) fn dead_weight<'s>(
    scheme: &'s Scheme,
    a: &Analyzer<'s>,
    reach: &[Option<LeafReach<'_>>],
    diags: &mut Vec<Diag>,
) {
    let mut usage = Usage {
        used: vec![false; scheme.inputs.len()],
        used_values: vec![false; scheme.values.len()],
        relevant: vec![false; scheme.inputs.len()],
        readers: vec![Vec::new(); scheme.inputs.len()],
    };
    leaf_reads(scheme, a, reach, &mut usage);
    form_reads(scheme, a, &mut usage);
    unused_inputs(scheme, &usage, diags);
    unused_values(scheme, &usage.used_values, diags);
}

/// What each leaf reads, and the inputs that can change its score.
fn leaf_reads<'s>(
    scheme: &'s Scheme,
    a: &Analyzer<'s>,
    reach: &[Option<LeafReach<'_>>],
    u: &mut Usage<'s>,
) {
    for (k, n) in scheme.nodes.iter().enumerate() {
        let (Some(leaf), Some(r)) = (&n.leaf, &reach[k]) else {
            continue;
        };
        // What this leaf reads (its own lists: small), then marked in the scheme's flags.
        let (mut reads, mut values) = (Vec::new(), Vec::new());
        for c in &leaf.cases {
            a.reads(&c.cond, &mut reads, &mut values);
        }
        match leaf.subject {
            Some(Subject::Value(v)) => {
                values.push(v);
                a.reads(&scheme.value(v).expr, &mut reads, &mut values);
            }
            Some(Subject::Input(i)) => reads.push(i),
            None => {}
        }
        if let Some(i) = rule_input(&leaf.rule) {
            reads.push(i);
        }
        for v in values {
            u.used_values[v.0 as usize] = true;
        }
        let constant = r.scores.as_point().is_some();
        for i in &reads {
            u.used[i.0 as usize] = true;
            // A leaf that always scores the same is reported as constant-score; its inputs
            // are not reported again one by one.
            if !constant && !u.readers[i.0 as usize].contains(&n.name.as_str()) {
                u.readers[i.0 as usize].push(&n.name);
            }
        }
        if constant {
            continue;
        }
        let mut relevant = Vec::new();
        leaf_relevant(scheme, a, leaf, r, &mut relevant);
        for i in relevant {
            u.relevant[i.0 as usize] = true;
        }
    }
}

/// What the kinds of a form read: their own values (and the scheme's, which they may name).
fn form_reads(scheme: &Scheme, a: &Analyzer<'_>, u: &mut Usage<'_>) {
    for kind in scheme.form.iter().flat_map(|f| f.kinds.iter().flatten()) {
        let (mut reads, mut values) = (Vec::new(), Vec::new());
        for c in &kind.leaf.cases {
            a.reads(&c.cond, &mut reads, &mut values);
        }
        if let Some(Subject::Value(v)) = kind.leaf.subject {
            values.push(v);
            a.reads(&scheme.value(v).expr, &mut reads, &mut values);
        }
        for v in values {
            u.used_values[v.0 as usize] = true;
        }
        for i in reads {
            u.used[i.0 as usize] = true;
        }
    }
}

/// `unused-input` for inputs nothing reads, `no-effect` for those that change no score.
fn unused_inputs(scheme: &Scheme, u: &Usage<'_>, diags: &mut Vec<Diag>) {
    for (k, input) in scheme.inputs.iter().enumerate() {
        let id = InputId(k as u32);
        if input.row {
            // A row's own values come with the row; nobody fills them in by hand.
            continue;
        }
        if !u.used[id.0 as usize] {
            diags.push(
                Diag::new(
                    Lint::UnusedInput {
                        name: input.name.clone(),
                    },
                    input.span,
                )
                .label("没有用到"),
            );
        } else if !u.relevant[id.0 as usize] && !u.readers[k].is_empty() {
            let help = format!(
                "它只用在 {} 中，而在各输入声明的范围内，这些指标的得分不随它变化；检查相关的特殊情形、分档和输入的范围",
                u.readers[k]
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            );
            diags.push(
                Diag::new(
                    Lint::NoEffect {
                        name: input.name.clone(),
                        help,
                    },
                    input.span,
                )
                .label("不影响得分"),
            );
        }
    }
}

/// `unused-value` for values nothing reads.
fn unused_values(scheme: &Scheme, used_values: &[bool], diags: &mut Vec<Diag>) {
    // Every leaf's scored quantity was marked used above, so only stray values remain.
    for (k, v) in scheme.values.iter().enumerate() {
        let id = ValueId(k as u32);
        if !used_values[id.0 as usize] {
            diags.push(
                Diag::new(
                    Lint::UnusedValue {
                        name: v.name.clone(),
                    },
                    v.span,
                )
                .label("没有用到"),
            );
        }
    }
}

/// The input a rule reads by itself (a checklist, tiers, a reviewer's score).
fn rule_input(rule: &Rule) -> Option<InputId> {
    match rule {
        Rule::Checklist { input, .. } | Rule::Tiers { input, .. } | Rule::Reviewer { input } => {
            Some(*input)
        }
        _ => None,
    }
}

/// Inputs that can change a leaf's score.
fn leaf_relevant<'s>(
    scheme: &'s Scheme,
    a: &Analyzer<'s>,
    leaf: &'s ir::Leaf,
    r: &LeafReach<'_>,
    out: &mut Vec<InputId>,
) {
    let mut env = a.base().clone();
    for (c, t) in leaf.cases.iter().zip(&r.cases) {
        if env.is_dead() {
            return;
        }
        if t.can_true && t.can_false {
            a.relevant(&c.cond, &env, out);
        }
        env = a.refine(&c.cond, false, &env);
    }
    if env.is_dead() || r.rule_scores.as_point().is_some() {
        return;
    }
    match leaf.subject {
        Some(Subject::Value(v)) => a.relevant(&scheme.value(v).expr, &env, out),
        Some(Subject::Input(i)) if !out.contains(&i) => out.push(i),
        _ => {}
    }
    if let Some(i) = rule_input(&leaf.rule) {
        if !out.contains(&i) {
            out.push(i);
        }
    }
}
