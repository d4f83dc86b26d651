//! Sentences that set a case apart from the rule: `没有楼堂馆所项目的部门按满分计算` (a case on
//! an input `有楼堂馆所项目：是否`) and `发生重大违规问题的，本项不得分` (a case giving 0).

use super::super::write::name_of;
use super::Part;

/// Words that open a not-applicable sentence and the word of the yes-or-no input it asks
/// (`没有X的` → `有X`).
pub const NA_WORDS: &[(&str, &str)] = &[
    ("没有", "有"),
    ("未涉及", "涉及"),
    ("不涉及", "涉及"),
    ("未发生", "发生"),
    ("无", "有"),
];

/// How a not-applicable sentence ends.
const NA_ENDS: &[&str] = &[
    "按满分计算",
    "按满分计分",
    "按满分计",
    "计满分",
    "得满分",
    "给满分",
    "不扣分",
];

/// How a sentence that takes all the points ends.
pub const ZERO_WORDS: &[&str] = &["不得分", "得0分", "计0分", "为0分", "记0分"];

/// How the subject of a fixed-zero sentence starts: an event.
const EVENT_VERBS: &[&str] = &["发生", "出现", "存在", "被", "造成", "受到", "违反"];

/// Who a not-applicable sentence speaks of, between `的` and its end.
const WHO: &[&str] = &["部门", "单位", "项目", ""];

/// A sentence's split at `的` (or `者`), with what follows it, when it has that shape.
fn subject_of<'s>(sentence: &'s str, ends: &[&'static str]) -> Option<(&'s str, &'static str)> {
    let end = *ends.iter().find(|e| sentence.ends_with(*e))?;
    let body = &sentence[..sentence.len() - end.len()];
    let body = body.trim_end_matches(['，', ',']);
    let body = ["本项", "该项", "此项", "本指标"]
        .iter()
        .find_map(|w| body.strip_suffix(w))
        .unwrap_or(body)
        .trim_end_matches(['，', ',']);
    let at = body.rfind(['的', '者'])?;
    let who = &body[at + '的'.len_utf8()..];
    WHO.contains(&who).then_some((&body[..at], end))
}

/// The case sentences of a 评价标准 as parts (each a `若` line, decided or asked), the inputs
/// they read (declarations after `输入 `), and the wording without them.
pub fn take(standard: &str) -> (Vec<Part>, Vec<String>, String) {
    let mut parts = Vec::new();
    let mut inputs = Vec::new();
    let mut rest = standard.to_string();
    let sentences: Vec<&str> = standard.split_inclusive(['。', '；', ';', '\n']).collect();
    for raw in &sentences {
        let s = raw.trim().trim_end_matches(['。', '；', ';']).trim();
        if s.is_empty()
            || s.contains(['%', '％', '每'])
            || s.chars().any(|c| c.is_ascii_digit() && c != '0')
        {
            continue;
        }
        // 没有…的部门按满分计算.
        let na = NA_WORDS.iter().find_map(|(open, has)| {
            let body = s.strip_prefix(open)?;
            let (x, _) = subject_of(body, NA_ENDS)?;
            let name = name_of(&format!("{has}{x}"))?;
            Some((name, s))
        });
        if let Some((name, sentence)) = na {
            parts.push(Part {
                phrase: sentence.to_string(),
                question: format!(
                    "“{sentence}”：记“不适用”（按满分计，评分表上注明不适用），还是记“满分”？"
                ),
                readings: vec![
                    format!("若 {name} = 否 则 不适用 \"{sentence}\""),
                    format!("若 {name} = 否 则 满分 \"{sentence}\""),
                ],
                note: None,
            });
            inputs.push(format!("{name}：是否 \"是否{}\"", &name));
            rest = rest.replacen(raw, "", 1);
            continue;
        }
        // …的，本项不得分 — only beside a rule (another sentence).
        if sentences.len() < 2 || s.chars().count() > 40 {
            continue;
        }
        // Only a sentence of its own (ended by `。` or the text) about an event (发生、出现 …):
        // a clause of tiers (`较差的计0分；`) is not a case.
        if raw.trim_end().ends_with(['；', ';']) {
            continue;
        }
        // … and a sentence of its own: the text before it ends one (`。`).
        let start = standard.find(*raw).unwrap_or(0);
        if start > 0 && !standard[..start].trim_end().ends_with('。') {
            continue;
        }
        let event =
            subject_of(s, ZERO_WORDS).filter(|(x, _)| EVENT_VERBS.iter().any(|v| x.starts_with(v)));
        if let Some((x, _)) = event {
            if let Some(name) = name_of(x) {
                parts.push(Part::decided(s, format!("若 {name} 则 0分 \"{s}\"")));
                inputs.push(format!("{name}：是否 \"是否{x}\""));
                rest = rest.replacen(raw, "", 1);
            }
        }
    }
    (parts, inputs, rest.trim().to_string())
}
