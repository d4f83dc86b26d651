//! Applying one file's items to its base's syntax tree: header items replace, declarations
//! add, `修改` replaces the parts written, `删除` and `新增 … 归入` change the tree.

use std::collections::HashSet;

use super::{EditError, Removed};
use crate::base::diag::Diag;
use crate::base::names::suggest;
use crate::base::source::Span;
use crate::syntax::ast::{self, EditKind, Item, Target};

/// Where an indicator is: the top-level item and the child indices below it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Loc {
    item: usize,
    path: Vec<usize>,
}

/// The header item kinds a later file replaces.
fn header(item: &Item) -> Option<&'static str> {
    Some(match item {
        Item::Title(_) => "方案",
        Item::Year(_) => "年度",
        Item::FullMarks(_) => "满分",
        Item::Precision { .. } => "保留",
        Item::Grades { .. } => "等级",
        Item::Rows(_) => "行计分",
        _ => return None,
    })
}

pub(super) struct Merge {
    pub(super) items: Vec<Item>,
    pub(super) diags: Vec<Diag>,
    /// Top-level `允许` waiting for the item they precede.
    pending: Vec<Item>,
    headers: HashSet<&'static str>,
    /// What the files so far deleted, this file's deletions from `own_removed` on.
    pub(super) removed: Vec<Removed>,
    own_removed: usize,
    /// This file's name as shown.
    file: String,
}

impl Merge {
    /// `items` of the base, with what the base's own edits deleted; `file` is the name of the
    /// file whose items are applied.
    pub(super) fn new(items: Vec<Item>, removed: Vec<Removed>, file: String) -> Self {
        Merge {
            items,
            diags: Vec::new(),
            pending: Vec::new(),
            headers: HashSet::new(),
            own_removed: removed.len(),
            removed,
            file,
        }
    }

    fn deleted(&mut self, target: Target, name: &str, span: Span) {
        self.removed.push(Removed {
            target,
            name: name.to_string(),
            file: self.file.clone(),
            span,
        });
    }

    /// An indicator deleted, with the indicators and values below it.
    fn deleted_tree(&mut self, d: &ast::IndicatorDecl, span: Span) {
        self.deleted(Target::Indicator, &d.name.text, span);
        // A value defined in its braces (`值 名称 = 公式`) goes with it; one it only names stays.
        if let Some(s) = d.subject.as_ref().filter(|s| s.expr.is_some()) {
            self.deleted(Target::Value, &s.name.text, span);
        }
        for c in &d.children {
            self.deleted_tree(c, span);
        }
    }

    fn error(&mut self, kind: EditError, span: Span) {
        self.diags.push(Diag::new(kind, span));
    }

    /// Puts `item` at `at` (replacing what is there when `replace`), after the pending `允许`.
    fn place(&mut self, at: usize, item: Item, replace: bool) {
        let allows = std::mem::take(&mut self.pending);
        if replace {
            self.items[at] = item;
        } else {
            self.items.insert(at, item);
        }
        for (k, a) in allows.into_iter().enumerate() {
            self.items.insert(at + k, a);
        }
    }

    /// Index after the last item matching `f`, or the end.
    fn after_last(&self, f: impl Fn(&Item) -> bool) -> usize {
        self.items
            .iter()
            .rposition(f)
            .map_or(self.items.len(), |i| i + 1)
    }

    pub(super) fn apply(&mut self, item: Item) {
        if let Some(kind) = header(&item) {
            if !self.headers.insert(kind) {
                self.diags.push(Diag::new(
                    crate::syntax::SyntaxError::DuplicateHeader { what: kind },
                    item.span(),
                ));
                return;
            }
            match self.items.iter().position(|i| header(i) == Some(kind)) {
                Some(at) => self.place(at, item, true),
                None => {
                    let at = self.after_last(|i| header(i).is_some());
                    self.place(at, item, false);
                }
            }
            return;
        }
        match item {
            Item::Base(_) => {}
            Item::Allow(_) => self.pending.push(item),
            Item::Input(d) => {
                if self.input_at(&d.name.text).is_some() {
                    self.error(
                        EditError::Exists {
                            what: "输入",
                            name: d.name.text.clone(),
                        },
                        d.name.span,
                    );
                    return;
                }
                let at = self.after_last(|i| matches!(i, Item::Input(_)));
                self.place(at, Item::Input(d), false);
            }
            Item::Value(v) => {
                if self.value_names().contains(&v.name.text) {
                    self.error(
                        EditError::Exists {
                            what: "值",
                            name: v.name.text.clone(),
                        },
                        v.name.span,
                    );
                    return;
                }
                let at = self.after_last(|i| matches!(i, Item::Input(_) | Item::Value(_)));
                self.place(at, Item::Value(v), false);
            }
            Item::Indicator(d) => {
                if self.taken(&d) {
                    return;
                }
                let at = self.items.len();
                self.place(at, Item::Indicator(d), false);
            }
            Item::Edit(e) => self.edit(e),
            _ => {}
        }
    }

