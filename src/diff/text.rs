//! A scheme's pieces as text to compare and show, and where two texts differ.

use rust_decimal::Decimal;

use super::{fmt_range_words, points};
use crate::base::interval::Interval;
use crate::base::units::Dim;
use crate::explain::formula;
use crate::ir::{CaseOutcome, InputKind, Leaf, Rule, Scheme, Subject};

/// Whitespace runs (line breaks and indentation of a rule written over lines) as one space.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An input's declaration in words: its type, range and description.
pub(super) fn input_text(i: &crate::ir::Input) -> String {
    let mut s = match &i.kind {
        InputKind::Checklist(items) => format!("清单 {{ {} }}", items.join("，")),
        InputKind::Tier(levels) => format!("等级 {{ {} }}", levels.join("，")),
        InputKind::Reviewer => format!(
            "评审打分 {}",
            fmt_range_words(&Interval::from(i.range), Dim::Points)
        ),
        k @ InputKind::Number(d) => {
            let mut s = k.describe();
            if i.range != crate::base::interval::Range::non_negative() {
                s.push_str(&format!(
                    "，{}",
                    fmt_range_words(&Interval::from(i.range), *d)
                ));
            }
            s
        }
        k => k.describe(),
    };
    if let Some(d) = &i.desc {
        s.push_str(&format!("，“{d}”"));
    }
    s
}

/// The scored quantity's name and, for a derived value, its formula followed by the
/// formulas of the values it reads (`实有人数 ÷ 编制数；实有人数 = 在职人员数 − 借调人数`), so
/// that a change anywhere below the quantity shows.
pub(super) fn subject_text(
    s: &Scheme,
    subject: Option<Subject>,
) -> Option<(String, Option<String>)> {
    match subject? {
        Subject::Value(v) => {
            let value = s.value(v);
            let mut text = formula(s, &value.expr);
            let mut deps = Vec::new();
            crate::explain::value_deps(s, &value.expr, &mut deps);
            for d in deps {
                let d = s.value(d);
                text.push_str(&format!("；{} = {}", d.name, formula(s, &d.expr)));
            }
            Some((value.name.clone(), Some(text)))
        }
        Subject::Input(i) => Some((s.input(i).name.clone(), None)),
    }
}

/// The rule as written, on one line.
pub(super) fn rule_text(s: &Scheme, l: &Leaf) -> String {
    one_line(s.source_text(l.rule_span))
}

/// The rule's meaning, with names instead of ids and numbers normalized.
pub(super) fn rule_key(s: &Scheme, r: &Rule) -> String {
    let d = |v: Decimal| v.normalize().to_string();
    let range = |r: &crate::base::interval::Range| format!("{:?}", Interval::from(*r));
    match r {
        Rule::Threshold(t) => format!(
            "threshold {:?} {} {} {} {:?} {}",
            t.dir,
            d(t.threshold),
            d(t.step),
            d(t.per_step),
            t.policy,
            d(t.floor)
        ),
        Rule::Bands(bands) => {
            let parts: Vec<String> = bands
                .iter()
                .map(|b| format!("{} {}", range(&b.range), d(b.points)))
                .collect();
            format!("bands {}", parts.join("; "))
        }
        Rule::Proportional { cap } => format!("proportional {}", d(*cap)),
        Rule::PerEvent { step, per_step } => format!("per-event {} {}", d(*step), d(*per_step)),
        Rule::Checklist { input, .. } | Rule::Tiers { input, .. } => {
            let items: Vec<String> = named_points(s, r)
                .into_iter()
                .map(|(n, p)| format!("{n} {}", d(p)))
                .collect();
            format!("items {} {}", s.input(*input).name, items.join("; "))
        }
        Rule::Reviewer { input } => format!("reviewer {}", s.input(*input).name),
        Rule::CasesOnly => "cases only".to_string(),
    }
}

/// The items of a checklist or the levels of a tier rule, with their points.
pub(super) fn named_points(s: &Scheme, r: &Rule) -> Vec<(String, Decimal)> {
    let (input, points) = match r {
        Rule::Checklist { input, points } | Rule::Tiers { input, points } => (input, points),
        _ => return Vec::new(),
    };
    let names = match &s.input(*input).kind {
        InputKind::Checklist(n) | InputKind::Tier(n) => n.clone(),
        _ => Vec::new(),
    };
    names.into_iter().zip(points.iter().copied()).collect()
}

/// The special cases, one sentence each: `若 … 则 …（理由）`.
pub(super) fn cases_text(s: &Scheme, l: &Leaf) -> Vec<String> {
    l.cases
        .iter()
        .map(|c| {
            let outcome = match c.outcome {
                CaseOutcome::NotApplicable => "不适用（按满分）".to_string(),
                CaseOutcome::Full => "满分".to_string(),
                CaseOutcome::Points(p) => format!("{} 分", points(p)),
            };
            let reason = c
                .reason
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            format!("若 {} 则 {outcome}{reason}", formula(s, &c.cond))
        })
        .collect()
}

/// Where two texts differ, in one line: the words around the change and the change in 【】.
pub fn text_change(old: &str, new: &str) -> String {
    const CONTEXT: usize = 10;
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    let before: String = a[pre.saturating_sub(CONTEXT)..pre].iter().collect();
    let after: String = a[a.len() - suf..(a.len() - suf + CONTEXT.min(suf))]
        .iter()
        .collect();
    let gone: String = a[pre..a.len() - suf].iter().collect();
    let came: String = b[pre..b.len() - suf].iter().collect();
    // Blanks and line breaks are named, not shown as nothing (`【增：】`).
    let shown = |t: &str| {
        if !t.is_empty() && t.trim().is_empty() {
            if t.contains('\n') {
                "换行".to_string()
            } else {
                "空格".to_string()
            }
        } else {
            one_line(t)
        }
    };
    let mid = match (gone.is_empty(), came.is_empty()) {
        (true, _) => format!("【增：{}】", shown(&came)),
        (_, true) => format!("【删：{}】", shown(&gone)),
        _ => format!("【{} → {}】", shown(&gone), shown(&came)),
    };
    format!(
        "{}{}{mid}{}{}",
        if pre > CONTEXT { "…" } else { "" },
        one_line(&before),
        one_line(&after),
        if suf > CONTEXT { "…" } else { "" }
    )
}
