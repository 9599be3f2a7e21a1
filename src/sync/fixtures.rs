//! Test fixtures shared by the unit tests of the planner, the cycle, write-back and outreach:
//! the Enhancements header row and a tab built from text rows.

use crate::sheet::{Cell, Tab};

/// The Enhancements / Removed from Milestone header row, kepsync's columns and Status.
pub const ENH_HEADERS: [&str; 8] = [
    "Issue",
    "Name",
    "SIG",
    "KEP Assignee",
    "Proposal",
    "KEP State",
    "Stage",
    "Status",
];

/// A tab of plain text cells, 50 rows × 10 columns of grid.
pub fn tab(id: i32, title: &str, rows: &[&[&str]]) -> Tab {
    Tab {
        sheet_id: id,
        title: title.into(),
        row_count: 50,
        column_count: 10,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| Cell::text(*s)).collect())
            .collect(),
    }
}
