//! The columns of a form's rows under the names the provinces print them with: one table of
//! aliases (the form each comes from beside it), the folding of a printed header before it is
//! matched, and the column an unknown header looks like ("是否想写 …").

use crate::base::names::suggest;

/// A row's columns, each with the other names the provinces' printed forms give it (the
/// form each comes from in the comment). A header is matched after [`column_key`]: full-width
/// forms folded, blanks removed, and a bracketed tag at its end dropped (`指标值（A）`,
/// `指标权重（分）`).
pub(super) const KEYS: [(&str, &[&str]); 12] = [
    // 黄冈 forms: 年度绩效目标1 / 年度绩效目标2, each a block with its own categories.
    ("绩效目标", &["年度绩效目标", "分目标", "绩效目标名称"]),
    ("一级", &["一级指标"]),
    ("二级", &["二级指标"]),
    ("三级", &["三级指标"]),
    (
        "分值",
        &[
            "权重",     // 四川 项目支出绩效自评表
            "指标权重", // 重庆 指标权重（分）
            "指标分值",
        ],
    ),
    (
        "指标值",
        &[
            "年度指标值", // 财预〔2020〕10号 附件 项目支出绩效自评表
            "年初目标值", // 湖北 年初目标值（A）
            "年度目标值",
            "目标值",
        ],
    ),
    (
        "完成值",
        &[
            "实际完成值", // 财预〔2020〕10号；湖北 实际完成值（B）
            "全年完成值", // 部门整体支出绩效自评表
            "全年实际完成值",
            "实际值",
        ],
    ),
    ("完成比例", &["完成率"]), // 云南、安徽 完成率（%）
    (
        "自评得分",
        &[
            "得分", // 财预〔2020〕10号
            "自评分",
        ],
    ),
    (
        "偏差原因",
        &[
            "偏差原因分析及改进措施", // 财预〔2020〕10号
            "未完成原因和改进措施",   // 湖南、河北
            "未完成原因",
            "偏差原因及改进措施",
        ],
    ),
    (
        "指标性质",
        &[
            "指标方向", // 四川、云南 指标性质（＝/≥/≤）；重庆 指标方向（正向/反向）
            "方向",
            "指标属性",
        ],
    ),
    ("度量单位", &["计量单位", "单位（量）"]), // 云南、四川 度量单位
];

/// A printed header as the table above matches it: NFKC (full-width letters and brackets
/// folded), blanks removed, and a short bracketed tag at its end dropped when what is left
/// names a column (`指标值（A）`, `分值（分）`, `完成率（%）`).
fn column_key(key: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = key.nfkc().filter(|c| !c.is_whitespace()).collect();
    if let Some(open) = folded.rfind('(').filter(|_| folded.ends_with(')')) {
        let tag = &folded[open + 1..folded.len() - 1];
        let head = &folded[..open];
        if tag.chars().count() <= 4 && !head.is_empty() && named(head).is_some() {
            return head.to_string();
        }
    }
    folded
}

/// The column `key` (already folded) names exactly.
fn named(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|(k, alts)| *k == key || alts.contains(&key))
        .map(|(k, _)| *k)
}

/// The column a key names, under any of its names.
pub(super) fn canonical(key: &str) -> Option<&'static str> {
    named(&column_key(key))
}

/// The column a header no column is named by looks like: by the words it holds (自评 → 自评得分,
/// 目标 → 指标值, 完成 → 完成值 …), else the nearest of every name of every column.
pub(super) fn column_guess(key: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str); 13] = [
        ("自评", "自评得分"),
        ("指标值", "指标值"),
        ("类型", "指标性质"),
        ("目标", "指标值"),
        ("计划", "指标值"),
        ("实际", "完成值"),
        ("完成", "完成值"),
        ("权重", "分值"),
        ("分值", "分值"),
        ("得分", "自评得分"),
        ("原因", "偏差原因"),
        ("性质", "指标性质"),
        ("单位", "度量单位"),
    ];
    let k = column_key(key);
    if let Some((_, column)) = WORDS.iter().find(|(w, _)| k.contains(w)) {
        return KEYS.iter().map(|(c, _)| *c).find(|c| c == column);
    }
    let names = KEYS
        .iter()
        .flat_map(|(k, alts)| std::iter::once(*k).chain(alts.iter().copied()));
    let hint = suggest(&k, names)?;
    // "是否想写 `年度指标值`？" → the column `年度指标值` names.
    let name = hint.split('`').nth(1)?;
    named(name)
}

/// "是否想写 `指标值`？" for a header no column is named by.
pub(super) fn column_hint(key: &str) -> Option<String> {
    column_guess(key).map(|c| format!("是否想写 `{c}`？"))
}
