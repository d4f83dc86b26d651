//! Reports read from where they live: the seeds' text (real reports, tables lost in
//! extraction), and Excel and Word files; each imported report scores exactly as the YAML
//! fixture written by hand for the same form.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code"
)]

mod common;

use common::jixiao;
use serde_json::Value;

/// Copies of `../shared/seeds/` (the five real reports), kept in the repository for CI.
const SEEDS: &str = "fixtures/seeds";

/// `score --format json` of one report.
fn scored(scheme: &str, report: &str) -> Value {
    let (code, out, err) = jixiao(&["score", scheme, report, "--format", "json"]);
    assert!(code == 0 || code == 1, "{report}: {err}");
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{report}: {e}\n{out}{err}"));
    v[0].clone()
}

/// What must agree: total, grade, completeness, every indicator's path, score and status,
/// and the findings.
fn outcome(v: &Value) -> Value {
    let indicators: Vec<Value> = v["indicators"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| serde_json::json!([i["path"], i["score"], i["status"]]))
                .collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "total": v["total"],
        "grade": v["grade"],
        "complete": v["complete"],
        "indicators": indicators,
        "findings": v["findings"],
    })
}

/// Every 自评表 of the seeds imports with no edit and scores as the fixture written by hand
/// for it. (The fixtures of 芷江's project forms carry the 自评总分 that the report's prose
/// states; the form itself has none, and import does not take figures from prose.)
#[test]
fn every_form_of_the_seeds_scores_as_its_hand_written_fixture() {
    let zhijiang = format!("{SEEDS}/003_9668f26784509488.txt");
    let ziyang = format!("{SEEDS}/001_455491094229b3d7.txt");
    let cases = [
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#1"),
            "fixtures/ziping/zhijiang-2023-kunnan-buzhu.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#2"),
            "fixtures/ziping/zhijiang-2023-shanghui.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#3"),
            "fixtures/ziping/zhijiang-2023-feigong.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            format!("{zhijiang}#4"),
            "fixtures/ziping/zhijiang-2023-guadian.yaml",
        ),
        (
            "schemes/ziyang/2022.jx",
            ziyang.clone(),
            "fixtures/ziping/ziyang-2022.yaml",
        ),
        (
            "schemes/ziping/2020.jx",
            ziyang,
            "fixtures/ziping/ziyang-2022.yaml",
        ),
    ];
    for (scheme, seed, fixture) in cases {
        let a = scored(scheme, &seed);
        let b = scored(scheme, fixture);
        // Both scored (two invalid reports would agree on nothing).
        assert_eq!(a["valid"], true, "{seed}: {a}");
        assert!(a["total"].is_string() && !a["indicators"].as_array().unwrap().is_empty());
        assert_eq!(outcome(&a), outcome(&b), "{seed} against {fixture}");
        assert_eq!(a["unit"], b["unit"], "{seed}");
        assert_eq!(a["year"], b["year"], "{seed}");
        assert_eq!(a["project"], b["project"], "{seed}");
    }
}

/// How many forms each seed holds: 芷江's four project forms, 资阳's department form, 衡山's
/// blank template; 道县 and 澧县 have no 自评表 (澧县's table is a 评分表 of fixed indicators).
#[test]
fn import_finds_every_form_of_the_seeds() {
    for (seed, forms, rows) in [
        ("000_8c9c0691e241ed3c.txt", 1, vec![0]),
        ("001_455491094229b3d7.txt", 1, vec![20]),
        ("002_835d7745fb7649bf.txt", 0, vec![]),
        ("003_9668f26784509488.txt", 4, vec![7, 8, 10, 8]),
        ("004_6a7ee6d8afefd441.txt", 0, vec![]),
    ] {
        let path = format!("{SEEDS}/{seed}");
        let (code, out, err) = jixiao(&["import", &path]);
        assert_eq!(code, if forms == 0 { 1 } else { 0 }, "{seed}: {err}");
        assert!(
            err.contains(&format!("找到 {forms} 份报告")),
            "{seed}: {err}"
        );
        let docs: Vec<&str> = if out.is_empty() {
            Vec::new()
        } else {
            out.split("\n---\n").collect()
        };
        assert_eq!(docs.len(), forms, "{seed}: {out}");
        for (doc, n) in docs.iter().zip(&rows) {
            let lines = doc.lines().filter(|l| l.starts_with("  - {")).count();
            assert_eq!(lines, *n, "{seed}: {doc}");
        }
    }
}

