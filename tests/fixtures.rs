//! The shipped fixtures: acceptance values asserted one by one, and every fixture's score
//! table, explanation and JSON snapshotted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::path::Path;

use common::score;
use jixiao::eval::{Outcome, Status};
use jixiao::Scheme;

const SCHEME: &str = "schemes/bumen-zhengti/2020.jx";

fn scheme() -> Scheme {
    common::scheme(SCHEME)
}

fn leaf_scores(scheme: &Scheme, outcome: &Outcome) -> Vec<(String, Option<String>)> {
    scheme
        .leaves()
        .map(|id| {
            (
                scheme.node(id).name.clone(),
                outcome.node(id).score.map(|s| s.to_string()),
            )
        })
        .collect()
}

#[test]
fn example_complete_scores_the_acceptance_values() {
    let s = scheme();
    let sc = score(
        &s,
        Path::new("fixtures/bumen-zhengti/example-complete.yaml"),
    );
    let o = &sc.outcome;
    let expected = [
        ("在职人员控制率", "2.50"),
        ("三公经费变动率", "4.00"),
        ("预算完成率", "3.00"),
        ("预算控制率", "3.00"),
        ("新建楼堂馆所面积控制率", "5.00"),
        ("新建楼堂馆所投资概算控制率", "5.00"),
        ("公用经费控制率", "5.00"),
        ("三公经费控制率", "8.00"),
        ("政府采购执行率", "2.00"),
        ("管理制度健全性", "6.00"),
        ("资金使用合规性", "4.00"),
        ("预决算信息公开性", "4.00"),
        ("重点工作实际完成率", "7.60"),
        ("经济效益", "2.50"),
        ("社会效益", "3.00"),
        ("行政效能", "3.00"),
        ("社会公众或服务对象满意度", "4.00"),
    ];
    let got = leaf_scores(&s, o);
    let want: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(n, v)| (n.to_string(), Some(v.to_string())))
        .collect();
    assert_eq!(got, want);
    assert_eq!(o.total.to_string(), "71.60");
    assert!(o.complete);
    assert_eq!(o.grade.map(|g| s.grades[g].name.as_str()), Some("中"));
    let na = s.node_names["新建楼堂馆所面积控制率"];
    assert_eq!(o.node(na).status, Status::NotApplicable);
}

#[test]
fn lixian_staffing_is_zero_against_a_self_score_of_four() {
    let s = scheme();
    let sc = score(&s, Path::new("fixtures/bumen-zhengti/lixian-2020.yaml"));
    let (r, o) = (&sc.report, &sc.outcome);
    let id = s.node_names["在职人员控制率"];
    assert_eq!(o.node(id).score.map(|v| v.to_string()), Some("0.00".into()));
    assert_eq!(
        r.self_scores[id.0 as usize].map(|v| v.to_string()),
        Some("4".into())
    );
    assert!(!o.complete);
    assert_eq!(o.grade, None);
    let missing: Vec<&str> = s
        .leaves()
        .filter(|l| o.node(*l).status == Status::MissingInput)
        .map(|l| s.node(l).name.as_str())
        .collect();
    assert_eq!(missing.len(), 16);
    assert!(missing.contains(&"三公经费变动率"));
}

#[test]
fn fixture_explanations() {
    let s = scheme();
    insta::glob!("../fixtures/bumen-zhengti", "*.yaml", |path| {
        let sc = score(&s, path);
        let name = format!(
            "fixtures/bumen-zhengti/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        let text = format!(
            "{}\n════════ explain ════════\n{}",
            jixiao::render::text::score_table(&sc, &name),
            jixiao::render::text::explanation(&sc, &name)
        );
        insta::assert_snapshot!(text);
    });
}

#[test]
fn example_json() {
    let s = scheme();
    let path = "fixtures/bumen-zhengti/example-complete.yaml";
    let sc = score(&s, Path::new(path));
    let json = jixiao::render::json::scored(&sc, SCHEME, path);
    insta::assert_json_snapshot!(json);
}

#[test]
fn example_2024_scores_under_the_2024_scheme() {
    let s = common::scheme("schemes/bumen-zhengti/2024.jx");
    let sc = score(
        &s,
        Path::new("fixtures/bumen-zhengti/2024/example-2024.yaml"),
    );
    let o = &sc.outcome;
    let expected = [
        ("在职人员控制率", "2.00"),
        ("三公经费变动率", "6.00"),
        ("预算完成率", "8.00"),
        ("预算控制率", "4.00"),
        ("新建楼堂馆所面积控制率", "5.00"),
        ("公用经费控制率", "6.00"),
        ("三公经费控制率", "8.00"),
        ("政府采购执行率", "6.00"),
        ("管理制度健全性", "8.00"),
        ("资金使用合规性", "3.00"),
        ("预决算信息公开性", "5.00"),
        ("绩效自评质量", "3.00"),
        ("重点工作实际完成率", "7.84"),
        ("经济效益", "2.50"),
        ("社会效益", "2.50"),
        ("行政效能", "6.00"),
        ("社会公众或服务对象满意度", "6.00"),
    ];
    let want: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(n, v)| (n.to_string(), Some(v.to_string())))
        .collect();
    assert_eq!(leaf_scores(&s, o), want);
    assert_eq!(o.total.to_string(), "88.84");
    assert_eq!(o.grade.map(|g| s.grades[g].name.as_str()), Some("良好"));
}
