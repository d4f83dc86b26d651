//! `jixiao template SCHEME [--xlsx FILE]`.

use std::path::Path;

use super::{load_scheme, shown, Exit};

/// Prints a blank report for the scheme, or writes the workbook a department fills.
pub fn run(path: &Path, xlsx: Option<&Path>, force: bool) -> Exit {
    let s = match load_scheme(path) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(out) = xlsx else {
        super::emit(&jixiao::render::text::template(&s));
        return Exit::Done;
    };
    if !out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        sayln!("错误：填报表须写成 .xlsx 文件，`{}` 不是", shown(out));
        return Exit::Usage;
    }
    if out.exists() && !force {
        sayln!(
            "错误：`{}` 已存在（可能是填好的表），未覆盖；要覆盖请加 --force",
            shown(out)
        );
        return Exit::Usage;
    }
    let bytes = match jixiao::render::xlsx::template(&s) {
        Ok(b) => b,
        Err(e) => {
            sayln!("错误：无法生成填报表：{e}");
            return Exit::Usage;
        }
    };
    let code = super::files::write_out(out, &bytes, "");
    if code == Exit::Done {
        sayln!(
            "黄色格子填写后，用 `jixiao score {} {}` 计分，或 `jixiao import {}` 转成 YAML",
            shown(path),
            shown(out),
            shown(out)
        );
    }
    code
}
