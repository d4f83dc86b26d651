//! The draft written as scheme text: the tree with its points and verbatim texts, and a
//! `待定` item at every place a person must decide — never a guessed rule.

use rust_decimal::Decimal;

use super::formula::{self, Formula};
use super::table::{Read, Row};
use super::{Decision, Summary};

/// The scheme text of `read` (from file `source`) and what the draft needs decided.
pub fn scheme(read: &Read, source: &str) -> (String, Summary) {
    let mut w = Writer {
        out: String::new(),
        summary: Summary::default(),
        source: source.to_string(),
        decls: String::new(),
        declared: Vec::new(),
        cases_seen: Vec::new(),
        names: Vec::new(),
    };
    w.header(read);
    let header = std::mem::take(&mut w.out);
    w.inputs(read);
    let from_formulas = std::mem::take(&mut w.out);
    for r in &read.roots {
        w.indicator(r, 0, &[]);
    }
    let mut text = header;
    text.push_str(&from_formulas);
    if !w.decls.is_empty() {
        text.push_str(
            "// 以下输入是指标本身的值或评价标准读出的（清单、等级、情形），须逐个核对。\n",
        );
        text.push_str(&w.decls);
        text.push('\n');
    }
    text.push_str(&w.out);
    (text, w.summary)
}

pub(super) struct Writer {
    /// The indicators written so far.
    pub(super) out: String,
    pub(super) summary: Summary,
    pub(super) source: String,
    /// The inputs section: declarations with their comments, and 待定 about them.
    pub(super) decls: String,
    /// Every input declared: its name and its declaration after `输入 `.
    pub(super) declared: Vec<(String, String)>,
    /// Cases read from a leaf's wording that another leaf may share (`没有楼堂馆所项目的部门
    /// 按满分计算`): the words that name the subject, the sentence and its readings.
    pub(super) cases_seen: Vec<(String, String, Vec<String>)>,
    /// The indicator names written so far (a name the table repeats is asked about).
    pub(super) names: Vec<String>,
}

/// `"…"` with the language's escapes.
pub(super) fn quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in clean(text).chars() {
        if matches!(c, '"' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// A name as the language writes one: the table's name without the characters a name cannot
/// hold (quotes, brackets, spaces, a leading number such as `1.`, `（1）` or `①`), with `项`
/// after it when it would be a keyword (`满分`); `None` when nothing usable is left.
pub fn name_of(text: &str) -> Option<String> {
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '·'))
        .collect();
    let kept = kept.trim_start_matches(|c: char| !c.is_alphabetic() || c.is_numeric());
    if kept.is_empty() {
        return None;
    }
    [kept.to_string(), format!("{kept}项")]
        .into_iter()
        .find(|n| crate::syntax::is_name(n))
}

/// Text put into the scheme: control characters (which a table cell may hold) as blanks.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// Points as written (`13`, `13分`, `５`), when they read as a number of points.
fn points_of(text: &str) -> Option<Decimal> {
    let w = crate::base::number::parse(text).ok()?;
    let points = w.unit.is_none() || w.unit == Some(crate::base::units::UnitWord::Points);
    (points && w.value >= Decimal::ZERO).then_some(w.value)
}

/// An indicator's points: as written, or for a group whose cell is empty (a table with one
/// 分值 column, the leaves'), the sum of its lower indicators'.
pub(super) fn points_or_sum(r: &Row) -> Option<Decimal> {
    if !r.points.trim().is_empty() || r.children.is_empty() || r.shared.is_some() {
        return written(r);
    }
    r.children.iter().map(points_or_sum).sum()
}

/// The points the table writes for `r`: its cell and any later cell of the same group (a
/// split merged cell); for leaves sharing one merged cell, an even share of it.
pub(super) fn written(r: &Row) -> Option<Decimal> {
    if let Some((names, p)) = &r.shared {
        let n = Decimal::from(names.len().max(1));
        return points_of(p).map(|p| (p / n).round_dp(2).normalize());
    }
    let first = points_of(&r.points)?;
    let more: Option<Decimal> = r.more_points.iter().map(|m| points_of(m)).sum();
    more.map(|m| first + m)
}

