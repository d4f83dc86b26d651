//! Drafting a scheme from a bureau's own 评分表 (`jixiao draft`): the indicator tree with its
//! points and its 评价标准 and 指标说明 verbatim, read from a table (`table.rs`: Word, Excel,
//! CSV, or text that lost its grid), written as a formatted scheme (`write.rs`) with a `待定`
//! item wherever a person must decide. `check` refuses a scheme holding a `待定`, so a draft
//! cannot be published before someone decides.
//!
//! A definition at the start of an 指标说明 becomes the leaf's `值` formula, its names declared
//! as inputs with units inferred from their wording (`formula.rs`, marked for review); a
//! divisor that can be zero is asked about. The rule and the cases of each leaf are read from
//! its 评价标准 by the recognisers of `rules/` (`leaf.rs` writes them); what a wording leaves
//! open is a `待定` whose readings are whole scheme texts, and `choose.rs` puts a chosen
//! reading in place (the editor's quick fix 采用读法).

pub mod choose;
mod formula;
mod leaf;
pub mod rules;
pub mod table;
mod write;

use crate::base::source::Sources;
use crate::grid::Document;

/// A decision the draft leaves open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The indicator (its path and place in the source file), or the header item.
    pub indicator: String,
    /// What must be decided.
    pub question: String,
}

/// What drafting found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Indicators read (every level).
    pub indicators: usize,
    /// Of them, leaves (scored indicators).
    pub leaves: usize,
    /// Rules recognised from their wording.
    pub recognised: usize,
    /// Decisions needed, in the order of the draft.
    pub decisions: Vec<Decision>,
    /// Groups whose points are not the sum of their lower indicators'.
    pub sums: Vec<String>,
}

/// A drafted scheme.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The scheme text, formatted as `jixiao fmt` writes it.
    pub text: String,
    /// What was read and what is left to decide.
    pub summary: Summary,
}

/// Drafts a scheme from the 评分表 in `doc` (read from file `source`).
///
/// # Errors
/// No table of `doc` has a 评分表's header (an indicator level and 评价标准 or 指标说明), in
/// Chinese, with what a header needs.
pub fn draft(doc: &Document, source: &str) -> Result<Draft, String> {
    let read = table::read(doc).ok_or_else(|| {
        let mut m = "没有找到评分表：表头须有指标的级次（一级指标、二级指标、三级指标）和评价标准（或评分标准、指标说明）".to_string();
        // A department's filled form is read by `import`, not drafted.
        let form = !crate::import::import(doc).reports.is_empty();
        if form {
            m.push_str("。这份文件像是单位填报的自评表：要把它读成报告，请用 `jixiao import`");
        }
        m
    })?;
    if read.roots.is_empty() {
        return Err("评分表的表头下面没有指标".to_string());
    }
    let (mut text, mut summary) = write::scheme(&read, source);
    // What the reader could not read whole (a cell cut at its length limit …) is asked
    // about at the top: the draft may hold it cut.
    if !doc.problems.is_empty() {
        let at = text.match_indices('\n').nth(1).map_or(0, |(i, _)| i + 1);
        let mut asked = String::new();
        for p in &doc.problems {
            let place = format!("{source}{}", p.place_text());
            let question = format!("读取原文件时：{}。核对原表，改正草稿后删去本待定", p.text);
            let item = format!("读取 {place}：{}", &question["读取原文件时：".len()..]);
            asked.push_str(&format!("待定 \"\" {}\n", write::quoted(&item)));
            summary.decisions.push(Decision {
                indicator: place,
                question,
            });
        }
        text.insert_str(at, &asked);
    }
    // Written as `fmt` writes schemes; text that does not parse would be the drafter's defect.
    let mut sources = Sources::new();
    let f = sources.add("草稿.jx", &text);
    let text = crate::syntax::format(&sources, f).map_err(|d| {
        format!(
            "起草出的方案无法解析（jixiao 的缺陷）：{}",
            d.first().map(|d| d.message()).unwrap_or_default()
        )
    })?;
    Ok(Draft { text, summary })
}