    /// Reports (and returns true) when `d` or one of its lower indicators has a name the
    /// merged scheme already has.
    fn taken(&mut self, d: &ast::IndicatorDecl) -> bool {
        let mut clash = false;
        if self.find(&d.name.text).is_some() {
            self.error(
                EditError::Exists {
                    what: "指标",
                    name: d.name.text.clone(),
                },
                d.name.span,
            );
            clash = true;
        }
        for c in &d.children {
            clash |= self.taken(c);
        }
        clash
    }

    fn edit(&mut self, e: ast::Edit) {
        let span = e.span;
        match e.kind {
            EditKind::Input(d) => match self.input_at(&d.name.text) {
                Some(at) => self.place(at, Item::Input(d), true),
                None => self.unknown(Target::Input, &d.name),
            },
            EditKind::Value(v) => self.edit_value(v),
            EditKind::Remove(t, name) => self.remove(t, &name, span),
            EditKind::Add(d, parent) => {
                if self.taken(&d) {
                    return;
                }
                match self.find(&parent.text) {
                    Some(loc) => {
                        if let Some(p) = self.get_mut(&loc) {
                            p.edited.push(span);
                            p.children.push(d);
                        }
                    }
                    None => self.unknown(Target::Indicator, &parent),
                }
            }
            EditKind::Indicator(ed) => self.edit_indicator(ed, span),
        }
    }

    fn edit_indicator(&mut self, ed: ast::IndicatorEdit, span: Span) {
        let Some(loc) = self.find(&ed.name.text) else {
            self.unknown(Target::Indicator, &ed.name);
            return;
        };
        let Some(d) = self.get_mut(&loc) else {
            return;
        };
        d.edited.push(span);
        if let Some(q) = ed.points {
            d.points = q;
        }
        for (drop, _) in &ed.drops {
            match drop {
                ast::Drop::Cases => d.cases.clear(),
                ast::Drop::Explanation => d.explanation = None,
                ast::Drop::Standard => d.standard = None,
            }
        }
        let b = ed.body;
        if b.standard.is_some() {
            d.standard = b.standard;
        }
        if b.explanation.is_some() {
            d.explanation = b.explanation;
        }
        if b.subject.is_some() {
            d.subject = b.subject;
        }
        if !b.cases.is_empty() {
            d.cases = b.cases;
        }
        if !b.rules.is_empty() {
            d.rules = b.rules;
        }
        if b.rows.is_some() {
            d.rows = b.rows;
        }
        d.allows.extend(b.allows);
        d.repeated.extend(b.repeated);
        if let Some(parent) = ed.parent {
            self.move_to(loc, &ed.name, &parent, span);
        }
    }

    fn move_to(&mut self, loc: Loc, name: &ast::Name, parent: &ast::Name, span: Span) {
        let Some(ploc) = self.find(&parent.text) else {
            self.unknown(Target::Indicator, parent);
            return;
        };
        if ploc.item == loc.item && ploc.path.starts_with(&loc.path) {
            self.error(
                EditError::MoveIntoSelf {
                    name: name.text.clone(),
                    parent: parent.text.clone(),
                },
                parent.span,
            );
            return;
        }
        let Some(d) = self.detach(&loc, span) else {
            return;
        };
        // Detaching may shift the indices of the new parent: look it up again.
        if let Some(p) = self.find(&parent.text).and_then(|l| self.get_mut(&l)) {
            p.edited.push(span);
            p.children.push(d);
        }
    }

