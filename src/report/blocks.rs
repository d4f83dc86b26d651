//! Forms in blocks: 黄冈 forms print 年度绩效目标1 / 年度绩效目标2, each with its own
//! categories (`产出指标（30分）` in one, `产出指标（20分）` in the next). The scheme's category
//! then holds the rows of every block, each block's part under its own name, and the points
//! the form prints for it are the sum over the blocks.

use rust_decimal::Decimal;

use super::row::RowInfo;

/// The blocks of the rows (each row of one category), in the order they first appear, and
/// the points each prints with the category's name (the first it prints; `None` when it
/// prints none). Empty when no row names a block.
pub fn printed_by_block<'r>(rows: &[&'r RowInfo]) -> Vec<(&'r str, Option<Decimal>)> {
    let mut out: Vec<(&str, Option<Decimal>)> = Vec::new();
    for r in rows {
        let Some(b) = r.block.as_deref() else {
            continue;
        };
        match out.iter_mut().find(|(x, _)| *x == b) {
            Some((_, p)) => *p = p.or(r.category_points),
            None => out.push((b, r.category_points)),
        }
    }
    out
}

/// The points the form prints for a category whose rows are `rows`: with blocks, the sum
/// of what each block prints (`None` unless every block prints its own); without, the first
/// printed.
pub fn category_points(rows: &[&RowInfo]) -> Option<Decimal> {
    let blocks = printed_by_block(rows);
    if blocks.is_empty() {
        return rows.iter().find_map(|r| r.category_points);
    }
    // Each is at most 1,000,000 (a category's points) and a form has far fewer than 10^20
    // blocks: the sum fits.
    blocks.iter().map(|(_, p)| *p).sum()
}
