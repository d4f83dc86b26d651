//! The rows of a self-evaluation form (`绩效指标`): read, checked and classified.

use rust_decimal::Decimal;

use super::columns::{canonical, column_guess, column_hint, KEYS};
use super::row::{classify, RowInfo, RowTexts};
use super::value::{Reading, RowUnit};
use super::yaml::Raw;
use super::{Finding, Reader, ReportError};
use crate::base::diag::Diag;
use crate::base::names::suggest;
use crate::base::number;
use crate::base::source::Span;
use crate::base::units::{Dim, UnitWord};
use crate::ir::{Form, NodeId, RowKind};

/// Points a form prints with a category's name: `产出指标（50分）` (湖北、四川 forms let each
/// project set them; 中江 prints `产出指标（70分）`), or a share of the full marks
/// `效益指标（40%）`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Printed {
    Points(Decimal),
    Percent(Decimal),
}

/// `产出指标（50分）` → 50分, `效益指标（40%）` → 40%.
fn printed_points(name: &str) -> Option<Printed> {
    let n = name.trim();
    let open = n.find(['（', '('])?;
    let inner = n[open..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim()
        .trim_end_matches("分值")
        .trim_end_matches('分')
        .trim();
    let w = number::parse(inner).ok()?;
    match w.unit {
        None => Some(Printed::Points(w.value)),
        Some(UnitWord::Percent) => Some(Printed::Percent(w.value)),
        _ => None,
    }
}

/// `产出指标（50分）` → `产出指标`.
fn strip_points(name: &str) -> &str {
    let n = name.trim();
    match n.find(['（', '(']) {
        Some(i) if i > 0 => n[..i].trim(),
        _ => n,
    }
}

/// A row's cells, by column.
struct Cells {
    block: Option<String>,
    l1: Option<String>,
    l2: Option<String>,
    l3: Option<String>,
    points: Option<String>,
    target: Option<String>,
    actual: Option<String>,
    completion: Option<String>,
    own: Option<String>,
    reason: Option<String>,
    direction: Option<String>,
    unit: Option<String>,
    /// Columns no row column is named by (warned about as they were read), each with the
    /// column it looks like.
    ignored: Vec<(String, Option<&'static str>)>,
}

impl Cells {
    /// An empty row or a `……` placeholder: passed over, with a count.
    fn is_blank(&self) -> bool {
        self.l3.as_deref().is_none_or(is_placeholder)
            && self.target.as_deref().is_none_or(is_placeholder)
            && self.actual.as_deref().is_none_or(is_placeholder)
    }
}

/// Rows before the first block named (a form in blocks): beside the blocks, said.
fn block_missing(rows: &mut [RowInfo]) {
    if let Some(first) = rows.iter().position(|r| r.block.is_some()) {
        for r in &mut rows[..first] {
            r.note(
                "block_missing",
                "本行没有写绩效目标，而其后的行分了块；本行不归入任何块".into(),
            );
        }
    }
}

/// The (block, path) of every row read so far.
type Seen = std::collections::HashSet<(Option<String>, Vec<String>)>;

/// A row named like one before it (same block and path) is numbered: `长效机制（2）`, with a
/// note. Rows of other blocks are never namesakes (each block has its own categories), nor
/// rows of other depths (with or without a 二级).
fn number_repeated_name(seen: &mut Seen, row: &mut RowInfo) {
    let key = |p: &[String]| (row.block.clone(), p.to_vec());
    if seen.contains(&key(&row.path)) {
        let last = row.path.len() - 1;
        let name = row.path[last].clone();
        let mut path = row.path.clone();
        let mut k = 2;
        loop {
            path[last] = format!("{name}（{k}）");
            if !seen.contains(&key(&path)) {
                break;
            }
            k += 1;
        }
        row.path = path;
        row.notes.push(Finding {
            kind: "row_duplicate",
            text: format!("与前面的行同名，记为 `{name}（{k}）`"),
        });
    }
    seen.insert(key(&row.path));
}

fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '…' | '.' | '。' | '-' | '—' | '/'))
}

