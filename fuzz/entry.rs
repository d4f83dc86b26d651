//! The fuzzing entry points, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and the
//! stable property test (`tests/fuzz_props.rs`, run by `cargo test`).
//!
//! Each entry takes the bytes a fuzzer made, runs them through what a user's file goes through
//! on the command line (read, check, score, explain, render) and asserts what must hold for
//! every input, not only "no panic":
//! - every diagnostic renders, is located inside its file, and a result with errors has no
//!   scheme (and one without has one);
//! - a report scored by a shipped scheme scores every indicator within `[0, 分值]` and the total
//!   within `[0, 满分]`; the compiled program and the tree walker give the same scores;
//! - a report that jixiao fails on is never a defect of jixiao (`internal`);
//! - a scheme compared with itself has no differences.
//!
//! Inputs that are not UTF-8 are skipped: the command line refuses them before any of this runs.

#![allow(dead_code)]

use jixiao::eval::{self, Scored};
use jixiao::ir::InputKind;
use jixiao::report::value;
use jixiao::report::ReadOptions;
use jixiao::workflow::batch::{Invalid, Scoring};
use jixiao::workflow::schemes::{Loaded, SchemeSet};
use jixiao::{compile, Compiled, Diag, MemLoader, Sources};

/// The shipped schemes, as `jixiao` finds them in `schemes/`.
const BUMEN_2020: &str = include_str!("../schemes/bumen-zhengti/2020.jx");
const BUMEN_2024: &str = include_str!("../schemes/bumen-zhengti/2024.jx");
const ZIPING: &str = include_str!("../schemes/ziping/2020.jx");
const ZIYANG: &str = include_str!("../schemes/ziyang/2022.jx");

/// A loader holding the shipped schemes a `基于` may name.
fn loader() -> MemLoader {
    MemLoader::default()
        .with("2020.jx", BUMEN_2020)
        .with("2024.jx", BUMEN_2024)
        .with("ziping.jx", ZIPING)
        .with("ziyang.jx", ZIYANG)
}

/// Compiles `text` as the scheme file `name` and checks the diagnostics' own invariants.
fn compile_text(name: &str, text: &str) -> (Compiled, Sources) {
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    let compiled = compile(&sources, file, &mut loader());
    let errors = compiled.diags.iter().any(Diag::is_error);
    assert_eq!(
        compiled.scheme.is_some(),
        !errors,
        "a scheme is given exactly when there is no error"
    );
    let shown = jixiao::render::check::check(name, &compiled);
    assert!(!shown.is_empty());
    diags_hold(&compiled.diags, &compiled.sources);
    let sources = compiled.sources.clone();
    (compiled, sources)
}

/// Every diagnostic renders and is placed inside its file.
fn diags_hold(diags: &[Diag], sources: &Sources) {
    let _ = jixiao::base::diag::render_all(diags, sources);
    for d in diags {
        assert!(!d.message().is_empty(), "a diagnostic says something");
        let j = d.to_json(sources);
        if let (Some(line), Some(column)) = (j.line, j.column) {
            assert!(line >= 1 && column >= 1, "{j:?}");
        }
    }
}

/// Compiles a shipped scheme (a defect of the harness if it does not compile).
fn shipped(path: &str, text: &str) -> Loaded {
    let (compiled, _) = compile_text(path, text);
    match compiled.scheme {
        Some(s) => Loaded::new(path.to_string(), s),
        None => unreachable!("the shipped scheme {path} compiles"),
    }
}

/// The shipped schemes as the command line would use them: the 部门整体 folder (its scheme
/// picked by the report's 年度), and the two self-evaluation form schemes.
pub struct Shipped {
    sets: Vec<SchemeSet>,
    /// Every shipped scheme on its own, for reading a report under each.
    schemes: Vec<jixiao::ir::Scheme>,
}

