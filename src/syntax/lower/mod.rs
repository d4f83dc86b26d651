//! pest pairs → syntax tree. Every rule a pair can hold is matched by name; a rule found
//! where the lowering does not expect it is an internal-error diagnostic (`syntax-internal`),
//! never a silently dropped part of the scheme. (`error::describe` lists every rule of the
//! grammar, so a rule the grammar gains must be named before the crate compiles.)
//!
//! The header and inputs are lowered here; indicators and rules in `indicator.rs`, `行计分`
//! and edits in `edit.rs`, formulas and literals in `expr.rs`.

mod edit;
mod expr;
mod indicator;

use std::cell::RefCell;

use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::{Rule, SyntaxError};
use crate::base::diag::Diag;
use crate::base::number::Rounding;
use crate::base::source::{FileId, Span};
use crate::base::units::UnitWord;

type P<'i> = Pair<'i, Rule>;

/// The most decimal places a scheme may round to (`保留 N 位小数`).
pub const MAX_PLACES: i64 = 10;

/// The years a scheme may name (`年度 2020 至 2023`), as a report's 年度 may.
pub const YEARS: (i16, i16) = (1900, 2200);

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
    /// Where the meaningful text before each offset ends ([`meaningful_ends`]).
    ends: Vec<u32>,
    /// Operators of the formula being lowered (bracketed parts included), and how many
    /// `expr` calls are open: see `Lower::expr`.
    ops: std::cell::Cell<usize>,
    open: std::cell::Cell<usize>,
}

/// Lowers a parsed file.
pub fn file(mut pairs: Pairs<'_, Rule>, file: FileId, text: &str) -> Result<File, Vec<Diag>> {
    let lw = Lower {
        file,
        diags: RefCell::new(Vec::new()),
        ends: meaningful_ends(text),
        ops: std::cell::Cell::new(0),
        open: std::cell::Cell::new(0),
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
        let (start, end) = (p.as_span().start(), p.as_span().end());
        let tight = self.ends.get(end).map_or(end, |e| *e as usize);
        Span::new(self.file, start, tight.max(start))
    }

    /// The meaningful children of a pair (punctuation dropped).
    fn inner<'i>(&self, p: P<'i>) -> impl Iterator<Item = P<'i>> {
        p.into_inner().filter(|c| !is_punct(c.as_rule()))
    }

    fn error(&self, kind: SyntaxError, span: Span) {
        self.diags.borrow_mut().push(Diag::new(kind, span));
    }

    /// A rule where the grammar does not put it: said, not dropped.
    fn unhandled(&self, p: &P<'_>) {
        self.error(
            SyntaxError::Unhandled {
                rule: format!("{:?}", p.as_rule()),
            },
            self.span(p),
        );
    }

    fn item(&self, p: P<'_>) -> Option<Item> {
        let span = self.span(&p);
        Some(match p.as_rule() {
            Rule::title => Item::Title(self.title(p)?),
            Rule::year => Item::Year(self.year(p)),
            Rule::full_marks => Item::FullMarks(self.quantity(self.inner(p).next()?)),
            Rule::precision => {
                let mut parts = self.inner(p);
                let n = parts.next()?;
                let rounding = match parts
                    .next()
                    .and_then(|r| r.into_inner().next())
                    .map(|r| r.as_rule())
                {
                    Some(Rule::round_down) => Rounding::Down,
                    Some(Rule::round_up) => Rounding::Up,
                    _ => Rounding::HalfUp,
                };
                if n.as_str().contains(['.', '．']) {
                    self.error(
                        SyntaxError::Limit {
                            what: "保留的小数位数",
                            text: n.as_str().to_string(),
                            limit: format!("应为 0 到 {MAX_PLACES} 的整数"),
                        },
                        self.span(&n),
                    );
                    return None;
                }
                let places = self.bounded(&n, "保留的小数位数", 0, MAX_PLACES)?;
                Item::Precision {
                    places: places as u32,
                    rounding,
                    span,
                }
            }
            Rule::grades => {
                let grades = self.inner(p).filter_map(|g| self.grade(g)).collect();
                Item::Grades { grades, span }
            }
            Rule::input => Item::Input(self.input(p)?),
            Rule::value => Item::Value(self.value(p)?),
            Rule::indicator => Item::Indicator(self.indicator(p)?),
            Rule::allow => Item::Allow(self.allow(p)?),
            Rule::pending => {
                let span = self.span(&p);
                Item::Pending(self.pending(p, span))
            }
            Rule::rows_block => Item::Rows(self.rows_block(p)),
            Rule::base => Item::Base(self.string(self.inner(p).next()?)),
            Rule::modify | Rule::remove | Rule::add => Item::Edit(Edit {
                kind: self.edit(p)?,
                span,
            }),
            Rule::EOI => return None,
            _ => {
                self.unhandled(&p);
                return None;
            }
        })
    }

    fn title(&self, p: P<'_>) -> Option<Text> {
        let t = self.inner(p).next()?;
        match t.as_rule() {
            Rule::string => Some(self.string(t)),
            Rule::name => Some(Text {
                text: t.as_str().to_string(),
                span: self.span(&t),
            }),
            _ => {
                self.unhandled(&t);
                None
            }
        }
    }

    fn value(&self, p: P<'_>) -> Option<ValueDecl> {
        let span = self.span(&p);
        let mut it = self.inner(p);
        let name = self.name(it.next()?);
        let expr = self.expr(it.next()?);
        Some(ValueDecl { name, expr, span })
    }

    fn year(&self, p: P<'_>) -> YearSpec {
        let span = self.span(&p);
        let mut from = 0;
        let mut to = Some(0);
        let mut seen_to = false;
        let year = |c: &P<'_>| {
            self.bounded(c, "年度", YEARS.0.into(), YEARS.1.into())
                .unwrap_or(0) as i32
        };
        for c in self.inner(p) {
            match c.as_rule() {
                Rule::integer if !seen_to => {
                    from = year(&c);
                    to = Some(from);
                }
                Rule::integer => {
                    let last = year(&c);
                    if last < from {
                        self.error(
                            SyntaxError::Limit {
                                what: "年度的止年",
                                text: last.to_string(),
                                limit: format!("应不早于起始年度 {from}"),
                            },
                            self.span(&c),
                        );
                    }
                    to = Some(last);
                }
                Rule::year_to => seen_to = true,
                Rule::year_on => to = None,
                _ => self.unhandled(&c),
            }
        }
        YearSpec { from, to, span }
    }

    /// A whole number in `[lo, hi]`, or a `limit` error at it (never silently clamped).
    fn bounded(&self, p: &P<'_>, what: &'static str, lo: i64, hi: i64) -> Option<i64> {
        let n = self.integer(p);
        if (lo..=hi).contains(&n) {
            return Some(n);
        }
        self.error(
            SyntaxError::Limit {
                what,
                text: p.as_str().to_string(),
                limit: format!("应为 {lo} 到 {hi}"),
            },
            self.span(p),
        );
        None
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
            // INVARIANT: the grammar's unit words are those `UnitWord::parse` reads.
            Rule::unit => InputType::Number(UnitWord::parse(t.as_str())?, tspan),
            _ => {
                self.unhandled(&t);
                return None;
            }
        };
        let mut range = None;
        let mut desc = None;
        for c in it {
            match c.as_rule() {
                Rule::input_range => range = Some(self.range(c)),
                Rule::string => desc = Some(self.string(c)),
                _ => self.unhandled(&c),
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
                _ => self.unhandled(&c),
            }
        }
        RangeDecl::Interval(out)
    }

    /// An interval or a one-sided bound.
    fn band_cond(&self, p: P<'_>) -> Interval {
        match p.as_rule() {
            Rule::interval => self.interval(p),
            Rule::cmp_bound => self.cmp_bound(p),
            _ => {
                self.unhandled(&p);
                Interval {
                    lo: None,
                    hi: None,
                    span: self.span(&p),
                }
            }
        }
    }

    /// `≥ 90%`: one end of an interval.
    fn cmp_bound(&self, p: P<'_>) -> Interval {
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
                // `≠` is a comparison sign, but no interval.
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

    fn interval(&self, p: P<'_>) -> Interval {
        let span = self.span(&p);
        let mut lo_incl = true;
        let mut hi_incl = true;
        let mut ends: Vec<Option<Quantity>> = Vec::new();
        // Punctuation is read here: the separator tells an empty lower end from none.
        for c in p.into_inner() {
            match c.as_rule() {
                Rule::open_bracket => lo_incl = matches!(c.as_str(), "[" | "［" | "【"),
                Rule::close_bracket => hi_incl = matches!(c.as_str(), "]" | "］" | "】"),
                Rule::sep => {
                    if ends.is_empty() {
                        ends.push(None);
                    }
                }
                Rule::infinity => ends.push(None),
                Rule::signed_quantity => ends.push(Some(self.quantity(c))),
                _ => self.unhandled(&c),
            }
        }
        let lo = ends.first().copied().flatten();
        let hi = ends.get(1).copied().flatten();
        Interval {
            lo: lo.map(|q| (q, lo_incl)),
            hi: hi.map(|q| (q, hi_incl)),
            span,
        }
    }
}

