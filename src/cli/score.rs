//! `jixiao score` and `jixiao explain`: every report is read and scored on its own, so one
//! bad report never stops the others.

use std::path::{Path, PathBuf};

use jixiao::diag::render_all;
use jixiao::eval::{evaluate, Outcome};
use jixiao::output::{self, InvalidJson};
use jixiao::report::{self, ReadOptions, Report};
use jixiao::{Scheme, Sources};

use super::{load_scheme, read_text, shown, Format};

/// One report's fate.
enum Scored {
    /// Read and scored.
    Ok(Box<(Report, Outcome)>),
    /// Invalid: its diagnostics as JSON, already rendered to stderr in text mode.
    Invalid(InvalidJson),
}

fn score_one(scheme: &Scheme, path: &Path, format: Format, strict: bool) -> Scored {
    let file = shown(path);
    let mut sources = Sources::new();
    let text = match read_text(path) {
        Ok(t) => t,
        Err(m) => {
            if format == Format::Text {
                eprintln!("错误：{m}");
            }
            let diagnostics = vec![jixiao::diag::DiagJson {
                id: "report-file".into(),
                severity: jixiao::Severity::Error,
                file: Some(file.clone()),
                line: None,
                column: None,
                message: m,
                help: None,
                example: None,
            }];
            return Scored::Invalid(InvalidJson {
                file,
                valid: false,
                diagnostics,
            });
        }
    };
    let id = sources.add(file.clone(), &text);
    let read = report::read(&sources, id, scheme, ReadOptions { strict });
    if format == Format::Text && !read.diags.is_empty() {
        eprint!("{}", render_all(&read.diags, &sources));
    }
    match read.report {
        Some(r) => {
            let o = evaluate(scheme, &r);
            Scored::Ok(Box::new((r, o)))
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

/// `jixiao score SCHEME REPORT...`.
pub fn score(scheme_path: &Path, reports: &[PathBuf], format: Format, strict: bool) -> u8 {
    let scheme = match load_scheme(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let scheme_file = shown(scheme_path);
    let mut code = 0;
    let mut json: Vec<serde_json::Value> = Vec::new();
    let single = reports.len() == 1;
    for path in reports {
        let file = shown(path);
        match score_one(&scheme, path, format, strict) {
            Scored::Invalid(inv) => {
                code = 1;
                if format == Format::Json {
                    json.push(serde_json::to_value(inv).unwrap_or_default());
                }
            }
            Scored::Ok(b) => {
                let (r, o) = *b;
                if strict && !o.complete {
                    code = 1;
                }
                match format {
                    Format::Json => json.push(
                        serde_json::to_value(output::scored(&scheme, &scheme_file, &file, &r, &o))
                            .unwrap_or_default(),
                    ),
                    Format::Text if single => {
                        print!("{}", jixiao::text::score_table(&scheme, &r, &o, &file))
                    }
                    Format::Text => {
                        println!("{}", jixiao::text::summary_line(&scheme, &r, &o, &file))
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
    let scheme = match load_scheme(scheme_path) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let file = shown(report_path);
    match score_one(&scheme, report_path, format, strict) {
        Scored::Invalid(inv) => {
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&inv).unwrap_or_default());
            }
            1
        }
        Scored::Ok(b) => {
            let (r, o) = *b;
            match format {
                Format::Json => {
                    let j = output::scored(&scheme, &shown(scheme_path), &file, &r, &o);
                    println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
                }
                Format::Text => print!("{}", jixiao::text::explanation(&scheme, &r, &o, &file)),
            }
            u8::from(strict && !o.complete)
        }
    }
}
