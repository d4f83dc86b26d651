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
    let expectations = match expect::parse(text.trim_start_matches('\u{feff}')) {
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

/// Runs every report (those whose path holds `filter`); exit 0 when none fails, 1 when one
/// fails, 2 when there is nothing to run. `update`: write each report's `期望:` instead.
pub fn run(
    scheme_path: &Path,
    dirs: &[PathBuf],
    format: Format,
    b: super::BatchArgs,
    update: bool,
    filter: Option<&str>,
) -> Exit {
    let schemes = match super::schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut files = match super::report_files(dirs) {
        Ok(f) => f,
        Err(c) => return c,
    };
    if let Some(f) = filter {
        files.retain(|p| shown(p).contains(f));
        if files.is_empty() {
            sayln!("错误：没有报告的路径含有 `{f}`");
            return Exit::Usage;
        }
    }
    if update {
        return write_expectations(&schemes, &files, b);
    }
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

/// What `--update` did to one report.
enum Updated {
    Written(String),
    Same,
    Skipped(String),
}

/// `test --update`: each YAML report's `期望:` block for the scheme it is scored with,
/// written from its result now; other files are said and left.
fn write_expectations(schemes: &SchemeSet, files: &[PathBuf], b: super::BatchArgs) -> Exit {
    let done = super::progress::collect(files, b.jobs, "写期望", |path| {
        let file = shown(path);
        let yaml = path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"));
        if !yaml {
            return Updated::Skipped(format!("`{file}` 不是 YAML 报告，期望无法写回，跳过"));
        }
        let text = match super::report_text(path) {
            Ok(t) => t,
            Err(m) => return Updated::Skipped(m),
        };
        let (scoring, loaded) = schemes.score(&file, &text, ReadOptions { strict: b.strict });
        // No scheme applies (a report without a year, say): its block names no scheme.
        let scheme_file = loaded.as_ref().map(|l| l.path.clone());
        // A new block names its scheme with the folder it is in (`ziping/2020.jx`), so that it
        // is not taken for another folder's `2020.jx`.
        let scheme = scheme_file.as_deref().map(|f| {
            let p = Path::new(f);
            match p.parent().and_then(Path::file_name) {
                Some(dir) => format!(
                    "{}/{}",
                    dir.to_string_lossy(),
                    jixiao::base::source::short_name(f)
                ),
                None => jixiao::base::source::short_name(f),
            }
        });
        // An empty report stays empty: a block written into it would make it another report.
        if let Err(inv) = &scoring.result {
            if inv.diagnostics.iter().any(|d| d.id == "report-empty") {
                return Updated::Skipped(format!("`{file}` 是空报告，未写期望"));
            }
        }
        let places = match &scoring.result {
            Ok(s) => s.scheme.places,
            Err(_) => 2,
        };
        // A block that applies and is met is left as its author wrote it.
        let body = text.trim_start_matches('\u{feff}');
        if let Ok(blocks) = jixiao::workflow::expect::parse(body) {
            let applying: Vec<_> = blocks
                .iter()
                .filter(|b| scheme_file.as_deref().is_none_or(|f| b.applies_to(f)))
                .collect();
            if !applying.is_empty()
                && applying
                    .iter()
                    .all(|b| jixiao::workflow::expect::check(b, &scoring.result).is_empty())
            {
                return Updated::Same;
            }
        }
        let new =
            jixiao::workflow::expect_update::expectation_of(scheme.as_deref(), &scoring.result);
        let said = scheme.clone().unwrap_or_else(|| "未指定方案".into());
        match jixiao::workflow::expect_update::update(&text, scheme_file.as_deref(), new, places) {
            Ok(t) if t == text => Updated::Same,
            Ok(t) => match std::fs::write(path, t) {
                Ok(()) => Updated::Written(format!("已写入 `{file}` 的期望（{said}）")),
                Err(e) => Updated::Skipped(format!(
                    "无法写入 `{file}`：{}",
                    super::files::write_reason(&e)
                )),
            },
            Err(m) => Updated::Skipped(format!("`{file}` 的期望读不出，未改动：{m}")),
        }
    });
    let (mut written, mut same, mut skipped) = (0, 0, 0);
    for u in &done {
        match u {
            Updated::Written(m) => {
                written += 1;
                super::emit(&format!("{m}\n"));
            }
            Updated::Same => same += 1,
            Updated::Skipped(m) => {
                skipped += 1;
                sayln!("{m}");
            }
        }
    }
    super::emit(&format!(
        "写入 {written} 份，{same} 份原已相符{}\n",
        if skipped > 0 {
            format!("，{skipped} 份未写")
        } else {
            String::new()
        }
    ));
    Exit::failed_if(skipped > 0)
}
