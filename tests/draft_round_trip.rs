//! The 澧县 round trip (the draft issue's acceptance): `jixiao draft` on the seed's 评分表, each
//! `待定` decided as the shipped `schemes/bumen-zhengti/2020.jx` decided it (through the same
//! choosing the editor's quick fix does), the names the bureau chose put in — and then `jixiao
//! diff` against the shipped scheme shows no change of points, formulas or rules.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

use std::process::Command;

use jixiao::draft::choose;
use jixiao::Sources;

const SEED: &str = "fixtures/seeds/004_6a7ee6d8afefd441.txt";
const SHIPPED: &str = "schemes/bumen-zhengti/2020.jx";

/// Each `待定` of the draft in the order written: words its question holds, and the reading
/// the shipped scheme pinned (exactly as offered), or `None`: a confirmation, taken as drafted.
const CHOICES: &[(&str, Option<&str>)] = &[
    ("保留几位小数", Some("保留 2位小数 四舍五入")),
    ("没有写等级", Some("等级 { 优秀 ≥ 90分  良好 [80, 90)  中 [60, 80)  差 < 60分 }")),
    // 在职人员控制率: 编制数 must be positive (README “规则的解释”).
    ("公式除以 编制数", Some("输入 编制数：人 > 0 \"机构编制部门核定批复的部门（单位）的人员编制数\"")),
    ("不足一档（1个百分点）", Some("超过 100% 每 1个百分点 扣 0.5分 按比例")),
    // 三公经费变动率: 上年 zero — both zero is full marks, else 0.
    (
        "公式除以 上年度三公经费预算数",
        Some("若 上年度三公经费预算数 = 0 且 本年度三公经费预算数 = 0 则 满分 \"上年度三公经费预算数与本年度三公经费预算数均为零\"\n若 上年度三公经费预算数 = 0 则 0分 \"上年度三公经费预算数为零而本年度三公经费预算数不为零，不得分\""),
    ),
    ("不足一档（1个百分点）", Some("超过 0% 每 1个百分点 扣 0.8分 按比例")),
    // 预算完成率: the sum can only be zero by a mistake — said, checked by hand.
    (
        "公式除以 (上年结转 + 年初预算 + 本年追加预算)",
        Some("允许 div-zero \"上年结转 + 年初预算 + 本年追加预算为零时报“除数为零”，由人工核对数据\""),
    ),
    ("不足一档（5%）", Some("低于 100% 每 5% 扣 2分 不足一档不扣")),
    ("公式除以 年初预算", Some("输入 年初预算：万元 > 0")),
    // 预算控制率: a cut (negative) scores as 0 does.
    (
        "低于 0% 的值不在任何一档",
        Some("分档 { ≤ 0% 5分  (0%, 10%] 4分  (10%, 20%] 3分  (20%, 30%] 2分  > 30% 0分 }"),
    ),
    ("公式除以 批准建设面积", Some("输入 批准建设面积：平方米 > 0")),
    ("记“不适用”", Some("若 有楼堂馆所项目 = 否 则 不适用 \"没有楼堂馆所项目的部门按满分计算\"")),
    ("不足一档（5%）", Some("超过 100% 每 5% 扣 2分 不足一档不扣")),
    ("公式除以 批准投资金额", Some("输入 批准投资金额：万元 > 0")),
    // 投资概算控制率: the table says it for 面积 only; the shipped scheme holds it for both.
    ("是否同样处理", Some("若 有楼堂馆所项目 = 否 则 不适用 \"没有楼堂馆所项目的部门按满分计算\"")),
    ("不足一档（5%）", Some("超过 100% 每 5% 扣 2分 不足一档不扣")),
    ("公式除以 预算安排公用经费总额", Some("输入 预算安排公用经费总额：万元 > 0")),
    ("不足一档（1%）", Some("超过 100% 每 1% 扣 1分 按比例")),
    // 三公经费控制率: the table's `-` is the `=`.
    ("写的是“-”", Some("值 三公经费控制率 = (三公经费实际支出数 / 三公经费预算安排数)")),
    (
        "公式除以 三公经费预算安排数",
        Some("若 三公经费预算安排数 = 0 且 三公经费实际支出数 = 0 则 满分 \"三公经费预算安排数与三公经费实际支出数均为零\"\n若 三公经费预算安排数 = 0 则 0分 \"三公经费预算安排数为零而三公经费实际支出数不为零，不得分\""),
    ),
    ("不足一档（1%）", Some("超过 100% 每 1% 扣 1分 按比例")),
    (
        "公式除以 政府采购预算数",
        Some("若 政府采购预算数 = 0 且 实际政府采购金额 = 0 则 满分 \"政府采购预算数与实际政府采购金额均为零\"\n若 政府采购预算数 = 0 则 0分 \"政府采购预算数为零而实际政府采购金额不为零，不得分\""),
    ),
    ("不足一档（5%）", Some("偏离 100% 每 5% 扣 2分 不足一档不扣")),
    // 重点工作实际完成率: the table writes no rule; the shipped scheme scores points × rate.
    ("没有认出这一写法", Some("输入 重点工作实际完成率：%\n值 重点工作实际完成率\n按比例计分 封顶 100%")),
    // 经济效益、社会效益 share one cell of 6: 3 each.
    ("合用一格分值", Some("3分")),
    ("比表头少 1 栏", None),
    ("没有认出这一写法", Some("输入 经济效益：评审打分 [0, 3]\n值 经济效益\n评审打分")),
    ("合用一格分值", Some("3分")),
    ("比表头少 1 栏", None),
    ("没有认出这一写法", Some("输入 社会效益：评审打分 [0, 3]\n值 社会效益\n评审打分")),
];

