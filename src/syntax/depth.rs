//! A pre-scan for bracket nesting, so that a pathological formula gets a diagnostic
//! instead of exhausting the parser's stack.

/// The byte offset of the first bracket nested deeper than `limit`, outside strings and
/// comments.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '/' if chars.peek().map(|p| p.1) == Some('/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '（' | '[' | '【' | '{' | '｛' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            ')' | '）' | ']' | '】' | '}' | '｝' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn finds_the_first_bracket_past_the_limit() {
        let text = format!("值 a = {}1{}", "(".repeat(10), ")".repeat(10));
        assert_eq!(too_deep(&text, 10), None);
        assert_eq!(too_deep(&text, 9), Some("值 a = ".len() + 9));
    }

    #[test]
    fn ignores_brackets_in_strings_and_comments() {
        assert_eq!(too_deep("说明 \"((((\" // ((((\n", 2), None);
    }
}
