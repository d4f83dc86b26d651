//! What the checker finds wrong in a scheme, each finding with its message, code and hint,
//! and a snippet that triggers it.

use rust_decimal::Decimal;

/// What the checker finds wrong in a scheme.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CheckError {
    /// A required header item is absent.
    ///
    /// ```text
    /// 方案 测试
    /// 年度 2020
    /// 保留 2位小数 四舍五入
    /// // no `满分 100分`: every scheme states its full marks
    /// ```
    #[error("方案缺少 `{what}`")]
    #[diagnostic(code("missing-header"), help("在文件开头写上 {example}"))]
    MissingHeader {
        /// Which item.
        what: &'static str,
        /// How to write it.
        example: &'static str,
    },
    /// A name that nothing declares.
    ///
    /// ```text
    /// 输入 编制数：人 >0
    /// 值 控制率 = 在职人数 / 编制数    // `在职人数` is declared nowhere
    /// ```
    #[error("未定义的{what} `{name}`")]
    #[diagnostic(code("unknown-name"), help("{help}"))]
    UnknownName {
        /// The name.
        name: String,
        /// What kind of name was expected.
        what: &'static str,
        /// A suggestion or how to declare it.
        help: String,
    },
    /// A name declared twice.
    ///
    /// ```text
    /// 输入 编制数：人 >0
    /// 输入 编制数：人 >0    // the same name twice
    /// ```
    #[error("{what} `{name}` 重复定义")]
    #[diagnostic(
        code("duplicate"),
        help("名称在整个方案中必须唯一；改名或删去其中一处")
    )]
    Duplicate {
        /// The name.
        name: String,
        /// What kind of name.
        what: &'static str,
    },
    /// Units that cannot meet.
    ///
    /// ```text
    /// 输入 编制数：人 >0
    /// 输入 预算：万元
    /// 值 x = 编制数 + 预算    // 人 + 万元
    /// ```
    #[error("单位不符：{left} {op} {right}")]
    #[diagnostic(code("unit"), help("{help}"))]
    Unit {
        /// The operator.
        op: String,
        /// Left operand's dimension.
        left: &'static str,
        /// Right operand's dimension.
        right: &'static str,
        /// What to do.
        help: String,
    },
    /// A formula of the wrong kind (a number where a condition is needed, say).
    ///
    /// ```text
    /// 输入 预算：万元
    /// 指标 甲 10分 {
    ///   若 预算 则 满分    // a number where a condition belongs
    ///   …
    /// }
    /// ```
    #[error("{found}不能用作{expected}")]
    #[diagnostic(code("type"), help("{help}"))]
    Type {
        /// What was needed.
        expected: &'static str,
        /// What was found.
        found: String,
        /// What to do.
        help: String,
    },
    /// A bare number meets a rate.
    ///
    /// ```text
    /// 值 执行率 = 实际 / 预算
    /// 超过 100 每 1个百分点 扣 1分 按比例    // `100` meets a rate: say `100%`
    /// ```
    #[error("比率与不带 % 的数 `{text}` 相遇")]
    #[diagnostic(
        code("percent-literal"),
        help("比率请写百分号：是否想写 `{text}%`？（不带 % 的 {text} 表示 {text}00%）")
    )]
    BarePercent {
        /// The number as written.
        text: String,
    },
    /// Children's points do not add up to the parent's.
    ///
    /// ```text
    /// 指标 预算管理 20分 {
    ///   指标 甲 10分 { … }
    ///   指标 乙 5分 { … }    // 10 + 5 ≠ 20
    /// }
    /// ```
    #[error("`{name}` 的下级指标分值合计 {sum} 分，不等于其分值 {weight} 分")]
    #[diagnostic(code("points-sum"), help("调整下级指标的分值，使合计为 {weight} 分"))]
    PointsSum {
        /// The parent.
        name: String,
        /// The children's sum.
        sum: Decimal,
        /// The parent's points.
        weight: Decimal,
    },
    /// Top-level points do not add up to 满分.
    ///
    /// ```text
    /// 满分 100分
    /// 指标 甲 60分 { … }
    /// 指标 乙 30分 { … }    // 60 + 30 ≠ 100
    /// ```
    #[error("一级指标分值合计 {sum} 分，不等于满分 {full} 分")]
    #[diagnostic(code("points-total"), help("调整一级指标的分值或 `满分`"))]
    PointsTotal {
        /// The sum.
        sum: Decimal,
        /// 满分.
        full: Decimal,
    },
    /// A formula deeper than [`MAX_FORMULA_DEPTH`](crate::syntax::MAX_FORMULA_DEPTH) once
    /// the formulas of the values it reads are counted in.
    ///
    /// ```text
    /// 值 v1 = 人数 + 1
    /// 值 v2 = v1 + 1
    /// …                     // 300 values, each reading the one before
    /// ```
    #[error("公式连同它引用的值嵌套超过 {limit} 层（经由值 `{name}`）")]
    #[diagnostic(
        code("too-deep"),
        help("一长串值逐个引用前一个：把其中几步合并成一个值，或让后面的值直接用输入计算")
    )]
    ChainTooDeep {
        /// The value read here.
        name: String,
        /// The limit.
        limit: usize,
    },
    /// Derived values that depend on themselves.
    ///
    /// ```text
    /// 值 甲率 = 乙率 + 0%
    /// 值 乙率 = 甲率 + 0%
    /// ```
    #[error("值的定义循环引用：{cycle}")]
    #[diagnostic(code("cycle"), help("循环中至少有一个值要改用输入来计算"))]
    Cycle {
        /// The cycle, as names joined by →.
        cycle: String,
    },
    /// The best a rule can give is not the indicator's points.
    ///
    /// ```text
    /// 指标 管理制度健全性 10分 {
    ///   清单 管理制度 { 财务制度 2分  节约制度 2分 }    // at best 4 of 10
    /// ```
    #[error("`{name}` 的规则最高得 {best} 分，与分值 {weight} 分不符")]
    #[diagnostic(code("best-score"), help("{help}"))]
    BestScore {
        /// The indicator.
        name: String,
        /// The best score the rule gives.
        best: Decimal,
        /// The indicator's points.
        weight: Decimal,
        /// What to change.
        help: String,
    },
    /// A stepped deduction without a step policy.
    ///
    /// ```text
    /// 偏离 100% 每 5% 扣 2分    // 7% over: one step or 1.4 steps?
    /// ```
    #[error("阶梯扣分没有写明不足一档的处理方式")]
    #[diagnostic(
        code("step-policy"),
        help("“每超过5%扣2分”有歧义：在规则末尾写 `按比例`（按实际超出比例扣）、`不足一档不扣`（只扣满档）或 `不足一档按一档`（不足一档也扣一档）")
    )]
    StepPolicy,
    /// A leaf scored by its special cases alone whose cases do not cover every report.
    ///
    /// ```text
    /// 指标 资金结余 3分 {
    ///   若 年末结余 = 0 则 满分
    ///   若 年末结余 ≤ 上年结转 则 2分    // 结余超过上年结转: no case
    /// }
    /// ```
    #[error("`{name}` 只按特殊情形计分，但有的报告不属于其中任何一种（{region}）")]
    #[diagnostic(
        code("cases-uncovered"),
        help("补上其余情形（如 `若 … 则 0分`），或写一条规则给其余情形计分")
    )]
    CasesUncovered {
        /// The indicator.
        name: String,
        /// What is known of the reports no case takes, in words (`这些报告的 年末结余 大于 0
        /// 万元`): true of each of them, not a region all of whose reports are left.
        region: String,
    },
    /// A leaf scored by its special cases alone whose cases the check cannot show to cover
    /// every report (a condition it cannot follow, or more cases than it analyses): not said
    /// to be wrong, only not shown right.
    ///
    /// ```text
    /// 指标 资金结余 3分 {
    ///   若 年末结余 * 年末结余 > 上年结转 则 满分
    ///   若 年末结余 * 年末结余 ≤ 上年结转 则 0分
    /// }
    /// ```
    #[error("`{name}` 只按特殊情形计分，检查无法确认各情形覆盖了所有报告")]
    #[diagnostic(
        code("cases-uncovered"),
        help("核对各情形是否覆盖了所有报告；最后写一条 `若 … 则 0分` 或一条规则给其余情形计分，检查就能确认")
    )]
    CasesUnproven {
        /// The indicator.
        name: String,
    },
    /// A decision a draft left open (`待定`): the scheme cannot be used until a person
    /// decides and writes the rule.
    ///
    /// ```text
    /// 指标 甲 5分 {
    ///   待定 "每低于5%扣2分" "不足 5% 的部分扣不扣？" { "不足一档不扣" "按比例" }
    /// }
    /// ```
    #[error("待定：{question}（原表：“{phrase}”）")]
    #[diagnostic(code("draft-pending"), help("{help}"))]
    Pending {
        /// The question.
        question: String,
        /// The wording in the source table.
        phrase: String,
        /// The candidate readings, or how to settle it.
        help: String,
    },
    /// A leaf without a rule (and without special cases).
    ///
    /// ```text
    /// 指标 甲 10分 {
    ///   标准 "……"    // a leaf that says how, but not in a rule
    /// }
    /// ```
    #[error("末级指标 `{name}` 没有计分规则")]
    #[diagnostic(
        code("no-rule"),
        help(
            "写一条规则，如 `超过 100% 每 1个百分点 扣 0.5分 按比例`、`分档 {{…}}` 或 `评审打分`；\
             或只用特殊情形（`若 … 则 N分`）计分，但各情形须覆盖所有报告"
        )
    )]
    NoRule {
        /// The indicator.
        name: String,
    },
    /// A leaf with several rules.
    ///
    /// ```text
    /// 指标 甲 10分 {
    ///   值 率 = 实际 / 预算
    ///   按比例计分
    ///   超过 100% 每 1个百分点 扣 1分 按比例
    /// }
    /// ```
    #[error("指标 `{name}` 有多条计分规则")]
    #[diagnostic(
        code("many-rules"),
        help("每个末级指标只写一条规则；特殊情形用 `若 … 则 …` 写在规则之前")
    )]
    ManyRules {
        /// The indicator.
        name: String,
    },
    /// A group that also has scoring parts.
    ///
    /// ```text
    /// 指标 预算管理 20分 {
    ///   指标 甲 20分 { … }
    ///   按比例计分    // a group scores by its lower indicators
    /// }
    /// ```
    #[error("指标 `{name}` 有下级指标，不能再有计分规则或 `值`")]
    #[diagnostic(code("rule-in-group"), help("把规则移到下级指标中，或删去下级指标"))]
    RuleInGroup {
        /// The indicator.
        name: String,
    },
    /// A rule that needs a scored quantity has none.
    ///
    /// ```text
    /// 指标 甲 10分 {
    ///   超过 100% 每 1个百分点 扣 1分 按比例    // over what? no `值`
    /// }
    /// ```
    #[error("指标 `{name}` 的规则需要一个计分的值")]
    #[diagnostic(
        code("no-subject"),
        help("在规则前写 `值 名称 = 公式`，或 `值 名称` 指向已有的输入或值")
    )]
    NoSubject {
        /// The indicator.
        name: String,
    },
    /// A rule given a quantity of the wrong type.
    ///
    /// ```text
    /// 输入 管理制度：清单 { 甲, 乙 }
    /// 指标 甲 10分 {
    ///   值 管理制度
    ///   按比例计分    // a checklist is not a proportion
    /// }
    /// ```
    #[error("{rule}规则不能用于{found}")]
    #[diagnostic(code("subject-type"), help("{help}"))]
    SubjectType {
        /// The rule.
        rule: &'static str,
        /// What it was given.
        found: String,
        /// What it needs.
        help: String,
    },
    /// An item or level not declared by the input.
    ///
    /// ```text
    /// 输入 行政效能：等级 { 较好, 一般, 无效果 }
    /// 按等级 { 较好 10分  一搬 5分 }    // `一搬` is not a level
    /// ```
    #[error("`{input}` 没有{what} `{name}`")]
    #[diagnostic(code("unknown-item"), help("{help}"))]
    UnknownItem {
        /// The input.
        input: String,
        /// 项 or 等级.
        what: &'static str,
        /// The item.
        name: String,
        /// A suggestion.
        help: String,
    },
    /// An item or level of the input that the rule leaves out.
    ///
    /// ```text
    /// 输入 行政效能：等级 { 较好, 一般, 无效果 }
    /// 按等级 { 较好 10分  一般 5分 }    // 无效果 has no points
    /// ```
    #[error("规则没有给 `{input}` 的{what} `{name}` 定分")]
    #[diagnostic(code("missing-item"), help("给每一{what}写上分数（不得分的写 0分）"))]
    MissingItem {
        /// The input.
        input: String,
        /// 项 or 等级.
        what: &'static str,
        /// The item.
        name: String,
    },
    /// A reviewer score whose range is not [0, points].
    ///
    /// ```text
    /// 输入 经济效益：评审打分 [0, 3]
    /// 指标 经济效益 10分 { 值 经济效益  评审打分 }    // [0, 3] in a 10-point indicator
    /// ```
    #[error("评审打分 `{input}` 的范围是 {range}，应为 [0, {weight}]")]
    #[diagnostic(
        code("reviewer-range"),
        help("把输入声明改为 `评审打分 [0, {weight}]`")
    )]
    ReviewerRange {
        /// The input.
        input: String,
        /// Its declared range.
        range: String,
        /// The indicator's points.
        weight: Decimal,
    },
    /// A number that cannot be held exactly once put into its unit: a percentage needing
    /// more than 28 decimal places as a ratio, an amount in 万元 beyond what fits in 元.
    ///
    /// ```text
    /// 输入 金额：元
    /// 分档 { ≤ 10000000000000000000000000万元 10分 … }    // × 10000 does not fit
    /// ```
    #[error("数字 `{text}` {why}")]
    #[diagnostic(
        code("literal-range"),
        help("方案中的数换算成元或比率后最多 28 位数字；检查单位和位数")
    )]
    Literal {
        /// The number as written, with its unit.
        text: String,
        /// What goes wrong.
        why: &'static str,
    },
    /// A number beyond what the language allows where it is written: points beyond
    /// [`MAX_POINTS`](crate::check::MAX_POINTS), a floor above the points, an 超额提示 that is not
    /// above 0, a checklist of more than 64 items.
    ///
    /// ```text
    /// 指标 甲 50000000000000000000分 { … }
    /// 超过 100% 每 1个百分点 扣 1分 按比例 下限 8分    // in an indicator of 5分
    /// ```
    #[error("{what} `{text}` 超出范围：{limit}")]
    #[diagnostic(code("limit"), help("改成范围内的数"))]
    Limit {
        /// What the number is.
        what: &'static str,
        /// As written.
        text: String,
        /// What is allowed.
        limit: String,
    },
    /// An empty or reversed range.
    ///
    /// ```text
    /// 输入 比率：% [100%, 0%]
    /// ```
    #[error("范围为空：下限大于上限")]
    #[diagnostic(code("range"), help("检查区间两端的顺序"))]
    EmptyRange,
    /// A quantity in a unit that does not fit where it is.
    ///
    /// ```text
    /// 指标 甲 10个 { … }    // points are written in 分
    /// ```
    #[error("此处应为{expected}，写的是 `{found}`")]
    #[diagnostic(code("quantity"), help("{help}"))]
    Quantity {
        /// What was needed.
        expected: &'static str,
        /// What was written.
        found: String,
        /// What to do.
        help: String,
    },
    /// 标准 or 说明 written twice in one indicator.
    ///
    /// ```text
    /// 指标 甲 10分 {
    ///   标准 "……"
    ///   标准 "……"
    ///   …
    /// }
    /// ```
    #[error("同一指标中重复写了 `标准`、`说明` 或 `值`")]
    #[diagnostic(code("repeated"), help("每个指标各写一次；后写的会覆盖先写的"))]
    Repeated,
    /// A function called with the wrong number of arguments.
    ///
    /// ```text
    /// 值 x = 最小(预算)    // 最小 compares two or more
    /// ```
    #[error("`{func}` 需要 {expected} 个参数，给了 {found} 个")]
    #[diagnostic(code("arity"), help("`最小`、`最大` 至少两个参数，`绝对值` 一个"))]
    Arity {
        /// The function.
        func: &'static str,
        /// How many it needs.
        expected: &'static str,
        /// How many were given.
        found: usize,
    },
}

