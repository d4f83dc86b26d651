//! The plain block YAML reports are written in (`键: 值` lines indented by spaces, `- 项`
//! lists, one-line `[甲, 乙]` and `{得分: 2, 理由: "…"}`), read for the quiet path
//! ([`super::quiet`]) without a YAML library: most of the time of reading a report went to
//! the general YAML parser.
//!
//! It reads only what it is sure of and declines the rest: anchors and aliases, tags,
//! multi-line or escaped scalars, tabs and carriage returns, characters YAML refuses or
//! takes as line breaks, nested flow collections, quoted keys, document markers, and any
//! plain scalar whose YAML type is not text where the reader asks for a value of any type.
//! A declined file is read by serde_yaml, as it always was. Reading a file it accepts gives
//! what serde_yaml gives (the tests compare both on every report and on mutations of them).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

mod flow;

use flow::{FlowMap, FlowSeq};

/// Why this reader stopped: the file uses YAML it leaves to serde_yaml (or a seed declined).
#[derive(Debug)]
pub(super) struct Declined;

impl fmt::Display for Declined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("交由完整的 YAML 读取")
    }
}

impl std::error::Error for Declined {}

impl de::Error for Declined {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Declined
    }
}

type Result<T> = std::result::Result<T, Declined>;

/// A line with something on it: its indentation and what follows.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    body: &'a str,
}

/// A file's lines, blank and comment lines left out.
pub(super) struct Doc<'a> {
    lines: Vec<Line<'a>>,
}

impl<'a> Doc<'a> {
    /// The file's lines, or `None` for text this reader leaves to serde_yaml.
    pub(super) fn new(text: &'a str) -> Option<Doc<'a>> {
        if !plain_characters(text) {
            return None;
        }
        let mut lines = Vec::with_capacity(text.len() / 24);
        for raw in text.split('\n') {
            let body = raw.trim_start_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let marker = match body.as_bytes()[0] {
                b'-' => body.starts_with("---"),
                b'.' => body.starts_with("..."),
                b'%' => true,
                _ => false,
            };
            if marker {
                return None;
            }
            let mut indent = raw.len() - body.len();
            let mut body = body.trim_end_matches(' ');
            // `- 键: 值` and `- - 项`: the item's own line (`-`) and what it holds one line
            // further in, where its block goes on.
            while is_item(body) {
                let rest = body[1..].trim_start_matches(' ');
                let holds_block = !rest.is_empty()
                    && !rest.starts_with(['"', '\'', '[', '{'])
                    && (is_item(rest)
                        || rest.ends_with(':')
                        || find_pair(rest, b':', b' ').is_some());
                if !holds_block {
                    break;
                }
                lines.push(Line { indent, body: "-" });
                indent += body.len() - rest.len();
                body = rest;
            }
            lines.push(Line { indent, body });
        }
        (lines.first()?.indent == 0).then_some(Doc { lines })
    }

    /// The file's top level, to be read as a mapping.
    pub(super) fn root(&self) -> NodeDe<'_, 'a> {
        let node = if self.lines.first().is_some_and(|l| is_item(l.body)) {
            Node::Seq(0, self.lines.len())
        } else {
            Node::Map(0, self.lines.len())
        };
        NodeDe { doc: self, node }
    }

    /// The value of the key on line `i` whose text after `: ` is `rest`, and the line after
    /// it and its block.
    fn value(&self, i: usize, rest: &'a str) -> Result<(Node<'a>, usize)> {
        let indent = self.lines[i].indent;
        let deeper = |j: usize| self.lines.get(j).is_some_and(|l| l.indent > indent);
        if !rest.is_empty() {
            // A value on the key's line has nothing under it (a continued scalar is declined).
            if deeper(i + 1) {
                return Err(Declined);
            }
            return Ok((inline(rest)?, i + 1));
        }
        let mut j = i + 1;
        if deeper(j) {
            while deeper(j) {
                j += 1;
            }
            let node = if is_item(self.lines[i + 1].body) {
                Node::Seq(i + 1, j)
            } else {
                Node::Map(i + 1, j)
            };
            return Ok((node, j));
        }
        // `键:` followed by `- 项` lines at the key's own indentation (and what they hold).
        while self
            .lines
            .get(j)
            .is_some_and(|l| l.indent > indent || (l.indent == indent && is_item(l.body)))
        {
            j += 1;
        }
        Ok((
            if j > i + 1 {
                Node::Seq(i + 1, j)
            } else {
                Node::Null
            },
            j,
        ))
    }
}

/// The text of top-level scalar `key` of YAML `text` (`Some(None)`: not there, or not a
/// scalar), when this reader reads the whole file; `None` when it leaves the file to
/// serde_yaml.
pub(super) fn top_scalar<'a>(text: &'a str, key: &str) -> Option<Option<&'a str>> {
    if super::parse_error::is_too_deep(text, false) {
        return None;
    }
    let doc = Doc::new(text)?;
    let Node::Map(start, end) = doc.root().node else {
        return None;
    };
    let mut map = BlockMap::new(&doc, start, end);
    let (mut found, mut seen) = (None, false);
    while let Some(k) = map.next_entry().ok()? {
        let value = map.value_de();
        if k == key && seen {
            // Written twice: which one counts is the general parser's to say.
            return None;
        }
        seen |= k == key;
        match value.node {
            Node::Plain(t) | Node::Quoted(t) if k == key => found = Some(t),
            _ => value.skip().ok()?,
        }
    }
    Some(found)
}

