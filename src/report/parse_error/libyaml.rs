//! libyaml's errors, read back from serde_yaml's message (a fixed format: the problem, ` at
//! line L column C` or ` at position N`, then `, ` and the context with its own mark) and
//! said in Chinese, refined by the text around the marks.

use super::refine::{
    colon_out_of_place, directive, expected_key, flow_end, missing_colon, tab_or_char,
    unclosed_quote,
};
use super::{fallback, shape, Explained, Lines};

/// Every problem string of libyaml that a report can meet, longest first where one begins
/// another.
const PROBLEMS: &[&str] = &[
    "found character that cannot start any token",
    "could not find expected ':'",
    "block sequence entries are not allowed in this context",
    "mapping keys are not allowed in this context",
    "mapping values are not allowed in this context",
    "found unknown directive name",
    "did not find expected comment or line break",
    "could not find expected directive name",
    "found unexpected non-alphabetical character",
    "did not find expected digit or '.' character",
    "found extremely long version number",
    "did not find expected version number",
    "did not find expected whitespace or line break",
    "did not find expected whitespace",
    "did not find expected alphabetic or numeric character",
    "did not find the expected '>'",
    "did not find expected '!'",
    "did not find expected tag URI",
    "did not find URI escaped octet",
    "found an incorrect leading UTF-8 octet",
    "found an incorrect trailing UTF-8 octet",
    "found an indentation indicator equal to 0",
    "found a tab character where an indentation space is expected",
    "found unexpected document indicator",
    "found unexpected end of stream",
    "found unknown escape character",
    "did not find expected hexadecimal number",
    "did not find expected hexdecimal number",
    "found invalid Unicode character escape code",
    "found unexpected ':'",
    "found a tab character that violates indentation",
    "did not find expected <stream-start>",
    "did not find expected <document start>",
    "found undefined tag handle",
    "did not find expected node content",
    "did not find expected '-' indicator",
    "did not find expected key",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "found duplicate %YAML directive",
    "found incompatible YAML document",
    "found duplicate %TAG directive",
    "control characters are not allowed",
    "invalid leading UTF-8 octet",
    "incomplete UTF-8 octet sequence",
    "invalid trailing UTF-8 octet",
    "invalid length of a UTF-8 sequence",
    "invalid Unicode character",
    "input error",
];

/// libyaml's context strings (what it was reading when the problem came).
const CONTEXTS: &[&str] = &[
    "while scanning for the next token",
    "while scanning a simple key",
    "while scanning a directive",
    "while scanning a %YAML directive",
    "while scanning a %TAG directive",
    "while scanning an anchor",
    "while scanning an alias",
    "while scanning a tag directive",
    "while scanning a tag",
    "while parsing a tag directive",
    "while parsing a %TAG directive",
    "while parsing a tag",
    "while scanning a block scalar",
    "while scanning a quoted scalar",
    "while parsing a quoted scalar",
    "while scanning a plain scalar",
    "while parsing a node",
    "while parsing a block node",
    "while parsing a flow node",
    "while parsing a block collection",
    "while parsing a block mapping",
    "while parsing a flow sequence",
    "while parsing a flow mapping",
];

/// A libyaml error as serde_yaml prints it.
struct Libyaml {
    problem: &'static str,
    context: Option<&'static str>,
    /// The context mark (line, column), when printed.
    context_at: Option<(usize, usize)>,
    /// ` at position N`: a byte offset (reader errors).
    offset: Option<usize>,
}

/// `" at line 6 column 1…"` → `((6, 1), "…")`.
fn take_line_col(s: &str) -> Option<((usize, usize), &str)> {
    let s = s.strip_prefix(" at line ")?;
    let (line, s) = s.split_once(" column ")?;
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    Some(((line.parse().ok()?, s[..end].parse().ok()?), &s[end..]))
}

fn parse(msg: &str) -> Option<Libyaml> {
    let problem = *PROBLEMS.iter().find(|p| msg.starts_with(**p))?;
    let mut rest = &msg[problem.len()..];
    let mut offset = None;
    if let Some((_, r)) = take_line_col(rest) {
        rest = r;
    } else if let Some(r) = rest.strip_prefix(" at position ") {
        let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        offset = r[..end].parse().ok();
        rest = &r[end..];
    }
    let (context, context_at) = match rest.strip_prefix(", ") {
        None => (None, None),
        Some(r) => {
            let c = *CONTEXTS.iter().find(|c| r.starts_with(**c))?;
            (Some(c), take_line_col(&r[c.len()..]).map(|(lc, _)| lc))
        }
    };
    Some(Libyaml {
        problem,
        context,
        context_at,
        offset,
    })
}

