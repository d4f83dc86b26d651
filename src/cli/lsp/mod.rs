//! `jixiao lsp`: a language server over standard input and output, for the editors of scheme
//! authors. It re-checks a scheme on every change and publishes the diagnostics of `check`
//! (ids, help), and answers hover, go to definition, find references, rename, completion,
//! formatting (`fmt`) and quick fixes. The analysis is the library's (`jixiao::ide`); this
//! file speaks the protocol (lsp-server, lsp-types), positions in UTF-16 as it requires.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jixiao::base::diag::Severity;
use jixiao::ide::{self, Analysis, CompletionKind, Kind};
use jixiao::{LoadError, Loader, Span};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, References, Rename,
    Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionResponse, Diagnostic, DiagnosticSeverity,
    GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability, Location, MarkupContent,
    MarkupKind, NumberOrString, OneOf, Position, PublishDiagnosticsParams, Range,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url,
    WorkspaceEdit,
};

use super::Exit;

mod transport;

use transport::transport;

/// Runs the server until the client asks it to exit: 0 after `shutdown` then `exit`, 1 when
/// the client exits without `shutdown` or goes away.
pub fn run() -> Exit {
    let (connection, io) = transport();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let mut server = Server {
        capabilities,
        ..Server::default()
    };
    let code = match server.serve(&connection) {
        Ok(true) => Exit::Done,
        Ok(false) => Exit::Invalid,
        Err(e) => {
            sayln!("错误：语言服务器与编辑器的连接中断：{e}");
            Exit::Usage
        }
    };
    // What was sent is written out before the process ends; the reader may still wait on
    // standard input (the client need not close it) and is not waited for.
    drop(connection);
    let _ = io.join();
    code
}

/// The open documents and their analyses, and where the session is.
#[derive(Default)]
struct Server {
    docs: HashMap<Url, String>,
    analyses: HashMap<Url, Analysis>,
    /// The syntax trees of the files analysed: a file that did not change since (a base file
    /// while its dependent is typed in) is not parsed again.
    parses: jixiao::syntax::ParseCache,
    capabilities: ServerCapabilities,
    /// `initialize` answered.
    initialized: bool,
    /// `shutdown` answered: only `exit` is expected.
    shut_down: bool,
}

/// Reads the files a scheme is built on: an open document's text first (what the author
/// sees), else the file.
struct Docs<'a> {
    open: HashMap<PathBuf, &'a str>,
}

impl Loader for Docs<'_> {
    fn read(&mut self, path: &Path) -> Result<String, LoadError> {
        let key = self.key(path);
        match self.open.get(&key) {
            Some(t) => Ok((*t).to_string()),
            None => std::fs::read_to_string(path).map_err(LoadError::from_io),
        }
    }
}

type Failed = Box<dyn std::error::Error + Send + Sync>;

impl Server {
    /// Serves until `exit`: `Ok(true)` after a `shutdown`, `Ok(false)` when the client exits
    /// or goes away without one. The session's order is kept as the protocol says: before
    /// `initialize` a request is answered “not initialized”, after `shutdown` “shut down”;
    /// neither ends the server.
    fn serve(&mut self, c: &Connection) -> Result<bool, Failed> {
        for msg in &c.receiver {
            match msg {
                Message::Request(req) => {
                    let resp = if req.method == "initialize" && !self.initialized {
                        self.initialized = true;
                        let result = lsp_types::InitializeResult {
                            capabilities: self.capabilities.clone(),
                            server_info: Some(lsp_types::ServerInfo {
                                name: "jixiao".into(),
                                version: Some(env!("CARGO_PKG_VERSION").into()),
                            }),
                        };
                        Response::new_ok(req.id, result)
                    } else if !self.initialized {
                        Response::new_err(
                            req.id,
                            ErrorCode::ServerNotInitialized as i32,
                            "语言服务器尚未初始化：请先发送 initialize".into(),
                        )
                    } else if self.shut_down {
                        Response::new_err(
                            req.id,
                            ErrorCode::InvalidRequest as i32,
                            "语言服务器已关闭（收到过 shutdown），只等待 exit".into(),
                        )
                    } else if req.method == "shutdown" {
                        self.shut_down = true;
                        Response::new_ok(req.id, serde_json::Value::Null)
                    } else {
                        self.request(req)
                    };
                    c.sender.send(Message::Response(resp))?;
                }
                Message::Notification(n) if n.method == "exit" => return Ok(self.shut_down),
                Message::Notification(n) if !self.initialized || self.shut_down => drop(n),
                Message::Notification(n) => {
                    for out in self.notification(n) {
                        c.sender.send(Message::Notification(out))?;
                    }
                }
                Message::Response(_) => {}
            }
        }
        Ok(false)
    }

