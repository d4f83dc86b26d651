//! The spreadsheet traps, each in a real file written here and read back: a percent cell, a
//! float that is not what it shows, a number stored as text, a merged 一级 cell, a hidden row,
//! a formula with and without its result, a date; a GBK CSV; a Word table with merged cells.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code")]

mod common;

use jixiao::grid::{self, Document, Kind};
use rust_xlsxwriter::{Format, Workbook};

/// The text of the cell at (row, col), both from 1, of the first table.
fn cell(doc: &Document, row: usize, col: usize) -> &str {
    &doc.tables[0].rows[row - 1].cells[col - 1].text
}

#[test]
fn a_workbook_is_read_as_it_shows() {
    let dir = common::tempdir("grid");
    let path = dir.join("traps.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Sheet1").unwrap();
    let pct = Format::new().set_num_format("0%");
    let date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    ws.write_string(0, 0, "一级指标").unwrap();
    ws.write_number_with_format(0, 1, 0.88, &pct).unwrap();
    // A float stored with its binary error, as Excel stores =0.1+0.2.
    ws.write_formula(0, 2, "=0.1+0.2").unwrap();
    ws.set_formula_result(0, 2, "0.30000000000000004");
    ws.write_string(0, 3, "88").unwrap();
    ws.write_number_with_format(0, 4, 44926.0, &date).unwrap();
    ws.merge_range(1, 0, 3, 0, "产出指标", &Format::new())
        .unwrap();
    ws.write_string(1, 1, "甲").unwrap();
    ws.write_string(2, 1, "乙").unwrap();
    ws.write_string(3, 1, "丙").unwrap();
    ws.set_row_hidden(2).unwrap();
    ws.write_formula(4, 1, "=B1*2").unwrap();
    ws.set_formula_result(4, 1, "");
    ws.write_string(4, 2, "尾  ").unwrap();
    wb.save(&path).unwrap();

    let bytes = std::fs::read(&path).unwrap();
    let doc = grid::read("traps.xlsx", Kind::Xlsx, &bytes).expect("reads");
    assert_eq!(cell(&doc, 1, 2), "88%");
    assert_eq!(cell(&doc, 1, 3), "0.3");
    assert_eq!(cell(&doc, 1, 4), "88");
    assert_eq!(cell(&doc, 1, 5), "2022年12月31日");
    for r in 2..=4 {
        assert_eq!(cell(&doc, r, 1), "产出指标", "row {r}");
    }
    assert!(!doc.tables[0].rows[1].cells[0].merged);
    assert!(doc.tables[0].rows[3].cells[0].merged);
    // The hidden row (乙, row 3) is read, and said at its row.
    assert_eq!(cell(&doc, 3, 2), "乙");
    assert!(
        doc.problems
            .iter()
            .any(|p| p.place_text() == "!Sheet1 第 3 行"
                && p.text.contains("隐藏的，照样读取并计分")),
        "{:?}",
        doc.problems
    );
    assert_eq!(cell(&doc, 5, 3), "尾");
    // A formula without a result is left out, and said at its cell.
    assert_eq!(cell(&doc, 5, 2), "");
    assert!(
        doc.problems
            .iter()
            .any(|p| p.place_text() == "!Sheet1!B5" && p.text.contains("没有保存计算结果")),
        "{:?}",
        doc.problems
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_gbk_csv_is_decoded_with_a_note() {
    let text = "一级指标,二级指标,三级指标,年度指标值,实际完成值\n产出指标,数量指标,发放人数,≥14人,\"1,400人\"\n";
    let (bytes, _, bad) = encoding_rs::GB18030.encode(text);
    assert!(!bad);
    let doc = grid::read("表.csv", Kind::Csv, &bytes).expect("reads");
    assert_eq!(cell(&doc, 2, 3), "发放人数");
    assert_eq!(cell(&doc, 2, 5), "1,400人");
    assert!(
        doc.notes.iter().any(|n| n.contains("GBK")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn a_word_table_fills_its_merged_cells() {
    let bytes = std::fs::read("fixtures/office/zhijiang-2023-kunnan-buzhu.docx").unwrap();
    let doc = grid::read("x.docx", Kind::Docx, &bytes).expect("reads");
    assert_eq!(doc.tables.len(), 1);
    assert!(doc.text.iter().any(|t| t == "2023年度项目支出绩效自评表"));
    // Row 5 starts 产出指标 (vMerge restart); rows 6–8 continue it.
    for r in 5..=8 {
        assert_eq!(cell(&doc, r, 1), "产出指标", "row {r}");
    }
    assert!(doc.tables[0].rows[6].cells[0].merged);
    // 项目名称's value spans three grid columns.
    assert_eq!(cell(&doc, 1, 2), "老工商业者及遗孀生活困难补助");
    assert_eq!(cell(&doc, 1, 4), "老工商业者及遗孀生活困难补助");
    assert!(doc.tables[0].rows[0].cells[3].merged);
}
