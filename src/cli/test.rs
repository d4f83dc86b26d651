//! `jixiao test SCHEME DIR...`: every report checked against its `期望:` blocks.

use std::path::{Path, PathBuf};

use jixiao::report::ReadOptions;
use jixiao::workflow::expect::{self, Run, Verdict};
use jixiao::workflow::schemes::SchemeSet;

use super::Exit;
use super::{shown, Format};

/// One report checked against its `期望:` blocks (the file read once for both).
fn case(schemes: &SchemeSet, path: &Path, strict: bool) -> Verdict {
    let file = shown(path);
    let text = match super::report_text(path) {
        Ok(t) => t,
        Err(m) => return Verdict::unreadable_file(&file, m),
    };
    let expectations = match expect::parse(&text) {
        Ok(e) => e,
        Err(m) => {
            // A report that cannot be read at all is said as scoring says it, at its place;
            // only a readable report's `期望` is blamed.
            let (scoring, _) = schemes.score(&file, &text, ReadOptions { strict });
            if let Err(invalid) = &scoring.result {
                let said: Vec<String> = invalid
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == jixiao::Severity::Error)
                    .map(|d| match (d.line, d.column) {
                        (Some(l), Some(c)) => format!("{file}:{l}:{c}：{}", d.message),
                        _ => d.message.clone(),
                    })
                    .collect();
                if !said.is_empty() {
                    return Verdict::unreadable_file(&file, said.join("\n    "));
                }
            }
            return Verdict::unreadable(&file, m);
        }
    };
    let (scoring, loaded) = schemes.score(&file, &text, ReadOptions { strict });
    expect::verdict(
        &file,
        &expectations,
        &scoring.result,
        loaded.map(|l| l.path.as_str()),
    )
}

/// Runs every report; exit 0 when all pass, 1 when one fails, 2 when there is nothing to run.
pub fn run(scheme_path: &Path, dirs: &[PathBuf], format: Format, b: super::BatchArgs) -> Exit {
    let schemes = match super::schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let files = match super::report_files(dirs) {
        Ok(f) => f,
        Err(c) => return c,
    };
    let run = Run::new(super::progress::collect(&files, b.jobs, "核对", |f| {
        case(&schemes, f, b.strict)
    }));
    match format {
        Format::Json => super::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&run).unwrap_or_default()
        )),
        Format::Text => super::emit(&jixiao::render::expect::render(&run)),
    }
    Exit::failed_if(run.failed > 0)
}
