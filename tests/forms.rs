//! Self-evaluation forms: the seed forms and the synthetic ones, scored under the shipped
//! form schemes, with acceptance values asserted and every explanation snapshotted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::path::Path;

use common::{read, scheme};
use jixiao::eval::{Outcome, Scored, Status};
use jixiao::ir::{Node, NodeId};
use jixiao::report::Report;
use jixiao::{compile, Scheme, Sources};

const NATIONAL: &str = "schemes/ziping/2020.jx";
const ZIYANG: &str = "schemes/ziyang/2022.jx";

fn score<'s>(s: &'s Scheme, path: &str) -> Scored<'s> {
    common::score(s, Path::new(path))
}

/// Scores by path (`产出指标/数量指标/发放人数`), as the JSON shows them.
fn by_path(t: &Scheme, o: &Outcome) -> Vec<(String, Option<String>)> {
    (0..t.nodes.len())
        .map(|i| {
            let id = jixiao::ir::NodeId(i as u32);
            (
                t.node(id).path.join("/"),
                o.node(id).score.map(|v| v.to_string()),
            )
        })
        .collect()
}

fn get(rows: &[(String, Option<String>)], path: &str) -> Option<String> {
    rows.iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no node {path}"))
        .1
        .clone()
}

/// The leaves made from the report's rows, in table order.
fn row_nodes<'a>(sc: &'a Scored<'_>) -> Vec<&'a Node> {
    (0..sc.scheme.nodes.len())
        .map(|i| NodeId(i as u32))
        .filter(|id| sc.report.row(*id).is_some())
        .map(|id| sc.scheme.node(id))
        .collect()
}

fn kinds(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.kind).collect()
}

#[test]
fn every_row_kind_scores_as_the_national_rule_says() {
    let s = scheme(NATIONAL);
    let sc = score(&s, "fixtures/ziping/synthetic-kinds.yaml");
    let (r, o) = (&sc.report, &sc.outcome);
    let rows = by_path(&sc.scheme, o);
    let want = [
        ("预算执行率", "9.00"),
        ("产出指标/数量指标/培训人次", "9.00"),
        ("产出指标/数量指标/走访企业", "10.00"),
        ("产出指标/质量指标/服务投诉", "5.00"),
        ("产出指标/质量指标/发放差错", "0.00"),
        ("产出指标/时效指标/年度任务完成时间", "5.00"),
        ("产出指标/时效指标/资料报送时间", "0.00"),
        ("产出指标/成本指标/工作经费", "9.50"),
        ("效益指标/社会效益指标/营商环境", "7.00"),
        ("效益指标/社会效益指标/联系乡村", "7.50"),
        ("效益指标/可持续影响指标/长效机制", "8.50"),
        ("满意度指标/服务对象满意度指标/满意率", "9.68"),
        ("产出指标", "38.50"),
        ("效益指标", "23.00"),
    ];
    for (p, v) in want {
        assert_eq!(get(&rows, p).as_deref(), Some(v), "{p}");
    }
    assert_eq!(o.total.to_string(), "80.18");
    assert!(o.complete);
    assert_eq!(o.grade.map(|g| s.grades[g].name.as_str()), Some("良"));
    assert!(r.findings.is_empty(), "{:?}", r.findings);
}

