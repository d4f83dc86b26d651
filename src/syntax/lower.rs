//! pest pairs → syntax tree, with an exhaustive match on every rule.

use std::cell::RefCell;
use std::str::FromStr;
use std::sync::OnceLock;

use pest::iterators::{Pair, Pairs};
use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;

use super::ast::*;
use super::{Rule, SyntaxError};
use crate::base::diag::Diag;
use crate::base::source::{FileId, Span};
use crate::base::units::UnitWord;

type P<'i> = Pair<'i, Rule>;

/// Turns a pest failure into a diagnostic that says, in Chinese, what was expected.
pub fn pest_error(e: pest::error::Error<Rule>, file: FileId, text: &str) -> Diag {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<&str> = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().map(|r| describe(*r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => vec![],
    };
    expected.sort_unstable();
    expected.dedup();
    if expected.is_empty() {
        expected.push("合法的写法");
    }
    // A long list helps nobody: say what kind of thing belongs here.
    if expected.len() > 6 {
        expected = if expected.contains(&"`}`") {
            vec!["`}`（结束指标）或指标的内容（`标准`、`说明`、`值`、`若`、规则、下级 `指标`）"]
        } else if expected.contains(&"`指标`") {
            vec!["顶层的 `方案`、`年度`、`满分`、`保留`、`等级`、`输入`、`值`、`指标` 或 `行计分`"]
        } else {
            expected.truncate(6);
            expected.push("……");
            expected
        };
    }
    let found: String = text[pos..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(12)
        .collect();
    let end = pos + text[pos..].chars().next().map_or(0, char::len_utf8);
    let hint = hint_for(&expected, &found);
    let label = if found.is_empty() {
        "在这里".to_string()
    } else {
        format!("这里是 `{found}`")
    };
    Diag::new(
        SyntaxError::Expected {
            expected: expected.join("、"),
            hint,
        },
        Span::new(file, pos, end),
    )
    .label(label)
}

fn hint_for(expected: &[&str], found: &str) -> String {
    if expected.iter().any(|e| e.contains('}')) {
        return "检查花括号是否成对：每个 `{` 都要有对应的 `}`".into();
    }
    if found.starts_with(['"', '“', '”']) && !found.starts_with('"') {
        return "文字请用英文双引号 `\"…\"` 括起，中文引号可以写在里面".into();
    }
    if expected.contains(&"名称") {
        return "名称由汉字、字母、数字组成，不能以数字开头，也不能是关键字（如 `值`、`指标`、`若`）".into();
    }
    "对照 README 的“方案语言”一节检查这一行的写法".into()
}

/// The Chinese name of a grammar rule, for "此处应为 …".
fn describe(r: Rule) -> &'static str {
    match r {
        Rule::title => "`方案`",
        Rule::year => "`年度`",
        Rule::full_marks => "`满分`",
        Rule::precision => "`保留`",
        Rule::grades => "`等级`",
        Rule::input => "`输入`",
        Rule::value | Rule::subject => "`值`",
        Rule::indicator => "`指标`",
        Rule::allow => "`允许`",
        Rule::standard => "`标准`",
        Rule::explanation => "`说明`",
        Rule::case => "`若`",
        Rule::threshold
        | Rule::direction
        | Rule::dir_above
        | Rule::dir_below
        | Rule::dir_either => "规则（`超过`、`低于`、`偏离`、`分档` 等）",
        Rule::bands => "`分档`",
        Rule::proportional => "`按比例计分`",
        Rule::checklist => "`清单`",
        Rule::per_event => "`每出现`",
        Rule::tiers => "`按等级`",
        Rule::reviewer => "`评审打分`",
        Rule::step_policy
        | Rule::policy_full_step
        | Rule::policy_any_part
        | Rule::policy_proportional => "扣分方式（`按比例`、`不足一档不扣`、`不足一档按一档`）",
        Rule::floor => "`下限`",
        Rule::outcome | Rule::kw_na | Rule::kw_full_score => "结果（`满分`、`不适用` 或分数）",
        Rule::name | Rule::name_list | Rule::item_points | Rule::grade => "名称",
        Rule::lint_id => "警告编号（如 `unused-input`）",
        Rule::quantity | Rule::signed_quantity | Rule::number | Rule::integer | Rule::sign => {
            "数字"
        }
        Rule::unit => "单位",
        Rule::string | Rule::string_inner => "带引号的文字",
        Rule::expr
        | Rule::conditional
        | Rule::call
        | Rule::func
        | Rule::bool_lit
        | Rule::kw_yes
        | Rule::kw_no
        | Rule::op_neg
        | Rule::op_not => "公式",
        Rule::op_or
        | Rule::op_and
        | Rule::cmp_op
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_ne
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_eq
        | Rule::op_add
        | Rule::op_sub
        | Rule::op_mul
        | Rule::op_div => "运算符",
        Rule::input_range | Rule::signed_any => "取值范围",
        Rule::bool_type | Rule::checklist_type | Rule::tier_type | Rule::reviewer_type => {
            "输入类型"
        }
        Rule::interval
        | Rule::open_bracket
        | Rule::close_bracket
        | Rule::infinity
        | Rule::cmp_bound => "区间（如 `[80%, 90%)` 或 `≥ 90%`）",
        Rule::year_to | Rule::year_on => "`至` 或 `起`",
        Rule::rounding => "`四舍五入`",
        Rule::colon => "`：`",
        Rule::eq => "`=`",
        Rule::sep => "`，`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lparen => "`(`",
        Rule::rparen => "`)`",
        Rule::EOI => "文件结尾",
        Rule::rows_slot | Rule::kw_rows => "`行`",
        Rule::rows_block | Rule::rows_item => "`行计分`",
        Rule::share_evenly => "`未填分值 平均分配`",
        Rule::completion_tiers | Rule::tier_band => "`完成档次`",
        Rule::over_hint => "`超额提示`",
        Rule::row_kind => "`种类`",
        Rule::base => "`基于`",
        Rule::modify | Rule::modify_indicator => "`修改`",
        Rule::remove | Rule::remove_indicator | Rule::remove_input | Rule::remove_value => "`删除`",
        Rule::drop_part | Rule::drop_cases | Rule::drop_explanation | Rule::drop_standard => {
            "`删除 特殊情形`、`删除 说明` 或 `删除 标准`"
        }
        Rule::add => "`新增`",
        Rule::placement => "`归入`",
        _ => "合法的写法",
    }
}

fn pratt() -> &'static PrattParser<Rule> {
    static PRATT: OnceLock<PrattParser<Rule>> = OnceLock::new();
    PRATT.get_or_init(|| {
        PrattParser::new()
            .op(Op::infix(Rule::op_or, Assoc::Left))
            .op(Op::infix(Rule::op_and, Assoc::Left))
            .op(Op::infix(Rule::cmp_op, Assoc::Left))
            .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
            .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left))
            .op(Op::prefix(Rule::op_neg) | Op::prefix(Rule::op_not))
    })
}

