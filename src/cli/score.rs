//! `jixiao score` and `jixiao explain`: every report is read and scored on its own, so one
//! bad report never stops the others.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};

use super::print::Print;
use super::repeats::Repeats;
use super::Exit;
use super::{shown, Format};
use jixiao::eval::Scored;
use jixiao::render::json::{self, InvalidJson};
use jixiao::render::text::Columns;
use jixiao::report::ReadOptions;
use jixiao::workflow::batch::{self, Invalid, Scoring};
use jixiao::workflow::schemes::{Loaded, SchemeSet};

/// Reads the report at `path` and scores it with the scheme in force for it (for a folder of
/// schemes, the one of its 年度). The scheme is `None` when the report was never read.
pub fn score_path<'s>(
    schemes: &'s SchemeSet,
    path: &Path,
    strict: bool,
) -> (Scoring<'s>, Option<&'s Loaded>) {
    let file = shown(path);
    match super::report_text(path) {
        Ok(text) => schemes.score(&file, &text, ReadOptions { strict }),
        Err(m) => {
            let inv = Invalid::one(&file, "report-file", m, None);
            (Scoring::failed(&file, inv), None)
        }
    }
}

/// Under `--strict`, a report with data missing fails.
fn fails(strict: bool, scored: &Scored<'_>) -> bool {
    strict && !scored.outcome.complete
}

/// [`fails`], said on standard error for a report scored on its own (a batch says it in its
/// closing line).
fn fails_said(strict: bool, scored: &Scored<'_>, file: &str) -> bool {
    let failed = fails(strict, scored);
    if failed {
        sayln!("{}", strict_note(scored, file));
    }
    failed
}

/// Why an incomplete report fails under `--strict`: `` `甲.yaml` 数据不全（16 项未计分），--strict
/// 下计为未通过``.
fn strict_note(scored: &Scored<'_>, file: &str) -> String {
    let unscored = scored
        .scheme
        .scored_units()
        .filter(|id| scored.outcome.node(*id).score.is_none())
        .count();
    format!("`{file}` 数据不全（{unscored} 项未计分），--strict 下计为未通过")
}

/// A report's warnings, each as (message, rendered), for [`Repeats`](super::repeats::Repeats).
pub(super) fn warned(scoring: &Scoring) -> Vec<(String, String)> {
    scoring
        .diags
        .iter()
        .filter(|d| d.severity() == jixiao::Severity::Warning)
        .map(|d| (d.message(), d.render(&scoring.sources)))
        .collect()
}

/// Prints a report's diagnostics to stderr, and that it was not scored when invalid.
pub fn print_problems(s: &Scoring) {
    say!("{}", jixiao::render::text::problems(s));
}

/// The warnings of reading a report, for its JSON (a valid report's errors are none).
fn warnings(s: &Scoring) -> Vec<jixiao::base::diag::DiagJson> {
    s.diags.iter().map(|d| d.to_json(&s.sources)).collect()
}

fn invalid_json(file: &str, inv: Invalid) -> InvalidJson {
    InvalidJson {
        file: file.to_string(),
        valid: false,
        diagnostics: inv.diagnostics,
    }
}

/// A scored report for a batch's closing summary: its total, its grade (name and place in its
/// scheme's grades), whether complete.
type Stats = (rust_decimal::Decimal, Option<(String, usize)>, bool, u32);

/// A report kept for printing (`--html/--pdf/--xlsx`): scored, or why not.
pub type Kept<'s> = Result<Scored<'s>, String>;

/// What one report of a batch prints, made on a worker thread.
struct Printed<'s> {
    /// The report's file as shown (`表.docx#2` for a form of a table file).
    name: String,
    /// The file is missing or cannot be opened (exit 2, as a scheme that cannot be read).
    unreadable: bool,
    /// For stdout: a summary line, or a JSON element (indented as an array element).
    out: String,
    /// For stderr: its errors (and warnings, for one report).
    err: String,
    /// Its warnings, each with its message (the same message in another report is the same
    /// warning, said once for the batch) and rendered in full.
    warned: Vec<(String, String)>,
    /// Invalid, or incomplete under `--strict`.
    failed: bool,
    /// For the closing summary (`None`: invalid).
    stats: Option<Stats>,
    /// The report itself, when it is to be printed.
    kept: Option<Kept<'s>>,
}

/// How a batch shows its reports.
#[derive(Clone, Copy)]
struct Show<'c> {
    format: Format,
    strict: bool,
    columns: &'c Columns,
    /// Keep each report for printing.
    keep: bool,
}