#[test]
fn zhijiang_project_forms_share_points_and_flag_percent_actuals() {
    let s = scheme(NATIONAL);
    let cases = [
        ("kunnan-buzhu", Some("98"), 2, "12.5"),
        ("shanghui", Some("95"), 3, "10"),
        ("feigong", Some("95"), 5, "7.15"),
        ("guadian", None, 3, "10"),
    ];
    for (name, own, flagged, first) in cases {
        let path = format!("fixtures/ziping/zhijiang-2023-{name}.yaml");
        let sc = score(&s, &path);
        let (r, o) = (&sc.report, &sc.outcome);
        assert_eq!(o.total.to_string(), "100.00", "{name}");
        assert!(o.complete, "{name}");
        assert_eq!(
            r.self_total.map(|v| v.to_string()).as_deref(),
            own,
            "{name}"
        );
        let n = kinds(r)
            .iter()
            .filter(|k| **k == "actual_as_percent")
            .count();
        assert_eq!(n, flagged, "{name}");
        let row = row_nodes(&sc).into_iter().next().expect("rows");
        assert_eq!(row.weight.normalize().to_string(), first, "{name}");
        assert_eq!(row.path.len(), 3);
    }
    // 50 points over 7 rows: 7.15 twice, 7.14 five times, adding up to exactly 50.
    let sc = score(&s, "fixtures/ziping/zhijiang-2023-feigong.yaml");
    let output: Vec<String> = row_nodes(&sc)
        .into_iter()
        .filter(|n| n.path[0] == "产出指标")
        .map(|n| n.weight.to_string())
        .collect();
    assert_eq!(
        output,
        ["7.15", "7.15", "7.14", "7.14", "7.14", "7.14", "7.14"]
    );
}

#[test]
fn ziyang_form_leaves_the_cost_row_unscored_and_compares_row_by_row() {
    let s = scheme(ZIYANG);
    let sc = score(&s, "fixtures/ziping/ziyang-2022.yaml");
    let (r, o) = (&sc.report, &sc.outcome);
    let rows = by_path(&sc.scheme, o);
    assert_eq!(
        get(&rows, "产出指标/成本指标/各项业务工作经费不超过预算"),
        None
    );
    assert_eq!(o.total.to_string(), "85.00");
    assert!(!o.complete);
    assert_eq!(r.self_total.map(|v| v.to_string()).as_deref(), Some("99"));
    let t = &*sc.scheme;
    let cost = t.node_names["各项业务工作经费不超过预算"];
    assert_eq!(o.node(cost).status, Status::MissingInput);
    assert_eq!(
        r.self_scores[cost.0 as usize]
            .map(|v| v.to_string())
            .as_deref(),
        Some("14")
    );
    assert!(kinds(r).contains(&"no_completion"));
    assert!(kinds(r).contains(&"blank_rows"));
}

#[test]
fn every_finding_on_the_data_is_reported() {
    let s = scheme(NATIONAL);
    let sc = score(&s, "fixtures/ziping/synthetic-findings.yaml");
    let (r, o) = (&sc.report, &sc.outcome);
    let k = kinds(r);
    for want in [
        "actual_as_percent",
        "row_points_sum",
        "self_above_points",
        "met_below_full",
        "far_exceeded",
        "far_exceeded_explained",
        "category_merged",
        "no_completion",
        "unit_mismatch",
        "completion_out_of_tiers",
        "unreadable_target",
        "row_duplicate",
        "blank_rows",
    ] {
        assert!(k.contains(&want), "{want} missing from {k:?}");
    }
    let rows = by_path(&sc.scheme, o);
    assert_eq!(
        get(&rows, "产出指标/数量指标/发放人数").as_deref(),
        Some("16.67")
    );
    assert_eq!(
        get(&rows, "产出指标/成本指标/工作经费").as_deref(),
        Some("8.33")
    );
    assert_eq!(
        get(&rows, "效益指标/可持续影响指标/长效机制（2）").as_deref(),
        Some("7.20")
    );
    assert_eq!(get(&rows, "满意度指标").as_deref(), Some("0.00"));
    let t = &*sc.scheme;
    assert_eq!(t.node(t.node_names["效益指标"]).weight.to_string(), "40");
    assert_eq!(o.total.to_string(), "67.20");
    assert!(!o.complete);

    let sc = score(&s, "fixtures/ziping/synthetic-empty-category.yaml");
    let (r, o) = (&sc.report, &sc.outcome);
    assert_eq!(
        kinds(r)
            .iter()
            .filter(|k| **k == "category_no_rows")
            .count(),
        2
    );
    let t = &*sc.scheme;
    for c in ["效益指标", "满意度指标"] {
        let id = t.node_names[c];
        assert_eq!(o.node(id).status, Status::MissingInput, "{c}");
        assert_eq!(o.node(id).score, None, "{c}");
    }
    assert_eq!(o.total.to_string(), "60.00");
    assert_eq!(o.grade, None);
    let json = jixiao::render::json::scored(&sc, NATIONAL, "x.yaml");
    let benefit = json
        .indicators
        .iter()
        .find(|i| i.name == "效益指标")
        .expect("category");
    let trace: Vec<&str> = benefit.trace.iter().map(|l| l.kind).collect();
    assert_eq!(trace, ["definition", "missing"]);
    assert_eq!(benefit.score, None);
}

