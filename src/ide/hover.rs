//! What an editor shows when the author points at a name or a keyword: an input's type,
//! range and description; a value's formula; an indicator's place, points, rule in words
//! and 标准; a keyword's meaning. Markdown, in Chinese.

use rust_decimal::Decimal;

use super::symbols::{Kind, Occurrence};
use crate::base::interval::Range;
use crate::base::quantity::{fmt_bound, range_words};
use crate::base::units::{Dim, UnitWord};
use crate::explain::formula;
use crate::ir::{CaseOutcome, InputKind, Leaf, Rule, Scheme, Subject, Ty};
use crate::syntax::ast::{Direction, StepPolicy};

/// The hover text of an occurrence: from the checked scheme when there is one, else the
/// declaration as written (`decl`).
pub(super) fn symbol(o: &Occurrence, scheme: Option<&Scheme>, decl: Option<&str>) -> String {
    let from_scheme = scheme.and_then(|s| match o.kind {
        Kind::Input => input(s, &o.name),
        Kind::Value => value(s, &o.name),
        Kind::Indicator => indicator(s, &o.name),
    });
    from_scheme.unwrap_or_else(|| {
        let mut t = format!("**{}** `{}`", o.kind.word(), o.name);
        if let Some(d) = decl {
            let one: Vec<&str> = d.split_whitespace().collect();
            t.push_str(&format!("\n\n```jixiao\n{}\n```", one.join(" ")));
        }
        t
    })
}

fn input(s: &Scheme, name: &str) -> Option<String> {
    let id = s.input_names.get(name)?;
    let i = s.input(*id);
    let mut t = format!("**输入** `{}`：{}", i.name, i.kind.describe());
    match &i.kind {
        InputKind::Number(d) if i.range != Range::non_negative() => {
            t.push_str(&format!("，{}", range_words(&i.range, *d)));
        }
        InputKind::Number(_) => t.push_str("，不小于 0"),
        InputKind::Checklist(items) => t.push_str(&format!("：{}", items.join("、"))),
        InputKind::Tier(levels) => t.push_str(&format!("：{}", levels.join("、"))),
        InputKind::Reviewer => {
            t.push_str(&format!("，{}", range_words(&i.range, Dim::Points)));
        }
        InputKind::Bool => {}
    }
    if let Some(d) = &i.desc {
        t.push_str(&format!("\n\n{d}"));
    }
    if i.row {
        t.push_str("\n\n（自评表每一行都有的数，来自报告的指标行）");
    }
    Some(t)
}

fn value(s: &Scheme, name: &str) -> Option<String> {
    let v = s.values.iter().find(|v| v.name == name)?;
    let unit = match v.expr.ty {
        Ty::Num(Dim::Ratio) => "百分数".to_string(),
        Ty::Num(Dim::Plain) => "数".to_string(),
        Ty::Num(d) => format!("单位 {}", d.word()),
        Ty::Bool => "是 / 否".to_string(),
    };
    Some(format!(
        "**值** `{}`（{unit}）\n\n{} = {}",
        v.name,
        v.name,
        formula(s, &v.expr)
    ))
}

fn indicator(s: &Scheme, name: &str) -> Option<String> {
    let id = s.node_names.get(name)?;
    let n = s.node(*id);
    let mut t = format!(
        "**指标** {}，{} 分",
        n.path.join(" / "),
        n.weight.normalize()
    );
    match &n.leaf {
        Some(leaf) => {
            t.push_str(&format!("\n\n规则：{}", rule_words(s, leaf)));
            for c in &leaf.cases {
                let outcome = match c.outcome {
                    CaseOutcome::NotApplicable => "不适用，按满分计算".to_string(),
                    CaseOutcome::Full => "计满分".to_string(),
                    CaseOutcome::Points(p) => format!("计 {} 分", p.normalize()),
                };
                t.push_str(&format!(
                    "\n\n特殊情形：若 {}，{outcome}",
                    formula(s, &c.cond)
                ));
                if let Some(r) = &c.reason {
                    t.push_str(&format!("（{r}）"));
                }
            }
        }
        None if !n.children.is_empty() => {
            let names: Vec<&str> = n
                .children
                .iter()
                .map(|c| s.node(*c).name.as_str())
                .collect();
            t.push_str(&format!("\n\n下级指标：{}", names.join("、")));
        }
        None => {}
    }
    if let Some(std) = &n.standard {
        t.push_str(&format!("\n\n标准：“{std}”"));
    }
    Some(t)
}

