//! `jixiao audit SCHEME DIR...`: self-scores and confirmed scores against the rules.

use std::path::{Path, PathBuf};

use jixiao::workflow::audit::{self, Entry};

use super::score::score_path;
use super::Exit;
use super::Format;

/// Exit 0 when every report was read, 1 when some were invalid, 2 when none was found.
pub fn run(
    scheme: &Path,
    dirs: &[PathBuf],
    format: Format,
    out: &super::print::Print,
    batch_args: super::BatchArgs,
) -> Exit {
    let schemes = match super::schemes::load(scheme) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let files = match super::report_files(dirs) {
        Ok(f) => f,
        Err(c) => return c,
    };
    let scored = super::progress::collect(&files, batch_args.jobs, "计分", |f| {
        score_path(&schemes, f, batch_args.strict)
    });
    // The reports' reading warnings (a 自评 above the points, a 0.88 for a percent …): each
    // said in full once, repeats counted, as score says them.
    let mut repeats = super::repeats::Repeats::default();
    for (s, _) in &scored {
        say!("{}", repeats.shown(&super::score::warned(s), &s.file));
    }
    for line in repeats.summary() {
        sayln!("{line}");
    }
    let entries: Vec<Entry<'_>> = scored
        .iter()
        .map(|(s, _)| Entry {
            file: s.file.clone(),
            result: &s.result,
        })
        .collect();
    let a = audit::audit(schemes.describe().0, &entries);
    match format {
        Format::Text => super::emit(&super::fit(&jixiao::render::audit::render(&a))),
        Format::Json => super::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&a).unwrap_or_default()
        )),
    }
    let printed = out.write(
        || jixiao::render::html_review::audit(&a),
        || jixiao::render::xlsx_review::audit(&a),
        "",
    );
    if printed != Exit::Done {
        return printed;
    }
    Exit::failed_if(!a.invalid.is_empty())
}
