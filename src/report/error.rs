//! What can be wrong with a report: each problem with its message, code and hint, and a
//! snippet of a report that triggers it.

/// Problems with a report's content.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReportError {
    /// Nothing in the file.
    ///
    /// ```text
    /// # nothing but comments
    /// ```
    #[error("报告为空")]
    #[diagnostic(
        code("report-empty"),
        help("报告至少要有 `单位:`、`年度:` 和 `数据:`；可用 `jixiao template 方案` 生成空白报告")
    )]
    Empty,
    /// YAML that cannot be read.
    ///
    /// ```text
    /// 单位: 甲
    /// 数据:
    /// →编制数: 20    # → stands for a Tab: YAML indents with spaces
    /// ```
    #[error("{message}")]
    #[diagnostic(code("report-yaml"), help("{help}"))]
    Yaml {
        /// What is wrong, in Chinese ([`crate::report::parse_error`]).
        message: String,
        /// What to write instead.
        help: String,
    },
    /// JSON the parser rejects.
    ///
    /// ```text
    /// {"单位": "甲", "年度": 2020,}    // a comma before `}`
    /// ```
    #[error("{message}")]
    #[diagnostic(code("report-json"), help("{help}"))]
    Json {
        /// What is wrong, in Chinese ([`crate::report::parse_error`]).
        message: String,
        /// What to write instead.
        help: String,
    },
    /// A key written twice in one mapping (or an input under both `数据` and `预算执行`):
    /// which value was meant cannot be known, so neither is taken.
    ///
    /// ```text
    /// 数据:
    ///   率: 8
    ///   率: 20
    /// ```
    #[error("{within}的 `{key}` 写了两次")]
    #[diagnostic(
        code("report-duplicate"),
        help("同一处的键只能写一次：删去其中一处，留下要用的值")
    )]
    Duplicate {
        /// The key.
        key: String,
        /// Where: 报告顶层, `数据` 中, `绩效指标` 第 3 行 ….
        within: String,
    },
    /// A row's column written under two of its names: one value would be dropped.
    ///
    /// ```text
    /// - {三级: 合格率, 指标值: ≥95%, 完成值: 98%, 实际完成值: 50%}
    /// ```
    #[error("{within}的 `{second}` 与 `{first}` 是同一栏（{column}），写了两次")]
    #[diagnostic(
        code("report-duplicate"),
        help("同一栏只能写一处：删去其中一处，留下要用的值")
    )]
    DuplicateColumn {
        /// The name written first.
        first: String,
        /// The other name.
        second: String,
        /// The column both name.
        column: String,
        /// Where: `绩效指标` 第 3 行.
        within: String,
    },
    /// A number with a thousands comma inside `{…}`, where the comma separates entries: YAML
    /// reads `{全年预算数: 1,200}` as `全年预算数: 1` and a key `200`.
    ///
    /// ```text
    /// 预算执行: {全年预算数: 1,200, 全年执行数: 1,150}
    /// ```
    #[error("`{key}` 的值 `{text}` 在 `{{…}}` 中被逗号拆成了两项（`{first}` 和 `{rest}`）")]
    #[diagnostic(
        code("report-comma"),
        help("`{{…}}` 里的逗号分隔各项：千分位的逗号请去掉（写 `{plain}`），或给数加引号（写 `\"{text}\"`）")
    )]
    FlowComma {
        /// The key whose value was cut.
        key: String,
        /// The number as written (`1,200`).
        text: String,
        /// What was read as its value (`1`).
        first: String,
        /// What was read as a key (`200`).
        rest: String,
        /// The number without commas (`1200`).
        plain: String,
    },
    /// A required key is absent.
    ///
    /// ```text
    /// 单位: 甲
    /// 数据:
    ///   编制数: 20
    /// # no `年度:`
    /// ```
    #[error("报告缺少 `{key}`")]
    #[diagnostic(code("report-missing-key"), help("在报告开头写上 `{key}: …`"))]
    MissingKey {
        /// The key.
        key: &'static str,
    },
    /// A value that is not a number.
    ///
    /// ```text
    /// 数据:
    ///   编制数: 二十
    /// ```
    #[error("`{name}` 的值 `{text}` 不是数字")]
    #[diagnostic(code("report-not-number"), help("{help}"))]
    NotNumber {
        /// The input.
        name: String,
        /// What was written.
        text: String,
        /// What to write.
        help: String,
    },
    /// More digits than a report number may have.
    ///
    /// ```text
    /// 数据:
    ///   预算: 1234567890.1234567
    /// ```
    #[error("`{name}` 的值 `{text}` 有 {digits} 位有效数字，超过 15 位")]
    #[diagnostic(
        code("report-too-precise"),
        help("报告中的数字最多 15 位有效数字；请按原始凭证的精度填写")
    )]
    TooPrecise {
        /// The input.
        name: String,
        /// What was written.
        text: String,
        /// Significant digits.
        digits: usize,
    },
    /// A number too large to hold.
    ///
    /// ```text
    /// 数据:
    ///   预算: 99999999999999999999999999999999
    /// ```
    #[error("`{name}` 的值 `{text}` 过大")]
    #[diagnostic(
        code("report-too-large"),
        help("检查单位：金额以万元或元为单位时不会这么大")
    )]
    TooLarge {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A comma that is no thousands separator, or a full-width comma: the number it stands
    /// for cannot be known (8.8 or 88?).
    ///
    /// ```text
    /// 数据:
    ///   满意度: 8,8
    /// ```
    #[error("`{name}` 的值 `{text}` 中的逗号无法确定含义")]
    #[diagnostic(
        code("report-comma"),
        help("小数点请写 `.`（如 `8.8`）；千分位的逗号每三位一个（如 `1,000`），也可以不写；不要用全角逗号 `，`")
    )]
    Comma {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A number with more decimals than can be held exactly (28): never rounded to another.
    ///
    /// ```text
    /// 数据:
    ///   金额: 0.000000000000000000000000000001
    /// ```
    #[error("`{name}` 的值 `{text}` 小数超过 28 位，无法精确表示")]
    #[diagnostic(code("report-too-fine"), help("按原始凭证的精度填写，如 `0.0001`"))]
    TooFine {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A number whose conversion to the input's unit would not be exact (a percentage with
    /// 27 decimals, 元 into 万元 beyond 28 places).
    ///
    /// ```text
    /// 数据:
    ///   满意度: 0.000000000000000000000000088%
    /// ```
    #[error("`{name}` 的值 `{text}` 换算成方案的单位后无法精确表示")]
    #[diagnostic(code("report-inexact"), help("数字的小数位太多；按原始凭证的精度填写"))]
    Inexact {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A unit word that does not fit the input.
    ///
    /// ```text
    /// 数据:
    ///   编制数: 20万元    # 编制数 is declared in 人
    /// ```
    #[error("`{name}` 的单位 `{found}` 与方案声明的 `{expected}` 不符")]
    #[diagnostic(code("report-unit"), help("写成 {expected} 的数，或去掉单位"))]
    Unit {
        /// The input.
        name: String,
        /// What was written.
        found: String,
        /// What the scheme declares.
        expected: &'static str,
    },
    /// A count with a fraction.
    ///
    /// ```text
    /// 数据:
    ///   编制数: 20.5
    /// ```
    #[error("`{name}` 是计数，不能是小数 `{text}`")]
    #[diagnostic(code("report-fractional-count"), help("填写整数"))]
    FractionalCount {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A number outside the declared range.
    ///
    /// ```text
    /// 数据:
    ///   编制数: 0    # declared `>0`: it divides
    /// ```
    #[error("`{name}` 的值 {value} 超出允许范围 {range}")]
    #[diagnostic(code("report-out-of-range"), help("{help}"))]
    OutOfRange {
        /// The input.
        name: String,
        /// The value.
        value: String,
        /// The range.
        range: String,
        /// What it means.
        help: String,
    },
    /// 是否 not 是 or 否.
    ///
    /// ```text
    /// 数据:
    ///   有楼堂馆所项目: 不清楚
    /// ```
    #[error("`{name}` 应为 是 或 否，写的是 `{text}`")]
    #[diagnostic(code("report-not-bool"), help("填写 `是` 或 `否`"))]
    NotBool {
        /// The input.
        name: String,
        /// What was written.
        text: String,
    },
    /// A checklist item the scheme does not list.
    ///
    /// ```text
    /// 数据:
    ///   管理制度: [财务制度, 节约制度x]
    /// ```
    #[error("`{name}` 没有清单项 `{item}`")]
    #[diagnostic(code("report-unknown-item"), help("{help}"))]
    UnknownItem {
        /// The input.
        name: String,
        /// The item.
        item: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A tier level the scheme does not list.
    ///
    /// ```text
    /// 数据:
    ///   行政效能: 很好    # the levels are 较好, 一般, 无效果
    /// ```
    #[error("`{name}` 没有等级 `{level}`")]
    #[diagnostic(code("report-unknown-level"), help("{help}"))]
    UnknownLevel {
        /// The input.
        name: String,
        /// The level.
        level: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A reviewer score written wrongly.
    ///
    /// ```text
    /// 数据:
    ///   经济效益: {得分: 2.5}    # no 理由
    /// ```
    #[error("评审打分 `{name}` {problem}")]
    #[diagnostic(
        code("report-reviewer"),
        help("写成 `{name}: {{得分: 2.5, 理由: \"……\"}}`，理由不能为空")
    )]
    Reviewer {
        /// The input.
        name: String,
        /// What is wrong.
        problem: String,
    },
    /// An input the scheme does not declare.
    ///
    /// ```text
    /// 数据:
    ///   编制人数: 20    # the scheme says 编制数
    /// ```
    #[error("方案没有输入 `{name}`")]
    #[diagnostic(code("report-unknown-input"), severity(Warning), help("{help}"))]
    UnknownInput {
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// The same, under `--strict`.
    ///
    /// ```text
    /// 数据:
    ///   编制人数: 20    # under --strict
    /// ```
    #[error("方案没有输入 `{name}`")]
    #[diagnostic(code("report-unknown-input"), help("{help}"))]
    UnknownInputStrict {
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// A value in (0, 1] for a percent input: read as that many percent (0.88 is 0.88%), but
    /// more likely meant ×100.
    ///
    /// ```text
    /// 数据:
    ///   满意度: 0.88
    /// ```
    #[error("`{name}` 填的是 {text}，按 {text}% 计；若指 {hundred}%，请填 {hundred}")]
    #[diagnostic(
        code("report-percent-fraction"),
        severity(Warning),
        help("百分数填 88 或 88% 表示 88%；--strict 下这是错误")
    )]
    PercentFraction {
        /// The input.
        name: String,
        /// The value as written.
        text: String,
        /// The value × 100.
        hundred: String,
    },
    /// The same, under `--strict`.
    #[error("`{name}` 填的是 {text}，是 0 到 1 之间的小数；百分数请填 {hundred} 或 {hundred}%")]
    #[diagnostic(
        code("report-percent-fraction"),
        help("--strict 下不接受 0 到 1 之间的小数作百分数")
    )]
    PercentFractionStrict {
        /// The input.
        name: String,
        /// The value as written.
        text: String,
        /// The value × 100.
        hundred: String,
    },
    /// A self-score (or 核定) below 0 or above the indicator's points (the scheme's full marks
    /// for `总分`): kept as written, so that the gap shows, and said.
    ///
    /// ```text
    /// 自评:
    ///   在职人员控制率: 7    // 5 分的指标
    /// ```
    #[error("`{block}.{name}` 填的是 {text} 分，{problem}")]
    #[diagnostic(
        code("report-score-range"),
        severity(Warning),
        help("{block}分在 0 到本指标分值之间；照填写的数比较，--strict 下这是错误")
    )]
    ScoreOutOfRange {
        /// 自评 or 核定.
        block: &'static str,
        /// The indicator, or 总分.
        name: String,
        /// The score as written.
        text: String,
        /// What is wrong: `超过本指标分值 5 分`, `是负数`.
        problem: String,
    },
    /// The same, under `--strict`.
    #[error("`{block}.{name}` 填的是 {text} 分，{problem}")]
    #[diagnostic(
        code("report-score-range"),
        help("{block}分须在 0 到本指标分值之间（--strict）")
    )]
    ScoreOutOfRangeStrict {
        /// 自评 or 核定.
        block: &'static str,
        /// The indicator, or 总分.
        name: String,
        /// The score as written.
        text: String,
        /// What is wrong.
        problem: String,
    },
    /// A self-score (or 核定) that is not a number: that score is left out, the report read.
    ///
    /// ```text
    /// 自评:
    ///   在职人员控制率: 五分
    /// ```
    #[error("`{block}.{name}` 的值 `{text}` 不是数字，这一项{block}不比较")]
    #[diagnostic(
        code("report-score-not-number"),
        severity(Warning),
        help("{block}分填写数字，如 `4` 或 `7.5`；其余照常计分")
    )]
    ScoreNotNumber {
        /// 自评 or 核定.
        block: &'static str,
        /// The indicator.
        name: String,
        /// What was written.
        text: String,
    },
    /// A self-score for an indicator the scheme does not have.
    ///
    /// ```text
    /// 自评:
    ///   在职人员控制: 5    # the indicator is 在职人员控制率
    /// ```
    #[error("{block}中的 `{name}` 不是方案的指标")]
    #[diagnostic(code("report-unknown-indicator"), severity(Warning), help("{help}"))]
    UnknownIndicator {
        /// 自评 or 核定.
        block: &'static str,
        /// The key.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// `绩效指标` rows given to a fixed table.
    ///
    /// ```text
    /// 绩效指标:
    ///   - {一级: 产出指标, 三级: 发放人数, 指标值: 100人, 完成值: 98人}
    /// # scored with a fixed table, not a 自评表
    /// ```
    #[error("方案不是自评表，不接收 `绩效指标` 各行")]
    #[diagnostic(
        code("report-rows"),
        severity(Warning),
        help("自评表报告请用带 `行计分` 的方案计分，如 schemes/ziping/2020.jx；这些行已忽略")
    )]
    RowsWithoutForm,
    /// A row whose 一级 is not a category of the form.
    ///
    /// ```text
    /// 绩效指标:
    ///   - {一级: 产出, 三级: 发放人数, 指标值: 100人, 完成值: 98人}
    /// ```
    #[error("第 {row} 行的一级指标 `{name}` 不是方案的类别")]
    #[diagnostic(code("report-row-category"), help("{help}"))]
    RowCategory {
        /// The row number (1-based).
        row: usize,
        /// What was written.
        name: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A row without a required field.
    ///
    /// ```text
    /// 绩效指标:
    ///   - {一级: 产出指标, 指标值: 100人, 完成值: 98人}    # no 三级
    /// ```
    #[error("第 {row} 行缺少 `{key}`")]
    #[diagnostic(code("report-row-missing"), help("{help}"))]
    RowMissing {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: &'static str,
        /// What to write.
        help: String,
    },
    /// A row's number (分值, 自评得分) that is not a number of points.
    ///
    /// ```text
    /// 绩效指标:
    ///   - {一级: 产出指标, 三级: 发放人数, 分值: 十, 指标值: 100人, 完成值: 98人}
    /// ```
    #[error("第 {row} 行的 `{key}` 写的是 `{text}`，不是分数")]
    #[diagnostic(
        code("report-row-points"),
        help("填写不小于 0 的数字，如 `10` 或 `7.5`")
    )]
    RowPoints {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: &'static str,
        /// What was written.
        text: String,
    },
    /// A key a row does not have.
    ///
    /// ```text
    /// 绩效指标:
    ///   - {一级: 产出指标, 三级: 发放人数, 目标: 100人, 完成值: 98人}
    /// ```
    #[error("第 {row} 行的 `{key}` 不是指标行的栏目，已忽略")]
    #[diagnostic(code("report-row-key"), severity(Warning), help("{help}"))]
    RowKey {
        /// The row number (1-based).
        row: usize,
        /// The key.
        key: String,
        /// A suggestion or the list.
        help: String,
    },
    /// A cell of the Excel, Word or text file the report was read from that could not be read
    /// (`jixiao import` writes them under `读取提示`).
    ///
    /// ```text
    /// 读取提示:
    ///   - {位置: "报告.xlsx!Sheet1!E7", 提示: "公式 `=C7/B7` 没有保存计算结果，已略去"}
    /// ```
    #[error("{place}：{text}")]
    #[diagnostic(
        code("report-source"),
        severity(Warning),
        help("这是从原文件读出报告时的提示；请在原文件中核对这一格")
    )]
    Source {
        /// The place in the source file.
        place: String,
        /// What could not be read.
        text: String,
    },
    /// A year that is not a year.
    ///
    /// ```text
    /// 年度: 二〇二〇
    /// ```
    #[error("`年度` 应为四位年份，写的是 `{text}`")]
    #[diagnostic(
        code("report-year"),
        help("如 `年度: 2020`（也可写 `2020年`）；年份在 1900 至 2200 之间")
    )]
    Year {
        /// What was written.
        text: String,
    },
}
