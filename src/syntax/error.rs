//! What can go wrong while reading a scheme's text, and pest's failures said in Chinese.

use super::Rule;
use crate::base::diag::Diag;
use crate::base::names::invisible;
use crate::base::source::{FileId, Span};

/// What can go wrong while reading a scheme's text.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum SyntaxError {
    /// The formatter's layout would change the file's tokens or comments (a defect of the
    /// formatter, caught before anything is written): the file is left as it was.
    #[error("无法排版：排版后的方案与原文的记号或注释不一致，文件未改动")]
    #[diagnostic(
        code("fmt-changed"),
        help("这是 jixiao 的缺陷，不是方案的错误；请把这个文件报告给维护者")
    )]
    FormatChanged,
    /// pest could not go on.
    ///
    /// ```text
    /// 指标 甲 10分 {
    ///   数值 x = 编制数    // `数值` is no item of an indicator
    /// ```
    #[error("语法错误：此处应为{expected}")]
    #[diagnostic(code("syntax-expected"), help("{hint}"))]
    Expected {
        /// What the grammar would have accepted.
        expected: String,
        /// A hint for the fix.
        hint: String,
    },
    /// Brackets nested beyond [`MAX_NESTING`](super::MAX_NESTING).
    ///
    /// ```text
    /// 值 深 = ((((((((…编制数…))))))))    // 65 brackets deep
    /// ```
    #[error("嵌套过深：括号嵌套超过 {limit} 层")]
    #[diagnostic(code("too-deep"), help("把公式拆成几个命名的 `值`，每个只嵌套几层"))]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A formula whose tree is deeper than [`MAX_FORMULA_DEPTH`](super::MAX_FORMULA_DEPTH)
    /// (a chain of 300 `+`, 300 nested `若`, 300 `非`).
    ///
    /// ```text
    /// 值 和 = 人数 + 人数 + 人数 + …    // 300 terms
    /// ```
    #[error("公式过深：嵌套超过 {limit} 层")]
    #[diagnostic(
        code("too-deep"),
        help("把公式拆成几个命名的 `值`（如先算各部分之和），每个只嵌套几层")
    )]
    FormulaTooDeep {
        /// The limit.
        limit: usize,
    },
    /// A formula with more than [`MAX_FORMULA_OPERATORS`](super::MAX_FORMULA_OPERATORS)
    /// operators, however they are grouped.
    ///
    /// ```text
    /// 值 和 = 甲 × 乙 + 甲 × 乙 + …    // 5000 operators
    /// ```
    #[error("公式过长：运算符超过 {limit} 个")]
    #[diagnostic(
        code("too-deep"),
        help("把公式拆成几个命名的 `值`（如先算各部分之和），每个只含几项")
    )]
    FormulaTooLong {
        /// The limit.
        limit: usize,
    },
    /// A number that a decimal cannot hold.
    ///
    /// ```text
    /// 超过 123456789012345678901234567890人 每 1人 扣 1分 按比例
    /// ```
    #[error("数字 `{text}` 无法精确表示")]
    #[diagnostic(
        code("syntax-number"),
        help("方案中的数最多 28 位数字（整数位与小数位合计）")
    )]
    Number {
        /// The text.
        text: String,
    },
    /// A grammar rule the lowering does not handle where it was found: a bug in jixiao, said
    ///
    /// ```text
    /// // none: a grammar rule the lowering does not expect where it found it (a bug)
    /// ```
    /// instead of dropping part of the scheme.
    #[error("内部错误：语法规则 `{rule}` 在此处未被处理")]
    #[diagnostic(
        code("syntax-internal"),
        help("这是 jixiao 的缺陷，不是方案的错误；请报告此问题并附上方案文件")
    )]
    Unhandled {
        /// The rule's name in the grammar.
        rule: String,
    },
    /// A number beyond what the language allows where it is written (never clamped).
    ///
    /// ```text
    /// 保留 29位小数
    /// 年度 2025 至 2021
    /// ```
    #[error("{what} `{text}` 超出范围：{limit}")]
    #[diagnostic(code("limit"), help("改成范围内的数"))]
    Limit {
        /// What the number is.
        what: &'static str,
        /// As written.
        text: String,
        /// What is allowed (`应为 0 到 10`).
        limit: String,
    },
    /// A header item given twice.
    ///
    /// ```text
    /// 年度 2020
    /// 年度 2021
    /// ```
    #[error("`{what}` 重复声明")]
    #[diagnostic(
        code("duplicate-header"),
        help("每个方案只写一次 `{what}`；删去多余的一处")
    )]
    DuplicateHeader {
        /// Which item.
        what: &'static str,
    },
}

/// What `保留 N位小数` may be followed by.
const ROUNDING: &str = "舍入方式 `四舍五入`、`去尾` 或 `进一`";

