//! Plain-text renderings of a scored report: the score table and the full explanation.
//! They return strings; the command line prints them.
//!
//! Arithmetic: the gaps shown (自评 - 得分) are of a report number below 10¹⁵ and a total below
//! 10¹³; they cannot overflow.

use unicode_width::UnicodeWidthStr;

use crate::base::quantity::{fmt_given, fmt_points};
use crate::eval::Scored;
use crate::explain::Explainer;
use crate::ir::{NodeId, Scheme};
use crate::workflow::batch::Scoring;

pub(crate) fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` padded to `width` columns, or, when wider, with its middle left out (`…`) so that the
/// columns after it stay aligned: `湖南省某县人民政府…机关事务服务中心`. The start and the end
/// are kept because names of one county's units share their start and differ at the end.
pub(crate) fn pad_fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if UnicodeWidthStr::width(s) <= width {
        return pad(s, width);
    }
    let room = width.saturating_sub(1);
    let take = |chars: &mut dyn Iterator<Item = char>, budget: usize| {
        let mut used = 0;
        let mut kept = Vec::new();
        for c in chars {
            let w = c.width().unwrap_or(0);
            if used + w > budget {
                break;
            }
            used += w;
            kept.push(c);
        }
        (kept, used)
    };
    let (head, used) = take(&mut s.chars(), room / 2);
    let (mut tail, _) = take(&mut s.chars().rev(), room - used);
    tail.reverse();
    let fitted: String = head.into_iter().chain(['…']).chain(tail).collect();
    pad(&fitted, width)
}

/// The display width of the widest name, plus a gap of 2 (at least `min`).
pub(crate) fn column<'a>(names: impl Iterator<Item = &'a str>, min: usize) -> usize {
    names
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(min)
        .max(min)
        + 2
}

pub(crate) fn lpad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{}{s}", " ".repeat(width.saturating_sub(w)))
}

/// The title lines shared by `score` and `explain`.
fn header(scored: &Scored<'_>, file: &str) -> String {
    let (scheme, report, outcome) = (&*scored.scheme, &scored.report, &scored.outcome);
    let p = scheme.places;
    let mut s = format!("{} · {} 年度", report.unit, report.year);
    if let Some(pr) = &report.project {
        s.push_str(&format!(" · {pr}"));
    }
    s.push_str(&format!(
        " · {}（{}）· {file}\n",
        scheme.title,
        scheme.years_label()
    ));
    if let [bases @ .., top] = scheme.layers.as_slice() {
        if !bases.is_empty() {
            let name = |f| scheme.sources.get(f).name.as_str();
            let bases: Vec<&str> = bases.iter().rev().map(|l| name(l.file)).collect();
            s.push_str(&format!(
                "方案文件 {}，基于 {}\n",
                name(top.file),
                bases.join(" ← ")
            ));
        }
    }
    s.push_str(&format!(
        "总分 {} / {}",
        fmt_points(outcome.total, p),
        fmt_points(scheme.full_marks, p)
    ));
    match outcome.grade {
        Some(g) => s.push_str(&format!(" · 等级 {}", scheme.grades[g].name)),
        None if !outcome.complete => s.push_str(" · 等级 未定（数据不全）"),
        None => {}
    }
    if let Some(st) = report.self_total {
        if outcome.complete {
            s.push_str(&format!(
                " · 自评总分 {}（自评 - 得分 = {}）",
                fmt_given(st, p),
                fmt_given(st - outcome.total, p)
            ));
        } else {
            s.push_str(&format!(
                " · 自评总分 {}（数据不全，总分只含已计分的指标，暂不比较）",
                fmt_given(st, p)
            ));
        }
    }
    s.push('\n');
    if !outcome.complete {
        let unscored: Vec<String> = scheme
            .scored_units()
            .filter(|id| outcome.node(*id).score.is_none())
            .map(|id| {
                let n = scheme.node(id);
                // Rows of a form may share a name across categories: give their path.
                if report.row(id).is_some() {
                    n.path.join("/")
                } else {
                    n.name.clone()
                }
            })
            .collect();
        s.push_str(&format!(
            "未计分 {} 项（不按 0 分计）：{}\n",
            unscored.len(),
            unscored.join("、")
        ));
    }
    for f in &report.findings {
        s.push_str(&format!("提示：{}\n", f.text));
    }
    let rows = report.row_of.iter().flatten().count();
    if report.self_total.is_some() && rows > 0 && report.self_scores.iter().all(Option::is_none) {
        s.push_str("提示：报告只有自评总分，没有各行的自评得分，只能比较总分，无法逐行对照\n");
    }
    s
}

/// The 评分表 of one report: 分值, 得分, 扣分, 自评 and 差 (自评 - 得分), 核定, and why points
/// were lost; unwrapped (for a file or a pipe).
pub fn score_table(scored: &Scored<'_>, file: &str) -> String {
    score_table_width(scored, file, None)
}

/// [`score_table`] for a terminal `width` columns wide (说明 wrapped to fit; see
/// [`super::table`]).
pub fn score_table_width(scored: &Scored<'_>, file: &str, width: Option<usize>) -> String {
    let head = header(scored, file);
    let mut out = match width {
        // The header's lines (title, total, 提示) wrapped too, continued lines indented.
        Some(w) => {
            let opts = textwrap::Options::new(w).subsequent_indent("  ");
            head.lines()
                .flat_map(|l| textwrap::wrap(l, &opts))
                .map(|l| format!("{l}\n"))
                .collect()
        }
        None => head,
    };
    out.push('\n');
    out.push_str(&super::table::rows(scored, width));
    out
}

/// Every indicator's ledger, line by line.
pub fn explanation(scored: &Scored<'_>, file: &str) -> String {
    let (scheme, outcome) = (&*scored.scheme, &scored.outcome);
    let ex = Explainer::of(scored);
    let mut out = header(scored, file);
    for i in 0..scheme.nodes.len() {
        let id = NodeId(i as u32);
        let n = scheme.node(id);
        out.push('\n');
        if n.leaf.is_none() {
            let o = outcome.node(id);
            // A group's score counts only what was scored below it: say what was not.
            let unscored = super::unscored_below(scored, id);
            let got = match (o.score, unscored) {
                (Some(v), 0) => format!("得 {} 分", fmt_points(v, scheme.places)),
                (Some(v), k) => format!("得 {} 分（{k} 项未计分）", fmt_points(v, scheme.places)),
                (None, _) => "未计分".into(),
            };
            out.push_str(&format!(
                "【{}】{}分，{got}\n",
                n.path.join(" / "),
                n.weight.normalize(),
            ));
            for note in scored.report.notes(id) {
                out.push_str(&format!("  提示  {note}\n"));
            }
            continue;
        }
        out.push_str(&ex.head(id));
        out.push('\n');
        let mut lines: Vec<(String, String, Option<&str>)> = Vec::new();
        for l in ex.trace(id) {
            // A floor or a cap finishes the sentence of the deduction before it.
            if matches!(l.kind, "floor") {
                if let Some(last) = lines.last_mut() {
                    last.1.push('，');
                    last.1.push_str(&l.text);
                    continue;
                }
            }
            // `公式 x = a ÷ b` then `计算 x = 1 ÷ 2 = 50%` read as one line: `x = a ÷ b = 1 ÷ 2 = 50%`.
            if l.kind == "substitute" {
                if let Some(last) = lines.last_mut() {
                    if let (Some(f), Some(rest)) = (last.2, l.text.split_once(" = ")) {
                        if f == "formula" && last.1.starts_with(&format!("{} = ", rest.0)) {
                            last.0 = "计算".into();
                            last.1.push_str(" = ");
                            last.1.push_str(rest.1);
                            last.2 = Some("substitute");
                            continue;
                        }
                    }
                }
            }
            lines.push((l.label.to_string(), l.text, Some(l.kind)));
        }
        for (label, text, _) in lines {
            let mut first = true;
            for t in text.lines() {
                if first {
                    out.push_str(&format!("  {}  {t}\n", pad(&label, 4)));
                    first = false;
                } else {
                    out.push_str(&format!("        {t}\n"));
                }
            }
        }
    }
    out
}

/// A batch's table: 单位 (with the project, if any), 年度, 总分, 等级, 自评, 差, the scheme's file
/// when the scheme is a folder, and the report's file — last, as the column that gives way:
/// shown below the folder all the files share (named once in the header), and shortened in
/// the middle to fit the terminal.
#[derive(Debug, Clone)]
pub struct Columns {
    /// The unit column's width.
    pub unit: usize,
    /// The folder every report file is in (`fixtures/bumen-zhengti/`), left out of each line.
    pub folder: String,
    /// The file column's width when fitted to a terminal.
    pub file: Option<usize>,
    /// Whether there is a 方案 column (a folder of schemes).
    pub scheme: bool,
}

/// Widths of the fixed columns.
const YEAR_W: usize = 4;
const TOTAL_W: usize = 6;
const GRADE_W: usize = 14;
const OWN_W: usize = 6;
const SCHEME_W: usize = 9;

impl Columns {
    /// Columns for these report files, `width` columns wide when given. On a narrow terminal
    /// the unit column narrows (to 12) before the file column does, and the 方案 column is
    /// shown only from 100 columns.
    pub fn of(files: &[&str], width: Option<usize>, scheme: bool) -> Self {
        let mut folder = None;
        for f in files {
            shared_folder(&mut folder, f);
        }
        Columns::with_folder(folder.unwrap_or_default(), width, scheme)
    }

    /// [`Columns::of`] for files all in `folder` (found by [`shared_folder`]).
    pub fn with_folder(folder: String, width: Option<usize>, scheme: bool) -> Self {
        let scheme = scheme && width.is_none_or(|w| w >= 100);
        // Everything but the unit and the file, with the blanks between columns.
        let fixed =
            YEAR_W + TOTAL_W + GRADE_W + 2 * OWN_W + if scheme { SCHEME_W + 2 } else { 0 } + 6 * 2;
        let unit = width.map_or(24, |w| w.saturating_sub(fixed + 12).clamp(12, 24));
        Columns {
            unit,
            folder,
            file: width.map(|w| w.saturating_sub(fixed + unit).max(12)),
            scheme,
        }
    }
}

/// Narrows `folder` (ending in `/`; `None` before the first file) to the folder file `f`
/// is in too: over a batch's files, the folder every file is in, or nothing.
pub fn shared_folder(folder: &mut Option<String>, f: &str) {
    let Some(acc) = folder else {
        *folder = Some(f[..f.rfind('/').map_or(0, |i| i + 1)].to_string());
        return;
    };
    let mut end = acc.len();
    while end > 0 && !(f.len() >= end && f.as_bytes()[..end] == acc.as_bytes()[..end]) {
        end = acc[..end - 1].rfind('/').map_or(0, |i| i + 1);
    }
    acc.truncate(end);
}

/// The header of a batch's table (after a line naming the folder the report files share).
pub fn summary_header(c: &Columns) -> String {
    let mut s = format!(
        "{}  {}  {}  {}  {}  {}",
        pad("单位", c.unit),
        pad("年度", YEAR_W),
        lpad("总分", TOTAL_W),
        pad("等级", GRADE_W),
        lpad("自评", OWN_W),
        lpad("差", OWN_W)
    );
    if c.scheme {
        s.push_str(&format!("  {}", pad("方案", SCHEME_W)));
    }
    s.push_str("  文件");
    if c.folder.is_empty() {
        s
    } else {
        // The folder the files share, once, on a line of its own.
        format!("报告文件在 {} 中\n{s}", c.folder)
    }
}

/// One report's line in a batch: unit, year, total, grade (or how many indicators are
/// unscored), self-score and the difference (when complete), scheme, file.
pub fn summary_line(scored: &Scored<'_>, file: &str, scheme_file: &str, c: &Columns) -> String {
    let (scheme, report, outcome) = (&*scored.scheme, &scored.report, &scored.outcome);
    let p = scheme.places;
    let unit = match &report.project {
        Some(pr) => format!("{} · {pr}", report.unit),
        None => report.unit.clone(),
    };
    let grade = match outcome.grade {
        Some(g) => scheme.grades[g].name.clone(),
        None if !outcome.complete => {
            let n = scheme
                .scored_units()
                .filter(|id| outcome.node(*id).score.is_none())
                .count();
            format!("未定（缺{n}项）")
        }
        None => String::new(),
    };
    let own = report.self_total_or_sum(scheme.scored_units());
    let gap = own
        .filter(|_| outcome.complete)
        .map(|st| fmt_given(st - outcome.total, p));
    let mut s = format!(
        "{}  {}  {}  {}  {}  {}",
        pad_fit(&unit, c.unit),
        pad(&report.year.to_string(), YEAR_W),
        lpad(&fmt_points(outcome.total, p), TOTAL_W),
        pad_fit(&grade, GRADE_W),
        lpad(&own.map(|v| fmt_given(v, p)).unwrap_or_default(), OWN_W),
        lpad(&gap.unwrap_or_default(), OWN_W)
    );
    if c.scheme {
        s.push_str(&format!("  {}", pad_fit(scheme_file, SCHEME_W)));
    }
    let shown = file.strip_prefix(c.folder.as_str()).unwrap_or(file);
    match c.file {
        Some(w) => s.push_str(&format!("  {}", pad_fit(shown, w))),
        None => s.push_str(&format!("  {shown}")),
    }
    s.trim_end().to_string()
}

/// A blank report for the scheme: every input with its unit, range and description, and the
/// allowed items and levels, as comments.
pub fn template(scheme: &Scheme) -> String {
    use crate::base::quantity::range_words;
    use crate::base::units::Dim;
    use crate::ir::InputKind;
    let mut s = format!("# {}（{}）空白报告\n", scheme.title, scheme.years_label());
    s.push_str("# 未填写的项留空即可：留空表示“没有数据”，该指标不计分，而不是按 0 计。\n");
    if scheme.form.is_some() {
        s.push_str("单位: \n项目:     # 项目支出自评表填写项目名称；部门整体支出删去这一行\n");
        s.push_str(&format!("年度: {}\n预算执行:\n", scheme.year_from));
    } else {
        s.push_str(&format!("单位: \n年度: {}\n数据:\n", scheme.year_from));
    }
    for input in scheme.inputs.iter().filter(|i| !i.row) {
        let desc = input.desc.clone().unwrap_or_default();
        let (kind, value) = match &input.kind {
            InputKind::Number(Dim::Ratio) => (
                format!(
                    "百分数，填 88 表示 88%，{}",
                    range_words(&input.range, Dim::Ratio)
                ),
                String::new(),
            ),
            InputKind::Number(d) => (
                format!("{}，{}", d.describe(), range_words(&input.range, *d)),
                String::new(),
            ),
            InputKind::Bool => ("填 是 或 否".into(), String::new()),
            InputKind::Checklist(items) => (
                format!(
                    "清单，列出已具备的项，如 [{}]；一项都不具备写 []；可选：{}",
                    items[..items.len().min(2)].join(", "),
                    items.join("、")
                ),
                String::new(),
            ),
            InputKind::Tier(levels) => (
                format!("等级，填其一：{}", levels.join("、")),
                String::new(),
            ),
            InputKind::Reviewer => (
                format!(
                    "评审打分 {}，须写理由",
                    range_words(&input.range, Dim::Points)
                ),
                " {得分: , 理由: \"\"}".into(),
            ),
        };
        s.push_str(&format!("  # {desc}（{kind}）\n  {}:{value}\n", input.name));
    }
    if scheme.form.is_some() {
        let cats: Vec<&str> = scheme
            .nodes
            .iter()
            .filter(|n| n.rows.is_some())
            .map(|n| n.name.as_str())
            .collect();
        s.push_str("# 绩效指标：每个三级指标一行。一级指标为 ");
        s.push_str(&cats.join("、"));
        s.push_str(" 之一；\n");
        s.push_str("# 指标值如 ≥95%、≤15.2万元、14人、12月31日之前、提高；完成值填实际完成的数（同一单位）；\n");
        s.push_str("# 定性指标的完成值填完成比例（如 90%），或在 完成比例 中填写；分值、自评得分、偏差原因可不填。\n");
        s.push_str("绩效指标:\n");
        for c in &cats {
            s.push_str(&format!(
                "  - {{一级: {c}, 二级: , 三级: , 分值: , 指标值: \"\", 完成值: \"\", 自评得分: }}\n"
            ));
        }
    }
    s.push_str("# 单位自评分（可选），键为指标名称\n自评:\n");
    for id in scheme.leaves() {
        let n = scheme.node(id);
        s.push_str(&format!("  {}:    # {}分\n", n.name, n.weight.normalize()));
    }
    s.push_str("  总分:\n");
    s
}

/// A report's findings with their excerpts (for stderr), and that it was not scored when
/// invalid; a report never read gets its one message and hint.
pub fn problems(s: &Scoring<'_>) -> String {
    problems_of(s, true)
}

/// [`problems`] without the warnings (a batch says each repeated warning once).
pub fn problems_except_warnings(s: &Scoring<'_>) -> String {
    problems_of(s, false)
}

fn problems_of(s: &Scoring<'_>, warnings: bool) -> String {
    let mut shown: Vec<&crate::base::diag::Diag> = s
        .diags
        .iter()
        .filter(|d| warnings || d.severity() != crate::base::diag::Severity::Warning)
        .collect();
    shown.sort_by_key(|d| d.sort_key());
    let mut err: String = shown.iter().map(|d| d.render(&s.sources)).collect();
    if let Err(inv) = &s.result {
        if s.diags.is_empty() {
            for d in &inv.diagnostics {
                err.push_str(&format!("错误：{}\n", d.message));
                if let Some(h) = &d.help {
                    err.push_str(&format!("  提示：{h}\n"));
                }
            }
        } else {
            err.push_str(&format!("报告 `{}` 无效，未计分\n", s.file));
        }
    }
    err
}
