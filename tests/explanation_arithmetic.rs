//! Every calculation an explanation prints is true as printed: `A × B = C`, `A ÷ B = C`, the
//! steps of a 每…为一档 rule and every 四舍五入 line of the explanation of every fixture the
//! shipped schemes score. A number printed exactly must compute exactly; one printed rounded
//! carries `≈`, and then the line must hold within what the rounding can account for.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::path::Path;

use rust_decimal::Decimal;

/// A number as printed: its value, whether it carries `≈`, how far it may be from the exact
/// value, and its unit.
#[derive(Debug, Clone, Copy)]
struct Shown {
    value: Decimal,
    /// Half a unit of the last printed digit when marked `≈`, else 0.
    error: Decimal,
}

/// The number printed at the start of `s` (after `≈`, a sign), with its unit (`%` is taken as
/// a hundredth, `个百分点` too). `None` when `s` does not start with a number.
fn number_at(s: &str) -> Option<(Shown, &str)> {
    let (approx, rest) = match s.strip_prefix('≈') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (neg, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let digits = &rest[..end];
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut value: Decimal = digits.parse().ok()?;
    if neg {
        value = -value;
    }
    let places = digits.split('.').nth(1).map_or(0, str::len) as u32;
    let mut error = if approx {
        Decimal::new(5, places + 1)
    } else {
        Decimal::ZERO
    };
    let mut rest = &rest[end..];
    for pct in ["%", "个百分点"] {
        if let Some(r) = rest.strip_prefix(pct) {
            value /= Decimal::ONE_HUNDRED;
            error /= Decimal::ONE_HUNDRED;
            rest = r;
        }
    }
    Some((Shown { value, error }, rest))
}

/// The number printed just before byte `at` of `s` (its unit included).
fn number_before(s: &str, at: usize) -> Option<Shown> {
    let head = &s[..at];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || "≈.-%分个百点".contains(*c))
        .last()
        .map(|(i, _)| i)?;
    let text = head[start..].trim_start_matches(|c: char| "分个百点%".contains(c));
    let (n, rest) = number_at(text)?;
    rest.trim_start_matches(['分', '%'])
        .trim_start_matches("个百分点")
        .is_empty()
        .then_some(n)
}

/// Whether `a op b` can equal `c` as printed.
fn holds(a: Shown, b: Shown, c: Shown, op: char) -> bool {
    let (exact, error) = match op {
        '-' => (a.value - b.value, a.error + b.error),
        '×' => (
            a.value * b.value,
            a.error * b.value.abs() + b.error * a.value.abs() + a.error * b.error,
        ),
        _ => {
            if b.value.is_zero() {
                return false;
            }
            let q = a.value / b.value;
            // d(a/b) ≤ ea/|b| + |a|·eb/b² (+ a second-order term, bounded generously).
            let e = a.error / b.value.abs() + a.value.abs() * b.error / (b.value * b.value);
            (q, e * Decimal::TWO)
        }
    };
    let slack = error + c.error + Decimal::new(1, 20);
    (exact - c.value).abs() <= slack
}

/// Every `A × B = C`, `A ÷ B = C` and `A分 - B分 = C分` in `line` with plain numbers on both
/// sides.
fn check_products(line: &str, problems: &mut Vec<String>) -> usize {
    let mut checked = 0;
    for op in ['×', '÷', '-'] {
        let pat = format!(" {op} ");
        for (at, _) in line.match_indices(&pat) {
            let Some(a) = number_before(line, at) else {
                continue;
            };
            let after = &line[at + pat.len()..];
            let Some((b, rest)) = number_at(after) else {
                continue;
            };
            let rest = rest.trim_start_matches('分');
            // `A × B = C`, or a deduction `A × B分，扣 C分`.
            let Some(rest) = rest
                .strip_prefix(" = ")
                .or_else(|| rest.strip_prefix("，扣 "))
            else {
                continue;
            };
            let Some((c, _)) = number_at(rest) else {
                continue;
            };
            checked += 1;
            if !holds(a, b, c, op) {
                problems.push(format!("不成立：{line}"));
            }
        }
    }
    checked
}

/// `共E…，每S为一档，满 N 档` / `计 N 档`: N is E ÷ S rounded down (满) or up (计).
fn check_steps(line: &str, problems: &mut Vec<String>) -> usize {
    let Some(at) = line.find('共') else {
        return 0;
    };
    let Some((e, rest)) = number_at(&line[at + '共'.len_utf8()..]) else {
        return 0;
    };
    let Some(at) = rest.find("，每") else {
        return 0;
    };
    let Some((s, rest)) = number_at(&rest[at + "，每".len()..]) else {
        return 0;
    };
    // Less than one step, said in words: E < S.
    if rest.contains("不足一档，不扣分") {
        if e.value - e.error >= s.value {
            problems.push(format!("不足一档不对：{line}"));
        }
        return 1;
    }
    let (full, rest) = match (rest.find("满 "), rest.find("计 ")) {
        (Some(i), _) => (true, &rest[i + "满 ".len()..]),
        (None, Some(i)) => (false, &rest[i + "计 ".len()..]),
        _ => return 0,
    };
    let Some((n, _)) = number_at(rest) else {
        return 0;
    };
    let lo = (e.value - e.error) / s.value;
    let hi = (e.value + e.error) / s.value;
    let ok = if full {
        lo.floor() <= n.value && n.value <= hi.floor()
    } else {
        lo.ceil() <= n.value && n.value <= hi.ceil()
    };
    if !ok {
        problems.push(format!("档数不对：{line}"));
    }
    1
}

