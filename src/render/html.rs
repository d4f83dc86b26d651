//! The printed 评分表 as a self-contained HTML page (maud): no network, fonts named for Chinese
//! text, A4 pages, one report per page with its signature block (评分人 / 复核人 / 日期), and for
//! several reports an index first (total, grade, self-score and difference, sortable, each
//! linking to its page). The table gives every indicator's 分值, the verbatim 评分标准, 得分,
//! 自评 and 核定 where the report has them, and the 扣分原因 as the ledger says it; `explain`
//! pages give each indicator's whole ledger.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::base::quantity::{fmt_given, fmt_points};
use crate::eval::Scored;
use crate::explain::Explainer;
use crate::ir::NodeId;
use crate::render::{form_title, grade_words};

/// The page's style: A4, Chinese fonts by name (whatever the printing machine has), a page
/// break before each report after the first.
const STYLE: &str = r#"
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Noto Serif CJK SC", "Microsoft YaHei",
  "PingFang SC", "SimSun", "WenQuanYi Micro Hei", sans-serif; font-size: 10.5pt; color: #000; margin: 0; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
.sub { text-align: center; margin: 0 0 8pt; }
table { border-collapse: collapse; width: calc(100% - 1pt); table-layout: fixed; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr.total { break-after: avoid; page-break-after: avoid; }
tbody.end { break-inside: avoid; page-break-inside: avoid; }
tr.tail > td { border: none; padding: 0; }
@page { @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 8pt; } }
@media print { .screen { display: none; } }
table.index, table.auto { table-layout: auto; }
th, td { border: 0.6pt solid #333; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; }
tr.who th { background: none; border: none; text-align: left; font-weight: normal; font-size: 8.5pt; color: #444; padding: 0 0 2pt; }
td.n { text-align: right; padding: 2pt 3pt; word-break: break-all; }
tr.group td { font-weight: bold; background: #f6f6f6; }
tr.total td { font-weight: bold; }
td.name { word-break: break-all; }
.std, .why { font-size: 9pt; }
td.std { white-space: pre-line; }
td.file { font-size: 8pt; word-break: break-all; color: #444; }
table.index td.n { white-space: nowrap; word-break: normal; }
h1, h2, h3, .sub { break-after: avoid; page-break-after: avoid; }
.report { page-break-before: always; break-before: page; }
.report:first-of-type { page-break-before: auto; break-before: auto; }
.notes { font-size: 9pt; margin: 6pt 0; }
.sign { margin-top: 18pt; display: flex; justify-content: space-between; }
.sign span { display: inline-block; min-width: 55mm; }
.sign span::after { content: ""; display: inline-block; width: 36mm; border-bottom: 0.6pt solid #333; }
.ledger { font-size: 9pt; margin: 0 0 0 1em; }
tr.ledger td { border-top: none; background: #fbfbfb; }
.ledger dt { float: left; clear: left; width: 4.5em; color: #444; }
.ledger dd { margin-left: 5em; }
table.index th { cursor: pointer; }
@media screen { body { max-width: 210mm; margin: 10mm auto; } }
"#;

/// The page footer of a document of several reports.
const BATCH_PAGES: &str =
    r#"@page { @bottom-center { content: "第 " counter(page) " 页"; font-size: 8pt; } }"#;

/// Sorting the index by a column when its header is clicked (numbers as numbers). A cell
/// with an empty `data-v` (a total of a report with data missing) sorts after the others
/// either way; the rows of invalid reports stay at the end.
const SORT: &str = r#"
document.querySelectorAll('table.index th').forEach(function (th, i) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var all = Array.prototype.slice.call(body.rows);
    var rows = all.filter(function (r) { return !r.classList.contains('invalid'); });
    var rest = all.filter(function (r) { return r.classList.contains('invalid'); });
    var asc = th.dataset.asc !== '1'; th.dataset.asc = asc ? '1' : '0';
    var key = function (r) { var c = r.cells[i]; return c.dataset.v !== undefined ? c.dataset.v : c.textContent; };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === '' || y === '') { return (x === '') - (y === ''); }
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh');
      return asc ? c : -c;
    });
    rows.concat(rest).forEach(function (r) { body.appendChild(r); });
  });
});
"#;

/// One report to print: what was scored and the file it came from.
pub struct Page<'a, 's> {
    /// The scored report.
    pub scored: &'a Scored<'s>,
    /// The report file as given.
    pub file: &'a str,
}

/// A whole document: an index when there are several reports, then each report's 评分表
/// (`ledger`: with every indicator's full explanation, as `explain` gives it).
/// `invalid`: the reports that could not be scored (file, why), listed in the index so that
/// none vanishes from the printout.
pub fn document(pages: &[Page<'_, '_>], invalid: &[(String, String)], ledger: bool) -> String {
    let body = html! {
        @if pages.len() + invalid.len() > 1 { (index(pages, invalid, |k| format!("#r{k}"))) }
        @for (k, p) in pages.iter().enumerate() { (report(k, p, ledger)) }
        @if pages.len() > 1 {
            script { (PreEscaped(SORT)) }
            // Pages counted through a batch: no "of N", which would count other units' pages.
            style { (PreEscaped(BATCH_PAGES)) }
        }
    };
    page(&title(pages), body)
}

/// The same as a folder of pages: `index.html` (the index, each row linking to its page)
/// and a page per report, named by its place and its file (`001-bumen-000.html`). Returns
/// (file name, page) pairs, the index first.
pub fn folder(
    pages: &[Page<'_, '_>],
    invalid: &[(String, String)],
    ledger: bool,
) -> Vec<(String, String)> {
    let names: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(k, p)| page_name(k, p.file))
        .collect();
    let index_page = html! {
        (index(pages, invalid, |k| names[k].clone()))
        script { (PreEscaped(SORT)) }
    };
    let mut out = vec![("index.html".to_string(), page(&title(pages), index_page))];
    for (k, p) in pages.iter().enumerate() {
        let body = html! {
            p.screen { a href="index.html" { "← 返回汇总" } }
            (report(k, p, ledger))
        };
        out.push((names[k].clone(), page(&title(pages), body)));
    }
    out
}