/// Turns a pest failure into a diagnostic that says, in Chinese, what was expected.
pub fn pest_error(e: pest::error::Error<Rule>, file: FileId, text: &str) -> Diag {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&str> = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().map(|r| describe(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => vec![],
    };
    expected.sort_unstable();
    expected.dedup();
    if expected.is_empty() {
        expected.push("合法的写法");
    }
    // A long list helps nobody: say what kind of thing belongs here. Right after `保留 N位小数`
    // the one word that can follow is the rounding (the next item could also start there).
    if expected.contains(&ROUNDING) {
        expected = vec![ROUNDING];
    } else if expected.len() > 6 {
        expected = if expected.contains(&"`}`") {
            vec!["`}`（结束指标）或指标的内容（`标准`、`说明`、`值`、`若`、规则、下级 `指标`）"]
        } else if expected.contains(&"`指标`") {
            vec!["顶层的 `方案`、`年度`、`满分`、`保留`、`等级`、`输入`、`值`、`指标` 或 `行计分`"]
        } else {
            expected.truncate(6);
            expected.push("……");
            expected
        };
    }
    let found: String = text[pos..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(12)
        .collect();
    let end = pos + text[pos..].chars().next().map_or(0, char::len_utf8);
    // Where pest stopped after a number (`1e3` stops at `e3`), the number is part of what was
    // found.
    let lead: String = {
        let mut l: Vec<char> = text[..pos]
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c) || *c == '.')
            .collect();
        l.reverse();
        l.into_iter().collect()
    };
    let hint = hint_for(&expected, &format!("{lead}{found}"), &text[pos..]);
    let label = if let Some(c) = text[pos..]
        .chars()
        .next()
        .filter(|c| invisible(*c).is_some())
    {
        format!("看不见的字符 U+{:04X}", c as u32)
    } else if found.is_empty() {
        "在这里".to_string()
    } else {
        format!("这里是 `{found}`")
    };
    Diag::new(
        SyntaxError::Expected {
            expected: expected.join("、"),
            hint,
        },
        Span::new(file, pos, end),
    )
    .label(label)
}

/// What to do, from what was expected, the word found and the text from there on.
fn hint_for(expected: &[&str], found: &str, rest: &str) -> String {
    // An invisible character where the parser stopped (pasted text, a damaged file).
    if let Some(c) = rest.chars().next().filter(|c| invisible(*c).is_some()) {
        return format!(
            "这里有一个看不见的字符 U+{:04X}（{}）：删去它（多来自复制粘贴；可把这一处前后的文字删去后重新输入）",
            c as u32,
            invisible(c).unwrap_or_default()
        );
    }
    // A string that never closes: pest stops at its opening quote.
    if found.starts_with('"') && !rest[1..].contains('"') {
        return "这段文字没有收尾的英文引号 `\"`：在文字结束处补上".into();
    }
    if expected.iter().any(|e| e.contains('}')) {
        // Where an indicator's next item belongs, a word that begins none of them.
        let in_body = expected.len() == 1 && expected[0].starts_with("`}`（结束指标）");
        if in_body && !found.is_empty() && !found.starts_with(['{', '}']) {
            return format!(
                "`{found}` 不是指标内容的开头：应以 `标准`、`说明`、`值`、`若`、规则或下级 `指标` 开头；\
                 若是前一个指标少了 `}}`，请检查花括号是否成对"
            );
        }
        return "检查花括号是否成对：每个 `{` 都要有对应的 `}`".into();
    }
    if let Some((number, word)) = number_then_word(found) {
        return format!(
            "`{number}` 后面紧跟着 `{word}`：数（连同单位）之后不能直接接文字；\
             “以上”“以下”请用 ≥、≤ 写出，科学记数法请写成普通的数，其余多余的文字删去"
        );
    }
    if found.starts_with(['"', '“', '”']) && !found.starts_with('"') {
        return "文字请用英文双引号 `\"…\"` 括起，中文引号可以写在里面".into();
    }
    if expected.contains(&"名称") {
        return "名称由汉字、字母、数字组成，不能以数字开头，也不能是关键字（如 `值`、`指标`、`若`）".into();
    }
    "对照 README 的“方案语言”一节检查这一行的写法".into()
}

/// `10分以上` → (`10分`, `以上`); `1e3` → (`1`, `e3`): a number, perhaps a unit, then a name.
fn number_then_word(found: &str) -> Option<(&str, &str)> {
    let digits = found
        .find(|c: char| {
            !(c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '.' || c == '．')
        })
        .filter(|&i| i > 0)?;
    let after = &found[digits..];
    let unit = [
        "个百分点",
        "百分点",
        "%",
        "％",
        "万元",
        "元",
        "平方米",
        "人次",
        "人",
        "分",
    ]
    .iter()
    .find(|u| after.starts_with(**u))
    .map_or(0, |u| u.len());
    let (number, word) = found.split_at(digits + unit);
    word.starts_with(|c: char| c.is_alphabetic())
        .then_some((number, word))
}

