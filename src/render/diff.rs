//! The diff in words (`jixiao diff`).

use crate::diff::{Change, IndicatorDiff, NamedChange, SchemeDiff, ScoreRanges, Status};

fn mark(s: Status) -> &'static str {
    match s {
        Status::Added => "+",
        Status::Removed => "-",
        Status::Changed => "~",
    }
}

/// The whole diff as text.
pub fn render(d: &SchemeDiff) -> String {
    let mut out = format!(
        "方案对比：{}（{}）→ {}（{}）\n",
        d.old.file, d.old.years, d.new.file, d.new.years
    );
    let s = &d.summary;
    if !s.changed {
        out.push_str("两个方案的内容相同：指标、规则、分值、输入与表头都没有改变。\n");
        return out;
    }
    let mut parts = Vec::new();
    for (n, what) in [
        (s.indicators_added, "新增指标"),
        (s.indicators_removed, "删除指标"),
        (s.indicators_changed, "修改指标"),
        (s.inputs, "输入改动"),
        (s.values, "值改动"),
        (s.header, "表头改动"),
    ] {
        if n > 0 {
            parts.push(format!("{what} {n} 个"));
        }
    }
    out.push_str(&format!("{}\n", parts.join("，")));
    if !d.header.is_empty() {
        out.push_str("\n表头\n");
        for h in &d.header {
            out.push_str(&format!("  ~ {}：{} → {}\n", h.field, h.old, h.new));
        }
    }
    named(&mut out, "输入", &d.inputs);
    named(&mut out, "值", &d.values);
    if !d.indicators.is_empty() {
        out.push_str("\n指标\n");
        for i in &d.indicators {
            indicator(&mut out, i);
        }
    }
    out
}

fn named(out: &mut String, title: &str, items: &[NamedChange]) {
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for c in items {
        match c.status {
            Status::Added => out.push_str(&format!(
                "  + {}：{}\n",
                c.name,
                c.new.as_deref().unwrap_or("")
            )),
            Status::Removed => out.push_str(&format!(
                "  - {}：{}\n",
                c.name,
                c.old.as_deref().unwrap_or("")
            )),
            Status::Changed => out.push_str(&format!(
                "  ~ {}\n      旧：{}\n      新：{}\n",
                c.name,
                c.old.as_deref().unwrap_or(""),
                c.new.as_deref().unwrap_or("")
            )),
        }
    }
}

fn indicator(out: &mut String, i: &IndicatorDiff) {
    out.push_str(&format!(
        "\n{} {}（{} 分）\n",
        mark(i.status),
        i.path.join(" / "),
        i.weight
    ));
    if let Some(r) = &i.rule {
        let what = if i.status == Status::Added {
            "新增"
        } else {
            "删除"
        };
        out.push_str(&format!("    {what}，规则：{r}\n"));
    } else if i.status != Status::Changed {
        let what = if i.status == Status::Added {
            "新增"
        } else {
            "删除（含下级指标）"
        };
        out.push_str(&format!("    {what}\n"));
    }
    for c in &i.changes {
        change(out, c);
    }
}

fn change(out: &mut String, c: &Change) {
    match c {
        Change::Moved { old_path, .. } => out.push_str(&format!(
            "    位置：原在 {} 下\n",
            old_path[..old_path.len() - 1].join(" / ")
        )),
        Change::Points { old, new } => out.push_str(&format!("    分值：{old} 分 → {new} 分\n")),
        Change::Subject { old, new } => {
            out.push_str(&format!("    计分的值：\n      旧 {old}\n      新 {new}\n"))
        }
        Change::Formula { value, old, new } => out.push_str(&format!(
            "    公式：\n      旧 {value} = {old}\n      新 {value} = {new}\n"
        )),
        Change::Rule { old, new, items } => {
            out.push_str(&format!("    规则：\n      旧 {old}\n      新 {new}\n"));
            for it in items {
                let text = match (&it.old, &it.new) {
                    (Some(o), Some(n)) => format!("{o} 分 → {n} 分"),
                    (None, Some(n)) => format!("新增，{n} 分"),
                    (Some(o), None) => format!("删除（原 {o} 分）"),
                    (None, None) => String::new(),
                };
                out.push_str(&format!("      · {}：{text}\n", it.item));
            }
        }
        Change::Cases { old, new } => {
            out.push_str("    特殊情形：\n");
            let none = vec!["（无）".to_string()];
            let show = |v: &Vec<String>| {
                if v.is_empty() {
                    none.clone()
                } else {
                    v.clone()
                }
            };
            for (label, list) in [("旧", show(old)), ("新", show(new))] {
                for (k, c) in list.iter().enumerate() {
                    let head = if k == 0 { label } else { "  " };
                    out.push_str(&format!("      {head} {c}\n"));
                }
            }
        }
        Change::Standard { old, new, summary } => text_change(out, "标准", old, new, summary),
        Change::Explanation { old, new, summary } => text_change(out, "说明", old, new, summary),
        Change::Scores(r) => scores(out, r),
    }
}

/// A short change in one line; a long one as the two texts.
fn text_change(
    out: &mut String,
    what: &str,
    old: &Option<String>,
    new: &Option<String>,
    summary: &str,
) {
    const SHORT: usize = 60;
    if summary.chars().count() <= SHORT {
        out.push_str(&format!("    {what}：{summary}\n"));
        return;
    }
    let show = |t: &Option<String>| {
        t.as_deref()
            .map_or_else(|| "（无）".to_string(), crate::diff::one_line)
    };
    out.push_str(&format!(
        "    {what}：\n      旧 {}\n      新 {}\n",
        show(old),
        show(new)
    ));
}

/// `在职人员控制率在 (100%, 105%]`, `预算完成率 > 95%`, `违规事项数 = 1例`.
fn phrase(quantity: &str, range: &str) -> String {
    if range.starts_with(['(', '[']) {
        format!("{quantity}在 {range}")
    } else {
        format!("{quantity} {range}")
    }
}

fn scores(out: &mut String, r: &ScoreRanges) {
    if r.differ.is_empty() && r.notes.is_empty() {
        out.push_str(&format!(
            "    得分：`{}` 取任何值时新旧得分都相同\n",
            r.quantity
        ));
        return;
    }
    if !r.differ.is_empty() {
        out.push_str("    得分不同：\n");
    }
    for d in &r.differ {
        let score = |s: &Option<String>| {
            s.as_ref()
                .map_or_else(|| "不计分".to_string(), |v| format!("{v} 分"))
        };
        let change = d
            .change
            .as_ref()
            .map(|c| format!("（{c}）"))
            .unwrap_or_default();
        out.push_str(&format!(
            "      {} 时：旧 {} → 新 {}；例 {}：旧 {} → 新 {}{change}\n",
            phrase(&r.quantity, &d.range.text),
            d.old,
            d.new,
            d.example,
            score(&d.old_score),
            score(&d.new_score)
        ));
    }
    if !r.agree.is_empty() && !r.differ.is_empty() {
        let list: Vec<&str> = r.agree.iter().map(|a| a.text.as_str()).collect();
        out.push_str(&format!("    得分相同：{}\n", list.join("、")));
    }
    for n in &r.notes {
        out.push_str(&format!("    注：{n}\n"));
    }
}
