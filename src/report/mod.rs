//! Reports: a unit's data for one year, read and checked against a scheme's inputs.
//!
//! A report is **invalid** (not scored) when it cannot be read or a value fails its declared
//! type or range; every such problem is listed with its line. An input the scheme does not
//! declare is a warning (an error under `strict`).

mod row;
mod rows;
pub mod value;
pub mod yaml;

pub use row::{classify, tier, RowInfo, RowTexts};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::diag::Diag;
use crate::base::interval::Range;
use crate::base::names::suggest;
use crate::base::number::{self, NumError};
use crate::base::source::{FileId, Sources, Span};
use crate::base::units::{Dim, UnitWord};
use crate::ir::{InputKind, NodeId, Scheme};
use yaml::{Place, Raw, RawField, Shape};

/// A checked input value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputValue {
    /// A number in the input's declared unit (a % input holds the ratio: 88% is 0.88).
    Num(Decimal),
    /// 是 / 否.
    Bool(bool),
    /// A checklist: bit i set when item i holds.
    Set(u64),
    /// A tier: the level's index.
    Level(u32),
    /// A reviewer's score and reason.
    Review {
        /// The score.
        score: Decimal,
        /// The reason.
        reason: String,
    },
}

/// A note on a report, shown with its score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable kind (`unknown_input`, `year_mismatch`, `percent_fraction` …).
    pub kind: &'static str,
    /// The note in Chinese.
    pub text: String,
}

/// A report checked against a scheme.
#[derive(Debug, Clone)]
pub struct Report {
    /// 单位.
    pub unit: String,
    /// 年度.
    pub year: i32,
    /// 项目, for project forms.
    pub project: Option<String>,
    /// Input values by input id (`None`: not given).
    pub inputs: Vec<Option<InputValue>>,
    /// 自评 by indicator id.
    pub self_scores: Vec<Option<Decimal>>,
    /// 自评 总分.
    pub self_total: Option<Decimal>,
    /// 核定 by indicator id.
    pub confirmed: Vec<Option<Decimal>>,
    /// 核定 总分.
    pub confirmed_total: Option<Decimal>,
    /// Notes and warnings.
    pub findings: Vec<Finding>,
    /// The rows of a self-evaluation form (`绩效指标`), read and classified, in the report's
    /// order. Filling the form ([`crate::form::fill`]) sets their points and places each on
    /// the leaf it becomes.
    pub rows: Vec<RowInfo>,
    /// For each indicator of the table the report is scored on, the row it was made from (an
    /// index into `rows`); empty until a form is filled.
    pub row_of: Vec<Option<u32>>,
    /// Notes on indicators of that table for this report (a category merged into another or
    /// left without rows), by indicator id; empty until a form is filled.
    pub notes: Vec<Vec<String>>,
}

impl Report {
    /// The row indicator `id` was made from, for a filled form.
    pub fn row(&self, id: NodeId) -> Option<&RowInfo> {
        let k = self.row_of.get(id.0 as usize).copied().flatten()?;
        self.rows.get(k as usize)
    }

    /// This report's notes on indicator `id` (none for a fixed table).
    pub fn notes(&self, id: NodeId) -> &[String] {
        self.notes.get(id.0 as usize).map_or(&[], Vec::as_slice)
    }
}

