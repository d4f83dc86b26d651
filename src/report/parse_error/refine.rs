//! Looking at the text around a parser's marks to say what the mistake was: a Tab where
//! spaces indent, a full-width colon, a colon without its space, a line indented one space
//! too far, a quote or bracket opened and never closed, a key out of line.

use super::{indent, Explained, Lines};

/// The part of a line that names a key: after the indentation and a `- `, up to `: `.
fn keypart(line: &str) -> &str {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    t.split(": ").next().unwrap_or(t)
}

/// Where line `l` has a full-width colon in its key part (not inside a value or a quote).
pub(super) fn full_width_colon(lines: &Lines<'_>, l: usize) -> Option<usize> {
    let line = lines.line(l);
    let key = keypart(line);
    if key.contains(['"', '\'', '#']) {
        return None;
    }
    let i = key.find('：')?;
    let start = lines.offset(l, 1);
    Some(start + (key.as_ptr() as usize - line.as_ptr() as usize) + i)
}

/// "第 L 行用了全角冒号" at byte `at`.
pub(super) fn full_width_at(lines: &Lines<'_>, at: usize) -> Explained {
    let l = lines.line_of(at);
    let line = lines.line(l).trim();
    let fixed = line.replacen('：', ": ", 1);
    Explained::new(
        format!("第 {l} 行用了全角冒号 `：`，应写英文冒号加空格 `: `"),
        format!("把 `{line}` 改成 `{fixed}`；中文输入法下打出的 `：` 不是 YAML 的冒号，这一行因此被当成了一段文字"),
        lines.char_at(at),
    )
    .label("全角冒号")
}

/// "cannot start any token": a Tab, or a character YAML reserves.
pub(super) fn tab_or_char(
    lines: &Lines<'_>,
    at: usize,
    l: usize,
    c: usize,
    ch: char,
) -> Option<Explained> {
    let here = lines.char_at(at);
    let before = &lines.line(l)[..at - lines.offset(l, 1)];
    Some(match ch {
        '\t' if before.trim().is_empty() => Explained::new(
            format!("第 {l} 行用 Tab 缩进；YAML 只能用空格缩进"),
            "把行首的 Tab 换成空格：同一层缩进相同数量的空格，通常 2 个，如 `  金额: 5`",
            here,
        )
        .label("Tab"),
        '\t' => Explained::new(
            format!("第 {l} 行第 {c} 列有一个 Tab，YAML 中这里只能用空格"),
            "把这个 Tab 换成空格",
            here,
        ),
        '@' | '`' => Explained::new(
            format!("第 {l} 行的值不能以 `{ch}` 开头"),
            format!("以 `{ch}` 开头的文字要用英文引号括起来，如 `备注: \"{ch}张三\"`"),
            here,
        ),
        '%' => Explained::new(
            format!("第 {l} 行的值不能以 `%` 开头"),
            "百分数写成 `88%`（百分号在后）；若 `%` 是文字的一部分，请给整个值加英文引号",
            here,
        ),
        _ => Explained::new(
            format!("第 {l} 行第 {c} 列的字符 `{ch}` 不能出现在这里"),
            "给整个值加英文引号；缩进只能用空格",
            here,
        ),
    })
}

/// "could not find expected ':'" on the key at line `k`.
pub(super) fn missing_colon(lines: &Lines<'_>, k: usize, k_at: usize) -> Explained {
    if let Some(at) = full_width_colon(lines, k) {
        return full_width_at(lines, at);
    }
    let line = lines.line(k);
    let key = keypart(line).trim_end();
    if let Some(i) = key
        .find(':')
        .filter(|i| key[i + 1..].starts_with(|c: char| !c.is_whitespace()))
    {
        let at = lines.offset(k, 1) + (key.as_ptr() as usize - line.as_ptr() as usize) + i;
        return no_space_after_colon(lines, k, key, at);
    }
    if let Some(p) = lines.prev(k) {
        let pl = lines.line(p);
        if pl.trim_start().starts_with("- ") && indent(pl) == indent(line) {
            return Explained::new(
                format!("第 {k} 行少了列表项开头的 `- `"),
                "列表的每一项以 `- `（减号加空格）开头，与上一项对齐",
                lines.char_at(k_at),
            );
        }
    }
    Explained::new(
        format!("第 {k} 行 `{key}` 后面缺少冒号"),
        "每行写成 `名称: 值`（英文冒号，冒号后加一个空格）",
        lines.char_at(k_at),
    )
}

