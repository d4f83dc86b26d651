//! Every place a scheme's files name an input, a value or an indicator: where each is
//! declared and where it is used, over the file and the files it is built on (`基于`).

use crate::base::source::Span;
use crate::syntax::ast::{
    EditKind, Expr, ExprKind, File, IndicatorDecl, Item, Name, RuleKind, Target,
};

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An input (`输入`).
    Input,
    /// A derived value (`值`).
    Value,
    /// An indicator (`指标`).
    Indicator,
}

impl Kind {
    /// The word for it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Input => "输入",
            Kind::Value => "值",
            Kind::Indicator => "指标",
        }
    }
}

/// One place a name is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// What it names.
    pub kind: Kind,
    /// The name.
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// Whether this is a declaration (`输入 X`, `值 X = …`, `指标 X`, `修改 输入 X`).
    pub def: bool,
}

/// A name in a formula (or a `值 X` without one): an input or a value, told apart once every
/// declaration is known.
struct Pending {
    name: Name,
}

/// Collects occurrences from one file's tree.
#[derive(Default)]
pub(super) struct Collector {
    pub(super) found: Vec<Occurrence>,
    pending: Vec<Pending>,
}

impl Collector {
    /// The occurrences of `file`.
    pub(super) fn file(&mut self, file: &File) {
        for item in &file.items {
            match item {
                Item::Input(d) => self.def(Kind::Input, &d.name),
                Item::Value(v) => {
                    self.def(Kind::Value, &v.name);
                    self.expr(&v.expr);
                }
                Item::Indicator(d) => self.indicator(d, true),
                Item::Rows(r) => {
                    for kind in &r.kinds {
                        self.indicator(kind, false);
                    }
                }
                Item::Edit(e) => match &e.kind {
                    EditKind::Indicator(ed) => {
                        self.used(Kind::Indicator, &ed.name);
                        if let Some(p) = &ed.parent {
                            self.used(Kind::Indicator, p);
                        }
                        self.indicator(&ed.body, false);
                    }
                    EditKind::Input(d) => self.def(Kind::Input, &d.name),
                    EditKind::Value(v) => {
                        self.def(Kind::Value, &v.name);
                        self.expr(&v.expr);
                    }
                    EditKind::Remove(target, name) => {
                        let kind = match target {
                            Target::Indicator => Kind::Indicator,
                            Target::Input => Kind::Input,
                            Target::Value => Kind::Value,
                        };
                        self.used(kind, name);
                    }
                    EditKind::Add(d, parent) => {
                        self.indicator(d, true);
                        self.used(Kind::Indicator, parent);
                    }
                },
                _ => {}
            }
        }
    }

    /// An indicator's block; `named`: its name declares an indicator (not so for a `修改`
    /// body or a row kind).
    fn indicator(&mut self, d: &IndicatorDecl, named: bool) {
        if named {
            self.def(Kind::Indicator, &d.name);
        }
        if let Some(s) = &d.subject {
            match &s.expr {
                Some(e) => {
                    self.def(Kind::Value, &s.name);
                    self.expr(e);
                }
                None => self.pending.push(Pending {
                    name: s.name.clone(),
                }),
            }
        }
        for c in &d.cases {
            self.expr(&c.cond);
        }
        for r in &d.rules {
            if let RuleKind::Checklist { input, .. } = &r.kind {
                self.used(Kind::Input, input);
            }
        }
        if let Some(m) = d.rows.as_ref().and_then(|r| r.merge_into.as_ref()) {
            self.used(Kind::Indicator, m);
        }
        for c in &d.children {
            self.indicator(c, true);
        }
    }

    fn expr(&mut self, e: &Expr) {
        // Formulas are bounded in depth (syntax::MAX_FORMULA_DEPTH): recursion is safe.
        match &e.kind {
            ExprKind::Name(n) => self.pending.push(Pending { name: n.clone() }),
            ExprKind::Unary(_, x) => self.expr(x),
            ExprKind::Binary(_, a, b) => {
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Call(_, args) => args.iter().for_each(|a| self.expr(a)),
            ExprKind::If(c, a, b) => {
                self.expr(c);
                self.expr(a);
                self.expr(b);
            }
            ExprKind::Num(_) | ExprKind::Bool(_) => {}
        }
    }

    fn def(&mut self, kind: Kind, name: &Name) {
        self.found.push(Occurrence {
            kind,
            name: name.text.clone(),
            span: name.span,
            def: true,
        });
    }

    fn used(&mut self, kind: Kind, name: &Name) {
        self.found.push(Occurrence {
            kind,
            name: name.text.clone(),
            span: name.span,
            def: false,
        });
    }

    /// The occurrences, with each name of a formula told to be an input or a value (by the
    /// declarations of every file; a name declared as neither is left out).
    pub(super) fn finish(mut self) -> Vec<Occurrence> {
        let declared: std::collections::HashSet<(Kind, String)> = self
            .found
            .iter()
            .filter(|o| o.def)
            .map(|o| (o.kind, o.name.clone()))
            .collect();
        for p in std::mem::take(&mut self.pending) {
            let kind = if declared.contains(&(Kind::Input, p.name.text.clone())) {
                Kind::Input
            } else if declared.contains(&(Kind::Value, p.name.text.clone())) {
                Kind::Value
            } else {
                continue;
            };
            self.found.push(Occurrence {
                kind,
                name: p.name.text,
                span: p.name.span,
                def: false,
            });
        }
        self.found.sort_by_key(|o| (o.span.file, o.span.start));
        self.found
    }
}
