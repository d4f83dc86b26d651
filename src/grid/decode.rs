//! Text files in the encodings Chinese offices save them in: UTF-8 (with or without a
//! byte-order mark), UTF-16 with a mark (Excel's "Unicode text"), and GBK/GB18030 (Excel's and
//! Notepad's default on a Chinese Windows). Decoded with a note, never refused for being GBK.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, and how, when not plain UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without a byte-order mark.
    pub text: String,
    /// `按 GBK/GB18030 编码读取` when the bytes were not UTF-8.
    pub note: Option<String>,
}

/// The text of `bytes`, or `None` when they are in no encoding read here (bytes GB18030
/// cannot decode either: a binary file).
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(|t| Decoded {
            text: t.to_string(),
            note: None,
        });
    }
    for (mark, enc, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(mark) {
            let (text, bad) = enc.decode_without_bom_handling(rest);
            return (!bad).then(|| Decoded {
                text: text.into_owned(),
                note: Some(format!("按 {name} 编码读取")),
            });
        }
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Some(Decoded {
            text: t.to_string(),
            note: None,
        });
    }
    let (text, bad) = GB18030.decode_without_bom_handling(bytes);
    if bad || text.contains('\0') {
        return None;
    }
    Some(Decoded {
        text: text.into_owned(),
        note: Some("文件不是 UTF-8 编码，已按 GBK/GB18030 编码读取".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_is_read_with_a_note() {
        let (bytes, _, _) = GB18030.encode("一级指标,二级指标\n产出指标,数量指标\n");
        let d = decode(&bytes).expect("GBK decodes");
        assert_eq!(d.text, "一级指标,二级指标\n产出指标,数量指标\n");
        assert!(d.note.is_some_and(|n| n.contains("GBK")));
        let d = decode("\u{feff}指标".as_bytes()).expect("UTF-8");
        assert_eq!(d.text, "指标");
        assert_eq!(d.note, None);
        assert_eq!(decode(&[0, 159, 146, 150, 0, 0xff]), None);
    }
}