    /// A document opened, changed or closed: analyse it again and publish its diagnostics.
    fn notification(&mut self, n: Notification) -> Vec<Notification> {
        let uri = match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                self.docs
                    .insert(p.text_document.uri.clone(), p.text_document.text);
                p.text_document.uri
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                // Full sync: the last change holds the whole text.
                if let Some(change) = p.content_changes.into_iter().last() {
                    self.docs.insert(p.text_document.uri.clone(), change.text);
                }
                p.text_document.uri
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                else {
                    return Vec::new();
                };
                let dependents = self.dependents(&p.text_document.uri);
                self.docs.remove(&p.text_document.uri);
                self.analyses.remove(&p.text_document.uri);
                // Clear what was shown; the schemes built on it now read the file on disk.
                let mut out = vec![publish(p.text_document.uri, Vec::new())];
                for d in dependents {
                    self.analyse(&d);
                    let diags = self.analyses.get(&d).map(diagnostics).unwrap_or_default();
                    out.push(publish(d, diags));
                }
                return out;
            }
            _ => return Vec::new(),
        };
        self.analyse(&uri);
        // The open schemes built on this one are checked again with its new text.
        let mut changed = vec![uri.clone()];
        for dependent in self.dependents(&uri) {
            self.analyse(&dependent);
            changed.push(dependent);
        }
        changed
            .into_iter()
            .map(|u| {
                let diags = self.analyses.get(&u).map(diagnostics).unwrap_or_default();
                publish(u, diags)
            })
            .collect()
    }

    /// The open documents other than `uri` whose schemes read `uri`'s file (`基于`).
    fn dependents(&self, uri: &Url) -> Vec<Url> {
        let Ok(path) = uri.to_file_path() else {
            return Vec::new();
        };
        let path = jixiao::syntax::compose::normalize(&path);
        self.analyses
            .iter()
            .filter(|(u, _)| *u != uri)
            .filter(|(_, a)| {
                a.compiled.sources.iter().any(|(f, _)| {
                    f != a.main
                        && jixiao::syntax::compose::normalize(Path::new(a.file_name(f))) == path
                })
            })
            .map(|(u, _)| u.clone())
            .collect()
    }

    /// Every place the name at a position is written, in this document's files and in the
    /// open documents built on it, without repeats.
    fn everywhere(
        &self,
        doc: &lsp_types::TextDocumentPositionParams,
        declarations: bool,
    ) -> Vec<Location> {
        let Some((a, at)) = self.at(doc) else {
            return Vec::new();
        };
        let Some(o) = a.occurrence_at(a.main, at) else {
            return Vec::new();
        };
        let (kind, name) = (o.kind, o.name.clone());
        let mut out: Vec<Location> = Vec::new();
        let uri = &doc.text_document.uri;
        let others = self.dependents(uri);
        let all = std::iter::once(a).chain(others.iter().filter_map(|u| self.analyses.get(u)));
        for an in all {
            for span in an.named(kind, &name, declarations) {
                if let Some(l) = location(an, span) {
                    if !out.contains(&l) {
                        out.push(l);
                    }
                }
            }
        }
        out
    }

    fn analyse(&mut self, uri: &Url) {
        let Some(text) = self.docs.get(uri) else {
            return;
        };
        let name = file_name(uri);
        let mut loader = Docs {
            open: self
                .docs
                .iter()
                .filter_map(|(u, t)| u.to_file_path().ok().map(|p| (p, t.as_str())))
                .map(|(p, t)| (jixiao::syntax::compose::normalize(&p), t))
                .collect(),
        };
        let analysis = Analysis::with_cache(&name, text, &mut loader, &mut self.parses);
        self.analyses.insert(uri.clone(), analysis);
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let req_method = req.method.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.hover(req.params),
            GotoDefinition::METHOD => self.definition(req.params),
            References::METHOD => self.references(req.params),
            Rename::METHOD => match self.rename(req.params) {
                Err(why) => {
                    return Response::new_err(id, ErrorCode::RequestFailed as i32, why);
                }
                Ok(v) => Ok(v),
            },
            Completion::METHOD => self.completion(req.params),
            Formatting::METHOD => self.formatting(req.params),
            CodeActionRequest::METHOD => self.actions(req.params),
            "initialize" => {
                return Response::new_err(
                    id,
                    ErrorCode::InvalidRequest as i32,
                    "语言服务器已经初始化过".into(),
                );
            }
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("jixiao lsp 不处理 {}", req.method),
                );
            }
        };
        match result {
            Ok(v) => Response::new_ok(id, v),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("{} 请求的参数不合协议（缺少或写错了字段）", req_method),
            ),
        }
    }

    /// The analysis of a document and the byte offset of a position in it.
    fn at(&self, doc: &lsp_types::TextDocumentPositionParams) -> Option<(&Analysis, usize)> {
        let a = self.analyses.get(&doc.text_document.uri)?;
        let text = a.text(a.main);
        Some((
            a,
            ide::offset(text, doc.position.line, doc.position.character),
        ))
    }

    fn hover(&self, params: serde_json::Value) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::HoverParams = serde_json::from_value(params)?;
        let hover = self
            .at(&p.text_document_position_params)
            .and_then(|(a, at)| {
                let (span, text) = a.hover(a.main, at)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: text,
                    }),
                    range: Some(range(a, span)),
                })
            });
        serde_json::to_value(hover)
    }

    fn definition(
        &self,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::GotoDefinitionParams = serde_json::from_value(params)?;
        let locations: Vec<Location> = self
            .at(&p.text_document_position_params)
            .map(|(a, at)| {
                a.definition(a.main, at)
                    .into_iter()
                    .filter_map(|s| location(a, s))
                    .collect()
            })
            .unwrap_or_default();
        serde_json::to_value(GotoDefinitionResponse::Array(locations))
    }

    fn references(
        &self,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::ReferenceParams = serde_json::from_value(params)?;
        let locations = self.everywhere(&p.text_document_position, p.context.include_declaration);
        serde_json::to_value(locations)
    }

    fn rename(&self, params: serde_json::Value) -> Result<serde_json::Value, String> {
        let p: lsp_types::RenameParams = serde_json::from_value(params).map_err(|_| {
            "textDocument/rename 请求的参数不合协议（缺少或写错了字段）".to_string()
        })?;
        let (a, at) = self
            .at(&p.text_document_position)
            .ok_or_else(|| "文档未打开".to_string())?;
        // Checked here (a name that is not one, a name taken); written everywhere it is, the
        // open schemes built on this one included.
        a.rename(a.main, at, &p.new_name)?;
        // A name the schemes built on this one already use is taken too.
        if let Some(o) = a.occurrence_at(a.main, at) {
            for d in self.dependents(&p.text_document_position.text_document.uri) {
                if let Some(kind) = self
                    .analyses
                    .get(&d)
                    .and_then(|an| an.taken(o.kind, &p.new_name))
                {
                    return Err(format!(
                        "`{}` 中已有名为 `{}` 的{}",
                        file_name(&d),
                        p.new_name,
                        kind.word()
                    ));
                }
            }
        }
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for l in self.everywhere(&p.text_document_position, true) {
            changes.entry(l.uri).or_default().push(TextEdit {
                range: l.range,
                new_text: p.new_name.clone(),
            });
        }
        let edit = WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        };
        serde_json::to_value(edit).map_err(|e| e.to_string())
    }

    fn completion(
        &self,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::CompletionParams = serde_json::from_value(params)?;
        let items: Vec<CompletionItem> = self
            .at(&p.text_document_position)
            .map(|(a, at)| {
                a.completion(a.main, at)
                    .into_iter()
                    .map(|c| CompletionItem {
                        // What was typed is replaced, not added to.
                        text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                            range: range(a, Span::new(a.main, c.replace.0, c.replace.1)),
                            new_text: c.label.clone(),
                        })),
                        label: c.label,
                        kind: Some(match c.kind {
                            CompletionKind::Name(Kind::Input) => CompletionItemKind::VARIABLE,
                            CompletionKind::Name(Kind::Value) => CompletionItemKind::FUNCTION,
                            CompletionKind::Name(Kind::Indicator) => CompletionItemKind::CLASS,
                            CompletionKind::Keyword => CompletionItemKind::KEYWORD,
                            CompletionKind::Unit => CompletionItemKind::UNIT,
                        }),
                        detail: Some(c.detail),
                        ..CompletionItem::default()
                    })
                    .collect()
            })
            .unwrap_or_default();
        serde_json::to_value(CompletionResponse::Array(items))
    }

    fn formatting(
        &self,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::DocumentFormattingParams = serde_json::from_value(params)?;
        let Some(a) = self.analyses.get(&p.text_document.uri) else {
            return Ok(serde_json::Value::Null);
        };
        let text = a.text(a.main);
        // A file that does not parse is not formatted (its diagnostics say why).
        let Some(new) = a.formatted() else {
            return Ok(serde_json::Value::Null);
        };
        let edits = if new == text {
            Vec::new()
        } else {
            vec![TextEdit {
                range: range(a, Span::new(a.main, 0, text.len())),
                new_text: new,
            }]
        };
        serde_json::to_value(edits)
    }

    fn actions(&self, params: serde_json::Value) -> Result<serde_json::Value, serde_json::Error> {
        let p: lsp_types::CodeActionParams = serde_json::from_value(params)?;
        let Some(a) = self.analyses.get(&p.text_document.uri) else {
            return Ok(serde_json::Value::Null);
        };
        let text = a.text(a.main);
        let start = ide::offset(text, p.range.start.line, p.range.start.character);
        let end = ide::offset(text, p.range.end.line, p.range.end.character);
        let actions: Vec<CodeActionOrCommand> = a
            .actions(start, end)
            .into_iter()
            .map(|act| {
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: act.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    edit: Some(workspace_edit(a, &act.edits)),
                    ..CodeAction::default()
                })
            })
            .collect();
        serde_json::to_value(actions)
    }
}

