//! What an editor asks of a scheme (for `jixiao lsp`): its diagnostics, where each name is
//! declared and used (over the files it is built on), hover text, completion, renaming,
//! formatting and quick fixes. Places are byte spans of the compiled sources; [`position`] and
//! [`offset`] convert to and from an editor's line and UTF-16 column.

mod hover;
mod symbols;

pub use hover::{rule_words, KEYWORDS};
pub use symbols::{Kind, Occurrence};

use crate::base::diag::{Diag, Severity};
use crate::base::source::{FileId, Sources, Span};
use crate::syntax::ast::{File, IndicatorDecl, Item};
use crate::syntax::compose::Loader;
use crate::syntax::ParseCache;
use crate::workflow::compile::Compiled;

/// One scheme file analysed: compiled with the files it is built on, and every name's
/// occurrences.
pub struct Analysis {
    /// The compiled scheme, its diagnostics and every file read.
    pub compiled: Compiled,
    /// The file analysed.
    pub main: FileId,
    occurrences: Vec<Occurrence>,
}

/// A completion offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The text to insert.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short description.
    pub detail: String,
    /// The bytes of the file it replaces: what was typed of it.
    pub replace: (usize, usize),
}

/// What a completion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A name the scheme declares.
    Name(Kind),
    /// A word of the language.
    Keyword,
    /// A unit after a number.
    Unit,
}

/// A quick fix: a title and the edits that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What it does, in Chinese.
    pub title: String,
    /// Replacements: the span and its new text (an empty span inserts).
    pub edits: Vec<(Span, String)>,
    /// The diagnostic it fixes (its id).
    pub fixes: String,
}

/// The units a number may carry.
pub const UNITS: &[&str] = &[
    "分",
    "%",
    "个百分点",
    "万元",
    "元",
    "平方米",
    "人",
    "人次",
    "次",
    "个",
    "项",
    "例",
    "家",
    "天",
    "篇",
    "件",
    "户",
    "场",
    "所",
    "台",
    "辆",
];

impl Analysis {
    /// Analyses the scheme `text` named `name` (its path: files it is built on are read
    /// through `loader`, relative to it).
    pub fn new(name: &str, text: &str, loader: &mut dyn Loader) -> Analysis {
        Analysis::with_cache(name, text, loader, &mut ParseCache::default())
    }

    /// [`Analysis::new`], taking the syntax trees `cache` holds for files that did not change
    /// since (a server keeps one across keystrokes) and leaving the new ones there: each file
    /// is parsed once for checking and for its names, and an unchanged base file not again.
    pub fn with_cache(
        name: &str,
        text: &str,
        loader: &mut dyn Loader,
        cache: &mut ParseCache,
    ) -> Analysis {
        let mut sources = Sources::new();
        let main = sources.add(name, text);
        let compiled = crate::workflow::compile::compile_cached(&sources, main, loader, cache);
        let mut collector = symbols::Collector::default();
        for (id, _) in compiled.sources.iter() {
            match cache.get(&compiled.sources, id) {
                Some(ast) => collector.file(ast),
                None => {
                    if let Some(ast) = parsed(&compiled.sources, id) {
                        collector.file(&ast);
                    }
                }
            }
        }
        Analysis {
            compiled,
            main,
            occurrences: collector.finish(),
        }
    }

    /// The text of file `f`.
    pub fn text(&self, f: FileId) -> &str {
        &self.compiled.sources.get(f).text
    }

    /// The name (path) of file `f`.
    pub fn file_name(&self, f: FileId) -> &str {
        &self.compiled.sources.get(f).name
    }

    /// The diagnostics to show in the file analysed: its own, and those of the files it is
    /// built on or without a place, at its first line.
    pub fn diagnostics(&self) -> Vec<(Span, &Diag)> {
        let top = Span::new(self.main, 0, 0);
        self.compiled
            .diags
            .iter()
            .map(|d| match d.span {
                Some(s) if s.file == self.main => (s, d),
                _ => (top, d),
            })
            .collect()
    }

