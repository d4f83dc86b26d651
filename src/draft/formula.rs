//! A `值` formula read from a 指标说明 definition (`在职人员控制率=（在职人员数/编制数）×100%`),
//! with the inputs it names, their units inferred from their names (`UNITS`), and the
//! definitions of terms written after it (`在职人员数：部门实际在职人数…`) as their descriptions.

use super::write::name_of;

/// A definition read from 指标说明.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    /// The value defined (`在职人员控制率`).
    pub name: String,
    /// Its formula in the scheme language (`(在职人员数 / 编制数)`), a ratio where the table
    /// writes `×100%`.
    pub expr: String,
    /// The names it reads, in order, each once.
    pub inputs: Vec<String>,
    /// Terms defined after it (`在职人员数`, `部门（单位）实际在职人数…`).
    pub terms: Vec<(String, String)>,
    /// The table wrote a dash where `=` belongs (`控制率-（…）×100%`): read as `=`, to be
    /// confirmed.
    pub dashed: bool,
}

impl Formula {
    /// The formula's division at its top (`N / D`, outer brackets aside): the numerator's
    /// and the divisor's tokens.
    pub fn division(&self) -> Option<(Vec<&str>, Vec<&str>)> {
        let tokens: Vec<&str> = split_tokens(&self.expr);
        let tokens = unwrap(&tokens);
        let mut depth = 0;
        let mut at = None;
        for (i, t) in tokens.iter().enumerate() {
            match *t {
                "(" => depth += 1,
                ")" => depth -= 1,
                "/" if depth == 0 => {
                    if at.is_some() {
                        return None;
                    }
                    at = Some(i);
                }
                _ => {}
            }
        }
        let at = at?;
        Some((
            unwrap(&tokens[..at]).to_vec(),
            unwrap(&tokens[at + 1..]).to_vec(),
        ))
    }
}

/// The tokens of a formula as [`read`] writes it: brackets are tokens of their own.
fn split_tokens(expr: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in expr.split(' ') {
        let mut w = word;
        while let Some(r) = w.strip_prefix('(') {
            out.push("(");
            w = r;
        }
        let closing = w.len() - w.trim_end_matches(')').len();
        let core = &w[..w.len() - closing];
        if !core.is_empty() {
            out.push(core);
        }
        out.extend(std::iter::repeat_n(")", closing));
    }
    out
}

/// `tokens` without brackets around the whole.
fn unwrap<'t, 's>(mut tokens: &'t [&'s str]) -> &'t [&'s str] {
    while tokens.len() >= 2 && tokens[0] == "(" && tokens[tokens.len() - 1] == ")" {
        // Only when the first bracket closes at the end.
        let mut depth = 0;
        let closes_at_end = tokens.iter().enumerate().all(|(i, t)| {
            match *t {
                "(" => depth += 1,
                ")" => depth -= 1,
                _ => {}
            }
            depth > 0 || i == tokens.len() - 1
        });
        if !closes_at_end {
            break;
        }
        tokens = &tokens[1..tokens.len() - 1];
    }
    tokens
}

/// The numerator `n` when the divisor (one name, `d`) is zero, as a condition's left side:
/// the terms of a sum that are `d` dropped (`本年 - 上年` over `上年` → `本年`); `None` when
/// nothing is left or the numerator is no sum of names.
pub fn numerator_at_zero(n: &[&str], d: &str) -> Option<String> {
    let mut terms: Vec<(bool, &str)> = Vec::new();
    let mut minus = false;
    for (i, t) in n.iter().enumerate() {
        match *t {
            "+" if i % 2 == 1 => minus = false,
            "-" if i % 2 == 1 => minus = true,
            name if i % 2 == 0 && !"()×/+-".contains(name) => terms.push((minus, name)),
            _ => return None,
        }
    }
    let kept: Vec<(bool, &str)> = terms.into_iter().filter(|(_, t)| *t != d).collect();
    let mut out = String::new();
    for (k, (minus, t)) in kept.iter().enumerate() {
        if k > 0 {
            out.push_str(if *minus { " - " } else { " + " });
        } else if *minus && kept.len() > 1 {
            out.push('-');
        }
        out.push_str(t);
    }
    (!out.is_empty()).then_some(out)
}