/// Found by fuzzing: rows whose stated points exceed the category's, beside a row with none,
/// were not prorated, and the category scored 60 of its 50 points.
#[test]
fn stated_points_beyond_the_category_are_prorated_beside_a_row_without_points() {
    let s = scheme(NATIONAL);
    let sc = score(&s, "fixtures/ziping/synthetic-points-over.yaml");
    let rows = by_path(&sc.scheme, &sc.outcome);
    let points: Vec<String> = row_nodes(&sc)
        .iter()
        .filter(|n| n.path[0] == "产出指标")
        .map(|n| n.weight.to_string())
        .collect();
    assert_eq!(points, ["16.67", "16.67", "8.33", "8.33", "0"]);
    assert_eq!(get(&rows, "产出指标").as_deref(), Some("50.00"));
    assert_eq!(sc.outcome.total.to_string(), "100.00");
    let k = kinds(&sc.report);
    assert!(
        k.contains(&"row_points_missing") && k.contains(&"row_points_sum"),
        "{k:?}"
    );
}

fn scheme_for(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.starts_with("ziyang") {
        ZIYANG
    } else {
        NATIONAL
    }
}

#[test]
fn form_explanations() {
    insta::glob!("../fixtures/ziping", "*.yaml", |path| {
        let s = scheme(scheme_for(path));
        let name = format!(
            "fixtures/ziping/{}",
            path.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
        );
        let sc = score(&s, path.to_str().unwrap_or_default());
        let text = format!(
            "{}\n════════ explain ════════\n{}",
            jixiao::render::text::score_table(&sc, &name),
            jixiao::render::text::explanation(&sc, &name)
        );
        insta::assert_snapshot!(text);
    });
}

