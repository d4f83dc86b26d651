//! Diagnostics: one located, explained finding, whatever stage found it.
//!
//! Each stage describes its findings with an enum that derives `thiserror::Error` and
//! `miette::Diagnostic` (message, code and help written beside the variant); [`Diag`] adds
//! where it happened. Rendering (text or JSON) lives here so that every command prints
//! diagnostics the same way.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use serde::Serialize;

use crate::base::excerpt::Excerpt;
use crate::base::source::{FileId, Sources, Span};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the file from being used.
    Error,
    /// Worth fixing; does not stop anything unless warnings are denied.
    Warning,
    /// For information.
    Advice,
}

/// A finding at a place in a source file.
pub struct Diag {
    kind: Box<dyn Diagnostic + Send + Sync + 'static>,
    /// The offending text, if the finding has a place.
    pub span: Option<Span>,
    label: Option<String>,
    notes: Vec<(Span, String)>,
    example: Option<String>,
}

impl Diag {
    /// A finding of `kind` at `span`.
    pub fn new(kind: impl Diagnostic + Send + Sync + 'static, span: Span) -> Self {
        Diag {
            kind: Box::new(kind),
            span: Some(span),
            label: None,
            notes: Vec::new(),
            example: None,
        }
    }

    /// A finding with no place in a file (a file that cannot be read, say).
    pub fn unlocated(kind: impl Diagnostic + Send + Sync + 'static) -> Self {
        Diag {
            kind: Box::new(kind),
            span: None,
            label: None,
            notes: Vec::new(),
            example: None,
        }
    }

    /// Sets the text under the primary span.
    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    /// Records the counterexample the message states (a value, or input values), as data.
    pub fn example(mut self, text: impl Into<String>) -> Self {
        self.example = Some(text.into());
        self
    }

    /// The counterexample, if the finding has one.
    pub fn example_text(&self) -> Option<&str> {
        self.example.as_deref()
    }

    /// Adds a secondary place with its text (shown in the excerpt when in the same file,
    /// after it as “另见 file:line:col” otherwise).
    pub fn note(mut self, span: Span, text: impl Into<String>) -> Self {
        self.notes.push((span, text.into()));
        self
    }

    /// The severity the kind declares (errors by default).
    pub fn severity(&self) -> Severity {
        match self.kind.severity() {
            Some(miette::Severity::Warning) => Severity::Warning,
            Some(miette::Severity::Advice) => Severity::Advice,
            _ => Severity::Error,
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// The stable code, such as `check::points-sum`.
    pub fn code(&self) -> String {
        self.kind.code().map(|c| c.to_string()).unwrap_or_default()
    }

    /// The one-line message.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// The hint, if any.
    pub fn help(&self) -> Option<String> {
        self.kind.help().map(|h| h.to_string())
    }

    /// Orders findings by file and position, errors first at the same place.
    pub fn sort_key(&self) -> (u32, u32, Severity) {
        match self.span {
            Some(s) => (s.file.0, s.start, self.severity()),
            None => (0, 0, self.severity()),
        }
    }

    /// The finding as data: id, severity, file, 1-based line and column (characters).
    pub fn to_json(&self, sources: &Sources) -> DiagJson {
        let (file, line, column) = match self.span {
            Some(span) => {
                let f = sources.get(span.file);
                let (l, c) = f.line_col(span.start as usize);
                (Some(f.name.clone()), Some(l), Some(c))
            }
            None => (None, None, None),
        };
        DiagJson {
            id: self.code(),
            severity: self.severity(),
            file,
            line,
            column,
            message: self.message(),
            help: self.help(),
            example: self.example.clone(),
        }
    }

    /// Renders the finding with its source excerpt, without colour, at a fixed width.
    pub fn render(&self, sources: &Sources) -> String {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false);
        let mut out = String::new();
        let rendered = match self.span {
            Some(span) => {
                let f = sources.get(span.file);
                let marks: Vec<(usize, usize)> = self
                    .labels_in(span.file)
                    .map(|(s, _)| (s.start as usize, s.end as usize))
                    .collect();
                let src = Excerpt::new(f, &marks);
                handler.render_report(
                    &mut out,
                    &WithSource {
                        diag: self,
                        src: &src,
                    },
                )
            }
            None => handler.render_report(&mut out, self),
        };
        if rendered.is_err() {
            out = format!("{}: {}", self.code(), self.message());
        }
        let file = self.span.map(|s| s.file);
        for (span, text) in self.notes.iter().filter(|(s, _)| Some(s.file) != file) {
            let f = sources.get(span.file);
            let (line, col) = f.line_col(span.start as usize);
            out.push_str(&format!("  另见 {}:{line}:{col}：{text}\n", f.name));
        }
        out
    }
}

/// A finding as data, for `--format json`.
#[derive(Debug, Clone, Serialize)]
pub struct DiagJson {
    /// Stable id (the code).
    pub id: String,
    /// error, warning or advice.
    pub severity: Severity,
    /// File name as given, if located.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The message.
    pub message: String,
    /// The hint.
    pub help: Option<String>,
    /// A value (or input values) for which the finding shows, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

impl fmt::Debug for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} @ {:?}", self.code(), self.message(), self.span)
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.kind, f)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.kind.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.span.map(|s| s.file)?;
        Some(Box::new(self.labels_in(file).map(|(s, l)| l.at(s))))
    }
}

