//! Pages for the bureau's reviews, in the printed 评分表's style ([`super::html`]): `replay`
//! (each report under the old and the new scheme side by side, the indicators that moved, and
//! the causes), `audit` (units ranked by how far their self-scores exceed the rules, each gap
//! with its reason, and where 核定 disagrees), and `diff` (each changed indicator, old beside new).

use maud::{html, Markup};

use super::html::page;
use crate::diff::{Change, SchemeDiff};
use crate::workflow::audit::Audit;
use crate::workflow::replay::Replay;

/// The replay of past reports under two schemes.
pub fn replay(r: &Replay) -> String {
    let s = &r.summary;
    let body = html! {
        section.report {
            h1 { "方案回放" }
            p.sub { "旧 " (r.old.file) "（" (r.old.years) "）→ 新 " (r.new.file) "（" (r.new.years) "）" }
            p.sub {
                "报告 " (s.reports) " 份，比较 " (s.compared) " 份；总分不变 " (s.unchanged)
                " 份，等级变化 " (s.grade_changed) " 份，数据不全 " (s.incomplete) " 份，无效 " (s.invalid) " 份"
                @if let Some(m) = &s.mean_change { "；平均变化 " (m) " 分" }
            }
            @if !s.causes.is_empty() {
                h2 { "变化来自" }
                table.auto {
                    thead { tr { th { "指标" } th { "占全部变动" } th { "合计变动" } th { "平均变化" } th { "涉及报告" } } }
                    tbody {
                        @for c in &s.causes {
                            tr { td { (c.name) } td.n { (c.share) } td.n { (c.moved) } td.n { (c.mean_change) } td.n { (c.reports) } }
                        }
                    }
                }
            }
            h2 { "逐份对比" }
            table.auto {
                thead {
                    tr {
                        th { "单位" } th { "年度" } th { "旧总分" } th { "新总分" } th { "变化" }
                        th { "旧等级" } th { "新等级" } th { "变动的指标（旧 → 新）" }
                    }
                }
                tbody {
                    @for row in &r.reports {
                        tr class=(if row.grade_changed { "group" } else { "" }) {
                            td { (row.unit) } td.n { (row.year) }
                            td.n { (row.old_total) } td.n { (row.new_total) } td.n { (row.change) }
                            td { (row.old_grade.clone().unwrap_or_else(|| "未定".into())) }
                            td { (row.new_grade.clone().unwrap_or_else(|| "未定".into())) }
                            td.why {
                                @for m in &row.indicators {
                                    (m.name) "：" (m.side(false))
                                    " → " (m.side(true)) "（" (m.change) "）" br;
                                }
                            }
                        }
                    }
                }
            }
            @if !r.invalid.is_empty() {
                h2 { "未比较（无效）" }
                ul.notes { @for i in &r.invalid { li { (i.file) "（" (under(i.under)) "无效）：" (i.message) } } }
            }
        }
    };
    page("方案回放", body)
}