/// Problems with a report's content.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReportError {
    /// Nothing in the file.
    #[error("报告为空")]
    #[diagnostic(
        code("report-empty"),
        help("报告至少要有 `单位:`、`年度:` 和 `数据:`；可用 `jixiao template 方案` 生成空白报告")
    )]
    Empty,
    /// YAML that cannot be read.
    #[error("YAML 格式错误：{message}")]
    #[diagnostic(
        code("report-yaml"),
        help("检查缩进（用空格，不用 Tab）、冒号后的空格和括号是否成对")
    )]
    Yaml {
        /// serde_yaml's message.
        message: String,
    },
    /// JSON the parser rejects.
    #[error("JSON 格式错误：{message}")]
    #[diagnostic(
        code("report-json"),
        help("检查引号、逗号和括号是否成对；JSON 中最后一项后面不能有逗号，文字要用英文双引号")
    )]
    Json {
        /// serde_json's message.
        message: String,
    },
    /// A required key is absent.
    #[error("报告缺少 `{key}`")]
    #[diagnostic(code("report-missing-key"), help("在报告开头写上 `{key}: …`"))]
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// A value that is not a number.
    #[error("`{name}` 的值 `{text}` 不是数字")]
    #[diagnostic(code("report-not-number"), help("{help}"))]
    NotNumber {
        /// The input.
        name: String,
        /// What was written.
        text: String,
        /// What to write.
        help: String,
    },
    /// More digits than a report number may have.
    #[error("`{name}` 的值 `{text}` 有 {digits} 位有效数字，超过 15 位")]
    #[diagnostic(
        code("report-too-precise"),
        help("报告中的数字最多 15 位有效数字；请按原始凭证的精度填写")
    )]
    TooPrecise {
        /// The input.
        name: String,
        /// What was written.
        text: String,
        /// Significant digits.
        digits: usize,
    },
    /// A number too large to hold.
    #[error("`{name}` 的值 `{text}` 过大")]
    #[diagnostic(
        code("report-too-large"),
        help("检查单位：金额以万元或元为单位时不会这么大")
    )]
    TooLarge {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A unit word that does not fit the input.
    #[error("`{name}` 的单位 `{found}` 与方案声明的 `{expected}` 不符")]
    #[diagnostic(code("report-unit"), help("写成 {expected} 的数，或去掉单位"))]
    Unit {
        /// The input.
        name: String,
        /// What was written.
        found: String,
        /// What the scheme declares.
        expected: &'static str,
    },
    /// A count with a fraction.
    #[error("`{name}` 是计数，不能是小数 `{text}`")]
    #[diagnostic(code("report-fractional-count"), help("填写整数"))]
    FractionalCount {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A number outside the declared range.
    #[error("`{name}` 的值 {value} 超出允许范围 {range}")]
    #[diagnostic(code("report-out-of-range"), help("{help}"))]
    OutOfRange {
        /// The input.
        name: String,
        /// The value.
        value: String,
        /// The range.
        range: String,
        /// What it means.
        help: String,
    },
    /// 是否 not 是 or 否.
    #[error("`{name}` 应为 是 或 否，写的是 `{text}`")]
    #[diagnostic(code("report-not-bool"), help("填写 `是` 或 `否`"))]
    NotBool {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A checklist item the scheme does not list.
    #[error("`{name}` 没有清单项 `{item}`")]
    #[diagnostic(code("report-unknown-item"), help("{help}"))]
    UnknownItem {
        /// The input.
        name: String,
        /// The item.
        item: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A tier level the scheme does not list.
    #[error("`{name}` 没有等级 `{level}`")]
    #[diagnostic(code("report-unknown-level"), help("{help}"))]
    UnknownLevel {
        /// The input.
        name: String,
        /// The level.
        level: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A reviewer score written wrongly.
    #[error("评审打分 `{name}` {problem}")]
    #[diagnostic(
        code("report-reviewer"),
        help("写成 `{name}: {{得分: 2.5, 理由: \"……\"}}`，理由不能为空")
    )]
    Reviewer {
        /// The input.
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// An input the scheme does not declare.
    #[error("方案没有输入 `{name}`")]
    #[diagnostic(code("report-unknown-input"), severity(Warning), help("{help}"))]
    UnknownInput {
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// The same, under `--strict`.
    #[error("方案没有输入 `{name}`")]
    #[diagnostic(code("report-unknown-input"), help("{help}"))]
    UnknownInputStrict {
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// A self-score for an indicator the scheme does not have.
    #[error("{block}中的 `{name}` 不是方案的指标")]
    #[diagnostic(code("report-unknown-indicator"), severity(Warning), help("{help}"))]
    UnknownIndicator {
        /// 自评 or 核定.
        block: &'static str,
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// `绩效指标` rows given to a fixed table.
    #[error("方案不是自评表，不接收 `绩效指标` 各行")]
    #[diagnostic(
        code("report-rows"),
        severity(Warning),
        help("自评表报告请用带 `行计分` 的方案计分，如 schemes/ziping/2020.jx；这些行已忽略")
    )]
    RowsWithoutForm,
    /// A row whose 一级 is not a category of the form.
    #[error("第 {row} 行的一级指标 `{name}` 不是方案的类别")]
    #[diagnostic(code("report-row-category"), help("{help}"))]
    RowCategory {
        /// The row number (1-based).
        row: usize,
        /// What was written.
        name: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A row without a required field.
    #[error("第 {row} 行缺少 `{key}`")]
    #[diagnostic(code("report-row-missing"), help("{help}"))]
    RowMissing {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: &'static str,
        /// What to write.
        help: String,
    },
    /// A row's number (分值, 自评得分) that is not a number of points.
    #[error("第 {row} 行的 `{key}` 写的是 `{text}`，不是分数")]
    #[diagnostic(
        code("report-row-points"),
        help("填写不小于 0 的数字，如 `10` 或 `7.5`")
    )]
    RowPoints {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: &'static str,
        /// What was written.
        text: String,
    },
    /// A key a row does not have.
    #[error("第 {row} 行的 `{key}` 不是指标行的栏目，已忽略")]
    #[diagnostic(code("report-row-key"), severity(Warning), help("{help}"))]
    RowKey {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A year that is not a year.
    #[error("`年度` 应为四位年份，写的是 `{text}`")]
    #[diagnostic(code("report-year"), help("如 `年度: 2020`"))]
    Year {
        /// What was written.
        text: String,
    },
}

/// Options for reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Unknown inputs are errors.
    pub strict: bool,
}

/// A report read (or not) with its findings.
#[derive(Debug)]
pub struct Read {
    /// The report, when no error was found.
    pub report: Option<Report>,
    /// Every error and warning, in file order.
    pub diags: Vec<Diag>,
}

/// Reads a report (file `file` of `sources`) against `scheme`.
pub fn read(sources: &Sources, file: FileId, scheme: &Scheme, opts: ReadOptions) -> Read {
    let text = sources.get(file).text.clone();
    // A `.json` report is read with the JSON parser (same keys); anything else as YAML.
    let json = sources
        .get(file)
        .name
        .to_ascii_lowercase()
        .ends_with(".json");
    let mut r = Reader {
        file,
        json,
        text: text.clone(),
        places: std::cell::OnceCell::new(),
        diags: Vec::new(),
        scheme,
    };
    let report = r.read(&text, opts);
    let mut diags = r.diags;
    diags.sort_by_key(Diag::sort_key);
    let report = if diags.iter().any(Diag::is_error) {
        None
    } else {
        report
    };
    Read { report, diags }
}

struct Reader<'s> {
    file: FileId,
    /// Read with the JSON parser (a `.json` file).
    json: bool,
    /// The text (for finding keys in JSON, which has no line-per-key locator).
    text: std::sync::Arc<str>,
    /// Where each key is written, found on first use (only diagnostics and form rows ask).
    places: std::cell::OnceCell<std::collections::HashMap<String, Place>>,
    diags: Vec<Diag>,
    scheme: &'s Scheme,
}

impl Reader<'_> {
    /// The key places of block YAML (none for JSON, whose keys are searched for instead).
    fn places(&self) -> &std::collections::HashMap<String, Place> {
        self.places.get_or_init(|| {
            if self.json {
                std::collections::HashMap::new()
            } else {
                yaml::locate(&self.text)
            }
        })
    }

    fn at(&self, path: &str, value: bool) -> Span {
        let top = path.split('.').next().unwrap_or(path);
        let places = self.places();
        match places.get(path).or_else(|| places.get(top)) {
            Some(p) => {
                let (s, e) = if value && p.value.1 > p.value.0 {
                    p.value
                } else {
                    p.key
                };
                Span::new(self.file, s, e)
            }
            None if self.json => {
                yaml::json_place(&self.text, path).map_or(Span::new(self.file, 0, 0), |p| {
                    let (s, e) = if value && p.value.1 > p.value.0 {
                        p.value
                    } else {
                        p.key
                    };
                    Span::new(self.file, s, e)
                })
            }
            None => Span::new(self.file, 0, 0),
        }
    }

    fn error(&mut self, kind: ReportError, path: &str) {
        let span = self.at(path, true);
        self.diags.push(Diag::new(kind, span));
    }

    fn read(&mut self, text: &str, opts: ReadOptions) -> Option<Report> {
        if text.trim().is_empty() {
            self.diags
                .push(Diag::new(ReportError::Empty, Span::new(self.file, 0, 0)));
            return None;
        }
        let scheme = self.scheme;
        let shape = |k: &str| {
            scheme
                .input_names
                .get(k)
                .map(|id| match scheme.input(*id).kind {
                    InputKind::Checklist(_) => Shape::List,
                    InputKind::Reviewer => Shape::Map,
                    _ => Shape::Scalar,
                })
        };
        let parsed = if self.json {
            yaml::read_json(text, &shape)
        } else {
            yaml::read(text, &shape)
        };
        let raw = match parsed {
            Ok(r) => r,
            Err(e) => {
                let span = match e.at {
                    Some((line, col)) => line_col_span(text, self.file, line, col),
                    None => Span::new(self.file, 0, 0),
                };
                let kind = if self.json {
                    ReportError::Json { message: e.message }
                } else {
                    ReportError::Yaml {
                        message: yaml_message(&e.message),
                    }
                };
                self.diags.push(Diag::new(kind, span));
                return None;
            }
        };
        let mut unit = None;
        let mut year = None;
        let mut project = None;
        let mut data = None;
        let mut self_block = None;
        let mut confirmed_block = None;
        let mut budget = None;
        let mut rows = None;
        for (key, field) in raw.fields {
            match (key.as_str(), field) {
                ("单位", RawField::Value(Raw::Scalar(s))) => unit = Some(s),
                ("项目", RawField::Value(Raw::Scalar(s))) => project = Some(s),
                ("年度", RawField::Value(Raw::Scalar(s))) => match s.trim().parse::<i32>() {
                    Ok(y) if (1900..=2200).contains(&y) => year = Some(y),
                    _ => self.error(ReportError::Year { text: s }, "年度"),
                },
                ("数据", RawField::Entries(e)) => data = Some(e),
                ("预算执行", RawField::Entries(e)) => budget = Some(e),
                ("绩效指标", RawField::Rows(r)) => rows = Some(r),
                ("自评", RawField::Entries(e)) => self_block = Some(e),
                ("核定", RawField::Entries(e)) => confirmed_block = Some(e),
                _ => {}
            }
        }
        let is_form = scheme.form.is_some();
        let body = if is_form {
            ("绩效指标", rows.is_some())
        } else {
            ("数据", data.is_some())
        };
        for (key, found) in [("单位", unit.is_some()), ("年度", year.is_some()), body] {
            if !found && !self.diags.iter().any(|d| d.code() == "report-year") {
                self.error(ReportError::MissingKey { key }, key);
            }
        }
        let mut report = Report {
            unit: unit.unwrap_or_default(),
            year: year.unwrap_or(0),
            project,
            inputs: vec![None; scheme.inputs.len()],
            self_scores: vec![None; scheme.nodes.len()],
            self_total: None,
            confirmed: vec![None; scheme.nodes.len()],
            confirmed_total: None,
            findings: Vec::new(),
            rows: Vec::new(),
            row_of: Vec::new(),
            notes: Vec::new(),
        };
        let entries = data.unwrap_or_default();
        let entries = entries.into_iter().chain(budget.unwrap_or_default());
        for (name, raw) in entries {
            match scheme.input_names.get(&name) {
                Some(id) => {
                    let v = self.input(&name, *id, raw, &mut report.findings);
                    report.inputs[id.0 as usize] = v;
                }
                None => {
                    let help = suggest(&name, scheme.input_names.keys().map(String::as_str))
                        .unwrap_or_else(|| "删去这一行，或检查方案是否选对".into());
                    report.findings.push(Finding {
                        kind: "unknown_input",
                        text: format!("方案没有输入 `{name}`，已忽略"),
                    });
                    let kind = if opts.strict {
                        ReportError::UnknownInputStrict {
                            name: name.clone(),
                            help,
                        }
                    } else {
                        ReportError::UnknownInput {
                            name: name.clone(),
                            help,
                        }
                    };
                    let span = self.at(&format!("数据.{name}"), false);
                    self.diags.push(Diag::new(kind, span));
                }
            }
        }
        (report.self_scores, report.self_total) =
            self.scores("自评", self_block.unwrap_or_default());
        (report.confirmed, report.confirmed_total) =
            self.scores("核定", confirmed_block.unwrap_or_default());
        let mut skipped = 0;
        if let Some(form) = scheme.form.as_deref() {
            (report.rows, skipped) = self.rows(form, report.year, rows.unwrap_or_default());
        } else if rows.is_some() {
            let span = self.at("绩效指标", false);
            self.diags
                .push(Diag::new(ReportError::RowsWithoutForm, span));
        }
        if skipped > 0 {
            report.findings.push(Finding {
                kind: "blank_rows",
                text: format!("绩效指标中有 {} 个空行或 `……` 占位行，已略去", skipped),
            });
        }
        if year.is_some() && !scheme.in_force(report.year) {
            report.findings.push(Finding {
                kind: "year_mismatch",
                text: format!(
                    "报告年度 {} 与方案年度 {} 不同，仍按此方案计分",
                    report.year,
                    scheme.years_label()
                ),
            });
        }
        Some(report)
    }

    fn scores(
        &mut self,
        block: &'static str,
        entries: Vec<(String, Raw)>,
    ) -> (Vec<Option<Decimal>>, Option<Decimal>) {
        let scheme = self.scheme;
        let mut out = vec![None; scheme.nodes.len()];
        let mut total = None;
        for (name, raw) in entries {
            let path = format!("{block}.{name}");
            let Raw::Scalar(text) = raw else { continue };
            let v = match number::parse(&text) {
                Ok(w) if w.unit.is_none() || w.unit == Some(UnitWord::Points) => w.value,
                _ => {
                    let help = "自评分填写数字，如 `4` 或 `7.5`".to_string();
                    self.error(
                        ReportError::NotNumber {
                            name: format!("{block}.{name}"),
                            text,
                            help,
                        },
                        &path,
                    );
                    continue;
                }
            };
            if name == "总分" {
                total = Some(v);
            } else if let Some(id) = scheme.node_names.get(&name) {
                out[id.0 as usize] = Some(v);
            } else {
                let help = suggest(&name, scheme.node_names.keys().map(String::as_str))
                    .unwrap_or_else(|| "键应为方案中的指标名称或 `总分`".into());
                let span = self.at(&path, false);
                self.diags.push(Diag::new(
                    ReportError::UnknownIndicator { block, name, help },
                    span,
                ));
            }
        }
        (out, total)
    }

    fn input(
        &mut self,
        name: &str,
        id: crate::ir::InputId,
        raw: Raw,
        findings: &mut Vec<Finding>,
    ) -> Option<InputValue> {
        let scheme = self.scheme;
        let input = scheme.input(id);
        let path = format!("数据.{name}");
        match (&input.kind, raw) {
            (_, Raw::Null) => None,
            (InputKind::Number(dim), Raw::Scalar(text)) => {
                let v = self.number(name, &text, *dim, findings)?;
                if !input.range.contains(v) {
                    let range = crate::base::quantity::fmt_range(&input.range, *dim);
                    let help = range_help(&input.range, *dim, v);
                    let value = crate::base::quantity::fmt_quantity(v, *dim);
                    self.error(
                        ReportError::OutOfRange {
                            name: name.into(),
                            value,
                            range,
                            help,
                        },
                        &path,
                    );
                    return None;
                }
                Some(InputValue::Num(v))
            }
            (InputKind::Bool, Raw::Scalar(text)) => match text.trim() {
                "是" | "有" | "true" | "True" | "yes" | "Yes" | "对" => {
                    Some(InputValue::Bool(true))
                }
                "否" | "无" | "没有" | "false" | "False" | "no" | "No" => {
                    Some(InputValue::Bool(false))
                }
                _ => {
                    self.error(
                        ReportError::NotBool {
                            name: name.into(),
                            text,
                        },
                        &path,
                    );
                    None
                }
            },
            (InputKind::Tier(levels), Raw::Scalar(text)) => {
                let t = text.trim();
                match levels.iter().position(|l| l == t) {
                    Some(i) => Some(InputValue::Level(i as u32)),
                    None => {
                        let help = suggest(t, levels.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("可选等级：{}", levels.join("、")));
                        self.error(
                            ReportError::UnknownLevel {
                                name: name.into(),
                                level: t.into(),
                                help,
                            },
                            &path,
                        );
                        None
                    }
                }
            }
            (InputKind::Checklist(items), raw) => {
                let given = match raw {
                    Raw::List(l) => l,
                    Raw::Scalar(s) => vec![s],
                    _ => Vec::new(),
                };
                let mut bits = 0u64;
                let mut ok = true;
                for g in given {
                    let g = g.trim();
                    match items.iter().position(|i| i == g) {
                        Some(i) => bits |= 1 << i,
                        None => {
                            ok = false;
                            let help = suggest(g, items.iter().map(String::as_str))
                                .unwrap_or_else(|| format!("可选的清单项：{}", items.join("、")));
                            self.error(
                                ReportError::UnknownItem {
                                    name: name.into(),
                                    item: g.into(),
                                    help,
                                },
                                &path,
                            );
                        }
                    }
                }
                ok.then_some(InputValue::Set(bits))
            }
            (InputKind::Reviewer, Raw::Map(entries)) => {
                let get = |k: &str| {
                    entries
                        .iter()
                        .find(|(key, _)| key == k)
                        .map(|(_, v)| v.trim().to_string())
                };
                let reason = get("理由").unwrap_or_default();
                // A blank `{得分: , 理由: ""}` (as the template prints it) is "not given".
                if get("得分").unwrap_or_default().is_empty() && reason.is_empty() {
                    return None;
                }
                let Some(score_text) = get("得分").filter(|s| !s.is_empty()) else {
                    self.error(
                        ReportError::Reviewer {
                            name: name.into(),
                            problem: "缺少 `得分`".into(),
                        },
                        &path,
                    );
                    return None;
                };
                let score = match number::parse(&score_text) {
                    Ok(w) if w.unit.is_none() || w.unit == Some(UnitWord::Points) => w.value,
                    _ => {
                        let problem = format!("的得分 `{score_text}` 不是数字");
                        self.error(
                            ReportError::Reviewer {
                                name: name.into(),
                                problem,
                            },
                            &path,
                        );
                        return None;
                    }
                };
                if !input.range.contains(score) {
                    let range = crate::base::quantity::fmt_range(&input.range, Dim::Points);
                    let problem = format!("的得分 {score} 超出范围 {range}");
                    self.error(
                        ReportError::Reviewer {
                            name: name.into(),
                            problem,
                        },
                        &path,
                    );
                    return None;
                }
                if reason.is_empty() || reason == "…" || reason == "……" {
                    let problem = "没有写理由".to_string();
                    self.error(
                        ReportError::Reviewer {
                            name: name.into(),
                            problem,
                        },
                        &path,
                    );
                    return None;
                }
                Some(InputValue::Review { score, reason })
            }
            (InputKind::Reviewer, _) => {
                let problem = "须写成得分与理由".to_string();
                self.error(
                    ReportError::Reviewer {
                        name: name.into(),
                        problem,
                    },
                    &path,
                );
                None
            }
            (_, other) => {
                let text = match other {
                    Raw::List(l) => format!("[{}]", l.join(", ")),
                    _ => "{…}".into(),
                };
                let help = format!("`{name}` 是{}，填写一个值", input.kind.describe());
                self.error(
                    ReportError::NotNumber {
                        name: name.into(),
                        text,
                        help,
                    },
                    &path,
                );
                None
            }
        }
    }

    /// A number in the input's dimension, converted and scaled.
    fn number(
        &mut self,
        name: &str,
        text: &str,
        dim: Dim,
        findings: &mut Vec<Finding>,
    ) -> Option<Decimal> {
        let path = format!("数据.{name}");
        let w = match number::parse(text) {
            Ok(w) => w,
            Err(NumError::NotNumber) => {
                let help = match dim {
                    Dim::Ratio => "百分数填写 `88` 或 `88%`".to_string(),
                    d if d.is_count() => format!("填写整数（单位：{}），如 `12`", d.word()),
                    d => format!("填写数字（单位：{}），如 `12.5`", d.word()),
                };
                self.error(
                    ReportError::NotNumber {
                        name: name.into(),
                        text: text.into(),
                        help,
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::TooManyDigits(digits)) => {
                self.error(
                    ReportError::TooPrecise {
                        name: name.into(),
                        text: text.into(),
                        digits,
                    },
                    &path,
                );
                return None;
            }
            Err(NumError::TooLarge) => {
                self.error(
                    ReportError::TooLarge {
                        name: name.into(),
                        text: text.into(),
                    },
                    &path,
                );
                return None;
            }
        };
        let v = match (dim, w.unit) {
            (Dim::Ratio, Some(UnitWord::Percent | UnitWord::PercentPoint)) => {
                w.value / Decimal::ONE_HUNDRED
            }
            (Dim::Ratio, None) => {
                if w.value > Decimal::ZERO && w.value <= Decimal::ONE {
                    findings.push(Finding {
                        kind: "percent_fraction",
                        text: format!(
                            "`{name}` 填的是 {}，按 {}% 计；若指 {}%，请填 {}",
                            w.value,
                            w.value,
                            w.value * Decimal::ONE_HUNDRED,
                            (w.value * Decimal::ONE_HUNDRED).normalize()
                        ),
                    });
                }
                w.value / Decimal::ONE_HUNDRED
            }
            (Dim::Money(to), Some(u)) => match u.dim() {
                Dim::Money(from) => w.value * from.in_yuan() / to.in_yuan(),
                _ => return self.unit_error(name, u, dim),
            },
            (_, None) => w.value,
            (d, Some(u)) if u.dim() == d => w.value,
            (_, Some(u)) => return self.unit_error(name, u, dim),
        };
        if dim.is_count() && !v.fract().is_zero() {
            self.error(
                ReportError::FractionalCount {
                    name: name.into(),
                    text: text.into(),
                },
                &path,
            );
            return None;
        }
        Some(v)
    }

    fn unit_error(&mut self, name: &str, found: UnitWord, dim: Dim) -> Option<Decimal> {
        let path = format!("数据.{name}");
        self.error(
            ReportError::Unit {
                name: name.into(),
                found: found.word().into(),
                expected: dim.word(),
            },
            &path,
        );
        None
    }
}

fn range_help(range: &Range, dim: Dim, v: Decimal) -> String {
    if let Some((h, _)) = range.hi {
        if v >= h {
            return format!("不能超过 {}", crate::base::quantity::fmt_quantity(h, dim));
        }
    }
    match range.lo {
        Some((l, false)) if l.is_zero() => "该输入是除数或须为正数，必须大于 0".into(),
        Some((l, true)) if l.is_zero() && matches!(dim, Dim::Money(_)) => {
            "金额不能为负；若方案允许负数（如调减预算），应在输入声明中写 `可为负`".into()
        }
        Some((l, true)) if l.is_zero() => "不能为负".into(),
        _ => "按方案声明的范围填写".into(),
    }
}

/// A span at a 1-based line and column of `text`.
fn line_col_span(text: &str, file: FileId, line: usize, col: usize) -> Span {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let c = l
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b);
            let start = offset + c;
            let len = l[c..].chars().next().map_or(0, char::len_utf8);
            return Span::new(file, start, start + len);
        }
        offset += l.len();
    }
    Span::new(file, text.len(), text.len())
}

/// serde_yaml's message, with its English position stripped (the span shows it).
fn yaml_message(m: &str) -> String {
    let m = m.split(" at line ").next().unwrap_or(m);
    m.replace("invalid type: ", "类型不对：")
        .replace("expected ", "应为")
        .replace("sequence", "列表")
        .replace("map", "键值对")
        .replace("string", "文字")
}