impl Shipped {
    /// Compiles the shipped schemes once.
    pub fn new() -> Shipped {
        let folder = SchemeSet::by_year(
            "schemes/bumen-zhengti".into(),
            vec![
                shipped("2020.jx", BUMEN_2020),
                shipped("2024.jx", BUMEN_2024),
            ],
        );
        let Ok(folder) = folder else {
            unreachable!("the shipped folder has one scheme per year")
        };
        let schemes = [
            ("2020.jx", BUMEN_2020),
            ("2024.jx", BUMEN_2024),
            ("ziping.jx", ZIPING),
            ("ziyang.jx", ZIYANG),
        ]
        .iter()
        .map(|(path, text)| shipped(path, text).program.scheme().clone())
        .collect();
        Shipped {
            schemes,
            sets: vec![
                folder,
                SchemeSet::single(shipped("ziping.jx", ZIPING)),
                SchemeSet::single(shipped("ziyang.jx", ZIYANG)),
            ],
        }
    }
}

impl Default for Shipped {
    fn default() -> Self {
        Shipped::new()
    }
}

/// Scheme text → check, lints, and (when it checks) diff with itself, a blank template, and a
/// report filled with plain values scored and explained.
pub fn scheme(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (compiled, _) = compile_text("方案.jx", text);
    let Some(scheme) = compiled.scheme else {
        return;
    };
    let same = jixiao::diff::diff(&scheme, "方案.jx", &scheme, "方案.jx");
    assert!(!same.summary.changed, "a scheme differs from itself");
    let _ = jixiao::render::diff::render(&same);

    let template = jixiao::render::text::template(&scheme);
    let filled = filled_report(&scheme, data.len());
    let set = SchemeSet::single(Loaded::new("方案.jx".into(), scheme));
    for (name, text) in [("空白.yaml", template.as_str()), ("报告.yaml", &filled)] {
        let (scoring, _) = set.score(name, text, ReadOptions::default());
        scoring_holds(&scoring, false);
    }
}

