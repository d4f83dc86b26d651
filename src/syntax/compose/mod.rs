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

mod error;
mod merge;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::base::diag::Diag;
use crate::base::names::invisible;
use crate::base::source::{FileId, Sources, Span};
use crate::syntax::ast::{self, years_label, EditKind, Item, YearSpec};
pub use error::EditError;
use merge::Merge;

/// Reads the files schemes are built on.
pub trait Loader {
    /// The text of the file at `path`, or why it cannot be read.
    fn read(&mut self, path: &Path) -> Result<String, LoadError>;

    /// A key that is equal for two paths to the same file (to find cycles).
    fn key(&mut self, path: &Path) -> PathBuf {
        normalize(path)
    }

    /// Whether the file at `path` is, once links are followed, inside `folder` (paths written
    /// outside it are refused before this is asked).
    fn inside(&mut self, _path: &Path, _folder: &Path) -> bool {
        true
    }
}

/// The most files a chain of `基于` may hold, the compiled file included.
pub const MAX_BASES: usize = 32;

/// The largest scheme file read, in bytes (a scheme of 4,000 indicators is under 1 MB).
pub const MAX_SCHEME_BYTES: u64 = 16 << 20;

/// Why a `基于` path, as written, leaves the folder of the file that names it, if it does.
fn leaves_folder(written: &Path) -> Option<&'static str> {
    let mut depth = 0usize;
    for c in written.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return Some("不能写绝对路径"),
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Some("`..` 越出了本方案所在的文件夹"),
            },
            Component::CurDir => {}
            Component::Normal(_) => depth += 1,
        }
    }
    None
}

/// Why a file a scheme builds on cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// There is no file at that path.
    NotFound,
    /// There is something, but it is not read: not a regular file, too large, not UTF-8 or
    /// unreadable; the reason in Chinese.
    Refused(String),
}

impl LoadError {
    /// The reason of an error of the operating system, in Chinese.
    pub fn from_io(e: std::io::Error) -> LoadError {
        use std::io::ErrorKind;
        LoadError::Refused(match e.kind() {
            ErrorKind::NotFound => return LoadError::NotFound,
            ErrorKind::PermissionDenied => "没有读取权限".into(),
            ErrorKind::InvalidData => "文件不是 UTF-8 编码，请另存为 UTF-8".into(),
            ErrorKind::IsADirectory => "这是一个文件夹，不是文件".into(),
            _ => format!("读取出错（{e}）"),
        })
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
    fn read(&mut self, path: &Path) -> Result<String, LoadError> {
        self.files
            .get(&normalize(path))
            .cloned()
            .ok_or(LoadError::NotFound)
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
    /// What later files deleted (`删除`), the earliest first: an indicator with the indicators
    /// and values below it, an input, a value.
    pub removed: Vec<Removed>,
}

/// A name a later file deleted, so that a report or an edit still using it is told so
/// rather than pointed at a lookalike.
#[derive(Debug, Clone)]
pub struct Removed {
    /// What it named.
    pub target: ast::Target,
    /// The name.
    pub name: String,
    /// The file that deleted it, as its name is shown (`2024.jx`).
    pub file: String,
    /// The `删除` (or, for what was below a deleted indicator, that indicator's `删除`).
    pub span: Span,
}

impl Removed {
    /// “`在职人员控制率` 在 2024.jx 中已删除”.
    pub fn said(&self) -> String {
        format!("`{}` 在 {} 中已删除", self.name, self.file)
    }

    /// The last deletion of `name` as a `target` in `removed`.
    pub fn find<'r>(
        removed: &'r [Removed],
        target: ast::Target,
        name: &str,
    ) -> Option<&'r Removed> {
        removed
            .iter()
            .rev()
            .find(|r| r.target == target && r.name == name)
    }
}

/// Parses `top` and every file it builds on (added to `sources`) and applies the edits.
pub fn compose(
    sources: &mut Sources,
    top: FileId,
    loader: &mut dyn Loader,
) -> Result<Composed, Vec<Diag>> {
    let key = loader.key(Path::new(&sources.get(top).name));
    let mut chain = vec![(key, sources.get(top).name.clone())];
    build(sources, top, loader, &mut chain, None)
}

