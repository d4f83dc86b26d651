//! The replay in words (`jixiao replay`).

use super::text::{column, lpad, pad};
use crate::workflow::replay::Replay;

/// Width of the grade column: `良好 → 数据不全` and a gap.
const GRADE_COLUMN: usize = 18;

/// The replay in words.
pub fn render(r: &Replay) -> String {
    let s = &r.summary;
    let mut out = format!(
        "回放：旧 {}（{}）→ 新 {}（{}）\n",
        r.old.file, r.old.years, r.new.file, r.new.years
    );
    let mut head = format!("读取 {} 份报告，比较 {} 份", s.reports, s.compared);
    if s.invalid > 0 {
        head.push_str(&format!("，{} 份无效未比较（见文末）", s.invalid));
    }
    out.push_str(&head);
    out.push('\n');
    if s.compared == 0 {
        return out + &invalid_lines(r);
    }
    out.push_str(&format!(
        "总分不变 {} 份，等级变化 {} 份；平均变化 {} 分",
        s.unchanged,
        s.grade_changed,
        s.mean_change.as_deref().unwrap_or("0")
    ));
    if let Some(l) = &s.largest {
        out.push_str(&format!(
            "；最大变化 {} 分（{} {} 年度，{}）",
            l.change, l.unit, l.year, l.file
        ));
    }
    out.push('\n');
    if s.incomplete > 0 {
        out.push_str(&format!(
            "其中 {} 份在旧或新方案下数据不全：总分只含已计分的指标，缺数据的指标按 0 计入变化\n",
            s.incomplete
        ));
    }
    if !s.causes.is_empty() {
        out.push_str("\n变化来自（按各指标得分变动的绝对值之和占全部变动的比例）：\n");
        let w = column(s.causes.iter().map(|c| c.name.as_str()), 8);
        for c in &s.causes {
            out.push_str(&format!(
                "  {}{}   平均 {} 分   {} 份有变动\n",
                pad(&c.name, w),
                lpad(&c.share, 6),
                lpad(&c.mean_change, 6),
                c.reports
            ));
        }
    }
    out.push_str("\n逐份（按变化大小）：\n");
    let uw = column(r.reports.iter().map(|x| x.unit.as_str()), 4);
    out.push_str(&format!(
        "  {}  {}  {}  {}{}年度  文件\n",
        lpad("变化", 7),
        lpad("旧总分", 7),
        lpad("新总分", 7),
        pad("等级", GRADE_COLUMN),
        pad("单位", uw)
    ));
    for x in &r.reports {
        let g = |g: &Option<String>, complete: bool| match g {
            Some(g) => g.clone(),
            None if !complete => "数据不全".into(),
            None => "—".into(),
        };
        let grade = if x.grade_changed {
            format!(
                "{} → {}",
                g(&x.old_grade, x.old_complete),
                g(&x.new_grade, x.new_complete)
            )
        } else {
            g(&x.new_grade, x.new_complete)
        };
        let mut line = format!(
            "  {}  {}  {}  {}{}{}  {}",
            lpad(&x.change, 7),
            lpad(&x.old_total, 7),
            lpad(&x.new_total, 7),
            pad(&grade, GRADE_COLUMN),
            pad(&x.unit, uw),
            x.year,
            x.file
        );
        if !x.indicators.is_empty() {
            let main: Vec<String> = x
                .indicators
                .iter()
                .take(2)
                .map(|m| match m.only {
                    Some("deleted") => format!("{} {}（已删除）", m.name, m.change),
                    Some("added") => format!("{} {}（新增）", m.name, m.change),
                    _ => format!("{} {}", m.name, m.change),
                })
                .collect();
            line.push_str(&format!("  （主要：{}）", main.join("、")));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out + &invalid_lines(r)
}

fn invalid_lines(r: &Replay) -> String {
    if r.invalid.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n无效报告（未比较）：\n");
    for i in &r.invalid {
        let under = match i.under {
            "old" => "旧方案下无效",
            "new" => "新方案下无效",
            _ => "两个方案下都无效",
        };
        out.push_str(&format!("  {}：{under}：{}\n", i.file, i.message));
    }
    out
}