#[test]
fn form_json_has_row_paths() {
    let s = scheme(NATIONAL);
    let path = "fixtures/ziping/zhijiang-2023-kunnan-buzhu.yaml";
    let sc = score(&s, path);
    let json = jixiao::render::json::scored(&sc, NATIONAL, path);
    let v = serde_json::to_value(&json).expect("json");
    let row = v["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["name"] == "发放人数")
        .expect("row");
    assert_eq!(
        row["path"],
        serde_json::json!(["产出指标", "数量指标", "发放人数"])
    );
    assert_eq!(row["weight"], "12.50");
    assert_eq!(row["score"], "12.50");
    assert_eq!(row["status"], "scored");
    insta::assert_json_snapshot!(json);
}

#[test]
fn hengshan_template_does_not_add_up() {
    let path = "fixtures/ziping/hengshan-2022-template.jx";
    let text = std::fs::read_to_string(path).expect("template");
    let mut sources = Sources::new();
    let file = sources.add(path, &text);
    let c = compile(&sources, file, &mut common::Disk);
    assert!(c.scheme.is_none());
    let ids: Vec<String> = c.diags.iter().map(|d| d.code()).collect();
    assert_eq!(ids, ["points-total"]);
    insta::assert_snapshot!(jixiao::base::diag::render_all(&c.diags, &c.sources));
}

#[test]
fn other_layouts_are_their_own_schemes() {
    // Each variant checks clean and scores the same synthetic form its own way.
    insta::glob!("cases/form/*.jx", |path| {
        let s = scheme(path.to_str().unwrap_or_default());
        let sc = score(&s, "fixtures/ziping/synthetic-kinds.yaml");
        let name = "fixtures/ziping/synthetic-kinds.yaml";
        insta::assert_snapshot!(jixiao::render::text::score_table(&sc, name));
    });
}

#[test]
fn form_report_errors() {
    let s = scheme(NATIONAL);
    insta::glob!("cases/report/form-err/*.yaml", |path| {
        let r = read(&s, path);
        let mut sources = Sources::new();
        let text = std::fs::read_to_string(path).expect("case");
        sources.add(
            format!(
                "tests/cases/report/form-err/{}",
                path.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default()
            ),
            &text,
        );
        assert!(!r.diags.is_empty(), "{} has no diagnostic", path.display());
        insta::assert_snapshot!(jixiao::base::diag::render_all(&r.diags, &sources));
    });
}

/// Every form of `tests/cases/forms/` (the shared gaps of real provinces' forms and variants of
/// each) scores as its `期望:` block says, under its own scheme (`NN-….jx` beside it) or the
/// shared minimal `form.jx`.
#[test]
fn real_form_gaps_score_as_expected() {
    let dir = Path::new("tests/cases/forms");
    let mut reports: Vec<_> = std::fs::read_dir(dir)
        .expect("the cases folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    reports.sort();
    assert!(reports.len() >= 3, "{reports:?}");
    for report in reports {
        let own = report.with_extension("jx");
        let scheme = if own.exists() {
            own
        } else {
            dir.join("form.jx")
        };
        let (code, out, err) =
            common::jixiao(&["test", &scheme.to_string_lossy(), &report.to_string_lossy()]);
        assert_eq!(code, 0, "{}: {out}{err}", report.display());
        assert!(
            out.contains("1 passed, 0 failed"),
            "{}: {out}",
            report.display()
        );
        assert!(
            !out.contains("无期望"),
            "{} has no 期望 block",
            report.display()
        );
    }
}

/// An input of a form's `预算执行` block is located in that block (it was 1:1).
#[test]
fn a_budget_error_points_at_the_budget_line() {
    let (code, _, err) = common::jixiao(&[
        "score",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/11-zero-budget-location.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("11-zero-budget-location.yaml:5:15]"), "{err}");
}

/// The score table of each form of `tests/cases/forms/` as `jixiao score` prints it: the rows
/// under their own 二级 in order, nested categories indented, findings above.
#[test]
fn real_form_gap_tables() {
    insta::glob!("cases/forms/*.yaml", |path| {
        let own = path.with_extension("jx");
        let scheme = if own.exists() {
            own
        } else {
            path.with_file_name("form.jx")
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let shown = format!("tests/cases/forms/{name}");
        let (_, out, err) = common::jixiao(&["score", &scheme.to_string_lossy(), &shown]);
        let err: String = err
            .lines()
            .filter(|l| !l.contains(env!("CARGO_MANIFEST_DIR")))
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("{out}{err}"));
    });
}

/// An actual that names its tier (达成预期指标) is checked against the self-score by the audit:
/// inside the tier's scores it agrees, outside it is off by the distance to the nearest end.
#[test]
fn the_audit_checks_a_self_score_against_the_tier_its_actual_names() {
    let (code, out, _) = common::jixiao(&[
        "audit",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/04-tier-words-variants.yaml",
        "tests/cases/forms/04-tier-name-as-actual.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("可核对的 3 项指标中 1 项自评高出、0 项低于，合计 +1.00 分"),
        "{out}"
    );
    assert!(
        out.contains(
            "完成值写的是档次“部分达成”，本行得分范围：不小于 18 分、小于 24 分，自评 25 分不在其中"
        ),
        "{out}"
    );
    // 90 of 90 points for 达成 [80%, 100%]: inside [72, 90].
    assert!(
        out.contains("可核对的 1 项指标中 0 项自评高出、0 项低于，合计 0.00 分"),
        "{out}"
    );
}

/// Self-scores given on points that were then prorated compare as prorated, and self-scores
/// that do not add up to the 自评总分 are said (08: 10 + 60 + 60 = 130 against 100).
#[test]
fn prorated_self_scores_compare_like_with_like_and_the_self_total_is_checked() {
    let (code, out, _) = common::jixiao(&[
        "audit",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/08-scaled-self-score.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("可核对的 3 项指标中 0 项自评高出、0 项低于，合计 0.00 分"),
        "{out}"
    );
    assert!(out.contains("提示：2 行的分值已按本类分值折算"), "{out}");
    assert!(
        out.contains("提示：各项自评得分合计 130 分，与自评总分 100 分不符"),
        "{out}"
    );
    let (_, out, _) = common::jixiao(&[
        "score",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/08-scaled-self-score.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let findings = v[0]["findings"].as_array().expect("findings");
    let text_of = |kind: &str| {
        findings
            .iter()
            .find(|f| f["kind"] == kind)
            .and_then(|f| f["text"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        text_of("self_total_mismatch").contains("各项自评得分合计 130 分，与自评总分 100 分不符"),
        "{out}"
    );
    assert!(
        text_of("self_rescaled").contains("按原分值 60 分给出"),
        "{out}"
    );
}

/// 07 and 15 as their first lines ask: rows of one 二级 stay together in JSON order, and a
/// nested category's rows are indented below it in the table.
#[test]
fn regrouped_and_nested_rows_are_laid_out_under_their_groups() {
    let (_, out, _) = common::jixiao(&[
        "score",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/07-noncontiguous-group.yaml",
        "--format",
        "json",
    ]);
    let names: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"name\": \""))
        .map(|l| l.trim_end_matches("\","))
        .collect();
    assert_eq!(
        names,
        ["预算执行率", "产出指标", "定量", "甲", "丙", "定性", "乙"],
        "{out}"
    );
    let (_, out, _) = common::jixiao(&[
        "score",
        "tests/cases/forms/15-nested-category.jx",
        "tests/cases/forms/15-nested-category.yaml",
    ]);
    assert!(out.contains("\n  产出数量指标 "), "{out}");
    assert!(out.contains("\n    数量指标 "), "{out}");
    assert!(out.contains("\n      甲 "), "{out}");
}

/// A valid report's reading warnings are in its JSON (`diagnostics`), with their place and
/// hint, both from `score` and from `explain`; a report read cleanly has none.
#[test]
fn the_json_of_a_valid_report_carries_its_reading_warnings() {
    for command in ["score", "explain"] {
        let (code, out, _) = common::jixiao(&[
            command,
            "tests/cases/forms/form.jx",
            "tests/cases/forms/05-unknown-actual-column.yaml",
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        let one = if v.is_array() { &v[0] } else { &v };
        let d = &one["diagnostics"];
        assert_eq!(d.as_array().map(Vec::len), Some(1), "{out}");
        assert_eq!(d[0]["id"], "report-row-key");
        assert_eq!(d[0]["severity"], "warning");
        assert_eq!(d[0]["line"], 7);
        assert_eq!(d[0]["help"], "是否想写 `完成值`？");
        assert!(
            one["findings"][0]["text"]
                .as_str()
                .is_some_and(|t| t.contains("未认出的栏目 `年终实际数` 是否就是完成值？")),
            "{out}"
        );
    }
    let (_, out, _) = common::jixiao(&[
        "score",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/18-blocks.yaml",
        "--format",
        "json",
    ]);
    assert!(out.contains("\"diagnostics\": []"), "{out}");
}

/// A form in blocks whose printed points were prorated: each self-score is compared on the
/// points the unit scored against, prorated as the row was (目标2's full 40 is 51.43 of 51.43,
/// no gap); the two rows named 甲 are told apart by path and each counted in one report.
#[test]
fn the_audit_compares_self_scores_on_the_units_points() {
    let (code, out, _) = common::jixiao(&[
        "audit",
        "tests/cases/forms/form.jx",
        "tests/cases/forms/18-blocks-self-scores.yaml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("可核对的 2 项指标中 1 项自评高出、0 项低于，合计 +7.71 分"),
        "{out}"
    );
    assert!(
        out.contains("产出指标/目标1/数量指标/甲    1 份报告，合计 +7.71 分"),
        "{out}"
    );
    assert!(
        out.contains("自评 30 分按原分值 30 分给出，本行分值折算为 38.57 分，自评折算为 38.57 分"),
        "{out}"
    );
    assert!(!out.contains("目标2/数量指标/甲  自评"), "{out}");
}
