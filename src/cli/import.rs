//! `jixiao import FILE… [-o DIR]`, and reading a report from an Excel, Word, CSV or text file
//! wherever a report is read (`score`, `explain`, `audit`, `test`, `replay`).
//!
//! A file holding several forms (附件 6: 自评表 1–4) is several reports: a folder walk lists
//! it once per form as `报告.docx#2`, and reading that name reads the second form.

use std::path::{Path, PathBuf};

use jixiao::grid::{self, Kind};
use jixiao::import::{self, yaml, Imported};

use super::{shown, Exit};

/// Whether a path names a file the table readers open (`.xlsx`, `.docx`, `.csv`, `.txt`).
pub fn is_table_file(p: &Path) -> bool {
    Kind::of(p).is_some()
}

/// `报告.docx#2` → (`报告.docx`, Some(2)), unless a file of that very name exists.
fn split_form(p: &Path) -> (PathBuf, Option<usize>) {
    if p.exists() {
        return (p.to_path_buf(), None);
    }
    let s = p.to_string_lossy();
    if let Some((base, n)) = s.rsplit_once('#') {
        if let Ok(n) = n.parse::<usize>() {
            if n > 0 && Kind::of(Path::new(base)).is_some() {
                return (PathBuf::from(base), Some(n));
            }
        }
    }
    (p.to_path_buf(), None)
}

/// Reads and imports a table file, or a message naming it.
fn read(path: &Path) -> Result<(Imported, String), String> {
    read_doc(path).map(|(doc, file)| (import::import(&doc), file))
}

/// Reads a table file into its tables.
pub(super) fn read_doc(path: &Path) -> Result<(grid::Document, String), String> {
    let file = shown(path);
    if let Some(help) = Kind::unsupported(path) {
        return Err(format!("无法读取 `{file}`：这种格式不能直接读；{help}"));
    }
    let kind = Kind::of(path).ok_or_else(|| {
        if path.is_dir() {
            format!("`{file}` 是文件夹，不是表格文件")
        } else {
            format!("`{file}` 不是表格文件（.xlsx、.docx、.csv、.txt）")
        }
    })?;
    let bytes = super::files::read_file_bytes(path, super::files::Kind::Table)?;
    let doc = grid::read(&file, kind, &bytes).map_err(|e| format!("{e}；{}", e.help))?;
    Ok((doc, file))
}

/// The YAML text of the report at `path` (`报告.docx#2` for a file's second form), read from
/// its tables; or a message saying why there is none.
pub fn report_text(path: &Path) -> Result<String, String> {
    let (base, n) = split_form(path);
    let (imported, file) = read(&base)?;
    let count = imported.reports.len();
    let pick = match (n, count) {
        (_, 0) => {
            return Err(format!(
                "`{file}` 中没有找到自评表或填报表（表头应有 三级指标、年度指标值、实际完成值 等栏目）；可用 `jixiao import {file}` 查看读到的内容"
            ))
        }
        (None, 1) => 0,
        (None, c) => {
            return Err(format!(
                "`{file}` 中有 {c} 份表，请写明哪一份，如 `{file}#1`（或用文件夹，逐份读取）"
            ))
        }
        (Some(k), c) if k <= c => k - 1,
        (Some(k), c) => return Err(format!("`{file}` 中只有 {c} 份表，没有第 {k} 份")),
    };
    Ok(yaml::write(&imported.reports[pick], &file))
}

/// The reports a list of files holds: a table file with several forms is listed once per
/// form (`报告.docx#1`, `#2` …); others as they are.
pub fn expand(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        if !is_table_file(&f) {
            out.push(f);
            continue;
        }
        match read(&f) {
            Ok((imported, _)) if imported.reports.len() > 1 => {
                for k in 1..=imported.reports.len() {
                    out.push(PathBuf::from(format!("{}#{k}", f.display())));
                }
            }
            _ => out.push(f),
        }
    }
    out
}

