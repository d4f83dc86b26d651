//! `jixiao score` and `jixiao explain`: every report is read and scored on its own, so one
//! bad report never stops the others.

use std::path::{Path, PathBuf};

use jixiao::batch::{self, Invalid, Scoring};
use jixiao::output::{self, InvalidJson};
use jixiao::report::{self, ReadOptions};

use super::schemes::{Loaded, Schemes};
use super::{read_text, shown, Format};

/// Reads the report at `path` and scores it with the scheme in force for it (for a folder of
/// schemes, the one of its 年度). The scheme is `None` when the report was never read.
pub fn score_path<'s>(
    schemes: &'s Schemes,
    path: &Path,
    strict: bool,
) -> (Scoring, Option<&'s Loaded>) {
    let file = shown(path);
    let text = match read_text(path) {
        Ok(t) => t,
        Err(m) => {
            let inv = Invalid::one(&file, "report-file", m, None);
            return (Scoring::failed(&file, inv), None);
        }
    };
    let loaded = match schemes.pick(report::yaml::peek_year(&text)) {
        Ok(l) => l,
        Err(m) => {
            let help = "要用某一方案计分，直接写出它的文件名，如 `jixiao score 方案文件夹/2020.jx 报告.yaml`";
            let inv = Invalid::one(
                &file,
                "scheme-year",
                format!("`{file}`：{m}"),
                Some(help.into()),
            );
            return (Scoring::failed(&file, inv), None);
        }
    };
    let scoring = batch::score(&loaded.scheme, &file, &text, ReadOptions { strict });
    (scoring, Some(loaded))
}

/// Prints a report's diagnostics to stderr, and that it was not scored when invalid.
pub fn print_problems(s: &Scoring) {
    eprint!("{}", s.rendered);
    if let Err(inv) = &s.result {
        if s.rendered.is_empty() {
            for d in &inv.diagnostics {
                eprintln!("错误：{}", d.message);
                if let Some(h) = &d.help {
                    eprintln!("  提示：{h}");
                }
            }
        } else {
            eprintln!("报告 `{}` 无效，未计分", s.file);
        }
    }
}

fn invalid_json(file: &str, inv: Invalid) -> InvalidJson {
    InvalidJson {
        file: file.to_string(),
        valid: false,
        diagnostics: inv.diagnostics,
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
        let (scoring, loaded) = score_path(&schemes, path, strict);
        if format == Format::Text {
            print_problems(&scoring);
        }
        let (r, o, loaded) = match (scoring.result, loaded) {
            (Ok((r, o)), Some(l)) => (r, o, l),
            (Err(inv), _) => {
                code = 1;
                if format == Format::Json {
                    json.push(serde_json::to_value(invalid_json(&file, inv)).unwrap_or_default());
                }
                continue;
            }
            (Ok(_), None) => continue,
        };
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
    let (scoring, loaded) = score_path(&schemes, report_path, strict);
    if format == Format::Text {
        print_problems(&scoring);
    }
    match (scoring.result, loaded) {
        (Ok((r, o)), Some(loaded)) => {
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
        (Err(inv), _) => {
            if format == Format::Json {
                let j = invalid_json(&file, inv);
                println!("{}", serde_json::to_string_pretty(&j).unwrap_or_default());
            }
            1
        }
        (Ok(_), None) => 1,
    }
}
