//! The init plan as people read it: one line per change, then notes.

use super::steps::{InitPlan, Step};
use std::fmt;

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::AddTab {
                title,
                rows,
                columns,
                ..
            } => {
                write!(f, "add tab {title:?} ({rows} rows × {columns} columns)")
            }
            Step::AddColumns { title, count, .. } => write!(f, "{title}: add {count} column(s)"),
            Step::AddRows { title, count, .. } => write!(f, "{title}: add {count} row(s)"),
            Step::WriteHeaders {
                title,
                row,
                col,
                headers,
                ..
            } => write!(
                f,
                "{title}: header row {} from column {}: {}",
                row + 1,
                col + 1,
                headers.join(", ")
            ),
            Step::CopyRows {
                title,
                at_row,
                rows,
                ..
            } => write!(
                f,
                "{title}: copy {} row(s) from the previous release, from row {}",
                rows.len(),
                at_row + 1
            ),
            Step::Bold { title, row, .. } => write!(f, "{title}: header row {} bold", row + 1),
            Step::Freeze { title, rows, .. } => write!(f, "{title}: freeze {rows} row(s)"),
            Step::StatusDropdown {
                title,
                col,
                from_row,
                to_row,
                ..
            } => write!(
                f,
                "{title}: Status dropdown on column {}, rows {}–{}",
                col + 1,
                from_row + 1,
                to_row
            ),
            Step::ProtectHeader { title, rows, .. } => {
                write!(f, "{title}: protect the header (row(s) 1–{rows})")
            }
        }
    }
}

impl fmt::Display for InitPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.steps.is_empty() {
            writeln!(f, "nothing to do: the spreadsheet is prepared")?;
        }
        for s in &self.steps {
            writeln!(f, "  {s}")?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}
