//! `jixiao lsp` driven as an editor drives it: JSON-RPC messages over the real binary's
//! standard input and output (initialize, didOpen, didChange, hover, definition, references,
//! rename, completion, formatting, code actions, shutdown), with real values asserted.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use serde_json::{json, Value};

/// A client of one server process.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (notifications met on the way are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) {
                return m;
            }
        }
    }

    /// The next notification of `method`.
    fn notification(&mut self, method: &str) -> Value {
        loop {
            let m = self.recv();
            if m["method"] == method {
                return m["params"].clone();
            }
        }
    }

    fn recv(&mut self) -> Value {
        match self.messages.recv_timeout(Duration::from_secs(20)) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => panic!("the server said nothing for 20 s"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Value {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "jixiao", "version": 1, "text": text}}),
        );
        self.notification("textDocument/publishDiagnostics")
    }
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

/// The UTF-16 column of the first `needle` on line `line` of `text`.
fn column(text: &str, line: usize, needle: &str) -> u32 {
    let l = text.lines().nth(line).unwrap();
    let byte = l
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} on line {line}"));
    l[..byte].encode_utf16().count() as u32
}

#[test]
fn the_language_server_answers_an_editor() {
    let dir = common::tempdir("lsp");
    let base = std::fs::read_to_string("schemes/bumen-zhengti/2020.jx").unwrap();
    let edit = std::fs::read_to_string("schemes/bumen-zhengti/2024.jx").unwrap();
    std::fs::write(dir.join("2020.jx"), &base).unwrap();
    std::fs::write(dir.join("2024.jx"), &edit).unwrap();
    let broken = std::fs::read_to_string("tests/cases/check/err/unknown-name.jx").unwrap();
    let uri = |name: &str| format!("file://{}/{name}", dir.display());
    let (broken_uri, base_uri, edit_uri) = (uri("broken.jx"), uri("2020.jx"), uri("2024.jx"));

    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["result"]["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
        "documentFormattingProvider",
        "codeActionProvider",
    ] {
        assert_eq!(caps[cap], true, "{cap}: {init}");
    }
    c.notify("initialized", json!({}));

    // A broken scheme: its diagnostic, with its id, help and range in UTF-16 columns.
    let d = c.open(&broken_uri, &broken);
    assert_eq!(d["uri"], broken_uri);
    let diags = d["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{d}");
    let line = 7;
    let col = column(&broken, line, "编制树");
    assert_eq!(diags[0]["code"], "unknown-name");
    assert_eq!(diags[0]["severity"], 1);
    assert_eq!(
        diags[0]["message"],
        "未定义的名称 `编制树`\n提示：是否想写 `编制数`？"
    );
    assert_eq!(
        diags[0]["range"],
        json!({"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 3}})
    );
    // The quick fix writes the name suggested.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": broken_uri}, "range": diags[0]["range"], "context": {"diagnostics": []}}),
    );
    let fix = &actions["result"][0];
    assert_eq!(fix["title"], "改为 `编制数`", "{actions}");
    assert_eq!(
        fix["edit"]["changes"][&broken_uri][0],
        json!({"range": diags[0]["range"], "newText": "编制数"})
    );
    // The author fixes it: the diagnostics clear.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": broken_uri, "version": 2},
               "contentChanges": [{"text": broken.replace("编制树", "编制数")}]}),
    );
    let d = c.notification("textDocument/publishDiagnostics");
    assert_eq!(d["diagnostics"], json!([]), "{d}");

    // The 2024 scheme, built on 2020.jx beside it.
    let d = c.open(&edit_uri, &edit);
    assert_eq!(d["diagnostics"], json!([]), "{d}");
    // `修改 指标 在职人员控制率`: hover, and its definition in 2020.jx.
    let l = edit
        .lines()
        .position(|l| l == "修改 指标 在职人员控制率 {")
        .unwrap() as u32;
    let ch = column(&edit, l as usize, "在职人员控制率") + 1;
    let hover = c.request("textDocument/hover", at(&edit_uri, l, ch));
    insta::assert_snapshot!(
        "hover_indicator",
        hover["result"]["contents"]["value"].as_str().unwrap()
    );
    let def = c.request("textDocument/definition", at(&edit_uri, l, ch));
    let loc = &def["result"][0];
    assert_eq!(loc["uri"], base_uri, "{def}");
    let def_line = base
        .lines()
        .position(|l| l.trim() == "指标 在职人员控制率 5分 {")
        .unwrap();
    assert_eq!(loc["range"]["start"]["line"], def_line as u64, "{def}");

    // An input: hover, references over both files, rename.
    let d = c.open(&base_uri, &base);
    assert_eq!(d["diagnostics"], json!([]));
    let l = base
        .lines()
        .position(|l| l.starts_with("输入 编制数："))
        .unwrap() as u32;
    let ch = column(&base, l as usize, "编制数");
    let hover = c.request("textDocument/hover", at(&base_uri, l, ch));
    insta::assert_snapshot!(
        "hover_input",
        hover["result"]["contents"]["value"].as_str().unwrap()
    );
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": base_uri}, "position": {"line": l, "character": ch}, "context": {"includeDeclaration": true}}),
    );
    let refs = refs["result"].as_array().unwrap();
    // Declared once, used in 在职人员控制率's formula.
    assert_eq!(refs.len(), 2, "{refs:?}");
    // An indicator 2024.jx edits: its references from 2020.jx include the open 2024.jx.
    let l2 = base
        .lines()
        .position(|l| l.trim() == "指标 在职人员控制率 5分 {")
        .unwrap() as u32;
    let ch2 = column(&base, l2 as usize, "在职人员控制率");
    let refs2 = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": base_uri}, "position": {"line": l2, "character": ch2}, "context": {"includeDeclaration": true}}),
    );
    let uris: Vec<&str> = refs2["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uri"].as_str().unwrap())
        .collect();
    assert!(
        uris.contains(&base_uri.as_str()) && uris.contains(&edit_uri.as_str()),
        "{refs2}"
    );
    // An input may not take a value's name (a formula names either).
    let taken = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": base_uri}, "position": {"line": l, "character": ch}, "newName": "在职人员控制率"}),
    );
    assert_eq!(
        taken["error"]["message"], "已有名为 `在职人员控制率` 的值",
        "{taken}"
    );
    let rename = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": base_uri}, "position": {"line": l, "character": ch}, "newName": "核定编制数"}),
    );
    let edits = rename["result"]["changes"][&base_uri].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{rename}");
    assert!(edits.iter().all(|e| e["newText"] == "核定编制数"));
    // A name that is a keyword is refused, said.
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": base_uri}, "position": {"line": l, "character": ch}, "newName": "指标"}),
    );
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("不能作名称"),
        "{bad}"
    );

    // A value: hover gives its formula.
    let l = base
        .lines()
        .position(|l| l.trim_start().starts_with("值 在职人员控制率 ="))
        .unwrap() as u32;
    let ch = column(&base, l as usize, "在职人员控制率");
    let hover = c.request("textDocument/hover", at(&base_uri, l, ch));
    insta::assert_snapshot!(
        "hover_value",
        hover["result"]["contents"]["value"].as_str().unwrap()
    );
    // A keyword.
    let l = base
        .lines()
        .position(|l| l.trim_start().starts_with("超过 100%"))
        .unwrap() as u32;
    let ch = column(&base, l as usize, "超过");
    let hover = c.request("textDocument/hover", at(&base_uri, l, ch));
    assert_eq!(
        hover["result"]["contents"]["value"],
        "**超过**：规则：超过标准的部分扣分：`超过 100% 每 1个百分点 扣 0.5分`"
    );

    // Completion: units after a number, names and words elsewhere.
    let l = base.lines().position(|l| l.starts_with("满分 ")).unwrap() as u32;
    let units = c.request("textDocument/completion", at(&base_uri, l, 6));
    let labels: Vec<&str> = units["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"分") && labels.contains(&"个百分点"),
        "{labels:?}"
    );
    assert!(!labels.contains(&"编制数"), "{labels:?}");
    // A unit is inserted after the number, replacing nothing typed.
    assert_eq!(
        units["result"][0]["textEdit"]["range"],
        json!({"start": {"line": l, "character": 6}, "end": {"line": l, "character": 6}})
    );
    let names = c.request("textDocument/completion", at(&base_uri, l + 1, 0));
    let names = names["result"].as_array().unwrap();
    assert!(names
        .iter()
        .any(|i| i["label"] == "编制数" && i["kind"] == 6 && i["detail"] == "输入"));
    assert!(names
        .iter()
        .any(|i| i["label"] == "分档" && i["kind"] == 14));

    // Formatting gives what `jixiao fmt` writes.
    let messy = "方案   甲\n年度 2020\n满分 5 分\n保留 2 位小数\n输入 a：人>0 \"a\"\n指标 甲 5分 { 值 a\n按比例计分 }\n";
    let messy_uri = uri("messy.jx");
    c.open(&messy_uri, messy);
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": messy_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(
        f["result"][0]["newText"],
        "方案 甲\n年度 2020\n满分 5分\n保留 2位小数\n输入 a：人 > 0 \"a\"\n\n指标 甲 5分 {\n  值 a\n  按比例计分\n}\n",
        "{f}"
    );

    // Allowing a warning: the quick fix writes `允许 id "理由"` inside the indicator.
    let warned = "方案 甲\n年度 2020\n满分 5分\n保留 2位小数\n输入 a：人 \"a\"\n输入 b：人 \"b\"\n指标 甲 5分 {\n  值 r = a / b\n  按比例计分\n}\n";
    let warned_uri = uri("warned.jx");
    let d = c.open(&warned_uri, warned);
    let w = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "div-zero")
        .cloned()
        .unwrap_or_else(|| panic!("{d}"));
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": warned_uri}, "range": w["range"], "context": {"diagnostics": [w]}}),
    );
    let allow = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("允许 div-zero"))
        .cloned()
        .unwrap_or_else(|| panic!("{actions}"));
    assert_eq!(
        allow["edit"]["changes"][&warned_uri][0],
        json!({"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}},
               "newText": "  允许 div-zero \"请写明理由\"\n"})
    );

    // A message that is not JSON is said and skipped; the server answers the next one.
    write!(c.stdin, "Content-Length: 9\r\n\r\n{{not json").unwrap();
    c.stdin.flush().unwrap();
    let hover = c.request("textDocument/hover", at(&base_uri, 0, 0));
    assert!(hover["error"].is_null(), "{hover}");

    let down = c.request("shutdown", Value::Null);
    assert!(down["error"].is_null(), "{down}");
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success());
}

