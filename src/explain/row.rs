//! The lines of a self-evaluation form's row: its target and actual as written and read,
//! whether it was met, its tier, the kind's method, how its points were set, its findings.

use super::{line, or_blank, Explainer, TraceLine};
use crate::base::quantity::{fmt_bound, fmt_range};
use crate::base::units::Dim;
use crate::ir::RowKind;
use crate::report::value::Reading;
use crate::report::{InputValue, RowInfo};

impl Explainer<'_> {
    /// What a form's row says and how it was read: target, actual, met, method, points.
    pub(super) fn row_lines(&self, r: &RowInfo, out: &mut Vec<TraceLine>) {
        let kind = r.kind.name();
        out.push(line(
            "target",
            "指标值",
            format!("{}（按{kind}指标计分）", or_blank(&r.target_text)),
        ));
        let how = r
            .how
            .as_ref()
            .map(|h| format!("（{h}）"))
            .unwrap_or_default();
        out.push(line(
            "actual",
            "完成值",
            format!("{}{how}", or_blank(&r.actual_text)),
        ));
        let num = |k: usize| match &r.values[k] {
            Some(InputValue::Num(v)) => Some(*v),
            _ => None,
        };
        match (r.kind, num(0), num(1), r.met()) {
            (RowKind::Lower | RowKind::Upper | RowKind::Equal, Some(a), Some(t), Some(met)) => {
                use crate::report::value::Cmp;
                let cmp = r.cmp.map_or("≥", |c| c.sign());
                let (a, t) = (r.show(a), r.show(t));
                // Not met, said the way it missed: the sign that holds instead, and in words.
                let text = match (met, r.kind, r.cmp) {
                    (true, ..) => format!("{a} {cmp} {t}，达到指标值"),
                    (false, RowKind::Equal, _) | (false, _, Some(Cmp::Equal)) => {
                        format!("{a} ≠ {t}，与指标值不符")
                    }
                    (false, _, Some(Cmp::AtMost)) | (false, RowKind::Upper, None) => {
                        format!("{a} > {t}，超过指标值（上限）")
                    }
                    (false, _, Some(Cmp::Below)) => format!("{a} ≥ {t}，未低于指标值"),
                    (false, _, Some(Cmp::Above)) => format!("{a} ≤ {t}，未超过指标值"),
                    (false, ..) => format!("{a} < {t}，未达到指标值"),
                };
                out.push(line("met", "达标", text));
            }
            (RowKind::Deadline, _, _, Some(met)) => {
                let (due, done) = match (&r.target, &r.actual) {
                    (Reading::Date(t), Reading::Date(a)) => (t.show(), a.show()),
                    _ => (r.target_text.clone(), r.actual_text.clone()),
                };
                let text = if met {
                    format!("{done} 完成，不晚于期限 {due}，按期完成")
                } else {
                    format!("{done} 完成，晚于期限 {due}，逾期")
                };
                out.push(line("met", "达标", text));
            }
            (RowKind::Qualitative, ..) => {
                if let Some(c) = num(3) {
                    let tier = self
                        .scheme
                        .form
                        .as_deref()
                        .and_then(|f| crate::report::tier(f, c).map(|t| (t, f)))
                        .map(|(t, f)| {
                            let range = f
                                .tiers
                                .iter()
                                .find(|(n, _)| n == t)
                                .map(|(_, r)| fmt_range(r, Dim::Ratio))
                                .unwrap_or_default();
                            format!("，属“{t}”档 {range}")
                        })
                        .unwrap_or_default();
                    out.push(line(
                        "completion",
                        "完成比例",
                        format!("{}{tier}", fmt_bound(c, Dim::Ratio)),
                    ));
                }
            }
            _ => {}
        }
        if let Some(f) = self.scheme.form.as_deref() {
            if let Some(std) = f
                .kinds
                .get(r.kind.index())
                .and_then(Option::as_ref)
                .and_then(|k| k.standard.as_ref())
            {
                out.push(line("method", "方法", format!("{kind}：{std}")));
            }
        }
        if let Some(note) = &r.points_note {
            out.push(line("points", "分值", note.clone()));
        }
        for n in &r.notes {
            out.push(line("finding", "提示", n.text.clone()));
        }
    }
}
