//! Files → one syntax tree. A scheme built on another (`基于 "2020.jx"`) is its base with the
//! edits below applied:
//!
//! - header items (`方案`, `年度`, `满分`, `保留`, `等级`, `行计分`) replace the base's;
//! - `输入`, `值` and top-level `指标` add (a name the base has is an error: say `修改`);
//! - `修改 指标|输入|值` replaces the parts written and keeps the rest;
//! - `删除 指标|输入|值` removes (an input or value still in use is an error at the `删除`);
//! - `新增 指标 … 归入 上级` adds under an indicator, `修改 指标 … 归入 上级` moves one.
//!
//! The result is one [`ast::File`] whose spans still point into the file each part was
//! written in, so the checker's findings land in the file that holds the mistake.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use crate::base::diag::Diag;
use crate::base::names::suggest;
use crate::base::source::{FileId, Sources, Span};
use crate::syntax::ast::{self, years_label, EditKind, Item, Target, YearSpec};

/// What can go wrong while putting a scheme together from its base and its edits.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EditError {
    /// The base file cannot be read.
    #[error("找不到基础方案 `{path}`")]
    #[diagnostic(
        code("base-missing"),
        help("`基于` 的路径从本文件所在的文件夹算起（{reason}）；检查文件名与年份")
    )]
    BaseMissing {
        /// The path tried.
        path: String,
        /// Why it could not be read.
        reason: String,
    },
    /// A chain of bases that comes back to a file already in it.
    #[error("方案的 `基于` 构成循环：{chain}")]
    #[diagnostic(
        code("base-cycle"),
        help("`基于` 应指向上一年度的方案，不能直接或间接指向本文件")
    )]
    BaseCycle {
        /// The files, joined by →.
        chain: String,
    },
    /// The base has errors of its own.
    #[error("基础方案 `{path}` 有错误，本方案无法合成")]
    #[diagnostic(code("base-invalid"), help("先改正基础方案中的错误（见下文）"))]
    BaseInvalid {
        /// The base file.
        path: String,
    },
    /// An edit in a file that builds on nothing.
    #[error("没有 `基于` 的方案不能写 `{verb}`")]
    #[diagnostic(
        code("edit-no-base"),
        help("在文件开头写 `基于 \"上一年度方案.jx\"`，或直接写出完整的定义")
    )]
    NoBase {
        /// 修改, 删除 or 新增.
        verb: &'static str,
    },
    /// An edit of something the base does not have.
    #[error("基础方案中没有{what} `{name}`")]
    #[diagnostic(code("edit-unknown"), help("{help}"))]
    Unknown {
        /// 指标, 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
        /// A suggestion or how to add it.
        help: String,
    },
    /// A new item with a name the base already has.
    #[error("基础方案中已有{what} `{name}`")]
    #[diagnostic(
        code("edit-exists"),
        help("要改动它请写 `修改 {what} {name} …`；要新增请另取一个名称")
    )]
    Exists {
        /// 指标, 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
    },
    /// An indicator moved under itself or under one of its own lower indicators.
    #[error("不能把 `{name}` 归入它自己或它的下级 `{parent}`")]
    #[diagnostic(code("edit-move"), help("`归入` 后写另一个分支上的指标"))]
    MoveIntoSelf {
        /// The indicator moved.
        name: String,
        /// Where it was to go.
        parent: String,
    },
    /// An input or value removed while something still uses it.
    #[error("删除了{what} `{name}`，但 `{user}` 仍在使用它")]
    #[diagnostic(
        code("edit-removed-used"),
        help("同时修改或删除用到它的指标和值，或保留这个{what}")
    )]
    RemovedUsed {
        /// 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
        /// The indicator or value that uses it.
        user: String,
    },
}

/// Reads the files schemes are built on.
pub trait Loader {
    /// The text of the file at `path`, or why it cannot be read.
    fn read(&mut self, path: &Path) -> Result<String, String>;