/// A file with several forms is several reports where reports are listed (`score`), each
/// named `#N`; `explain` of the file alone asks which one; a form it does not hold is said.
#[test]
fn a_file_of_several_forms_is_several_reports() {
    let path = format!("{SEEDS}/003_9668f26784509488.txt");
    let (code, out, err) = jixiao(&["score", "schemes/ziping/2020.jx", &path]);
    assert_eq!(code, 0, "{err}");
    // Each line names its file below the folder the header names.
    assert!(
        out.starts_with(&format!("报告文件在 {SEEDS}/ 中\n")),
        "{out}"
    );
    for k in 1..=4 {
        assert!(
            out.contains(&format!("003_9668f26784509488.txt#{k}")),
            "{out}"
        );
    }
    assert_eq!(common::report_lines(&out), 4, "{out}");
    let (code, _, err) = jixiao(&["explain", "schemes/ziping/2020.jx", &path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("中有 4 份表，请写明哪一份"), "{err}");
    let (code, _, err) = jixiao(&["explain", "schemes/ziping/2020.jx", &format!("{path}#5")]);
    assert_eq!(code, 1);
    assert!(err.contains("只有 4 份表，没有第 5 份"), "{err}");
}

/// The Excel and Word versions of every 自评表 fixture (`fixtures/office/`, written by
/// `examples/office_fixtures.rs`: merged 一级 and 二级, 完成值 as percent cells, a self-score
/// stored as text, a formula for 执行率) score exactly as the YAML they were made from.
#[test]
fn the_office_versions_of_the_fixtures_score_as_their_yaml() {
    let mut names: Vec<_> = std::fs::read_dir("fixtures/office")
        .expect("fixtures/office")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 10);
    for xlsx in names {
        let stem = xlsx
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let yaml = format!("fixtures/ziping/{stem}.yaml");
        let docx = xlsx.with_extension("docx");
        let scheme = "schemes/ziping/2020.jx";
        let want = scored(scheme, &yaml);
        assert_eq!(want["valid"], true, "{yaml}: {want}");
        for office in [xlsx.display().to_string(), docx.display().to_string()] {
            let got = scored(scheme, &office);
            assert_eq!(outcome(&got), outcome(&want), "{office}");
            for key in ["unit", "year", "project", "self_total"] {
                assert_eq!(got[key], want[key], "{office}: {key}");
            }
        }
    }
}

/// A blank `template --xlsx` of `scheme` in a fresh temporary folder (`tag` names it), opened
/// for filling, with the fixture whose values will fill it.
fn blank_template(
    scheme: &str,
    fixture: &str,
    tag: &str,
) -> (
    std::path::PathBuf,
    umya_spreadsheet::Workbook,
    serde_yaml::Value,
) {
    let dir = common::tempdir(tag);
    let blank = dir.join("blank.xlsx");
    let (code, _, err) = jixiao(&["template", scheme, "--xlsx", &blank.display().to_string()]);
    assert_eq!(code, 0, "{err}");
    let y = serde_yaml::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let book = umya_spreadsheet::reader::xlsx::read(&blank).unwrap();
    (dir, book, y)
}

/// Saves the filled `book` in `dir` and checks that it scores as `fixture`; returns the
/// file's name and its JSON.
fn saved_scores_as(
    dir: &std::path::Path,
    book: &umya_spreadsheet::Workbook,
    scheme: &str,
    fixture: &str,
) -> (String, Value) {
    let filled = dir.join("filled.xlsx");
    umya_spreadsheet::writer::xlsx::write(book, &filled).unwrap();
    let filled = filled.display().to_string();
    let got = scored(scheme, &filled);
    assert_eq!(outcome(&got), outcome(&scored(scheme, fixture)));
    (filled, got)
}