    /// Takes the indicator at `loc` out of the tree, noting the edit on its old parent.
    fn detach(&mut self, loc: &Loc, span: Span) -> Option<ast::IndicatorDecl> {
        match loc.path.split_last() {
            None => match self.items.get(loc.item) {
                Some(Item::Indicator(_)) => match self.items.remove(loc.item) {
                    Item::Indicator(d) => Some(d),
                    _ => None,
                },
                _ => None,
            },
            Some((last, up)) => {
                let parent = self.get_mut(&Loc {
                    item: loc.item,
                    path: up.to_vec(),
                })?;
                parent.edited.push(span);
                (*last < parent.children.len()).then(|| parent.children.remove(*last))
            }
        }
    }

    fn edit_value(&mut self, v: ast::ValueDecl) {
        if let Some(at) = self
            .items
            .iter()
            .position(|i| matches!(i, Item::Value(x) if x.name.text == v.name.text))
        {
            self.place(at, Item::Value(v), true);
            return;
        }
        // A value defined in an indicator (`值 名称 = 公式` inside its braces).
        let mut target = None;
        self.each_loc(|loc, d| {
            if d.subject
                .as_ref()
                .is_some_and(|s| s.expr.is_some() && s.name.text == v.name.text)
            {
                target = Some(loc);
            }
        });
        match target {
            Some(loc) => {
                let Some(d) = self.get_mut(&loc) else {
                    return;
                };
                d.edited.push(v.span);
                if let Some(s) = &mut d.subject {
                    s.expr = Some(v.expr);
                    s.span = v.span;
                }
            }
            None => self.unknown(Target::Value, &v.name),
        }
    }

    fn remove(&mut self, t: Target, name: &ast::Name, span: Span) {
        match t {
            Target::Input => match self.input_at(&name.text) {
                Some(at) => {
                    self.items.remove(at);
                    self.deleted(t, &name.text, span);
                }
                None => self.unknown(t, name),
            },
            Target::Value => {
                match self
                    .items
                    .iter()
                    .position(|i| matches!(i, Item::Value(x) if x.name.text == name.text))
                {
                    Some(at) => {
                        self.items.remove(at);
                        self.deleted(t, &name.text, span);
                    }
                    None => self.unknown(t, name),
                }
            }
            Target::Indicator => match self.find(&name.text) {
                Some(loc) => {
                    if let Some(d) = self.detach(&loc, span) {
                        self.deleted_tree(&d, span);
                    }
                }
                None => self.unknown(t, name),
            },
        }
    }

    fn unknown(&mut self, t: Target, name: &ast::Name) {
        let mut names: Vec<String> = Vec::new();
        match t {
            Target::Input => {
                for i in &self.items {
                    if let Item::Input(d) = i {
                        names.push(d.name.text.clone());
                    }
                }
            }
            Target::Value => names = self.value_names(),
            Target::Indicator => self.each_loc(|_, d| names.push(d.name.text.clone())),
        }
        let subject_of = (t == Target::Value)
            .then(|| {
                let mut owner = None;
                self.each_loc(|_, d| {
                    if d.subject.as_ref().is_some_and(|s| s.name.text == name.text) {
                        owner = Some(d.name.text.clone());
                    }
                });
                owner
            })
            .flatten();
        let gone = Removed::find(&self.removed, t, &name.text);
        let help = match (subject_of, gone) {
            (_, Some(r)) => format!("{}，不能再修改或删除", r.said()),
            (Some(owner), None) => format!(
                "`{}` 是指标 `{owner}` 计分的值，不能单独删除；删除该指标，或用 `修改 指标 {owner} {{ 值 … }}` 改写",
                name.text
            ),
            (None, None) => suggest(&name.text, names.iter().map(String::as_str)).unwrap_or_else(|| {
                match t {
                    Target::Indicator => {
                        "新的指标用 `新增 指标 名称 N分 归入 上级 { … }` 增加，一级指标直接写 `指标 …`"
                    }
                    Target::Input => "新的输入直接写 `输入 名称：单位`，不用 `修改`",
                    Target::Value => "新的值直接写 `值 名称 = 公式`，不用 `修改`",
                }
                .to_string()
            }),
        };
        self.error(
            EditError::Unknown {
                what: t.word(),
                name: name.text.clone(),
                help,
            },
            name.span,
        );
    }

