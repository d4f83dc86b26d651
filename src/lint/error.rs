//! The reviewer's findings: warnings about a scheme that compiles but is probably wrong, each
//! with its message, stable id and hint, and a snippet that triggers it.

/// The reviewer's findings.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Lint {
    /// Values in range that no band covers.
    ///
    /// ```text
    /// 分档 {
    ///   [90%, 100%]  5分
    ///   [80%, 90%)   3分
    ///   [0%, 70%)    0分    // 75% falls in no band
    /// }
    /// ```
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
    ///
    /// ```text
    /// 分档 {
    ///   (0%, 10%]   4分
    ///   [10%, 20%]  3分    // 10% is in both
    /// }
    /// ```
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
    ///
    /// ```text
    /// 输入 满意度：% [0, 100%]
    /// 分档 { …  [100%, 120%] 5分 }    // 满意度 never exceeds 100%
    /// ```
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
    ///
    /// ```text
    /// 等级 { 优秀 [90, 100]  良好 [80, 89]  … }    // 89.5 has no grade
    /// ```
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
    ///
    /// ```text
    /// 等级 { 优秀 ≥ 90  良好 [80, 90]  … }    // 90 is both
    /// ```
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
    ///
    /// ```text
    /// 满分 100分
    /// 等级 { 特优 > 100  … }    // no total exceeds 100
    /// ```
    #[error("等级“{name}”永远不会出现")]
    #[diagnostic(severity(Warning), code("grade-unreachable"), help("{help}"))]
    GradeUnreachable {
        /// The grade.
        name: String,
        /// Why.
        help: String,
    },
    /// A divisor that can be zero.
    ///
    /// ```text
    /// 输入 编制数：人    // no `>0`
    /// 值 控制率 = 在职人员数 / 编制数
    /// ```
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
    ///
    /// ```text
    /// 输入 完成率：% [0, 90%]
    /// 低于 100% 每 5% 扣 1分 按比例    // at best 98% of the points
    /// ```
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
    ///
    /// ```text
    /// 标准 "……扣完为止"
    /// 低于 100% 每 1个百分点 扣 0.02分 按比例    // at most 2 points lost of 5
    /// ```
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
    ///
    /// ```text
    /// 按比例计分 封顶 120%    // 120% of the points
    /// ```
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
    ///
    /// ```text
    /// 输入 执行率：% [0, 100%]
    /// 超过 100% 每 1个百分点 扣 1分 按比例    // never over 100%: always full marks
    /// ```
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
    ///
    /// ```text
    /// 输入 上年结转：万元    // no formula reads it
    /// ```
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
    ///
    /// ```text
    /// 值 变动率 = (本年 - 上年) / 上年    // no indicator reads it
    /// ```
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
    ///
    /// ```text
    /// 若 重大违规 < 0 则 0分    // a count is never < 0: 重大违规 changes nothing
    /// ```
    #[error("输入 `{name}` 的取值不会改变任何得分")]
    #[diagnostic(severity(Warning), code("no-effect"), help("{help}"))]
    NoEffect {
        /// The input.
        name: String,
        /// Where it is read.
        help: String,
    },
    /// A scheme whose analysis ran out of its work budget: values built on values under
    /// nested conditions, where each path narrows what is known differently.
    ///
    /// ```text
    /// 值 v2 = 若 v1 > 1人 则 v1 否则 v1 + 1人
    /// 值 v3 = 若 v2 > 1人 则 v2 否则 v2 + 1人    // … forty lines more
    /// ```
    #[error("方案过于复杂，未做完整审阅：分析到 `{name}` 时超过了 {steps} 步的工作量上限")]
    #[diagnostic(
        severity(Warning),
        code("too-complex"),
        help("层层相套的 值 与 若…否则 使要分析的情形成倍增长；此后只做粗略审阅，除数可能为 0、条件能否成立等警告可能不全或偏多。计分不受影响。可把长链拆短、减少嵌套，或写 `允许 too-complex \"理由\"`")
    )]
    TooComplex {
        /// The indicator being analysed when the budget ran out.
        name: String,
        /// The steps allowed.
        steps: u64,
    },
    /// A number of the rule that the text does not state.
    ///
    /// ```text
    /// 标准 "每超过一个百分点扣0.5分"
    /// 超过 100% 每 1个百分点 扣 0.8分 按比例    // 0.5 in words, 0.8 in the rule
    /// ```
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
    ///
    /// ```text
    /// 标准 "90%（含）以上计5分"
    /// 分档 { (90%, 100%] 5分  … }    // the text includes 90%, the band does not
    /// ```
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
    ///
    /// ```text
    /// 输入 编制数1：人
    /// 输入 编制数１：人    // a full-width １
    /// ```
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
    ///
    /// ```text
    /// 输入 СO2排放比：%    // a Cyrillic С
    /// ```
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
    ///
    /// ```text
    /// 允许 div-zer "……"    // no warning is called div-zer
    /// ```
    #[error("没有名为 `{id}` 的警告")]
    #[diagnostic(severity(Warning), code("unknown-lint"), help("{help}"))]
    UnknownLint {
        /// The id.
        id: String,
        /// A suggestion.
        help: String,
    },
    /// `允许` that silences nothing.
    ///
    /// ```text
    /// 允许 div-zero "各单位都有核定编制"    // and nothing divides here
    /// ```
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
    ///
    /// ```text
    /// 允许 div-zero ""    // a reason is required
    /// ```
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
