//! The fuzz targets' entry points (`fuzz/entry.rs`) on the stable toolchain: every input a
//! fuzzer once crashed (`fuzz/regressions/<target>/`) and a few thousand inputs made by
//! mutating the project's own schemes and reports (proptest: byte flips, cuts, repeats, and
//! tokens of the language and of YAML put anywhere). `cargo +nightly fuzz run` goes much
//! further; this keeps what it found from coming back.

#[path = "../fuzz/entry.rs"]
mod entry;

#[path = "../benches/baseline.rs"]
#[allow(dead_code, reason = "the generator's inputs are not scored here")]
mod baseline;

#[path = "../benches/gen.rs"]
#[allow(dead_code, reason = "only the YAML of a generated report is used here")]
mod gen;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> &'static entry::Shipped {
    static SHIPPED: OnceLock<entry::Shipped> = OnceLock::new();
    SHIPPED.get_or_init(entry::Shipped::new)
}

/// Files under the project's `schemes/`, `fixtures/` and `tests/cases/` ending in one of `exts`.
fn project_files(exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if p.is_dir() {
                walk(&p, exts, out);
            } else if exts.iter().any(|e| p.extension().is_some_and(|x| x == *e)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for base in ["schemes", "fixtures", "tests/cases"] {
        walk(&root().join(base), exts, &mut out);
    }
    out
}

fn read(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// A form report's rows as `form_rows` takes them (see `fuzz/seed.py`).
fn form_seeds() -> (Vec<Vec<u8>>, Vec<Vec<u8>>) {
    use serde_yaml::Value;
    fn cell(v: &Value) -> String {
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => String::new(),
        };
        s.replace('|', "｜").replace('\n', " ")
    }
    fn line(m: &serde_yaml::Mapping) -> String {
        m.iter()
            .map(|(k, v)| format!("{}={}", cell(k), cell(v)))
            .collect::<Vec<_>>()
            .join("|")
    }
    let (mut rows, mut values) = (Vec::new(), Vec::new());
    for path in project_files(&["yaml"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(Value::Mapping(doc)) = serde_yaml::from_str::<Value>(&text) else {
            continue;
        };
        let Some(Value::Sequence(list)) = doc.get("绩效指标") else {
            continue;
        };
        let mut head = serde_yaml::Mapping::new();
        head.insert(
            "年度".into(),
            doc.get("年度").cloned().unwrap_or(2023.into()),
        );
        if let Some(Value::Mapping(b)) = doc.get("预算执行") {
            head.extend(b.clone());
        }
        let mut lines = vec![line(&head)];
        for row in list {
            if let Value::Mapping(m) = row {
                lines.push(line(m));
                let get = |k: &str| m.get(k).map(cell).unwrap_or_default();
                values.push(format!("{}\n{}", get("指标值"), get("完成值")).into_bytes());
            }
        }
        rows.push(lines.join("\n").into_bytes());
    }
    (rows, values)
}

/// Words of the scheme language, YAML and forms that a mutation may put anywhere.
const TOKENS: &[&str] = &[
    "指标 ",
    "值 ",
    "分档 {",
    "}",
    "{",
    "[",
    "]",
    "(",
    ")",
    "超过 ",
    "低于 ",
    "每 ",
    "扣 ",
    "按比例",
    "扣完为止",
    "若 ",
    " 则 ",
    " 否则 ",
    "且",
    "或",
    "非",
    "基于 \"2020.jx\"\n",
    "输入 ",
    "保留 ",
    "位小数",
    "满分 ",
    "分",
    "%",
    "万元",
    "元",
    "人",
    "个百分点",
    "/",
    "*",
    "-",
    "+",
    "=",
    "≥",
    "≤",
    "＞",
    "<",
    "0",
    "0.000000000000000000000000001",
    "99999999999999999999999999",
    "1e9",
    "\"",
    "\n",
    "\t",
    "  ",
    ":",
    "：",
    ": ",
    "- ",
    "---",
    "&a",
    "*a",
    "!!str ",
    "? ",
    "#",
    "年度: ",
    "数据:",
    "自评:",
    "期望:",
    "绩效指标:",
    "null",
    "~",
    "是",
    "否",
    "，",
    ",",
    "8,8",
    "１２",
    "达成预期指标",
    "部分达成",
    "未达成",
    "≥95%",
    "12月31日前",
    "不少于",
    "不高于",
    "人次",
    "\u{0}",
    "\u{feff}",
    "\u{200b}",
    "\r\n",
    "'",
    "''",
    "[",
    "]",
    "{",
    "}",
    " #",
    "|",
    ">",
    "\\",
    "\u{2028}",
    "\u{85}",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Repeat(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, t)| Edit::Insert(at, t)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..256).prop_map(|(at, n)| Edit::Repeat(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
        match *e {
            Edit::Flip(i, x) if !b.is_empty() => {
                let n = b.len();
                b[i % n] ^= x;
            }
            Edit::Flip(..) => {}
            Edit::Insert(i, t) => {
                let p = at(i, b.len());
                b.splice(p..p, TOKENS[t].bytes());
            }
            Edit::Delete(i, n) => {
                let p = at(i, b.len());
                let end = (p + n).min(b.len());
                b.drain(p..end);
            }
            Edit::Repeat(i, n) => {
                let p = at(i, b.len());
                let end = (p + n).min(b.len());
                let piece = b[p..end].to_vec();
                b.splice(p..p, piece);
            }
            Edit::Truncate(i) => {
                let p = at(i, b.len());
                b.truncate(p);
            }
        }
    }
    b
}

/// Runs `cases` mutated seeds through `target`.
fn mutate(seeds: Vec<Vec<u8>>, cases: u32, target: impl Fn(&[u8])) {
    assert!(!seeds.is_empty(), "no seeds");
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = (0..seeds.len(), proptest::collection::vec(edit(), 0..6));
    let result = runner.run(&strategy, |(i, edits)| {
        target(&apply(&seeds[i], &edits));
        Ok(())
    });
    if let Err(e) = result {
        unreachable!("{e}");
    }
}

/// Every crash a fuzzer found, kept as `fuzz/regressions/<target>/<name>`.
fn regressions(target: &str) -> Vec<Vec<u8>> {
    let dir = root().join("fuzz/regressions").join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    read(&paths)
}

#[test]
fn inputs_fuzzers_crashed_on_pass() {
    let s = shipped();
    for data in regressions("scheme") {
        entry::scheme(&data);
    }
    for data in regressions("report") {
        entry::report(s, &data);
    }
    for data in regressions("form_rows") {
        entry::form_rows(s, &data);
    }
    for data in regressions("form_value") {
        entry::form_value(&data);
    }
    for data in regressions("diff") {
        entry::diff(&data);
    }
}

#[test]
fn mutated_schemes() {
    mutate(read(&project_files(&["jx"])), 1500, entry::scheme);
}

/// Every report of the project (the shipped fixtures, the forms, the bad-input cases) read on
/// the quiet path and in full under each shipped scheme: the same report whenever the quiet
/// path answers, and it answers for the plain reports.
#[test]
fn reports_read_the_same_on_both_paths() {
    let s = shipped();
    let mut answered = 0;
    for path in project_files(&["yaml", "yml", "json"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        answered += entry::quiet_agrees(s, &name.unwrap_or_default(), &text);
    }
    assert!(
        answered >= 20,
        "the quiet path answered only {answered} times"
    );
}

/// Generated reports and the project's YAML reports, mutated with YAML's own characters:
/// whatever the quiet path (and its block YAML reader) accepts, the full reader reads the
/// same and says nothing about.
#[test]
fn mutated_reports_read_the_same_on_both_paths() {
    let s = shipped();
    let mut rng = gen::Rng(2020);
    let mut seeds: Vec<Vec<u8>> = (0..24)
        .map(|n| gen::report(&mut rng, n).1.into_bytes())
        .collect();
    seeds.extend(read(&project_files(&["yaml"])));
    let answered = std::cell::Cell::new(0);
    mutate(seeds, 3000, |d| {
        if let Ok(text) = std::str::from_utf8(d) {
            answered.set(answered.get() + entry::quiet_agrees(s, "报告.yaml", text));
        }
    });
    assert!(
        answered.get() > 150,
        "the quiet path answered {}",
        answered.get()
    );
}

/// YAML written the ways people write it, and ways near the edge of what the block YAML
/// reader takes: each read the same on both paths; the plain ones on the quiet path.
#[test]
fn yaml_edge_cases_read_the_same_on_both_paths() {
    let s = shipped();
    let base = "单位: 甲\n年度: 2020\n数据:\n  编制数: 20\n  在职人员数: 18\n";
    // (extra lines, whether the quiet path must answer)
    let cases: &[(&str, bool)] = &[
        ("", true),
        ("  违规事项数: 0   # 注释\n", true),
        ("  违规事项数: 0#1\n", false),
        ("  行政效能: \"一般\"\n", true),
        ("  行政效能: '一般'\n", true),
        ("  行政效能: '一''般'\n", false),
        ("  行政效能: \"一\\u822c\"\n", false),
        ("  管理制度: [内部财务管理制度, 厉行节约制度]\n", true),
        (
            "  管理制度:\n  - 内部财务管理制度\n  - 厉行节约制度\n",
            true,
        ),
        (
            "  管理制度:\n    - 内部财务管理制度\n    - 厉行节约制度\n",
            true,
        ),
        ("  管理制度: 内部财务管理制度\n", true),
        ("  管理制度: [内部财务管理制度, ]\n", false),
        ("  管理制度: [[内部财务管理制度]]\n", false),
        ("  管理制度: []\n", true),
        ("  经济效益: {得分: 2, 理由: 评审意见}\n", true),
        ("  经济效益: {得分: 2, 理由: \"评审, 意见\"}\n", false),
        ("  经济效益:\n    得分: 2\n    理由: 好\n", true),
        ("  经济效益: {得分: 2, 理由: }\n", false),
        ("  经济效益: {}\n", true),
        ("  违规事项数:\n", true),
        ("  违规事项数: ~\n", true),
        ("  违规事项数: null\n", true),
        ("  违规事项数: 0x14\n", false),
        ("  违规事项数: 1_0\n", false),
        ("  违规事项数: +3\n", true),
        ("  违规事项数: 3 例\n", true),
        ("  满意度: 95%\n", true),
        ("  满意度: .95\n", false),
        ("  满意度: 0.95\n", false),
        ("  满意度: 95\n  满意度: 96\n", false),
        ("  违规事项数: &a 3\n", false),
        ("  违规事项数: !!str 3\n", false),
        ("  违规事项数: >\n    3\n", false),
        ("  违规事项数: 3\n    4\n", false),
        ("  违规事项数: 3: 4\n", false),
        ("  违规事项数:3\n", false),
        ("   违规事项数: 3\n", false),
        ("自评: {总分: 80}\n", true),
        ("自评:\n  总分: 80\n  在职人员控制率: 2\n", true),
        ("自评:\n  总分: 101\n", false),
        (
            "期望:\n  - {方案: 2020.jx, 总分: 85.24, 等级: 良好}\n",
            true,
        ),
        ("期望:\n  - 方案: 2020.jx\n    总分: 85.24\n", true),
        ("期望: [1, [2\n", false),
        (
            "期望:\n- 方案: 2020.jx\n  总分: 85\n- 方案: 2024.jx\n",
            true,
        ),
        ("期望:\n  -\n    方案: 2020.jx\n  -\n", true),
        ("期望:\n  - - 1\n    - 2\n  - 3\n", true),
        ("期望:\n  - 方案: 2020.jx\n     总分: 85\n", false),
        ("期望:\n  - \"方案: 2020.jx\"\n", true),
        ("项目: ~\n", true),
        ("---\n", false),
        // Found by a reviewer: what YAML refuses must never be read on the quiet path.
        ("  经济效益: {得分:, 理由:}\n", false),
        ("  经济效益: {得分: 2, 理由: 见附件:?}\n", false),
        ("  经济效益: {得分: 2.5, 理由: x, a:}\n", false),
        ("自评: {总分:}\n", false),
        ("备注: [a, b:?]\n", false),
        ("单位: 乙\n", false),
    ];
    // A key longer than YAML takes on one line (1024 characters), and one just within.
    let long = |n: usize| (format!("{}: 1\n", "说".repeat(n)), false);
    let keys = [long(342), long(330)];
    for (extra, quiet) in cases
        .iter()
        .copied()
        .chain(keys.iter().map(|(k, q)| (k.as_str(), *q)))
    {
        // Lines of 数据 go under it; top-level keys after it.
        let text = format!("{base}{extra}");
        let answered = entry::quiet_agrees(s, "报告.yaml", &text);
        if quiet {
            assert!(answered > 0, "the quiet path declined:\n{text}");
        }
    }
}

#[test]
fn mutated_reports() {
    let s = shipped();
    mutate(read(&project_files(&["yaml", "json"])), 1000, |d| {
        entry::report(s, d)
    });
}

#[test]
fn mutated_form_rows_and_values() {
    let s = shipped();
    let (rows, values) = form_seeds();
    mutate(rows, 1500, |d| entry::form_rows(s, d));
    mutate(values, 5000, entry::form_value);
}

#[test]
fn mutated_scheme_pairs() {
    let schemes = read(&project_files(&["jx"]));
    let mut pairs = Vec::new();
    for old in project_files(&["jx"]) {
        let name = old.to_string_lossy();
        if let Some(new) = name.strip_suffix(".old.jx") {
            if let (Ok(a), Ok(b)) = (std::fs::read(&old), std::fs::read(format!("{new}.new.jx"))) {
                pairs.push([a, b"\n====\n".to_vec(), b].concat());
            }
        }
    }
    pairs.extend(schemes.into_iter().take(20));
    mutate(pairs, 500, entry::diff);
}