/// The quantity a leaf's rule scores, and its dimension.
fn subject(s: &Scheme, leaf: &Leaf) -> (String, Dim) {
    match leaf.subject {
        Some(Subject::Value(v)) => {
            let v = s.value(v);
            let dim = match v.expr.ty {
                Ty::Num(d) => d,
                Ty::Bool => Dim::Plain,
            };
            (v.name.clone(), dim)
        }
        Some(Subject::Input(i)) => {
            let i = s.input(i);
            let dim = match i.kind {
                InputKind::Number(d) => d,
                _ => Dim::Plain,
            };
            (i.name.clone(), dim)
        }
        None => ("得分".to_string(), Dim::Points),
    }
}

/// A leaf's rule in words: `在职人员控制率以 100% 为标准，每超过 1个百分点扣 0.5 分（按实际超出
/// 的比例扣），扣完为止`.
pub fn rule_words(s: &Scheme, leaf: &Leaf) -> String {
    let (what, dim) = subject(s, leaf);
    let pts = |v: Decimal| format!("{} 分", v.normalize());
    let items = |input: crate::ir::InputId, points: &[Decimal]| {
        let names = match &s.input(input).kind {
            InputKind::Checklist(n) | InputKind::Tier(n) => n.clone(),
            _ => Vec::new(),
        };
        names
            .iter()
            .zip(points)
            .map(|(n, p)| format!("{n} {}", pts(*p)))
            .collect::<Vec<_>>()
            .join("、")
    };
    match &leaf.rule {
        Rule::Threshold(th) => {
            let dir = match th.dir {
                Direction::Above => "超过",
                Direction::Below => "低于",
                Direction::Either => "超过或低于",
            };
            let step = match th.step_unit {
                Some(UnitWord::PercentPoint) => {
                    format!("{}个百分点", (th.step * Decimal::ONE_HUNDRED).normalize())
                }
                _ => fmt_bound(th.step, dim),
            };
            let policy = match th.policy {
                StepPolicy::Proportional => "按实际超出的比例扣",
                StepPolicy::FullSteps => "不足一档不扣",
                StepPolicy::AnyPart => "不足一档按一档扣",
            };
            let floor = if th.floor.is_zero() {
                "扣完为止".to_string()
            } else {
                format!("最低 {}", pts(th.floor))
            };
            format!(
                "{what}以 {} 为标准，每{dir} {step} 扣 {}（{policy}），{floor}",
                fmt_bound(th.threshold, dim),
                pts(th.per_step)
            )
        }
        Rule::Bands(bands) => {
            let parts: Vec<String> = bands
                .iter()
                .map(|b| format!("{} 计 {}", range_words(&b.range, dim), pts(b.points)))
                .collect();
            format!("按{what}分档：{}", parts.join("；"))
        }
        Rule::Proportional { cap } => format!(
            "按比例计分：分值 × {what}，{what}超过 {} 按 {} 计",
            fmt_bound(*cap, Dim::Ratio),
            fmt_bound(*cap, Dim::Ratio)
        ),
        Rule::Checklist { input, points } => format!(
            "清单：{} 中每具备一项计该项的分（{}）",
            s.input(*input).name,
            items(*input, points)
        ),
        Rule::PerEvent { step, per_step } => format!(
            "{what}每出现 {} 扣 {}，扣完为止",
            fmt_bound(*step, dim),
            pts(*per_step)
        ),
        Rule::Tiers { input, points } => format!(
            "按 {} 的等级计分（{}）",
            s.input(*input).name,
            items(*input, points)
        ),
        Rule::Reviewer { input } => {
            format!("评审打分：取 {} 的得分（须附理由）", s.input(*input).name)
        }
        Rule::CasesOnly => "只按特殊情形计分".to_string(),
    }
}

