//! Folders of reports: the files to read, and one report read and scored without printing,
//! so that `score`, `test`, `replay` and `audit` treat every report the same way.

use std::path::{Path, PathBuf};

use crate::diag::{render_all, DiagJson};
use crate::eval::{evaluate, Outcome};
use crate::report::{self, ReadOptions, Report};
use crate::{Scheme, Severity, Sources};

/// The report files named: files as given, folders walked (sorted, every `.yaml`, `.yml` or
/// `.json` at any depth). A path that does not exist is kept, so that reading it reports the error.
pub fn report_files(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out);
        } else {
            out.push(a.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|e| x.eq_ignore_ascii_case(e))
        }) {
            out.push(p);
        }
    }
}

/// A report that could not be scored.
#[derive(Debug, Clone)]
pub struct Invalid {
    /// Its errors, as data.
    pub diagnostics: Vec<DiagJson>,
}

impl Invalid {
    /// One unlocated error (a file that cannot be read, no scheme for its year).
    pub fn one(file: &str, id: &str, message: String, help: Option<String>) -> Invalid {
        Invalid {
            diagnostics: vec![DiagJson {
                id: id.into(),
                severity: Severity::Error,
                file: Some(file.to_string()),
                line: None,
                column: None,
                message,
                help,
                example: None,
            }],
        }
    }

    /// The first error's message.
    pub fn first_message(&self) -> String {
        self.diagnostics
            .first()
            .map(|d| d.message.clone())
            .unwrap_or_default()
    }
}

/// One report read against a scheme and, when valid, scored.
#[derive(Debug)]
pub struct Scoring {
    /// The report file as given.
    pub file: String,
    /// The report and its outcome, or why it is invalid.
    pub result: Result<(Report, Outcome), Invalid>,
    /// Every finding (errors and warnings) rendered with its excerpt, for stderr.
    pub rendered: String,
}

impl Scoring {
    /// A report that was never read (unreadable file, no scheme for its year).
    pub fn failed(file: &str, invalid: Invalid) -> Scoring {
        Scoring {
            file: file.to_string(),
            result: Err(invalid),
            rendered: String::new(),
        }
    }
}

/// Reads `text` (the report file `file`) against `scheme` and scores it.
pub fn score(scheme: &Scheme, file: &str, text: &str, opts: ReadOptions) -> Scoring {
    let mut sources = Sources::new();
    let id = sources.add(file, text);
    let read = report::read(&sources, id, scheme, opts);
    let rendered = if read.diags.is_empty() {
        String::new()
    } else {
        render_all(&read.diags, &sources)
    };
    let result = match read.report {
        Some(r) => {
            let o = evaluate(scheme, &r);
            Ok((r, o))
        }
        None => Err(Invalid {
            diagnostics: read
                .diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_json(&sources))
                .collect(),
        }),
    };
    Scoring {
        file: file.to_string(),
        result,
        rendered,
    }
}

/// How many reports are held in memory at once by [`ordered`]: enough to keep every core
/// busy, few enough that a batch of any size needs the same memory.
pub const CHUNK: usize = 4096;

/// Applies `f` to every item on `jobs` threads (0: one per core), [`CHUNK`] items at a time,
/// and hands each result to `sink` in input order as soon as its chunk is done. Memory holds
/// one chunk, whatever the number of items.
pub fn ordered<T, R, F, S>(items: &[T], jobs: usize, f: F, mut sink: S)
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    S: FnMut(usize, R),
{
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
    let mut done = 0;
    for chunk in items.chunks(CHUNK) {
        let results: Vec<R> = match &pool {
            Ok(pool) => pool.install(|| chunk.par_iter().map(&f).collect()),
            // No threads to be had: the same work on this one.
            Err(_) => chunk.iter().map(&f).collect(),
        };
        for r in results {
            sink(done, r);
            done += 1;
        }
    }
}

/// [`ordered`] collected: every result, in input order (for commands that need them all,
/// such as sorting a replay).
pub fn collect<T, R, F>(items: &[T], jobs: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let mut out = Vec::with_capacity(items.len());
    ordered(items, jobs, f, |_, r| out.push(r));
    out
}
