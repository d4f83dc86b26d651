//! One-line flow collections of the block YAML reader: `[甲, 乙]` and `{得分: 2, 理由: "…"}`,
//! of plain or simply quoted scalars; nested collections, empty elements, trailing commas and
//! quotes holding commas are declined.

use serde::de::{DeserializeSeed, MapAccess, SeqAccess};

use super::{plain, Declined, Doc, Node, NodeDe, Result};

/// The next element of a one-line flow collection: a plain or quoted scalar, up to the
/// comma or the end; `None` at the end. Nested collections, empty elements and anything
/// else unusual are declined.
fn flow_element<'a>(rest: &mut &'a str, in_map: bool) -> Result<Option<Node<'a>>> {
    let text = rest.trim_start_matches(' ');
    if text.is_empty() {
        *rest = text;
        return Ok(None);
    }
    let (node, after) = if let Some(body) = text.strip_prefix('"') {
        let close = body.find('"').ok_or(Declined)?;
        let inner = &body[..close];
        if inner.contains('\\') {
            return Err(Declined);
        }
        (Node::Quoted(inner), &body[close + 1..])
    } else {
        // A map key ends at `:`, a value or list element at `,`.
        let stop = if in_map { [',', ':'] } else { [',', ','] };
        let end = text.find(stop).unwrap_or(text.len());
        let t = text[..end].trim_end_matches(' ');
        // A colon inside a flow element (`见附件:?`, `a:b`) is read by YAML in ways this
        // reader leaves to serde_yaml; so is a key longer than YAML takes.
        if t.contains(['[', ']', '{', '}', '#', '"', '\'', ':']) || t.len() > super::MAX_KEY {
            return Err(Declined);
        }
        (Node::Plain(plain(t)?), &text[end..])
    };
    *rest = after.trim_start_matches(' ');
    Ok(Some(node))
}

/// Consumes the `,` after an element (or nothing at the end); a trailing comma is declined.
fn flow_comma(rest: &mut &str) -> Result<()> {
    if rest.is_empty() {
        return Ok(());
    }
    let after = rest.strip_prefix(',').ok_or(Declined)?;
    if after.trim_start_matches(' ').is_empty() {
        return Err(Declined);
    }
    *rest = after;
    Ok(())
}

pub(super) struct FlowSeq<'a> {
    pub(super) rest: &'a str,
}

impl<'a> FlowSeq<'a> {
    pub(super) fn next(&mut self) -> Result<Option<Node<'a>>> {
        let node = flow_element(&mut self.rest, false)?;
        if node.is_some() {
            flow_comma(&mut self.rest)?;
        }
        Ok(node)
    }
}

impl<'de> SeqAccess<'de> for FlowSeq<'de> {
    type Error = Declined;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        match self.next()? {
            Some(node) => seed
                .deserialize(NodeDe {
                    doc: &Doc { lines: Vec::new() },
                    node,
                })
                .map(Some),
            None => Ok(None),
        }
    }
}

pub(super) struct FlowMap<'a> {
    pub(super) rest: &'a str,
    pub(super) value: Option<Node<'a>>,
}

impl<'a> FlowMap<'a> {
    /// The next key (its value kept).
    pub(super) fn next_entry(&mut self) -> Result<Option<&'a str>> {
        let Some(key) = flow_element(&mut self.rest, true)? else {
            return Ok(None);
        };
        let Node::Plain(key) = key else {
            return Err(Declined);
        };
        // `键: 值` only: a key without its value (`{得分:, 理由:}`) is left to serde_yaml.
        let after = self.rest.strip_prefix(": ").ok_or(Declined)?;
        self.rest = after;
        let value = flow_element(&mut self.rest, false)?.ok_or(Declined)?;
        flow_comma(&mut self.rest)?;
        self.value = Some(value);
        Ok(Some(key))
    }
}

impl<'de> MapAccess<'de> for FlowMap<'de> {
    type Error = Declined;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        match self.next_entry()? {
            Some(key) => seed
                .deserialize(NodeDe {
                    doc: &Doc { lines: Vec::new() },
                    node: Node::Plain(key),
                })
                .map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let node = self.value.take().ok_or(Declined)?;
        seed.deserialize(NodeDe {
            doc: &Doc { lines: Vec::new() },
            node,
        })
    }
}