/// The VS Code extension's files are well formed: the manifest names files that exist, the
/// grammar is JSON and highlights every word the language server explains.
#[test]
fn the_editor_extension_is_whole() {
    let dir = std::path::Path::new("editors/vscode");
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["contributes"]["languages"][0]["extensions"][0],
        ".jx"
    );
    for file in [
        manifest["main"].as_str().unwrap(),
        manifest["contributes"]["languages"][0]["configuration"]
            .as_str()
            .unwrap(),
        manifest["contributes"]["grammars"][0]["path"]
            .as_str()
            .unwrap(),
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("language-configuration.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(config["comments"]["lineComment"], "//");
    // A word is a Chinese name too: the pattern is compiled with the `u` flag.
    assert_eq!(config["wordPattern"]["flags"], "u");
    let grammar: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("syntaxes/jixiao.tmLanguage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(grammar["scopeName"], "source.jixiao");
    let keywords = grammar["repository"]["keyword"].to_string();
    for (word, _) in jixiao::ide::KEYWORDS {
        assert!(keywords.contains(word), "{word} is not highlighted");
    }
    let js = std::fs::read_to_string(dir.join("extension.js")).unwrap();
    assert!(js.contains("args: ['lsp']"), "{js}");
}

/// A client that exits without `shutdown` ends the server with 1, as the protocol says.
#[test]
fn exit_without_shutdown_is_an_error() {
    let mut c = Client::start();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(1));
}

/// The session's order: a request before `initialize` is answered “not initialized”, one after
/// `shutdown` “shut down”, and neither ends the server; `exit` after `shutdown` ends it with 0.
/// A message with a wrong length does not put later ones out of step.
#[test]
fn the_session_order_is_kept() {
    let mut c = Client::start();
    let early = c.request("textDocument/hover", at("file:///x.jx", 0, 0));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    assert!(early["error"]["message"]
        .as_str()
        .unwrap()
        .contains("尚未初始化"));
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    write!(c.stdin, "Content-Length: abc\r\n\r\n{{}}").unwrap();
    c.stdin.flush().unwrap();
    let bad = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": "file:///x.jx"}}),
    );
    assert!(
        bad["error"]["message"]
            .as_str()
            .unwrap()
            .contains("参数不合协议"),
        "{bad}"
    );
    let down = c.request("shutdown", Value::Null);
    assert!(down["error"].is_null(), "{down}");
    let late = c.request("textDocument/hover", at("file:///x.jx", 0, 0));
    assert!(
        late["error"]["message"]
            .as_str()
            .unwrap()
            .contains("已关闭"),
        "{late}"
    );
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().unwrap().code(), Some(0));
}

