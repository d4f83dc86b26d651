//! `jixiao diff`: the shipped pair and small case pairs, one per kind of change.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use jixiao::diff::{diff, Change, SchemeDiff, Status};
use jixiao::render::diff::render;
use jixiao::{compile, Sources};

const OLD: &str = "schemes/bumen-zhengti/2020.jx";
const NEW: &str = "schemes/bumen-zhengti/2024.jx";

fn pair(old: &str, new: &str) -> SchemeDiff {
    diff(&common::scheme(old), old, &common::scheme(new), new)
}

fn scores<'d>(d: &'d SchemeDiff, name: &str) -> &'d jixiao::diff::ScoreRanges {
    d.indicators
        .iter()
        .find(|i| i.name == name)
        .and_then(|i| {
            i.changes.iter().find_map(|c| match c {
                Change::Scores(r) => Some(r),
                _ => None,
            })
        })
        .unwrap_or_else(|| panic!("{name} has score ranges"))
}

#[test]
fn shipped_pair_text() {
    insta::assert_snapshot!(render(&pair(OLD, NEW)));
}

#[test]
fn shipped_pair_json() {
    insta::assert_json_snapshot!(pair(OLD, NEW));
}

#[test]
fn shipped_pair_states_every_change() {
    let d = pair(OLD, NEW);
    let status = |name: &str| {
        d.indicators
            .iter()
            .find(|i| i.name == name)
            .map(|i| i.status)
    };
    assert_eq!(status("绩效自评质量"), Some(Status::Added));
    assert_eq!(status("新建楼堂馆所投资概算控制率"), Some(Status::Removed));
    for changed in [
        "在职人员控制率",
        "三公经费变动率",
        "预算完成率",
        "新建楼堂馆所面积控制率",
        "公用经费控制率",
        "资金使用合规性",
    ] {
        assert_eq!(status(changed), Some(Status::Changed), "{changed}");
    }
    // Untouched indicators are not listed.
    assert_eq!(status("预算控制率"), None);
    assert_eq!(d.indicators.len(), 8);
    let added: Vec<&str> = d
        .inputs
        .iter()
        .filter(|i| i.status == Status::Added)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(added, ["自评质量"]);
    assert_eq!(
        d.inputs
            .iter()
            .filter(|i| i.status == Status::Removed)
            .count(),
        2
    );

    // The stricter staffing rule: different on (100%, 110%), equal elsewhere.
    let r = scores(&d, "在职人员控制率");
    assert_eq!(r.differ.len(), 2);
    let first = &r.differ[0];
    assert_eq!(first.range.text, "(100%, 105%]");
    assert_eq!(
        (first.range.lo.as_deref(), first.range.lo_included),
        (Some("1"), false)
    );
    assert_eq!(
        (first.range.hi.as_deref(), first.range.hi_included),
        (Some("1.05"), true)
    );
    assert_eq!(first.example, "103%");
    assert_eq!(first.old_score.as_deref(), Some("3.50"));
    assert_eq!(first.new_score.as_deref(), Some("2.00"));
    assert_eq!(r.differ[1].range.text, "(105%, 110%)");
    assert_eq!(r.differ[1].new, "0 分");
    let agree: Vec<&str> = r.agree.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(agree, ["[0%, 100%]", "≥ 110%"]);

    // Bands instead of a continuous deduction: the two cross at 2.5%.
    let r = scores(&d, "三公经费变动率");
    let texts: Vec<&str> = r.differ.iter().map(|x| x.range.text.as_str()).collect();
    assert_eq!(
        texts,
        ["(0%, 2.5%)", "(2.5%, 5%]", "(5%, 10%]", "(10%, 20%]"]
    );
    assert!(r.agree.iter().any(|a| a.text == "= 2.5%"));
}

#[test]
fn case_pairs() {
    insta::glob!("cases/diff/*.old.jx", |path| {
        let old = path.to_str().unwrap();
        let new = old.replace(".old.jx", ".new.jx");
        let rel = |p: &str| p[p.find("tests/").unwrap()..].to_string();
        let d = pair(&rel(old), &rel(&new));
        insta::assert_snapshot!(render(&d));
    });
}

#[test]
fn reordering_and_respacing_is_no_change() {
    let d = pair(
        "tests/cases/diff/reorder.old.jx",
        "tests/cases/diff/reorder.new.jx",
    );
    assert!(!d.summary.changed, "{}", render(&d));
    assert!(d.indicators.is_empty() && d.inputs.is_empty() && d.header.is_empty());
}

#[test]
fn a_renamed_file_is_no_change() {
    let text = std::fs::read_to_string(OLD).unwrap();
    let mut sources = Sources::new();
    let file = sources.add("另存为/部门整体-副本.jx", &text);
    let copy = compile(&sources, file, &mut common::Disk)
        .scheme
        .expect("checks");
    let d = diff(&common::scheme(OLD), OLD, &copy, "另存为/部门整体-副本.jx");
    assert!(!d.summary.changed, "{}", render(&d));
}

#[test]
fn fewer_points_scale_a_proportional_score() {
    // 重点工作 3 分 → 2 分 under 按比例计分: every completion above 0% scores less.
    let d = pair(
        "tests/cases/diff/staffing.old.jx",
        "tests/cases/diff/staffing.new.jx",
    );
    let r = scores(&d, "重点工作");
    assert_eq!(r.differ.len(), 1);
    assert_eq!(r.differ[0].range.text, "(0%, 100%]");
    assert_eq!(r.differ[0].old, "3 × 完成率");
    assert_eq!(r.differ[0].new, "2 × 完成率");
}
