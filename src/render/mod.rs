//! Renderings of what the stages return: the 评分表 and explanations as text, the JSON
//! contract, and the diff, replay, audit and test runs in words. Each takes data and returns a string;
//! the command line prints it.

pub mod check;
pub mod table;
pub mod text;
pub mod xlsx;
mod xlsx_cells;
pub mod xlsx_review;
pub mod html;
pub mod html_review;
pub mod json;
pub mod diff;
pub mod replay;
pub mod audit;
pub mod expect;

/// The grade of a scored report in words: its name, `未定（数据不全）` when data is missing, or
/// nothing when the scheme has no grade for the total.
pub fn grade_words(scored: &crate::eval::Scored<'_>) -> String {
    match scored.outcome.grade {
        Some(g) => scored.scheme.grades[g].name.clone(),
        None if !scored.outcome.complete => "未定（数据不全）".into(),
        None => String::new(),
    }
}

/// The printed form's title: the scheme's own when it names a table (`部门整体支出绩效评价指标表`),
/// else the scheme's with `评分表` after it.
pub fn form_title(scheme_title: &str) -> String {
    if scheme_title.ends_with('表') {
        scheme_title.to_string()
    } else {
        format!("{scheme_title} 评分表")
    }
}

/// How many indicators scored below group `id` went unscored (its score counts only the
/// others).
pub fn unscored_below(scored: &crate::eval::Scored<'_>, id: crate::ir::NodeId) -> usize {
    let (scheme, outcome) = (&*scored.scheme, &scored.outcome);
    let path = &scheme.node(id).path;
    scheme
        .scored_units()
        .filter(|u| *u != id && scheme.node(*u).path.starts_with(path))
        .filter(|u| outcome.node(*u).score.is_none())
        .count()
}

/// What a group's row says of its unscored indicators, when its score is partial:
/// `5 项未计分，小计只含已计分的`.
pub fn partial_note(scored: &crate::eval::Scored<'_>, id: crate::ir::NodeId) -> Option<String> {
    let k = unscored_below(scored, id);
    (k > 0 && scored.outcome.node(id).score.is_some())
        .then(|| format!("{k} 项未计分，小计只含已计分的"))
}
