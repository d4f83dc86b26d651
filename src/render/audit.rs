//! The review of self-evaluations in words (`jixiao audit`).

use super::text::{column, lpad, pad};
use crate::workflow::audit::{Audit, ReportAudit};

/// The review in words.
pub fn render(a: &Audit) -> String {
    let s = &a.summary;
    let mut out = format!(
        "自评审核：方案 {}；读取 {} 份报告，{} 份有自评，{} 份有核定",
        a.scheme, s.reports, s.with_self_scores, s.with_confirmed
    );
    if s.invalid > 0 {
        out.push_str(&format!("，{} 份无效（见文末）", s.invalid));
    }
    out.push('\n');
    if !a.ranking.is_empty() {
        out.push_str(
            "\n按自评高出排名（可核对指标的 自评 - 得分 之和；只有自评总分的，按总分之差）：\n",
        );
        let uw = column(a.ranking.iter().map(|r| r.unit.as_str()), 4);
        for r in &a.ranking {
            let what = if r.basis == "total" {
                "总分之差".to_string()
            } else {
                format!("{} 项高出", lpad(&r.inflated.to_string(), 2))
            };
            out.push_str(&format!(
                "  {}. {}{}  {}  {what}  {}\n",
                lpad(&r.rank.to_string(), 2),
                pad(&r.unit, uw),
                r.year,
                lpad(&r.gap_total, 7),
                r.file
            ));
        }
    }
    if !s.hotspots.is_empty() {
        out.push_str("\n自评高出最多的指标：\n");
        let w = column(s.hotspots.iter().map(|h| h.name.as_str()), 8);
        for h in &s.hotspots {
            out.push_str(&format!(
                "  {}{} 份报告，合计 {} 分\n",
                pad(&h.name, w),
                lpad(&h.reports.to_string(), 3),
                h.gap_total
            ));
        }
    }
    for r in &a.reports {
        out.push_str(&report(r));
    }
    if !a.invalid.is_empty() {
        out.push_str("\n无效报告（未审核）：\n");
        for i in &a.invalid {
            out.push_str(&format!("  {}：{}\n", i.file, i.message));
        }
    }
    out
}

/// One report's review: its totals, every indicator whose 自评 differs (with the reason),
/// and where 核定 and the rules disagree.
fn report(r: &ReportAudit) -> String {
    let mut out = String::new();
    out.push_str(&format!("\n{}（{} 年度）{}\n", r.unit, r.year, r.file));
    let mut head = format!("  计算总分 {}", r.total);
    if !r.complete {
        head.push_str("（数据不全，只含已计分指标）");
    }
    if let Some(t) = &r.self_total {
        head.push_str(&format!("；自评总分 {t}"));
    }
    match r.gap_basis {
        "total" => head.push_str(&format!(
            "；没有逐项自评，自评总分 - 计算总分 = {}",
            r.gap_total
        )),
        "none" if r.gaps.is_empty() => head.push_str("；没有可核对的逐项自评"),
        _ => head.push_str(&format!(
            "；可核对的 {} 项指标中 {} 项自评高出、{} 项低于，合计 {} 分",
            r.compared, r.inflated, r.deflated, r.gap_total
        )),
    }
    out.push_str(&head);
    out.push('\n');
    for n in &r.notes {
        out.push_str(&format!("    提示：{n}\n"));
    }
    let w = column(r.gaps.iter().map(|g| g.label.as_str()), 8);
    for g in &r.gaps {
        let score = g.score.as_deref().unwrap_or("—");
        let gap = match &g.gap {
            Some(x) => x.clone(),
            None => "无法核对".into(),
        };
        out.push_str(&format!(
            "    {}自评 {}  得分 {}  {}  {}\n",
            pad(&g.label, w),
            lpad(&g.self_score, 4),
            lpad(score, 6),
            lpad(&gap, 8),
            g.reason
        ));
    }
    if !r.confirmed.is_empty() {
        out.push_str("  核定与规则计算不一致：\n");
        for c in &r.confirmed {
            let (score, diff) = match (&c.score, &c.difference) {
                (Some(s), Some(d)) => (s.as_str(), d.as_str()),
                _ => ("无法计算", ""),
            };
            out.push_str(&format!(
                "    {}：核定 {}，计算 {}{}\n",
                c.name,
                c.confirmed,
                score,
                if diff.is_empty() {
                    String::new()
                } else {
                    format!("（核定 - 计算 = {diff}）")
                }
            ));
        }
    }

    out
}
