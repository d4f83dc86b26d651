//! The inputs of `tests/cases/bad-input/` (bug reports against rules engines, YAML readers and
//! decimal libraries): each behaves as its first line says, and so do variants of its kind.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use common::{jixiao, tempdir, write};

const MINI: &str = "tests/cases/bad-input/mini.jx";

use common::bad_input as case;

/// A report for `mini.jx` with `率` written as `rate` (and 人数 as `people`).
fn mini_report(dir: &std::path::Path, name: &str, rate: &str, people: &str) -> String {
    let path = dir.join(name);
    let text = format!(
        "单位: 测\n年度: 2020\n数据:\n  金额: 5\n  人数: {people}\n  率: \"{rate}\"\n  有否: 否\n"
    );
    std::fs::write(&path, text).expect("temp report");
    path.display().to_string()
}

/// `8,8`, `1，5`, `1,000,00`, `71,6`: a comma that is no thousands separator is refused with
/// a message, never read as another number; a correctly grouped `1,000` is still read.
#[test]
fn ambiguous_commas_are_refused_never_read_as_another_number() {
    let (code, out, err) = jixiao(&["score", MINI, &case("comma-decimal.yaml")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("report-comma"), "{err}");
    assert!(
        err.contains("`率` 的值 `8,8` 中的逗号无法确定含义"),
        "{err}"
    );
    assert!(
        err.contains("comma-decimal.yaml:7:6"),
        "located at the value, columns in characters: {err}"
    );
    assert!(out.is_empty(), "not scored: {out}");

    let dir = tempdir("comma");
    for rate in ["1，5", "1,000,00", "71,6", "1,,000", "1.5,0", "1234,5"] {
        let report = mini_report(&dir, "r.yaml", rate, "3");
        let (code, _, err) = jixiao(&["score", MINI, &report]);
        assert_eq!(code, 1, "{rate}: {err}");
        assert!(err.contains("report-comma"), "{rate}: {err}");
    }
    // Grouped thousands are a number: 1,000 people, 8.8%.
    let report = mini_report(&dir, "ok.yaml", "8.8", "1,000");
    let (code, out, err) = jixiao(&["score", MINI, &report, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let score = |name: &str| {
        v[0]["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .find(|i| i["name"] == name)
            .map(|i| i["score"].clone())
    };
    // 乙: 5 × 8.8% = 0.44; 丙: 有否 = 否 → full marks whatever the count.
    assert_eq!(score("乙"), Some(serde_json::json!("0.44")));
    assert_eq!(score("丙"), Some(serde_json::json!("5.00")));
}

/// A key written twice (top level, 数据, 自评, 核定, a row, a reviewer's score; YAML, flow
/// style and JSON) is an error naming the key and both places; the report is not scored,
/// the others of the batch are.
#[test]
fn a_key_written_twice_is_an_error_at_both_places() {
    let (code, out, err) = jixiao(&["score", MINI, &case("dup-key.yaml")]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("`数据` 中的 `率` 写了两次"), "{err}");
    assert!(err.contains("dup-key.yaml:9:3"), "at the second: {err}");
    assert!(err.contains("第一次写在这里"), "{err}");
    let (code, _, err) = jixiao(&["score", MINI, &case("dup-block.yaml")]);
    assert_eq!(code, 1);
    assert!(err.contains("报告顶层的 `数据` 写了两次"), "{err}");
    assert!(err.contains("dup-block.yaml:9:1"), "{err}");

    let dir = tempdir("dup");
    let head = "单位: 测\n年度: 2020\n";
    let data = "数据:\n  金额: 5\n  人数: 3\n  率: 88\n  有否: 否\n";
    let cases = [
        (
            "flow.yaml",
            format!("{head}数据: {{金额: 5, 人数: 3, 率: 88, 率: 20, 有否: 否}}\n"),
            "`数据` 中的 `率` 写了两次",
        ),
        (
            "self.yaml",
            format!("{head}{data}自评:\n  甲: 5\n  甲: 3\n"),
            "`自评` 中的 `甲` 写了两次",
        ),
        (
            "confirmed.yaml",
            format!("{head}{data}核定:\n  总分: 15\n  总分: 16\n"),
            "`核定` 中的 `总分` 写了两次",
        ),
        (
            "unit.yaml",
            format!("{head}单位: 乙\n{data}"),
            "报告顶层的 `单位` 写了两次",
        ),
        (
            "budget.yaml",
            format!("{head}{data}预算执行:\n  金额: 6\n"),
            "`数据` 与 `预算执行` 中的 `金额` 写了两次",
        ),
        (
            "dup.json",
            "{\"单位\": \"测\", \"年度\": 2020, \"数据\": {\"金额\": 5, \"人数\": 3, \"率\": 88, \"率\": 20, \"有否\": \"否\"}}\n"
                .to_string(),
            "`数据` 中的 `率` 写了两次",
        ),
    ];
    for (name, text, message) in &cases {
        let report = write(&dir, name, text);
        let (code, out, err) = jixiao(&["score", MINI, &report]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(err.contains("report-duplicate"), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
    }
    // In a batch, the others are scored.
    let good = write(&dir, "good.yaml", &format!("{head}{data}"));
    let (code, out, _) = jixiao(&["score", MINI, &case("dup-key.yaml"), &good]);
    assert_eq!(code, 1);
    assert!(
        out.contains("good.yaml") && out.contains("总分 17.40"),
        "{out}"
    );
    // The same key twice in a form row, and in an `期望` block.
    let form = write(
        &dir,
        "row.yaml",
        "单位: 测\n年度: 2020\n预算执行: {全年预算数: 10, 全年执行数: 9}\n绩效指标:\n  - {一级: 产出指标, 三级: 发放人数, 指标值: 100人, 完成值: 98人, 完成值: 100人}\n",
    );
    let (code, _, err) = jixiao(&["score", "schemes/ziping/2020.jx", &form]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`绩效指标` 第 1 行的 `完成值` 写了两次"),
        "{err}"
    );
    let expect = write(
        &dir,
        "expect.yaml",
        &format!("{head}{data}期望:\n  总分: 17.40\n  总分: 17.40\n"),
    );
    let (code, out, _) = jixiao(&["test", MINI, &expect]);
    assert_eq!(code, 1);
    assert!(out.contains("期望中的 `总分` 写了两次"), "{out}");
}

/// An error past column 65,536 of a one-line report is located and shown (cut around the
/// mark), never a crash; the batch goes on. Columns count characters in the text header as
/// in JSON.
#[test]
fn a_long_line_is_shown_cut_and_the_batch_goes_on() {
    let (code, out, err) = jixiao(&[
        "score",
        "schemes/bumen-zhengti/2020.jx",
        &case("panic-miette-column.yaml"),
        "fixtures/bumen-zhengti/example-complete.yaml",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("内部错误"),
        "{err}"
    );
    assert!(
        err.contains("panic-miette-column.yaml:5:65544"),
        "the original line and character column: {err}"
    );
    assert!(err.contains("`编制数` 的值 `二十` 不是数字"), "{err}");
    assert!(
        err.lines().all(|l| l.chars().count() < 400),
        "lines cut: {err}"
    );
    assert!(
        out.contains("example-complete.yaml") && out.contains("总分 71.60"),
        "{out}"
    );

    let scheme = case("column-bytes.jx");
    let (_, text, _) = jixiao(&["check", &scheme]);
    let (_, json, _) = jixiao(&["check", &scheme, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let (line, column) = (v[0]["line"].clone(), v[0]["column"].clone());
    assert_eq!((line.clone(), column.clone()), (28.into(), 14.into()));
    assert!(
        text.contains(&format!("column-bytes.jx:{line}:{column}]")),
        "{text}"
    );
}

/// A reader that stops reading (`… | head`) ends the command quietly.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "score",
            "schemes/bumen-zhengti/2020.jx",
            "fixtures/generated",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("a line");
    assert_eq!(first.trim(), "[");
    // The reader has gone: the rest (over a megabyte of JSON) cannot be written.
    let out = child.wait_with_output().expect("it ends");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("内部错误") && !err.contains("Broken pipe"),
        "{err}"
    );
}

/// Standard error closed (`2>&1 | head`, `2>/dev/full`): its messages are lost, never the run:
/// every report is still scored to standard output.
#[test]
fn a_closed_standard_error_loses_only_messages() {
    use std::process::{Command, Stdio};
    let full = std::path::Path::new("/dev/full");
    let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    command
        .args([
            "score",
            "schemes/bumen-zhengti/2020.jx",
            "fixtures/generated",
        ])
        .stdout(Stdio::piped());
    if full.exists() {
        let sink = std::fs::OpenOptions::new()
            .write(true)
            .open(full)
            .expect("/dev/full");
        command.stderr(sink);
    } else {
        command.stderr(Stdio::null());
    }
    let out = command.output().expect("the binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    // Every report of the folder has its summary line (the warnings went nowhere).
    assert_eq!(common::report_lines(&text), 60, "{text}");

    // The same when standard error is a pipe whose reader has gone.
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "score",
            "schemes/bumen-zhengti/2020.jx",
            "fixtures/generated",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stderr.take());
    let out = child.wait_with_output().expect("it ends");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(common::report_lines(&text), 60, "{text}");
}

/// A scheme's number is taken exactly as written or refused at its place: more than 28
/// digits, an amount that does not fit once in 元, a percentage that does not fit as a
/// ratio, in every rule form; and no limit is applied silently (`保留 29位小数`, years).
#[test]
fn scheme_literals_out_of_range_are_located_errors() {
    let (code, _, err) = jixiao(&["check", &case("literal-overflow-panic.jx")]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (_, out, _) = jixiao(&["check", &case("literal-overflow-panic.jx")]);
    assert!(out.contains("literal-range"), "{out}");
    assert!(
        out.contains("数字 `10000000000000000000000000万元` 换算成元后超出可精确表示的范围"),
        "{out}"
    );
    assert!(out.contains("literal-overflow-panic.jx:10:10"), "{out}");
    let (code, out, _) = jixiao(&["check", &case("literal-scale29.jx")]);
    assert_eq!(code, 1);
    assert!(out.contains("syntax-number"), "{out}");
    assert!(
        out.contains("数字 `0.00000000000000000000000000001` 无法精确表示"),
        "{out}"
    );
    // Its report: scoring refuses the scheme instead of scoring with a constant cut to 0.
    let (code, out, err) = jixiao(&[
        "score",
        &case("literal-scale29.jx"),
        &case("literal-scale29.yaml"),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("syntax-number"), "{err}");
    assert!(err.contains("有错误，未计分"), "{err}");
    assert!(out.is_empty(), "{out}");

    let dir = tempdir("literals");
    let head = "方案 测\n年度 2020\n满分 10分\n保留 2位小数 四舍五入\n输入 金额：万元 \"金额\"\n输入 率：% \"率\"\n输入 次数：次 \"次数\"\n";
    let huge = "99999999999999999999999999万元";
    let cases = [
        // Every rule form that holds a number.
        ("band", format!("指标 甲 10分 {{\n  值 金额\n  分档 {{ ≤ {huge} 10分  > {huge} 0分 }}\n}}\n"), "literal-range"),
        ("threshold", format!("指标 甲 10分 {{\n  值 金额\n  超过 {huge} 每 1万元 扣 1分 按比例\n}}\n"), "literal-range"),
        ("step", format!("指标 甲 10分 {{\n  值 金额\n  超过 1万元 每 {huge} 扣 1分 按比例\n}}\n"), "literal-range"),
        ("formula", format!("值 x = 金额 + {huge}\n指标 甲 10分 {{\n  值 x\n  分档 {{ ≤ 0万元 10分  > 0万元 0分 }}\n}}\n"), "literal-range"),
        ("range", format!("输入 乙：万元 [0万元, {huge}] \"乙\"\n指标 甲 10分 {{\n  值 乙\n  分档 {{ ≤ 0万元 10分  > 0万元 0分 }}\n}}\n"), "literal-range"),
        ("percent", "指标 甲 10分 {\n  值 率\n  分档 { ≤ 0.000000000000000000000000001% 10分  > 0.000000000000000000000000001% 0分 }\n}\n".to_string(), "literal-range"),
        ("digits", "指标 甲 10分 {\n  值 次数\n  每出现 1.00000000000000000000000000001次 扣 1分\n}\n".to_string(), "syntax-number"),
        ("places", "指标 甲 10分 {\n  值 率\n  按比例计分\n}\n".to_string(), "limit"),
    ];
    for (name, body, id) in &cases {
        let text = if *name == "places" {
            format!("{}\n{body}", head.replace("保留 2位小数", "保留 29位小数"))
        } else {
            format!("{head}{body}")
        };
        let path = write(&dir, &format!("{name}.jx"), &text);
        let (code, out, err) = jixiao(&["check", &path]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.contains(id), "{name}: {out}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
    // Years: beyond what a report may name, or reversed.
    for (years, message) in [
        (
            "99999999999",
            "年度 `99999999999` 超出范围：应为 1900 到 2200",
        ),
        (
            "2025 至 2021",
            "年度的止年 `2021` 超出范围：应不早于起始年度 2025",
        ),
    ] {
        let text = format!("方案 测\n年度 {years}\n满分 10分\n保留 2位小数 四舍五入\n");
        let path = write(&dir, "years.jx", &text);
        let (code, out, _) = jixiao(&["check", &path]);
        assert_eq!(code, 1, "{years}");
        assert!(out.contains(message), "{years}: {out}");
    }
}

/// The formula of `deep-expr.py`: `kind` is plus, not, neg or if; `n` terms or levels.
fn deep_formula(kind: &str, n: usize) -> String {
    let head = "方案 深\n年度 2020\n满分 5分\n保留 2位小数 四舍五入\n等级 { 合格 ≥ 3分  不合格 < 3分 }\n输入 人数：人 >0 \"人数\"\n输入 有否：是否 \"是否\"\n";
    let body = match kind {
        "plus" => format!(
            "值 和 = {}\n指标 甲 5分 {{\n  值 比 = 人数 / 和\n  按比例计分 封顶 100%\n}}\n",
            vec!["人数"; n].join(" + ")
        ),
        "not" => format!(
            "指标 甲 5分 {{\n  若 {}有否 则 满分 \"x\"\n  值 比 = 人数 / 人数\n  按比例计分 封顶 100%\n}}\n",
            "非 ".repeat(n)
        ),
        "neg" => format!(
            "指标 甲 5分 {{\n  值 比 = ({}人数) / 人数\n  按比例计分 封顶 100%\n}}\n",
            "-".repeat(n)
        ),
        _ => format!(
            "指标 甲 5分 {{\n  值 比 = ({}人数{}) / 人数\n  按比例计分 封顶 100%\n}}\n",
            "若 有否 则 ".repeat(n),
            " 否则 人数".repeat(n)
        ),
    };
    format!("{head}{body}")
}

/// Long chains without brackets (`+`, `非`, unary minus, nested `若…否则`) are a located
/// `too-deep` beyond the limit, never a stack overflow, and take time in proportion to their
/// length; a long but allowed formula checks as usual.
#[test]
fn deep_formulas_are_too_deep_not_a_crash() {
    for name in [
        "abort-stack-add.jx",
        "abort-stack-ifelse.jx",
        "abort-stack-neg.jx",
        "abort-stack-not.jx",
    ] {
        let (code, out, err) = jixiao(&["check", &case(name)]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(out.contains("too-deep"), "{name}: {out}");
        // Too deep, or (ten thousand terms) more operators than a formula may hold.
        assert!(
            out.contains("公式过深：嵌套超过 256 层")
                || out.contains("公式过长：运算符超过 4096 个"),
            "{name}: {out}"
        );
        assert!(
            out.contains(&format!("{name}:9:")),
            "located at the formula: {out}"
        );
    }
    let dir = tempdir("deep");
    for kind in ["plus", "not", "neg", "if"] {
        for (n, ok) in [(200, true), (300, false), (20_000, false)] {
            let path = write(&dir, &format!("{kind}{n}.jx"), &deep_formula(kind, n));
            let (code, out, err) = jixiao(&["check", &path]);
            assert_eq!(code == 0, ok, "{kind} {n}: {out}{err}");
            assert!(
                !err.contains("overflow") && !err.contains("panicked"),
                "{kind} {n}: {err}"
            );
            if !ok {
                assert!(out.contains("too-deep"), "{kind} {n}: {out}");
            }
        }
    }
    // Past the parser's own limits: 80,000 operators of one kind or mixed (a tree that shallow
    // is still refused: more than 4096 operators), 60,000 `非`, 100,000 nested `若`.
    let mixed = format!(
        "方案 深\n年度 2020\n满分 5分\n保留 2位小数 四舍五入\n输入 人数：人 >0 \"人数\"\n值 和 = {}\n指标 甲 5分 {{\n  值 比 = 人数 / 和\n  按比例计分 封顶 100%\n}}\n",
        vec!["人数 × 人数"; 3000].join(" + ")
    );
    for (name, text, message) in [
        (
            "plus80k.jx",
            deep_formula("plus", 80_000),
            "公式过长：运算符超过 4096 个",
        ),
        (
            "times80k.jx",
            deep_formula("plus", 80_000).replace(" + ", " × "),
            "公式过长：运算符超过 4096 个",
        ),
        ("mixed.jx", mixed, "公式过长：运算符超过 4096 个"),
        (
            "not60k.jx",
            deep_formula("not", 60_000),
            "公式过深：嵌套超过 256 层",
        ),
        (
            "if100k.jx",
            deep_formula("if", 100_000),
            "公式过深：嵌套超过 256 层",
        ),
    ] {
        let path = write(&dir, name, &text);
        let (code, out, err) = jixiao(&["check", &path]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.is_empty() || !err.contains("内部错误"), "{name}: {err}");
        assert!(
            out.contains("too-deep") && out.contains(message),
            "{name}: {out}"
        );
    }
    // A chain of values, each reading the one before: too deep once the formulas of the values
    // read count in (it overflowed the stack at 2,500 values).
    let mut chain = String::from(
        "方案 值链\n年度 2020\n满分 10分\n保留 2位小数 四舍五入\n输入 人数：人 \"人数\"\n值 v0 = 人数\n",
    );
    for i in 1..2500 {
        chain.push_str(&format!("值 v{i} = v{} + 人数\n", i - 1));
    }
    chain.push_str("指标 甲 10分 {\n  值 v2499\n  分档 { ≤ 0人 10分  > 0人 0分 }\n}\n");
    let path = write(&dir, "chain.jx", &chain);
    let report = write(
        &dir,
        "chain.yaml",
        "单位: 测\n年度: 2020\n数据:\n  人数: 1\n",
    );
    for command in ["check", "score"] {
        let args: Vec<&str> = if command == "check" {
            vec![command, &path]
        } else {
            vec![command, &path, &report]
        };
        let (code, out, err) = jixiao(&args);
        assert_eq!(code, 1, "{command}: {err}");
        let all = format!("{out}{err}");
        assert!(
            all.contains("公式连同它引用的值嵌套超过 256 层（经由值 `v127`）"),
            "{all}"
        );
        assert!(
            !all.contains("overflow") && !all.contains("内部错误"),
            "{all}"
        );
    }

    // A 200-term sum scores as written.
    let scheme = write(&dir, "sum.jx", &deep_formula("plus", 200));
    let report = write(
        &dir,
        "r.yaml",
        "单位: 测\n年度: 2020\n数据:\n  人数: 4\n  有否: 是\n",
    );
    let (code, out, err) = jixiao(&["score", &scheme, &report]);
    assert_eq!(code, 0, "{err}");
    // 比 = 4 ÷ 800 = 0.5% → 5 × 0.5% = 0.025 → 0.03.
    assert!(out.contains("总分 0.03"), "{out}");
}

/// `值 v2 = v1 + v1` chains: each derived value is worked out once, so 25 (or 60) doublings
/// check, score, explain and compare at once instead of doubling the time per line.
#[test]
fn doubling_values_are_analysed_once() {
    let dir = tempdir("doubling");
    let report = write(
        &dir,
        "r.yaml",
        "单位: 测\n年度: 2020\n数据:\n  a: 3\n  b: 1\n",
    );
    let scheme = case("hang-value-doubling.jx");
    let (code, out, err) = jixiao(&["check", &scheme]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("检查通过"), "{out}");
    let (code, out, err) = jixiao(&["explain", &scheme, &report]);
    assert_eq!(code, 0, "{err}");
    // v25 = 2^25 人; x = 33554432 ÷ 3, capped at 100%.
    assert!(
        out.contains("v25 = v24 + v24 = 16777216人 + 16777216人 = 33554432人"),
        "{out}"
    );
    assert!(out.contains("得分  5.00 分"), "{out}");
    let (code, out, err) = jixiao(&["diff", &scheme, &scheme]);
    assert_eq!(code, 0, "{out}{err}");
    // Sixty doublings (2^60 people fits in a decimal) with a guard on a value.
    let mut text = String::from(
        "方案 测试\n年度 2020\n满分 5分\n保留 2位小数 四舍五入\n输入 a：人 >0 \"a\"\n输入 b：人 \"b\"\n值 v1 = b + b\n",
    );
    for k in 2..=60 {
        text.push_str(&format!("值 v{k} = v{} + v{}\n", k - 1, k - 1));
    }
    text.push_str(
        "指标 甲 5分 {\n  若 v60 > a 则 满分 \"多\"\n  值 x = a / v60\n  按比例计分 封顶 100%\n}\n",
    );
    let big = write(&dir, "sixty.jx", &text);
    let (code, out, err) = jixiao(&["check", &big]);
    assert_eq!(code, 0, "{out}{err}");
    // b = 0 makes v60 = 0, the guard `v60 > a` fails for every a > 0: a real division by zero.
    assert!(
        out.contains("除数 `v60` 可能为 0（例：b = 0人 时）"),
        "{out}"
    );
    assert!(out.contains("1 个警告"), "{out}");
    let (code, out, err) = jixiao(&["score", &big, &report]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("总分 5.00 / 5.00"), "{out}");
}

/// A scheme for the work-budget tests: `n` values, each adjusting the last under a condition on
/// it, so that every path narrows differently (3ⁿ paths), and `leaves` leaves dividing by it.
fn nested_adjustments(n: usize) -> String {
    let mut t = String::from(
        "方案 调整\n年度 2020\n满分 5分\n保留 2位小数 四舍五入\n等级 { 合格 ≥ 3分  不合格 < 3分 }\n输入 预算数：万元 >0 \"全年预算数\"\n输入 执行数：万元 >=0 \"全年执行数\"\n值 调1 = 若 执行数 > 预算数 则 执行数 - 1万元 否则 执行数 + 1万元\n",
    );
    for k in 2..=n {
        t.push_str(&format!(
            "值 调{k} = 若 调{p} > 预算数 则 调{p} - 1万元 否则 调{p} + 1万元\n",
            p = k - 1
        ));
    }
    t.push_str(&format!(
        "指标 预算执行率 5分 {{\n  值 执行率 = 调{n} / 预算数\n  按比例计分 封顶 100%\n}}\n"
    ));
    t
}

/// Work that explodes (conditions on values on values) ends in a `too-complex` warning within
/// the work budget instead of a hang; scoring is unaffected; a scheme of a thousand leaves,
/// each with a division to confirm, is checked in time proportional to it.
#[test]
fn exploding_analysis_is_a_warning_not_a_hang() {
    let dir = tempdir("budget");
    let scheme = write(&dir, "nested.jx", &nested_adjustments(40));
    let (code, out, err) = jixiao(&["check", &scheme]);
    assert_eq!(code, 0, "warnings only: {out}{err}");
    assert!(
        out.contains("方案过于复杂，未做完整审阅：分析到 `预算执行率` 时超过了"),
        "{out}"
    );
    assert!(out.contains("too-complex"), "{out}");
    // `允许` silences it where it is reported, with a reason.
    let allowed = nested_adjustments(40).replace(
        "  值 执行率",
        "  允许 too-complex \"逐年调整的规则由财政局复核\"\n  值 执行率",
    );
    let allowed = write(&dir, "allowed.jx", &allowed);
    let (code, out, err) = jixiao(&["check", &allowed]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("too-complex"), "{out}");
    // Scoring: 执行数 60 ≤ 预算数 100, so each step adds 1万元 until past 100: 调40 = 100.
    let report = write(
        &dir,
        "r.yaml",
        "单位: 测\n年度: 2020\n数据:\n  预算数: 100\n  执行数: 60\n",
    );
    let (code, out, err) = jixiao(&["score", &scheme, &report]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("总分 5.00 / 5.00"), "{out}");

    // A thousand leaves, each with its own inputs and a divisor that can be zero.
    let n = 1000;
    let mut big = format!("方案 大\n年度 2020\n满分 {n}分\n保留 2位小数 四舍五入\n");
    for k in 0..n {
        big.push_str(&format!(
            "输入 甲{k}：人 \"甲{k}\"\n输入 乙{k}：人 \"乙{k}\"\n"
        ));
    }
    for k in 0..n {
        big.push_str(&format!(
            "指标 项{k} 1分 {{\n  值 比{k} = 甲{k} / 乙{k}\n  按比例计分 封顶 100%\n}}\n"
        ));
    }
    let big = write(&dir, "big.jx", &big);
    let (code, out, err) = jixiao(&["check", &big]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("{n} 个警告")),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    assert!(
        out.contains("除数 `乙999` 可能为 0（例：乙999 = 0人 时）"),
        "{}",
        &out[out.len().saturating_sub(600)..]
    );
}

/// A scheme with one case and one division, for the soundness tests.
fn guarded(case: &str, divisor: &str) -> String {
    format!(
        "方案 测试\n年度 2020\n满分 5分\n保留 2位小数 四舍五入\n输入 预算：万元 >=0 \"预算\"\n输入 支出：万元 >=0 \"支出\"\n输入 有否：是否 \"有否\"\n指标 甲 5分 {{\n  {case}\n  值 率 = 支出 / {divisor}\n  按比例计分 封顶 100%\n}}\n"
    )
}

/// A special case that guards a division only partly is no guard: `check` warns whenever some
/// report reaches the division with a zero divisor, and its example fails scoring as said; a
/// full guard (on the divisor, or on the difference that is the divisor) stays quiet.
#[test]
fn partial_guards_are_warned_and_the_example_fails_scoring() {
    let dir = tempdir("partial");
    let partial = [
        (
            "若 预算 = 0 且 支出 = 0 则 满分 \"都为零\"",
            "预算",
            "预算: 0\n  支出: 1",
        ),
        (
            "若 预算 = 0 且 支出 < 5万元 则 满分 \"少\"",
            "预算",
            "预算: 0\n  支出: 5",
        ),
        (
            "若 预算 = 0 且 有否 则 满分 \"有\"",
            "预算",
            "预算: 0\n  支出: 0\n  有否: 否",
        ),
        (
            "若 非 (预算 ≠ 0) 且 支出 = 0 则 满分 \"零\"",
            "预算",
            "预算: 0\n  支出: 1",
        ),
        (
            "若 预算 > 支出 则 满分 \"结余\"",
            "(预算 - 支出)",
            "预算: 1\n  支出: 1",
        ),
    ];
    for (k, (case, divisor, values)) in partial.iter().enumerate() {
        let scheme = write(&dir, &format!("p{k}.jx"), &guarded(case, divisor));
        let (code, out, err) = jixiao(&["check", &scheme]);
        assert_eq!(code, 0, "{case}: {out}{err}");
        assert!(out.contains("div-zero"), "{case}: {out}");
        let flag = if values.contains("有否") {
            ""
        } else {
            "\n  有否: 是"
        };
        let report = write(
            &dir,
            &format!("p{k}.yaml"),
            &format!("单位: 测\n年度: 2020\n数据:\n  {values}{flag}\n"),
        );
        let (_, out, err) = jixiao(&["score", &scheme, &report]);
        assert!(out.contains("为 0，无法计算"), "{case}: {out}{err}");
    }
    let full = [
        ("若 预算 = 0 则 0分 \"未安排预算\"", "预算"),
        ("若 预算 = 0 或 支出 = 0 则 满分 \"零\"", "预算"),
        ("若 预算 = 支出 则 满分 \"持平\"", "(预算 - 支出)"),
        ("若 预算 ≤ 支出 则 满分 \"超支\"", "(预算 - 支出)"),
        ("若 支出 ≥ 预算 则 满分 \"超支\"", "(预算 - 支出)"),
    ];
    for (k, (case, divisor)) in full.iter().enumerate() {
        let scheme = write(&dir, &format!("f{k}.jx"), &guarded(case, divisor));
        let (code, out, err) = jixiao(&["check", &scheme]);
        assert_eq!(code, 0, "{case}: {out}{err}");
        assert!(!out.contains("div-zero"), "{case}: {out}");
    }
}

/// `年度` is read one way everywhere: `"2020 "`, `2020年`, `２０２０` score the same with a
/// folder of schemes as with the scheme file; `-2020` and `二〇二〇` are the same error.
#[test]
fn a_year_reads_the_same_with_a_folder_as_with_a_file() {
    let dir = tempdir("years");
    let text = std::fs::read_to_string(case("year-folder.yaml")).expect("case");
    for (k, year) in [
        "\"2020 \"",
        "2020年",
        "２０２０",
        "\"2020年度\"",
        "-2020",
        "二〇二〇",
    ]
    .iter()
    .enumerate()
    {
        let report = write(
            &dir,
            &format!("y{k}.yaml"),
            &text.replace("年度: \"2020 \"", &format!("年度: {year}")),
        );
        let by_file = jixiao(&["score", "schemes/bumen-zhengti/2020.jx", &report]);
        let by_folder = jixiao(&["score", "schemes/bumen-zhengti", &report]);
        assert_eq!(by_file, by_folder, "{year}");
        if year.starts_with('-') || year.starts_with('二') {
            assert_eq!(by_file.0, 1, "{year}");
            assert!(
                by_file.2.contains("`年度` 应为四位年份"),
                "{year}: {}",
                by_file.2
            );
        } else {
            assert_eq!(by_file.0, 0, "{year}: {}", by_file.2);
            assert!(by_file.1.contains("2020 年度"), "{year}: {}", by_file.1);
        }
    }
    // JSON, flow style: the year is found wherever the key is written.
    let json = write(
        &dir,
        "j.json",
        "{\"单位\": \"甲\", \"年度\": \"2020年\", \"数据\": {\"编制数\": 20, \"在职人员数\": 21}}",
    );
    let (code, out, err) = jixiao(&["score", "schemes/bumen-zhengti", &json]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("2020 年度"), "{out}");
}

/// Numbers at the edges of what a decimal holds, from a report or a scheme, are a message or
/// a finding, never a crash and never another number (the decimal arithmetic audit).
#[test]
fn arithmetic_at_the_edges_is_a_message_not_a_crash() {
    let dir = tempdir("edges");
    let no_crash = |out: &str, err: &str| {
        for bad in ["内部错误", "panicked", "overflow", "缺陷"] {
            assert!(
                !out.contains(bad) && !err.contains(bad),
                "{bad}: {out}{err}"
            );
        }
    };
    // Form rows whose ratios do not fit: a tiny target met many times over, and the reverse.
    let rows = [
        ("0.00000000000001个镇1个村", "999999999999999个镇1个村"),
        ("≥0.00000000000001", "999999999999999"),
        ("≥0.000000000001", "999999999999999"),
        ("≤999999999999999", "0.00000000000001"),
    ];
    for (k, (target, actual)) in rows.iter().enumerate() {
        let report = write(
            &dir,
            &format!("row{k}.yaml"),
            &format!(
                "单位: 甲\n年度: 2020\n预算执行: {{全年预算数: 10, 全年执行数: 10}}\n绩效指标:\n  - {{一级: 产出指标, 二级: 数量指标, 三级: 项目, 指标值: \"{target}\", 完成值: \"{actual}\", 分值: 50}}\n"
            ),
        );
        for cmd in ["score", "explain", "audit"] {
            let (code, out, err) = jixiao(&[cmd, "schemes/ziping/2020.jx", &report]);
            assert!(code == 0 || code == 1, "{cmd} {target}: {out}{err}");
            no_crash(&out, &err);
        }
    }
    // A report number finer than 28 decimals is refused, not read as 0.
    let tiny = write(
        &dir,
        "tiny.yaml",
        "单位: 测\n年度: 2020\n数据:\n  金额: 0.000000000000000000000000000001\n  人数: 3\n  率: 88\n  有否: 否\n",
    );
    let (code, out, err) = jixiao(&["score", MINI, &tiny]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("report-too-fine"), "{err}");
    // Scheme numbers beyond the limits are located findings.
    let head = "方案 边界\n年度 2020\n保留 2位小数 四舍五入\n";
    let schemes = [
        (
            "满分 100000000000000000000000000分\n输入 a：人 \"a\"\n指标 甲 50000000000000000000000000分 {\n  值 x = a\n  超过 1人 每 1人 扣 1分 按比例\n}\n指标 乙 50000000000000000000000000分 {\n  值 y = a\n  超过 1人 每 1人 扣 1分 按比例\n}\n",
            "分值、扣分与下限的绝对值不超过 1000000 分",
        ),
        (
            "满分 5分\n输入 a：人 \"a\"\n指标 甲 5分 {\n  值 x = a\n  超过 1人 每 1人 扣 1分 按比例 下限 8分\n}\n",
            "下限不能高于本指标的分值 5 分",
        ),
        (
            &format!(
                "满分 5分\n输入 清：清单 {{ {} }} \"清单\"\n指标 甲 5分 {{\n  清单 清 {{ {} }}\n}}\n",
                (0..65).map(|i| format!("项{i}")).collect::<Vec<_>>().join(" "),
                (0..65).map(|i| format!("项{i} 0分")).collect::<Vec<_>>().join(" ")
            ),
            "一个清单最多 64 项",
        ),
    ];
    for (k, (body, message)) in schemes.iter().enumerate() {
        let path = write(&dir, &format!("s{k}.jx"), &format!("{head}{body}"));
        let (code, out, err) = jixiao(&["check", &path]);
        assert_eq!(code, 1, "{message}: {out}{err}");
        assert!(out.contains(message), "{message}: {out}");
        no_crash(&out, &err);
    }
    // An input range ending near the largest decimal, divided inexactly: analysed, no crash.
    let near_max = write(
        &dir,
        "near-max.jx",
        &format!("{head}满分 5分\n输入 a：人 [0, 64174811636554113450770599771] \"a\"\n指标 甲 5分 {{\n  值 x = a / 0.81\n  超过 1人 每 1人 扣 1分 按比例\n}}\n"),
    );
    let (code, out, err) = jixiao(&["check", &near_max]);
    assert!(code == 0 || out.contains("literal-range"), "{out}{err}");
    assert!(!out.contains("syntax"), "{out}");
    no_crash(&out, &err);
    let (_, out, err) = jixiao(&["diff", &near_max, &near_max]);
    no_crash(&out, &err);
}

/// Parser errors in Chinese, at the place of the mistake: never the parser's English, never
/// English words with Chinese spliced in (`键值对ping`), never 1:1 for a character further on.
#[test]
fn yaml_and_json_errors_are_said_in_chinese_at_their_place() {
    let cases = [
        (
            "msg-yaml-indent.yaml",
            "第 6 行的缩进比上一行多了 1 个空格",
            ":6:4]",
        ),
        (
            "msg-yaml-nul.yaml",
            "第 2 行第 6 列有一个看不见的控制字符 U+0000（NUL 空字符）",
            ":2:6]",
        ),
        (
            "msg-yaml-tab.yaml",
            "第 5 行用 Tab 缩进；YAML 只能用空格缩进",
            ":5:1]",
        ),
        (
            "yaml-tab.yaml",
            "第 5 行用 Tab 缩进；YAML 只能用空格缩进",
            ":5:1]",
        ),
        (
            "msg-yaml-unclosed-quote.yaml",
            "第 2 行的引号没有闭合：从这里开始的 `\"` 直到文件末尾都没有对应的 `\"`",
            ":2:5]",
        ),
        (
            "fullwidth-colon.yaml",
            "第 5 行用了全角冒号 `：`，应写英文冒号加空格 `: `",
            ":5:5]",
        ),
        (
            "list-value-help.yaml",
            "第 8 行：`有否` 应为一个值，不能是列表",
            ":8:7]",
        ),
        ("json-list.json", "报告应为键值对", ":1:1]"),
    ];
    for (name, message, place) in cases {
        let (code, out, err) = jixiao(&["score", MINI, &case(name)]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(
            err.contains(&format!("{name}{place}")),
            "{name} at {place}: {err}"
        );
        // The message and the help (not the source lines shown, which quote the file).
        let said: String = err
            .lines()
            .filter(|l| {
                !l.trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '·')
            })
            .collect();
        for english in [
            "found",
            "expected",
            "mapping",
            "invalid type",
            "while",
            "应为end",
        ] {
            assert!(!said.contains(english), "{name}: `{english}` in {said}");
        }
    }
    // The help of a list value is about the value, not about indentation.
    let (_, _, err) = jixiao(&["score", MINI, &case("list-value-help.yaml")]);
    assert!(err.contains("去掉方括号，写成 `有否: 否`"), "{err}");
    // `jixiao test` reads a broken report's 期望 the same way.
    let (_, out, err) = jixiao(&["test", MINI, &case("msg-yaml-tab.yaml")]);
    assert!(
        (out.clone() + &err).contains("第 5 行用 Tab 缩进"),
        "{out}{err}"
    );
}

/// Reports that are slow for their size: brackets nested 100,000 deep under an ignored key
/// are refused before parsing; 10,000 unknown keys give 10,000 warnings (linear).
#[test]
fn reports_large_for_their_kind_are_read_in_proportion() {
    let dir = tempdir("slow-reports");
    let n = 100_000;
    let deep = write(
        &dir,
        "deep.yaml",
        &format!(
            "单位: 测\n年度: 2020\n附注: {}{}\n数据:\n  金额: 5\n  人数: 3\n  率: 88\n  有否: 否\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let (code, _, err) = jixiao(&["score", MINI, &deep]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("第 3 行的括号 `[`、`{` 嵌套超过 64 层"),
        "{err}"
    );
    // Nested by indentation (and by list dashes) as deep: refused at the 65th level.
    let mut indented = String::from("单位: 测\n年度: 2020\n附注:\n");
    for i in 0..2_000 {
        indented.push_str(&format!("{}k{i}:\n", " ".repeat(i + 1)));
    }
    let indented = write(&dir, "indented.yaml", &indented);
    let dashes = write(
        &dir,
        "dashes.yaml",
        &format!("单位: 测\n年度: 2020\n附注:\n  {}1\n", "- ".repeat(200)),
    );
    for (path, line) in [(&indented, 67), (&dashes, 4)] {
        let (code, _, err) = jixiao(&["score", MINI, path]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(&format!("第 {line} 行的缩进层次超过 64 层")),
            "{err}"
        );
    }
    let mut text =
        String::from("单位: 测\n年度: 2020\n数据:\n  金额: 5\n  人数: 3\n  率: 88\n  有否: 否\n");
    for i in 0..10_000 {
        text.push_str(&format!("  未知键{i:07}: {i}\n"));
    }
    let unknown = write(&dir, "unknown.yaml", &text);
    let (code, out, err) = jixiao(&["score", MINI, &unknown]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(err.matches("report-unknown-input").count(), 10_000);
    assert!(out.contains("总分 17.40"), "{out}");
}

/// A character no one can see (pasted from a web page or a damaged file) is named where it
/// stops a scheme: in a name, after a number, in the file a `基于` names.
#[test]
fn invisible_characters_in_schemes_are_named() {
    let dir = tempdir("invisible");
    let head = "方案 测\n年度 2020\n满分 10分\n保留 2位小数 四舍五入\n";
    for (name, text, said) in [
        (
            "zw.jx",
            format!("{head}输入 人\u{200B}数：人 \"人数\"\n"),
            "U+200B（零宽空格）",
        ),
        ("ff.jx", format!("{head}\u{C}\n"), "U+000C（换页符）"),
        (
            "nul.jx",
            format!("{head}输入 人\0数：人\n"),
            "U+0000（NUL 空字符）",
        ),
        (
            "base.jx",
            "方案 测\n年度 2024\n基于 \"2020.jx\u{200B}\"\n".to_string(),
            "文件名中有一个看不见的字符 U+200B（零宽空格）",
        ),
    ] {
        let path = write(&dir, name, &text);
        let (code, out, err) = jixiao(&["check", &path]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(out.contains(said), "{name}: {out}");
    }
}

/// `band-gap-raw`: a value in a gap between bands (79.5% between [70%, 79%] and [80%, 90%))
/// is unscored, not 0, and said as a percentage; `check` names the gap as one too.
#[test]
fn a_value_in_a_band_gap_is_unscored_and_said_as_a_percentage() {
    let (code, out, err) = jixiao(&[
        "explain",
        &case("band-gap-raw.jx"),
        &case("band-gap-raw.yaml"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("满意度得分（6分）未计分"), "{out}");
    assert!(
        out.contains("值 79.50% 不在任何分档内，本指标不计分"),
        "{out}"
    );
    assert!(!out.contains("0.795"), "{out}");
    assert!(err.contains("没有分档的值：(79%, 80%)"), "{err}");
}