fn printed<'s>(schemes: &'s SchemeSet, path: &Path, show: Show<'_>) -> Printed<'s> {
    // A defect met while showing one report is that report's error; the batch goes on.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        printed_unguarded(schemes, path, show)
    }))
    .unwrap_or_else(|_| Printed {
        name: shown(path),
        unreadable: false,
        out: match show.format {
            Format::Json => "  null".into(),
            Format::Text => String::new(),
        },
        err: format!(
            "报告 `{}`：显示结果时遇到 jixiao 的内部错误，未能输出\n",
            shown(path)
        ),
        failed: true,
        stats: None,
        warned: Vec::new(),
        kept: show
            .keep
            .then(|| Err("显示结果时遇到 jixiao 的内部错误".to_string())),
    })
}

fn printed_unguarded<'s>(schemes: &'s SchemeSet, path: &Path, show: Show) -> Printed<'s> {
    let Show {
        format,
        strict,
        columns,
        keep,
    } = show;
    let file = shown(path);
    let (scoring, loaded) = score_path(schemes, path, strict);
    // Warnings apart (a batch says a repeated one once), errors and the invalid line here.
    let warned = warned(&scoring);
    let mut err = jixiao::render::text::problems_except_warnings(&scoring);
    let diagnostics = warnings(&scoring);
    let mut stats = None;
    let mut kept = None;
    let (value, failed) = match (scoring.result, loaded) {
        (Ok(scored), Some(l)) => {
            let failed = fails(strict, &scored);
            if failed && format == Format::Json {
                // JSON carries `complete: false`; why the run fails is said beside it.
                err.push_str(&format!("{}\n", strict_note(&scored, &file)));
            }
            stats = Some((
                scored.outcome.total,
                scored
                    .outcome
                    .grade
                    .map(|g| (scored.scheme.grades[g].name.clone(), g)),
                scored.outcome.complete,
                scored.scheme.places,
            ));
            match format {
                Format::Json => {
                    let mut j = json::scored(&scored, &l.path, &file);
                    j.diagnostics = diagnostics;
                    let value = serde_json::to_value(j);
                    kept = keep.then_some(Ok(scored));
                    (value, failed)
                }
                Format::Text => {
                    let short = jixiao::base::source::short_name(&l.path);
                    let line = jixiao::render::text::summary_line(&scored, &file, &short, columns);
                    return Printed {
                        name: file,
                        unreadable: false,
                        out: line + "\n",
                        err,
                        failed,
                        stats,
                        warned,
                        kept: keep.then_some(Ok(scored)),
                    };
                }
            }
        }
        (Err(inv), _) => {
            kept = keep.then(|| Err(inv.first_message()));
            (serde_json::to_value(invalid_json(&file, inv)), true)
        }
        (Ok(_), None) => (Ok(serde_json::Value::Null), true),
    };
    let out = match format {
        Format::Json => {
            let pretty = value
                .and_then(|v| serde_json::to_string_pretty(&v))
                .unwrap_or_default();
            pretty
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        }
        Format::Text => String::new(),
    };
    Printed {
        name: file,
        unreadable: false,
        out,
        err,
        failed,
        stats,
        warned,
        kept,
    }
}