/// The first year written in the lines (`…2020年度整体绩效评价报告`), with its line: the
/// import's reading of a year in a title.
fn year_in(lines: &[String]) -> Option<(i32, String)> {
    lines
        .iter()
        .find_map(|l| crate::import::year_in(l).map(|y| (y, l.clone())))
}

impl Writer {
    pub(super) fn line(&mut self, depth: usize, text: &str) {
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A `待定` at `depth`, counted in the summary with its place. A reading of several lines
    /// is written with its lines under one another.
    pub(super) fn pending(
        &mut self,
        depth: usize,
        at: &str,
        phrase: &str,
        question: &str,
        readings: &[&str],
    ) {
        let item = format!("待定 {} {}", quoted(phrase), quoted(question));
        if readings.is_empty() {
            self.line(depth, &item);
        } else {
            // A reading per line: each is a whole rule to copy.
            self.line(depth, &format!("{item} {{"));
            let indent = format!("\n{}", "  ".repeat(depth + 1) + " ");
            for r in readings {
                self.line(depth + 1, &quoted(r).replace('\n', &indent));
            }
            self.line(depth, "}");
        }
        self.summary.decisions.push(Decision {
            indicator: at.to_string(),
            question: question.to_string(),
        });
    }

    /// Declares input `decl` (`名称：类型 "说明"`, without `输入 `) in the inputs section, with
    /// the comment `why`; once per name.
    pub(super) fn declare(&mut self, decl: &str, why: &str) {
        let name = decl
            .split(['：', ':'])
            .next()
            .unwrap_or(decl)
            .trim()
            .to_string();
        if self.declared.iter().any(|(n, _)| *n == name) {
            return;
        }
        if !why.is_empty() {
            self.decls.push_str(&format!("// {why}\n"));
        }
        self.decls.push_str(&format!("输入 {decl}\n"));
        self.declared.push((name, decl.to_string()));
    }

    fn header(&mut self, read: &Read) {
        let title = read
            .before
            .last()
            .filter(|t| t.contains('表') || t.contains("指标"))
            .cloned()
            .unwrap_or_else(|| "评分表".to_string());
        self.line(
            0,
            &format!("// 由 jixiao draft 从 `{}` 起草。", self.source),
        );
        self.line(
            0,
            "// 标准、说明照录原表；每个“待定”须有人决定后改写成规则并删去，方案才能通过检查。",
        );
        // A title that starts with its year (`2021年度部门整体…表`) is named without it.
        let untitled = title.trim_start_matches(|c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || c.is_whitespace()
        });
        let untitled = if untitled.len() < title.len() {
            ["年度", "年"]
                .iter()
                .find_map(|w| untitled.strip_prefix(w))
                .unwrap_or(untitled)
        } else {
            untitled
        };
        let name = name_of(untitled).unwrap_or_else(|| "评分表".to_string());
        self.line(0, &format!("方案 {name}"));
        match year_in(&read.before).or_else(|| year_in(&read.text)) {
            Some((y, from)) => {
                let from: String = from.chars().take(40).collect();
                self.line(0, &format!("// 年度取自原文：“{from}”"));
                self.line(0, &format!("年度 {y}"));
            }
            None => {
                self.line(0, "年度 2020");
                self.pending(0, "年度", "", "原文没有写年度：方案从哪一年度起适用？", &[]);
            }
        }
        let full: Decimal = read.roots.iter().filter_map(points_or_sum).sum();
        for other in &read.others {
            self.pending(
                0,
                "评分表",
                "",
                &format!("原文件还有一个评分表（{other}）没有起草：一次只起草一个表；要起草它，把它单独存成一个文件"),
                &[],
            );
        }
        self.line(0, &format!("满分 {}分", full.normalize()));
        if let Some((written, at)) = &read.total {
            if points_of(written).is_some_and(|t| t != full) {
                self.pending(
                    0,
                    "满分",
                    written,
                    &format!(
                        "原表合计行（{}{at}）写 {written} 分，各指标合计 {} 分：哪里漏读或写错了？",
                        self.source,
                        full.normalize()
                    ),
                    &[],
                );
            }
        }
        // Rounding and grades the table does not state: asked where they go, the usual
        // writings offered (choosing one puts it there).
        self.pending(
            0,
            "保留",
            "",
            "原表没有写得分保留几位小数、怎样舍入：按原意选一种或照此改写",
            &["保留 2位小数 四舍五入", "保留 1位小数 四舍五入"],
        );
        // The usual four grades, at 90%, 80% and 60% of the full marks.
        let at = |pct: i64| (full * Decimal::new(pct, 2)).normalize();
        let grades = format!(
            "等级 {{ 优秀 ≥ {}分  良好 [{}, {})  中 [{}, {})  差 < {}分 }}",
            at(90),
            at(80),
            at(90),
            at(60),
            at(80),
            at(60)
        );
        self.pending(
            0,
            "等级",
            "",
            "原表没有写等级：按总分怎样划分？这里是常用的四档（满分的 90%、80%、60%），按原意改写；不分等级就选“不分等级”",
            &[&grades, "// 不分等级"],
        );
        self.out.push('\n');
    }