/// Words in an input's name and the unit they mean, first match wins; `万元` stands for the
/// money unit the table uses (万元 or 元, said in the table's text). Adding a wording is adding
/// a line.
pub const UNITS: &[(&str, &str)] = &[
    ("面积", "平方米"),
    ("满意度", "%"),
    ("人数", "人"),
    ("人员数", "人"),
    ("编制数", "人"),
    ("人次", "人次"),
    ("率", "%"),
    ("金额", "万元"),
    ("预算", "万元"),
    ("支出", "万元"),
    ("经费", "万元"),
    ("资金", "万元"),
    ("结转", "万元"),
    ("结余", "万元"),
    ("投资", "万元"),
    ("收入", "万元"),
];

/// Names of the score itself, which a 说明 may define (`得分=分值×执行率`): not a quantity.
const SCORE_NAMES: &[&str] = &[
    "得分",
    "分数",
    "本项得分",
    "该项得分",
    "指标得分",
    "本指标得分",
];

/// Brackets nested deeper than this are no definition a table writes: not read.
const MAX_DEPTH: usize = 16;

/// Words in an input's name that bound it, in percent: a 满意度 is 0 to 100%.
const RANGES: &[(&str, u32, u32)] = &[("满意度", 0, 100)];

/// The range (in percent) an input's name bounds it to, where it does.
pub fn range_of(name: &str) -> Option<(rust_decimal::Decimal, rust_decimal::Decimal)> {
    RANGES
        .iter()
        .find(|(w, _, _)| name.contains(w))
        .map(|(_, lo, hi)| ((*lo).into(), (*hi).into()))
}

/// The unit an input's name suggests, with the word that suggests it.
pub fn unit_of(name: &str) -> Option<(&'static str, &'static str)> {
    UNITS
        .iter()
        .find(|(word, _)| name.contains(word))
        .map(|(w, u)| (*w, *u))
}

/// The definition at the start of `explanation`, when it reads as one: a name, `=`, and a
/// formula of names, numbers, `+ - × /` and brackets, optionally `×100%`; `None` otherwise.
pub fn read(explanation: &str) -> Option<Formula> {
    let end = explanation
        .find(['，', '。', '；', ';', '\n', ','])
        .unwrap_or(explanation.len());
    let (def, rest) = explanation.split_at(end);
    // `得分=预算执行率×分值；预算执行率=…`: how the score is counted, not a quantity; the
    // definition after it is the formula.
    let head = def.split(['=', '＝']).next().unwrap_or("").trim();
    if SCORE_NAMES.contains(&head) {
        let next = rest.trim_start_matches(|c: char| "，。；;\n,".contains(c));
        return (next.len() < rest.len()).then(|| read(next)).flatten();
    }
    let (lhs, rhs, dashed) = match def.split_once(['=', '＝']) {
        Some((l, r)) => (l, r, false),
        None => {
            // `“三公经费”控制率-（…）×100%`: a dash where `=` was meant, before a bracket.
            let i = def.find(['-', '－'])?;
            let dash = def[i..].chars().next()?.len_utf8();
            let (l, r) = (&def[..i], &def[i + dash..]);
            if !r.trim_start().starts_with(['（', '(', '[']) {
                return None;
            }
            (l, r, true)
        }
    };
    let name = name_of(lhs.trim())?;
    let rhs = rhs.trim();
    // `×100%` (and `×100`, a percentage written as a number): the value is the ratio.
    let rhs = [
        "×100%", "*100%", "＊100%", "×100％", "*100％", "x100%", "×100", "*100", "＊100",
    ]
    .iter()
    .find_map(|s| rhs.strip_suffix(s))
    .unwrap_or(rhs)
    .trim();
    let (expr, inputs) = tokens(rhs)?;
    let terms = rest
        .split(['。', '；', ';', '\n'])
        .filter_map(|piece| {
            let piece = piece.trim().trim_start_matches(['，', ',']).trim();
            let (term, desc) = piece.split_once(['：', ':'])?;
            let term = name_of(term.trim())?;
            let desc = desc.trim();
            (!desc.is_empty()).then(|| (term, desc.to_string()))
        })
        .collect();
    Some(Formula {
        name,
        expr,
        inputs,
        terms,
        dashed,
    })
}

