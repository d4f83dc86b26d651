//! Parser errors explained for a finance officer: what is wrong, on which line, and what to
//! write instead, in Chinese, at the place the mistake was made (the Tab, the full-width
//! colon, the quote that was opened and never closed), never the parser's English.
//!
//! YAML errors come from libyaml (through serde_yaml) as a fixed set of English problem and
//! context strings with their marks; `libyaml` reads them back exactly and maps each to a
//! message, refined by looking at the text around the marks. JSON errors come from
//! serde_json as a fixed set of codes (`json`). A value of the wrong shape (a list where one
//! value belongs) is said by name. Anything not in the tables is still said in Chinese, with
//! the parser's words quoted only in the help.

mod json;
mod libyaml;
mod refine;

pub use json::explain as json;
pub use libyaml::explain as yaml;

/// A parser error explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// What is wrong, with its line: `第 5 行用 Tab 缩进；YAML 只能用空格缩进`.
    pub message: String,
    /// What to write instead.
    pub help: String,
    /// Byte range of the place (one character; empty at the end of the file).
    pub at: (usize, usize),
    /// A short label on that place.
    pub label: Option<String>,
    /// A second place (where a quote or bracket was opened, where the file ends) and its note.
    pub also: Option<((usize, usize), String)>,
}

impl Explained {
    fn new(message: String, help: impl Into<String>, at: (usize, usize)) -> Self {
        Explained {
            message,
            help: help.into(),
            at,
            label: None,
            also: None,
        }
    }

    fn label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    fn also(mut self, at: (usize, usize), text: impl Into<String>) -> Self {
        self.also = Some((at, text.into()));
        self
    }
}

/// The deepest nesting of `[` and `{` a report may have (a real report nests two or three).
pub const MAX_NESTING: usize = 64;

/// The lines of a text as libyaml counts them (`\r\n`, `\r`, `\n`, U+0085, U+2028, U+2029
/// end a line), with columns in characters.
struct Lines<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            match c {
                '\r' => {
                    if let Some((_, '\n')) = it.peek() {
                        it.next();
                        starts.push(i + 2);
                    } else {
                        starts.push(i + 1);
                    }
                }
                '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => starts.push(i + c.len_utf8()),
                _ => {}
            }
        }
        Lines { text, starts }
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }

    /// The 1-based column (in characters) of a byte offset.
    fn col_of(&self, at: usize) -> usize {
        let start = self.starts[self.line_of(at) - 1];
        self.text.get(start..at).map_or(0, |s| s.chars().count()) + 1
    }

    /// The text of 1-based line `n`, without its line break.
    fn line(&self, n: usize) -> &'a str {
        let Some(&start) = self.starts.get(n.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(n).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
    }

    /// The byte offset of 1-based line and column (characters); the end of the text past it.
    fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return self.text.len();
        };
        let l = self.line(line);
        start
            + l.char_indices()
                .nth(col.saturating_sub(1))
                .map_or(l.len(), |(b, _)| b)
    }

    /// The byte range of the character at `at` (empty at the end).
    fn char_at(&self, at: usize) -> (usize, usize) {
        let mut at = at.min(self.text.len());
        // A position inside a character means that character.
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let len = self.text[at..].chars().next().map_or(0, char::len_utf8);
        (at, at + len)
    }

    /// The last character of the text that is not a line break or a blank: where "the file
    /// ends" can be marked.
    fn last_char(&self) -> (usize, usize) {
        let end = self.text.trim_end().len();
        let start = self.text[..end]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        (start, end)
    }

    /// The nearest line before `n` that is neither blank nor only a comment.
    fn prev(&self, n: usize) -> Option<usize> {
        (1..n).rev().find(|&k| {
            let t = self.line(k).trim();
            !t.is_empty() && !t.starts_with('#')
        })
    }
}