    /// The inputs the leaves' formulas name, declared once each with the unit their name
    /// suggests (said in a comment, to be checked) and the table's definition of the term.
    fn inputs(&mut self, read: &Read) {
        fn leaves<'r>(r: &'r Row, out: &mut Vec<&'r Row>) {
            if r.children.is_empty() {
                out.push(r);
            }
            r.children.iter().for_each(|c| leaves(c, out));
        }
        let mut all = Vec::new();
        read.roots.iter().for_each(|r| leaves(r, &mut all));
        let text = read.text.join("\n");
        // 万元 or 元, as the table's own text writes money.
        let money = if text.contains("万元") {
            Some("万元")
        } else if text.contains('元') {
            Some("元")
        } else {
            None
        };
        let formulas: Vec<Formula> = all
            .iter()
            .filter_map(|r| formula::read(&r.explanation))
            .collect();
        // A value another leaf's formula defines is that value, not an input.
        let mut declared: Vec<String> = formulas.iter().map(|f| f.name.clone()).collect();
        if formulas.is_empty() {
            return;
        }
        self.line(
            0,
            "// 以下输入取自各指标说明中的公式；单位由名称推断，须逐个核对。",
        );
        for f in &formulas {
            for name in &f.inputs {
                if declared.contains(name) {
                    continue;
                }
                declared.push(name.clone());
                let desc = formulas
                    .iter()
                    .flat_map(|g| g.terms.iter())
                    .find(|(t, _)| t == name)
                    .map(|(_, d)| format!(" {}", quoted(d)))
                    .unwrap_or_default();
                match formula::unit_of(name) {
                    Some((word, "万元")) => match money {
                        Some(unit) => {
                            self.line(0, &format!("// 单位：名称含“{word}”，原文金额以{unit}计"));
                            self.line(0, &format!("输入 {name}：{unit}{desc}"));
                            self.declared
                                .push((name.clone(), format!("{name}：{unit}{desc}")));
                        }
                        None => {
                            let readings = [
                                format!("输入 {name}：万元{desc}"),
                                format!("输入 {name}：元{desc}"),
                            ];
                            let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
                            self.pending(
                                0,
                                name,
                                name,
                                &format!("`{name}` 以什么单位填报？"),
                                &readings,
                            );
                        }
                    },
                    Some((word, unit)) => {
                        self.line(0, &format!("// 单位：名称含“{word}”"));
                        self.line(0, &format!("输入 {name}：{unit}{desc}"));
                        self.declared
                            .push((name.clone(), format!("{name}：{unit}{desc}")));
                    }
                    None => {
                        // Candidates only: a count, money, a percentage.
                        let readings: Vec<String> = ["个", "项", "万元", "%"]
                            .iter()
                            .map(|u| format!("输入 {name}：{u}{desc}"))
                            .collect();
                        let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
                        self.pending(
                            0,
                            name,
                            name,
                            &format!("`{name}` 是什么量、以什么单位填报？（名称看不出单位；下面只是常见的几种）"),
                            &readings,
                        );
                    }
                }
            }
        }
        self.out.push('\n');
    }

    fn indicator(&mut self, r: &Row, depth: usize, path: &[String]) {
        self.summary.indicators += 1;
        let written_name =
            name_of(&r.name).unwrap_or_else(|| format!("未名指标{}", self.summary.indicators));
        // Names are unique in a scheme: a name the table repeats gets a number, and is asked.
        let mut name = written_name.clone();
        let mut k = 2;
        while self.names.contains(&name) {
            name = format!("{written_name}{k}");
            k += 1;
        }
        self.names.push(name.clone());
        if name != r.name {
            let shown: String = r.name.split_whitespace().collect::<Vec<_>>().join(" ");
            self.line(depth, &format!("// 原表：{}", clean(&shown)));
        }
        let mut here = path.to_vec();
        here.push(name.clone());
        let at = format!("{}（{}{}）", here.join(" / "), self.source, r.place);
        let written = written(r);
        let points = points_or_sum(r);
        if written.is_none() && points.is_some() {
            self.line(depth, "// 原表未写本级分值：取下级合计");
        }
        if let (false, Some(p)) = (r.more_points.is_empty(), written) {
            let parts: Vec<&str> = std::iter::once(r.points.as_str())
                .chain(r.more_points.iter().map(String::as_str))
                .collect();
            self.line(
                depth,
                &format!(
                    "// 原表本级分值写在 {} 格（合并单元格跨页或分行）：{}，合计 {} 分",
                    parts.len(),
                    parts.join("、"),
                    p.normalize()
                ),
            );
        }
        self.line(
            depth,
            &format!(
                "指标 {name} {}分 {{",
                points.unwrap_or(Decimal::ZERO).normalize()
            ),
        );
        if let (Some((names, all)), Some(share)) = (&r.shared, points) {
            let question = format!(
                "原表“{}”{} 行合用一格分值（{all} 分）与评价标准：本指标几分？（上面写的是平分）",
                names.join("、"),
                names.len()
            );
            let readings = [format!("{share}分"), format!("{all}分"), "0分".to_string()];
            let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
            self.pending(depth + 1, &at, all, &question, &readings);
        } else if points.is_none() {
            let question = if r.points.trim().is_empty() {
                "原表没有写本指标的分值：本指标几分？"
            } else {
                "原表这一格没有可读的分值：本指标几分？"
            };
            self.pending(depth + 1, &at, &r.points, question, &[]);
        }
        if name != written_name {
            self.pending(
                depth + 1,
                &at,
                &r.name,
                &format!("原表另有指标也叫“{written_name}”，方案中名称不能重复：本指标叫什么？（暂名“{name}”，改名后删去本待定）"),
                &[],
            );
        }
        if r.children.is_empty() {
            self.leaf(r, depth + 1, &at, &name, points.unwrap_or(Decimal::TEN));
        } else {
            let sum: Decimal = r.children.iter().filter_map(points_or_sum).sum();
            if let Some(p) = written.filter(|p| *p != sum) {
                self.summary.sums.push(format!(
                    "{at}：本级 {} 分，下级合计 {} 分",
                    p.normalize(),
                    sum.normalize()
                ));
                let question = format!(
                    "本级写 {} 分，下级合计 {} 分：以哪个为准？",
                    p.normalize(),
                    sum.normalize()
                );
                let readings = [
                    format!("{}分", p.normalize()),
                    format!("{}分", sum.normalize()),
                ];
                let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
                self.pending(depth + 1, &at, &r.points, &question, &readings);
            }
            for c in &r.children {
                self.indicator(c, depth + 1, &here);
            }
        }
        self.line(depth, "}");
    }
}
