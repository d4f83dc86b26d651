//! `jixiao check`.

use std::path::PathBuf;

use jixiao::base::diag::{render_all, DiagJson};
use jixiao::{compile, Severity, Sources};

use super::Exit;
use super::{read_text, shown, Format};

/// Checks each scheme; exit 0 when clean, 1 on errors (or warnings when denied).
pub fn run(paths: &[PathBuf], format: Format, deny_warnings: bool) -> Exit {
    let mut failed = false;
    let mut all_json: Vec<DiagJson> = Vec::new();
    let mut text = String::new();
    for path in paths {
        let src = match read_text(path) {
            Ok(s) => s,
            Err(m) => {
                eprintln!("错误：{m}");
                failed = true;
                continue;
            }
        };
        let mut sources = Sources::new();
        let file = sources.add(shown(path), &src);
        let compiled = compile(&sources, file, &mut super::FsLoader);
        let errors = compiled
            .diags
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        let warnings = compiled
            .diags
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
            .count();
        if errors > 0 || (deny_warnings && warnings > 0) {
            failed = true;
        }
        match format {
            Format::Json => {
                all_json.extend(compiled.diags.iter().map(|d| d.to_json(&compiled.sources)))
            }
            Format::Text => {
                text.push_str(&render_all(&compiled.diags, &compiled.sources));
                match &compiled.scheme {
                    Some(s) if warnings == 0 => {
                        let inputs = s.inputs.iter().filter(|i| !i.row).count();
                        let rows = s.nodes.iter().filter(|n| n.rows.is_some()).count();
                        let mut form = if rows > 0 {
                            format!("，其中 {rows} 类的三级指标由报告逐行填列")
                        } else {
                            String::new()
                        };
                        if let [.., base, _] = s.layers.as_slice() {
                            form.push_str(&format!(
                                "；基于 {}",
                                compiled.sources.get(base.file).name
                            ));
                        }
                        text.push_str(&format!(
                            "{}：检查通过（{}，{} 个指标，{inputs} 个输入{form}）\n",
                            shown(path),
                            s.title,
                            s.nodes.len(),
                        ))
                    }
                    Some(_) => text.push_str(&format!("{}：{} 个警告\n", shown(path), warnings)),
                    None => text.push_str(&format!(
                        "{}：{} 个错误，{} 个警告\n",
                        shown(path),
                        errors,
                        warnings
                    )),
                }
            }
        }
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&all_json).unwrap_or_default()
        ),
        Format::Text => print!("{text}"),
    }
    Exit::failed_if(failed)
}