/// The YAML error of report `text`, explained.
pub fn explain(text: &str, e: &serde_yaml::Error) -> Explained {
    let msg = e.to_string();
    let index = e.location().map(|l| l.index());
    if let Some(s) = shape(&msg, text, index.unwrap_or(0)) {
        return s;
    }
    let lines = Lines::new(text);
    if let Some(x) = serde_own(&msg, text, &lines, index) {
        return x;
    }
    let Some(y) = parse(&msg) else {
        return fallback("YAML", &msg, text, index.unwrap_or(0));
    };
    let at = y.offset.or(index).unwrap_or(0).min(text.len());
    let ctx = y.context_at.map(|(l, c)| lines.offset(l, c));
    explain_problem(&y, at, ctx, &lines).unwrap_or_else(|| fallback("YAML", &msg, text, at))
}

/// serde_yaml's own errors (not libyaml's).
fn serde_own(msg: &str, text: &str, lines: &Lines<'_>, index: Option<usize>) -> Option<Explained> {
    let at = index.unwrap_or(0);
    let l = lines.line_of(at);
    if msg.starts_with("deserializing from YAML containing more than one document") {
        // The `---` that starts the second document.
        let mut seen_content = false;
        let mut second = None;
        for n in 1..=lines.starts.len() {
            let t = lines.line(n);
            if t == "---" || t.starts_with("--- ") {
                if seen_content {
                    second = Some(n);
                    break;
                }
                seen_content = true;
            } else if !t.trim().is_empty() && !t.trim_start().starts_with('#') {
                seen_content = true;
            }
        }
        let n = second.unwrap_or(1);
        return Some(Explained::new(
            format!("第 {n} 行的 `---` 把文件分成了多份文档；一份报告只能有一份"),
            format!("删去第 {n} 行的 `---`；多份报告请分别存成单独的文件"),
            lines.char_at(lines.offset(n, 1)),
        ));
    }
    if msg.starts_with("unknown anchor") {
        let name: String = text
            .get(at..)
            .unwrap_or("")
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .collect();
        return Some(Explained::new(
            format!("第 {l} 行的 `{name}` 被当成了引用（`*名称`），但前面没有对应的 `&名称`"),
            format!("以 `*` 开头的文字要加英文引号，如 `备注: \"{name}\"`"),
            lines.char_at(at),
        ));
    }
    if msg.starts_with("recursion limit exceeded") {
        return Some(Explained::new(
            format!("第 {l} 行嵌套的层数太多"),
            "报告不需要这么深的嵌套；检查是否有大量未闭合的 `[` 或 `{`",
            lines.char_at(at),
        ));
    }
    if msg.starts_with("repetition limit exceeded") {
        return Some(Explained::new(
            "引用（`*名称`）展开后的内容过多".to_string(),
            "报告中不要使用 `&`、`*` 引用；以 `*`、`&` 开头的文字请加英文引号",
            (0, 0),
        ));
    }
    None
}