/// Every byte of a scheme may be asked about (an editor's column past a line's end, a byte
/// inside a character): hover and completion answer or say nothing, never panic.
#[test]
fn every_byte_can_be_asked_about() {
    let text = std::fs::read_to_string("tests/cases/fmt/messy.jx").unwrap();
    let a = jixiao::ide::Analysis::new("messy.jx", &text, &mut jixiao::MemLoader::default());
    let mut answered = 0;
    for at in 0..=text.len() + 3 {
        answered += usize::from(a.hover(a.main, at).is_some());
        let _ = a.completion(a.main, at);
        let _ = a.definition(a.main, at);
    }
    // Names and keywords are found all over the file.
    assert!(answered > text.chars().count() / 3, "{answered}");
    // Inside the multi-line 标准 string nothing is offered.
    let inside = text.find("每超过一个百分点").unwrap();
    assert!(a.completion(a.main, inside).is_empty());
}

/// The server's analyses keep the session's syntax trees (an unchanged base file is taken
/// from them, not parsed again): an analysis taking them says and finds exactly what a fresh
/// one does, through edits, a syntax error and its repair.
#[test]
fn kept_syntax_trees_change_nothing() {
    use jixiao::ide::Analysis;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemes/bumen-zhengti");
    let text_2020 = std::fs::read_to_string(root.join("2020.jx")).expect("2020.jx");
    let text_2024 = std::fs::read_to_string(root.join("2024.jx")).expect("2024.jx");
    let loader = jixiao::MemLoader::default().with("2020.jx", text_2020);
    let mut cache = jixiao::syntax::ParseCache::default();
    let edits = [
        text_2024.clone(),
        text_2024.replacen("扣", "扣 ", 1),
        text_2024.replacen("基于", "基于 ", 1),
        // A syntax error, then the file mended.
        text_2024.replacen("指标", "指标 指标", 1),
        text_2024.clone(),
    ];
    for (k, text) in edits.iter().enumerate() {
        let kept = Analysis::with_cache("2024.jx", text, &mut loader.clone(), &mut cache);
        let fresh = Analysis::new("2024.jx", text, &mut loader.clone());
        let said = |a: &Analysis| {
            a.diagnostics()
                .iter()
                .map(|(s, d)| format!("{s:?} {}", d.message()))
                .collect::<Vec<_>>()
        };
        assert_eq!(said(&kept), said(&fresh), "edit {k}");
        assert_eq!(kept.occurrences(), fresh.occurrences(), "edit {k}");
        assert!(!fresh.occurrences().is_empty() || k == 3, "edit {k}");
    }
}