    /// Every occurrence, in file order.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    /// The occurrence written at byte `at` of file `f` (touching its end counts).
    pub fn occurrence_at(&self, f: FileId, at: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.span.file == f && o.span.start as usize <= at && at <= o.span.end as usize)
    }

    /// Where the name at `at` is declared: in the file itself first, then in the files it is
    /// built on (a `修改 输入` redeclares).
    pub fn definition(&self, f: FileId, at: usize) -> Vec<Span> {
        let Some(o) = self.occurrence_at(f, at) else {
            return Vec::new();
        };
        let mut defs: Vec<Span> = self
            .occurrences
            .iter()
            .filter(|d| d.def && d.kind == o.kind && d.name == o.name)
            .map(|d| d.span)
            .collect();
        defs.sort_by_key(|s| (s.file != f, s.file, s.start));
        defs
    }

    /// Every place the name at `at` is written (its declarations too when `declarations`).
    pub fn references(&self, f: FileId, at: usize, declarations: bool) -> Vec<Span> {
        let Some(o) = self.occurrence_at(f, at) else {
            return Vec::new();
        };
        self.occurrences
            .iter()
            .filter(|r| r.kind == o.kind && r.name == o.name && (declarations || !r.def))
            .map(|r| r.span)
            .collect()
    }

    /// Every place a `kind` named `name` is written in the files of this analysis (its
    /// declarations too when `declarations`).
    pub fn named(&self, kind: Kind, name: &str, declarations: bool) -> Vec<Span> {
        self.occurrences
            .iter()
            .filter(|r| r.kind == kind && r.name == name && (declarations || !r.def))
            .map(|r| r.span)
            .collect()
    }

    /// The kind of a name `new` that renaming a `kind` to it would clash with, if any: inputs and
    /// values share one set of names (a formula names either); indicators have their own.
    pub fn taken(&self, kind: Kind, new: &str) -> Option<Kind> {
        let clash = |k: Kind| match kind {
            Kind::Indicator => k == Kind::Indicator,
            Kind::Input | Kind::Value => k != Kind::Indicator,
        };
        self.occurrences
            .iter()
            .find(|d| d.def && clash(d.kind) && d.name == new)
            .map(|d| d.kind)
    }

    /// The edits that rename the name at `at` to `new` everywhere it is written.
    ///
    /// # Errors
    /// Why not, in Chinese: no name there, `new` is not a name, or the kind already has it.
    pub fn rename(&self, f: FileId, at: usize, new: &str) -> Result<Vec<(Span, String)>, String> {
        let o = self
            .occurrence_at(f, at)
            .ok_or_else(|| "这里没有可以改名的输入、值或指标".to_string())?;
        if !crate::syntax::is_name(new) {
            return Err(format!(
                "`{new}` 不能作名称：名称由汉字、字母、数字组成，不以数字开头，也不能是关键字"
            ));
        }
        if let Some(k) = self.taken(o.kind, new).filter(|_| new != o.name) {
            return Err(format!("已有名为 `{new}` 的{}", k.word()));
        }
        Ok(self
            .references(f, at, true)
            .into_iter()
            .map(|s| (s, new.to_string()))
            .collect())
    }

    /// The hover text at `at` (Markdown), and the span it is about.
    pub fn hover(&self, f: FileId, at: usize) -> Option<(Span, String)> {
        if let Some(o) = self.occurrence_at(f, at) {
            let decl = self
                .definition(f, at)
                .first()
                .map(|d| line_around(&self.compiled.sources, *d));
            let text = hover::symbol(o, self.compiled.scheme.as_ref(), decl.as_deref());
            return Some((o.span, text));
        }
        let text = self.text(f);
        // Any byte asked about: taken at the start of its character.
        let at = char_start(text, at);
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let col = at - line_start;
        // A string may run over lines: its state is read from the file's start.
        if in_string_or_comment(text, at) {
            return None;
        }
        let (s, e, meaning) = hover::keyword_at(line, col)?;
        Some((
            Span::new(f, line_start + s, line_start + e),
            format!("**{}**：{meaning}", &line[s..e]),
        ))
    }

    /// What may be written at `at`: units right after a number; else the scheme's names and
    /// the language's words.
    pub fn completion(&self, f: FileId, at: usize) -> Vec<Completion> {
        let text = self.text(f);
        let at = char_start(text, at);
        let before = &text[..at];
        if in_string_or_comment(before, before.len()) {
            return Vec::new();
        }
        let word_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '%' || *c == '％')
            .last()
            .map_or(at, |(i, _)| i);
        let typed = &before[word_start..];
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        let prev = before[..word_start].trim_end_matches([' ', '\t', '\u{3000}']);
        // After a number (`5`, `１００`, `5 `), or where an input's unit goes (`输入 甲：`).
        let unit_here = before[..word_start].chars().next_back().is_some_and(digit)
            || typed.starts_with(digit)
            || prev.ends_with(['：', ':']);
        let replace = if typed.starts_with(digit) {
            // `100` typed then a unit: the unit goes after the digits.
            let digits = typed
                .char_indices()
                .find(|(_, c)| !digit(*c) && *c != '.' && *c != '．')
                .map_or(typed.len(), |(i, _)| i);
            (word_start + digits, at)
        } else {
            (word_start, at)
        };
        if unit_here {
            return UNITS
                .iter()
                .map(|u| Completion {
                    label: (*u).to_string(),
                    kind: CompletionKind::Unit,
                    detail: "单位".into(),
                    replace,
                })
                .collect();
        }
        let mut out: Vec<Completion> = Vec::new();
        for o in self.occurrences.iter().filter(|o| o.def) {
            if out
                .iter()
                .any(|c| c.label == o.name && c.kind == CompletionKind::Name(o.kind))
            {
                continue;
            }
            out.push(Completion {
                label: o.name.clone(),
                kind: CompletionKind::Name(o.kind),
                detail: o.kind.word().to_string(),
                replace,
            });
        }
        out.extend(KEYWORDS.iter().map(|(k, meaning)| Completion {
            label: (*k).to_string(),
            kind: CompletionKind::Keyword,
            detail: meaning.chars().take(30).collect(),
            replace,
        }));
        out
    }

    /// Quick fixes for the diagnostics of the file that touch bytes `start..end`: write the
    /// name suggested (“是否想写 `X`？”), or allow a warning (`允许 id "理由"`) in the indicator
    /// it is about.
    pub fn actions(&self, start: usize, end: usize) -> Vec<Action> {
        let mut out = Vec::new();
        for (span, d) in self.diagnostics() {
            let (s, e) = (span.start as usize, span.end as usize);
            // A finding of a file this one is built on is fixed there, not here.
            let elsewhere = d.span.is_none_or(|o| o.file != self.main);
            if elsewhere || e < start || s > end {
                continue;
            }
            let id = d.code();
            if let Some(name) = d.help().as_deref().and_then(suggested) {
                out.push(Action {
                    title: format!("改为 `{name}`"),
                    edits: vec![(span, name)],
                    fixes: id.clone(),
                });
            }
            // Allowing a warning about an `允许` itself would only add another.
            let about_allow = matches!(
                id.as_str(),
                "allow-reason" | "unused-allow" | "unknown-lint"
            );
            if d.severity() == Severity::Warning && crate::lint::is_lint(&id) && !about_allow {
                if let Some(edit) = self.allow_edit(span, &id) {
                    out.push(Action {
                        title: format!("允许 {id}（在此写明理由）"),
                        edits: vec![edit],
                        fixes: id,
                    });
                }
            }
        }
        out.extend(self.reading_actions(start, end));
        out
    }

    /// For a draft's `待定` in `start..end`: each of its readings put in place (`采用读法 N`), or
    /// for one without readings, the `待定` removed (the draft taken as it is).
    fn reading_actions(&self, start: usize, end: usize) -> Vec<Action> {
        let text = self.text(self.main);
        let Some(ast) = parsed(&self.compiled.sources, self.main) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (p, holder) in crate::draft::choose::pendings(&ast) {
            // The whole lines of the 待定: a cursor in its indentation asks about it too.
            let s = text[..p.span.start as usize]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let e = p.span.end as usize;
            let e = text[e..].find('\n').map_or(text.len(), |i| e + i);
            if e < start || s > end {
                continue;
            }
            let span = |(a, b, new): crate::draft::choose::Edit| (Span::new(self.main, a, b), new);
            let choices: Vec<(String, Option<&str>)> = if p.readings.is_empty() {
                vec![("删去待定（照草稿）".to_string(), None)]
            } else {
                p.readings
                    .iter()
                    .enumerate()
                    .map(|(k, r)| {
                        let first: String = r
                            .text
                            .lines()
                            .next()
                            .unwrap_or("")
                            .trim()
                            .chars()
                            .take(40)
                            .collect();
                        let more = if r.text.trim().lines().count() > 1 {
                            " …"
                        } else {
                            ""
                        };
                        (
                            format!("采用读法 {}：{first}{more}", k + 1),
                            Some(r.text.as_str()),
                        )
                    })
                    .collect()
            };
            for (title, reading) in choices {
                if let Ok(edits) = crate::draft::choose::edits(text, &ast, p, holder, reading) {
                    out.push(Action {
                        title,
                        edits: edits.into_iter().map(span).collect(),
                        fixes: "draft-pending".to_string(),
                    });
                }
            }
        }
        out
    }

    /// Where `允许 id "理由"` goes for a warning at `span`: the first line inside the innermost
    /// indicator holding it, or (outside every indicator) the line before it.
    fn allow_edit(&self, span: Span, id: &str) -> Option<(Span, String)> {
        let sources = &self.compiled.sources;
        let text = self.text(self.main);
        let ast = parsed(sources, self.main)?;
        let holder = innermost(&ast, span);
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = |ls: usize| -> String {
            text[ls..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect()
        };
        let (at, pad) = match holder {
            Some(d) => {
                let head_end = d.head_span.end as usize;
                let next = text[head_end..].find('\n').map(|i| head_end + i + 1)?;
                (next, format!("{}  ", indent(line_start(head_end))))
            }
            None => {
                // Outside every indicator: a file-level `允许` before the item holding it (not
                // inside a `等级 { … }`).
                let item = ast
                    .items
                    .iter()
                    .map(Item::span)
                    .find(|s| s.start <= span.start && span.end <= s.end)?;
                (line_start(item.start as usize), String::new())
            }
        };
        Some((
            Span::new(self.main, at, at),
            format!("{pad}允许 {id} \"{}\"\n", crate::lint::allow::PLACEHOLDER),
        ))
    }

    /// The file in the canonical layout (`jixiao fmt`), or `None` when it does not parse.
    pub fn formatted(&self) -> Option<String> {
        crate::syntax::format(&self.compiled.sources, self.main).ok()
    }
}

