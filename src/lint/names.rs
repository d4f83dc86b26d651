//! Names that look alike: `编制数1` and `编制数１` (full-width digit), `CO2` and `СO2` (a
//! Cyrillic С). The language accepts any letters in names; two names that a reader cannot tell
//! apart, or one that mixes lookalike scripts, is a warning.
//!
//! Comparison uses the Unicode confusable skeleton (UTS #39, as rustc does for identifiers)
//! after NFKC, which folds full-width forms to their ASCII twins.

use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};
use unicode_security::{RestrictionLevel, RestrictionLevelDetection};

use super::Lint;
use crate::base::diag::Diag;
use crate::base::names::key_of_folded;
use crate::syntax::ast;

/// Han and ASCII only: at most "highly restrictive" (Latin with Han is allowed there), so no
/// script mixing to report.
fn han_or_ascii(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() || matches!(c.script(), Script::Han | Script::Common))
}

/// Every name the scheme declares, in order.
fn declared(file: &ast::File) -> Vec<&ast::Name> {
    fn indicator<'a>(d: &'a ast::IndicatorDecl, out: &mut Vec<&'a ast::Name>) {
        out.push(&d.name);
        if let Some(s) = &d.subject {
            if s.expr.is_some() {
                out.push(&s.name);
            }
        }
        for c in &d.children {
            indicator(c, out);
        }
    }
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            ast::Item::Input(d) => {
                out.push(&d.name);
                if let ast::InputType::Checklist(items, _) | ast::InputType::Tier(items, _) = &d.ty
                {
                    out.extend(items.iter());
                }
            }
            ast::Item::Value(v) => out.push(&v.name),
            ast::Item::Indicator(d) => indicator(d, &mut out),
            ast::Item::Grades { grades, .. } => out.extend(grades.iter().map(|g| &g.name)),
            _ => {}
        }
    }
    out
}

fn script_word(s: Script) -> String {
    match s {
        Script::Han => "汉字".into(),
        Script::Latin => "拉丁".into(),
        Script::Cyrillic => "西里尔".into(),
        Script::Greek => "希腊".into(),
        Script::Hiragana | Script::Katakana => "日文假名".into(),
        Script::Hangul => "韩文".into(),
        other => other.full_name().into(),
    }
}

/// Where two lookalike names first differ, in words.
fn difference(a: &str, b: &str) -> String {
    let describe = |c: char| {
        let kind = if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
            "全角"
        } else if c.is_ascii() {
            "半角"
        } else {
            match c.script() {
                Script::Cyrillic => "西里尔字母",
                Script::Greek => "希腊字母",
                _ => "",
            }
        };
        if kind.is_empty() {
            format!("`{c}`（U+{:04X}）", c as u32)
        } else {
            format!("`{c}`（{kind}，U+{:04X}）", c as u32)
        }
    };
    let pair = a.chars().zip(b.chars()).find(|(x, y)| x != y);
    match pair {
        Some((x, y)) => format!(
            "{} 与 {} 看起来一样，却是不同的字符，两个名称会被当作两个东西。统一写法（数字和字母用半角）",
            describe(x),
            describe(y)
        ),
        None => "两个名称看起来一样，却是不同的字符；统一写法（数字和字母用半角）".into(),
    }
}

/// Reports names that differ only by lookalike characters, and names mixing scripts.
pub fn run(file: &ast::File, diags: &mut Vec<Diag>) {
    let names = declared(file);
    // The names met, by skeleton (a lookup per name, not a scan of every name before it).
    let mut seen: std::collections::HashMap<String, Vec<&ast::Name>> =
        std::collections::HashMap::with_capacity(names.len());
    for n in &names {
        let folded: String = n.text.nfkc().collect();
        let key = key_of_folded(&folded);
        let same_key = seen.entry(key).or_default();
        match same_key.iter().find(|m| m.text != n.text).copied() {
            Some(first) => diags.push(
                Diag::new(
                    Lint::LookalikeName {
                        name: n.text.clone(),
                        other: first.text.clone(),
                        help: difference(&n.text, &first.text),
                    },
                    n.span,
                )
                .note(first.span, "形近的名称")
                .label("只差形近字符"),
            ),
            None => same_key.push(n),
        }
        if !han_or_ascii(&folded)
            && folded.as_str().detect_restriction_level() > RestrictionLevel::HighlyRestrictive
        {
            let mut scripts: Vec<Script> = Vec::new();
            for c in folded.chars() {
                let s = c.script();
                if !matches!(s, Script::Common | Script::Inherited | Script::Unknown)
                    && !scripts.contains(&s)
                {
                    scripts.push(s);
                }
            }
            if scripts.len() > 1 {
                let words: Vec<String> = scripts.into_iter().map(script_word).collect();
                diags.push(
                    Diag::new(
                        Lint::MixedScript {
                            name: n.text.clone(),
                            scripts: words.join("、"),
                        },
                        n.span,
                    )
                    .label("混用文字"),
                );
            }
        }
    }
}