    /// A key that is equal for two paths to the same file (to find cycles).
    fn key(&mut self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// Files held in memory, for examples and tests.
#[derive(Debug, Default, Clone)]
pub struct MemLoader {
    files: HashMap<PathBuf, String>,
}

impl MemLoader {
    /// Adds a file.
    pub fn with(mut self, path: impl AsRef<Path>, text: impl Into<String>) -> Self {
        self.files.insert(normalize(path.as_ref()), text.into());
        self
    }
}

impl Loader for MemLoader {
    fn read(&mut self, path: &Path) -> Result<String, String> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or_else(|| "文件不存在".to_string())
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// One file of a scheme built on others (`基于`): the base first, the compiled file last.
#[derive(Debug, Clone, Copy)]
pub struct Layer {
    /// The file.
    pub file: FileId,
    /// The years it declares (or inherits from its base).
    pub years: Option<YearSpec>,
}

impl Layer {
    /// A layer.
    pub fn new(file: FileId, years: Option<YearSpec>) -> Self {
        Layer { file, years }
    }

    /// Its years, as written.
    pub fn years_label(&self) -> String {
        self.years
            .map_or_else(String::new, |y| years_label(y.from, y.to))
    }
}

/// A scheme's files put together.
#[derive(Debug)]
pub struct Composed {
    /// The merged syntax tree.
    pub file: ast::File,
    /// The files, the first base first and `top` last.
    pub layers: Vec<Layer>,
}

/// Parses `top` and every file it builds on (added to `sources`) and applies the edits.
pub fn compose(
    sources: &mut Sources,
    top: FileId,
    loader: &mut dyn Loader,
) -> Result<Composed, Vec<Diag>> {
    let key = loader.key(Path::new(&sources.get(top).name));
    let mut chain = vec![(key, sources.get(top).name.clone())];
    build(sources, top, loader, &mut chain)
}

fn build(
    sources: &mut Sources,
    file: FileId,
    loader: &mut dyn Loader,
    chain: &mut Vec<(PathBuf, String)>,
) -> Result<Composed, Vec<Diag>> {
    let ast = crate::syntax::parse(sources, file)?;
    let bases: Vec<&ast::Text> = ast
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Base(t) => Some(t),
            _ => None,
        })
        .collect();
    let own_years = ast.items.iter().find_map(|i| match i {
        Item::Year(y) => Some(*y),
        _ => None,
    });
    let Some(base) = bases.first() else {
        let diags: Vec<Diag> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Edit(e) => Some(Diag::new(
                    EditError::NoBase {
                        verb: verb(&e.kind),
                    },
                    e.span,
                )),
                _ => None,
            })
            .collect();
        if !diags.is_empty() {
            return Err(diags);
        }
        let layers = vec![Layer::new(file, own_years)];
        return Ok(Composed { file: ast, layers });
    };
    if let Some(again) = bases.get(1) {
        return Err(vec![Diag::new(
            crate::syntax::SyntaxError::DuplicateHeader { what: "基于" },
            again.span,
        )]);
    }
    let here = Path::new(&sources.get(file).name)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = normalize(&here.join(&base.text));
    let shown = path.display().to_string();
    let key = loader.key(&path);
    if let Some(at) = chain.iter().position(|(k, _)| *k == key) {
        let mut names: Vec<&str> = chain[at..].iter().map(|(_, n)| n.as_str()).collect();
        names.push(&chain[at].1);
        return Err(vec![Diag::new(
            EditError::BaseCycle {
                chain: names.join(" → "),
            },
            base.span,
        )
        .label("这里指回了前面的文件")]);
    }
    let text = loader.read(&path).map_err(|reason| {
        vec![Diag::new(
            EditError::BaseMissing {
                path: shown.clone(),
                reason,
            },
            base.span,
        )]
    })?;
    let base_span = base.span;
    let base_id = sources.add(shown.clone(), &text);
    chain.push((key, shown.clone()));
    let under = build(sources, base_id, loader, chain);
    chain.pop();
    let mut under = match under {
        Ok(c) => c,
        Err(mut diags) => {
            if diags.iter().any(Diag::is_error) {
                diags.push(Diag::new(EditError::BaseInvalid { path: shown }, base_span));
            }
            return Err(diags);
        }
    };
    let inherited = under.layers.last().and_then(|l| l.years);
    let mut m = Merge::new(under.file.items);
    for item in ast.items {
        m.apply(item);
    }
    m.check_removed();
    if !m.diags.is_empty() {
        return Err(m.diags);
    }
    under.layers.push(Layer::new(file, own_years.or(inherited)));
    Ok(Composed {
        file: ast::File { items: m.items },
        layers: under.layers,
    })
}

fn verb(e: &EditKind) -> &'static str {
    match e {
        EditKind::Indicator(_) | EditKind::Input(_) | EditKind::Value(_) => "修改",
        EditKind::Remove(..) => "删除",
        EditKind::Add(..) => "新增",
    }
}

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

struct Merge {
    items: Vec<Item>,
    diags: Vec<Diag>,
    /// Top-level `允许` waiting for the item they precede.
    pending: Vec<Item>,
    headers: HashSet<&'static str>,
    /// Inputs and values removed, with the `删除`.
    removed: Vec<(Target, String, Span)>,
}

impl Merge {
    fn new(items: Vec<Item>) -> Self {
        Merge {
            items,
            diags: Vec::new(),
            pending: Vec::new(),
            headers: HashSet::new(),
            removed: Vec::new(),
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

    fn apply(&mut self, item: Item) {
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
                    self.removed.push((t, name.text.clone(), span));
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
                        self.removed.push((t, name.text.clone(), span));
                    }
                    None => self.unknown(t, name),
                }
            }
            Target::Indicator => match self.find(&name.text) {
                Some(loc) => {
                    self.detach(&loc, span);
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
        let help = match subject_of {
            Some(owner) => format!(
                "`{}` 是指标 `{owner}` 计分的值，不能单独删除；删除该指标，或用 `修改 指标 {owner} {{ 值 … }}` 改写",
                name.text
            ),
            None => suggest(&name.text, names.iter().map(String::as_str)).unwrap_or_else(|| {
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
    fn check_removed(&mut self) {
        if self.removed.is_empty() {
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
        let removed = std::mem::take(&mut self.removed);
        for (t, name, span) in removed {
            if declared.contains(&name) {
                continue;
            }
            if let Some((_, at, user)) = uses.iter().find(|(n, _, _)| *n == name) {
                self.diags.push(
                    Diag::new(
                        EditError::RemovedUsed {
                            what: t.word(),
                            name: name.clone(),
                            user: user.clone(),
                        },
                        span,
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
