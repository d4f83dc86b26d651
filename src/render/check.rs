//! `jixiao check` in words: every finding with its excerpt, then a line per scheme file.

use crate::base::diag::{render_all, Severity};
use crate::workflow::compile::Compiled;

/// How many errors and warnings a check found.
pub fn counts(compiled: &Compiled) -> (usize, usize) {
    let count = |s: Severity| compiled.diags.iter().filter(|d| d.severity() == s).count();
    (count(Severity::Error), count(Severity::Warning))
}

/// The findings of one scheme file (`file` as shown), then its verdict:
/// `2020.jx：检查通过（部门整体…，25 个指标，25 个输入）`, `… 2 个警告`, `… 1 个错误，0 个警告`.
pub fn check(file: &str, compiled: &Compiled) -> String {
    let mut out = render_all(&compiled.diags, &compiled.sources);
    let (errors, warnings) = counts(compiled);
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
                form.push_str(&format!("；基于 {}", compiled.sources.get(base.file).name));
            }
            out.push_str(&format!(
                "{file}：检查通过（{}，{} 个指标，{inputs} 个输入{form}）\n",
                s.title,
                s.nodes.len(),
            ))
        }
        Some(_) => out.push_str(&format!("{file}：{warnings} 个警告\n")),
        None => out.push_str(&format!("{file}：{errors} 个错误，{warnings} 个警告\n")),
    }
    out
}