/// [`compose`], taking the trees of files `cache` holds and leaving every tree made there.
pub fn compose_cached(
    sources: &mut Sources,
    top: FileId,
    loader: &mut dyn Loader,
    cache: &mut crate::syntax::ParseCache,
) -> Result<Composed, Vec<Diag>> {
    let key = loader.key(Path::new(&sources.get(top).name));
    let mut chain = vec![(key, sources.get(top).name.clone())];
    build(sources, top, loader, &mut chain, Some(cache))
}

/// One file and, through its `基于`, the files below it, put together.
fn build(
    sources: &mut Sources,
    file: FileId,
    loader: &mut dyn Loader,
    chain: &mut Vec<(PathBuf, String)>,
    mut cache: Option<&mut crate::syntax::ParseCache>,
) -> Result<Composed, Vec<Diag>> {
    let ast = match cache.as_deref_mut() {
        Some(c) => c.parse(sources, file)?,
        None => crate::syntax::parse(sources, file)?,
    };
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
        return alone(ast, file, own_years);
    };
    if let Some(again) = bases.get(1) {
        return Err(vec![Diag::new(
            crate::syntax::SyntaxError::DuplicateHeader { what: "基于" },
            again.span,
        )]);
    }
    let base_span = base.span;
    let (base_id, shown) = read_base(sources, file, base, loader, chain)?;
    let under = build(sources, base_id, loader, chain, cache);
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
    let shown_name = crate::base::source::short_name(&sources.get(file).name);
    let mut m = Merge::new(under.file.items, under.removed, shown_name);
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
        removed: m.removed,
    })
}

/// A file built on nothing: it stands as written, and may not hold edits.
fn alone(ast: ast::File, file: FileId, years: Option<YearSpec>) -> Result<Composed, Vec<Diag>> {
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
    let layers = vec![Layer::new(file, years)];
    Ok(Composed {
        file: ast,
        layers,
        removed: Vec::new(),
    })
}

/// Reads the base `file` names (its path from `file`'s folder) into `sources` and pushes it on
/// `chain`; a base already on the chain is a cycle. Returns its id and its name as shown.
fn read_base(
    sources: &mut Sources,
    file: FileId,
    base: &ast::Text,
    loader: &mut dyn Loader,
    chain: &mut Vec<(PathBuf, String)>,
) -> Result<(FileId, String), Vec<Diag>> {
    let here = Path::new(&sources.get(file).name)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let written = Path::new(&base.text);
    let refuse = |e: EditError| Err(vec![Diag::new(e, base.span)]);
    if let Some(why) = leaves_folder(written) {
        return refuse(EditError::BaseOutside {
            path: base.text.clone(),
            why,
        });
    }
    if !written
        .extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("jx"))
    {
        return refuse(EditError::BaseNotScheme {
            path: base.text.clone(),
            help: invisible_in(&base.text)
                .unwrap_or_else(|| "写上一年度方案的文件名，如 `基于 \"2020.jx\"`".into()),
        });
    }
    if chain.len() >= MAX_BASES {
        return refuse(EditError::BaseTooDeep { limit: MAX_BASES });
    }
    let path = normalize(&here.join(written));
    let shown = path.display().to_string();
    if !loader.inside(&path, &here) {
        return refuse(EditError::BaseOutside {
            path: base.text.clone(),
            why: "它是指向文件夹外的链接",
        });
    }
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
    let text = loader.read(&path).map_err(|e| {
        let e = match e {
            LoadError::NotFound => EditError::BaseMissing {
                path: shown.clone(),
                help: invisible_in(&shown).unwrap_or_else(|| {
                    "`基于` 的路径从本文件所在的文件夹算起；检查文件名与年份".into()
                }),
            },
            LoadError::Refused(reason) => EditError::BaseUnreadable {
                path: shown.clone(),
                reason,
            },
        };
        vec![Diag::new(e, base.span)]
    })?;
    let id = sources.add(shown.clone(), &text);
    chain.push((key, shown.clone()));
    Ok((id, shown))
}

fn verb(e: &EditKind) -> &'static str {
    match e {
        EditKind::Indicator(_) | EditKind::Input(_) | EditKind::Value(_) => "修改",
        EditKind::Remove(..) => "删除",
        EditKind::Add(..) => "新增",
    }
}

/// "文件名中有一个看不见的字符 …" when a path written after `基于` holds one.
fn invisible_in(path: &str) -> Option<String> {
    let (c, name) = path.chars().find_map(|c| Some((c, invisible(c)?)))?;
    Some(format!(
        "文件名中有一个看不见的字符 U+{:04X}（{name}）：删去它，重新输入文件名",
        c as u32
    ))
}
