//! The command line speaks Chinese: help under Chinese headings, and every mistake at the
//! command line (an unknown option, a file name starting with `-`, a misspelt command, a
//! missing or extra argument, arguments in the wrong order) said in Chinese with what to type,
//! exit code 2.
#![allow(clippy::expect_used, reason = "test code: a failure is the report")]

mod common;

use common::{jixiao, tempdir, write};

const MINI: &str = "tests/cases/bad-input/mini.jx";

/// No English from the argument parser reaches the user.
fn assert_chinese(text: &str) {
    for english in [
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "error:",
        "tip:",
        "Print help",
        "Possible values",
        "[default",
        "For more information",
    ] {
        assert!(!text.contains(english), "`{english}` in:\n{text}");
    }
}

#[test]
fn help_is_in_chinese() {
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["score", "--help"],
        vec!["explain", "-h"],
        vec!["check", "--help"],
        vec!["replay", "--help"],
    ] {
        let (code, out, err) = jixiao(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("用法："), "{args:?}: {out}");
        assert_chinese(&out);
    }
    let (_, out, _) = jixiao(&["score", "--help"]);
    assert!(
        out.contains("用法：jixiao score [选项] <方案> <报告>…"),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.contains("--format <格式>")
            && l.trim_end()
                .ends_with("输出格式：text（文字，默认）或 json。")),
        "{out}"
    );
    // Nothing at all: the help, as an error.
    let (code, _, err) = jixiao(&[]);
    assert_eq!(code, 2);
    assert!(err.contains("命令："), "{err}");
}

#[test]
fn mistakes_at_the_command_line_are_said_in_chinese() {
    let cases: &[(&[&str], &str)] = &[
        (&["scor", MINI], "没有 `scor` 这个命令"),
        (&["score"], "缺少参数 <方案>、<报告>..."),
        (&["explain", MINI], "缺少参数 <报告>"),
        (
            &["explain", MINI, "a.yaml", "b.yaml"],
            "多余的参数 `b.yaml`",
        ),
        (
            &["score", "--format", "xml", MINI, "a.yaml"],
            "`xml` 不是 `--format <格式>` 可以取的值",
        ),
        (
            &["score", "-j", "abc", MINI, "a.yaml"],
            "`--jobs <线程数>` 的值 `abc` 无效",
        ),
        (
            &["score", "--strct", MINI, "a.yaml"],
            "不认识的选项 `--strct`",
        ),
    ];
    for (args, message) in cases {
        let (code, out, err) = jixiao(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains(&format!("错误：{message}")), "{args:?}: {err}");
        assert_chinese(&err);
    }
    let (_, _, err) = jixiao(&["scor", MINI]);
    assert!(err.contains("是否想写 `jixiao score`？"), "{err}");
    let (_, _, err) = jixiao(&["score", "--strct", MINI, "a.yaml"]);
    assert!(err.contains("是否想写 `--strict`？"), "{err}");
}

/// `cli-dash.sh`: a report named `-报告.yaml`, and the arguments written the wrong way round.
#[test]
fn a_file_name_with_a_dash_and_swapped_arguments_are_explained() {
    let dir = tempdir("dash");
    let report = "单位: 测\n年度: 2020\n数据:\n  金额: 5\n  人数: 3\n  率: 88\n  有否: 否\n";
    let path = write(&dir, "-报告.yaml", report);
    let scheme = std::fs::canonicalize(MINI).expect("mini.jx");
    let scheme = scheme.to_str().expect("utf-8 path");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["score", scheme, "-报告.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("错误：不认识的选项 `-报告.yaml`"), "{err}");
    assert!(err.contains("写成 `./-报告.yaml`"), "{err}");
    assert_chinese(&err);
    // Both ways it suggests work.
    for args in [
        vec!["score", scheme, "./-报告.yaml"],
        vec!["score", scheme, "--", "-报告.yaml"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("总分 17.40"), "{out}");
    }
    // Report first, scheme second.
    let (code, _, err) = jixiao(&["score", &path, MINI]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("这里应写方案（.jx 文件或存放方案的文件夹）"),
        "{err}"
    );
    let (code, _, err) = jixiao(&["audit", MINI, MINI]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("这里应写报告"), "{err}");
    // The script as filed.
    let out = std::process::Command::new("sh")
        .arg("tests/cases/bad-input/cli-dash.sh")
        .arg(env!("CARGO_BIN_EXE_jixiao"))
        .arg(MINI)
        .output()
        .expect("sh runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("rc=2"), "{text}");
    assert!(text.contains("这里应写方案"), "{text}");
    assert_chinese(&text);
}

/// A report given to `check`, or a report `test` cannot read at all, is said for what it is,
/// not as a syntax error of a scheme or a fault of its `期望`.
#[test]
fn a_report_where_a_scheme_belongs_and_an_unreadable_report_in_test_are_named() {
    let (code, _, err) = jixiao(&["check", "fixtures/bumen-zhengti/example-complete.yaml"]);
    assert_eq!(code, 1);
    assert!(err.contains("是报告，不是方案"), "{err}");
    assert!(!err.contains("语法错误"), "{err}");

    let (code, text, _) = jixiao(&[
        "test",
        "schemes/bumen-zhengti/2020.jx",
        "tests/cases/report/err/gbk.yaml",
        "tests/cases/bad-input/msg-yaml-nul.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(!text.contains("期望块有误"), "{text}");
    assert!(text.contains("文件不是 UTF-8 编码"), "{text}");
    assert!(
        text.contains(
            "tests/cases/bad-input/msg-yaml-nul.yaml:2:6：第 2 行第 6 列有一个看不见的控制字符"
        ),
        "{text}"
    );
    assert!(text.contains("0 passed, 2 failed"), "{text}");

    // An expected value with more decimals than the scheme keeps is shown as written.
    let dir = tempdir("test-digits");
    let report = write(
        &dir,
        "r.yaml",
        "单位: 测\n年度: 2020\n数据:\n  编制数: 20\n  在职人员数: 21\n期望: {总分: 3.001}\n",
    );
    let (code, text, _) = jixiao(&["test", "schemes/bumen-zhengti/2020.jx", &report]);
    assert_eq!(code, 1);
    assert!(
        text.contains("总分：期望 3.001，实际 2.50（差 -0.501）"),
        "{text}"
    );
}