/// The Chinese name of a grammar rule, for "此处应为 …". Every rule is listed: a rule the
/// grammar gains must be named here before the crate compiles.
fn describe(r: Rule) -> &'static str {
    match r {
        Rule::title => "`方案`",
        Rule::year => "`年度`",
        Rule::full_marks => "`满分`",
        Rule::precision => "`保留`",
        Rule::grades => "`等级`",
        Rule::input => "`输入`",
        Rule::value | Rule::subject => "`值`",
        Rule::indicator => "`指标`",
        Rule::allow => "`允许`",
        Rule::pending => "`待定`",
        Rule::standard => "`标准`",
        Rule::explanation => "`说明`",
        Rule::case => "`若`",
        Rule::threshold
        | Rule::direction
        | Rule::dir_above
        | Rule::dir_below
        | Rule::dir_either => "规则（`超过`、`低于`、`偏离`、`分档` 等）",
        Rule::bands => "`分档`",
        Rule::proportional => "`按比例计分`",
        Rule::checklist => "`清单`",
        Rule::per_event => "`每出现`",
        Rule::tiers => "`按等级`",
        Rule::reviewer => "`评审打分`",
        Rule::step_policy
        | Rule::policy_full_step
        | Rule::policy_any_part
        | Rule::policy_proportional => "扣分方式（`按比例`、`不足一档不扣`、`不足一档按一档`）",
        Rule::floor => "`下限`",
        Rule::outcome | Rule::kw_na | Rule::kw_full_score => "结果（`满分`、`不适用` 或分数）",
        Rule::name | Rule::name_list | Rule::item_points | Rule::grade => "名称",
        Rule::lint_id => "警告编号（如 `unused-input`）",
        Rule::quantity | Rule::signed_quantity | Rule::number | Rule::integer | Rule::sign => {
            "数字"
        }
        Rule::unit => "单位",
        Rule::string | Rule::string_inner => "带引号的文字",
        Rule::expr
        | Rule::conditional
        | Rule::call
        | Rule::func
        | Rule::bool_lit
        | Rule::kw_yes
        | Rule::kw_no
        | Rule::op_neg
        | Rule::op_not => "公式",
        Rule::op_or
        | Rule::op_and
        | Rule::cmp_op
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_ne
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_eq
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div => "运算符",
        Rule::input_range | Rule::signed_any => "取值范围",
        Rule::bool_type | Rule::checklist_type | Rule::tier_type | Rule::reviewer_type => {
            "输入类型"
        }
        Rule::interval
        | Rule::open_bracket
        | Rule::close_bracket
        | Rule::infinity
        | Rule::cmp_bound => "区间（如 `[80%, 90%)` 或 `≥ 90%`）",
        Rule::year_to | Rule::year_on => "`至` 或 `起`",
        Rule::rounding | Rule::round_half_up | Rule::round_down | Rule::round_up => ROUNDING,
        Rule::colon => "`：`",
        Rule::eq => "`=`",
        Rule::sep => "`，`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::EOI => "文件结尾",
        Rule::rows_slot | Rule::kw_rows => "`行`",
        Rule::rows_block | Rule::rows_item => "`行计分`",
        Rule::share_evenly => "`未填分值 平均分配`",
        Rule::completion_tiers | Rule::tier_band => "`完成档次`",
        Rule::over_hint => "`超额提示`",
        Rule::row_kind => "`种类`",
        Rule::dir_defaults => "`未写方向`",
        Rule::from_report => "`分值由报告定`",
        Rule::dir_default | Rule::dir_level => "`一级`、`二级` 或 `三级`",
        Rule::dir_match => "`是` 或 `结尾是`",
        Rule::dir_sign => "方向 `≥`、`≤` 或 `＝`",
        Rule::base => "`基于`",
        Rule::modify | Rule::modify_indicator => "`修改`",
        Rule::remove | Rule::remove_indicator | Rule::remove_input | Rule::remove_value => "`删除`",
        Rule::drop_part | Rule::drop_cases | Rule::drop_explanation | Rule::drop_standard => {
            "`删除 特殊情形`、`删除 说明` 或 `删除 标准`"
        }
        Rule::add => "`新增`",
        Rule::placement => "`归入`",
        // Rules that are parts of others, or never a token of their own: a list of them
        // would not help the author.
        Rule::WHITESPACE
        | Rule::COMMENT
        | Rule::comment_char
        | Rule::file
        | Rule::item
        | Rule::input_type
        | Rule::indicator_item
        | Rule::scoring_rule
        | Rule::edit
        | Rule::modify_item
        | Rule::band
        | Rule::band_cond
        | Rule::bound
        | Rule::infix
        | Rule::prefix
        | Rule::primary
        | Rule::paren
        | Rule::signed_quantity_lit
        | Rule::digit
        | Rule::string_char
        | Rule::ident_start
        | Rule::ident_char
        | Rule::unit_gap
        | Rule::keyword
        | Rule::kw_scheme
        | Rule::kw_year
        | Rule::kw_full
        | Rule::kw_keep
        | Rule::kw_grade
        | Rule::kw_input
        | Rule::kw_value
        | Rule::kw_indicator
        | Rule::kw_if
        | Rule::kw_then
        | Rule::kw_else
        | Rule::kw_each
        | Rule::kw_deduct => "合法的写法",
    }
}
