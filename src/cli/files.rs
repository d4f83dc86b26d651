//! The file system: reading files as text, walking folders of reports, and the loader that
//! reads the files a scheme builds on (`基于`). The library never touches files itself.

use std::path::{Path, PathBuf};

use jixiao::Loader;

use super::Exit;

/// The report files under `dirs`, or [`Exit::Usage`] when there are none.
pub fn report_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, Exit> {
    let files = walk_reports(dirs);
    if files.is_empty() {
        eprintln!("错误：没有找到报告（.yaml、.yml 或 .json 文件）");
        return Err(Exit::Usage);
    }
    Ok(files)
}

/// The path as shown to the user.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// Reads a file as UTF-8 text, or a message in Chinese.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("找不到文件 `{}`", shown(path)),
        _ => format!("无法读取 `{}`：{e}", shown(path)),
    })?;
    match jixiao::base::source::decode(&bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!("`{}`：{e}", shown(path))),
    }
}

/// The report files named: files as given, folders walked (sorted, every `.yaml`, `.yml` or
/// `.json` at any depth). A path that does not exist is kept, so that reading it reports the error.
pub fn walk_reports(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            walk(a, &mut out);
        } else {
            out.push(a.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|e| x.eq_ignore_ascii_case(e))
        }) {
            out.push(p);
        }
    }
}

/// Reads from the file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsLoader;

impl Loader for FsLoader {
    fn read(&mut self, path: &Path) -> Result<String, String> {
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            _ => e.to_string(),
        })?;
        jixiao::base::source::decode(&bytes)
            .map(str::to_string)
            .map_err(|e| e.to_string())
    }

    fn key(&mut self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| jixiao::syntax::compose::normalize(path))
    }
}
