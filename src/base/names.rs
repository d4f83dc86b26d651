//! Names a person may have meant: "是否想写 `编制数`？" by edit distance, and the key two
//! names share when they look alike (`编制数1` and `编制数１`).
//!
//! Lookalikes use the Unicode confusable skeleton (UTS #39, as rustc does for identifiers)
//! after NFKC, which folds full-width forms to their ASCII twins.

use unicode_normalization::UnicodeNormalization;

/// A table from names to ids (inputs, indicators), looked up for every key of every report
/// read: a fast non-cryptographic hasher, since the names are the scheme's own.
pub type NameMap<V> = std::collections::HashMap<String, V, rustc_hash::FxBuildHasher>;
use unicode_security::skeleton;

/// The form two names share when they look the same.
pub fn lookalike_key(name: &str) -> String {
    key_of_folded(&name.nfkc().collect::<String>())
}

/// [`lookalike_key`] of a name already folded by NFKC.
pub fn key_of_folded(folded: &str) -> String {
    skeleton(folded).collect()
}

/// "是否想写 `x`？": the closest candidate by edit distance, if any is close enough. Ties go
/// to the candidate first in code-point order, so the same input always gets the same hint
/// (candidates often come from a hash map, in no order).
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let n = name.chars().count();
    let key = lookalike_key(name);
    let mut candidates: Vec<&str> = candidates.into_iter().filter(|c| *c != name).collect();
    candidates.sort_unstable();
    candidates.dedup();
    if let Some(c) = candidates.iter().find(|c| lookalike_key(c) == key) {
        return Some(format!(
            "是否想写 `{c}`？两者只差形近字符（如全角 `１` 与半角 `1`）"
        ));
    }
    // The best so far: distance d over length m, compared as fractions d/m.
    let mut best: Option<(usize, usize, &str)> = None;
    for &c in &candidates {
        let d = strsim::levenshtein(name, c);
        let m = n.max(c.chars().count()).max(1);
        // Accept up to a third of the longer name, at least one character.
        if d > (m / 3).max(1) {
            continue;
        }
        if best.is_none_or(|(bd, bm, _)| d * bm < bd * m) {
            best = Some((d, m, c));
        }
    }
    if let Some((_, _, c)) = best {
        return Some(format!("是否想写 `{c}`？"));
    }
    // An abbreviation: every character of the name, in order, in a longer candidate
    // (`社会公众满意度` for `社会公众或服务对象满意度`), when exactly one candidate has them.
    let within = |c: &str| {
        let mut it = c.chars();
        n >= 3 && name.chars().all(|x| it.any(|y| y == x))
    };
    let mut longer = candidates
        .iter()
        .filter(|c| c.chars().count() > n && within(c));
    match (longer.next(), longer.next()) {
        (Some(c), None) => Some(format!("是否想写 `{c}`？")),
        _ => None,
    }
}

/// A name for a character a reader cannot see (controls, zero-width and other invisible
/// spaces), or `None` for a visible one. Used where such a character stops a scheme or a
/// report from being read, so that the message says what is there.
pub fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL 空字符",
        '\u{8}' => "退格符",
        '\u{B}' => "垂直制表符",
        '\u{C}' => "换页符",
        '\u{1B}' => "ESC 转义符",
        '\u{7F}' => "DEL 删除符",
        '\u{80}'..='\u{9F}' => "C1 控制字符",
        '\u{A0}' => "不换行空格",
        '\u{AD}' => "软连字符",
        '\u{200B}' => "零宽空格",
        '\u{200C}' => "零宽不连字",
        '\u{200D}' => "零宽连字",
        '\u{200E}' | '\u{200F}' => "书写方向标记",
        '\u{2060}' => "字连接符",
        '\u{FEFF}' => "零宽不换行空格（BOM）",
        '\u{FFFE}' | '\u{FFFF}' => "非字符",
        c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => "控制字符",
        _ => return None,
    })
}

#[cfg(test)]
mod abbreviation_tests {
    use super::*;

    #[test]
    fn an_abbreviation_finds_its_long_name() {
        let names = ["社会公众或服务对象满意度", "社会效益", "满意度调查"];
        assert_eq!(
            suggest("社会公众满意度", names),
            Some("是否想写 `社会公众或服务对象满意度`？".into())
        );
        // Two long names hold it: no guess.
        assert_eq!(suggest("满意", ["群众满意度", "单位满意度"]), None);
    }
}