/// Whether `text` has only characters YAML takes as they are: no control characters but the
/// line feed (tabs and carriage returns included), none of the C1 controls, `U+2028`/`U+2029`
/// (line breaks to YAML), the byte-order mark or the non-characters YAML refuses.
fn plain_characters(text: &str) -> bool {
    let b = text.as_bytes();
    // Branch-free, so that it runs many bytes at a time.
    let control = b.iter().fold(false, |bad, &c| {
        bad | ((c < 0x20) & (c != b'\n')) | (c == 0x7f)
    });
    // The refused characters beyond ASCII all start with one of three bytes: C2 (U+0080–
    // U+009F), E2 (U+2028, U+2029), EF (U+FEFF, U+FFFE, U+FFFF).
    !control
        && !memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(|i| {
            matches!(
                (b[i], b.get(i + 1), b.get(i + 2)),
                (0xC2, Some(0x80..=0x9F), _)
                    | (0xE2, Some(0x80), Some(0xA8 | 0xA9))
                    | (0xEF, Some(0xBB), Some(0xBF))
                    | (0xEF, Some(0xBF), Some(0xBE | 0xBF))
            )
        })
}

/// `- 项` (or `-` alone): a list item.
fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// A value.
#[derive(Clone, Copy)]
enum Node<'a> {
    /// Nothing written.
    Null,
    /// A plain scalar's text.
    Plain(&'a str),
    /// A quoted scalar's text (no escapes).
    Quoted(&'a str),
    /// `[…]`: what is between the brackets.
    FlowSeq(&'a str),
    /// `{…}`: what is between the braces.
    FlowMap(&'a str),
    /// A block mapping: its lines.
    Map(usize, usize),
    /// A block list: its lines.
    Seq(usize, usize),
}

/// A value written after `键: ` (or `- `), with its comment.
fn inline(rest: &str) -> Result<Node<'_>> {
    let (node, after) = match rest.as_bytes()[0] {
        q @ (b'"' | b'\'') => {
            let close = rest[1..].find(char::from(q)).ok_or(Declined)? + 1;
            let inner = &rest[1..close];
            let after = &rest[close + 1..];
            // Escapes and doubled quotes are left to serde_yaml.
            if inner.contains('\\') || after.starts_with(char::from(q)) {
                return Err(Declined);
            }
            (Node::Quoted(inner), after)
        }
        open @ (b'[' | b'{') => {
            let close_char = if open == b'[' { ']' } else { '}' };
            let close = rest.find(close_char).ok_or(Declined)?;
            let inner = &rest[1..close];
            let node = if open == b'[' {
                Node::FlowSeq(inner)
            } else {
                Node::FlowMap(inner)
            };
            (node, &rest[close + 1..])
        }
        _ => {
            let text = match find_pair(rest, b' ', b'#') {
                Some(p) => rest[..p].trim_end_matches(' '),
                None => rest,
            };
            return plain(text).map(Node::Plain);
        }
    };
    // After a quoted or flow value: nothing, or a comment after a space.
    if after.is_empty() || (after.starts_with(' ') && after.trim_start().starts_with('#')) {
        Ok(node)
    } else {
        Err(Declined)
    }
}

/// A plain scalar this reader is sure of: no indicator first, no `: ` or `:` at its end
/// (a mapping where none may be), no `#` after a space.
fn plain(text: &str) -> Result<&str> {
    let first = text.as_bytes().first().ok_or(Declined)?;
    let indicator = matches!(
        first,
        b'[' | b']'
            | b'{'
            | b'}'
            | b','
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b'?'
            | b':'
    ) || (*first == b'-' && (text.len() == 1 || text.as_bytes()[1] == b' '));
    if indicator
        || text.ends_with(':')
        || find_pair(text, b':', b' ').is_some()
        || find_pair(text, b' ', b'#').is_some()
    {
        return Err(Declined);
    }
    Ok(text)
}

/// Where the two bytes `a b` are first written together.
fn find_pair(text: &str, a: u8, b: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b, bytes)
        .find(|&i| i > 0 && bytes[i - 1] == a)
        .map(|i| i - 1)
}

/// The longest key this reader takes, in bytes: YAML refuses a plain key of more than 1024
/// characters on one line, and a key near that is left to serde_yaml to say so.
pub(super) const MAX_KEY: usize = 1000;

/// Splits `键: 值` (or `键:`) into the key and the rest.
fn key_value(body: &str) -> Result<(&str, &str)> {
    let (key, rest) = match find_pair(body, b':', b' ') {
        Some(p) => (&body[..p], body[p + 2..].trim_start_matches(' ')),
        None => (body.strip_suffix(':').ok_or(Declined)?, ""),
    };
    if key.len() > MAX_KEY {
        return Err(Declined);
    }
    let key = key.trim_end_matches(' ');
    // A key is plain text: no quotes, no `:` or `#` inside, no list item.
    if key.contains([':', '#']) || is_item(key) {
        return Err(Declined);
    }
    plain(key)?;
    Ok((key, rest))
}

/// A value, deserialized as the seed asks.
pub(super) struct NodeDe<'d, 'a> {
    doc: &'d Doc<'a>,
    node: Node<'a>,
}

impl<'d, 'a> NodeDe<'d, 'a> {
    /// Checks the value all through (as serde_yaml would parse it) without reading it.
    fn skip(&self) -> Result<()> {
        match self.node {
            Node::Null | Node::Plain(_) | Node::Quoted(_) => Ok(()),
            Node::FlowSeq(inner) => {
                let mut s = FlowSeq { rest: inner };
                while s.next()?.is_some() {}
                Ok(())
            }
            Node::FlowMap(inner) => {
                let mut m = FlowMap {
                    rest: inner,
                    value: None,
                };
                while m.next_entry()?.is_some() {}
                Ok(())
            }
            Node::Map(start, end) => {
                let mut m = BlockMap::new(self.doc, start, end);
                while m.next_entry()?.is_some() {
                    m.value_de().skip()?;
                }
                Ok(())
            }
            Node::Seq(start, end) => {
                let mut s = BlockSeq::new(self.doc, start, end);
                while let Some(node) = s.next_node()? {
                    NodeDe {
                        doc: self.doc,
                        node,
                    }
                    .skip()?;
                }
                Ok(())
            }
        }
    }
}

impl<'de, 'd> Deserializer<'de> for NodeDe<'d, 'de> {
    type Error = Declined;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.node {
            Node::Null => v.visit_unit(),
            // Only text YAML could not take for a number, 是/否 of its own or null.
            Node::Plain(t) if !t.is_ascii() && t.chars().all(|c| !c.is_ascii()) => {
                v.visit_borrowed_str(t)
            }
            Node::Plain(_) => Err(Declined),
            Node::Quoted(t) => v.visit_borrowed_str(t),
            Node::FlowSeq(inner) => v.visit_seq(FlowSeq { rest: inner }),
            Node::FlowMap(inner) => v.visit_map(FlowMap {
                rest: inner,
                value: None,
            }),
            Node::Map(start, end) => v.visit_map(BlockMap::new(self.doc, start, end)),
            Node::Seq(start, end) => v.visit_seq(BlockSeq::new(self.doc, start, end)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.node {
            // serde_yaml hands an empty scalar's text to a reader asking for text.
            Node::Null => v.visit_borrowed_str(""),
            Node::Plain(t) | Node::Quoted(t) => v.visit_borrowed_str(t),
            _ => Err(Declined),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.deserialize_str(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.node {
            Node::Map(..) | Node::FlowMap(_) => self.deserialize_any(v),
            _ => Err(Declined),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.skip()?;
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct struct enum identifier
    }
}

/// A block mapping's entries.
struct BlockMap<'d, 'a> {
    doc: &'d Doc<'a>,
    i: usize,
    end: usize,
    indent: usize,
    value: Node<'a>,
}

impl<'d, 'a> BlockMap<'d, 'a> {
    fn new(doc: &'d Doc<'a>, start: usize, end: usize) -> Self {
        BlockMap {
            doc,
            i: start,
            end,
            indent: doc.lines.get(start).map_or(0, |l| l.indent),
            value: Node::Null,
        }
    }

    /// The next key (its value kept for [`BlockMap::value_de`]).
    fn next_entry(&mut self) -> Result<Option<&'a str>> {
        if self.i >= self.end {
            return Ok(None);
        }
        let line = self.doc.lines[self.i];
        if line.indent != self.indent {
            return Err(Declined);
        }
        let (key, rest) = key_value(line.body)?;
        let (value, next) = self.doc.value(self.i, rest)?;
        if next > self.end {
            return Err(Declined);
        }
        (self.value, self.i) = (value, next);
        Ok(Some(key))
    }

    fn value_de(&mut self) -> NodeDe<'d, 'a> {
        NodeDe {
            doc: self.doc,
            node: std::mem::replace(&mut self.value, Node::Null),
        }
    }
}

impl<'de, 'd> MapAccess<'de> for BlockMap<'d, 'de> {
    type Error = Declined;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.next_entry()? {
            Some(key) => seed
                .deserialize(NodeDe {
                    doc: self.doc,
                    node: Node::Plain(key),
                })
                .map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(self.value_de())
    }
}

/// A block list's items: each `- 值` on a line of its own.
struct BlockSeq<'d, 'a> {
    doc: &'d Doc<'a>,
    i: usize,
    end: usize,
    indent: usize,
}

impl<'d, 'a> BlockSeq<'d, 'a> {
    fn new(doc: &'d Doc<'a>, start: usize, end: usize) -> Self {
        BlockSeq {
            doc,
            i: start,
            end,
            indent: doc.lines.get(start).map_or(0, |l| l.indent),
        }
    }

    fn next_node(&mut self) -> Result<Option<Node<'a>>> {
        if self.i >= self.end {
            return Ok(None);
        }
        let line = self.doc.lines[self.i];
        if line.body == "-" && line.indent == self.indent {
            // An item holding a block (or nothing: null).
            let mut j = self.i + 1;
            while j < self.end && self.doc.lines[j].indent > self.indent {
                j += 1;
            }
            let first = self.i + 1;
            self.i = j;
            return Ok(Some(if j == first {
                Node::Null
            } else if is_item(self.doc.lines[first].body) {
                Node::Seq(first, j)
            } else {
                Node::Map(first, j)
            }));
        }
        let rest = line.body.strip_prefix("- ").ok_or(Declined)?;
        let rest = rest.trim_start_matches(' ');
        // An item with lines under it (a mapping, a continued scalar) is left to serde_yaml.
        if line.indent != self.indent
            || rest.is_empty()
            || self
                .doc
                .lines
                .get(self.i + 1)
                .is_some_and(|l| self.i + 1 < self.end && l.indent > self.indent)
        {
            return Err(Declined);
        }
        self.i += 1;
        inline(rest).map(Some)
    }
}

impl<'de, 'd> SeqAccess<'de> for BlockSeq<'d, 'de> {
    type Error = Declined;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.next_node()? {
            Some(node) => seed
                .deserialize(NodeDe {
                    doc: self.doc,
                    node,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}