/// `at` moved back to the start of the character it falls in (the end of `text` at most).
fn char_start(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The tree of file `f`, when it parses.
fn parsed(sources: &Sources, f: FileId) -> Option<File> {
    crate::syntax::parse(sources, f).ok()
}

/// The innermost indicator (or `新增` one) whose block holds `span`.
fn innermost(file: &File, span: Span) -> Option<&IndicatorDecl> {
    fn inside(d: &IndicatorDecl, span: Span) -> Option<&IndicatorDecl> {
        if !(d.span.start <= span.start && span.end <= d.span.end) {
            return None;
        }
        d.children.iter().find_map(|c| inside(c, span)).or(Some(d))
    }
    file.items.iter().find_map(|item| match item {
        Item::Indicator(d) => inside(d, span),
        Item::Edit(e) => match &e.kind {
            crate::syntax::ast::EditKind::Add(d, _) => inside(d, span),
            crate::syntax::ast::EditKind::Indicator(ed) => inside(&ed.body, span),
            _ => None,
        },
        _ => None,
    })
}

/// The name in a help text `是否想写 `X`？`.
fn suggested(help: &str) -> Option<String> {
    let rest = &help[help.find("是否想写 `")? + "是否想写 `".len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The line holding `span`, as written.
fn line_around(sources: &Sources, span: Span) -> String {
    let text = &sources.get(span.file).text;
    let at = span.start as usize;
    let s = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let e = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[s..e].trim().to_string()
}

/// Whether byte `at` of `text` is inside a string (which may run over lines) or a comment.
fn in_string_or_comment(text: &str, at: usize) -> bool {
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if text[i..].starts_with("//") {
            in_comment = true;
        }
    }
    in_string || in_comment
}

/// The line (from 0) and UTF-16 column of byte `offset` of `text`, as the language server
/// protocol counts them.
pub fn position(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..line_start].matches('\n').count();
    let col: usize = text[line_start..offset].chars().map(char::len_utf16).sum();
    (line as u32, col as u32)
}

/// The byte offset of line `line` (from 0), UTF-16 column `col`; past the end of a line is its
/// end, past the last line the end of the text.
pub fn offset(text: &str, line: u32, col: u32) -> usize {
    let mut start = 0;
    for _ in 0..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        if units >= col as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    end
}
