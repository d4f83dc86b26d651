//! The completion tiers of a self-evaluation form (`完成档次`): the tier a completion
//! percentage falls in, and the tier an actual names in words.

use rust_decimal::Decimal;

use crate::ir::Form;

/// The completion tier an actual names in the words of 财预〔2020〕10号 (达成预期指标,
/// 部分达成预期指标并具有一定效果, 未达成预期指标且效果较差), in short (达成, 部分达成, 未达成)
/// or as 全部达成, 基本达成, 全部或基本达成 (all 达成): the longest tier name the words start
/// with, so that 部分达成 and 未达成 are never taken for 达成.
pub fn tier_of_words(form: &Form, text: &str) -> Option<usize> {
    let mut t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"。.，,、；;".contains(*c))
        .collect();
    for full in ["全部或基本达成", "全部达成", "基本达成"] {
        if let Some(rest) = t.strip_prefix(full) {
            t = format!("达成{rest}");
        }
    }
    let rest_ok = |rest: &str| {
        let rest = ["预期指标", "预期目标", "指标", "目标"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest);
        rest.is_empty()
            || ["并具有一定效果", "且效果较差", "并取得一定效果", "效果较差"].contains(&rest)
    };
    form.tiers
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| t.strip_prefix(name.as_str()).is_some_and(rest_ok))
        .max_by_key(|(_, (name, _))| name.chars().count())
        .map(|(i, _)| i)
}

/// The tier a completion percentage falls in.
pub fn tier(form: &Form, c: Decimal) -> Option<&str> {
    form.tiers
        .iter()
        .find(|(_, r)| r.contains(c))
        .map(|(n, _)| n.as_str())
}