/// The name a document is analysed under: its path (so that `基于 "2020.jx"` is found beside
/// it), or the address of a document not on disk.
fn file_name(uri: &Url) -> String {
    uri.to_file_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|()| uri.to_string())
}

/// The address of file `f` of an analysis.
fn file_uri(a: &Analysis, f: jixiao::FileId) -> Option<Url> {
    Url::from_file_path(a.file_name(f)).ok()
}

fn range(a: &Analysis, s: Span) -> Range {
    let text = a.text(s.file);
    let (l0, c0) = ide::position(text, s.start as usize);
    let (l1, c1) = ide::position(text, s.end as usize);
    Range::new(Position::new(l0, c0), Position::new(l1, c1))
}

fn location(a: &Analysis, s: Span) -> Option<Location> {
    Some(Location::new(file_uri(a, s.file)?, range(a, s)))
}

fn workspace_edit(a: &Analysis, edits: &[(Span, String)]) -> WorkspaceEdit {
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for (span, text) in edits {
        if let Some(uri) = file_uri(a, span.file) {
            changes.entry(uri).or_default().push(TextEdit {
                range: range(a, *span),
                new_text: text.clone(),
            });
        }
    }
    WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }
}

/// The diagnostics of `check`, each with its id and help; those of the files the scheme is
/// built on are shown at the top of the file, naming their file.
fn diagnostics(a: &Analysis) -> Vec<Diagnostic> {
    a.diagnostics()
        .into_iter()
        .map(|(span, d)| {
            let mut message = d.message();
            if let Some(other) = d.span.filter(|s| s.file != a.main) {
                let text = a.text(other.file);
                let (line, _) = ide::position(text, other.start as usize);
                message = format!(
                    "{}（{} 第 {} 行）",
                    message,
                    jixiao::base::source::short_name(a.file_name(other.file)),
                    line + 1
                );
            }
            if let Some(help) = d.help() {
                message.push_str(&format!("\n提示：{help}"));
            }
            Diagnostic {
                range: range(a, span),
                severity: Some(match d.severity() {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Advice => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(d.code())),
                source: Some("jixiao".into()),
                message,
                ..Diagnostic::default()
            }
        })
        .collect()
}

fn publish(uri: Url, diagnostics: Vec<Diagnostic>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        },
    )
}