/// `jixiao import FILE… [-o DIR]`: prints what each file holds (to stderr) and the reports as
/// YAML (to stdout, or one file each in `out`). 0 when every file held a report, 1 when one
/// held none, 2 when one could not be read.
pub fn run(files: &[PathBuf], out: Option<&Path>, scheme: Option<&Path>, force: bool) -> Exit {
    // Names written in this run: a second source of the same stem gets its extension too.
    let mut written: Vec<PathBuf> = Vec::new();
    let scheme = match scheme.map(super::load_scheme).transpose() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut code = Exit::Done;
    let mut first = true;
    for path in files {
        let (doc, file) = match read_doc(path) {
            Ok(r) => r,
            Err(m) => {
                sayln!("错误：{m}");
                code = Exit::Usage;
                continue;
            }
        };
        let mut imported = import::import(&doc);
        // With a fixed-table scheme: what it needs that no table holds, with the sentences
        // that mention it (a report whose figures are in its prose gets a skeleton).
        if let Some(s) = scheme.as_ref().filter(|s| s.form.is_none()) {
            if imported.reports.is_empty() {
                imported.reports.push(import::needs::skeleton(&doc));
            }
            for r in &mut imported.reports {
                import::needs::list(&doc, s, r);
            }
        }
        let n = imported.reports.len();
        sayln!("`{file}`：找到 {n} 份报告");
        for note in &imported.notes {
            sayln!("  提示：{note}");
        }
        for (k, r) in imported.reports.iter().enumerate() {
            sayln!("  {}", summary(k + 1, r));
            if !r.needs.is_empty() {
                let with: usize = r.needs.iter().filter(|(_, c)| !c.is_empty()).count();
                sayln!(
                    "    方案需要而表中没有的输入 {} 项（其中 {with} 项在正文中有提到，候选句写在 YAML 的注释中，不自动填写）：{}",
                    r.needs.len(),
                    r.needs.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join("、")
                );
            }
        }
        for p in &imported.problems {
            sayln!("  未读：{file}{}：{}", p.place_text(), p.text);
        }
        if n == 0 {
            sayln!("  没有找到自评表（表头应有 三级指标、年度指标值、实际完成值 等栏目）或填报表（表头 输入、填写）");
            if code == Exit::Done {
                code = Exit::Invalid;
            }
        }
        for (k, r) in imported.reports.iter().enumerate() {
            let text = yaml::write(r, &file);
            match out {
                Some(dir) => {
                    let stem = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_else(|| "报告".into());
                    let name = if n > 1 {
                        format!("{stem}-{}", k + 1)
                    } else {
                        stem.clone()
                    };
                    let mut target = dir.join(format!("{name}.yaml"));
                    if written.contains(&target) {
                        let ext = path
                            .extension()
                            .map(|e| e.to_string_lossy().to_string())
                            .unwrap_or_default();
                        target = dir.join(format!("{name}-{ext}.yaml"));
                    }
                    if target.exists() && !force && !written.contains(&target) {
                        sayln!(
                            "  `{}` 已存在（可能已核对修改过），未覆盖；要覆盖请加 --force",
                            shown(&target)
                        );
                        code = Exit::Usage;
                        continue;
                    }
                    written.push(target.clone());
                    let _ = std::fs::create_dir_all(dir);
                    if super::files::write_out(&target, text.as_bytes(), "") != Exit::Done {
                        code = Exit::Usage;
                    }
                }
                None => {
                    if !first {
                        super::emit("---\n");
                    }
                    super::emit(&text);
                    first = false;
                }
            }
        }
    }
    code
}

/// `表 3 · 芷江侗族自治县工商业联合会 · 2023 年度 · 老工商业者及遗孀生活困难补助：7 行指标，预算 6 / 执行 6`.
fn summary(k: usize, r: &import::Report) -> String {
    let mut parts = vec![format!("{k}. {}", r.table)];
    parts.push(
        r.unit
            .as_ref()
            .map_or("（未找到单位）".into(), |u| u.text.clone()),
    );
    parts.push(
        r.year
            .as_ref()
            .map_or("（未找到年度）".into(), |(y, _)| format!("{y} 年度")),
    );
    if let Some(p) = &r.project {
        parts.push(p.text.clone());
    }
    let mut what = Vec::new();
    if r.table == "正文" {
        what.push("没有自评表或填报表，只有正文".to_string());
    } else if r.rows.is_empty() && r.data.is_empty() {
        what.push("空白表，没有填写任何指标行".to_string());
    }
    if !r.rows.is_empty() {
        what.push(format!("{} 行指标", r.rows.len()));
    }
    if !r.data.is_empty() {
        what.push(format!("{} 项输入", r.data.len()));
    }
    match &r.budget {
        Some((b, e)) => what.push(format!("全年预算数 {} / 全年执行数 {}", b.text, e.text)),
        None if !r.rows.is_empty() => what.push("未找到项目资金（全年预算数、全年执行数）".into()),
        None => {}
    }
    if let Some(t) = &r.self_total {
        what.push(format!("自评总分 {}", t.text));
    }
    if r.skipped > 0 && !r.data.is_empty()
        || r.skipped > 0 && r.rows.is_empty() && r.budget.is_none()
    {
        what.push(format!("{} 项未填", r.skipped));
    } else if r.skipped > 0 {
        what.push(format!("略去 {} 行空行", r.skipped));
    }
    format!("{}：{}", parts.join(" · "), what.join("，"))
}