/// Leading spaces of a line.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The first character YAML does not allow in a file (libyaml's reader refuses it before
/// anything else, and reports no line), at its exact place.
pub fn refused_char(text: &str) -> Option<Explained> {
    let (at, c) = text.char_indices().find(|&(_, c)| {
        !matches!(c,
            '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
            | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    })?;
    let lines = Lines::new(text);
    let (l, col) = (lines.line_of(at), lines.col_of(at));
    Some(
        Explained::new(
            format!(
                "第 {l} 行第 {col} 列有一个看不见的控制字符 U+{:04X}（{}），报告文件中不允许",
                c as u32,
                crate::base::names::invisible(c).unwrap_or("控制字符")
            ),
            "这类字符多来自复制粘贴或文件损坏：在编辑器中删掉它（可把这一处前后的文字删去后重新输入），或从原始数据重新导出文件",
            lines.char_at(at),
        )
        .label("这里"),
    )
}

/// Whether `text` (JSON when `json`) is nested too deep: [`too_deep`] (or [`too_deep_json`])
/// finds something, asked only when a cheap test ([`may_be_too_deep`]) says it could.
pub fn is_too_deep(text: &str, json: bool) -> bool {
    may_be_too_deep(text, json)
        && if json {
            too_deep_json(text).is_some()
        } else {
            too_deep(text).is_some()
        }
}

/// Whether [`too_deep`] could find `text` too deep, by a cheaper test that never misses one:
/// more than [`MAX_NESTING`] brackets in all, or a line indented (spaces and list dashes) by
/// [`MAX_NESTING`] or more — each level of block nesting indents by at least one more.
/// JSON nests by brackets alone, so only those are counted when `json`.
pub fn may_be_too_deep(text: &str, json: bool) -> bool {
    memchr::memchr2_iter(b'[', b'{', text.as_bytes())
        .nth(MAX_NESTING)
        .is_some()
        || !json
            && text.split('\n').any(|line| {
                line.len() >= MAX_NESTING
                    && line.as_bytes()[..MAX_NESTING]
                        .iter()
                        .all(|b| matches!(b, b' ' | b'-'))
            })
}

/// Brackets nested deeper than [`MAX_NESTING`], found before parsing: a parser takes time
/// growing with the square of the depth, and no report needs more than a few levels.
pub fn too_deep(text: &str) -> Option<Explained> {
    too_deep_by_brackets(text).or_else(|| too_deep_by_indent(text))
}

/// [`too_deep`] for JSON, which nests by brackets alone (its indentation is only layout).
pub fn too_deep_json(text: &str) -> Option<Explained> {
    too_deep_by_brackets(text)
}

fn too_deep_by_brackets(text: &str) -> Option<Explained> {
    let mut depth = 0usize;
    let (mut quote, mut comment) = (None::<char>, false);
    let mut prev = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (_, '\n') if quote != Some('"') => {
                comment = false;
                if quote == Some('\'') {
                    quote = None;
                }
            }
            _ if comment => {}
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '"' | '\'') if matches!(prev, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':') => {
                quote = Some(c)
            }
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    let lines = Lines::new(text);
                    let l = lines.line_of(i);
                    return Some(
                        Explained::new(
                            format!("第 {l} 行的括号 `[`、`{{` 嵌套超过 {MAX_NESTING} 层"),
                            "报告不需要这么深的嵌套：检查这一行是否多写了括号，或粘贴进了别的数据",
                            lines.char_at(i),
                        )
                        .label(format!("第 {} 层", MAX_NESTING + 1)),
                    );
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    None
}

/// Block YAML nested deeper than [`MAX_NESTING`] by indentation (each deeper indentation,
/// and each `- ` of a list item, is one level).
fn too_deep_by_indent(text: &str) -> Option<Explained> {
    let mut open: Vec<usize> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let mut indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        if rest.trim().is_empty() || rest.starts_with('#') {
            continue;
        }
        while open.last().is_some_and(|&i| i >= indent) {
            open.pop();
        }
        // `- - - 键: 值`: each dash opens a level.
        loop {
            open.push(indent);
            match rest.strip_prefix("- ") {
                Some(after) => {
                    let blanks = after.len() - after.trim_start_matches(' ').len();
                    indent += 2 + blanks;
                    rest = &after[blanks..];
                }
                None => break,
            }
        }
        if open.len() > MAX_NESTING {
            let lines = Lines::new(text);
            let at = start + line.len() - line.trim_start().len();
            let l = lines.line_of(at);
            return Some(
                Explained::new(
                    format!("第 {l} 行的缩进层次超过 {MAX_NESTING} 层"),
                    "报告不需要这么深的层次：检查缩进是否写错，或是否粘贴进了别的数据",
                    lines.char_at(at),
                )
                .label(format!("第 {} 层", MAX_NESTING + 1)),
            );
        }
    }
    None
}

