//! The real binary: stdout, stderr and exit codes.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use common::jixiao;

const SCHEME: &str = "schemes/bumen-zhengti/2020.jx";

#[test]
fn score_one_report_prints_the_table() {
    let (code, out, err) = jixiao(&[
        "score",
        SCHEME,
        "fixtures/bumen-zhengti/example-complete.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("总分 71.60 / 100.00 · 等级 中"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn one_bad_report_does_not_stop_the_others() {
    let (code, out, err) = jixiao(&[
        "score",
        SCHEME,
        "fixtures/bumen-zhengti/example-complete.yaml",
        "tests/cases/report/err/not-a-number.yaml",
        "does-not-exist.yaml",
        "fixtures/bumen-zhengti/lixian-2020.yaml",
    ]);
    // A report that does not exist is a file that cannot be read (2, as a missing scheme);
    // the others are scored.
    assert_eq!(code, 2);
    assert_eq!(common::report_lines(&out), 2, "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("示例单位甲 ")
            && l.contains("  2020   71.60  中 ")
            && l.ends_with("  fixtures/bumen-zhengti/example-complete.yaml")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("澧县工商业联合会 ") && l.ends_with("lixian-2020.yaml")),
        "{out}"
    );
    assert!(
        out.ends_with("共 4 份：计分 2 份，平均总分 71.60（数据齐全的 1 份）；中 1 份；数据不全 1 份；无效 2 份\n"),
        "{out}"
    );
    assert!(err.contains("`编制数` 的值 `二十` 不是数字"), "{err}");
    assert!(err.contains("找不到文件 `does-not-exist.yaml`"), "{err}");
}

#[test]
fn score_json_is_an_array_in_input_order() {
    let (code, out, _) = jixiao(&[
        "score",
        SCHEME,
        "--format",
        "json",
        "tests/cases/report/err/unknown-items.yaml",
        "fixtures/bumen-zhengti/example-complete.yaml",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["valid"], false);
    assert_eq!(arr[0]["diagnostics"][0]["id"], "report-unknown-item");
    assert_eq!(arr[0]["diagnostics"][0]["line"], 4);
    assert_eq!(arr[1]["total"], "71.60");
    assert_eq!(arr[1]["grade"], "中");
    assert_eq!(arr[1]["indicators"].as_array().map(Vec::len), Some(25));
}

#[test]
fn incomplete_report_fails_only_under_strict() {
    let lixian = "fixtures/bumen-zhengti/lixian-2020.yaml";
    assert_eq!(jixiao(&["score", SCHEME, lixian]).0, 0);
    assert_eq!(jixiao(&["score", SCHEME, lixian, "--strict"]).0, 1);
}

#[test]
fn check_exit_codes() {
    let (code, out, _) = jixiao(&["check", SCHEME]);
    assert_eq!(code, 0);
    assert!(out.contains("检查通过"), "{out}");
    let (code, out, _) = jixiao(&["check", "tests/cases/check/err/unknown-name.jx"]);
    assert_eq!(code, 1);
    assert!(out.contains("是否想写 `编制数`？"), "{out}");
    let (code, out, _) = jixiao(&[
        "check",
        "--format",
        "json",
        "tests/cases/check/err/unknown-name.jx",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["id"], "unknown-name");
    assert_eq!(v[0]["line"], 8);
    assert_eq!(v[0]["column"], 19);
}

#[test]
fn warnings_pass_unless_denied() {
    let case = "tests/cases/lint/band-overlap.jx";
    let (code, out, _) = jixiao(&["check", case]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 个警告"), "{out}");
    let (code, _, _) = jixiao(&["check", "--deny-warnings", case]);
    assert_eq!(code, 1);
    // A clean scheme passes even when warnings are denied; so does one whose warnings are
    // allowed with a reason (the shipped 2020 scheme allows one div-zero).
    let (code, _, _) = jixiao(&["check", "--deny-warnings", SCHEME]);
    assert_eq!(code, 0);
}

#[test]
fn check_json_lists_warnings_as_data() {
    let (code, out, _) = jixiao(&[
        "check",
        "--format",
        "json",
        "tests/cases/lint/band-overlap.jx",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let d = &v[0];
    assert_eq!(d["id"], "band-overlap");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "tests/cases/lint/band-overlap.jx");
    // `    [10%, 20%]  3分` on line 13: the band starts at the fifth character.
    assert_eq!(d["line"], 13);
    assert_eq!(d["column"], 5);
    assert_eq!(d["example"], "10%");
    assert_eq!(
        d["message"],
        "`预算控制率`：值为 10% 时第2档和第3档同时命中"
    );
    assert!(d["help"]
        .as_str()
        .is_some_and(|h| h.contains("先写的第2档")));
}

#[test]
fn json_columns_count_characters_not_bytes() {
    // The divisor `编制数` follows 24 Chinese characters and blanks on its line.
    let (_, out, _) = jixiao(&["check", "--format", "json", "tests/cases/lint/div-zero.jx"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["id"], "div-zero");
    assert_eq!(v[0]["line"], 9);
    let line = "  值 在职人员控制率 = 在职人员数 / 编制数";
    let col = line.chars().position(|c| c == '/').unwrap() + 3;
    assert_eq!(v[0]["column"], col);
    assert_eq!(v[0]["example"], "编制数 = 0人");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(jixiao(&["score"]).0, 2);
    assert_eq!(jixiao(&["no-such-command"]).0, 2);
}

#[test]
fn template_lists_every_input() {
    let (code, out, _) = jixiao(&["template", SCHEME]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn blank_template_is_a_valid_report_with_nothing_scored() {
    let (_, tpl, _) = jixiao(&["template", SCHEME]);
    let filled = tpl.replacen("单位: ", "单位: 空白单位", 1);
    let dir = common::tempdir("tpl");
    let path = dir.join("空白.yaml");
    std::fs::write(&path, filled).expect("write");
    let (code, out, err) = jixiao(&["score", SCHEME, path.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("未计分 17 项（不按 0 分计）"), "{out}");
}

#[test]
fn a_utf8_bom_is_fine() {
    let text =
        std::fs::read_to_string("fixtures/bumen-zhengti/example-complete.yaml").expect("fixture");
    let dir = common::tempdir("bom");
    let path = dir.join("bom.yaml");
    std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
    let (code, out, err) = jixiao(&["score", SCHEME, path.to_str().unwrap_or_default()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("总分 71.60"), "{out}");
}

#[test]
fn forms_score_in_a_batch_with_row_paths_in_json() {
    let (code, out, err) = jixiao(&[
        "score",
        "schemes/ziping/2020.jx",
        "fixtures/ziping/zhijiang-2023-kunnan-buzhu.yaml",
        "tests/cases/report/form-err/unknown-category.yaml",
        "fixtures/ziping/synthetic-kinds.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "the bad report makes the batch fail: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let all = v.as_array().expect("array");
    assert_eq!(all.len(), 3);
    assert_eq!(all[0]["total"], "100.00");
    assert_eq!(all[0]["project"], "老工商业者及遗孀生活困难补助");
    assert_eq!(all[1]["valid"], false);
    assert_eq!(all[1]["diagnostics"][0]["id"], "report-row-category");
    assert_eq!(all[2]["total"], "80.18");
    assert_eq!(all[2]["grade"], "良");
    let row = all[2]["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["name"] == "工作经费")
        .expect("row");
    assert_eq!(
        row["path"],
        serde_json::json!(["产出指标", "成本指标", "工作经费"])
    );
    assert_eq!(row["score"], "9.50");
    let kinds: Vec<&str> = row["trace"]
        .as_array()
        .expect("trace")
        .iter()
        .filter_map(|l| l["kind"].as_str())
        .collect();
    for k in ["target", "actual", "met", "method", "substitute", "score"] {
        assert!(kinds.contains(&k), "{k} not in {kinds:?}");
    }
}

#[test]
fn form_template_lists_rows_and_budget() {
    let (code, out, _) = jixiao(&["template", "schemes/ziping/2020.jx"]);
    assert_eq!(code, 0);
    assert!(out.contains("预算执行:\n"), "{out}");
    assert!(out.contains("绩效指标:\n  - {一级: 产出指标"), "{out}");
    assert!(
        !out.contains("实际:"),
        "row inputs are not filled by hand: {out}"
    );
}

#[test]
fn a_scheme_folder_picks_the_scheme_in_force_for_each_report() {
    let (code, out, err) = jixiao(&[
        "score",
        "schemes/bumen-zhengti",
        "fixtures/bumen-zhengti/2024/example-2024.yaml",
        "fixtures/bumen-zhengti/daoxian-2023.yaml",
        "fixtures/bumen-zhengti/example-complete.yaml",
        "--format",
        "json",
    ]);
    // The 2020 table is in force until the 2024 edit: 2023 is scored on it.
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let a = v.as_array().expect("an array");
    assert_eq!(a.len(), 3);
    assert_eq!(a[0]["scheme_file"], "schemes/bumen-zhengti/2024.jx");
    assert_eq!(a[0]["scheme_year"], 2024);
    assert_eq!(a[0]["total"], "88.84");
    assert_eq!(a[0]["grade"], "良好");
    assert_eq!(a[1]["valid"], true);
    assert_eq!(a[1]["scheme_file"], "schemes/bumen-zhengti/2020.jx");
    assert_eq!(a[2]["scheme_file"], "schemes/bumen-zhengti/2020.jx");
    assert_eq!(a[2]["scheme_year"], 2020);
    assert_eq!(a[2]["total"], "71.60");
    // A year before any scheme: an error for that report alone.
    let dir = common::tempdir("folder");
    let old = dir.join("2019.yaml");
    std::fs::write(&old, "单位: 甲\n年度: 2019\n数据:\n  编制数: 5\n").expect("write");
    let (code, out, _) = jixiao(&[
        "score",
        "schemes/bumen-zhengti",
        &old.display().to_string(),
        "fixtures/bumen-zhengti/example-complete.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["valid"], false);
    assert_eq!(v[0]["diagnostics"][0]["id"], "scheme-year");
    let msg = v[0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("没有适用于 2019 年度的方案"), "{msg}");
    assert_eq!(v[1]["total"], "71.60");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_scheme_file_still_scores_any_year() {
    let (code, out, err) = jixiao(&[
        "score",
        SCHEME,
        "fixtures/bumen-zhengti/daoxian-2023.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v[0]["scheme_file"], SCHEME);
    assert_eq!(v[0]["valid"], true);
}

#[test]
fn explain_names_the_file_and_year_of_each_rule() {
    let (code, out, err) = jixiao(&[
        "explain",
        "schemes/bumen-zhengti",
        "fixtures/bumen-zhengti/2024/example-2024.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("方案文件 schemes/bumen-zhengti/2024.jx，基于 schemes/bumen-zhengti/2020.jx"),
        "{out}"
    );
    assert!(
        out.contains(
            "来源  规则出自 2024.jx（2024 年度起），分值沿用 2020.jx（2020–2023 年度）的 5 分"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "来源  规则出自 2020.jx（2020–2023 年度），分值改为 2024.jx（2024 年度起）的 10 分"
        ),
        "{out}"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn diff_text_and_json() {
    let (code, out, err) = jixiao(&["diff", SCHEME, "schemes/bumen-zhengti/2024.jx"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("方案对比：schemes/bumen-zhengti/2020.jx（2020–2023 年度）→ schemes/bumen-zhengti/2024.jx（2024 年度起）"), "{out}");
    let (code, out, _) = jixiao(&[
        "diff",
        SCHEME,
        "schemes/bumen-zhengti/2024.jx",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["summary"]["indicators_added"], 1);
    assert_eq!(v["indicators"][0]["name"], "在职人员控制率");
}

#[test]
fn diff_with_a_broken_scheme_fails() {
    let (code, out, err) = jixiao(&["diff", SCHEME, "tests/cases/edit/unknown-indicator.jx"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("基础方案中没有指标 `人员空制`"), "{err}");
}

/// At 80 and at 120 columns no line of `score`'s table is wider than the terminal (COLUMNS
/// sets the width), with a self-scored form and a report with 核定 and long 说明.
#[test]
fn the_score_table_fits_the_terminal() {
    use unicode_width::UnicodeWidthStr;
    for (scheme, report) in [
        (SCHEME, "fixtures/bumen-zhengti/example-complete.yaml"),
        ("schemes/ziping/2020.jx", "fixtures/ziping/ziyang-2022.yaml"),
        ("schemes/bumen-zhengti", "fixtures/generated/bumen-000.yaml"),
    ] {
        for width in [80usize, 120] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
                .args(["score", scheme, report])
                .env("COLUMNS", width.to_string())
                .output()
                .expect("runs");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("扣分"), "{text}");
            // Wrapped, not cut: the 说明 of every row is all there, read across its lines.
            if report.ends_with("example-complete.yaml") {
                let joined: String = text.split_whitespace().collect();
                assert!(joined.contains("5.00×0.5分，扣2.50分"), "{text}");
                assert!(
                    joined.contains("招商引资项目落地2个，带动投资约3000万元"),
                    "{text}"
                );
            }
            for line in text.lines() {
                assert!(
                    UnicodeWidthStr::width(line) <= width,
                    "{report} at {width}: {} columns: {line}",
                    UnicodeWidthStr::width(line)
                );
            }
        }
    }
}

/// At 80 columns every command's text fits: a batch, explain, audit, replay and diff.
#[test]
fn every_command_fits_80_columns() {
    use unicode_width::UnicodeWidthStr;
    for args in [
        vec!["score", "schemes/bumen-zhengti", "fixtures/generated"],
        vec![
            "explain",
            "schemes/bumen-zhengti",
            "fixtures/generated/bumen-000.yaml",
        ],
        vec!["audit", "schemes/bumen-zhengti", "fixtures/generated"],
        vec![
            "replay",
            "schemes/bumen-zhengti/2020.jx",
            "schemes/bumen-zhengti/2024.jx",
            "fixtures/generated",
        ],
        vec![
            "diff",
            "schemes/bumen-zhengti/2020.jx",
            "schemes/bumen-zhengti/2024.jx",
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(&args)
            .env("COLUMNS", "80")
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.lines().count() > 5, "{args:?}: {text}");
        for line in text.lines() {
            assert!(UnicodeWidthStr::width(line) <= 80, "{args:?}: {line}");
        }
    }
}

/// One minus sign throughout: every command writes a negative number, a difference and a
/// subtraction in a formula with the ASCII `-` (as the reports are read and as Excel takes it),
/// never the typographic `−`.
#[test]
fn one_minus_sign_in_every_output() {
    let runs: [&[&str]; 5] = [
        &["explain", SCHEME, "fixtures/generated/bumen-025.yaml"],
        &["score", "schemes/bumen-zhengti", "fixtures/generated"],
        &["diff", SCHEME, "schemes/bumen-zhengti/2024.jx"],
        &["audit", "schemes/bumen-zhengti", "fixtures/generated"],
        &[
            "replay",
            SCHEME,
            "schemes/bumen-zhengti/2024.jx",
            "fixtures/generated",
        ],
    ];
    for args in runs {
        let (_, out, err) = jixiao(args);
        assert!(
            !out.contains('−') && !err.contains('−'),
            "{args:?}:\n{out}{err}"
        );
        // Each writes a negative number or a subtraction (a formula's, a gap below zero, a
        // change), with the ASCII sign before a digit.
        let minus = out
            .match_indices('-')
            .filter(|(i, _)| {
                out[i + 1..].starts_with(|c: char| c.is_ascii_digit() || c == '≈' || c == ' ')
                    && (out[..*i].ends_with(' ') || out[..*i].ends_with('（'))
            })
            .count();
        assert!(minus > 0, "{args:?}: no minus sign in\n{out}");
    }
}

/// A long batch on a terminal shows its progress (indicatif) and the warnings said meanwhile
/// are whole lines above the bar, never cut by it; when the batch ends the bar is gone. Run
/// under a real terminal (`script` gives the binary a pseudo-terminal); skipped, and said so,
/// where `script` is missing.
#[test]
fn long_batches_show_progress_that_warnings_do_not_break() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        assert!(
            std::env::var_os("JIXIAO_REQUIRE_TERMINAL").is_none(),
            "script was found by .ci/run but not by this test"
        );
        eprintln!("跳过：没有 script（util-linux），无法在终端中运行");
        return;
    }
    let dir = common::tempdir("progress");
    let report = std::fs::read_to_string("fixtures/generated/bumen-025.yaml").unwrap();
    // Each copy names an input the 2024 scheme deleted: one warning per report.
    let report = report
        .split("\n期望:")
        .next()
        .unwrap()
        .replace("  满意度: 88", "  满意度: 88\n  楼堂馆所批准投资: 500");
    for i in 0..600 {
        common::write(&dir, &format!("r{i:03}.yaml"), &report);
    }
    let reports = dir.display().to_string();
    let bin = env!("CARGO_BIN_EXE_jixiao");
    let scheme = "schemes/bumen-zhengti/2024.jx";
    for (verb, label) in [
        ("score", "正在计分"),
        ("test", "正在核对"),
        ("audit", "正在计分"),
    ] {
        let out = std::process::Command::new("script")
            .args([
                "-qec",
                &format!("{bin} {verb} {scheme} {reports}"),
                "/dev/null",
            ])
            .env("COLUMNS", "100")
            .output()
            .expect("script runs");
        let raw = String::from_utf8_lossy(&out.stdout);
        assert!(raw.contains(label), "{verb}: no progress shown:\n{raw}");
        // What stays on the screen: each line as left after the bar was cleared from it.
        let screen: Vec<&str> = raw
            .split('\n')
            .map(|l| l.rsplit(['\r']).find(|s| !s.is_empty()).unwrap_or(""))
            .map(|l| l.trim_start_matches("\u{1b}[2K"))
            .collect();
        assert!(
            screen.iter().all(|l| !l.contains(label)),
            "{verb}: the bar is left on screen or cut a line:\n{}",
            screen.join("\n")
        );
        if verb == "score" {
            // The warning said in full for the first report, then counted once.
            let whole = screen
                .iter()
                .filter(|l| {
                    l.trim_start()
                        .starts_with("⚠ 方案没有输入 `楼堂馆所批准投资`")
                })
                .count();
            assert_eq!(whole, 1, "{}", screen.join("\n"));
            assert!(
                screen
                    .iter()
                    .any(|l| l.starts_with("同一警告共 600 份报告")),
                "{}",
                screen.join("\n")
            );
            assert!(
                screen.iter().any(|l| l.starts_with("共 600 份")),
                "{}",
                screen.join("\n")
            );
        }
    }
}

/// A unit's name longer than the batch's unit column is shortened in its middle, keeping its
/// start and its distinguishing end, so that every line's 总分 stays in one column.
#[test]
fn long_unit_names_keep_the_batch_aligned() {
    use unicode_width::UnicodeWidthStr;
    let dir = common::tempdir("long-unit");
    let report = std::fs::read_to_string("fixtures/generated/bumen-025.yaml").unwrap();
    let long = "湖南省常德市澧县人民政府办公室机关事务服务中心后勤保障科";
    common::write(&dir, "a.yaml", &report);
    common::write(
        &dir,
        "b.yaml",
        &report.replace("单位: 县水利局", &format!("单位: {long}")),
    );
    let (code, out, err) = jixiao(&["score", SCHEME, &dir.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(".yaml")).collect();
    assert_eq!(lines.len(), 2, "{out}");
    let column = |l: &str| UnicodeWidthStr::width(&l[..l.find("  2022  ").unwrap()]);
    assert_eq!(column(lines[0]), column(lines[1]), "{out}");
    assert!(
        lines[1].contains("湖南省常德")
            && lines[1].contains("…")
            && lines[1].contains("后勤保障科"),
        "{out}"
    );
}

/// A 自评 or 核定 is said with every digit it was written with (at least the scheme's places),
/// never rounded first: 核定 2.496 beside 计算 2.50 differs by -0.004, in the table, the audit
/// and the JSON alike. A score above its indicator's points, or below 0, is a warning (an
/// error under --strict), said by score and audit.
#[test]
fn given_figures_are_said_as_written_and_checked_against_the_points() {
    let scheme = "schemes/bumen-zhengti/2020.jx";
    let report = "tests/cases/report/given/figures.yaml";
    let (code, out, err) = jixiao(&["audit", scheme, report]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("在职人员控制率：核定 2.496，计算 2.50（核定 - 计算 = -0.004）"),
        "{out}"
    );
    assert!(
        out.contains("总分：核定 71.604，计算 71.60（核定 - 计算 = +0.004）"),
        "{out}"
    );
    assert!(
        err.contains("`自评.预算完成率` 填的是 7 分，超过本指标分值 5 分"),
        "{err}"
    );
    assert!(
        err.contains("`核定.三公经费变动率` 填的是 -1 分，是负数"),
        "{err}"
    );

    let (code, out, _) = jixiao(&["score", scheme, report]);
    assert_eq!(code, 0);
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("在职人员控制率"))
        .expect("row");
    let cells: Vec<&str> = row.split_whitespace().take(7).collect();
    assert_eq!(
        cells,
        [
            "在职人员控制率",
            "5.00",
            "2.50",
            "2.50",
            "2.504",
            "0.004",
            "2.496"
        ]
    );

    let (_, json, _) = jixiao(&["score", scheme, report, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let v = &v[0];
    let ind = |name: &str| {
        v["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .find(|i| i["name"] == name)
            .cloned()
            .expect("indicator")
    };
    assert_eq!(ind("在职人员控制率")["confirmed"], "2.496");
    assert_eq!(ind("三公经费变动率")["self_score"], "3.995");
    assert_eq!(v["confirmed_total"], "71.604");

    let (code, _, err) = jixiao(&["score", "--strict", scheme, report]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("× `自评.预算完成率` 填的是 7 分"), "{err}");
}

/// Under --strict a report with data missing fails, and says why (it exited 1 in silence).
#[test]
fn strict_says_why_a_report_with_data_missing_fails() {
    let scheme = "schemes/bumen-zhengti/2020.jx";
    let (code, _, err) = jixiao(&[
        "score",
        "--strict",
        scheme,
        "fixtures/bumen-zhengti/lixian-2020.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`fixtures/bumen-zhengti/lixian-2020.yaml` 数据不全（16 项未计分），--strict 下计为未通过"),
        "{err}"
    );
    let (code, out, _) = jixiao(&[
        "score",
        "--strict",
        scheme,
        "fixtures/bumen-zhengti/lixian-2020.yaml",
        "fixtures/bumen-zhengti/example-complete.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(
        out.contains("数据不全 1 份（--strict 下数据不全计为未通过）"),
        "{out}"
    );
}

/// `test --update` writes a report's `期望:` from its result now and leaves the rest of the
/// file as it was; a report without one is counted apart, not as passed; `--filter` picks
/// reports by path.
#[test]
fn test_update_writes_the_expectation_and_nothing_else() {
    let dir = common::tempdir("test-update");
    let full = std::fs::read_to_string("fixtures/bumen-zhengti/example-complete.yaml").unwrap();
    let head = &full[..full.find("\n期望:").unwrap() + 1];
    common::write(&dir, "a.yaml", head);
    common::write(&dir, "b.yaml", head);
    let folder = dir.display().to_string();
    let scheme = "schemes/bumen-zhengti";

    let (code, out, _) = jixiao(&["test", scheme, &folder]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 份没有期望"), "{out}");
    assert!(out.ends_with("0 passed, 0 failed\n"), "{out}");

    let (code, out, err) = jixiao(&["test", "--update", "--filter", "a.yaml", scheme, &folder]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("写入 1 份，0 份原已相符\n"), "{out}");
    let a = std::fs::read_to_string(dir.join("a.yaml")).unwrap();
    // What was there is kept byte for byte; the block written is the shipped one for 2020.jx.
    assert!(a.starts_with(head), "{a}");
    let shipped_2020 =
        &full[full.find("\n期望:").unwrap() + 1..full.find("  - 方案: 2024.jx").unwrap()];
    // A new block names the scheme with its folder, so that another folder's 2020.jx is not
    // taken for it.
    let named = shipped_2020.replace("方案: 2020.jx", "方案: bumen-zhengti/2020.jx");
    assert_eq!(&a[head.len() + 1..], named, "{a}");
    assert_eq!(std::fs::read_to_string(dir.join("b.yaml")).unwrap(), head);

    let (code, out, _) = jixiao(&["test", scheme, &folder]);
    assert_eq!(code, 0);
    assert!(
        out.contains("通过    ") && out.contains("1 份没有期望"),
        "{out}"
    );
    assert!(out.ends_with("1 passed, 0 failed\n"), "{out}");

    // A second update changes nothing; a changed result is refreshed, the rest kept.
    let (_, out, _) = jixiao(&["test", "--update", "--filter", "a.yaml", scheme, &folder]);
    assert!(out.ends_with("写入 0 份，1 份原已相符\n"), "{out}");
    common::write(
        &dir,
        "a.yaml",
        &a.replace("  编制数: 20\n", "  编制数: 21\n"),
    );
    let (_, out, _) = jixiao(&["test", scheme, &folder]);
    assert!(out.contains("失败"), "{out}");
    jixiao(&["test", "--update", scheme, &folder]);
    let a2 = std::fs::read_to_string(dir.join("a.yaml")).unwrap();
    assert!(
        a2.starts_with(&head.replace("  编制数: 20\n", "  编制数: 21\n")),
        "{a2}"
    );
    let (code, out, _) = jixiao(&["test", scheme, &folder]);
    assert_eq!(code, 0, "{out}");
    assert!(out.ends_with("2 passed, 0 failed\n"), "{out}");

    let (code, _, err) = jixiao(&["test", "--filter", "nothing-like-this", scheme, &folder]);
    assert_eq!(code, 2);
    assert!(
        err.contains("没有报告的路径含有 `nothing-like-this`"),
        "{err}"
    );
}