/// `template --xlsx` of the department scheme, filled by a script with the values of
/// `fixtures/bumen-zhengti/example-complete.yaml` (as a person types them: 95% into a percent
/// cell, 是/否 per checklist item, a reviewer's 得分 and 理由 on two rows), reads back to the same
/// report: the same scores, and the reasons exactly as typed.
#[test]
fn a_template_filled_by_a_script_reads_back_to_the_same_report() {
    use serde_yaml::Value as Y;
    let scheme = "schemes/bumen-zhengti/2020.jx";
    let fixture = "fixtures/bumen-zhengti/example-complete.yaml";
    let (dir, mut book, y) = blank_template(scheme, fixture, "template");
    let data = &y["数据"];
    let ws = book.sheet_by_name_mut("填报").unwrap();
    ws.cell_mut((2, 3)).set_value_string("示例单位甲");
    ws.cell_mut((2, 4)).set_value_number(2020);
    let mut row = 7;
    loop {
        let name = ws
            .cell((1, row))
            .map(|c| c.value().to_string())
            .unwrap_or_default();
        if name.is_empty() {
            break;
        }
        let item = ws
            .cell((3, row))
            .map(|c| c.value().to_string())
            .unwrap_or_default();
        let percent = ws
            .cell((2, row))
            .and_then(|c| {
                c.style()
                    .number_format()
                    .map(|f| f.format_code().contains('%'))
            })
            .unwrap_or(false);
        let cell = ws.cell_mut((2, row));
        match &data[name.as_str()] {
            Y::Sequence(items) => {
                let held = items.iter().any(|i| i.as_str() == Some(item.as_str()));
                cell.set_value_string(if held { "是" } else { "否" });
            }
            Y::Mapping(m) => match item.as_str() {
                "得分" => {
                    cell.set_value_number(m[&Y::from("得分")].as_f64().unwrap());
                }
                _ => {
                    cell.set_value_string(m[&Y::from("理由")].as_str().unwrap());
                }
            },
            Y::Number(n) if percent => {
                cell.set_value_number(n.as_f64().unwrap() / 100.0);
            }
            Y::Number(n) => {
                cell.set_value_number(n.as_f64().unwrap());
            }
            Y::String(s) => {
                cell.set_value_string(s.as_str());
            }
            // Not in the report: left blank.
            Y::Null => {}
            other => panic!("{name}: {other:?}"),
        }
        row += 1;
    }
    let (filled, got) = saved_scores_as(&dir, &book, scheme, fixture);
    assert_eq!(got["unit"], "示例单位甲");
    assert_eq!(got["year"], 2020);
    let (_, yaml, _) = jixiao(&["import", &filled]);
    assert!(
        yaml.contains(
            "\"经济效益\": {得分: 2.5, 理由: \"招商引资项目落地 2 个，带动投资约 3000 万元\"}"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("\"重点工作完成率\": \"95%\""), "{yaml}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `template --xlsx` of a form scheme, filled by a script with a fixture's rows under their
/// categories (the grid's blank rows left blank), scores as the fixture.
#[test]
fn a_form_template_filled_by_a_script_scores_as_the_fixture() {
    use serde_yaml::Value as Y;
    let scheme = "schemes/ziping/2020.jx";
    let fixture = "fixtures/ziping/zhijiang-2023-kunnan-buzhu.yaml";
    let (dir, mut book, y) = blank_template(scheme, fixture, "form-template");
    let ws = book.sheet_by_name_mut("自评表").unwrap();
    let text = |v: &Y| match v {
        Y::String(s) => s.clone(),
        Y::Number(n) => n.to_string(),
        _ => String::new(),
    };
    ws.cell_mut((2, 2)).set_value_string(text(&y["项目"]));
    ws.cell_mut((6, 2)).set_value_string(text(&y["单位"]));
    ws.cell_mut((2, 3)).set_value_number(2023);
    ws.cell_mut((3, 5)).set_value_number(6);
    ws.cell_mut((4, 5)).set_value_number(6);
    ws.cell_mut((8, 25)).set_value_number(98);
    let rows = y["绩效指标"].as_sequence().unwrap();
    // Each category's six rows start where its name first is in column A.
    let mut used: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for r in rows {
        let cat = text(&r["一级"]);
        let first = (7..25)
            .find(|row| ws.cell((1, *row)).map(|c| c.value().to_string()) == Some(cat.clone()))
            .unwrap();
        let k = used.entry(cat).or_insert(0);
        let row = first + *k;
        *k += 1;
        for (col, key) in [(2, "二级"), (3, "三级"), (4, "指标值"), (5, "完成值")] {
            ws.cell_mut((col, row)).set_value_string(text(&r[key]));
        }
    }
    let (_, got) = saved_scores_as(&dir, &book, scheme, fixture);
    let want = scored(scheme, fixture);
    for key in ["unit", "project", "year", "self_total"] {
        assert_eq!(got[key], want[key], "{key}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A department report whose figures are in its prose (澧县): with the scheme, import fills
/// nothing, lists every input no table holds, and shows the sentence that states 编制数 with its
/// line, for a person to confirm.
#[test]
fn figures_in_prose_are_candidates_never_values() {
    let path = format!("{SEEDS}/004_6a7ee6d8afefd441.txt");
    let (code, out, err) = jixiao(&["import", "--scheme", "schemes/bumen-zhengti/2020.jx", &path]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("方案需要而表中没有的输入 26 项"), "{err}");
    assert!(
        out.contains(&format!("#   候选：{path}:6“"))
            && out.contains("我单位编制数3人，实际在职人数4人"),
        "{out}"
    );
    // Nothing filled: every line under 数据 is a comment.
    let data: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "数据:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(
        data.len() > 26 && data.iter().all(|l| l.trim_start().starts_with('#')),
        "{out}"
    );
    assert!(out.contains("年度: 2020"), "{out}");
}

/// Each trap of real layouts a new user's trial found (`tests/cases/import/README.md`) reads as
/// a person reads it.
#[test]
fn every_trap_reads_as_a_person_reads_it() {
    let dir = "tests/cases/import";
    let scheme = "schemes/ziping/2020.jx";
    for (file, total) in [
        ("e1_prefix.txt", "95.00"),
        ("d3_pagenum.txt", "85.00"),
        ("d3_continued.docx", "85.00"),
        ("w3b_two_plain.csv#1", "74.00"),
        ("w3b_two_plain.csv#2", "73.00"),
        ("w1_province.xlsx", "96.54"),
        ("h2_split_header.xlsx", "90.00"),
        ("h1_hiddencol.xlsx", "100.00"),
        ("w5_stale_merge.xlsx", "90.00"),
        ("w7_raw.xlsx", "77.00"),
        ("w4_formats.xlsx", "80.00"),
        ("d1_word.docx#1", "98.00"),
        ("d5_sym_move.docx", "100.00"),
        ("d2_nested1.docx", "97.00"),
        ("y1_projyear.docx", "100.00"),
        ("t1_title_newline.xlsx", "100.00"),
    ] {
        let v = scored(scheme, &format!("{dir}/{file}"));
        assert_eq!(v["total"], total, "{file}: {v}");
    }
    let v = scored(scheme, &format!("{dir}/y1_projyear.docx"));
    assert_eq!(v["year"], 2023);
    // Full-width digits read as the report reader reads them.
    let v = scored(scheme, &format!("{dir}/f1_fullwidth_total.xlsx"));
    assert_eq!(v["self_total"], "98.00", "{v}");
    let v = scored(scheme, &format!("{dir}/f2_fullwidth_year.xlsx"));
    assert_eq!(v["year"], 2023, "{v}");
    // What could not be read is a located warning in the JSON.
    let v = scored(scheme, &format!("{dir}/w4_formats.xlsx"));
    let d = v["diagnostics"].as_array().unwrap();
    assert!(
        d.iter().any(|x| x["id"] == "report-source"
            && x["message"]
                .as_str()
                .is_some_and(|m| m.contains("!自评表!E7") && m.contains("0!.0000"))),
        "{v}"
    );
    // A broken workbook is an error of that file, said at the broken place, and the batch goes
    // on (a cell at row 0 was read as row 4,294,967,295 in a release build, and the workbook
    // scored wrong instead of refused).
    let (code, out, err) = jixiao(&[
        "score",
        scheme,
        &format!("{dir}/cell_r0.xlsx"),
        &format!("{dir}/e1_prefix.txt"),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("单元格 A0，工作表上没有这一格，文件已损坏") && !err.contains("内部错误"),
        "{err}"
    );
    assert!(out.contains("总分 95.00"), "{out}");
}

/// A zip that unzips past the limit (a bomb) is refused at once, never read.
#[test]
fn a_zip_bomb_is_refused() {
    use std::io::Write as _;
    let dir = common::tempdir("bomb");
    let path = dir.join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..40 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let (code, _, err) = jixiao(&["import", &path.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("解压后超过 32 MB"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Small files that would give gigabytes once read (a long text merged over thousands of
/// cells, spans and vertical merges in Word, nested tables, a column range to column 2³²) are
/// refused with a Chinese message, under a 2 GB memory limit, and the other reports of the
/// batch are still scored. The files are in tests/cases/import (README: 小文件、大内容).
#[test]
fn files_built_to_fill_memory_are_refused() {
    let bin = env!("CARGO_BIN_EXE_jixiao");
    let limited = |args: &str| {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 2000000; exec {bin} {args}"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for (file, why) in [
        ("b1_merge_bomb.xlsx", "读出的文字超过 64 MB"),
        ("b2_vmerge_bomb.docx", "读出的文字超过 64 MB"),
        ("b3_nested_bomb.docx", "读出的文字超过 64 MB"),
        ("b4_col_huge.xlsx", "列设置写到了第 4294967295 列"),
    ] {
        let path = format!("tests/cases/import/{file}");
        let (code, _, err) = limited(&format!("import {path}"));
        assert_eq!(code, 2, "{file}: {err}");
        assert!(
            err.contains(&format!("无法读取 `{path}`：")) && err.contains(why),
            "{file}: {err}"
        );
        // In a batch, the others are scored.
        let (code, out, err) = limited(&format!(
            "score schemes/ziping/2020.jx {path} tests/cases/import/e1_prefix.txt"
        ));
        assert_eq!(code, 1, "{file}: {err}");
        assert!(out.contains("总分 95.00"), "{file}: {out}{err}");
    }
}

/// CSV as Excel on Windows saves it: places name the line a person sees (CRLF counted once),
/// and a quote left open, which runs the rest of the file into one cell, is said at that cell.
#[test]
fn csv_places_and_open_quotes() {
    let (code, out, err) = jixiao(&["import", "tests/cases/import/c1_crlf.csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("单位: \"甲单位\"  # tests/cases/import/c1_crlf.csv:2 第 5 栏"),
        "{out}"
    );
    assert!(!out.contains('\r'), "{out:?}");
    let (_, out, err) = jixiao(&["import", "tests/cases/import/c2_open_quote.csv"]);
    assert!(
        out.contains("c2_open_quote.csv:6 第 4 栏\", 提示: \"这个格子跨了 5 行，可能是引号"),
        "{out}{err}"
    );
}

/// What could not be read stays with the form it is in: two forms in one file, a cell cut in
/// the first, and only the first says so.
#[test]
fn a_problem_stays_with_its_form() {
    let file = "tests/cases/import/t2_two_forms_one_problem.txt";
    let (code, out, err) = jixiao(&["import", file]);
    assert_eq!(code, 0, "{err}");
    let forms: Vec<&str> = out.split("# 由 jixiao import").skip(1).collect();
    assert_eq!(forms.len(), 2, "{out}");
    let cut = format!("{file}:6\", 提示: \"文字有 12025 字，超过 10000 字");
    assert!(
        forms[0].contains("单位: \"甲单位\"") && forms[0].contains(&cut),
        "{}",
        forms[0]
    );
    assert!(
        forms[1].contains("单位: \"乙单位\"") && !forms[1].contains("读取提示"),
        "{}",
        forms[1]
    );
}

/// A Word cell longer than the limit, over several paragraphs, is cut as a whole and said at
/// the cell (not at a paragraph number, and never dropped without a word).
#[test]
fn a_long_cell_is_cut_at_its_place() {
    let file = "tests/cases/import/d6_long_cell.docx";
    let (code, out, err) = jixiao(&["import", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("{{位置: \"{file} 表 1 第 4 行第 8 列\", 提示: \"文字有 20009 字，超过 10000 字，只读前 10000 字\"}}")),
        "{out}"
    );
}