/// Names the draft takes from the table where the shipped scheme chose others: (draft,
/// shipped, why). Each is a name only — the quantity is the same.
const RENAMES: &[(&str, &str, &str)] = &[
    (
        "本年度三公经费预算数",
        "本年三公经费预算数",
        "“本年度”写作“本年”",
    ),
    (
        "上年度三公经费预算数",
        "上年三公经费预算数",
        "“上年度”写作“上年”",
    ),
    (
        "三公经费预算安排数",
        "本年三公经费预算数",
        "原表两处说明用了两个名称（“预算数”“预算安排数”），所指是同一个数：本年“三公”预算",
    ),
    ("实际建设面积", "楼堂馆所实际面积", "名称写明是楼堂馆所的"),
    ("批准建设面积", "楼堂馆所批准面积", "同上"),
    ("实际投资金额", "楼堂馆所实际投资", "同上"),
    ("批准投资金额", "楼堂馆所批准投资", "同上"),
    (
        "楼堂馆所投资预算控制率",
        "楼堂馆所投资概算控制率",
        "说明写“投资预算控制率”，指标名写“投资概算控制率”：随指标名",
    ),
    (
        "实际支出公用经费总额",
        "公用经费实际支出数",
        "与其他“实际支出数”一致",
    ),
    (
        "预算安排公用经费总额",
        "公用经费预算数",
        "与其他“预算数”一致",
    ),
    (
        "实际政府采购金额",
        "政府采购实际金额",
        "以“政府采购”开头，与预算数并列",
    ),
    (
        "管理制度健全性",
        "管理制度",
        "清单的输入以所清点的事物命名（指标名不变）",
    ),
    (
        "有内部财务管理制度会计核算制度等管理制度",
        "内部财务管理制度",
        "清单项取短名",
    ),
    ("有本部门厉行节约制度", "厉行节约制度", "清单项取短名"),
    (
        "相关管理制度合法合规完整",
        "制度合法合规完整",
        "清单项取短名",
    ),
    ("相关管理制度得到有效执行", "制度有效执行", "清单项取短名"),
    (
        "资金使用合规性问题数",
        "违规事项数",
        "按所计的事（违规事项）命名",
    ),
    (
        "预决算信息公开性",
        "预决算信息公开",
        "清单的输入以所清点的事物命名（指标名不变）",
    ),
    ("按规定内容公开预决算信息", "按内容公开", "清单项取短名"),
    ("按规定时限公开预决算信息", "按时限公开", "清单项取短名"),
    ("基础数据信息和会计信息资料真实", "信息真实", "清单项取短名"),
    ("基础数据信息和会计信息资料完整", "信息完整", "清单项取短名"),
    ("基础数据信息和汇集信息资料准确", "信息准确", "清单项取短名"),
    (
        "重点工作实际完成率",
        "重点工作完成率",
        "输入取短名（指标名不变）",
    ),
    (
        "社会公众或服务对象满意度",
        "满意度",
        "输入取短名（指标名不变）",
    ),
];

