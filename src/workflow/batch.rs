//! One report read, filled and scored without printing (read → fill → evaluate), so that
//! `score`, `test`, `replay` and `audit` treat every report the same way; and batches of
//! them on every core, results in input order.

use crate::base::diag::{Diag, DiagJson, Severity};
use crate::base::source::Sources;
use crate::eval::{self, Program, Scored};
use crate::form;
use crate::report::{self, ReadOptions, Report};

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

    /// A report that met a defect of jixiao while it was read or scored.
    pub fn defect(file: &str) -> Invalid {
        Invalid::one(
            file,
            "internal",
            format!("`{file}`：计分时遇到 jixiao 的内部错误，本报告未计分"),
            Some("这是 jixiao 的缺陷，不是报告的错误；请报告此问题并附上这份报告".into()),
        )
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
pub struct Scoring<'s> {
    /// The report file as given.
    pub file: String,
    /// The report scored (with the table it was scored on), or why it is invalid.
    pub result: Result<Scored<'s>, Invalid>,
    /// Every finding (errors and warnings) of reading it.
    pub diags: Vec<Diag>,
    /// The report's text, to render `diags` against.
    pub sources: Sources,
}

impl Scoring<'_> {
    /// A report that was never read (unreadable file, no scheme for its year).
    pub fn failed(file: &str, invalid: Invalid) -> Self {
        Scoring {
            file: file.to_string(),
            result: Err(invalid),
            diags: Vec::new(),
            sources: Sources::new(),
        }
    }
}

/// Reads `text` (the report file `file`) against the program's scheme, fills the scheme with
/// it and scores it.
pub fn score<'p>(program: &'p Program, file: &str, text: &str, opts: ReadOptions) -> Scoring<'p> {
    // A defect met while reading or scoring one report is that report's error, not the
    // batch's: the others are scored.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        score_unguarded(program, file, text, opts)
    }))
    .unwrap_or_else(|_| Scoring::failed(file, Invalid::defect(file)))
}

fn score_unguarded<'p>(
    program: &'p Program,
    file: &str,
    text: &str,
    opts: ReadOptions,
) -> Scoring<'p> {
    let mut sources = Sources::new();
    let id = sources.add(file, text);
    let read = report::read(&sources, id, program.scheme(), opts);
    let result = match read.report {
        Some(r) => Ok(evaluate(program, r)),
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
        diags: read.diags,
        sources,
    }
}

/// Fills the program's scheme with a report and scores it: a fixed table on the program's
/// compiled code, a form filled with the report's rows (a table of its own, used once) by
/// walking it.
pub fn evaluate(program: &Program, report: Report) -> Scored<'_> {
    let filled = form::fill(program.scheme(), report);
    let outcome = if filled.is_own_table() {
        eval::evaluate(&filled.scheme, &filled.report)
    } else {
        program.evaluate(&filled.report)
    };
    Scored {
        scheme: filled.scheme,
        report: filled.report,
        outcome,
    }
}

/// Items a worker takes at a time in [`ordered`].
const BLOCK: usize = 64;

/// How many blocks the workers may run ahead of the block being handed on: the memory a batch
/// needs, whatever its size (64 × 64 results).
const WINDOW: usize = 64;

/// Applies `f` to every item on `jobs` threads (0: one per core) and hands each result to
/// `sink`, on the calling thread, in input order. Workers take blocks of items as they free
/// up, so none waits for another, and never run more than a window ahead of the results
/// handed on, so memory stays the same whatever the number of items.
pub fn ordered<T, R, F, S>(items: &[T], jobs: usize, f: F, sink: S)
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
    S: FnMut(usize, R),
{
    ordered_stream(items.iter(), jobs, f, sink);
}

/// [`ordered`] over items as an iterator gives them (a folder walked as the batch goes, so
/// that no list of every item is ever held): the workers take blocks from it in turn.
pub fn ordered_stream<I, R, F, S>(items: I, jobs: usize, f: F, mut sink: S)
where
    I: Iterator + Send,
    I::Item: Send,
    R: Send,
    F: Fn(I::Item) -> R + Sync,
    S: FnMut(usize, R),
{
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{mpsc, Mutex};

    let jobs = match jobs {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        j => j,
    };
    if jobs <= 1 {
        for (i, t) in items.enumerate() {
            sink(i, f(t));
        }
        return;
    }
    // The next block's number, taken with its items so that blocks are numbered in order.
    let source = Mutex::new((0usize, items.fuse()));
    let handed = AtomicUsize::new(0);
    let (tx, rx) = mpsc::channel::<(usize, Vec<R>)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (tx, source, handed, f) = (tx.clone(), &source, &handed, &f);
            scope.spawn(move || loop {
                let (b, block) = {
                    // A worker that panicked holding the lock took its block with it; the
                    // items left are still handed out.
                    let mut guard = source
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    let (next, items) = &mut *guard;
                    let block: Vec<I::Item> = items.by_ref().take(BLOCK).collect();
                    let b = *next;
                    *next += 1;
                    (b, block)
                };
                if block.is_empty() {
                    break;
                }
                while b >= handed.load(Ordering::Acquire) + WINDOW {
                    std::thread::sleep(std::time::Duration::from_micros(50));
                }
                let out: Vec<R> = block.into_iter().map(f).collect();
                if tx.send((b, out)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Vec<R>> = BTreeMap::new();
        let (mut want, mut i) = (0, 0);
        for (b, out) in rx {
            pending.insert(b, out);
            while let Some(out) = pending.remove(&want) {
                for r in out {
                    sink(i, r);
                    i += 1;
                }
                want += 1;
                handed.store(want, Ordering::Release);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..10_000).collect();
        for jobs in [0, 1, 2, 3] {
            let mut seen = Vec::new();
            ordered(&items, jobs, |x| x * x, |i, r| seen.push((i, r)));
            assert_eq!(seen.len(), items.len());
            assert!(seen.iter().all(|(i, r)| *r == (*i as u64) * (*i as u64)));
            // The same from an iterator that was never a list.
            let mut streamed = Vec::new();
            ordered_stream(0..10_000u64, jobs, |x| x * x, |i, r| streamed.push((i, r)));
            assert_eq!(streamed, seen);
        }
    }
}