/// The name of report `k`'s page in a folder: its place, then its file's name with what a file
/// name cannot hold replaced (`001-甲局.html`), cut to fit a file name.
fn page_name(k: usize, file: &str) -> String {
    let stem = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem: String = stem
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // A file name holds at most 255 bytes: a long stem is cut (on a character) to leave room
    // for the place and `.html`; the place keeps names apart.
    let mut cut = stem.len().min(MAX_STEM_BYTES);
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{:03}-{}.html", k + 1, &stem[..cut])
}

/// The most bytes of a report's file name a page's name keeps (60 汉字).
const MAX_STEM_BYTES: usize = 180;

fn title(pages: &[Page<'_, '_>]) -> String {
    pages
        .first()
        .map(|p| form_title(&p.scored.scheme.title))
        .unwrap_or_else(|| "评分表".into())
}

/// A page of `body` titled `title`, in the 评分表's style (self-contained, A4).
pub fn page(title: &str, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string()
}

/// The batch index: every report with its total, grade, self-score and difference, each row
/// linking to report `k`'s page at `link(k)`.
fn index(
    pages: &[Page<'_, '_>],
    invalid: &[(String, String)],
    link: impl Fn(usize) -> String,
) -> Markup {
    html! {
        section.report {
            h1 { (pages.first().map_or("", |p| p.scored.scheme.title.as_str())) " 评分汇总" }
            p.sub { "共 " (pages.len() + invalid.len()) " 份报告" @if !invalid.is_empty() { "（无效 " (invalid.len()) " 份，列在表末）" } span.screen { "；点击表头排序" } }
            table.index {
                thead { tr { th { "单位" } th { "年度" } th { "项目" } th { "总分" } th { "等级" } th { "自评" } th { "自评 - 得分" } th { "报告文件" } } }
                tbody {
                    @for (k, p) in pages.iter().enumerate() {
                        @let (s, r, o) = (&*p.scored.scheme, &p.scored.report, &p.scored.outcome);
                        @let own = r.self_total_or_sum(s.scored_units());
                        @let gap = own.filter(|_| o.complete).map(|t| fmt_given(t - o.total, s.places));
                        tr {
                            td { a href=(link(k)) { (r.unit) } }
                            td.n { (r.year) }
                            td { (r.project.clone().unwrap_or_default()) }
                            // A partial total is not ranked among whole ones.
                            td.n data-v=(if o.complete { o.total.to_string() } else { String::new() }) { (fmt_points(o.total, s.places)) }
                            td { (grade_words(p.scored)) }
                            td.n { (own.map(|t| fmt_given(t, s.places)).unwrap_or_default()) }
                            td.n { (gap.unwrap_or_default()) }
                            // Two reports of one unit and year are told apart by their files.
                            td.file { (p.file) }
                        }
                    }
                    @for (file, why) in invalid {
                        tr.invalid { td colspan="3" { "（无效的报告）" } td.n { "—" } td { "无效" } td colspan="2" { (plain(why)) } td.file { (file) } }
                    }
                }
            }
        }
    }
}