/// `X 四舍五入保留 P 位小数为 Y`: Y is X rounded half away from zero.
fn check_rounding(line: &str, problems: &mut Vec<String>) -> usize {
    // `X 四舍五入…`, or after a deduction `A分 - B分 = X分，四舍五入…`.
    let Some((at, sep)) = [" 四舍五入保留 ", "，四舍五入保留 "]
        .iter()
        .find_map(|sep| line.find(sep).map(|at| (at, *sep)))
    else {
        return 0;
    };
    let Some(x) = number_before(line, at) else {
        return 0;
    };
    let rest = &line[at + sep.len()..];
    let Some((p, rest)) = number_at(rest) else {
        return 0;
    };
    let Some(rest) = rest.strip_prefix(" 位小数为 ") else {
        return 0;
    };
    let Some((y, _)) = number_at(rest) else {
        return 0;
    };
    let places = u32::try_from(p.value.mantissa()).unwrap_or(0);
    let round = |v: Decimal| {
        v.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let ok = round(x.value - x.error) <= y.value && y.value <= round(x.value + x.error);
    if !ok {
        problems.push(format!("舍入不对：{line}"));
    }
    1
}

/// The explanation of every valid report under `dirs` with `scheme`.
fn explanations(scheme: &str, dirs: &[&str]) -> Vec<(String, String)> {
    let s = common::scheme(scheme);
    let mut out = Vec::new();
    for dir in dirs {
        let path = Path::new(dir);
        let files = if path.is_dir() {
            common::report_files(path)
        } else {
            vec![path.to_path_buf()]
        };
        for f in files {
            let r = common::read(&s, &f);
            if r.report.is_none() {
                continue;
            }
            let scored = common::score(&s, &f);
            let name = f.display().to_string();
            let text = jixiao::render::text::explanation(&scored, &name);
            out.push((name, text));
        }
    }
    out
}

#[test]
fn every_calculation_in_every_explanation_is_true_as_printed() {
    let bumen = [
        "fixtures/bumen-zhengti",
        "fixtures/generated",
        "fixtures/json",
    ];
    let mut all = explanations("schemes/bumen-zhengti/2020.jx", &bumen);
    all.extend(explanations("schemes/bumen-zhengti/2024.jx", &bumen));
    all.extend(explanations("schemes/ziping/2020.jx", &["fixtures/ziping"]));
    all.extend(explanations(
        "schemes/bumen-zhengti/2020.jx",
        &["tests/cases/bad-input/trace-rounding.yaml"],
    ));
    all.extend(explanations(
        "tests/cases/bad-input/trace-step.jx",
        &["tests/cases/bad-input/trace-step.yaml"],
    ));
    let mut problems = Vec::new();
    let (mut products, mut steps, mut roundings) = (0, 0, 0);
    for (name, text) in &all {
        for line in text.lines() {
            let before = problems.len();
            products += check_products(line, &mut problems);
            steps += check_steps(line, &mut problems);
            roundings += check_rounding(line, &mut problems);
            for p in &mut problems[before..] {
                *p = format!("{name}: {p}");
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The checks saw the lines they are for.
    assert!(all.len() > 100, "{} explanations", all.len());
    assert!(
        products > 900 && steps > 200 && roundings > 100,
        "{products} {steps} {roundings}"
    );
}

#[test]
fn the_checker_catches_what_the_old_explanations_printed() {
    let mut problems = Vec::new();
    // The two bug reports: a product of a rounded number, a step count of a rounded excess.
    check_products(
        "  扣分  超过0%共2.99个百分点，每1个百分点扣0.8分（按比例）：2.99 × 0.8分 = 2.40分",
        &mut problems,
    );
    check_steps(
        "  扣分  低于100%共10.00个百分点，每5%为一档，满 1 档（不足一档不扣）× 2分 = 2.00分",
        &mut problems,
    );
    check_rounding("  舍入  5.6048 四舍五入保留 2 位小数为 5.61", &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
    // Marked ≈, within its rounding: accepted.
    let mut none = Vec::new();
    check_products("  计分  10分 × ≈96.84% = ≈9.6842分", &mut none);
    check_products("完成率 = 92.00% ÷ 95.00% = ≈96.84%", &mut none);
    check_steps("低于100%共9.9999个百分点，每5%为一档，满 1 档", &mut none);
    assert!(none.is_empty(), "{none:?}");
}
