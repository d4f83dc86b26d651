//! A dense grid of cell texts being built by a reader, with merged ranges filled as a person
//! reads them: the origin's text in every cell the range covers, marked as merged.

use super::{Budget, Stop};

/// Texts by row and column (from 0), each with whether a merge filled it.
pub(super) struct Grid {
    cells: Vec<Vec<(String, bool)>>,
}

impl Grid {
    pub(super) fn new(rows: usize, cols: usize) -> Self {
        Grid {
            cells: vec![vec![(String::new(), false); cols]; rows],
        }
    }

    pub(super) fn set(&mut self, r: usize, c: usize, text: String) {
        if let Some(cell) = self.cells.get_mut(r).and_then(|row| row.get_mut(c)) {
            cell.0 = text;
        }
    }

    /// Fills the range (inclusive, from 0) with its top-left cell's text, each copy counted
    /// against `budget`; the parts of the range outside the grid (a merge running past the
    /// last cell with text) are dropped.
    pub(super) fn merge(
        &mut self,
        r0: usize,
        c0: usize,
        r1: usize,
        c1: usize,
        budget: &mut Budget,
    ) -> Result<(), Stop> {
        let Some(text) = self
            .cells
            .get(r0)
            .and_then(|row| row.get(c0))
            .map(|c| c.0.clone())
        else {
            return Ok(());
        };
        let rows = self.cells.len();
        for r in r0..=r1.min(rows.saturating_sub(1)) {
            let row = &mut self.cells[r];
            let cols = row.len();
            for cell in row
                .iter_mut()
                .take(c1.min(cols.saturating_sub(1)) + 1)
                .skip(c0)
            {
                // What a merge covers is what it shows, even over an old value beneath it.
                budget.spend(text.len())?;
                *cell = (text.clone(), true);
            }
        }
        // The origin itself is not covered.
        if let Some(cell) = self.cells.get_mut(r0).and_then(|row| row.get_mut(c0)) {
            cell.1 = false;
        }
        Ok(())
    }

    pub(super) fn into_rows(self) -> Vec<Vec<(String, bool)>> {
        self.cells
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::unwrap_used, reason = "test code")]
    fn a_merge_fills_the_cells_it_covers() {
        let mut g = Grid::new(3, 2);
        g.set(0, 0, "产出指标".into());
        g.set(1, 1, "乙".into());
        let mut budget = Budget::default();
        g.merge(0, 0, 2, 0, &mut budget).unwrap();
        g.merge(2, 1, 9, 9, &mut budget).unwrap();
        let rows = g.into_rows();
        assert_eq!(rows[0][0], ("产出指标".to_string(), false));
        assert_eq!(rows[2][0], ("产出指标".to_string(), true));
        assert_eq!(rows[1][1], ("乙".to_string(), false));
        assert_eq!(rows[2][1], (String::new(), false));
    }
}
