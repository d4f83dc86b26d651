//! The rows of a self-evaluation form (`绩效指标`): read, checked and classified.

use rust_decimal::Decimal;

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

/// A row's columns, with the other names forms give them.
const KEYS: [(&str, &[&str]); 9] = [
    ("一级", &["一级指标"]),
    ("二级", &["二级指标"]),
    ("三级", &["三级指标"]),
    ("分值", &[]),
    ("指标值", &["年度指标值", "目标值"]),
    ("完成值", &["实际完成值", "全年完成值", "实际值"]),
    ("完成比例", &[]),
    ("自评得分", &["得分"]),
    (
        "偏差原因",
        &[
            "偏差原因分析及改进措施",
            "未完成原因和改进措施",
            "未完成原因",
        ],
    ),
];

fn canonical(key: &str) -> Option<&'static str> {
    KEYS.iter()
        .find(|(k, alts)| *k == key || alts.contains(&key))
        .map(|(k, _)| *k)
}

/// `产出指标（50分）` → `产出指标`.
fn strip_points(name: &str) -> &str {
    let n = name.trim();
    match n.find(['（', '(']) {
        Some(i) if i > 0 => n[..i].trim(),
        _ => n,
    }
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
        for (i, fields) in raw.into_iter().enumerate() {
            let n = i + 1;
            let mut get: [Option<String>; 9] = Default::default();
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
                        let names = KEYS.iter().map(|(k, _)| *k);
                        let help = suggest(key.trim(), names).unwrap_or_else(|| {
                            format!(
                                "指标行的栏目：{}",
                                KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join("、")
                            )
                        });
                        let span = self.row_span(i, Some(&key));
                        self.diags.push(Diag::new(
                            ReportError::RowKey {
                                row: n,
                                key: key.clone(),
                                help,
                            },
                            span,
                        ));
                    }
                }
            }
            let [l1, l2, l3, points, target, actual, completion, own, reason] = get;
            if l3.as_deref().is_none_or(is_placeholder)
                && target.as_deref().is_none_or(is_placeholder)
                && actual.as_deref().is_none_or(is_placeholder)
            {
                skipped += 1;
                continue;
            }
            let span = self.row_span(i, None);
            let Some(l1) = l1 else {
                self.diags.push(Diag::new(
                    ReportError::RowMissing {
                        row: n,
                        key: "一级",
                        help: format!(
                            "写明本行属于哪一类：{}",
                            categories
                                .iter()
                                .map(|c| c.1)
                                .collect::<Vec<_>>()
                                .join("、")
                        ),
                    },
                    span,
                ));
                continue;
            };
            let Some(&(category, cat_name)) =
                categories.iter().find(|(_, c)| *c == strip_points(&l1))
            else {
                let help = suggest(strip_points(&l1), categories.iter().map(|c| c.1))
                    .unwrap_or_else(|| {
                        format!(
                            "方案的类别：{}",
                            categories
                                .iter()
                                .map(|c| c.1)
                                .collect::<Vec<_>>()
                                .join("、")
                        )
                    });
                self.diags.push(Diag::new(
                    ReportError::RowCategory {
                        row: n,
                        name: l1,
                        help,
                    },
                    self.row_span(i, Some("一级")),
                ));
                continue;
            };
            let Some(l3) = l3.filter(|t| !is_placeholder(t)) else {
                self.diags.push(Diag::new(
                    ReportError::RowMissing {
                        row: n,
                        key: "三级",
                        help: "写上三级指标的名称，如 `发放人数`".into(),
                    },
                    span,
                ));
                continue;
            };
            let stated_points = self.row_points(n, i, "分值", points);
            let self_score = self.row_points(n, i, "自评得分", own);
            if stated_points.is_none() && !form.share_evenly {
                self.diags.push(Diag::new(
                    ReportError::RowMissing {
                        row: n,
                        key: "分值",
                        help: "本方案不平均分配分值，每行都要填写分值".into(),
                    },
                    span,
                ));
                continue;
            }
            let mut path = vec![cat_name.to_string()];
            if let Some(g) = l2.filter(|t| !is_placeholder(t)) {
                path.push(g);
            }
            path.push(l3);
            let mut row = RowInfo {
                path,
                category,
                target_text: String::new(),
                actual_text: String::new(),
                target: Reading::Empty,
                actual: Reading::Empty,
                kind: RowKind::Qualitative,
                how: None,
                stated_points,
                points: Decimal::ZERO,
                points_note: None,
                self_score,
                reason,
                values: Default::default(),
                dim: Dim::Plain,
                unit: RowUnit::None,
                notes: Vec::new(),
                span,
            };
            if out.iter().any(|r| r.path == row.path) {
                let last = row.path.len() - 1;
                let mut k = 2;
                while out.iter().any(|r| {
                    r.path[..last] == row.path[..last]
                        && r.path[last] == format!("{}（{k}）", row.path[last])
                }) {
                    k += 1;
                }
                let text = format!("与前面的行同名，记为 `{}（{k}）`", row.path[last]);
                row.path[last] = format!("{}（{k}）", row.path[last]);
                row.notes.push(Finding {
                    kind: "row_duplicate",
                    text,
                });
            }
            let texts = RowTexts {
                target: target.unwrap_or_default(),
                actual: actual.unwrap_or_default(),
                completion,
            };
            classify(form, &texts, year, &mut row);
            out.push(row);
        }
        (out, skipped)
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