/// `jixiao score SCHEME REPORT...`: `SCHEME` is a file or a folder of schemes by year.
/// Several reports are read and scored on `jobs` threads (0: every core) and printed in the
/// order given, a chunk at a time; a long batch on a terminal shows its progress. The reports
/// are read once: when `print` asks for pages or a workbook, they are kept for it.
pub fn score(
    scheme_path: &Path,
    reports: &[PathBuf],
    format: Format,
    batch_args: super::BatchArgs,
    print: &Print,
) -> Exit {
    let super::BatchArgs { strict, jobs } = batch_args;
    let schemes = match super::schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    // Walked twice, never listed: once to count and to find the folder they share (what was
    // skipped is said then), once as the batch scores them.
    let walk = match super::files::reports(reports) {
        Ok(w) => w,
        Err(code) => return code,
    };
    if walk.count == 1 && format == Format::Text {
        if let [only] = &super::import::expand(walk.first.iter().cloned().collect())[..] {
            return score_table(&schemes, only, strict, print);
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let progress = super::progress::Progress::new(walk.count, "计分");
    // Table lines go to the same terminal as the bar: written at once, above it.
    let above_bar = std::io::stdout().is_terminal();
    let mut code = Exit::Done;
    if format == Format::Json {
        if let Err(e) = out.write_all(b"[") {
            super::closed(e)
        }
    }
    let columns = Columns::with_folder(
        walk.folder.clone(),
        super::terminal_width(),
        schemes.dir.is_some(),
    );
    if format == Format::Text {
        let header = jixiao::render::text::summary_header(&columns);
        if let Err(e) = write!(out, "{}", super::fit(&format!("{header}\n"))) {
            super::closed(e)
        }
    }
    let mut tally = Tally::default();
    let mut repeats = Repeats::default();
    let show = Show {
        format,
        strict,
        columns: &columns,
        keep: print.any(),
    };
    let mut kept: Vec<(String, Kept<'_>)> = Vec::new();
    let (mut total, mut unreadable) = (0, false);
    batch::ordered_stream(
        walk.walk(),
        jobs,
        // A table file holding several forms is one report per form.
        |file| {
            super::import::expand(vec![file])
                .iter()
                .map(|p| {
                    let mut printed = printed(&schemes, p, show);
                    printed.unreadable = printed.failed && missing(p);
                    printed
                })
                .collect::<Vec<_>>()
        },
        |_, reports| {
            for mut p in reports {
                if let Some(k) = p.kept.take() {
                    kept.push((p.name.clone(), k));
                }
                if p.failed {
                    code = Exit::Invalid;
                }
                unreadable |= p.unreadable;
                tally.add(p.stats.as_ref());
                let shown_warnings = repeats.shown(&p.warned, &p.name);
                let first = total == 0;
                total += 1;
                let written = progress.above(|| {
                    if !p.err.is_empty() || !shown_warnings.is_empty() {
                        say!("{shown_warnings}{}", p.err);
                    }
                    match format {
                        Format::Json => write!(out, "{}\n{}", if first { "" } else { "," }, p.out),
                        Format::Text => write!(out, "{}", super::fit(&p.out)),
                    }
                    .and_then(|()| if above_bar { out.flush() } else { Ok(()) })
                });
                if let Err(e) = written {
                    super::closed(e)
                }
            }
            progress.tick();
        },
    );
    drop(progress);
    for line in repeats.summary() {
        sayln!("{line}");
    }
    // A named report that does not exist is a file that cannot be read, as a missing scheme
    // is: exit 2 (after scoring the others).
    if unreadable {
        code = Exit::Usage;
    }
    let closing = match format {
        Format::Json if total > 0 => writeln!(out, "\n]"),
        Format::Json => writeln!(out, "]"),
        Format::Text => {
            let strict_note = if strict && tally.incomplete > 0 {
                "（--strict 下数据不全计为未通过）"
            } else {
                ""
            };
            // Fitted like the table above it: no line wider than the terminal.
            write!(
                out,
                "{}",
                super::fit(&format!("{}{strict_note}\n", tally.line(total)))
            )
        }
    };
    if let Err(e) = closing.and_then(|()| out.flush()) {
        super::closed(e)
    }
    if print.any() {
        code = super::worst(code, super::print::scored_pages(&kept, print, false));
    }
    code
}

/// A batch's closing summary: how many, the mean total, the grades, how many incomplete or
/// invalid.
#[derive(Default)]
struct Tally {
    scored: usize,
    /// The sum of the complete reports' totals (an incomplete total is only part of one).
    sum: rust_decimal::Decimal,
    complete: usize,
    /// Each grade met: its name, its place in its scheme's grades, how many.
    grades: Vec<(String, usize, usize)>,
    incomplete: usize,
    invalid: usize,
    /// The most places a scheme of the batch keeps (the mean is said with them).
    places: u32,
}

impl Tally {
    fn add(&mut self, stats: Option<&Stats>) {
        let Some((total, grade, complete, places)) = stats else {
            self.invalid += 1;
            return;
        };
        self.scored += 1;
        self.places = self.places.max(*places);
        if *complete {
            // Each total is at most the full marks (≤ 1,000,000): the sum of any batch fits.
            self.sum += *total;
            self.complete += 1;
        } else {
            self.incomplete += 1;
        }
        if let Some((g, at)) = grade {
            match self.grades.iter_mut().find(|(n, _, _)| n == g) {
                Some((_, _, k)) => *k += 1,
                None => self.grades.push((g.clone(), *at, 1)),
            }
        }
    }

    /// `共 10 份：计分 10 份，平均总分 84.37（数据齐全的 7 份）；优 4 份、良 3 份；数据不全 3 份`.
    fn line(&self, total: usize) -> String {
        let mut s = format!("共 {total} 份：计分 {} 份", self.scored);
        if self.complete > 0 {
            let mean = self.sum / rust_decimal::Decimal::from(self.complete as u64);
            let of = if self.complete < self.scored {
                format!("（数据齐全的 {} 份）", self.complete)
            } else {
                String::new()
            };
            s.push_str(&format!(
                "，平均总分 {}{of}",
                jixiao::base::number::round(mean, self.places)
            ));
        }
        if !self.grades.is_empty() {
            // In the scheme's order of grades (优秀 before 良好), not the order first met.
            let mut grades: Vec<&(String, usize, usize)> = self.grades.iter().collect();
            grades.sort_by_key(|(_, at, _)| *at);
            let g: Vec<String> = grades
                .iter()
                .map(|(n, _, k)| format!("{n} {k} 份"))
                .collect();
            s.push_str(&format!("；{}", g.join("、")));
        }
        if self.incomplete > 0 {
            s.push_str(&format!("；数据不全 {} 份", self.incomplete));
        }
        if self.invalid > 0 {
            s.push_str(&format!("；无效 {} 份", self.invalid));
        }
        s
    }
}

/// One report in text: its score table (and its pages or workbook, where asked).
fn score_table(schemes: &SchemeSet, path: &Path, strict: bool, print: &Print) -> Exit {
    let file = shown(path);
    let (scoring, loaded) = score_path(schemes, path, strict);
    print_problems(&scoring);
    let code = match (&scoring.result, loaded) {
        (Ok(scored), Some(_)) => {
            super::emit(&jixiao::render::text::score_table_width(
                scored,
                &file,
                super::terminal_width(),
            ));
            Exit::failed_if(fails_said(strict, scored, &file))
        }
        _ if missing(path) => return Exit::Usage,
        _ => Exit::Invalid,
    };
    print_one(file, scoring.result, print, false, code)
}

/// Prints one report's pages or workbook where `print` asks; the worse of `code` and how that
/// went.
fn print_one(
    file: String,
    result: Result<Scored<'_>, Invalid>,
    print: &Print,
    ledger: bool,
    code: Exit,
) -> Exit {
    if !print.any() {
        return code;
    }
    let kept = [(file, result.map_err(|inv| inv.first_message()))];
    super::worst(code, super::print::scored_pages(&kept, print, ledger))
}

/// A named report that cannot be read at all: missing, or not to be opened (exit 2, as a
/// scheme that cannot be read). `表.xlsx#2` is the file `表.xlsx`.
fn missing(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let file = match text.rsplit_once('#') {
        Some((f, k)) if !f.is_empty() && k.chars().all(|c| c.is_ascii_digit()) => Path::new(f),
        _ => path,
    };
    !file.exists() || (file.is_file() && std::fs::File::open(file).is_err())
}

/// `jixiao explain SCHEME REPORT`, and its pages with every indicator's ledger where `print`
/// asks.
pub fn explain(
    scheme_path: &Path,
    report_path: &Path,
    format: Format,
    strict: bool,
    print: &Print,
) -> Exit {
    let schemes = match super::schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if report_path.is_dir() {
        let files = match super::report_files(&[report_path.to_path_buf()]) {
            Ok(f) => f,
            Err(code) => return code,
        };
        sayln!(
            "错误：explain 一次解释一份报告；文件夹 `{}` 中有 {} 份报告，请写出其中一份的路径，如 `{}`",
            shown(report_path),
            files.len(),
            shown(&files[0])
        );
        return Exit::Usage;
    }
    let file = shown(report_path);
    let (scoring, loaded) = score_path(&schemes, report_path, strict);
    if format == Format::Text {
        print_problems(&scoring);
    }
    let diagnostics = warnings(&scoring);
    let code = match (&scoring.result, loaded) {
        (Ok(scored), Some(loaded)) => {
            match format {
                Format::Json => {
                    let mut j = json::scored(scored, &loaded.path, &file);
                    j.diagnostics = diagnostics;
                    super::emit(&format!(
                        "{}\n",
                        serde_json::to_string_pretty(&j).unwrap_or_default()
                    ));
                }
                Format::Text => super::emit(&super::fit(&jixiao::render::text::explanation(
                    scored, &file,
                ))),
            }
            Exit::failed_if(fails_said(strict, scored, &file))
        }
        (Err(inv), _) => {
            if format == Format::Json {
                let j = invalid_json(&file, inv.clone());
                super::emit(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&j).unwrap_or_default()
                ));
            }
            if missing(report_path) {
                return Exit::Usage;
            }
            Exit::Invalid
        }
        (Ok(_), None) => Exit::Invalid,
    };
    print_one(file, scoring.result, print, true, code)
}