/// "mapping values are not allowed": a `: ` where none can be, at byte `at`.
pub(super) fn colon_out_of_place(lines: &Lines<'_>, at: usize) -> Explained {
    let l = lines.line_of(at);
    let here = lines.char_at(at);
    let line = lines.line(l);
    let upto = &line[..at - lines.offset(l, 1)];
    let body = upto.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    if body.contains(": ") {
        return Explained::new(
            format!("第 {l} 行的值里又出现了 `: `（冒号加空格）"),
            "值中有冒号时，把整个值用英文引号括起来，如 `理由: \"原因: 未完成\"`；若是另一个键，请换行写",
            here,
        );
    }
    let Some(p) = lines.prev(l) else {
        return generic_colon(l, here);
    };
    if let Some(fw) = full_width_colon(lines, p) {
        return full_width_at(lines, fw);
    }
    let pl = lines.line(p);
    let pk = pl.trim_start();
    let pk = pk.strip_prefix("- ").unwrap_or(pk);
    if !pk.contains(": ") && !pk.ends_with(':') {
        if let Some(i) = pk.find(':') {
            let at = lines.offset(p, 1) + (pk.as_ptr() as usize - pl.as_ptr() as usize) + i;
            return no_space_after_colon(lines, p, pk, at);
        }
        return Explained::new(
            format!("第 {p} 行 `{}` 后面缺少冒号", pk.trim()),
            "每行写成 `名称: 值`（英文冒号，冒号后加一个空格）",
            lines.char_at(lines.offset(p, indent(pl) + 1)),
        );
    }
    let key_col = indent(pl) + (pl.trim_start().len() - pk.len());
    let own = indent(line);
    if pk.contains(": ") && own > key_col {
        let start = lines.offset(l, own + 1);
        return Explained::new(
            format!("第 {l} 行的缩进比上一行多了 {} 个空格", own - key_col),
            format!("同一层的键要左端对齐：这一行前面应和第 {p} 行一样是 {key_col} 个空格。多出的空格让这一行成了上一行的值的续行，后面的 `: ` 因此无法识别"),
            lines.char_at(start),
        )
        .label(format!("多缩进了 {} 个空格", own - key_col))
        .also(
            lines.char_at(lines.offset(p, key_col + 1)),
            "同一层的键从这一列开始",
        );
    }
    generic_colon(l, here)
}

fn generic_colon(l: usize, here: (usize, usize)) -> Explained {
    Explained::new(
        format!("第 {l} 行这里不能出现 `: `"),
        "检查这一行和上一行的缩进与冒号；值中有冒号时，把整个值用英文引号括起来",
        here,
    )
}

/// A `%` at the start of a line: taken for a directive.
pub(super) fn directive(lines: &Lines<'_>, k_at: usize, k: usize) -> Option<Explained> {
    Some(Explained::new(
        format!("第 {k} 行以 `%` 开头，YAML 把它当成了指令"),
        "报告中不需要以 `%` 开头的行：百分数写成 `88%`；若是文字，请加英文引号；注释请以 `#` 开头",
        lines.char_at(k_at),
    ))
}

/// A quote opened at byte `open` and never closed (the file or document ends at `end`).
pub(super) fn unclosed_quote(lines: &Lines<'_>, open: usize, _end: usize) -> Explained {
    let k = lines.line_of(open);
    let q = lines.text[open..].chars().next().unwrap_or('"');
    let fixed = format!("{}{q}", lines.line(k).trim());
    let doubled = if q == '\'' {
        "；单引号中的 `'` 要写成两个 `''`"
    } else {
        ""
    };
    Explained::new(
        format!("第 {k} 行的引号没有闭合：从这里开始的 `{q}` 直到文件末尾都没有对应的 `{q}`"),
        format!("在值的末尾补上 `{q}`，写成 `{fixed}`；普通文字也可以不加引号{doubled}"),
        lines.char_at(open),
    )
    .label("引号从这里开始")
    .also(lines.last_char(), "到文件末尾仍没有闭合")
}

