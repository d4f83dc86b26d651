//! Formulas and literals: expressions by precedence (pest's `PrattParser`), quantities with
//! their units, numbers, names and strings.

use std::sync::OnceLock;

use pest::pratt_parser::{Assoc, Op, PrattParser};
use rust_decimal::Decimal;

use super::{is_punct, Lower, P};
use crate::base::source::Span;
use crate::base::units::UnitWord;
use crate::syntax::ast::*;
use crate::syntax::{Rule, SyntaxError, MAX_FORMULA_OPERATORS};

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

/// What stands in a tree where lowering already reported an unhandled rule: the file is
/// rejected (the diagnostic is an error), so this value is never checked or evaluated.
const PLACEHOLDER: ExprKind = ExprKind::Bool(false);

impl Lower {
    /// Lowers a formula. A formula of more than [`MAX_FORMULA_OPERATORS`] operators is refused
    /// (`too-deep`) and not built further, so that no tree is deeper than that: building,
    /// checking and dropping a tree all walk it recursively.
    pub(super) fn expr(&self, p: P<'_>) -> Expr {
        if self.open.get() == 0 {
            self.ops.set(0);
        }
        self.open.set(self.open.get() + 1);
        let pairs = p.into_inner().filter(|c| !is_punct(c.as_rule()));
        // PrattParser wants Pairs; collect the filtered pairs back through a helper.
        let e = self.pratt_expr(pairs.collect());
        self.open.set(self.open.get() - 1);
        e
    }

    /// Counts one operator of the formula at `span`; false once the formula has too many
    /// (said once, at the first operator past the limit).
    fn count_op(&self, span: Span) -> bool {
        let n = self.ops.get() + 1;
        self.ops.set(n);
        if n == MAX_FORMULA_OPERATORS + 1 {
            self.error(
                SyntaxError::FormulaTooLong {
                    limit: MAX_FORMULA_OPERATORS,
                },
                span,
            );
        }
        n <= MAX_FORMULA_OPERATORS
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
                if !self.count_op(sp(&op)) {
                    return rhs;
                }
                let span = sp(&op).to(rhs.span);
                let op = match op.as_rule() {
                    Rule::op_not => UnOp::Not,
                    Rule::op_neg => UnOp::Neg,
                    _ => {
                        self.unhandled(&op);
                        UnOp::Neg
                    }
                };
                Expr {
                    kind: ExprKind::Unary(op, Box::new(rhs)),
                    span,
                }
            })
            .map_infix(|lhs, op, rhs| {
                if !self.count_op(sp(&op)) {
                    return lhs;
                }
                let span = lhs.span.to(rhs.span);
                let op = self.binop(&op);
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
            Rule::conditional => self.conditional(p),
            Rule::call => self.call(p),
            _ => {
                self.unhandled(&p);
                PLACEHOLDER
            }
        };
        Expr { kind, span }
    }

    /// `若 c 则 a 否则 b`.
    fn conditional(&self, p: P<'_>) -> ExprKind {
        let parts: Vec<Expr> = self.inner(p.clone()).map(|e| self.expr(e)).collect();
        match <[Expr; 3]>::try_from(parts) {
            Ok([c, t, e]) => ExprKind::If(Box::new(c), Box::new(t), Box::new(e)),
            Err(_) => {
                self.unhandled(&p);
                PLACEHOLDER
            }
        }
    }

    /// `最小(a, b)`, `最大(a, b)`, `绝对值(a)`.
    fn call(&self, p: P<'_>) -> ExprKind {
        let mut it = self.inner(p.clone());
        let f = match it.next().map(|f| f.as_str().to_string()).as_deref() {
            Some("最小" | "min") => Func::Min,
            Some("最大" | "max") => Func::Max,
            Some("绝对值" | "abs") => Func::Abs,
            _ => {
                self.unhandled(&p);
                return PLACEHOLDER;
            }
        };
        ExprKind::Call(f, it.map(|e| self.expr(e)).collect())
    }

    fn binop(&self, op: &P<'_>) -> BinOp {
        let sign = match op.as_rule() {
            Rule::cmp_op => op.clone().into_inner().next(),
            _ => Some(op.clone()),
        };
        match sign.as_ref().map(P::as_rule) {
            Some(Rule::op_or) => BinOp::Or,
            Some(Rule::op_and) => BinOp::And,
            Some(Rule::op_le) => BinOp::Le,
            Some(Rule::op_ge) => BinOp::Ge,
            Some(Rule::op_ne) => BinOp::Ne,
            Some(Rule::op_lt) => BinOp::Lt,
            Some(Rule::op_gt) => BinOp::Gt,
            Some(Rule::op_eq) => BinOp::Eq,
            Some(Rule::op_add) => BinOp::Add,
            Some(Rule::op_sub) => BinOp::Sub,
            Some(Rule::op_mul) => BinOp::Mul,
            Some(Rule::op_div) => BinOp::Div,
            _ => {
                self.unhandled(op);
                BinOp::Eq
            }
        }
    }

    pub(super) fn quantity(&self, p: P<'_>) -> Quantity {
        let span = self.span(&p);
        let mut negative = false;
        let mut value = Decimal::ZERO;
        let mut unit = None;
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::sign => negative = matches!(c.as_str(), "-" | "−" | "－"),
                Rule::number => value = self.number(&c),
                Rule::unit => unit = UnitWord::parse(c.as_str()),
                _ => self.unhandled(&c),
            }
        }
        if negative {
            value = -value;
        }
        Quantity { value, unit, span }
    }

    fn number(&self, p: &P<'_>) -> Decimal {
        let text = ascii_digits(p.as_str());
        // Exactly as written, or an error: never rounded to fit.
        match Decimal::from_str_exact(&text) {
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

    pub(super) fn integer(&self, p: &P<'_>) -> i64 {
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

    pub(super) fn name(&self, p: P<'_>) -> Name {
        Name {
            text: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    pub(super) fn string(&self, p: P<'_>) -> Text {
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

/// Full-width digits and point → ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect()
}