/// The edits of an LSP `WorkspaceEdit` for `uri` made on `text` (UTF-16 positions).
fn apply(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| -> usize {
        let (line, ch) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let l = &text[start..];
        let mut units = 0;
        for (i, c) in l.char_indices() {
            if units >= ch {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, new) in edits {
        out.replace_range(s..e, &new);
    }
    out
}

/// A draft's `待定` offers each of its readings as a quick fix: taking one writes it where the
/// `待定` stands (an input's declaration replaced where the reading declares it, points put
/// on the indicator), and the check's draft-pending error goes.
#[test]
fn a_drafts_readings_are_quick_fixes() {
    let mut c = Client::start();
    c.request("initialize", json!({"capabilities": {}}));
    c.notify("initialized", json!({}));
    let text = "方案 甲\n年度 2020\n满分 5分\n输入 a：人 \"a\"\n输入 b：人 \"b\"\n\n指标 甲 5分 {\n  值 r = a / b\n  待定 \"\" \"公式除以 b：它为零时怎么办？\" {\n    \"输入 b：人 > 0 \\\"b\\\"\"\n    \"允许 div-zero \\\"b 为零时报除数为零\\\"\"\n  }\n  待定 \"每超过1%扣1分\" \"不足一档怎么扣？\" {\n    \"超过 100% 每 1% 扣 1分 按比例\"\n    \"超过 100% 每 1% 扣 1分 不足一档不扣\"\n  }\n}\n";
    let u = "file:///tmp/jixiao-lsp-draft/draft.jx";
    let d = c.open(u, text);
    let pending: Vec<&Value> = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "draft-pending")
        .collect();
    assert_eq!(pending.len(), 2, "{d}");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 8, "character": 0}, "end": {"line": 8, "character": 0}}, "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "采用读法 1：输入 b：人 > 0 \"b\"",
            "采用读法 2：允许 div-zero \"b 为零时报除数为零\""
        ],
        "{actions}"
    );
    let first = apply(text, &actions["result"][0]["edit"]["changes"][u]);
    assert!(first.contains("输入 b：人 > 0 \"b\"\n\n指标"), "{first}");
    assert!(!first.contains("公式除以"), "{first}");
    // The second 待定, in the edited text: its reading replaces it, indented as it was.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 2}, "contentChanges": [{"text": first}]}),
    );
    let _ = c.notification("textDocument/publishDiagnostics");
    let line = first.lines().position(|l| l.contains("待定")).unwrap() as u32;
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 2}, "end": {"line": line, "character": 2}}, "context": {"diagnostics": []}}),
    );
    let second = apply(&first, &actions["result"][1]["edit"]["changes"][u]);
    assert!(
        second.contains("  值 r = a / b\n  超过 100% 每 1% 扣 1分 不足一档不扣\n}"),
        "{second}"
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": u, "version": 3}, "contentChanges": [{"text": second}]}),
    );
    let d = c.notification("textDocument/publishDiagnostics");
    assert!(
        d["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != 1),
        "{d}"
    );
    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
}