/// `text` with the name `old` written `new` outside strings and comments, except where it
/// names an indicator (`指标 名称`).
fn rename(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut rest = text;
    let name_char = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    while let Some(c) = rest.chars().next() {
        if in_string {
            if c == '\\' {
                let mut it = rest.chars();
                out.push(it.next().unwrap());
                if let Some(n) = it.next() {
                    out.push(n);
                }
                rest = it.as_str();
                continue;
            }
            in_string = c != '"';
        } else if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        } else if c == '"' {
            in_string = true;
        } else if rest.starts_with(old)
            && !name_char(out.chars().next_back())
            && !name_char(rest[old.len()..].chars().next())
            && !out.ends_with("指标 ")
        {
            out.push_str(new);
            rest = &rest[old.len()..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The draft with every `待定` decided as the shipped scheme decided it.
fn resolved() -> String {
    let bytes = std::fs::read(SEED).expect("seed");
    let doc = jixiao::grid::read("004.txt", jixiao::grid::Kind::Text, &bytes).expect("reads");
    let mut text = jixiao::draft::draft(&doc, SEED).expect("draft").text;
    for (k, (asks, reading)) in CHOICES.iter().enumerate() {
        let mut sources = Sources::new();
        let f = sources.add("草稿.jx", &text);
        let ast = jixiao::syntax::parse(&sources, f).expect("the draft parses");
        let all = choose::pendings(&ast);
        let Some((p, _)) = all.first() else {
            panic!("待定 {k} ({asks}) is missing; the draft:\n{text}");
        };
        let offered: Vec<&str> = p.readings.iter().map(|r| r.text.as_str()).collect();
        assert!(
            p.question.text.contains(asks),
            "待定 {k}: asked “{}”, expected one about “{asks}”",
            p.question.text
        );
        let index = reading.map(|want| {
            let trimmed = |r: &str| r.lines().map(str::trim).collect::<Vec<_>>().join("\n");
            offered
                .iter()
                .position(|r| trimmed(r) == want)
                .unwrap_or_else(|| panic!("待定 {k} ({asks}): `{want}` not among {offered:#?}"))
        });
        text = choose::choose(&text, "草稿.jx", 0, index).expect("chosen");
    }
    assert!(!text.contains("待定 "), "undecided left:\n{text}");
    for (old, new, _) in RENAMES {
        text = rename(&text, old, new);
    }
    // A name merged into another (三公经费预算安排数): its second declaration goes.
    let mut seen = Vec::new();
    text = text
        .lines()
        .filter(|l| {
            let Some(decl) = l.strip_prefix("输入 ") else {
                return true;
            };
            let name = decl.split('：').next().unwrap_or("").to_string();
            let first = !seen.contains(&name);
            seen.push(name);
            first
        })
        .collect::<Vec<_>>()
        .join("\n");
    text
}

#[test]
fn the_lixian_draft_decided_as_shipped_is_the_shipped_scheme() {
    let text = resolved();
    let dir = std::env::temp_dir().join(format!("jixiao-round-trip-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join("澧县.jx");
    std::fs::write(&path, &text).expect("write");
    // It is a scheme: check passes (warnings aside).
    let check = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", path.to_str().unwrap()])
        .output()
        .expect("check");
    assert!(
        check.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&check.stderr),
        text
    );
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["diff", SHIPPED, path.to_str().unwrap(), "--format", "json"])
        .output()
        .expect("diff");
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // No indicator added, removed, moved, or changed in points, quantity, formula, rule,
    // cases (their reasons are words: the bureau's own), scores, 标准 or 说明 (verbatim, line
    // breaks inside cells kept).
    let strip_reason = |c: &serde_json::Value| -> String {
        let s = c.as_str().unwrap_or("");
        s.find('（').map_or(s, |i| &s[..i]).to_string()
    };
    for ind in diff["indicators"].as_array().expect("indicators") {
        assert_eq!(ind["status"], "changed", "{ind:#}");
        for change in ind["changes"].as_array().expect("changes") {
            match change["kind"].as_str() {
                Some("cases") => {
                    let o: Vec<String> = change["old"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(strip_reason)
                        .collect();
                    let n: Vec<String> = change["new"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(strip_reason)
                        .collect();
                    assert_eq!(o, n, "{}", ind["name"]);
                }
                _ => panic!("{}: {change:#}", ind["name"]),
            }
        }
    }
    // Header: the years the shipped scheme holds (2020 至 2023) are the bureau's later
    // decision; the table says 2020.
    for h in diff["header"].as_array().expect("header") {
        assert_eq!(h["field"], "年度", "{h:#}");
    }
    assert!(
        diff["values"].as_array().expect("values").is_empty(),
        "{:#}",
        diff["values"]
    );
    // Inputs: the same names, units and types. Most differ in their description only — the
    // draft describes an input by the table's definition of the term, where it has one, and
    // the shipped scheme wrote its own — and one in its range, said here.
    let range_differs: &[(&str, &str)] = &[(
        "本年追加预算",
        "原表没有说追加预算可为负（调减）；方案写了 `可为负`",
    )];
    let mut described = 0;
    for i in diff["inputs"].as_array().expect("inputs") {
        let name = i["name"].as_str().unwrap();
        assert_eq!(i["status"], "changed", "{i:#}");
        let (old, new) = (i["old"].as_str().unwrap(), i["new"].as_str().unwrap());
        if range_differs.iter().any(|(n, _)| *n == name) {
            assert!(
                old.starts_with("数值（万元）") && new == "数值（万元）",
                "{i:#}"
            );
            continue;
        }
        // The same declaration; the descriptions (after `，“`) differ.
        let ty = |d: &str| d.split("，“").next().unwrap_or(d).to_string();
        assert_eq!(ty(old), ty(new), "{name}");
        assert_ne!(old, new, "{name}");
        described += 1;
    }
    // 在职人员数 and 编制数 take the table's own definitions, as the shipped scheme does.
    assert_eq!(described, 23);
    let _ = std::fs::remove_dir_all(&dir);
}