/// Text for print: the code quotes the terminal uses (`满意度`) as Chinese quotes (「满意度」).
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        if c == '`' {
            out.push(if open { '」' } else { '「' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

/// One report's 评分表.
fn report(k: usize, page: &Page<'_, '_>, ledger: bool) -> Markup {
    let (s, r, o) = (
        &*page.scored.scheme,
        &page.scored.report,
        &page.scored.outcome,
    );
    let p = s.places;
    let ex = Explainer::of(page.scored);
    let has_own = r.has_self_scores();
    let has_confirmed = r.has_confirmed();
    let show = |v: Option<rust_decimal::Decimal>| v.map(|d| fmt_given(d, p)).unwrap_or_default();
    let columns = 5 + usize::from(has_own) + usize::from(has_confirmed);
    // One indicator's row (and, for `explain`, its ledger under it).
    let row = |i: usize| {
        let id = NodeId(i as u32);
        let n = s.node(id);
        let leaf = n.leaf.is_some() || n.unfilled();
        let score = o
            .node(id)
            .score
            .map(|v| fmt_points(v, p))
            .unwrap_or_else(|| "—".into());
        let why = if leaf {
            ex.reason(id)
        } else {
            let mut notes = r.notes(id).to_vec();
            notes.extend(super::partial_note(page.scored, id));
            notes.join("；")
        };
        html! {
            tr class=(if leaf { "" } else { "group" }) {
                td.name style=(format!("padding-left:{}em", 0.3 + 0.9 * (n.path.len() - 1) as f32)) { (n.name) }
                td.n { (fmt_points(n.weight, p)) }
                td.std {
                    @if let Some(std) = &n.standard { (std) }
                    // A form's row: what it was measured by.
                    @if let Some(row) = r.row(id) {
                        @if n.standard.is_some() { br; }
                        "指标值：" (plain(&row.target_text)) "；完成值：" (plain(&row.actual_text))
                    }
                }
                td.n { (score) }
                @if has_own { td.n { (show(r.self_scores.get(i).copied().flatten())) } }
                @if has_confirmed { td.n { (show(r.confirmed.get(i).copied().flatten())) } }
                td.why { (plain(&why)) }
            }
            // The whole ledger (explain) across the table, under its indicator.
            @if ledger && leaf {
                tr.ledger {
                    td colspan=(columns) {
                        dl.ledger {
                            @for l in ex.trace(id).into_iter().filter(|l| l.label != "依据") {
                                dt { (l.label) } dd { (plain(&l.text)) }
                            }
                        }
                    }
                }
            }
        }
    };
    // The rows kept on the last page with the total: two, or one with its whole ledger.
    let end_from = s.nodes.len().saturating_sub(if ledger { 1 } else { 2 });
    html! {
        section.report id=(format!("r{k}")) {
            h1 { (form_title(&s.title)) }
            p.sub {
                (r.unit) " · " (r.year) " 年度"
                @if let Some(pr) = &r.project { " · " (pr) }
                " · 方案 " (s.title) "（" (s.years_label()) "）"
            }
            p.sub {
                "总分 " strong { (fmt_points(o.total, p)) } " / " (fmt_points(s.full_marks, p))
                @if !o.complete { "（数据不全，只含已计分的指标）" }
                " · 等级 " strong { (grade_words(page.scored)) }
                @if let Some(t) = r.self_total { " · 自评总分 " (fmt_given(t, p)) }
                @if let Some(t) = r.confirmed_total { " · 核定总分 " (fmt_given(t, p)) }
            }
            table {
                colgroup {
                    // Numbers get room for `100.00` in bold (the 合计 row).
                    col style="width:24%";
                    col style="width:8%";
                    col style=(format!("width:{}%", if has_own || has_confirmed { 24 } else { 28 }));
                    col style="width:8%";
                    @if has_own { col style="width:7%"; }
                    @if has_confirmed { col style="width:7%"; }
                    col;
                }
                thead {
                    // Repeated at the top of every page: whose table it is.
                    tr.who {
                        th colspan=(columns) {
                            (r.unit) " · " (r.year) " 年度"
                            @if let Some(pr) = &r.project { " · " (pr) }
                        }
                    }
                    tr {
                        th { "指标" } th { "分值" } th { "评分标准" } th { "得分" }
                        @if has_own { th { "自评" } }
                        @if has_confirmed { th { "核定" } }
                        th { "扣分原因" }
                    }
                }
                tbody {
                    @for i in 0..end_from { (row(i)) }
                }
                // The last rows, the total and the tail (notes, file, signatures) break as
                // one: a signature never stands on a page of its own.
                tbody.end {
                    @for i in end_from..s.nodes.len() { (row(i)) }
                    tr.total {
                        td { "合计" } td.n { (fmt_points(s.full_marks, p)) } td {}
                        td.n { (fmt_points(o.total, p)) }
                        @if has_own { td.n { (show(r.self_total_or_sum(s.scored_units()))) } }
                        @if has_confirmed { td.n { (show(r.confirmed_total)) } }
                        td {}
                    }
                    tr.tail {
                        td colspan=(columns) {
                            @if !r.findings.is_empty() {
                                div.notes {
                                    strong { "提示" }
                                    ul { @for f in &r.findings { li { (plain(&f.text)) } } }
                                }
                            }
                            p.notes { "报告文件：" (page.file) }
                            div.sign {
                                span { "评分人：" } span { "复核人：" } span { "日期：" }
                            }
                        }
                    }
                }
            }
        }
    }
}
