//! Reports: a unit's data for one year, read and checked against a scheme's inputs.
//!
//! A report is **invalid** (not scored) when it cannot be read or a value fails its declared
//! type or range; every such problem is listed with its line. An input the scheme does not
//! declare is a warning (an error under `strict`).

pub mod blocks;
mod block_yaml;
mod columns;
mod duplicates;
mod error;
pub(crate) mod expect;
mod input;
pub(crate) mod locate;
pub mod parse_error;
mod quiet;
mod row;
mod row_info;
mod rows;
mod tiers;
pub mod value;
pub(crate) mod yaml;
pub mod year;

pub use error::ReportError;
pub use row::{classify, tier, RowInfo, RowTexts};

/// The row column a printed header names, under any of the names the provinces print
/// (`年度指标值` → `指标值`, `实际完成值（B）` → `完成值`, `得分` → `自评得分`); `None` for a header
/// that is not a row column.
pub fn row_column(header: &str) -> Option<&'static str> {
    columns::canonical(header.trim())
}

use rust_decimal::Decimal;
use serde::Serialize;

use crate::base::diag::Diag;
use crate::base::source::{FileId, Sources, Span};
use crate::ir::{InputKind, NodeId, Scheme};
use locate::Place;

/// The largest report file read, in bytes. A 自评表 with every indicator and notes is a few
/// kilobytes; a file this large is a wrong file, or an export with something pasted into it.
pub const MAX_REPORT_BYTES: u64 = 32 << 20;
use yaml::{Raw, RawField, Shape};

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

    /// Whether the report gives a self-evaluation (自评), per indicator or a total.
    pub fn has_self_scores(&self) -> bool {
        self.self_scores.iter().any(Option::is_some) || self.self_total.is_some()
    }

    /// Whether the report carries the bureau's confirmed scores (核定).
    pub fn has_confirmed(&self) -> bool {
        self.confirmed.iter().any(Option::is_some) || self.confirmed_total.is_some()
    }

    /// The self-evaluation's total as a summary shows it: `自评.总分` as written, else the sum
    /// of the self-scores when every indicator scored on its own (`scored`: the scheme's
    /// [`crate::ir::Scheme::scored_units`]) has one; `None` otherwise (a partial sum would be
    /// no total).
    pub fn self_total_or_sum(&self, scored: impl IntoIterator<Item = NodeId>) -> Option<Decimal> {
        if self.self_total.is_some() {
            return self.self_total;
        }
        let mut sum = Decimal::ZERO;
        for id in scored {
            // Each self-score is a report number below 10^15: the sum of a scheme's fits.
            sum += self.self_scores.get(id.0 as usize).copied().flatten()?;
        }
        Some(sum)
    }
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

/// Reads a report (file `file` of `sources`) against `scheme`: on the quiet path when it has
/// nothing to say (straight into the scheme's slots), else in full with every diagnostic.
pub fn read(sources: &Sources, file: FileId, scheme: &Scheme, opts: ReadOptions) -> Read {
    if let Some(report) = read_quiet(sources, file, scheme) {
        return Read {
            report: Some(report),
            diags: Vec::new(),
        };
    }
    read_in_full(sources, file, scheme, opts)
}

/// Whether file `file` is read as JSON (a `.json` name; anything else is YAML).
fn is_json(sources: &Sources, file: FileId) -> bool {
    let name = &sources.get(file).name;
    name.len() >= 5
        && name
            .get(name.len() - 5..)
            .is_some_and(|e| e.eq_ignore_ascii_case(".json"))
}

/// The quiet path of [`read`] alone: the report when reading it says nothing, else `None`.
/// Whenever it answers, [`read_in_full`] answers the same report with no diagnostic (tests
/// and fuzzing check this); nothing else needs to call it.
pub fn read_quiet(sources: &Sources, file: FileId, scheme: &Scheme) -> Option<Report> {
    quiet::read(&sources.get(file).text, is_json(sources, file), scheme)
}

