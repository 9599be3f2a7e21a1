//! Why a cycle failed: nothing was written in any of these cases.

use crate::github::GithubError;
use crate::sheets::SheetsError;
use crate::sync::LayoutError;
use thiserror::Error;

/// Why a cycle failed. Nothing was written in any of these cases.
#[derive(Debug, Error)]
pub enum CycleError {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("spreadsheet {spreadsheet}: tab(s) not found: {} (tabs are matched ignoring case and spaces)", .missing.join(", "))]
    MissingTabs {
        spreadsheet: String,
        missing: Vec<String>,
    },
    #[error(transparent)]
    Sheets(#[from] SheetsError),
    #[error(transparent)]
    Github(#[from] GithubError),
    #[error("the sheet kept changing under kepsync ({}); last difference: {last}", crate::human::count(*attempts, "attempt"))]
    Conflict { attempts: u32, last: String },
    /// The same difference stopped every attempt (or the previous cycle too): not people
    /// editing, but a cell kepsync cannot get past.
    #[error(
        "the same difference stopped the write again ({attempts} attempts, and it repeats): {last}. This is not people editing: kepsync cannot get past this cell; check it, and report it with the output of `kepsync plan`"
    )]
    PersistentConflict { attempts: u32, last: String },
}

impl CycleError {
    /// A short label for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            CycleError::Layout(_) | CycleError::MissingTabs { .. } => "config",
            CycleError::Sheets(_) => "sheets",
            CycleError::Github(_) => "github",
            CycleError::Conflict { .. } => "conflict",
            CycleError::PersistentConflict { .. } => "persistent_conflict",
        }
    }
}