/// Problems with a self-evaluation form's `行` categories and its `行计分` block (checked in
/// `check/rows.rs`; filling a form with a report's rows is the later `form` stage).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RowsError {
    /// Categories take rows but nothing says how rows are scored.
    ///
    /// ```text
    /// 指标 产出指标 50分 { 行 }
    /// // and no `行计分 { … }`
    /// ```
    #[error("指标 `{name}` 的行由报告填列，但方案没有 `行计分`")]
    #[diagnostic(
        code("rows-scoring"),
        help("在方案中写 `行计分 {{ 种类 定量下限 {{ … }} … }}`，规定每种行如何计分")
    )]
    NoScoring {
        /// The category.
        name: String,
    },
    /// `行计分` with no category taking rows.
    ///
    /// ```text
    /// 行计分 { … }
    /// // and no indicator with `行`
    /// ```
    #[error("`行计分` 没有用处：没有指标写 `行`")]
    #[diagnostic(
        code("rows-unused"),
        help("在接收报告各行的一级指标中写 `行`，如 `指标 产出指标 50分 {{ 行 }}`")
    )]
    Unused,
    /// A kind that is not one of the four.
    ///
    /// ```text
    /// 行计分 {
    ///   种类 定量 { … }    // the kinds are 定量下限, 定量上限, 定性, 时限
    /// }
    /// ```
    #[error("没有名为 `{name}` 的行种类")]
    #[diagnostic(code("row-kind"), help("{help}"))]
    UnknownKind {
        /// The name written.
        name: String,
        /// A suggestion and the list.
        help: String,
    },
    /// Kinds the block does not define.
    ///
    /// ```text
    /// 行计分 {
    ///   种类 定量下限 { … }
    ///   // 定量上限, 定性 and 时限 missing
    /// }
    /// ```
    #[error("`行计分` 没有规定 {missing} 的计分方法")]
    #[diagnostic(
        code("row-kinds"),
        help("报告的每一行都会归入 定量下限、定量上限、定性、时限 之一；每种都要写 `种类 名称 {{ … }}`")
    )]
    MissingKinds {
        /// The kinds missing, joined.
        missing: String,
    },
    /// A kind body that scores in fixed points.
    ///
    /// ```text
    /// 种类 定量下限 {
    ///   超过 100% 每 10% 扣 1分 按比例    // rows differ in points: score by proportion
    /// }
    /// ```
    #[error("行的计分只能按本行分值的比例：{what}")]
    #[diagnostic(
        code("row-kind-rule"),
        help("各行分值不同，规则写成 `按比例计分`（本行分值 × 比例），特殊情形写 `满分`、`0分` 或 `不适用`")
    )]
    KindRule {
        /// What was written.
        what: String,
    },
    /// `无行时并入` naming something that is not a row category.
    ///
    /// ```text
    /// 指标 满意度指标 10分 { 行 无行时并入 预算执行率 }    // 预算执行率 takes no rows
    /// ```
    #[error("`无行时并入` 的 `{name}` 不是接收报告各行的指标")]
    #[diagnostic(code("row-merge"), help("{help}"))]
    Merge {
        /// The name.
        name: String,
        /// What to write.
        help: String,
    },
    /// A category that also has children or a rule.
    ///
    /// ```text
    /// 指标 产出指标 90分 {
    ///   行
    ///   按比例计分    // rows come from the report; no rule here
    /// }
    /// ```
    #[error("指标 `{name}` 的行由报告填列，不能再有下级指标或计分规则")]
    #[diagnostic(
        code("rows-in-leaf"),
        help("删去 `行`，或删去下级指标和规则；行的计分写在 `行计分` 中")
    )]
    Mixed {
        /// The category.
        name: String,
    },
}
