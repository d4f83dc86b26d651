//! Progress of a long batch on standard error (indicatif), for every batch command: drawn only
//! when standard error is a terminal and the batch is long enough to wait for. What a batch
//! prints while the bar is up goes through [`Progress::above`]: the bar is cleared, the text
//! written, the bar drawn again below it, so warnings and table lines are never cut by it.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use jixiao::workflow::batch;

/// Batches of fewer reports finish before a bar would be worth reading.
pub(super) const SHOWN_FROM: usize = 500;

/// The bar of one batch (none when it is not shown). Cleared when dropped.
pub(super) struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for `total` reports, labelled `verb` (`计分`, `核对`…), when it is shown.
    pub(super) fn new(total: usize, verb: &'static str) -> Self {
        if total < SHOWN_FROM || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        // The template is a constant: it parses; if a later indicatif refused it, the bar
        // would keep its default look rather than fail the batch.
        if let Ok(style) =
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} 份（{percent}%）")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(format!("正在{verb}"));
        Progress(Some(bar))
    }

    /// One more report done.
    pub(super) fn tick(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    /// Runs `write` (which prints) with the bar out of the way.
    pub(super) fn above<R>(&self, write: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(b) => b.suspend(write),
            None => write(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// [`batch::ordered`] collected, every result in input order, with a bar labelled `verb` while
/// it runs: for the commands that print once all are in (`test`, `audit`, `replay`).
pub(super) fn collect<T, R, F>(items: &[T], jobs: usize, verb: &'static str, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let progress = Progress::new(items.len(), verb);
    let mut out = Vec::with_capacity(items.len());
    batch::ordered(items, jobs, f, |_, r| {
        progress.tick();
        out.push(r);
    });
    out
}