impl Reader<'_> {
    fn row_span(&self, i: usize, key: Option<&str>) -> Span {
        let base = format!("绩效指标.#{i}");
        let path = match key {
            Some(k) if self.places().contains_key(&format!("{base}.{k}")) => format!("{base}.{k}"),
            _ => base,
        };
        if self.places().contains_key(&path) {
            self.at(&path, true)
        } else {
            self.at("绩效指标", false)
        }
    }

    /// Reads and classifies every row (and counts the blank ones passed over); problems that
    /// make a row unusable are errors.
    pub(super) fn rows(
        &mut self,
        form: &Form,
        year: i32,
        raw: Vec<Vec<(String, Raw)>>,
    ) -> (Vec<RowInfo>, usize) {
        let scheme = self.scheme;
        let categories: Vec<(NodeId, &str)> = scheme
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.rows.is_some())
            .map(|(i, n)| (NodeId(i as u32), n.name.as_str()))
            .collect();
        let mut out: Vec<RowInfo> = Vec::new();
        let mut skipped = 0;
        let mut seen = Seen::new();
        // A block named once stays for the rows below it (a merged cell, as people type it).
        let mut block: Option<String> = None;
        for (i, fields) in raw.into_iter().enumerate() {
            let cells = self.cells(i, fields);
            if cells.is_blank() {
                skipped += 1;
                continue;
            }
            let Some(mut row) = self.row(form, i, &categories, &cells) else {
                continue;
            };
            if cells.block.is_some() {
                block.clone_from(&cells.block);
            }
            row.block.clone_from(&block);
            // Points printed with the category's name (checked against the scheme's when the
            // form is filled: form::points::printed_differ).
            if let Some(shown) = cells.l1.as_deref().and_then(printed_points) {
                // A percentage is of the full marks (pinned: `效益指标（40%）` of 100 is 40分);
                // both are at most 1,000,000 × 100.
                let printed = match shown {
                    Printed::Points(p) => p,
                    Printed::Percent(p) => scheme.full_marks * p / Decimal::ONE_HUNDRED,
                };
                if printed.is_sign_negative() {
                    // Points below zero would take points from the other categories.
                    self.diags.push(Diag::new(
                        ReportError::RowPoints {
                            row: i + 1,
                            key: "一级",
                            text: cells.l1.clone().unwrap_or_default(),
                        },
                        self.row_span(i, Some("一级")),
                    ));
                    continue;
                }
                let said = match shown {
                    Printed::Points(p) => format!("{} 分", p.normalize()),
                    Printed::Percent(p) => {
                        format!("满分的 {}%（{} 分）", p.normalize(), printed.normalize())
                    }
                };
                let l1 = cells.l1.as_deref().unwrap_or_default().trim();
                row.category_points = Some(printed);
                row.printed_as = Some(format!("一级 `{l1}` 写 {said}"));
            }
            number_repeated_name(&mut seen, &mut row);
            let texts = RowTexts {
                target: cells.target.unwrap_or_default(),
                actual: cells.actual.unwrap_or_default(),
                completion: cells.completion,
                ignored: cells.ignored,
                direction: cells.direction,
                unit: cells.unit,
            };
            classify(form, &texts, year, &mut row);
            out.push(row);
        }
        block_missing(&mut out);
        (out, skipped)
    }

    /// A row's cells by column (other names forms give them read as theirs); a column that
    /// is not a row's is a warning.
    fn cells(&mut self, i: usize, fields: Vec<(String, Raw)>) -> Cells {
        let mut get: [Option<String>; 12] = Default::default();
        let mut ignored = Vec::new();
        for (key, v) in fields {
            let text = match v {
                Raw::Scalar(s) => Some(s),
                _ => None,
            };
            match canonical(key.trim()) {
                Some(k) => {
                    let at = KEYS.iter().position(|(x, _)| *x == k).unwrap_or(0);
                    get[at] = text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
                }
                None => {
                    let help = column_hint(&key).unwrap_or_else(|| {
                        format!(
                            "指标行的栏目：{}",
                            KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join("、")
                        )
                    });
                    let span = self.row_span(i, Some(&key));
                    self.diags.push(Diag::new(
                        ReportError::RowKey {
                            row: i + 1,
                            key: key.clone(),
                            help,
                        },
                        span,
                    ));
                    let guess = column_guess(&key);
                    ignored.push((key, guess));
                }
            }
        }
        let [block, l1, l2, l3, points, target, actual, completion, own, reason, direction, unit] =
            get;
        Cells {
            block,
            l1,
            l2,
            l3,
            points,
            target,
            actual,
            completion,
            own,
            reason,
            direction,
            unit,
            ignored,
        }
    }

    /// The row as read, before classification: its category, path, points and self-score;
    /// `None` (with an error) when it lacks what a row must have.
    fn row(
        &mut self,
        form: &Form,
        i: usize,
        categories: &[(NodeId, &str)],
        c: &Cells,
    ) -> Option<RowInfo> {
        let n = i + 1;
        let span = self.row_span(i, None);
        let list = || {
            categories
                .iter()
                .map(|c| c.1)
                .collect::<Vec<_>>()
                .join("、")
        };
        let Some(l1) = c.l1.clone() else {
            self.diags.push(Diag::new(
                ReportError::RowMissing {
                    row: n,
                    key: "一级",
                    help: format!("写明本行属于哪一类：{}", list()),
                },
                span,
            ));
            return None;
        };
        let Some(&(category, cat_name)) = categories.iter().find(|(_, c)| *c == strip_points(&l1))
        else {
            let help = suggest(strip_points(&l1), categories.iter().map(|c| c.1))
                .unwrap_or_else(|| format!("方案的类别：{}", list()));
            self.diags.push(Diag::new(
                ReportError::RowCategory {
                    row: n,
                    name: l1,
                    help,
                },
                self.row_span(i, Some("一级")),
            ));
            return None;
        };
        let Some(l3) = c.l3.clone().filter(|t| !is_placeholder(t)) else {
            self.diags.push(Diag::new(
                ReportError::RowMissing {
                    row: n,
                    key: "三级",
                    help: "写上三级指标的名称，如 `发放人数`".into(),
                },
                span,
            ));
            return None;
        };
        // 权重 written as a percentage (`30%`): a share of the category, set when filled.
        let share = c.points.as_deref().and_then(|t| {
            number::parse(t)
                .ok()
                .filter(|w| w.unit == Some(UnitWord::Percent) && w.value >= Decimal::ZERO)
                .map(|w| w.value)
        });
        let stated_points = match share {
            Some(_) => None,
            None => self.row_points(n, i, "分值", c.points.clone()),
        };
        let self_score = self.row_points(n, i, "自评得分", c.own.clone());
        if stated_points.is_none() && share.is_none() && !form.share_evenly {
            self.diags.push(Diag::new(
                ReportError::RowMissing {
                    row: n,
                    key: "分值",
                    help: "本方案不平均分配分值，每行都要填写分值".into(),
                },
                span,
            ));
            return None;
        }
        let mut path = vec![cat_name.to_string()];
        if let Some(g) = c.l2.clone().filter(|t| !is_placeholder(t)) {
            path.push(g);
        }
        path.push(l3);
        Some(RowInfo {
            path,
            category,
            target_text: String::new(),
            actual_text: String::new(),
            target: Reading::Empty,
            actual: Reading::Empty,
            kind: RowKind::Qualitative,
            how: None,
            stated_points,
            stated_share: share,
            points: Decimal::ZERO,
            exact_points: Decimal::ZERO,
            unit_points: None,
            points_note: None,
            block: None,
            printed_as: None,
            self_score,
            reason: c.reason.clone(),
            values: Default::default(),
            dim: Dim::Plain,
            unit: RowUnit::None,
            category_points: None,
            cmp: None,
            tier: None,
            notes: Vec::new(),
            span,
        })
    }

    fn row_points(
        &mut self,
        n: usize,
        i: usize,
        key: &'static str,
        text: Option<String>,
    ) -> Option<Decimal> {
        let text = text?;
        match number::parse(&text) {
            Ok(w)
                if (w.unit.is_none() || w.unit == Some(UnitWord::Points))
                    && w.value >= Decimal::ZERO =>
            {
                Some(w.value)
            }
            _ => {
                self.diags.push(Diag::new(
                    ReportError::RowPoints { row: n, key, text },
                    self.row_span(i, Some(key)),
                ));
                None
            }
        }
    }
}
