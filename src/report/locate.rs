//! Where things are in a report's text: each key's place (for diagnostics and form rows),
//! in block YAML by its indentation and in JSON by searching for the quoted keys; and the
//! `年度` line, read before the report is, to choose the scheme in force.

use std::collections::HashMap;

/// Where a key sits in the text: the key's byte range and the value's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Byte range of the key.
    pub key: (usize, usize),
    /// Byte range of the value on the key's line (empty when it starts below).
    pub value: (usize, usize),
}

/// Finds each block-style key's places, by dotted path (`数据.编制数`), in the order written
/// (a key written twice has two). Keys in flow style (`{…}`) are not listed; callers fall back
/// to the enclosing key.
pub fn locate(text: &str) -> HashMap<String, Vec<Place>> {
    let mut out: HashMap<String, Vec<Place>> = HashMap::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut items: HashMap<String, usize> = HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let content = &body[indent..];
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (indent, content) = match content.strip_prefix('-') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => {
                // A list item: `绩效指标.#3` is the fourth item under `绩效指标`.
                while stack
                    .last()
                    .is_some_and(|(i, k)| *i > indent || (*i == indent && k.starts_with('#')))
                {
                    stack.pop();
                }
                let parent: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
                let parent = parent.join(".");
                let n = items.entry(parent.clone()).or_insert(0usize);
                let key = format!("#{n}");
                *n += 1;
                let s0 = start + indent;
                let e0 = start + indent + content.trim_end().len();
                out.entry(format!("{parent}.{key}"))
                    .or_default()
                    .push(Place {
                        key: (s0, e0),
                        value: (s0, e0),
                    });
                stack.push((indent, key));
                let lead = rest.len() - rest.trim_start().len();
                (indent + 1 + lead, rest.trim_start())
            }
            _ => (indent, content),
        };
        if content.starts_with('{') {
            // A list item written `- {…}`: its keys, under the item.
            if stack
                .last()
                .is_some_and(|(i, k)| *i < indent && k.starts_with('#'))
            {
                let parent: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
                flow_keys(content, start + indent, &parent.join("."), &mut out);
            }
            continue;
        }
        if content.is_empty() {
            continue;
        }
        let Some(colon) = find_key_colon(content) else {
            continue;
        };
        let key = content[..colon]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        path.push(&key);
        let value_text = &content[colon + 1..];
        let lead = value_text.len() - value_text.trim_start().len();
        let value_body = value_text.trim_start();
        let value_len = value_body.find(" #").unwrap_or(value_body.len());
        let vstart = start + indent + colon + 1 + lead;
        out.entry(path.join(".")).or_default().push(Place {
            key: (start + indent, start + indent + colon),
            value: (vstart, vstart + value_body[..value_len].trim_end().len()),
        });
        if value_body.starts_with('{') {
            flow_keys(value_body, vstart, &path.join("."), &mut out);
        }
        stack.push((indent, key));
    }
    out
}

/// The keys of a one-line flow mapping `{键: 值, 键: 值}` starting at byte `base`, recorded
/// under `parent` (nested `{…}` and `[…]` values are passed over as values).
fn flow_keys(s: &str, base: usize, parent: &str, out: &mut HashMap<String, Vec<Place>>) {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut item = 1; // byte index where the current entry starts (after `{` or `,`)
    let mut colon: Option<usize> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '{' | '[') => depth += 1,
            (None, ':') if depth == 1 && colon.is_none() && s[i + 1..].starts_with([' ', '\t']) => {
                colon = Some(i);
            }
            (None, ',' | '}' | ']') if depth == 1 => {
                if let Some(k) = colon {
                    let raw = &s[item..k];
                    let lead = raw.len() - raw.trim_start().len();
                    let key = raw.trim();
                    let value = &s[k + 1..i];
                    let vlead = value.len() - value.trim_start().len();
                    let (ks, vs) = (base + item + lead, base + k + 1 + vlead);
                    out.entry(format!("{parent}.{}", key.trim_matches(['"', '\''])))
                        .or_default()
                        .push(Place {
                            key: (ks, ks + key.len()),
                            value: (vs, vs + value.trim().len()),
                        });
                }
                if c != ',' {
                    return;
                }
                item = i + 1;
                colon = None;
            }
            (None, '}' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

/// The byte index of the `:` that ends a key (followed by a space or the end of line).
fn find_key_colon(s: &str) -> Option<usize> {
    let mut in_quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (in_quote, c) {
            (Some(q), c) if c == q => in_quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i == 0 => in_quote = Some(c),
            (None, ':') => {
                let next = s[i + 1..].chars().next();
                if next.is_none_or(|n| n == ' ' || n == '\t') {
                    return Some(i);
                }
            }
            (None, '{' | '[') => return None,
            _ => {}
        }
    }
    None
}

/// Where the key at `path` (`数据.编制数`, `绩效指标.#2.实际`) is in a JSON text: each
/// segment's quoted name searched after the previous one, the last one's `nth` occurrence
/// (0: the first); list items are not counted, so a row's key points at its first occurrence
/// after the list.
pub fn json_place(text: &str, path: &str, nth: usize) -> Option<Place> {
    let mut from = 0;
    let mut key = None;
    let segments: Vec<&str> = path.split('.').filter(|s| !s.starts_with('#')).collect();
    for (i, seg) in segments.iter().enumerate() {
        let quoted = format!("\"{seg}\"");
        let times = if i + 1 == segments.len() { nth + 1 } else { 1 };
        for _ in 0..times {
            let at = from + text.get(from..)?.find(&quoted)?;
            key = Some((at, at + quoted.len()));
            from = at + quoted.len();
        }
    }
    let (ks, ke) = key?;
    let rest = &text[ke..];
    let colon = rest.find(':')?;
    let after = &rest[colon + 1..];
    let skip = after.len() - after.trim_start().len();
    let vs = ke + colon + 1 + skip;
    let value = &text[vs..];
    let len = if let Some(inner) = value.strip_prefix('"') {
        inner.find('"').map_or(value.len(), |i| i + 2)
    } else {
        value.find([',', '}', ']', '\n']).unwrap_or(value.len())
    };
    Some(Place {
        key: (ks, ke),
        value: (vs, vs + value[..len].trim_end().len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_block_keys() {
        let text = "单位: 甲\n数据:\n  编制数: 20  # 注\n  在职: 21\n自评:\n  在职: 4\n";
        let places = locate(text);
        let p = places["数据.编制数"][0];
        assert_eq!(&text[p.value.0..p.value.1], "20");
        assert_eq!(&text[p.key.0..p.key.1], "编制数");
        assert!(places.contains_key("自评.在职"));
        assert!(places.contains_key("数据.在职"));
    }

    #[test]
    fn locates_keys_of_one_line_flow_mappings() {
        let text = "预算执行: {全年预算数: 6, \"全年执行数\": 5}\n绩效指标:\n  - {一级: 产出, 指标值: \"≥1, 或 2\", 完成值: [1, 2]}\n";
        let places = locate(text);
        let p = places["预算执行.全年执行数"][0];
        assert_eq!(&text[p.key.0..p.key.1], "\"全年执行数\"");
        assert_eq!(&text[p.value.0..p.value.1], "5");
        let p = places["绩效指标.#0.指标值"][0];
        assert_eq!(&text[p.value.0..p.value.1], "\"≥1, 或 2\"");
        let p = places["绩效指标.#0.完成值"][0];
        assert_eq!(&text[p.value.0..p.value.1], "[1, 2]");
        assert_eq!(&text[p.key.0..p.key.1], "完成值");
    }
}