/// The message for a libyaml problem at byte `at` (its context at byte `ctx`).
fn explain_problem(
    y: &Libyaml,
    at: usize,
    ctx: Option<usize>,
    lines: &Lines<'_>,
) -> Option<Explained> {
    let l = lines.line_of(at);
    let c = lines.col_of(at);
    let here = lines.char_at(at);
    let ch = lines
        .text
        .get(at..)
        .and_then(|s| s.chars().next())
        .unwrap_or(' ');
    let k_at = ctx.unwrap_or(at);
    let k = lines.line_of(k_at);
    let quote_it = "给整个值加英文引号（如 `备注: \"……\"`）";
    let e = |m: String, h: &str, place: (usize, usize)| Some(Explained::new(m, h, place));
    match y.problem {
        "found character that cannot start any token" => tab_or_char(lines, at, l, c, ch),
        "found a tab character that violates indentation"
        | "found a tab character where an indentation space is expected" => e(
            format!("第 {l} 行用 Tab 缩进；YAML 只能用空格缩进"),
            "把行首的 Tab 换成空格（与上面同一层的键对齐，通常 2 个空格）",
            here,
        ),
        "could not find expected ':'" => Some(missing_colon(lines, k, k_at)),
        "mapping values are not allowed in this context" => Some(colon_out_of_place(lines, at)),
        "block sequence entries are not allowed in this context" => e(
            format!("第 {l} 行这里不能开始列表项 `- `"),
            "列表项要另起一行并缩进，如 `制度:` 下一行写 `  - 甲`；若 `-` 是文字的一部分，请给整个值加英文引号",
            here,
        ),
        "mapping keys are not allowed in this context" => e(
            format!("第 {l} 行这里不能出现 `? `"),
            "若 `?` 是文字的一部分，请给整个值加英文引号",
            here,
        ),
        "found unknown directive name"
        | "did not find expected comment or line break"
            if y.context == Some("while scanning a directive") =>
        {
            directive(lines, k_at, k)
        }
        "could not find expected directive name" | "found unexpected non-alphabetical character" => {
            directive(lines, k_at, k)
        }
        "did not find expected digit or '.' character"
        | "found extremely long version number"
        | "did not find expected version number"
        | "found duplicate %YAML directive"
        | "found incompatible YAML document"
        | "found duplicate %TAG directive"
        | "did not find expected whitespace" => e(
            format!("第 {k} 行的 `%` 指令写法不对"),
            "报告不需要以 `%` 开头的行，删去即可；百分数写成 `88%`（百分号在后）",
            lines.char_at(k_at),
        ),
        "did not find expected alphabetic or numeric character" => {
            let sym = if y.context == Some("while scanning an anchor") {
                ("&", "锚点符号")
            } else {
                ("*", "引用符号")
            };
            e(
                format!("第 {k} 行的值以 `{}` 开头，YAML 把它当成了{}", sym.0, sym.1),
                &format!("给整个值加英文引号，如 `备注: \"{}无\"`", sym.0),
                lines.char_at(k_at),
            )
        }
        "did not find the expected '>'"
        | "did not find expected '!'"
        | "did not find expected tag URI"
        | "did not find URI escaped octet"
        | "found an incorrect leading UTF-8 octet"
        | "found an incorrect trailing UTF-8 octet"
        | "found undefined tag handle"
        | "did not find expected whitespace or line break" => e(
            format!("第 {k} 行的值以 `!` 开头，YAML 把它当成了类型标记"),
            "给整个值加英文引号，如 `备注: \"!重要\"`",
            lines.char_at(k_at),
        ),
        "did not find expected comment or line break" => e(
            format!("第 {k} 行的 `|`（或 `>`）后面不能直接写文字"),
            "`|`、`>` 表示多行文字，内容要从下一行开始并缩进；若只是普通文字，请去掉 `|` 或给整个值加英文引号",
            lines.char_at(k_at),
        ),
        "found an indentation indicator equal to 0" => e(
            format!("第 {l} 行 `|`（或 `>`）后面的缩进数字不能是 0"),
            "去掉这个数字，或写 1 到 9",
            here,
        ),
        "found unexpected end of stream" | "found unexpected document indicator"
            if y.context == Some("while scanning a quoted scalar") =>
        {
            Some(unclosed_quote(lines, k_at, at))
        }
        "found unknown escape character"
        | "did not find expected hexadecimal number"
        | "did not find expected hexdecimal number"
        | "found invalid Unicode character escape code" => e(
            format!("第 {l} 行双引号中的 `\\` 后面不是有效的转义"),
            "双引号里的 `\\` 有特殊含义：路径等请改用单引号（如 `'C:\\报告'`），或把 `\\` 写成 `\\\\`",
            here,
        ),
        "found unexpected ':'" => e(
            format!("第 {l} 行方括号或花括号中的冒号后面缺少空格"),
            "写成 `{得分: 2, 理由: 好}`（冒号后加空格）；若冒号是文字的一部分，请给这一项加英文引号",
            here,
        ),
        "did not find expected <document start>" => {
            let before = lines.line(l).get(..lines.offset(l, c) - lines.offset(l, 1)).unwrap_or("");
            let m = if before.trim_end().ends_with(['"', '\'', ']', '}']) {
                format!("第 {l} 行引号（或括号）后面还有多余的文字")
            } else {
                format!("第 {l} 行多出了内容：上面的内容已经是一份完整的报告")
            };
            e(
                m,
                "引号要把整个值括起来，如 `单位: \"甲 乙\"`；检查上一行是否少了冒号；`---`、`...` 行会结束报告，不要写",
                here,
            )
        }
        "did not find expected node content" => {
            let (m, h) = match ch {
                ',' if y.context == Some("while parsing a flow node") => (
                    format!("第 {l} 行括号中两个逗号之间缺少内容"),
                    "删去多余的逗号",
                ),
                ',' => (format!("第 {l} 行的值以逗号开头"), quote_it),
                ']' | '}' => (
                    format!("第 {l} 行多了一个 `{ch}`（前面没有对应的开括号）"),
                    "删去多余的括号，或检查括号是否成对",
                ),
                _ => (format!("第 {l} 行这里应有一个值"), quote_it),
            };
            e(m, h, here)
        }
        "did not find expected '-' indicator" => e(
            format!("第 {l} 行少了列表项开头的 `- `，或没有和上面的项对齐"),
            &format!("列表的每一项以 `- `（减号加空格）开头，并与第 {k} 行的 `-` 对齐；同一项中的各个键要左端对齐"),
            here,
        ),
        "did not find expected key" => Some(expected_key(lines, at, l, ch)),
        "did not find expected ',' or ']'" => Some(flow_end(lines, k_at, at, '[', ']')),
        "did not find expected ',' or '}'" => Some(flow_end(lines, k_at, at, '{', '}')),
        "control characters are not allowed" => super::refused_char(lines.text),
        "invalid leading UTF-8 octet"
        | "incomplete UTF-8 octet sequence"
        | "invalid trailing UTF-8 octet"
        | "invalid length of a UTF-8 sequence"
        | "invalid Unicode character" => e(
            "文件中有不是 UTF-8 编码的字节".into(),
            "请把文件另存为 UTF-8 编码（WPS、Excel 或记事本：另存为，编码选 UTF-8）",
            here,
        ),
        _ => None,
    }
}
