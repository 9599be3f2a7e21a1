//! `kepsync init`: prepares a spreadsheet for a new release — the seven tabs, their header rows
//! (frozen, bold), the Status dropdown and a protected KEP Collection header — and, with a
//! previous release's spreadsheet, rolls its `data` rows and column layouts over.
//!
//! Pure and lossless: [`plan_init`] compares what exists ([`SheetState`]) with
//! what should ([`TabSpec`]) and plans only what is missing; nothing is deleted or overwritten,
//! so a second run plans nothing. `sheets::apply::init` turns the plan into one batchUpdate and
//! `sheets::init_read` reads the [`SheetState`].

mod display;
mod plan;
mod spec;
mod steps;

pub use plan::plan_init;
pub use spec::{TabKind, TabSpec, specs, status_values};
pub use steps::{InitPlan, Step};

/// One cell as `init` needs it: its text, whether it is bold, and its dropdown values if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellState {
    pub text: String,
    pub bold: bool,
    /// `Some` when the cell has a data validation rule; the list's values for `ONE_OF_LIST`.
    pub validation: Option<Vec<String>>,
}

/// A protected range (`None` ends: to the end of the sheet).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Protected {
    pub start_row: u32,
    pub end_row: Option<u32>,
    pub start_col: u32,
    pub end_col: Option<u32>,
}

/// One existing tab.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TabState {
    pub sheet_id: i32,
    pub title: String,
    pub row_count: u32,
    pub column_count: u32,
    pub frozen_rows: u32,
    /// The rows read, from row 1.
    pub rows: Vec<Vec<CellState>>,
    pub protected: Vec<Protected>,
}

impl TabState {
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map_or("", |c| c.text.as_str())
    }

    /// Columns up to the last non-blank cell of any row read.
    pub fn used_width(&self) -> usize {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .rposition(|c| !c.text.trim().is_empty())
                    .map_or(0, |i| i + 1)
            })
            .max()
            .unwrap_or(0)
    }

    /// Rows up to the last one with a non-blank cell.
    pub fn used_rows(&self) -> usize {
        self.rows
            .iter()
            .rposition(|r| r.iter().any(|c| !c.text.trim().is_empty()))
            .map_or(0, |i| i + 1)
    }
}

/// A spreadsheet as `init` reads it (one request).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetState {
    pub tabs: Vec<TabState>,
}

impl SheetState {
    /// The tab titled `title` (exactly, else ignoring case and spaces).
    pub fn tab(&self, title: &str) -> Option<&TabState> {
        self.tabs.iter().find(|t| t.title == title).or_else(|| {
            self.tabs
                .iter()
                .find(|t| crate::sync::same_name(&t.title, title))
        })
    }
}

#[cfg(test)]
mod tests;