/// True for punctuation rules, which carry no meaning of their own.
fn is_punct(r: Rule) -> bool {
    matches!(
        r,
        Rule::colon
            | Rule::eq
            | Rule::sep
            | Rule::lbrace
            | Rule::rbrace
            | Rule::lparen
            | Rule::rparen
    )
}

struct Lower {
    file: FileId,
    diags: RefCell<Vec<Diag>>,
}

/// Lowers a parsed file.
pub fn file(mut pairs: Pairs<'_, Rule>, file: FileId) -> Result<File, Vec<Diag>> {
    let lw = Lower {
        file,
        diags: RefCell::new(Vec::new()),
    };
    let mut out = File::default();
    if let Some(root) = pairs.next() {
        for p in lw.inner(root) {
            if let Some(item) = lw.item(p) {
                out.items.push(item);
            }
        }
    }
    let diags = lw.diags.into_inner();
    if diags.iter().any(Diag::is_error) {
        Err(diags)
    } else {
        Ok(out)
    }
}

impl Lower {
    fn span(&self, p: &P<'_>) -> Span {
        Span::new(self.file, p.as_span().start(), tight_end(p))
    }

    /// The meaningful children of a pair (punctuation dropped).
    fn inner<'i>(&self, p: P<'i>) -> impl Iterator<Item = P<'i>> {
        p.into_inner().filter(|c| !is_punct(c.as_rule()))
    }

    fn error(&self, kind: SyntaxError, span: Span) {
        self.diags.borrow_mut().push(Diag::new(kind, span));
    }

    fn item(&self, p: P<'_>) -> Option<Item> {
        let span = self.span(&p);
        Some(match p.as_rule() {
            Rule::title => {
                let t = self.inner(p).next()?;
                Item::Title(match t.as_rule() {
                    Rule::string => self.string(t),
                    _ => Text {
                        text: t.as_str().to_string(),
                        span: self.span(&t),
                    },
                })
            }
            Rule::year => Item::Year(self.year(p)),
            Rule::full_marks => Item::FullMarks(self.quantity(self.inner(p).next()?)),
            Rule::precision => {
                let n = self.inner(p).next()?;
                Item::Precision {
                    places: self.integer(&n).min(10) as u32,
                    span,
                }
            }
            Rule::grades => {
                let grades = self.inner(p).filter_map(|g| self.grade(g)).collect();
                Item::Grades { grades, span }
            }
            Rule::input => Item::Input(self.input(p)?),
            Rule::value => {
                let mut it = self.inner(p);
                let name = self.name(it.next()?);
                let expr = self.expr(it.next()?);
                Item::Value(ValueDecl { name, expr, span })
            }
            Rule::indicator => Item::Indicator(self.indicator(p)?),
            Rule::allow => Item::Allow(self.allow(p)?),
            Rule::rows_block => Item::Rows(self.rows_block(p)),
            Rule::base => Item::Base(self.string(self.inner(p).next()?)),
            Rule::modify | Rule::remove | Rule::add => Item::Edit(Edit {
                kind: self.edit(p)?,
                span,
            }),
            Rule::EOI => return None,
            _ => return None,
        })
    }

    fn year(&self, p: P<'_>) -> YearSpec {
        let span = self.span(&p);
        let mut from = 0;
        let mut to = Some(0);
        let mut seen_to = false;
        for c in self.inner(p) {
            match c.as_rule() {
                Rule::integer if !seen_to => {
                    from = self.integer(&c) as i32;
                    to = Some(from);
                }
                Rule::integer => to = Some(self.integer(&c) as i32),
                Rule::year_to => seen_to = true,
                Rule::year_on => to = None,
                _ => {}
            }
        }
        YearSpec { from, to, span }
    }

    fn grade(&self, p: P<'_>) -> Option<GradeDecl> {
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let cond = it.next().map(|c| self.band_cond(c));
        Some(GradeDecl { name, cond })
    }

    fn input(&self, p: P<'_>) -> Option<InputDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let t = it.next()?;
        let tspan = self.span(&t);
        let ty = match t.as_rule() {
            Rule::bool_type => InputType::Bool(tspan),
            Rule::checklist_type => InputType::Checklist(self.names(t), tspan),
            Rule::tier_type => InputType::Tier(self.names(t), tspan),
            Rule::reviewer_type => InputType::Reviewer(self.interval(self.inner(t).next()?)),
            Rule::unit => InputType::Number(UnitWord::parse(t.as_str())?, tspan),
            _ => return None,
        };
        let mut range = None;
        let mut desc = None;
        for c in it {
            match c.as_rule() {
                Rule::input_range => range = Some(self.range(c)),
                Rule::string => desc = Some(self.string(c)),
                _ => {}
            }
        }
        Some(InputDecl {
            name,
            ty,
            range,
            desc,
            span,
        })
    }

    fn names(&self, p: P<'_>) -> Vec<Name> {
        self.inner(p)
            .flat_map(|l| self.inner(l))
            .filter(|n| n.as_rule() == Rule::name)
            .map(|n| self.name(n))
            .collect()
    }

    fn range(&self, p: P<'_>) -> RangeDecl {
        let span = self.span(&p);
        let parts: Vec<P<'_>> = self.inner(p).collect();
        let mut out = Interval {
            lo: None,
            hi: None,
            span,
        };
        for c in parts {
            match c.as_rule() {
                Rule::signed_any => return RangeDecl::AnySign(self.span(&c)),
                Rule::interval => return RangeDecl::Interval(self.interval(c)),
                Rule::cmp_bound => {
                    let one = self.band_cond(c);
                    if one.lo.is_some() {
                        out.lo = one.lo;
                    }
                    if one.hi.is_some() {
                        out.hi = one.hi;
                    }
                }
                _ => {}
            }
        }
        RangeDecl::Interval(out)
    }

    /// An interval or a one-sided bound.
    fn band_cond(&self, p: P<'_>) -> Interval {
        match p.as_rule() {
            Rule::interval => self.interval(p),
            _ => {
                let span = self.span(&p);
                let mut it = self.inner(p);
                let op = it
                    .next()
                    .and_then(|o| o.into_inner().next())
                    .map(|o| o.as_rule());
                let q = it.next().map(|q| self.quantity(q));
                let mut iv = Interval {
                    lo: None,
                    hi: None,
                    span,
                };
                if let Some(q) = q {
                    match op {
                        Some(Rule::op_ge) => iv.lo = Some((q, true)),
                        Some(Rule::op_gt) => iv.lo = Some((q, false)),
                        Some(Rule::op_le) => iv.hi = Some((q, true)),
                        Some(Rule::op_lt) => iv.hi = Some((q, false)),
                        Some(Rule::op_eq) => {
                            iv.lo = Some((q, true));
                            iv.hi = Some((q, true));
                        }
                        _ => self.error(
                            SyntaxError::Expected {
                                expected: "`≥`、`>`、`≤`、`<` 或 `=`".into(),
                                hint: "区间不能用 `≠` 表示；请拆成两档".into(),
                            },
                            span,
                        ),
                    }
                }
                iv
            }
        }
    }

    fn interval(&self, p: P<'_>) -> Interval {
        let span = self.span(&p);
        let mut lo_incl = true;
        let mut hi_incl = true;
        let mut ends: Vec<Option<Quantity>> = Vec::new();
        let mut saw_sep = false;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::open_bracket => lo_incl = matches!(c.as_str(), "[" | "［" | "【"),
                Rule::close_bracket => hi_incl = matches!(c.as_str(), "]" | "］" | "】"),
                Rule::sep => {
                    if ends.is_empty() {
                        ends.push(None);
                    }
                    saw_sep = true;
                }
                Rule::infinity => ends.push(None),
                Rule::signed_quantity => ends.push(Some(self.quantity(c))),
                _ => {}
            }
            let _ = saw_sep;
        }
        let lo = ends.first().copied().flatten();
        let hi = ends.get(1).copied().flatten();
        Interval {
            lo: lo.map(|q| (q, lo_incl)),
            hi: hi.map(|q| (q, hi_incl)),
            span,
        }
    }

    fn rows_block(&self, p: P<'_>) -> RowsDecl {
        let span = self.span(&p);
        let start = span.start as usize;
        let head_span = Span::new(self.file, start, start + "行计分".len());
        let mut d = RowsDecl {
            share_evenly: None,
            tiers: Vec::new(),
            over_hint: None,
            kinds: Vec::new(),
            head_span,
            span,
        };
        for c in self.inner(p) {
            match c.as_rule() {
                Rule::share_evenly => d.share_evenly = Some(self.span(&c)),
                Rule::completion_tiers => {
                    for t in self.inner(c) {
                        let mut it = self.inner(t);
                        if let (Some(n), Some(b)) = (it.next(), it.next()) {
                            d.tiers.push((self.name(n), self.band_cond(b)));
                        }
                    }
                }
                Rule::over_hint => d.over_hint = self.inner(c).next().map(|q| self.quantity(q)),
                Rule::row_kind => {
                    let mut it = self.inner(c.clone());
                    if let Some(n) = it.next() {
                        let name = self.name(n);
                        // A kind is a leaf body without points: the row brings them.
                        let points = Quantity {
                            value: Decimal::ONE_HUNDRED,
                            unit: None,
                            span: name.span,
                        };
                        d.kinds
                            .push(self.indicator_body(name, points, it, self.span(&c)));
                    }
                }
                _ => {}
            }
        }
        d
    }

    fn edit(&self, p: P<'_>) -> Option<EditKind> {
        if p.as_rule() == Rule::add {
            let span = self.span(&p);
            let mut it = self.inner(p);
            let name = self.name(it.next()?);
            let points = self.quantity(it.next()?);
            let parent = self.name(self.inner(it.next()?).next()?);
            return Some(EditKind::Add(
                self.indicator_body(name, points, it, span),
                parent,
            ));
        }
        let rule = p.as_rule();
        let inner = self.inner(p).next()?;
        Some(match (rule, inner.as_rule()) {
            (Rule::modify, Rule::input) => EditKind::Input(self.input(inner)?),
            (Rule::modify, Rule::value) => {
                let span = self.span(&inner);
                let mut it = self.inner(inner);
                let name = self.name(it.next()?);
                let expr = self.expr(it.next()?);
                EditKind::Value(ValueDecl { name, expr, span })
            }
            (Rule::modify, _) => EditKind::Indicator(self.indicator_edit(inner)?),
            (_, what) => {
                let target = match what {
                    Rule::remove_input => Target::Input,
                    Rule::remove_value => Target::Value,
                    _ => Target::Indicator,
                };
                EditKind::Remove(target, self.name(self.inner(inner).next()?))
            }
        })
    }

    fn indicator_edit(&self, p: P<'_>) -> Option<IndicatorEdit> {
        let span = self.span(&p);
        let mut it = self.inner(p).peekable();
        let name = self.name(it.next()?);
        let points = it
            .next_if(|c| c.as_rule() == Rule::quantity)
            .map(|q| self.quantity(q));
        let parent = it
            .next_if(|c| c.as_rule() == Rule::placement)
            .and_then(|c| self.inner(c).next())
            .map(|n| self.name(n));
        let rest: Vec<P<'_>> = it.collect();
        let mut drops = Vec::new();
        for c in &rest {
            if c.as_rule() == Rule::drop_part {
                let what = match self.inner(c.clone()).next().map(|w| w.as_rule()) {
                    Some(Rule::drop_cases) => Drop::Cases,
                    Some(Rule::drop_explanation) => Drop::Explanation,
                    _ => Drop::Standard,
                };
                drops.push((what, self.span(c)));
            }
        }
        let unused = Quantity {
            value: Decimal::ZERO,
            unit: None,
            span: name.span,
        };
        let body = self.indicator_body(name.clone(), unused, rest.into_iter(), span);
        Some(IndicatorEdit {
            name,
            points,
            parent,
            body,
            drops,
        })
    }

    fn indicator(&self, p: P<'_>) -> Option<IndicatorDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let points = self.quantity(it.next()?);
        Some(self.indicator_body(name, points, it, span))
    }

    fn indicator_body<'i>(
        &self,
        name: Name,
        points: Quantity,
        it: impl Iterator<Item = P<'i>>,
        span: Span,
    ) -> IndicatorDecl {
        let mut d = IndicatorDecl {
            head_span: name.span.to(points.span),
            name,
            points,
            standard: None,
            explanation: None,
            children: Vec::new(),
            subject: None,
            cases: Vec::new(),
            rules: Vec::new(),
            rows: None,
            allows: Vec::new(),
            repeated: Vec::new(),
            edited: Vec::new(),
            span,
        };
        for c in it {
            let cspan = self.span(&c);
            match c.as_rule() {
                Rule::standard => {
                    let t = self.inner(c).next().map(|s| self.string(s));
                    if d.standard.is_some() {
                        d.repeated.push(cspan);
                    }
                    d.standard = t;
                }
                Rule::explanation => {
                    let t = self.inner(c).next().map(|s| self.string(s));
                    if d.explanation.is_some() {
                        d.repeated.push(cspan);
                    }
                    d.explanation = t;
                }
                Rule::indicator => d.children.extend(self.indicator(c)),
                Rule::subject => {
                    let mut sit = self.inner(c);
                    if let Some(n) = sit.next() {
                        let name = self.name(n);
                        let expr = sit.next().map(|e| self.expr(e));
                        if d.subject.is_some() {
                            d.repeated.push(cspan);
                        }
                        d.subject = Some(SubjectDecl {
                            name,
                            expr,
                            span: cspan,
                        });
                    }
                }
                Rule::case => d.cases.extend(self.case(c)),
                Rule::allow => d.allows.extend(self.allow(c)),
                Rule::rows_slot => {
                    if d.rows.is_some() {
                        d.repeated.push(cspan);
                    }
                    let merge_into = self
                        .inner(c)
                        .find(|n| n.as_rule() == Rule::name)
                        .map(|n| self.name(n));
                    d.rows = Some(RowsSlot {
                        merge_into,
                        span: cspan,
                    });
                }
                Rule::threshold
                | Rule::bands
                | Rule::proportional
                | Rule::checklist
                | Rule::per_event
                | Rule::tiers
                | Rule::reviewer => d.rules.extend(self.rule(c)),
                _ => {}
            }
        }
        d
    }

    fn case(&self, p: P<'_>) -> Option<CaseDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let cond = self.expr(it.next()?);
        let o = it.next()?.into_inner().next()?;
        let outcome = match o.as_rule() {
            Rule::kw_na => Outcome::NotApplicable,
            Rule::kw_full_score => Outcome::Full,
            _ => Outcome::Points(self.quantity(o)),
        };
        let reason = it.next().map(|s| self.string(s));
        Some(CaseDecl {
            cond,
            outcome,
            reason,
            span,
        })
    }

    fn allow(&self, p: P<'_>) -> Option<Allow> {
        let mut it = self.inner(p);
        let id = it.next()?;
        let id = Name {
            text: id.as_str().to_string(),
            span: self.span(&id),
        };
        let reason = self.string(it.next()?);
        Some(Allow { id, reason })
    }

    fn rule(&self, p: P<'_>) -> Option<RuleDecl> {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::threshold => {
                let mut it = self.inner(p);
                let dir = match it.next()?.into_inner().next()?.as_rule() {
                    Rule::dir_above => Direction::Above,
                    Rule::dir_below => Direction::Below,
                    _ => Direction::Either,
                };
                let threshold = self.quantity(it.next()?);
                let step = self.quantity(it.next()?);
                let per_step = self.quantity(it.next()?);
                let mut policy = None;
                let mut floor = None;
                for c in it {
                    match c.as_rule() {
                        Rule::step_policy => {
                            let pspan = self.span(&c);
                            let pol = match c.into_inner().next().map(|x| x.as_rule()) {
                                Some(Rule::policy_full_step) => StepPolicy::FullSteps,
                                Some(Rule::policy_any_part) => StepPolicy::AnyPart,
                                _ => StepPolicy::Proportional,
                            };
                            policy = Some((pol, pspan));
                        }
                        Rule::floor => floor = self.inner(c).next().map(|q| self.quantity(q)),
                        _ => {}
                    }
                }
                RuleKind::Threshold {
                    dir,
                    threshold,
                    step,
                    per_step,
                    policy,
                    floor,
                }
            }
            Rule::bands => RuleKind::Bands(
                self.inner(p)
                    .filter_map(|b| {
                        let mut it = self.inner(b);
                        let cond = self.band_cond(it.next()?);
                        let pts = self.quantity(it.next()?);
                        Some((cond, pts))
                    })
                    .collect(),
            ),
            Rule::proportional => RuleKind::Proportional {
                cap: self.inner(p).next().map(|q| self.quantity(q)),
            },
            Rule::checklist => {
                let mut it = self.inner(p);
                let input = self.name(it.next()?);
                let items = it.filter_map(|ip| self.item_points(ip)).collect();
                RuleKind::Checklist { input, items }
            }
            Rule::per_event => {
                let mut it = self.inner(p);
                let step = self.quantity(it.next()?);
                let per_step = self.quantity(it.next()?);
                RuleKind::PerEvent { step, per_step }
            }
            Rule::tiers => RuleKind::Tiers(
                self.inner(p)
                    .filter_map(|ip| self.item_points(ip))
                    .collect(),
            ),
            Rule::reviewer => RuleKind::Reviewer,
            _ => return None,
        };
        Some(RuleDecl { kind, span })
    }

    fn item_points(&self, p: P<'_>) -> Option<(Name, Quantity)> {
        let mut it = self.inner(p);
        let n = self.name(it.next()?);
        let q = self.quantity(it.next()?);
        Some((n, q))
    }

    fn expr(&self, p: P<'_>) -> Expr {
        let pairs = p.into_inner().filter(|c| !is_punct(c.as_rule()));
        // PrattParser wants Pairs; collect the filtered pairs back through a helper.
        self.pratt_expr(pairs.collect())
    }

    fn pratt_expr(&self, pairs: Vec<P<'_>>) -> Expr {
        let file = self.file;
        let sp = move |p: &P<'_>| {
            let s = p.as_span();
            Span::new(file, s.start(), s.end())
        };
        let parsed = pratt()
            .map_primary(|prim| self.primary(prim))
            .map_prefix(|op, rhs| {
                let span = sp(&op).to(rhs.span);
                let op = if op.as_rule() == Rule::op_not {
                    UnOp::Not
                } else {
                    UnOp::Neg
                };
                Expr {
                    kind: ExprKind::Unary(op, Box::new(rhs)),
                    span,
                }
            })
            .map_infix(|lhs, op, rhs| {
                let span = lhs.span.to(rhs.span);
                let op = binop(&op);
                Expr {
                    kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                    span,
                }
            })
            .parse(pairs.into_iter());
        parsed
    }

    fn primary(&self, p: P<'_>) -> Expr {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::expr => return self.expr(p),
            Rule::quantity => ExprKind::Num(self.quantity(p)),
            Rule::bool_lit => ExprKind::Bool(
                p.into_inner()
                    .next()
                    .is_some_and(|b| b.as_rule() == Rule::kw_yes),
            ),
            Rule::name => ExprKind::Name(self.name(p)),
            Rule::conditional => {
                let mut parts: Vec<Expr> = self.inner(p).map(|e| self.expr(e)).collect();
                if parts.len() != 3 {
                    return Expr {
                        kind: ExprKind::Bool(false),
                        span,
                    };
                }
                let e = parts.pop();
                let t = parts.pop();
                let c = parts.pop();
                match (c, t, e) {
                    (Some(c), Some(t), Some(e)) => {
                        ExprKind::If(Box::new(c), Box::new(t), Box::new(e))
                    }
                    _ => ExprKind::Bool(false),
                }
            }
            Rule::call => {
                let mut it = self.inner(p);
                let f = match it.next().map(|f| f.as_str().to_string()).as_deref() {
                    Some("最小" | "min") => Func::Min,
                    Some("最大" | "max") => Func::Max,
                    _ => Func::Abs,
                };
                ExprKind::Call(f, it.map(|e| self.expr(e)).collect())
            }
            _ => ExprKind::Bool(false),
        };
        Expr { kind, span }
    }

    fn quantity(&self, p: P<'_>) -> Quantity {
        let span = self.span(&p);
        let mut negative = false;
        let mut value = Decimal::ZERO;
        let mut unit = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::sign => negative = matches!(c.as_str(), "-" | "−" | "－"),
                Rule::number => value = self.number(&c),
                Rule::unit => unit = UnitWord::parse(c.as_str()),
                _ => {}
            }
        }
        if negative {
            value = -value;
        }
        Quantity { value, unit, span }
    }

    fn number(&self, p: &P<'_>) -> Decimal {
        let text = ascii_digits(p.as_str());
        match Decimal::from_str_exact(&text).or_else(|_| Decimal::from_str(&text)) {
            Ok(d) => d,
            Err(_) => {
                self.error(
                    SyntaxError::Number {
                        text: p.as_str().to_string(),
                    },
                    self.span(p),
                );
                Decimal::ZERO
            }
        }
    }

    fn integer(&self, p: &P<'_>) -> i64 {
        ascii_digits(p.as_str()).parse::<i64>().unwrap_or_else(|_| {
            self.error(
                SyntaxError::Number {
                    text: p.as_str().to_string(),
                },
                self.span(p),
            );
            0
        })
    }

    fn name(&self, p: P<'_>) -> Name {
        Name {
            text: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    fn string(&self, p: P<'_>) -> Text {
        let span = self.span(&p);
        let raw = p.into_inner().next().map_or("", |i| i.as_str());
        let mut text = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => text.push('\n'),
                    Some(o) => text.push(o),
                    None => {}
                }
            } else {
                text.push(c);
            }
        }
        Text { text, span }
    }
}