/// A report for `scheme` with a plain value for every input (which one turns with `seed`).
fn filled_report(scheme: &jixiao::Scheme, seed: usize) -> String {
    const NUMBERS: [&str; 6] = ["1", "0", "100", "2.5", "-3", "0.001"];
    let mut out = format!("单位: 测\n年度: {}\n数据:\n", scheme.year_from);
    for (i, input) in scheme.inputs.iter().enumerate() {
        if input.row {
            continue;
        }
        let turn = i.wrapping_add(seed);
        let value = match &input.kind {
            InputKind::Number(_) => NUMBERS[turn % NUMBERS.len()].to_string(),
            InputKind::Bool => ["是", "否"][turn % 2].to_string(),
            InputKind::Checklist(items) => {
                let half: Vec<String> = items
                    .iter()
                    .take(items.len() / 2)
                    .map(|i| quoted(i))
                    .collect();
                format!("[{}]", half.join(", "))
            }
            InputKind::Tier(levels) => levels
                .get(turn % levels.len().max(1))
                .map_or_else(String::new, |l| quoted(l)),
            InputKind::Reviewer => format!("{{得分: {}, 理由: 抽查}}", NUMBERS[turn % 3]),
        };
        out.push_str(&format!("  {}: {value}\n", quoted(&input.name)));
    }
    out
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What must hold of every report a shipped or fuzzed scheme read: its diagnostics render and
/// are located; it is never jixiao's defect; a scored one renders every way the command line
/// shows it, and its scores are those of the tree walker (and, for a `shipped` scheme, within
/// their points).
fn scoring_holds(scoring: &Scoring<'_>, shipped: bool) {
    diags_hold(&scoring.diags, &scoring.sources);
    let _ = jixiao::render::text::problems(scoring);
    match &scoring.result {
        Ok(scored) => scored_holds(scored, &scoring.file, shipped),
        Err(invalid) => invalid_holds(invalid),
    }
}

fn invalid_holds(invalid: &Invalid) {
    assert!(
        !invalid.diagnostics.is_empty(),
        "an invalid report says why"
    );
    for d in &invalid.diagnostics {
        assert_ne!(d.id, "internal", "a defect of jixiao: {d:?}");
    }
}

fn scored_holds(scored: &Scored<'_>, file: &str, shipped: bool) {
    let _ = jixiao::render::text::score_table(scored, file);
    let _ = jixiao::render::text::explanation(scored, file);
    let _ = jixiao::render::text::summary_line(
        scored,
        file,
        "方案.jx",
        &jixiao::render::text::Columns::of(&[file], Some(80), true),
    );
    let json = jixiao::render::json::scored(scored, "方案.jx", file);
    assert!(serde_json::to_string(&json).is_ok());

    // The compiled program and the tree walker agree.
    let walked = eval::evaluate(&scored.scheme, &scored.report);
    assert_eq!(
        walked.total, scored.outcome.total,
        "program and walker totals"
    );
    assert_eq!(walked.complete, scored.outcome.complete);
    for (a, b) in walked.nodes.iter().zip(&scored.outcome.nodes) {
        assert_eq!(a.score, b.score, "program and walker scores");
    }

    if shipped {
        let scheme = &scored.scheme;
        let total = scored.outcome.total;
        assert!(
            total >= rust_decimal::Decimal::ZERO && total <= scheme.full_marks,
            "total {total} outside [0, {}]",
            scheme.full_marks
        );
        for (node, outcome) in scheme.nodes.iter().zip(&scored.outcome.nodes) {
            if let Some(s) = outcome.score {
                assert!(
                    s >= rust_decimal::Decimal::ZERO && s <= node.weight,
                    "{} scored {s} of {}",
                    node.name,
                    node.weight
                );
            }
        }
    }
}

/// Report text (YAML, or JSON when it starts like JSON) → read, scored and explained under each
/// shipped scheme.
pub fn report(shipped: &Shipped, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let json = text.trim_start().starts_with(['{', '[']);
    let name = if json { "报告.json" } else { "报告.yaml" };
    score_everywhere(shipped, name, text);
}

/// Reads report `text` (file `name`) under each shipped scheme on the quiet path and in full:
/// whenever the quiet path answers, the full reader gives the same report and says nothing.
/// Gives how many times the quiet path answered.
pub fn quiet_agrees(shipped: &Shipped, name: &str, text: &str) -> usize {
    let mut sources = Sources::new();
    let file = sources.add(name, text);
    let mut answered = 0;
    for scheme in &shipped.schemes {
        let Some(quiet) = jixiao::report::read_quiet(&sources, file, scheme) else {
            continue;
        };
        answered += 1;
        for strict in [false, true] {
            let full = jixiao::report::read_in_full(&sources, file, scheme, ReadOptions { strict });
            assert!(
                full.diags.is_empty(),
                "the quiet path read {name} under {} but the full reader says {:?}",
                scheme.title,
                full.diags.iter().map(Diag::message).collect::<Vec<_>>()
            );
            assert_eq!(
                format!("{:?}", full.report),
                format!("{:?}", Some(&quiet)),
                "the two paths read {name} differently under {}",
                scheme.title
            );
        }
    }
    answered
}

fn score_everywhere(shipped: &Shipped, name: &str, text: &str) {
    quiet_agrees(shipped, name, text);
    // `--strict` for every other input: it changes only how unknown inputs are taken.
    let strict = text.len() % 2 == 1;
    let expectations = jixiao::workflow::expect::parse(text);
    for set in &shipped.sets {
        let (scoring, _) = set.score(name, text, ReadOptions { strict });
        scoring_holds(&scoring, true);
        // Its `期望` block, as `jixiao test` checks it.
        if let Ok(expectations) = &expectations {
            for e in expectations {
                let _ = jixiao::workflow::expect::check(e, &scoring.result);
            }
        }
    }
}

/// The keys a form row may carry, as `绩效指标` rows are written in fixtures and real forms.
pub const ROW_KEYS: [&str; 12] = [
    "一级",
    "二级",
    "三级",
    "指标值",
    "完成值",
    "分值",
    "得分",
    "完成比例",
    "偏差原因",
    "指标性质",
    "度量单位",
    "自评得分",
];

/// Form rows, one per line, `键=值` pairs separated by `|` (the first line gives the report's own
/// keys: 年度, 全年预算数, 全年执行数 …) → a self-evaluation form report, read and scored under
/// each shipped scheme. A value that YAML reads as a number is written as one.
pub fn form_rows(shipped: &Shipped, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.lines();
    let head = pairs(lines.next().unwrap_or_default());
    let mut report = serde_yaml::Mapping::new();
    let mut budget = serde_yaml::Mapping::new();
    report.insert("单位".into(), "测".into());
    report.insert("年度".into(), 2023.into());
    for (k, v) in head {
        if k.starts_with("全年") {
            budget.insert(k.into(), v);
        } else {
            report.insert(k.into(), v);
        }
    }
    report.insert("预算执行".into(), budget.into());
    let rows: Vec<serde_yaml::Value> = lines
        .map(|line| {
            let mut row = serde_yaml::Mapping::new();
            for (k, v) in pairs(line) {
                row.insert(k.into(), v);
            }
            row.into()
        })
        .collect();
    report.insert("绩效指标".into(), rows.into());
    let Ok(yaml) = serde_yaml::to_string(&report) else {
        return;
    };
    score_everywhere(shipped, "自评表.yaml", &yaml);
}

/// `键=值|键=值`: values YAML reads as a scalar (a number, 是/否 stays text) are kept as such.
fn pairs(line: &str) -> Vec<(&str, serde_yaml::Value)> {
    line.split('|')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let value = match serde_yaml::from_str::<serde_yaml::Value>(v) {
                Ok(n @ serde_yaml::Value::Number(_)) => n,
                _ => serde_yaml::Value::String(v.to_string()),
            };
            (k.trim(), value)
        })
        .collect()
}

