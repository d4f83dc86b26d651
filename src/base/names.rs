//! Names a person may have meant: "是否想写 `编制数`？" by edit distance, and the key two
//! names share when they look alike (`编制数1` and `编制数１`).
//!
//! Lookalikes use the Unicode confusable skeleton (UTS #39, as rustc does for identifiers)
//! after NFKC, which folds full-width forms to their ASCII twins.

use unicode_normalization::UnicodeNormalization;
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
    for c in candidates {
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
    best.map(|(_, _, c)| format!("是否想写 `{c}`？"))
}
