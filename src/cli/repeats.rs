//! A batch's warnings: the same kind of warning over many reports is said in full once, then
//! counted once at the end with the first few files.

/// The warnings of a batch: each said in full for its first few reports, then counted and
/// said once at the end with the first few files.
#[derive(Default)]
pub struct Repeats {
    /// Each kind of warning met: its key ([`kind_key`]), its first message, whether every
    /// message of the kind was that one, and the reports it was met in.
    seen: Vec<Seen>,
}

struct Seen {
    key: String,
    first: String,
    same: bool,
    files: Vec<String>,
}

/// Reports a warning is said in full for.
const SAID_IN_FULL: usize = 1;

/// A warning's kind: its message with the numbers in it blanked, so that `满意度 填的是 0.5`
/// and `满意度 填的是 0.88` are one kind, said once and counted.
fn kind_key(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_number = false;
    for c in message.chars() {
        if c.is_ascii_digit() || (in_number && c == '.') {
            if !in_number {
                out.push('#');
            }
            in_number = true;
        } else {
            in_number = false;
            out.push(c);
        }
    }
    out
}

impl Repeats {
    /// The warnings of report `file` still to say in full.
    pub fn shown(&mut self, warned: &[(String, String)], file: &str) -> String {
        let mut out = String::new();
        for (message, text) in warned {
            let key = kind_key(message);
            let k = match self.seen.iter().position(|s| s.key == key) {
                Some(k) => k,
                None => {
                    self.seen.push(Seen {
                        key,
                        first: message.clone(),
                        same: true,
                        files: Vec::new(),
                    });
                    self.seen.len() - 1
                }
            };
            let seen = &mut self.seen[k];
            seen.same &= seen.first == *message;
            seen.files.push(file.to_string());
            if seen.files.len() <= SAID_IN_FULL {
                out.push_str(text);
            }
        }
        out
    }

    /// One line per warning said in more reports than in full.
    pub fn summary(&self) -> Vec<String> {
        self.seen
            .iter()
            .filter(|s| s.files.len() > SAID_IN_FULL)
            .map(|s| {
                let rest = &s.files[SAID_IN_FULL..];
                let named: Vec<&str> = rest.iter().take(3).map(String::as_str).collect();
                let more = if rest.len() > named.len() { " 等" } else { "" };
                let (count, files) = (s.files.len(), named.join("、"));
                if s.same {
                    format!(
                        "同一警告共 {count} 份报告（上面只详列第一份 {}）：{}；另见 {files}{more}",
                        s.files[0], s.first
                    )
                } else {
                    format!(
                        "同类警告共 {count} 份报告，各份的数不同（上面只详列第一份 {}：{}）；另见 {files}{more}",
                        s.files[0], s.first
                    )
                }
            })
            .collect()
    }
}