/// The full path of [`read`] alone: every key located, every problem said. [`read`] takes
/// it whenever the quiet path declines.
pub fn read_in_full(sources: &Sources, file: FileId, scheme: &Scheme, opts: ReadOptions) -> Read {
    let text = sources.get(file).text.clone();
    let json = is_json(sources, file);
    let mut r = Reader {
        file,
        json,
        text: text.clone(),
        places: std::cell::OnceCell::new(),
        diags: Vec::new(),
        scheme,
        block: "数据",
        strict: opts.strict,
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
    places: std::cell::OnceCell<std::collections::HashMap<String, Vec<Place>>>,
    diags: Vec<Diag>,
    scheme: &'s Scheme,
    /// The block the input being read is written in: `数据`, or `预算执行` on a form.
    block: &'static str,
    /// `--strict`: what would be a warning is an error.
    strict: bool,
}

impl Reader<'_> {
    /// Where input `name` is written: `数据.编制数`, `预算执行.全年预算数`.
    fn key_path(&self, name: &str) -> String {
        format!("{}.{name}", self.block)
    }

    /// The key places of block YAML (none for JSON, whose keys are searched for instead).
    fn places(&self) -> &std::collections::HashMap<String, Vec<Place>> {
        self.places.get_or_init(|| {
            if self.json {
                std::collections::HashMap::new()
            } else {
                locate::locate(&self.text)
            }
        })
    }

    /// Where the key at `path` is written (its value when `value` and it has one on the
    /// key's line); the enclosing key when the key itself is not found.
    fn at(&self, path: &str, value: bool) -> Span {
        self.at_nth(path, value, None)
    }

    /// [`Reader::at`] for the `nth` time the key is written (`None`: the last in YAML, the
    /// first in JSON, as the parsers keep them).
    fn at_nth(&self, path: &str, value: bool, nth: Option<usize>) -> Span {
        let top = path.split('.').next().unwrap_or(path);
        let places = self.places();
        let pick = |all: &Vec<Place>| match nth {
            Some(n) => all.get(n).copied(),
            None => all.last().copied(),
        };
        let found = match places.get(path) {
            Some(all) => pick(all),
            None if self.json => locate::json_place(&self.text, path, nth.unwrap_or(0)),
            None => places.get(top).and_then(pick),
        };
        match found {
            Some(p) => {
                let (s, e) = if value && p.value.1 > p.value.0 {
                    p.value
                } else {
                    p.key
                };
                Span::new(self.file, s, e)
            }
            None => Span::new(self.file, 0, 0),
        }
    }

    fn error(&mut self, kind: ReportError, path: &str) {
        let span = self.at(path, true);
        self.diags.push(Diag::new(kind, span));
    }

    fn read(&mut self, text: &str, opts: ReadOptions) -> Option<Report> {
        let mut raw = self.parse(text)?;
        self.flow_commas(&mut raw);
        self.duplicates(&raw);
        let scheme = self.scheme;
        let b = self.blocks(raw);
        self.required(&b);
        let mut report = Report {
            unit: b.unit.unwrap_or_default(),
            year: b.year.unwrap_or(0),
            project: b.project,
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
        let data = b
            .data
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| ("数据", k, v));
        let budget = b.budget.unwrap_or_default().into_iter();
        let entries = data.chain(budget.map(|(k, v)| ("预算执行", k, v)));
        self.data(entries, opts, &mut report);
        let before = self.diags.len();
        (report.self_scores, report.self_total) =
            self.scores("自评", b.self_scores.unwrap_or_default());
        (report.confirmed, report.confirmed_total) =
            self.scores("核定", b.confirmed.unwrap_or_default());
        // What was wrong with a 自评 or 核定 (not a number, above the points, a name not in
        // the scheme) stays with the report: the printed 评分表 says it where a blank or an odd
        // figure is seen.
        for d in &self.diags[before..] {
            if d.severity() == crate::base::diag::Severity::Warning {
                report.findings.push(Finding {
                    kind: "score_entry",
                    text: d.message(),
                });
            }
        }
        let mut skipped = 0;
        if let Some(form) = scheme.form.as_deref() {
            (report.rows, skipped) = self.rows(form, report.year, b.rows.unwrap_or_default());
        } else if b.rows.is_some() {
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
        if b.year.is_some() {
            report.findings.extend(year_finding(scheme, report.year));
        }
        Some(report)
    }

    /// The file's keys and values, read as the scheme's inputs want them (a list for a
    /// checklist, a map for a reviewer's score), or `None` with the parser's error.
    fn parse(&mut self, text: &str) -> Option<yaml::RawReport> {
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
        match parsed {
            Ok(r) => Some(r),
            Err(x) => {
                let span = |(s, e): (usize, usize)| Span::new(self.file, s, e);
                let kind = if self.json {
                    ReportError::Json {
                        message: x.message,
                        help: x.help,
                    }
                } else {
                    ReportError::Yaml {
                        message: x.message,
                        help: x.help,
                    }
                };
                let mut d = Diag::new(kind, span(x.at));
                if let Some(label) = x.label {
                    d = d.label(label);
                }
                if let Some((at, note)) = x.also {
                    d = d.note(span(at), note);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// The top-level keys sorted into their blocks; a year that is not a year is an error.
    fn blocks(&mut self, raw: yaml::RawReport) -> Blocks {
        let mut b = Blocks::default();
        for (key, field) in raw.fields {
            match (key.as_str(), field) {
                ("单位", RawField::Value(Raw::Scalar(s))) => b.unit = Some(s),
                ("项目", RawField::Value(Raw::Scalar(s))) => b.project = Some(s),
                ("年度", RawField::Value(Raw::Scalar(s))) => match year::parse_year(&s) {
                    Some(y) => b.year = Some(y),
                    None => self.error(ReportError::Year { text: s }, "年度"),
                },
                ("数据", RawField::Entries(e)) => b.data = Some(e),
                ("预算执行", RawField::Entries(e)) => b.budget = Some(e),
                ("绩效指标", RawField::Rows(r)) => b.rows = Some(r),
                ("自评", RawField::Entries(e)) => b.self_scores = Some(e),
                ("核定", RawField::Entries(e)) => b.confirmed = Some(e),
                // What reading the source file (Excel, Word, text) left out: warnings here.
                ("读取提示", RawField::Rows(r)) => {
                    for (i, fields) in r.into_iter().enumerate() {
                        let get = |k: &str| {
                            fields.iter().find_map(|(key, v)| match v {
                                Raw::Scalar(s) if key == k => Some(s.clone()),
                                _ => None,
                            })
                        };
                        let (Some(place), Some(text)) = (get("位置"), get("提示")) else {
                            continue;
                        };
                        let span = self.at(&format!("读取提示.#{i}"), false);
                        self.diags
                            .push(Diag::new(ReportError::Source { place, text }, span));
                    }
                }
                _ => {}
            }
        }
        b
    }

    /// `单位`, `年度` and the body (`数据`, or `绩效指标` for a form) must be there.
    fn required(&mut self, b: &Blocks) {
        let body = if self.scheme.form.is_some() {
            ("绩效指标", b.rows.is_some())
        } else {
            ("数据", b.data.is_some())
        };
        for (key, found) in [("单位", b.unit.is_some()), ("年度", b.year.is_some()), body] {
            if !found && !self.diags.iter().any(|d| d.code() == "report-year") {
                self.error(ReportError::MissingKey { key }, key);
            }
        }
    }

    /// The inputs under `数据` (and `预算执行`); a key the scheme does not declare is a
    /// warning (an error under `strict`) and a finding.
    fn data(
        &mut self,
        entries: impl Iterator<Item = (&'static str, String, Raw)>,
        opts: ReadOptions,
        report: &mut Report,
    ) {
        let scheme = self.scheme;
        for (block, name, raw) in entries {
            self.block = block;
            if let Some(id) = scheme.input_names.get(&name) {
                let v = self.input(&name, *id, raw, &mut report.findings);
                report.inputs[id.0 as usize] = v;
                continue;
            }
            let names = scheme.input_names.keys().map(String::as_str);
            let help = scheme
                .missing_help(crate::ir::Target::Input, &name, names)
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
            let span = self.at(&self.key_path(&name), false);
            self.diags.push(Diag::new(kind, span));
        }
    }
}

/// The note on a report of a year the scheme is not in force for (it is scored all the same).
fn year_finding(scheme: &Scheme, year: i32) -> Option<Finding> {
    (!scheme.in_force(year)).then(|| Finding {
        kind: "year_mismatch",
        text: format!(
            "报告年度 {} 与方案年度 {} 不同，仍按此方案计分",
            year,
            scheme.years_label()
        ),
    })
}

/// A report file's top-level blocks, before their values are read.
#[derive(Default)]
struct Blocks {
    unit: Option<String>,
    year: Option<i32>,
    project: Option<String>,
    data: Option<Vec<(String, Raw)>>,
    budget: Option<Vec<(String, Raw)>>,
    rows: Option<Vec<Vec<(String, Raw)>>>,
    self_scores: Option<Vec<(String, Raw)>>,
    confirmed: Option<Vec<(String, Raw)>>,
}
