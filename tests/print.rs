//! The printed 评分表: the HTML page holds every indicator, the total and the signature block;
//! printed to PDF by headless Chromium (when installed: CI installs it), its text read back.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code")]

mod common;

use common::jixiao;

const SCHEME: &str = "schemes/bumen-zhengti/2020.jx";
const REPORT: &str = "fixtures/bumen-zhengti/example-complete.yaml";

/// `name` in this test file's folder under the build's temporary folder.
fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("print");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// What a command prints with `--format json`.
fn json(args: &[&str]) -> serde_json::Value {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let (_, out, err) = jixiao(&all);
    serde_json::from_str(&out).expect(&err)
}

/// The names of the scheme's indicators, as `score --format json` lists them.
fn names(scheme: &str, report: &str) -> Vec<String> {
    let (_, out, _) = jixiao(&["score", scheme, report, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v[0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_html_page_holds_the_whole_table_and_the_signatures() {
    let out = tmp("one.html");
    let (code, _, err) = jixiao(&[
        "score",
        SCHEME,
        REPORT,
        "--html",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    for n in names(SCHEME, REPORT) {
        assert!(page.contains(&format!(">{n}<")), "{n} missing");
    }
    for text in [
        "总分 <strong>71.60</strong> / 100.00",
        "评分人：",
        "复核人：",
        "日期：",
        "以100%为标准",
        "size: A4",
        "Noto Sans CJK SC",
    ] {
        assert!(page.contains(text), "{text} missing");
    }
    // Self-contained: nothing fetched.
    assert!(!page.contains("http://") && !page.contains("https://"));
}

#[test]
fn a_batch_page_has_an_index_linking_each_report() {
    let out = tmp("batch.html");
    let (code, _, err) = jixiao(&[
        "score",
        "schemes/ziping/2020.jx",
        "fixtures/ziping",
        "--html",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(
        page.contains("评分汇总") && page.contains("共 10 份报告"),
        "{page}"
    );
    for k in 0..10 {
        assert!(
            page.contains(&format!("href=\"#r{k}\"")) && page.contains(&format!("id=\"r{k}\""))
        );
    }
    assert!(page.contains("page-break-before: always"));
}

/// `--html` naming a folder: `index.html` lists every report and links to its own page, each
/// page a whole 评分表 with its signatures and a way back (shown on screen, not printed).
#[test]
fn a_batch_folder_has_an_index_page_and_a_page_per_report() {
    let dir = tmp("folder");
    let _ = std::fs::remove_dir_all(&dir);
    let (code, _, err) = jixiao(&[
        "score",
        "schemes/ziping/2020.jx",
        "fixtures/ziping",
        "--html",
        &format!("{}/", dir.display()),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("index.html` 及 10 页（10 份报告）"), "{err}");
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("共 10 份报告"), "{index}");
    let links: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .map(|l| l.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 10, "{links:?}");
    let (_, json, _) = jixiao(&[
        "score",
        "schemes/ziping/2020.jx",
        "fixtures/ziping",
        "--format",
        "json",
    ]);
    let units: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    for (link, report) in links.iter().zip(&units) {
        let page = std::fs::read_to_string(dir.join(link)).unwrap();
        let unit = report["unit"].as_str().unwrap();
        assert!(
            page.contains(unit)
                && page.contains("评分人：")
                && page.contains("href=\"index.html\""),
            "{link}"
        );
        assert!(
            page.contains(&format!(
                "总分 <strong>{}</strong>",
                report["total"].as_str().unwrap()
            )),
            "{link}"
        );
    }
}

/// Printed by the machine's Chromium (skipped, and said, when there is none); the PDF's text
/// read back with pdftotext holds every indicator and the total.
#[test]
fn the_pdf_printed_by_chromium_holds_every_indicator() {
    let has = |b: &str| {
        std::process::Command::new("which")
            .arg(b)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| has(b))
    {
        assert!(
            std::env::var_os("JIXIAO_REQUIRE_BROWSER").is_none(),
            "Chromium was found by .ci/run but not by this test"
        );
        eprintln!("跳过：没有安装 Chromium（CI 由 .ci/run 安装）");
        return;
    }
    let out = tmp("one.pdf");
    let (code, _, err) = jixiao(&[
        "explain",
        SCHEME,
        REPORT,
        "--pdf",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
    if !has("pdftotext") {
        assert!(
            std::env::var_os("JIXIAO_REQUIRE_BROWSER").is_none(),
            "pdftotext was found by .ci/run but not by this test"
        );
        eprintln!("跳过读回 PDF：没有安装 pdftotext（poppler-utils）");
        return;
    }
    // `-raw`: the text in the order it was drawn, so a name wrapped in its cell reads whole.
    let text = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&out)
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for n in names(SCHEME, REPORT) {
        assert!(text.contains(&n), "{n} missing from the PDF");
    }
    assert!(text.contains("71.60"));
    assert!(text.contains("评分人"));
}

#[test]
fn without_chromium_the_pdf_is_refused_with_a_hint() {
    let out = tmp("none.pdf");
    let out = out.display().to_string();
    let out_cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["score", SCHEME, REPORT, "--pdf", &out])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out_cmd.stderr);
    assert_eq!(out_cmd.status.code(), Some(2), "{err}");
    assert!(
        err.contains("没有找到 Chromium") && err.contains("apt install chromium"),
        "{err}"
    );
}

/// The Excel 评分表, read back with the reading crate: a sheet per report with every indicator,
/// numbers as numbers (with the scheme's places), 一级 merged down its rows, the total; a summary
/// sheet first for a batch.
#[test]
fn the_excel_scoring_sheet_reads_back() {
    use umya_spreadsheet::CellRawValue;
    let out = tmp("one.xlsx");
    let (code, _, err) = jixiao(&[
        "score",
        SCHEME,
        REPORT,
        "--xlsx",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let book = umya_spreadsheet::reader::xlsx::read(&out).unwrap();
    let ws = book.sheet(0).unwrap();
    assert_eq!(ws.name(), "示例单位甲 2020");
    let text = |c: u32, r: u32| {
        ws.cell((c, r))
            .map(|x| x.value().to_string())
            .unwrap_or_default()
    };
    let number = |c: u32, r: u32| match ws.cell((c, r)).map(|x| x.raw_value().clone()) {
        Some(CellRawValue::Numeric(v)) => Some(v),
        _ => None,
    };
    assert_eq!(text(3, 4), "在职人员控制率");
    assert_eq!(number(4, 4), Some(5.0));
    assert_eq!(number(6, 4), Some(2.5));
    assert!(text(7, 4).contains("5.00 × 0.5分，扣 2.50分"));
    assert!(ws.merge_cells().iter().any(|m| m.range() == "A4:A5"));
    let all: Vec<String> = (4..40).map(|r| text(3, r)).collect();
    for n in names(SCHEME, REPORT)
        .into_iter()
        .filter(|n| !["投入", "过程", "产出及效率"].contains(&n.as_str()))
        .filter(|n| {
            ![
                "预算配置",
                "预算执行",
                "预算管理",
                "资产管理",
                "职责履行",
                "履职效益",
            ]
            .contains(&n.as_str())
        })
    {
        assert!(all.contains(&n), "{n} missing");
    }
    let total = (4..40).find(|r| text(1, *r) == "合计").unwrap();
    assert_eq!(number(6, total), Some(71.6));
    let batch = tmp("batch.xlsx");
    let (code, _, err) = jixiao(&[
        "score",
        "schemes/ziping/2020.jx",
        "fixtures/ziping",
        "--xlsx",
        &batch.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let book = umya_spreadsheet::reader::xlsx::read(&batch).unwrap();
    assert_eq!(book.sheet(0).unwrap().name(), "汇总");
    assert_eq!(book.sheet_collection().len(), 11);
    // Invalid reports are listed in the summary, not dropped: one valid and the invalid ones.
    let mixed = tmp("mixed.xlsx");
    let (code, _, err) = jixiao(&[
        "score",
        SCHEME,
        REPORT,
        "fixtures/invalid",
        "--xlsx",
        &mixed.display().to_string(),
    ]);
    assert_eq!(code, 1, "{err}");
    let invalid = common::report_files(std::path::Path::new("fixtures/invalid")).len();
    assert!(
        err.contains(&format!("（1 份报告；另有 {invalid} 份无效，列在汇总中）")),
        "{err}"
    );
    let book = umya_spreadsheet::reader::xlsx::read(&mixed).unwrap();
    let ws = book.sheet(0).unwrap();
    assert_eq!(ws.name(), "汇总");
    let cell = |c: u32, r: u32| {
        ws.cell((c, r))
            .map(|x| x.value().to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(1, 2), "示例单位甲");
    for r in 3..3 + invalid as u32 {
        assert_eq!(cell(5, r), "无效");
        assert!(
            cell(8, r).starts_with("fixtures/invalid/"),
            "{}",
            cell(8, r)
        );
        assert!(!cell(10, r).is_empty());
    }
    assert_eq!(book.sheet_collection().len(), 2);
}

/// `replay`, `audit` and `diff` pages: the changes side by side, the ranking, each change's old
/// beside its new.
#[test]
fn review_pages_show_the_changes() {
    let r = tmp("replay.html");
    let (code, _, err) = jixiao(&[
        "replay",
        "schemes/bumen-zhengti/2020.jx",
        "schemes/bumen-zhengti/2024.jx",
        "fixtures/generated",
        "--html",
        &r.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&r).unwrap();
    for text in ["方案回放", "变化来自", "旧总分", "新总分"] {
        assert!(page.contains(text), "{text} missing");
    }
    // The first report's old and new totals side by side, as the JSON gives them.
    let v = json(&[
        "replay",
        "schemes/bumen-zhengti/2020.jx",
        "schemes/bumen-zhengti/2024.jx",
        "fixtures/generated",
    ]);
    let first = &v["reports"][0];
    let (old, new) = (
        first["old_total"].as_str().unwrap(),
        first["new_total"].as_str().unwrap(),
    );
    let row = page
        .split("<tr>")
        .find(|r| r.contains(first["unit"].as_str().unwrap()) && r.contains(old))
        .expect("the first report's row");
    assert!(row.find(old) < row.find(new), "{row}");
    let a = tmp("audit.html");
    let (code, _, err) = jixiao(&[
        "audit",
        "schemes/bumen-zhengti",
        "fixtures/generated",
        "--html",
        &a.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&a).unwrap();
    for text in ["自评审核", "按自评高出排名", "自评 - 得分"] {
        assert!(page.contains(text), "{text} missing");
    }
    // The ranking's first unit with its gap, as the JSON gives them.
    let v = json(&["audit", "schemes/bumen-zhengti", "fixtures/generated"]);
    let top = &v["ranking"][0];
    let row = page
        .split("<tr>")
        .find(|r| {
            r.contains(top["file"].as_str().unwrap()) || r.contains(top["unit"].as_str().unwrap())
        })
        .expect("the top unit's row");
    assert!(row.contains(top["gap_total"].as_str().unwrap()), "{row}");
    let d = tmp("diff.html");
    let (code, _, err) = jixiao(&[
        "diff",
        "schemes/bumen-zhengti/2020.jx",
        "schemes/bumen-zhengti/2024.jx",
        "--html",
        &d.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(&d).unwrap();
    for text in ["方案对比", "<th>旧</th>", "<th>新</th>", "分值"] {
        assert!(page.contains(text), "{text} missing");
    }
}

/// `audit --xlsx` and `replay --xlsx`: the ranking and the gaps, each report under both
/// schemes and the causes, as sheets with numbers as numbers.
#[test]
fn review_workbooks_read_back() {
    use umya_spreadsheet::CellRawValue;
    let a = tmp("audit.xlsx");
    let (code, _, err) = jixiao(&[
        "audit",
        "schemes/bumen-zhengti",
        "fixtures/generated",
        "--xlsx",
        &a.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let book = umya_spreadsheet::reader::xlsx::read(&a).unwrap();
    let names: Vec<String> = book
        .sheet_collection()
        .iter()
        .map(|w| w.name().to_string())
        .collect();
    assert_eq!(names, ["排名", "差额", "核定不一致"]);
    let rank = book.sheet(0).unwrap();
    let number = |ws: &umya_spreadsheet::Worksheet, c: u32, r: u32| match ws
        .cell((c, r))
        .map(|x| x.raw_value().clone())
    {
        Some(CellRawValue::Numeric(v)) => Some(v),
        _ => None,
    };
    let v = json(&["audit", "schemes/bumen-zhengti", "fixtures/generated"]);
    let top = &v["ranking"][0];
    let gap: f64 = top["gap_total"]
        .as_str()
        .unwrap()
        .trim_start_matches('+')
        .parse()
        .unwrap();
    assert_eq!(number(rank, 1, 2), Some(1.0));
    // The first disagreement of 核定 with the rules, as the JSON says it.
    let first = v["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| !r["confirmed"].as_array().unwrap().is_empty())
        .unwrap();
    let d = &first["confirmed"][0];
    let sheet = book.sheet(2).unwrap();
    assert_eq!(sheet.value((1, 2)), first["unit"].as_str().unwrap());
    assert_eq!(sheet.value((3, 2)), d["name"].as_str().unwrap());
    assert_eq!(
        number(sheet, 4, 2),
        Some(d["confirmed"].as_str().unwrap().parse::<f64>().unwrap())
    );
    assert_eq!(number(rank, 3, 2), Some(top["year"].as_f64().unwrap()));
    assert_eq!(number(rank, 4, 2), Some(gap));
    assert_eq!(
        rank.cell((4, 2)).map(|c| c
            .style()
            .number_format()
            .map(|f| f.format_code().to_string())),
        Some(Some("0.00".to_string()))
    );
    let r = tmp("replay.xlsx");
    let (code, _, err) = jixiao(&[
        "replay",
        "schemes/bumen-zhengti/2020.jx",
        "schemes/bumen-zhengti/2024.jx",
        "fixtures/generated",
        "--xlsx",
        &r.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let book = umya_spreadsheet::reader::xlsx::read(&r).unwrap();
    let each = book.sheet(0).unwrap();
    assert_eq!(each.name(), "逐份");
    assert_eq!(each.highest_row(), 61);
    let v = json(&[
        "replay",
        "schemes/bumen-zhengti/2020.jx",
        "schemes/bumen-zhengti/2024.jx",
        "fixtures/generated",
    ]);
    let first = &v["reports"][0];
    let total = |k: &str| {
        first[k]
            .as_str()
            .unwrap()
            .trim_start_matches('+')
            .parse::<f64>()
            .ok()
    };
    assert_eq!(number(each, 3, 2), total("old_total"));
    assert_eq!(number(each, 4, 2), total("new_total"));
    assert_eq!(number(each, 5, 2), total("change"));
}

/// An output never overwrites a file being read (a department's workbook given to `--xlsx`),
/// nor puts a workbook in a folder of reports being read (the next run would read it as a
/// report): said before anything is read, exit 2, the input untouched.
#[test]
fn an_output_never_overwrites_what_is_read() {
    let dir = tmp("inputs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let input = dir.join("reports/filled.xlsx");
    std::fs::copy("fixtures/office/zhijiang-2023-kunnan-buzhu.xlsx", &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let path = input.display().to_string();
    let (code, _, err) = jixiao(&["score", "schemes/ziping", &path, "--xlsx", &path]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("就是要读的文件，写出会覆盖它"), "{err}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let folder = dir.join("reports").display().to_string();
    let out = dir.join("reports/评分表.xlsx").display().to_string();
    let (code, _, err) = jixiao(&["audit", "schemes/ziping", &folder, "--xlsx", &out]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("下次会被当作报告读入"), "{err}");
    // A page beside the reports is not read as one: written.
    let page = dir.join("reports/评分表.html").display().to_string();
    let (code, _, err) = jixiao(&["score", "schemes/ziping", &folder, "--html", &page]);
    assert_eq!(code, 0, "{err}");
}