/// What a value was found to be, in words, from serde's name for it.
fn found_words(unexp: &str) -> String {
    if let Some(s) = unexp.strip_prefix("string ") {
        return format!("文字 {}", s.trim_matches('"'));
    }
    for (en, zh) in [
        ("integer `", "数字 `"),
        ("floating point `", "数字 `"),
        ("boolean `", "`"),
    ] {
        if let Some(rest) = unexp.strip_prefix(en) {
            return format!("{zh}{rest}");
        }
    }
    match unexp {
        "sequence" => "列表".into(),
        "map" => "键值对".into(),
        "unit value" | "Option value" => "空值".into(),
        _ => "其他写法的值".into(),
    }
}

/// A value of the wrong shape (serde's `[path: ]invalid type: X, expected Y`, Y being one of
/// this reader's own descriptions), said by name; `None` for any other message.
fn shape(message: &str, text: &str, at: usize) -> Option<Explained> {
    let rest = message.split(" at line ").next().unwrap_or(message);
    let (path, rest) = match rest.find("invalid type: ") {
        Some(0) => ("", rest),
        Some(i) => (rest[..i].trim_end_matches([':', ' ']), &rest[i..]),
        None => return None,
    };
    let rest = rest.strip_prefix("invalid type: ")?;
    let (unexp, exp) = rest.split_once(", expected ")?;
    let name = path.rsplit('.').next().unwrap_or(path);
    let name = name.split('[').next().unwrap_or(name);
    let found = found_words(unexp);
    let lines = Lines::new(text);
    let place = lines.char_at(at);
    let l = lines.line_of(at);
    Some(if exp.starts_with("报告") {
        Explained::new(
            format!("报告应为键值对（`名称: 值` 的各行，以 `单位:` 开头），这里是{found}"),
            "报告写成：`单位: …`、`年度: 2020`、`数据:` 各占一行，顶格写；JSON 报告写成 `{\"单位\": \"…\", \"年度\": 2020, \"数据\": {…}}`",
            place,
        )
    } else if exp.starts_with("键值对") {
        // The value is the text as YAML read it (lines folded), so the colon is looked for
        // in the file from where the value starts.
        let from = lines.char_at(at).0;
        let colon = unexp
            .contains('：')
            .then(|| text[from..].find('：').map(|i| i + from))
            .flatten();
        if let Some(fw) = colon {
            let fw = refine::full_width_colon(&lines, l).unwrap_or(fw);
            return Some(refine::full_width_at(&lines, fw));
        }
        Explained::new(
            format!("第 {l} 行：`{name}` 下面应为 `名称: 值` 的各行，这里是{found}"),
            format!("如：`{name}:` 下一行写 `  金额: 5`（缩进两个空格，英文冒号后加空格）"),
            place,
        )
    } else if exp.starts_with("一个值") {
        let what = if unexp == "map" {
            "键值对"
        } else {
            "列表"
        };
        let inner = lines
            .text
            .get(at..)
            .and_then(|s| s.strip_prefix('['))
            .and_then(|s| s.split(']').next())
            .filter(|s| !s.contains([',', '[', '{', '\n']))
            .map(str::trim);
        let help = match inner {
            Some(v) if !v.is_empty() && unexp == "sequence" => {
                format!("去掉方括号，写成 `{name}: {v}`")
            }
            _ => format!(
                "`{name}` 只填一个值，如 `{name}: 5`；值中有冒号时，把整个值用英文引号括起来"
            ),
        };
        Explained::new(
            format!("第 {l} 行：`{name}` 应为一个值，不能是{what}"),
            help,
            place,
        )
    } else if exp.starts_with("清单项") {
        Explained::new(
            format!("第 {l} 行：`{name}` 应为清单项的列表，这里是{found}"),
            format!("写成 `{name}: [甲, 乙]`，或每项一行 `  - 甲`"),
            place,
        )
    } else if exp.starts_with("期望") {
        Explained::new(
            format!(
                "第 {l} 行：`期望` 应为 `总分: 71.60` 这样的键值对，或它们的列表，这里是{found}"
            ),
            "如 `期望:` 下一行写 `  总分: 71.60`，再一行 `  等级: 中`",
            place,
        )
    } else {
        return None;
    })
}

/// The fallback: never English spliced into Chinese; the parser's words only in the help.
fn fallback(kind: &str, raw: &str, text: &str, at: usize) -> Explained {
    let lines = Lines::new(text);
    let (l, c) = (lines.line_of(at), lines.col_of(at));
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    Explained::new(
        format!("第 {l} 行第 {c} 列：{kind} 格式错误"),
        format!("检查这一行的缩进（只用空格）、冒号（英文冒号加空格）和引号、括号是否成对。解析器原文（英文）：“{raw}”"),
        lines.char_at(at),
    )
}

#[cfg(test)]
mod tests;
