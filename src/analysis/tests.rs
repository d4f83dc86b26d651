//! The analysis on small schemes: narrowing by special cases, divisors that can be zero.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code")]

use super::*;
use crate::base::source::Sources;

fn scheme(body: &str) -> Scheme {
    let mut s = Sources::new();
    let f = s.add(
        "t.jx",
        &format!("方案 测试\n年度 2020\n满分 8分\n保留 2位小数 四舍五入\n{body}"),
    );
    let ast = crate::syntax::parse(&s, f).expect("parses");
    let composed = crate::syntax::compose::Composed {
        file: ast,
        layers: vec![crate::syntax::compose::Layer::new(f, None)],
        removed: Vec::new(),
    };
    crate::check::check(&composed, &s).0.expect("checks")
}

#[test]
fn a_case_that_did_not_fire_narrows_the_rule() {
    let s = scheme(
        "输入 上年：万元 \"上年\"\n输入 本年：万元 \"本年\"\n\
         指标 变动率 8分 {\n  若 上年 = 0 则 0分\n  值 变动率 = (本年 - 上年) / 上年\n  \
         超过 0% 每 1个百分点 扣 0.8分 按比例\n}\n",
    );
    let a = Analyzer::new(&s);
    let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
    let r = a.leaf(leaf, Decimal::from(8));
    // 上年 > 0 after the case; (本年 − 上年) ÷ 上年 = 本年 ÷ 上年 − 1 ≥ −100%.
    assert_eq!(r.rule_env.input(InputId(0)).num().to_string(), "(0, +∞)");
    assert_eq!(r.subject.unwrap().to_string(), "[-1, +∞)");
    assert!(r.divisions.is_empty());
    assert_eq!(r.scores.to_string(), "[0, 8]");
}

#[test]
fn an_unguarded_divisor_is_reported_with_its_range() {
    let s = scheme(
        "输入 编制数：人 \"编制\"\n输入 在职：人 \"在职\"\n\
         指标 控制率 8分 {\n  值 控制率 = 在职 / 编制数\n  \
         超过 100% 每 1个百分点 扣 1分 按比例\n}\n",
    );
    let a = Analyzer::new(&s);
    let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
    let r = a.leaf(leaf, Decimal::from(8));
    assert_eq!(r.divisions.len(), 1);
    assert_eq!(r.divisions[0].range.to_string(), "[0, +∞) (整数)");
}

#[test]
fn a_guard_on_two_inputs_leaves_the_divisor_open() {
    // `预算 = 0 且 支出 = 0` failing says nothing of 预算 alone: 预算 = 0 with 支出 = 3 passes.
    let s = scheme(
        "输入 预算：万元 >=0 \"预算\"\n输入 支出：万元 >=0 \"支出\"\n\
         指标 甲 8分 {\n  若 预算 = 0 且 支出 = 0 则 满分 \"都为零\"\n  值 率 = 支出 / 预算\n  \
         按比例计分 封顶 100%\n}\n",
    );
    let a = Analyzer::new(&s);
    let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
    let r = a.leaf(leaf, Decimal::from(8));
    assert_eq!(r.divisions.len(), 1);
    assert_eq!(r.divisions[0].range.to_string(), "[0, +∞)");
}

#[test]
fn a_comparison_of_two_formulas_narrows_their_difference() {
    // After `高值 ≤ 低值` failed, 高值 − 低值 > 0 and 低值 − 高值 < 0.
    let s = scheme(
        "输入 低值：万元 \"低值\"\n输入 高值：万元 \"高值\"\n输入 实际：万元 \"实际\"\n\
         指标 甲 8分 {\n  若 高值 ≤ 低值 则 0分 \"区间无效\"\n  \
         值 位置 = (实际 - 低值) / (高值 - 低值) + (实际 - 高值) / (低值 - 高值)\n  \
         按比例计分 封顶 100%\n}\n",
    );
    let a = Analyzer::new(&s);
    let leaf = s.node(s.leaves().next().unwrap()).leaf.as_ref().unwrap();
    let r = a.leaf(leaf, Decimal::from(8));
    assert!(r.divisions.is_empty(), "{:?}", r.divisions.len());
}