/// The review of self-scores and confirmed scores.
pub fn audit(a: &Audit) -> String {
    let body = html! {
        section.report {
            h1 { "自评审核" }
            p.sub {
                "报告 " (a.summary.reports) " 份，有自评 " (a.summary.with_self_scores) " 份，有核定 "
                (a.summary.with_confirmed) " 份（与规则计分不一致 " (a.summary.confirmed_disagree) " 份），无效 "
                (a.summary.invalid) " 份"
            }
            @if !a.ranking.is_empty() {
                h2 { "按自评高出排名" }
                table.auto {
                    thead { tr { th { "名次" } th { "单位" } th { "年度" } th { "自评 - 得分" } th { "高出的指标" } th { "依据" } } }
                    tbody {
                        @for k in &a.ranking {
                            tr { td.n { (k.rank) } td { (k.unit) } td.n { (k.year) } td.n { (k.gap_total) } td.n { (k.inflated) } td { (basis(k.basis)) } }
                        }
                    }
                }
            }
            @if !a.invalid.is_empty() {
                h2 { "无效的报告（未审核）" }
                ul.notes { @for i in &a.invalid { li { (i.file) "：" (i.message) } } }
            }
            @for rep in &a.reports {
                @if !rep.gaps.is_empty() || !rep.confirmed.is_empty() {
                    h2 {
                        (rep.unit) " · " (rep.year) " 年度 · 总分 " (rep.total)
                        @if !rep.complete { "（数据不全，只含已计分的指标）" }
                    }
                    @if !rep.gaps.is_empty() {
                        table.auto {
                            thead { tr { th { "指标" } th { "分值" } th { "自评" } th { "得分" } th { "差" } th { "原因" } } }
                            tbody {
                                @for g in &rep.gaps {
                                    tr {
                                        td { (g.path.join("/")) } td.n { (g.weight) } td.n { (g.self_score) }
                                        td.n { (g.score.clone().unwrap_or_else(|| "—".into())) }
                                        td.n { (g.gap.clone().unwrap_or_default()) } td.why { (g.reason) }
                                    }
                                }
                            }
                        }
                    }
                    @if !rep.confirmed.is_empty() {
                        p.notes { "核定与规则计分不一致：" }
                        ul.notes {
                            @for d in &rep.confirmed {
                                li {
                                    (d.name) "：核定 " (d.confirmed) "，规则 " (d.score.clone().unwrap_or_else(|| "—".into()))
                                    @if let Some(diff) = &d.difference { "（核定 - 规则 = " (diff) "）" }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    page("自评审核", body)
}

/// Which scheme a report is invalid under, in words.
fn under(u: &str) -> &'static str {
    match u {
        "old" => "旧方案下",
        "new" => "新方案下",
        _ => "两个方案下都",
    }
}

/// What a unit's gap is summed from, in words.
fn basis(b: &str) -> &'static str {
    match b {
        "indicators" => "逐项自评",
        "total" => "自评总分",
        _ => "无自评",
    }
}

/// One change, old beside new.
fn change(c: &Change) -> Markup {
    let both = |what: &str, old: &str, new: &str| {
        html! { tr { td { (what) } td.why { (old) } td.why { (new) } } }
    };
    match c {
        Change::Moved { old_path, new_path } => {
            both("位置", &old_path.join("/"), &new_path.join("/"))
        }
        Change::Points { old, new } => both("分值", old, new),
        Change::Subject { old, new } => both("计分的量", old, new),
        Change::Formula { value, old, new } => both(&format!("公式 {value}"), old, new),
        Change::Rule { old, new, .. } => both("规则", old, new),
        Change::Cases { old, new } => both("特殊情形", &old.join("；"), &new.join("；")),
        Change::Standard { old, new, .. } => both(
            "评分标准",
            old.as_deref().unwrap_or(""),
            new.as_deref().unwrap_or(""),
        ),
        Change::Explanation { old, new, .. } => both(
            "说明",
            old.as_deref().unwrap_or(""),
            new.as_deref().unwrap_or(""),
        ),
        Change::Scores(s) => html! {
            @for d in &s.differ {
                tr { td { "得分（" (s.quantity) " " (d.range.text) "）" } td.n { (d.old) } td.n { (d.new) } }
            }
            @if !s.agree.is_empty() {
                tr {
                    td { "得分相同" }
                    td colspan="2" {
                        (s.quantity) " 在 "
                        (s.agree.iter().map(|r| r.text.clone()).collect::<Vec<_>>().join("、"))
                    }
                }
            }
            @for n in &s.notes { tr { td { "注" } td colspan="2" { (n) } } }
        },
    }
}

fn status(s: &crate::diff::Status) -> &'static str {
    match s {
        crate::diff::Status::Added => "新增",
        crate::diff::Status::Removed => "删除",
        crate::diff::Status::Changed => "修改",
    }
}

/// Two schemes compared, indicator by indicator.
pub fn diff(d: &SchemeDiff) -> String {
    let body = html! {
        section.report {
            h1 { "方案对比" }
            p.sub { (d.old.file) "（" (d.old.years) "）→ " (d.new.file) "（" (d.new.years) "）" }
            p.sub {
                "指标：新增 " (d.summary.indicators_added) "，删除 " (d.summary.indicators_removed)
                "，修改 " (d.summary.indicators_changed) "；输入改动 " (d.summary.inputs)
                "；值改动 " (d.summary.values) "；表头改动 " (d.summary.header)
            }
            @if !d.header.is_empty() || !d.inputs.is_empty() || !d.values.is_empty() {
                h2 { "表头、输入与值" }
                table.auto {
                    thead { tr { th { "项" } th { "旧" } th { "新" } } }
                    tbody {
                        @for f in &d.header { tr { td { (f.field) } td.why { (f.old) } td.why { (f.new) } } }
                        @for n in d.inputs.iter().chain(&d.values) {
                            tr {
                                td { (n.name) "（" (status(&n.status)) "）" }
                                td.why { (n.old.clone().unwrap_or_else(|| "—".into())) }
                                td.why { (n.new.clone().unwrap_or_else(|| "—".into())) }
                            }
                        }
                    }
                }
            }
            @for i in &d.indicators {
                h2 { (i.path.join("/")) "（" (status(&i.status)) "，" (i.weight) " 分）" }
                table.auto {
                    thead { tr { th style="width:18%" { "改动" } th { "旧" } th { "新" } } }
                    tbody {
                        // An indicator only in one scheme: its rule on its side.
                        @let rule = i.rule.clone().unwrap_or_default();
                        @match i.status {
                            crate::diff::Status::Added => { tr { td { "规则" } td { "—" } td.why { (rule) } } }
                            crate::diff::Status::Removed => { tr { td { "规则" } td.why { (rule) } td { "—" } } }
                            crate::diff::Status::Changed => {}
                        }
                        @for c in &i.changes { (change(c)) }
                    }
                }
            }
            p.notes { "特殊情形（若 … 则 …）先于规则判断，不在得分范围的比较之内。" }
        }
    };
    page("方案对比", body)
}
