//! The language server's transport over standard input and output: framed JSON-RPC messages
//! read and written on threads of their own, a malformed message said and skipped.

use lsp_server::{Connection, Message};

/// The connection over standard input and output. lsp-server's own stops at the first message
/// it cannot read; this one says it on standard error and reads on (a lone UTF-16 surrogate,
/// which an editor may send mid-keystroke, is read as U+FFFD).
pub(super) fn transport() -> (Connection, std::thread::JoinHandle<()>) {
    use std::io::{BufRead as _, Read as _, Write as _};
    let (to_server, receiver) = crossbeam_channel::unbounded::<Message>();
    let (sender, to_client) = crossbeam_channel::unbounded::<Message>();
    let reader = std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            // A message starts at its `Content-Length` header: what comes before one (the rest
            // of a message sent with a wrong length) is skipped, so one bad message does not
            // put every later one out of step.
            let mut length: Option<Option<usize>> = None;
            loop {
                let mut raw = Vec::new();
                match input.read_until(b'\n', &mut raw) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                let line = String::from_utf8_lossy(&raw);
                let lower = line.to_ascii_lowercase();
                if let Some(at) = lower.find("content-length:") {
                    let value = &line[at + "content-length:".len()..];
                    length = Some(value.trim().parse::<usize>().ok());
                    continue;
                }
                if line.trim().is_empty() && length.is_some() {
                    break;
                }
            }
            let Some(length) = length.flatten().filter(|n| *n <= 64 << 20) else {
                sayln!("jixiao lsp：收到的消息没有有效的 Content-Length，已跳过");
                continue;
            };
            let mut body = vec![0; length];
            if input.read_exact(&mut body).is_err() {
                return;
            }
            match read_message(&body) {
                Some(m) => {
                    if to_server.send(m).is_err() {
                        return;
                    }
                }
                None => sayln!("jixiao lsp：收到一条无法读取的消息（不是 JSON-RPC），已跳过"),
            }
        }
    });
    let writer = std::thread::spawn(move || {
        let stdout = std::io::stdout();
        for m in to_client {
            let mut out = stdout.lock();
            if m.write(&mut out).is_err() || out.flush().is_err() {
                return;
            }
        }
    });
    drop(reader);
    (Connection { sender, receiver }, writer)
}

/// A message from its JSON body; a body with lone surrogate escapes is read with them
/// replaced; `None` when it is not a message.
fn read_message(body: &[u8]) -> Option<Message> {
    let text = String::from_utf8_lossy(body);
    serde_json::from_str(&text).ok().or_else(|| {
        let fixed = lone_surrogates_replaced(&text);
        serde_json::from_str(&fixed).ok()
    })
}

/// `\ud83d` escapes not part of a pair, as `\ufffd`.
fn lone_surrogates_replaced(text: &str) -> String {
    let hex = |s: &str| u16::from_str_radix(s, 16).ok();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\\u") {
        out.push_str(&rest[..i]);
        let esc = &rest[i..];
        let unit = esc.get(2..6).and_then(hex);
        let next = esc
            .get(6..8)
            .filter(|p| *p == "\\u")
            .and(esc.get(8..12))
            .and_then(hex);
        match unit {
            Some(u)
                if (0xD800..0xDC00).contains(&u)
                    && next.is_some_and(|n| (0xDC00..0xE000).contains(&n)) =>
            {
                out.push_str(&esc[..12]);
                rest = &esc[12..];
            }
            Some(u) if (0xD800..0xE000).contains(&u) => {
                out.push_str("\\ufffd");
                rest = &esc[6..];
            }
            _ => {
                out.push_str(&esc[..2]);
                rest = &esc[2..];
            }
        }
    }
    out.push_str(rest);
    out
}