/// The formula in the scheme's syntax and the names it reads; `None` at anything else.
fn tokens(rhs: &str) -> Option<(String, Vec<String>)> {
    let mut out: Vec<String> = Vec::new();
    let mut inputs: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut flush = |word: &mut String, out: &mut Vec<String>| -> Option<()> {
        if word.is_empty() {
            return Some(());
        }
        if word.chars().all(|c| c.is_ascii_digit() || c == '.') {
            out.push(std::mem::take(word));
            return Some(());
        }
        let name = name_of(word)?;
        if !inputs.contains(&name) {
            inputs.push(name.clone());
        }
        out.push(name);
        word.clear();
        Some(())
    };
    for c in rhs.chars() {
        let op = match c {
            '（' | '(' | '[' | '【' | '〔' => Some("("),
            '）' | ')' | ']' | '】' | '〕' => Some(")"),
            '+' | '＋' => Some("+"),
            '-' | '－' | '—' | '−' => Some("-"),
            '×' | '*' | '＊' => Some("×"),
            '/' | '÷' | '／' => Some("/"),
            _ => None,
        };
        match op {
            Some(op) => {
                flush(&mut word, &mut out)?;
                out.push(op.to_string());
            }
            None if c.is_whitespace() => flush(&mut word, &mut out)?,
            // Quotes around a term (`“三公经费”`) are not part of its name.
            None if matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'') => {}
            None if c.is_alphanumeric() || c == '.' => word.push(c),
            None => return None,
        }
    }
    flush(&mut word, &mut out)?;
    // Written as `fmt` writes a formula: `(a / b) × c`.
    let mut text = String::new();
    let mut depth = 0usize;
    for (i, t) in out.iter().enumerate() {
        if t == "(" {
            depth += 1;
            if depth > MAX_DEPTH {
                return None;
            }
        } else if t == ")" {
            depth = depth.saturating_sub(1);
        }
        let tight = i == 0 || t == ")" || out[i - 1] == "(";
        if !tight {
            text.push(' ');
        }
        text.push_str(t);
    }
    (!inputs.is_empty()).then_some((text, inputs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_are_read_as_formulas() {
        let f = read("在职人员控制率=（在职人员数/编制数）×100%，在职人员数：部门（单位）实际在职人数，以财政局确定的部门决算编制口径为准。编制数：机构编制部门核定批复的部门（单位）的人员编制数。");
        let Some(f) = f else { panic!("read") };
        assert_eq!(f.name, "在职人员控制率");
        assert_eq!(f.expr, "(在职人员数 / 编制数)");
        assert_eq!(f.inputs, ["在职人员数", "编制数"]);
        assert_eq!(
            f.terms[0],
            (
                "在职人员数".to_string(),
                "部门（单位）实际在职人数，以财政局确定的部门决算编制口径为准".to_string()
            )
        );
        let g = read("“三公经费”变动率=[（本年度“三公经费”预算数-上年度“三公经费”预算数）/上年度“三公经费”预算数]×100%");
        let Some(g) = g else { panic!("read") };
        assert_eq!(g.name, "三公经费变动率");
        assert_eq!(g.inputs, ["本年度三公经费预算数", "上年度三公经费预算数"]);
        // A dash where `=` was meant is read, and said.
        let h = read("“三公经费”控制率-（“三公经费”实际支出数/“三公经费”预算安排数）×100%。");
        let Some(h) = h else { panic!("dashed") };
        assert!(h.dashed);
        assert_eq!(h.expr, "(三公经费实际支出数 / 三公经费预算安排数)");
        let (n, d) = h.division().expect("division");
        assert_eq!(
            (n, d),
            (vec!["三公经费实际支出数"], vec!["三公经费预算安排数"])
        );
        let (n, d) = g.division().expect("division");
        assert_eq!(d, ["上年度三公经费预算数"]);
        assert_eq!(
            numerator_at_zero(&n, d[0]).as_deref(),
            Some("本年度三公经费预算数")
        );
        assert_eq!(
            numerator_at_zero(&["甲", "-", "乙"], "甲").as_deref(),
            Some("乙")
        );
        assert_eq!(
            numerator_at_zero(&["甲", "-", "乙", "+", "丙"], "甲").as_deref(),
            Some("-乙 + 丙")
        );
        assert_eq!(numerator_at_zero(&["甲", "×", "乙"], "甲"), None);
        assert!(read("预决算信息是指与部门预算、执行、决算相关的信息。").is_none());
        // How the score is counted is no quantity: the definition after it is.
        let k = read("得分=预算执行率×分值；预算执行率=实际支出/预算数×100%").expect("the second");
        assert_eq!(
            (k.name.as_str(), k.expr.as_str()),
            ("预算执行率", "实际支出 / 预算数")
        );
        // Brackets past any table's: not read.
        let deep = format!("比率={}甲{}", "(".repeat(40), ")".repeat(40));
        assert!(read(&deep).is_none());
        assert_eq!(unit_of("在职人员数"), Some(("人员数", "人")));
        assert_eq!(unit_of("楼堂馆所实际面积").map(|u| u.1), Some("平方米"));
        assert_eq!(unit_of("年初预算").map(|u| u.1), Some("万元"));
    }
}
