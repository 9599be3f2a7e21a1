//! The Enhancements and Removed rows as they will be once the plan is applied (for counting).

use super::layout::{Column, Layout, Role, TabLayout};
use super::plan::Plan;

/// One enhancement row, with the cells the Dashboard counts by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFacts {
    pub issue: u64,
    pub status: String,
    pub stage: String,
    pub sig: String,
}

/// Rows of Enhancements and Removed (those with an issue number) after `plan`: moves and
/// intake applied, planned cell values in place of what was read.
pub fn rows_after(layout: &Layout<'_>, plan: &Plan) -> (Vec<RowFacts>, Vec<RowFacts>) {
    let enh = rows_of(layout, Role::Enhancements, plan);
    let removed = rows_of(layout, Role::Removed, plan);
    (enh, removed)
}

fn rows_of(layout: &Layout<'_>, role: Role, plan: &Plan) -> Vec<RowFacts> {
    let t = layout.get(role);
    let mut out: Vec<RowFacts> = t
        .rows
        .iter()
        .filter(|r| {
            !plan
                .moves
                .iter()
                .any(|m| m.from.role == role && m.from.row == r.row)
        })
        .filter_map(|r| Some(read_row(t, r.row, r.number()?, plan)))
        .collect();
    for m in plan.moves.iter().filter(|m| m.to == role) {
        out.push(read_row(layout.get(m.from.role), m.from.row, m.issue, plan));
    }
    for n in plan.new_rows.iter().filter(|r| r.role == role) {
        let text = |col: Column| {
            t.col(col)
                .and_then(|c| n.cells.iter().find(|(cc, _)| *cc == c))
                .and_then(|(_, set)| set.text.clone())
                .unwrap_or_default()
        };
        out.push(RowFacts {
            issue: n.issue,
            status: text(Column::Status),
            stage: text(Column::Stage),
            sig: text(Column::Sig),
        });
    }
    out
}

fn read_row(t: &TabLayout<'_>, row: usize, issue: u64, plan: &Plan) -> RowFacts {
    let text = |col: Column| -> String {
        let Some(c) = t.col(col) else {
            return String::new();
        };
        plan.edits
            .iter()
            .find(|ch| ch.sheet_id == t.tab.sheet_id && ch.row == row && ch.col == c)
            .and_then(|ch| ch.set.text.clone())
            .unwrap_or_else(|| t.tab.text(row, c).to_string())
    };
    RowFacts {
        issue,
        status: text(Column::Status),
        stage: text(Column::Stage),
        sig: text(Column::Sig),
    }
}