/// The language's words an author may point at, with what each means.
pub const KEYWORDS: &[(&str, &str)] = &[
    ("方案", "方案的名称：`方案 部门整体支出绩效评价指标表`"),
    ("年度", "方案适用的年度：`年度 2020`、`年度 2020 至 2023`、`年度 2024 起`"),
    ("满分", "在文件开头：方案的满分（`满分 100分`）；在 `若 … 则` 之后：该指标计满分"),
    ("保留", "每个指标得分保留的小数位数与舍入方法：`保留 2位小数 四舍五入`"),
    ("四舍五入", "舍入到保留的位数，5 进位（远离 0），不是银行家舍入"),
    ("去尾", "舍入到保留的位数，多余的位数直接舍去（向 0）"),
    ("截尾", "同“去尾”：多余的位数直接舍去"),
    ("进一", "舍入到保留的位数，有多余的位数就进一（远离 0）"),
    ("等级", "在文件开头：按总分定等级的档（`优秀 ≥ 90分`）；在 `输入` 中：只能取所列等级之一的输入"),
    ("输入", "报告填写的数：`输入 编制数：人 >0 \"说明\"`，写明单位、取值范围和说明"),
    ("值", "由输入算出的数：`值 在职人员控制率 = 在职人员数 / 编制数`；写在指标中时是该指标的规则所计的量"),
    ("指标", "一个指标：`指标 名称 5分 { … }`；有下级指标的是分组，没有的写一条规则"),
    ("标准", "评分标准，照录原表文字，不参与计算"),
    ("说明", "指标说明（指标解释），照录原表文字，不参与计算"),
    ("若", "特殊情形：`若 条件 则 满分 \"理由\"`，在规则之前判断；在公式中：`若 条件 则 甲 否则 乙`"),
    ("则", "特殊情形或条件公式中，条件成立时的结果"),
    ("否则", "条件公式中，条件不成立时的值"),
    ("不适用", "特殊情形的结果：该指标不适用，按满分计算"),
    ("超过", "规则：超过标准的部分扣分：`超过 100% 每 1个百分点 扣 0.5分`"),
    ("超出", "同“超过”"),
    ("高于", "同“超过”"),
    ("低于", "规则：低于标准的部分扣分：`低于 100% 每 5% 扣 2分`"),
    ("不足", "同“低于”"),
    ("偏离", "规则：超过或低于标准的部分都扣分"),
    ("每", "规则中每一档的大小：`每 1个百分点`、`每 5%`"),
    ("扣", "规则中每一档扣的分"),
    ("按比例", "不足一档的部分按比例扣（“每超过一个百分点扣 0.5 分”超过 2.4 个百分点扣 1.2 分）"),
    ("不足一档不扣", "只扣满档：不足一档的部分不扣"),
    ("不足一档按一档", "不足一档的部分也按一档扣"),
    ("下限", "扣分后最低的得分（不写时扣完为止，最低 0 分）"),
    ("分档", "分档计分：`分档 { [90%, 100%] 6分  [80%, 90%) 4分 … }`，方括号含端点，圆括号不含"),
    ("按比例计分", "得分 = 分值 × 所计的量（如完成率）：`按比例计分 封顶 100%`"),
    ("封顶", "按比例计分时所计的量的上限"),
    ("清单", "在 `输入` 中：报告列出已具备的项；在规则中：每具备一项计该项的分"),
    ("每出现", "每出现若干例扣若干分，扣完为止：`每出现 1例 扣 1分`"),
    ("按等级", "按报告所填等级计分：`按等级 { 较好 6分  一般 3分 }`"),
    ("评审打分", "在 `输入` 中：评审给的分及理由；在规则中：取评审的分"),
    ("允许", "不再提示某条警告，须写理由：`允许 div-zero \"理由\"`"),
    ("待定", "起草时留下的待决事项：原表的话、要决定的问题、可选的读法；方案含待定时不能通过检查"),
    ("基于", "在另一方案上修改：`基于 \"2020.jx\"`，没有写到的一律沿用"),
    ("修改", "修改所基于方案中的指标、输入或值，只替换写出的部分"),
    ("删除", "删除所基于方案中的指标、输入或值；在 `修改 指标` 中：删除特殊情形、说明或标准"),
    ("新增", "在所基于方案中新增指标：`新增 指标 名称 4分 归入 上级 { … }`"),
    ("归入", "新增或修改的指标放在哪个上级指标之下"),
    ("行", "自评表的类别：其下的三级指标来自报告的指标行"),
    ("行计分", "自评表各行如何计分：指标性质（定量下限、定量上限……）各写一种"),
    ("可为负", "输入可以是负数（如调减的预算）"),
    ("是否", "只能填“是”或“否”的输入"),
    ("且", "两个条件都成立"),
    ("或", "两个条件至少一个成立"),
    ("非", "条件不成立"),
    ("最小", "几个数中最小的：`最小(甲, 乙)`"),
    ("最大", "几个数中最大的：`最大(甲, 乙)`"),
    ("绝对值", "一个数的绝对值：`绝对值(甲 - 乙)`"),
];

/// The keyword written around byte `at` of `line` (the longest that covers it), and where it
/// starts and ends in the line.
pub(super) fn keyword_at(line: &str, at: usize) -> Option<(usize, usize, &'static str)> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for (word, meaning) in KEYWORDS {
        let mut from = 0;
        while let Some(i) = line[from..].find(word) {
            let (s, e) = (from + i, from + i + word.len());
            if s <= at && at < e && best.is_none_or(|b| e - s > b.1 - b.0) {
                best = Some((s, e, meaning));
            }
            from = e;
        }
    }
    best
}
