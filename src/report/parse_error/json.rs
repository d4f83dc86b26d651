//! serde_json's errors (a fixed set of codes) said in Chinese, at the character they are
//! about (serde_json counts columns in bytes; these are turned into characters).

use super::{fallback, shape, Explained, Lines};

/// The byte offset of serde_json's line and byte column (0: the start of the line).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The first `[`, `{` or `"` still open at the end of `text`.
fn unclosed(text: &str) -> Option<(usize, char)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut in_string: Option<usize> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string.is_some() {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = Some(i),
            '[' | '{' => stack.push((i, c)),
            ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    in_string
        .map(|i| (i, '"'))
        .or_else(|| stack.last().copied())
}

/// The JSON error of report `text`, explained.
pub fn explain(text: &str, e: &serde_json::Error) -> Explained {
    let full = e.to_string();
    let code = full
        .strip_suffix(&format!(" at line {} column {}", e.line(), e.column()))
        .unwrap_or(&full);
    let at = offset(text, e.line(), e.column());
    if let Some(s) = shape(code, text, at) {
        return s;
    }
    let lines = Lines::new(text);
    let l = lines.line_of(at);
    let here = lines.char_at(at);
    let ch = text.get(at..).and_then(|s| s.chars().next()).unwrap_or(' ');
    let ex = |m: String, h: &str, place| Explained::new(m, h, place);
    if code.starts_with("EOF while parsing") {
        return match unclosed(text) {
            Some((open, c)) => {
                let k = lines.line_of(open);
                let (m, h) = match c {
                    '"' => (
                        format!("第 {k} 行开始的文字没有闭合的英文双引号 `\"`"),
                        "在文字末尾补上英文双引号 `\"`",
                    ),
                    '[' => (
                        format!("第 {k} 行的 `[` 没有对应的 `]`，文件就结束了"),
                        "在列表最后补上 `]`",
                    ),
                    _ => (
                        format!("第 {k} 行的 `{{` 没有对应的 `}}`，文件就结束了"),
                        "在最后补上 `}`；检查每个 `{` 是否都有对应的 `}`",
                    ),
                };
                ex(m, h, lines.char_at(open))
                    .label("从这里开始")
                    .also(lines.last_char(), "到文件末尾仍没有闭合")
            }
            None => ex(
                "文件在应写值的地方结束了".into(),
                "补上值，并检查括号是否成对",
                (text.len(), text.len()),
            ),
        };
    }
    let (m, h): (String, &str) = match code {
        "trailing comma" => {
            // serde_json stops at the closer; the comma is the last non-blank before it.
            let comma = text[..at].rfind(',').unwrap_or(at);
            return ex(
                format!("第 {} 行最后一项后面多了逗号", lines.line_of(comma)),
                "删去 `]` 或 `}` 前面的逗号；JSON 中最后一项后面不能有逗号",
                lines.char_at(comma),
            );
        }
        "expected `:`" if ch == '：' => (
            format!("第 {l} 行用了全角冒号 `：`，JSON 要用英文冒号 `:`"),
            "写成 `\"名称\": 值`",
        ),
        "expected `:`" => (
            format!("第 {l} 行的键后面应为英文冒号 `:`"),
            "写成 `\"名称\": 值`",
        ),
        "expected `,` or `]`" | "expected `,` or `}`" if ch == '，' => (
            format!("第 {l} 行用了全角逗号 `，`，JSON 要用英文逗号 `,`"),
            "各项之间用英文逗号 `,` 分隔",
        ),
        "expected `,` or `]`" => (
            format!("第 {l} 行这里应为逗号 `,` 或 `]`（列表的两项之间缺少逗号，或少了 `]`）"),
            "各项之间用英文逗号 `,` 分隔，列表以 `]` 结束",
        ),
        "expected `,` or `}`" => (
            format!("第 {l} 行这里应为逗号 `,` 或 `}}`（两项之间缺少逗号，或少了 `}}`）"),
            "各项之间用英文逗号 `,` 分隔，以 `}` 结束",
        ),
        "expected ident" => (
            format!("第 {l} 行应为 `true`、`false` 或 `null`（全小写英文）"),
            "是否类的值可直接写文字：`\"是\"`、`\"否\"`",
        ),
        "expected value" | "key must be a string" => match ch {
            '“' | '”' | '‘' | '’' => (
                format!("第 {l} 行用了中文引号，JSON 只认英文双引号 `\"`"),
                "把中文引号换成英文双引号，如 `\"单位\": \"甲\"`",
            ),
            '\'' => (
                format!("第 {l} 行用了单引号，JSON 的文字要用英文双引号 `\"`"),
                "把单引号换成英文双引号",
            ),
            ']' | '}' => (
                format!("第 {l} 行这里缺少值（或前面多了逗号）"),
                "删去多余的逗号，或补上值",
            ),
            c if c.is_ascii_digit() && code == "key must be a string" => (
                format!("第 {l} 行的数字中有千分位逗号，被当成了分隔符"),
                "数字不要写千分位逗号（写 `1000`），或整个加英文双引号 `\"1,000\"`",
            ),
            c if c.is_alphanumeric() => (
                format!("第 {l} 行的文字没有加英文双引号"),
                "文字和键名都要用英文双引号括起来，如 `\"单位\": \"甲\"`",
            ),
            _ => (
                format!("第 {l} 行这里应为一个值"),
                "值可以是数字、`\"文字\"`、`true`/`false`、`null`、`[…]` 或 `{…}`",
            ),
        },
        "expected `\"`" => (
            format!("第 {l} 行这里应为英文双引号 `\"`"),
            "键和文字都要用英文双引号括起来",
        ),
        "invalid escape" => (
            format!("第 {l} 行文字中的 `\\` 后面跟了不认识的字符"),
            "JSON 文字中的 `\\` 要写成 `\\\\`（如 `\"C:\\\\报告\"`）",
        ),
        "invalid number" | "number out of range" => (
            format!("第 {l} 行的数字写法不对"),
            "JSON 数字不能以 0 开头、不能以小数点结尾、不能带单位或千分位逗号；带单位的请写成文字，如 `\"5万元\"`",
        ),
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => (
            format!("第 {l} 行文字中的 `\\u` 转义不是有效字符"),
            "直接写汉字即可，不必用 `\\u` 转义",
        ),
        "control character (\\u0000-\\u001F) found while parsing a string" => match ch {
            '\n' | '\r' => (
                format!("第 {l} 行的文字没有闭合引号（JSON 的文字不能跨行）"),
                "在行末补上 `\"`；文字中要换行请写 `\\n`",
            ),
            '\t' => (
                format!("第 {l} 行的文字中有 Tab 字符"),
                "把 Tab 换成空格，或写成 `\\t`",
            ),
            _ => (
                format!("第 {l} 行的文字中有控制字符"),
                "删去这个看不见的字符",
            ),
        },
        "trailing characters" if matches!(ch, '}' | ']') => (
            format!("第 {l} 行多了一个 `{ch}`"),
            "检查括号是否成对",
        ),
        "trailing characters" => (
            format!("JSON 已经结束，第 {l} 行还有多余的内容"),
            "一个文件只能有一份报告 `{…}`；检查括号是否成对",
        ),
        "recursion limit exceeded" => (
            format!("第 {l} 行嵌套的层数太多"),
            "检查是否有大量未闭合的 `[` 或 `{`",
        ),
        c if c.starts_with("类型不对") => (
            format!("第 {l} 行：这里应为一个值（数字或文字），不能是列表或键值对"),
            "去掉 `[ ]` 或 `{ }`，写成 `\"名称\": 5`",
        ),
        _ => return fallback("JSON", code, text, at),
    };
    ex(m, h, here)
}