/// A mark of a finding before it is placed: its text and whether it is the primary one.
struct Mark {
    text: Option<String>,
    primary: bool,
}

impl Mark {
    /// The mark at `s` (offsets of the text rendered).
    fn at(self, s: Span) -> LabeledSpan {
        let span = (s.start as usize, s.len());
        if self.primary {
            LabeledSpan::new_primary_with_span(self.text, span)
        } else {
            LabeledSpan::new_with_span(self.text, span)
        }
    }
}

impl Diag {
    /// The primary place and the notes in `file` (notes in another file, a scheme's base,
    /// are listed after the excerpt instead).
    fn labels_in(&self, file: FileId) -> impl Iterator<Item = (Span, Mark)> + '_ {
        let primary = self.span.filter(|s| s.file == file).map(|s| {
            let mark = Mark {
                text: self.label.clone(),
                primary: true,
            };
            (s, mark)
        });
        let notes = self
            .notes
            .iter()
            .filter(move |(s, _)| s.file == file)
            .map(|(s, t)| {
                let mark = Mark {
                    text: Some(t.clone()),
                    primary: false,
                };
                (*s, mark)
            });
        primary.into_iter().chain(notes)
    }
}

/// A finding with the excerpt it is shown on: its marks moved to where they stand there.
struct WithSource<'a> {
    diag: &'a Diag,
    src: &'a Excerpt,
}

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.diag, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl Diagnostic for WithSource<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag.code_ref()
    }
    fn severity(&self) -> Option<miette::Severity> {
        Diagnostic::severity(self.diag)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Diagnostic::help(self.diag)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.diag.span.map(|s| s.file)?;
        let src = self.src;
        Some(Box::new(self.diag.labels_in(file).map(move |(s, m)| {
            let (start, end) = (src.map(s.start as usize), src.map(s.end as usize));
            m.at(Span::new(file, start, end.max(start)))
        })))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.src)
    }
}

impl Diag {
    fn code_ref<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.kind.code()
    }
}

/// Sorts findings by place and renders them one after another.
pub fn render_all(diags: &[Diag], sources: &Sources) -> String {
    let mut sorted: Vec<&Diag> = diags.iter().collect();
    sorted.sort_by_key(|d| d.sort_key());
    sorted
        .iter()
        .map(|d| d.render(sources))
        .collect::<Vec<_>>()
        .join("")
}