/// A form cell (指标值 or 完成值 text) → read both ways; two cells on two lines → the second
/// fitted to the first's unit.
pub fn form_value(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, second) = text.split_once('\n').unwrap_or((text, text));
    let target = value::target(first);
    let actual = value::actual(second);
    let _ = format!("{target:?}{:?}", value::actual(first));
    if let (
        value::Reading::Quantity { unit: tu, .. },
        value::Reading::Quantity {
            value: v, unit: au, ..
        },
    ) = (&target, &actual)
    {
        let _ = value::fit(tu, *v, au);
        let _ = (tu.word(), tu.dim(), au.word());
    }
    if let value::Reading::Quantity {
        cmp: Some(c),
        value: t,
        ..
    } = target
    {
        let _ = (c.sign(), c.is_lower());
        if let value::Reading::Quantity { value: a, .. } = actual {
            let _ = c.met(a, t);
        }
    }
    if let value::Reading::Date(d) = value::target(first) {
        let _ = (d.show(), d.key(2023));
    }
}

/// Two schemes separated by a line `====` (or one, compared with the shipped 2020 scheme) →
/// both checked, and when both check, compared both ways.
pub fn diff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = text.split_once("\n====\n").unwrap_or((BUMEN_2020, text));
    let (a, _) = compile_text("旧.jx", old);
    let (b, _) = compile_text("新.jx", new);
    let (Some(a), Some(b)) = (a.scheme, b.scheme) else {
        return;
    };
    let forward = jixiao::diff::diff(&a, "旧.jx", &b, "新.jx");
    let back = jixiao::diff::diff(&b, "新.jx", &a, "旧.jx");
    assert_eq!(
        forward.summary.changed, back.summary.changed,
        "diff is symmetric"
    );
    assert_eq!(
        forward.summary.indicators_added,
        back.summary.indicators_removed
    );
    let _ = jixiao::render::diff::render(&forward);
    let _ = jixiao::render::diff::render(&back);
}
