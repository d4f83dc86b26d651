//! `jixiao score` and `jixiao explain`: every report is read and scored on its own, so one
//! bad report never stops the others.

use std::path::{Path, PathBuf};

use jixiao::diag::render_all;
use jixiao::eval::{evaluate, Outcome};
use jixiao::output::{self, InvalidJson};
use jixiao::report::{self, ReadOptions, Report};
use jixiao::Sources;

use super::schemes::{Loaded, Schemes};
use super::{read_text, shown, Format};

/// One report's fate.
enum Scored<'s> {
    /// Read and scored, with the scheme used.
    Ok(Box<(Report, Outcome)>, &'s Loaded),
    /// Invalid: its diagnostics as JSON, already rendered to stderr in text mode.
    Invalid(InvalidJson),
}

/// An invalid report with one unlocated diagnostic.
fn invalid(
    file: String,
    id: &str,
    message: String,
    help: Option<String>,
    format: Format,
) -> Scored<'static> {
    if format == Format::Text {
        eprintln!("错误：{message}");
        if let Some(h) = &help {
            eprintln!("  提示：{h}");
        }
    }
    let diagnostics = vec![jixiao::diag::DiagJson {
        id: id.into(),
        severity: jixiao::Severity::Error,
        file: Some(file.clone()),
        line: None,
        column: None,
        message,
        help,
        example: None,
    }];
    Scored::Invalid(InvalidJson {
        file,
        valid: false,
        diagnostics,
    })
}

fn score_one<'s>(schemes: &'s Schemes, path: &Path, format: Format, strict: bool) -> Scored<'s> {
    let file = shown(path);
    let text = match read_text(path) {
        Ok(t) => t,
        Err(m) => return invalid(file, "report-file", m, None, format),
    };
    let loaded = match schemes.pick(report::yaml::peek_year(&text)) {
        Ok(l) => l,
        Err(m) => {
            let help = "要用某一方案计分，直接写出它的文件名，如 `jixiao score 方案文件夹/2020.jx 报告.yaml`";
            return invalid(
                file.clone(),
                "scheme-year",
                format!("`{file}`：{m}"),
                Some(help.into()),
                format,
            );
        }
    };
    let scheme = &loaded.scheme;
    let mut sources = Sources::new();
    let id = sources.add(file.clone(), &text);
    let read = report::read(&sources, id, scheme, ReadOptions { strict });
    if format == Format::Text && !read.diags.is_empty() {
        eprint!("{}", render_all(&read.diags, &sources));
    }
    match read.report {
        Some(r) => {
            let o = evaluate(scheme, &r);
            Scored::Ok(Box::new((r, o)), loaded)
        }
        None => {
            if format == Format::Text {
                eprintln!("报告 `{file}` 无效，未计分");
            }
            let diagnostics = read
                .diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.to_json(&sources))
                .collect();
            Scored::Invalid(InvalidJson {
                file,
                valid: false,
                diagnostics,
            })
        }
    }
}

/// `jixiao score SCHEME REPORT...`: `SCHEME` is a file or a folder of schemes by year.
pub fn score(scheme_path: &Path, reports: &[PathBuf], format: Format, strict: bool) -> u8 {
    let schemes = match Schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let mut code = 0;
    let mut json: Vec<serde_json::Value> = Vec::new();
    let single = reports.len() == 1;
    for path in reports {
        let file = shown(path);
        match score_one(&schemes, path, format, strict) {
            Scored::Invalid(inv) => {
                code = 1;
                if format == Format::Json {
                    json.push(serde_json::to_value(inv).unwrap_or_default());
                }
            }
            Scored::Ok(b, loaded) => {
                let (r, o) = *b;
                let scheme = &loaded.scheme;
                if strict && !o.complete {
                    code = 1;
                }
                match format {
                    Format::Json => json.push(
                        serde_json::to_value(output::scored(scheme, &loaded.path, &file, &r, &o))
                            .unwrap_or_default(),
                    ),
                    Format::Text if single => {
                        print!("{}", jixiao::text::score_table(scheme, &r, &o, &file))
                    }
                    Format::Text => {
                        let mut line = jixiao::text::summary_line(scheme, &r, &o, &file);
                        if schemes.dir.is_some() {
                            line.push_str(&format!(" · 方案 {}", loaded.path));
                        }
                        println!("{line}")
                    }
                }
            }
        }
    }
    if format == Format::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    }
    code
}

/// `jixiao explain SCHEME REPORT`.
pub fn explain(scheme_path: &Path, report_path: &Path, format: Format, strict: bool) -> u8 {
    let schemes = match Schemes::load(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let file = shown(report_path);
    match score_one(&schemes, report_path, format, strict) {
        Scored::Invalid(inv) => {
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&inv).unwrap_or_default());
            }
            1
        }
        Scored::Ok(b, loaded) => {
            let (r, o) = *b;
            let scheme = &loaded.scheme;
            match format {
                Format::Json => {
                    let j = output::scored(scheme, &loaded.path, &file, &r, &o);
                    println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
                }
                Format::Text => print!("{}", jixiao::text::explanation(scheme, &r, &o, &file)),
            }
            u8::from(strict && !o.complete)
        }
    }
}
