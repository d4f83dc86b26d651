//! `jixiao replay OLD NEW DIR...`: past reports scored under two schemes, compared.

use std::path::{Path, PathBuf};

use jixiao::workflow::replay::{self, Entry, SchemeRef};

use super::score::score_path;
use super::Exit;
use super::Format;
use jixiao::workflow::schemes::SchemeSet;

fn scheme_ref(s: &SchemeSet) -> SchemeRef {
    let (file, years) = s.describe();
    SchemeRef { file, years }
}

/// Exit 0 when every report was compared, 1 when some were invalid, 2 when none was found.
pub fn run(
    old: &Path,
    new: &Path,
    dirs: &[PathBuf],
    format: Format,
    out: &super::print::Print,
    batch_args: super::BatchArgs,
) -> Exit {
    let (old, new) = match (super::schemes::load(old), super::schemes::load(new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let files = match super::report_files(dirs) {
        Ok(f) => f,
        Err(c) => return c,
    };
    let strict = batch_args.strict;
    let scored = super::progress::collect(&files, batch_args.jobs, "重算", |f| {
        (score_path(&old, f, strict), score_path(&new, f, strict))
    });
    let entries: Vec<Entry<'_>> = scored
        .iter()
        .map(|((a, _), (b, _))| Entry {
            file: a.file.clone(),
            old: &a.result,
            new: &b.result,
        })
        .collect();
    let r = replay::replay(scheme_ref(&old), scheme_ref(&new), &entries, new.places());
    match format {
        Format::Text => super::emit(&super::fit(&jixiao::render::replay::render(&r))),
        Format::Json => super::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&r).unwrap_or_default()
        )),
    }
    let printed = out.write(
        || jixiao::render::html_review::replay(&r),
        || jixiao::render::xlsx_review::replay(&r),
        "",
    );
    if printed != Exit::Done {
        return printed;
    }
    Exit::failed_if(!r.invalid.is_empty())
}