    fn input_at(&self, name: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|i| matches!(i, Item::Input(d) if d.name.text == name))
    }

    /// Top-level values and values defined in indicators.
    fn value_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Value(v) => Some(v.name.text.clone()),
                _ => None,
            })
            .collect();
        self.each_loc(|_, d| {
            if let Some(s) = d.subject.as_ref().filter(|s| s.expr.is_some()) {
                out.push(s.name.text.clone());
            }
        });
        out
    }

    /// Calls `f` on every indicator, depth-first.
    fn each_loc(&self, mut f: impl FnMut(Loc, &ast::IndicatorDecl)) {
        fn walk(
            d: &ast::IndicatorDecl,
            loc: &mut Loc,
            f: &mut dyn FnMut(Loc, &ast::IndicatorDecl),
        ) {
            f(loc.clone(), d);
            for (k, c) in d.children.iter().enumerate() {
                loc.path.push(k);
                walk(c, loc, f);
                loc.path.pop();
            }
        }
        for (i, item) in self.items.iter().enumerate() {
            if let Item::Indicator(d) = item {
                walk(
                    d,
                    &mut Loc {
                        item: i,
                        path: Vec::new(),
                    },
                    &mut f,
                );
            }
        }
    }

    fn find(&self, name: &str) -> Option<Loc> {
        let mut found = None;
        self.each_loc(|loc, d| {
            if found.is_none() && d.name.text == name {
                found = Some(loc);
            }
        });
        found
    }

    fn get_mut(&mut self, loc: &Loc) -> Option<&mut ast::IndicatorDecl> {
        let Some(Item::Indicator(d)) = self.items.get_mut(loc.item) else {
            return None;
        };
        let mut d = d;
        for k in &loc.path {
            d = d.children.get_mut(*k)?;
        }
        Some(d)
    }

    /// Reports every use of an input or value that an edit removed.
    pub(super) fn check_removed(&mut self) {
        if self.removed.len() == self.own_removed {
            return;
        }
        let mut uses: Vec<(String, Span, String)> = Vec::new();
        for item in &self.items {
            match item {
                Item::Value(v) => expr_names(&v.expr, &v.name.text, &mut uses),
                Item::Indicator(d) => indicator_names(d, &mut uses),
                Item::Rows(r) => r.kinds.iter().for_each(|k| indicator_names(k, &mut uses)),
                _ => {}
            }
        }
        let declared: HashSet<String> = self
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Input(d) => Some(d.name.text.clone()),
                Item::Value(v) => Some(v.name.text.clone()),
                _ => None,
            })
            .collect();
        for r in &self.removed[self.own_removed..] {
            // What was below a deleted indicator goes with it; only inputs and values deleted
            // on their own can be left in use.
            if r.target == Target::Indicator || declared.contains(&r.name) {
                continue;
            }
            let name = &r.name;
            if let Some((_, at, user)) = uses.iter().find(|(n, _, _)| n == name) {
                self.diags.push(
                    Diag::new(
                        EditError::RemovedUsed {
                            what: r.target.word(),
                            name: name.clone(),
                            user: user.clone(),
                        },
                        r.span,
                    )
                    .note(*at, format!("`{user}` 在这里用到 `{name}`")),
                );
            }
        }
    }
}

fn indicator_names(d: &ast::IndicatorDecl, out: &mut Vec<(String, Span, String)>) {
    let user = &d.name.text;
    if let Some(s) = &d.subject {
        match &s.expr {
            Some(e) => expr_names(e, user, out),
            None => out.push((s.name.text.clone(), s.name.span, user.clone())),
        }
    }
    for c in &d.cases {
        expr_names(&c.cond, user, out);
    }
    for r in &d.rules {
        if let ast::RuleKind::Checklist { input, .. } = &r.kind {
            out.push((input.text.clone(), input.span, user.clone()));
        }
    }
    for c in &d.children {
        indicator_names(c, out);
    }
}

fn expr_names(e: &ast::Expr, user: &str, out: &mut Vec<(String, Span, String)>) {
    match &e.kind {
        ast::ExprKind::Num(_) | ast::ExprKind::Bool(_) => {}
        ast::ExprKind::Name(n) => out.push((n.text.clone(), n.span, user.to_string())),
        ast::ExprKind::Unary(_, a) => expr_names(a, user, out),
        ast::ExprKind::Binary(_, a, b) => {
            expr_names(a, user, out);
            expr_names(b, user, out);
        }
        ast::ExprKind::Call(_, args) => args.iter().for_each(|a| expr_names(a, user, out)),
        ast::ExprKind::If(c, a, b) => {
            expr_names(c, user, out);
            expr_names(a, user, out);
            expr_names(b, user, out);
        }
    }
}