/// Where a pair's own text ends: pest lets a trailing optional part swallow the blanks and
/// comments before it (`≥ 90` followed by a line break and the next grade), which would make
/// a diagnostic underline run into the next line.
fn tight_end(p: &P<'_>) -> usize {
    let span = p.as_span();
    let text = span.as_str();
    let trimmed = text.trim_end();
    // The common case: no trailing blanks, and the last line is not a `//` comment.
    let last_line = trimmed.rsplit('\n').next().unwrap_or(trimmed);
    if trimmed.len() == text.len() && !last_line.contains("//") {
        return span.end();
    }
    let mut end = span.start() + trimmed.len();
    if let Some(last) = p.clone().into_inner().last() {
        let child = tight_end(&last);
        let input = span.get_input();
        if child <= end && blank_or_comments(input.get(child..end).unwrap_or("x")) {
            end = child;
        }
    }
    end
}

/// Whether text holds only blanks and `//` comments.
fn blank_or_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start_matches([' ', '\t', '\u{3000}']);
        l.trim().is_empty() || l.starts_with("//")
    })
}

fn binop(op: &P<'_>) -> BinOp {
    let r = match op.as_rule() {
        Rule::cmp_op => op
            .clone()
            .into_inner()
            .next()
            .map_or(Rule::op_eq, |o| o.as_rule()),
        other => other,
    };
    match r {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_le => BinOp::Le,
        Rule::op_ge => BinOp::Ge,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_gt => BinOp::Gt,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => BinOp::Eq,
    }
}

/// Full-width digits and point → ASCII.
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}
