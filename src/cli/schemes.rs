//! Loading `SCHEME` from the command line: a scheme file, or a folder of schemes by year.

use std::path::{Path, PathBuf};

use jixiao::workflow::schemes::{Loaded, SchemeSet};

use super::Exit;
use super::{load_scheme, shown};

/// Loads a scheme file or every `.jx` file of a folder; prints diagnostics. `Err(code)` when a
/// scheme has errors or two schemes of the folder claim the same year.
pub fn load(path: &Path) -> Result<SchemeSet, Exit> {
    if !path.is_dir() {
        return load_scheme(path).map(|scheme| SchemeSet::single(Loaded::new(shown(path), scheme)));
    }
    let dir = shown(path);
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| {
            sayln!("错误：无法读取文件夹 `{dir}`：{e}");
            Exit::Usage
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jx") && p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        sayln!("错误：文件夹 `{dir}` 中没有方案文件（.jx）");
        return Err(Exit::Usage);
    }
    let mut all = Vec::new();
    let mut failed = false;
    for f in &files {
        match load_scheme(f) {
            Ok(scheme) => all.push(Loaded::new(shown(f), scheme)),
            Err(_) => failed = true,
        }
    }
    if failed {
        return Err(Exit::Invalid);
    }
    SchemeSet::by_year(dir, all).map_err(|overlap| {
        let help = miette::Diagnostic::help(&*overlap)
            .map(|h| h.to_string())
            .unwrap_or_default();
        sayln!("错误：{overlap}\n  提示：{help}");
        Exit::Invalid
    })
}
