//! `jixiao check`.

use std::path::PathBuf;

use jixiao::base::diag::DiagJson;
use jixiao::{compile, Sources};

use super::files::Kind;
use super::Exit;
use super::{read_text, shown, Format};

/// Checks each scheme; exit 0 when clean, 1 on errors (or warnings when denied).
pub fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> Exit {
    let mut failed = false;
    let mut all_json: Vec<DiagJson> = Vec::new();
    let mut text = String::new();
    for path in paths {
        if super::files::is_report(path) {
            sayln!(
                "错误：`{}` 是报告，不是方案：`jixiao check` 检查方案（.jx 文件）\n  提示：给报告计分请写 `jixiao score 方案.jx {}`",
                shown(path),
                shown(path)
            );
            failed = true;
            continue;
        }
        let src = match read_text(path, Kind::Scheme) {
            Ok(s) => s,
            Err(m) => {
                sayln!("错误：{m}");
                failed = true;
                continue;
            }
        };
        let mut sources = Sources::new();
        let file = sources.add(shown(path), &src);
        let compiled = compile(&sources, file, &mut super::FsLoader);
        let (errors, warnings) = jixiao::render::check::counts(&compiled);
        if errors > 0 || (deny_warnings && warnings > 0) {
            failed = true;
        }
        match format {
            Format::Json => {
                all_json.extend(compiled.diags.iter().map(|d| d.to_json(&compiled.sources)))
            }
            Format::Text => text.push_str(&jixiao::render::check::check(&shown(path), &compiled)),
        }
    }
    match format {
        Format::Json => super::emit(&format!(
            "{}
",
            serde_json::to_string_pretty(&all_json).unwrap_or_default()
        )),
        Format::Text => super::emit(&text),
    }
    Exit::failed_if(failed)
}
