//! The checker as a reviewer: warnings about a scheme that compiles but is probably wrong.
//!
//! Each finding has a stable id (the list is [`LINTS`]), a place, a counterexample where one
//! exists and a hint. They run on a scheme without errors:
//!
//! - [`reach`]: value ranges propagated from the inputs' domains ([`crate::analysis`]):
//!   bands and grades with holes or overlaps, divisions by zero, points that cannot be reached,
//!   inputs and values that change nothing;
//! - [`text`]: the verbatim 评价标准 against the numbers of the compiled rule;
//! - [`names`]: names that differ only by characters that look alike, and mixed scripts.
//!
//! A warning is silenced where it occurs by `允许 id "理由"` ([`allow`]).

mod allow;
mod names;
mod reach;
mod text;

use crate::base::diag::Diag;
use crate::ir::Scheme;
use crate::syntax::ast;

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
    let reach: Vec<_> = scheme
        .nodes
        .iter()
        .map(|n| n.leaf.as_ref().map(|l| analyzer.leaf(l, n.weight)))
        .collect();
    reach::run(scheme, &analyzer, &reach, file, &decls, &mut diags);
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

/// The reviewer's findings.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Lint {
    /// Values in range that no band covers.
    #[error("`{name}`：值为 {example} 时没有分档命中")]
    #[diagnostic(severity(Warning), code("band-gap"), help("{help}"))]
    BandGap {
        /// The indicator.
        name: String,
        /// A value in the hole.
        example: String,
        /// What to do.
        help: String,
    },
    /// A value that two bands cover.
    #[error("`{name}`：值为 {example} 时第{first}档和第{second}档同时命中")]
    #[diagnostic(
        severity(Warning),
        code("band-overlap"),
        help("分档不应重叠；现在按先写的第{first}档计分。调整区间端点的开闭，如 `(10%, 20%]` 与 `(20%, 30%]`")
    )]
    BandOverlap {
        /// The indicator.
        name: String,
        /// A value in both.
        example: String,
        /// The earlier band (1-based).
        first: usize,
        /// The later band (1-based).
        second: usize,
    },
    /// A band no value reaches.
    #[error("`{name}` 的第{index}档永远不会命中")]
    #[diagnostic(severity(Warning), code("band-unreachable"), help("{help}"))]
    BandUnreachable {
        /// The indicator.
        name: String,
        /// The band (1-based).
        index: usize,
        /// Why.
        help: String,
    },
    /// Totals with no grade.
    #[error("总分为 {example} 时没有等级")]
    #[diagnostic(
        severity(Warning),
        code("grade-gap"),
        help("等级应覆盖全部可能的总分（{range}）；缺：{gaps}。总分可以有小数，`[80, 89]` 与 `[90, 100]` 之间留下了 89.5 这样的空档，应写成 `[80, 90)`")
    )]
    GradeGap {
        /// A total in the hole.
        example: String,
        /// The holes.
        gaps: String,
        /// The possible totals.
        range: String,
    },
    /// A total that two grades cover.
    #[error("总分为 {example} 时等级“{first}”和“{second}”同时命中")]
    #[diagnostic(
        severity(Warning),
        code("grade-overlap"),
        help("等级区间不应重叠；现在按先写的“{first}”评定。调整区间端点的开闭")
    )]
    GradeOverlap {
        /// A total in both.
        example: String,
        /// The earlier grade.
        first: String,
        /// The later grade.
        second: String,
    },
    /// A grade no total reaches.
    #[error("等级“{name}”永远不会出现")]
    #[diagnostic(severity(Warning), code("grade-unreachable"), help("{help}"))]
    GradeUnreachable {
        /// The grade.
        name: String,
        /// Why.
        help: String,
    },
    /// A divisor that can be zero.
    #[error("除数 `{divisor}` 可能为 0{example}")]
    #[diagnostic(
        severity(Warning),
        code("div-zero"),
        help("在规则前写特殊情形，如 `若 {divisor} = 0 则 …`，或把输入声明为 `>0`；确实不会为 0 时写 `允许 div-zero \"理由\"`")
    )]
    DivZero {
        /// The divisor as written.
        divisor: String,
        /// `（例：a = 0 时）` or empty.
        example: String,
    },
    /// A rule that cannot give full points.
    #[error("`{name}` 的规则最高只能得 {best} 分，达不到分值 {weight} 分")]
    #[diagnostic(
        severity(Warning),
        code("best-unreachable"),
        help("规则所计的值可能的范围是 {range}（由输入的声明和前面的特殊情形得出）；检查标准值、分档或输入的范围")
    )]
    BestUnreachable {
        /// The indicator.
        name: String,
        /// The best score reachable.
        best: String,
        /// The indicator's points.
        weight: String,
        /// The subject's range.
        range: String,
    },
    /// 扣完为止 that can never happen.
    #[error("`{name}` 的标准写“扣完为止”，但最多只能扣到 {worst} 分（值为 {example} 时）")]
    #[diagnostic(
        severity(Warning),
        code("floor-unreachable"),
        help("规则所计的值可能的范围是 {range}，在此范围内扣分到不了下限 {floor} 分；检查每档扣分和标准值")
    )]
    FloorUnreachable {
        /// The indicator.
        name: String,
        /// The lowest reachable score.
        worst: String,
        /// The value giving it.
        example: String,
        /// The subject's range.
        range: String,
        /// The floor.
        floor: String,
    },
    /// A rule whose raw score exceeds the points.
    #[error("`{name}` 的规则在值为 {example} 时算得 {raw} 分，超过分值 {weight} 分")]
    #[diagnostic(
        severity(Warning),
        code("exceeds-points"),
        help("超出的部分会按分值截去；检查封顶比例或各档分数")
    )]
    ExceedsPoints {
        /// The indicator.
        name: String,
        /// The value.
        example: String,
        /// The raw score.
        raw: String,
        /// The points.
        weight: String,
    },
    /// A leaf that always scores the same.
    #[error("`{name}` 在任何数据下都得 {score} 分")]
    #[diagnostic(
        severity(Warning),
        code("constant-score"),
        help("这个指标区分不了好坏；检查标准值、分档、特殊情形和输入的范围")
    )]
    ConstantScore {
        /// The indicator.
        name: String,
        /// The score.
        score: String,
    },
    /// An input nothing reads.
    #[error("输入 `{name}` 没有被任何指标用到")]
    #[diagnostic(
        severity(Warning),
        code("unused-input"),
        help("删去这个输入，或在指标的公式中用到它；否则各部门要填一个不计分的数")
    )]
    UnusedInput {
        /// The input.
        name: String,
    },
    /// A value nothing reads.
    #[error("值 `{name}` 没有被任何指标用到")]
    #[diagnostic(
        severity(Warning),
        code("unused-value"),
        help("删去它，或在指标中用 `值 {name}` 计分")
    )]
    UnusedValue {
        /// The value.
        name: String,
    },
    /// An input that changes no score.
    #[error("输入 `{name}` 的取值不会改变任何得分")]
    #[diagnostic(severity(Warning), code("no-effect"), help("{help}"))]
    NoEffect {
        /// The input.
        name: String,
        /// Where it is read.
        help: String,
    },
    /// A number of the rule that the text does not state.
    #[error("`{name}` 的{role}是 {rule}，{text}")]
    #[diagnostic(
        severity(Warning),
        code("text-number"),
        help("评价标准照录原文，规则要与它一致：改正规则中的数；若原文确有笔误，写 `允许 text-number \"理由\"` 说明按什么执行")
    )]
    TextNumber {
        /// The indicator.
        name: String,
        /// What the number is (扣分, 档距, 标准值, 档的端点, 分数).
        role: &'static str,
        /// The rule's number.
        rule: String,
        /// What the text says.
        text: String,
    },
    /// （含） on the other side.
    #[error("`{name}` 的评价标准写“{quote}”，含 {value}；规则的 `{band}` 不含 {value}")]
    #[diagnostic(
        severity(Warning),
        code("text-inclusive"),
        help("“（含）”表示端点属于这一档：端点含在档内写方括号 `[`/`]`，不含写圆括号 `(`/`)`")
    )]
    TextInclusive {
        /// The indicator.
        name: String,
        /// The text around （含）.
        quote: String,
        /// The end point.
        value: String,
        /// The band as written.
        band: String,
    },
    /// Two names that look the same.
    #[error("名称 `{name}` 与 `{other}` 只差形近字符")]
    #[diagnostic(severity(Warning), code("lookalike-name"), help("{help}"))]
    LookalikeName {
        /// This name.
        name: String,
        /// The earlier one.
        other: String,
        /// Which characters differ.
        help: String,
    },
    /// A name mixing scripts.
    #[error("名称 `{name}` 混用了{scripts}的字母")]
    #[diagnostic(
        severity(Warning),
        code("mixed-script"),
        help("其中的外文字母看起来与拉丁字母相同，但是不同的字符；统一用一种写法")
    )]
    MixedScript {
        /// The name.
        name: String,
        /// The scripts.
        scripts: String,
    },
    /// `允许` of an id that is no warning.
    #[error("没有名为 `{id}` 的警告")]
    #[diagnostic(severity(Warning), code("unknown-lint"), help("{help}"))]
    UnknownLint {
        /// The id.
        id: String,
        /// A suggestion.
        help: String,
    },
    /// `允许` that silences nothing.
    #[error("`允许 {id}` 没有用上：这里没有这个警告")]
    #[diagnostic(
        severity(Warning),
        code("unused-allow"),
        help("问题已经改正时删去这一行，免得以后真出现时被掩盖")
    )]
    UnusedAllow {
        /// The id.
        id: String,
    },
    /// `允许` without a reason.
    #[error("`允许 {id}` 没有写理由")]
    #[diagnostic(
        severity(Warning),
        code("allow-reason"),
        help("写明为什么这里可以不改，如 `允许 {id} \"调整后预算为零的部门不参与评价\"`；没有理由的允许不生效")
    )]
    AllowReason {
        /// The id.
        id: String,
    },
}
