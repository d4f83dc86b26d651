//! The checker as a reviewer: warnings about a scheme that compiles but is probably wrong.
//!
//! Each finding has a stable id (the list is [`LINTS`]), a place, a counterexample where one
//! exists and a hint. They run on a scheme without errors:
//!
//! - `reach`: value ranges propagated from the inputs' domains ([`crate::analysis`]):
//!   bands and grades with holes or overlaps, divisions by zero, points that cannot be reached,
//!   inputs and values that change nothing;
//! - `text`: the verbatim 评价标准 against the numbers of the compiled rule;
//! - `names`: names that differ only by characters that look alike, and mixed scripts.
//!
//! A warning is silenced where it occurs by `允许 id "理由"` (`allow`).

pub mod allow;
mod error;
mod names;
pub(crate) mod reach;
mod text;

use crate::base::diag::Diag;
use crate::ir::Scheme;
use crate::syntax::ast;

pub use error::Lint;

/// Every warning id, with what it finds.
pub const LINTS: &[(&str, &str)] = &[
    ("band-gap", "分档之间有空档：某些值没有分档命中"),
    ("band-overlap", "两档重叠：同一个值同时命中两档"),
    ("band-unreachable", "某一档在值的可能范围内永远不会命中"),
    ("grade-gap", "等级没有覆盖 0 到满分的全部总分"),
    ("grade-overlap", "两个等级的区间重叠"),
    ("grade-unreachable", "某个等级永远不会出现"),
    ("div-zero", "除数可能为 0，且方案没有为它写特殊情形"),
    ("best-unreachable", "规则在值的可能范围内拿不到满分"),
    (
        "floor-unreachable",
        "标准写“扣完为止”，但扣分永远扣不到下限",
    ),
    ("exceeds-points", "规则算出的分数会超过指标分值"),
    ("constant-score", "指标在任何数据下得分都一样"),
    ("unused-input", "声明了但没有任何指标用到的输入"),
    ("unused-value", "定义了但没有任何指标用到的值"),
    ("no-effect", "输入的取值不会改变任何得分"),
    ("text-number", "评价标准中的数与规则中的数不一致"),
    ("text-inclusive", "评价标准的“（含）”与规则区间的开闭不一致"),
    (
        "lookalike-name",
        "两个名称只差形近字符（全角/半角、形近字母）",
    ),
    ("mixed-script", "一个名称混用了不同文字的字母"),
    (
        "too-complex",
        "方案过于复杂，分析超过工作量上限，未做完整审阅",
    ),
    ("unknown-lint", "`允许` 写了不存在的警告名"),
    ("unused-allow", "`允许` 所在处没有这个警告"),
    ("allow-reason", "`允许` 没有写理由"),
];

/// Whether `id` names a warning that `允许` may silence.
pub fn is_lint(id: &str) -> bool {
    LINTS.iter().any(|(l, _)| *l == id)
}

/// The warnings of a scheme without errors, minus those allowed where they occur.
pub fn run(scheme: &Scheme, file: &ast::File) -> Vec<Diag> {
    let mut diags = Vec::new();
    let decls = indicator_decls(file);
    let analyzer = crate::analysis::Analyzer::new(scheme);
    // The indicator being analysed when the work budget ran out, if it did.
    let mut coarse_from = None;
    let reach: Vec<_> = scheme
        .nodes
        .iter()
        .map(|n| {
            let r = n.leaf.as_ref().map(|l| analyzer.leaf(l, n.weight));
            if coarse_from.is_none() && analyzer.exhausted() {
                coarse_from = Some(n);
            }
            r
        })
        .collect();
    reach::run(scheme, &analyzer, &reach, file, &decls, &mut diags);
    if analyzer.exhausted() {
        // Ran out after the leaves (finding what each input changes): the last leaf.
        let at = coarse_from.or_else(|| scheme.nodes.iter().rev().find(|n| n.leaf.is_some()));
        if let Some(n) = at {
            diags.push(Diag::new(
                Lint::TooComplex {
                    name: n.name.clone(),
                    steps: analyzer.budget(),
                },
                n.span,
            ));
        }
    }
    text::run(scheme, &reach, &decls, &mut diags);
    names::run(file, &mut diags);
    allow::apply(file, diags)
}

/// The indicator declarations in the scheme's node order (depth-first, as the checker builds
/// nodes), so that node `i` of the scheme was written at `decls[i]`.
fn indicator_decls(file: &ast::File) -> Vec<&ast::IndicatorDecl> {
    fn walk<'a>(d: &'a ast::IndicatorDecl, out: &mut Vec<&'a ast::IndicatorDecl>) {
        out.push(d);
        for c in &d.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for item in &file.items {
        if let ast::Item::Indicator(d) = item {
            walk(d, &mut out);
        }
    }
    out
}