/// A `[` or `{` at byte `open` not closed where the parser expected `,` or the closer.
pub(super) fn flow_end(
    lines: &Lines<'_>,
    open: usize,
    at: usize,
    opener: char,
    closer: char,
) -> Explained {
    let k = lines.line_of(open);
    let l = lines.line_of(at);
    let ch = lines.text.get(at..).and_then(|s| s.chars().next());
    let other = if closer == ']' { '}' } else { ']' };
    let example = if closer == ']' {
        "`制度: [甲, 乙]`"
    } else {
        "`{得分: 2.5, 理由: \"……\"}`"
    };
    let unclosed = ch.is_none() || (l > k && indent(lines.line(l)) <= indent(lines.line(k)));
    if ch == Some(other) {
        return Explained::new(
            format!("第 {l} 行的 `{opener}` 要用 `{closer}` 结束，这里写成了 `{other}`"),
            format!("写成 {example}"),
            lines.char_at(at),
        );
    }
    if unclosed {
        return Explained::new(
            format!("第 {k} 行的 `{opener}` 没有对应的 `{closer}`"),
            format!("在最后一项后面补上 `{closer}`，如 {example}；各项之间用英文逗号 `,` 分隔"),
            lines.char_at(open),
        )
        .label(format!("`{opener}` 从这里开始"))
        .also(lines.char_at(at), format!("到这里还没有 `{closer}`"));
    }
    Explained::new(
        format!("第 {l} 行的括号中这里缺少逗号 `,`"),
        format!("各项之间用英文逗号 `,` 分隔，如 {example}"),
        lines.char_at(at),
    )
}

/// "did not find expected key": something in a mapping that is not a key.
pub(super) fn expected_key(lines: &Lines<'_>, at: usize, l: usize, ch: char) -> Explained {
    let here = lines.char_at(at);
    let line = lines.line(l);
    let before = &line[..at - lines.offset(l, 1)];
    if !before.trim().is_empty() && before.trim_end().ends_with(['"', '\'', ']', '}']) {
        return Explained::new(
            format!("第 {l} 行引号（或括号）外还有文字"),
            "引号要把整个值括起来，如 `单位: \"甲 乙\"`",
            here,
        );
    }
    if matches!(ch, ']' | '}') {
        return Explained::new(
            format!("第 {l} 行多了一个 `{ch}`"),
            "删去多余的括号，或检查括号是否成对",
            here,
        );
    }
    if line.trim_start().starts_with("- ") {
        return Explained::new(
            format!("第 {l} 行的列表项 `- ` 不能写在这里"),
            "列表要写在某个键下面并缩进，如 `制度:` 下一行写 `  - 甲`",
            here,
        );
    }
    let above: Vec<usize> = (1..l)
        .filter_map(|n| {
            let t = lines.line(n);
            (!t.trim().is_empty() && !t.trim_start().starts_with('#')).then(|| indent(t))
        })
        .collect();
    let mut levels = above;
    levels.sort_unstable();
    levels.dedup();
    let levels: Vec<String> = levels.iter().map(ToString::to_string).collect();
    Explained::new(
        format!(
            "第 {l} 行的缩进（{} 个空格）与上面同一层的键对不齐",
            indent(line)
        ),
        format!(
            "同一层的键左端对齐：上面的键缩进 {} 个空格",
            levels.join(" 或 ")
        ),
        here,
    )
}

/// "第 L 行的冒号后面缺少空格" for `key:value` written on line `l`, the colon at byte `at`.
fn no_space_after_colon(lines: &Lines<'_>, l: usize, key: &str, at: usize) -> Explained {
    Explained::new(
        format!("第 {l} 行的冒号后面缺少空格"),
        format!(
            "写成 `{}`（英文冒号后加一个空格）",
            key.replacen(':', ": ", 1)
        ),
        lines.char_at(at),
    )
}
