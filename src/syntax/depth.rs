//! A pre-scan for bracket nesting, so that a pathological formula gets a diagnostic
//! instead of exhausting the parser's stack.

/// The byte offset of the first bracket nested deeper than `limit`, outside strings and
/// comments.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    // Bytes, not characters: every delimiter is ASCII or a full-width bracket whose three
    // UTF-8 bytes are matched directly.
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        // The bytes a delimiter can start with; everything else (most of a scheme's text)
        // is skipped without looking further.
        if !matches!(
            c,
            b'"' | b'/' | b'(' | b'[' | b'{' | b')' | b']' | b'}' | 0xEF | 0xE3
        ) {
            i += 1;
            continue;
        }
        let wide = b.get(i..i + 3);
        let step = match (c, wide) {
            (b'"', _) => {
                in_string = true;
                1
            }
            (b'/', _) if b.get(i + 1) == Some(&b'/') => {
                // A comment runs to the end of the line.
                b[i..]
                    .iter()
                    .position(|&x| x == b'\n')
                    .unwrap_or(b.len() - i)
            }
            (b'(' | b'[' | b'{', _) => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                1
            }
            // （ 【 ｛
            (_, Some([0xEF, 0xBC, 0x88] | [0xE3, 0x80, 0x90] | [0xEF, 0xBD, 0x9B])) => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
                3
            }
            (b')' | b']' | b'}', _) => {
                depth = depth.saturating_sub(1);
                1
            }
            // ） 】 ｝
            (_, Some([0xEF, 0xBC, 0x89] | [0xE3, 0x80, 0x91] | [0xEF, 0xBD, 0x9D])) => {
                depth = depth.saturating_sub(1);
                3
            }
            _ => 1,
        };
        i += step;
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

    #[test]
    fn counts_full_width_brackets() {
        assert_eq!(too_deep("（【｛", 2), Some("（【".len()));
        assert_eq!(too_deep("（）【】｛｝（", 1), None);
    }
}
