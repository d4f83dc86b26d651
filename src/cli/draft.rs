//! `jixiao draft FILE… [-o SCHEME.jx]`: a scheme drafted from a bureau's 评分表, with what
//! it read and what is left to decide.

use std::path::Path;

use super::Exit;

/// Drafts each file's 评分表: the scheme to `out` or standard output (one file), or into
/// the folder `out` as `<name>.jx` each (several files), the summary to standard error. 0 when
/// drafted, 1 when a file has no 评分表, 2 when a file cannot be read or the output cannot be
/// written.
pub fn run(files: &[std::path::PathBuf], out: Option<&Path>, force: bool) -> Exit {
    if files.len() > 1 {
        let Some(dir) = out.filter(|o| !o.is_file()) else {
            sayln!("错误：起草多个评分表时用 `-o 文件夹`，每个方案写成文件夹里的一个 .jx 文件（同时打印到屏幕会连成一个文件）");
            return Exit::Usage;
        };
        if let Err(e) = std::fs::create_dir_all(dir) {
            sayln!(
                "错误：无法建立文件夹 `{}`：{}",
                super::shown(dir),
                super::files::write_reason(&e)
            );
            return Exit::Usage;
        }
        let mut code = Exit::Done;
        // Two tables of one name (甲/表.csv, 乙/表.csv) are written as 表.jx and 表-2.jx.
        let mut written: Vec<std::path::PathBuf> = Vec::new();
        for path in files {
            let stem = path
                .file_stem()
                .map_or_else(|| "方案".into(), |s| s.to_string_lossy().into_owned());
            let mut target = dir.join(format!("{stem}.jx"));
            let mut k = 2;
            while written.contains(&target) {
                target = dir.join(format!("{stem}-{k}.jx"));
                k += 1;
            }
            written.push(target.clone());
            code = super::worst(code, run(std::slice::from_ref(path), Some(&target), force));
        }
        return code;
    }
    let mut code = Exit::Done;
    for path in files {
        let (doc, file) = match super::import::read_doc(path) {
            Ok(d) => d,
            Err(m) => {
                sayln!("错误：{m}");
                code = super::worst(code, Exit::Usage);
                continue;
            }
        };
        let draft = match jixiao::draft::draft(&doc, &file) {
            Ok(d) => d,
            Err(m) => {
                sayln!("错误：`{file}`：{m}");
                code = super::worst(code, Exit::Invalid);
                continue;
            }
        };
        match out {
            Some(o) => {
                if o.exists() && !force {
                    sayln!(
                        "错误：`{}` 已存在，没有覆盖；要覆盖请加 `--force`",
                        super::shown(o)
                    );
                    return Exit::Usage;
                }
                if let Err(e) = std::fs::write(o, &draft.text) {
                    sayln!(
                        "错误：无法写入 `{}`：{}",
                        super::shown(o),
                        super::files::write_reason(&e)
                    );
                    return Exit::Usage;
                }
            }
            None => print!("{}", draft.text),
        }
        say_summary(&file, out, &draft.summary);
    }
    code
}

/// What was read and what is left to decide, on standard error.
fn say_summary(file: &str, out: Option<&Path>, s: &jixiao::draft::Summary) {
    let to = out.map_or(String::new(), |o| format!("，写入 `{}`", super::shown(o)));
    sayln!(
        "`{file}`：读出 {} 个指标（{} 个末级），认出 {} 条规则，需要决定 {} 处{to}",
        s.indicators,
        s.leaves,
        s.recognised,
        s.decisions.len()
    );
    for d in &s.decisions {
        sayln!("  待定 {}：{}", d.indicator, d.question);
    }
    for sum in &s.sums {
        sayln!("  分值不相加：{sum}");
    }
    if !s.decisions.is_empty() {
        sayln!("每个待定选定一种读法：在编辑器里用快速修复“采用读法”，或把读法照写在待定处（其中的“输入”行写到输入一节）并删去待定；`jixiao check` 通过后方案才能使用");
    }
}