/// For every byte offset of a text, where the meaningful text before it ends: blanks and
/// `//` comments skipped backwards. pest lets a trailing optional part swallow the blanks
/// and comments before it (`≥ 90` followed by a line break and the next grade), which would
/// make a diagnostic underline run into the next line; a pair's own text ends at
/// `ends[its end]`. Built once per file, so every pair's end is found in constant time.
fn meaningful_ends(text: &str) -> Vec<u32> {
    let mut ends = vec![0u32; text.len() + 1];
    let mut last = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = i + c.len_utf8();
        let meaningful = if in_comment {
            if c == '\n' {
                in_comment = false;
            }
            false
        } else if in_string {
            match c {
                '\\' => {
                    // The escaped character belongs to the string too.
                    if let Some((j, d)) = chars.next() {
                        ends[i + 1..=j].fill(last as u32);
                        let after = j + d.len_utf8();
                        ends[j + 1..=after].fill(after as u32);
                        last = after;
                        continue;
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            true
        } else {
            match c {
                ' ' | '\t' | '\u{3000}' | '\n' | '\r' => false,
                '/' if chars.peek().is_some_and(|(_, d)| *d == '/') => {
                    in_comment = true;
                    false
                }
                '"' => {
                    in_string = true;
                    true
                }
                _ => true,
            }
        };
        if meaningful {
            last = next;
        }
        ends[i + 1..=next].fill(last as u32);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::meaningful_ends;

    #[test]
    fn blanks_and_comments_are_skipped_backwards() {
        let text = "等级 { 优 ≥ 90  // 注\n  良 }\n说明 \"a // b\"  ";
        let ends = meaningful_ends(text);
        let after = |s: &str| text.find(s).map_or(0, |i| i + s.len());
        // After `90`, the blanks and the comment up to `良` belong to nothing.
        assert_eq!(ends[text.find("良").unwrap_or(0)] as usize, after("90"));
        // A `//` inside a string is text.
        assert_eq!(ends[text.len()] as usize, after("\"a // b\""));
        assert_eq!(ends[0], 0);
    }
}
