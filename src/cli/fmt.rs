//! `jixiao fmt`: rewrites scheme files in the canonical layout ([`jixiao::syntax::format`]).

use std::path::PathBuf;

use jixiao::Sources;

use super::files::Kind;
use super::{read_text, shown, Exit};

/// What `fmt` does with a file whose layout is not the canonical one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Rewrite it in place.
    Write,
    /// Name it; write nothing.
    Check,
    /// Show the change as a unified diff; write nothing.
    Diff,
    /// Name it and show the change; write nothing.
    CheckDiff,
}

/// Formats each scheme named (a folder: every `.jx` in it and its sub-folders).
///
/// Exit codes: 0 done (under `--check`: every file already formatted); 1 a file does not
/// parse (left as it was), or under `--check` a file would change; 2 a file cannot be read or
/// written, or no scheme was named.
pub fn run(paths: &[PathBuf], mode: Mode) -> Exit {
    let files = match schemes(paths) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let (mut changed, mut broken, mut unreadable) = (0usize, 0usize, 0usize);
    for path in &files {
        let text = match read_text(path, Kind::Scheme) {
            Ok(t) => t,
            Err(m) => {
                sayln!("错误：{m}");
                unreadable += 1;
                continue;
            }
        };
        let mut sources = Sources::new();
        let file = sources.add(shown(path), &text);
        let formatted = match jixiao::syntax::format(&sources, file) {
            Ok(f) => f,
            Err(diags) => {
                say!("{}", jixiao::base::diag::render_all(&diags, &sources));
                sayln!("`{}` 有语法错误，未排版", shown(path));
                broken += 1;
                continue;
            }
        };
        // The byte-order mark Sources dropped is written back.
        let bom = if text.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let formatted = format!("{bom}{formatted}");
        if formatted == text {
            continue;
        }
        changed += 1;
        if matches!(mode, Mode::Check | Mode::CheckDiff) {
            super::emit(&format!("`{}` 需要排版\n", shown(path)));
        }
        if matches!(mode, Mode::Diff | Mode::CheckDiff) {
            super::emit(&diff(&shown(path), &text, &formatted));
        }
        if mode == Mode::Write {
            if let Err(e) = std::fs::write(path, formatted.as_bytes()) {
                sayln!(
                    "错误：无法写出 `{}`：{}",
                    shown(path),
                    super::files::write_reason(&e)
                );
                unreadable += 1;
                changed -= 1;
            }
        }
    }
    let total = files.len();
    let same = total - changed - broken - unreadable;
    let done = match mode {
        Mode::Write => format!("已排版 {changed} 个文件"),
        _ => format!("{changed} 个文件需要排版"),
    };
    let mut tail = vec![format!("{same} 个原已是标准格式")];
    if broken > 0 {
        tail.push(format!("{broken} 个有语法错误未排版"));
    }
    if unreadable > 0 {
        tail.push(format!("{unreadable} 个无法读写"));
    }
    sayln!("{done}（共 {total} 个方案：{}）", tail.join("，"));
    if unreadable > 0 {
        Exit::Usage
    } else {
        Exit::failed_if(
            broken > 0 || (changed > 0 && matches!(mode, Mode::Check | Mode::CheckDiff)),
        )
    }
}

/// The change as a unified diff, old above new.
fn diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{name}（原文）"), &format!("{name}（排版后）"))
        .to_string()
}

/// The scheme files named: files as given, folders walked for `.jx` files (sorted, each real
/// file once, as report folders are walked).
fn schemes(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Exit> {
    for p in paths {
        if !p.is_dir() && super::files::is_report(p) {
            sayln!(
                "错误：`{}` 是报告，不是方案：`jixiao fmt` 排版方案（.jx 文件）",
                shown(p)
            );
            return Err(Exit::Usage);
        }
    }
    let found = super::files::walk_files(paths, |p| p.extension().is_some_and(|x| x == "jx"));
    for note in &found.notes {
        sayln!("提示：{note}");
    }
    if found.files.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| shown(p)).collect();
        sayln!("错误：{} 中没有方案文件（.jx）", named.join("、"));
        return Err(Exit::Usage);
    }
    Ok(found.files)
}
