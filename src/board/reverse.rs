//! What undoing a cycle's board changes sends (`kepsync undo --board`): delete an item the cycle
//! added, set a field back, or clear a field that was blank. Planned by `crate::journal` from a
//! journal record and the board as read now; sent by the GitHub adapter.

use crate::model::board::FieldValue;
use std::fmt;

/// One board mutation of an undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoardStep {
    /// `deleteProjectV2Item`: an item the undone cycle added.
    Delete { issue: u64, item: String },
    /// `updateProjectV2ItemFieldValue` back to the value before the cycle.
    Set {
        issue: u64,
        item: String,
        field: String,
        field_id: String,
        /// What the board shows now (what kepsync wrote).
        now: String,
        value: FieldValue,
    },
    /// `clearProjectV2ItemFieldValue`: the field was blank before the cycle.
    Clear {
        issue: u64,
        item: String,
        field: String,
        field_id: String,
        now: String,
    },
}

impl BoardStep {
    pub fn issue(&self) -> u64 {
        match self {
            BoardStep::Delete { issue, .. }
            | BoardStep::Set { issue, .. }
            | BoardStep::Clear { issue, .. } => *issue,
        }
    }
}

impl fmt::Display for BoardStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BoardStep::Delete { issue, .. } => write!(f, "#{issue}: delete the item it added"),
            BoardStep::Set {
                issue,
                field,
                now,
                value,
                ..
            } => write!(f, "#{issue}: {field} {now:?} → {:?}", value.shown()),
            BoardStep::Clear {
                issue, field, now, ..
            } => write!(f, "#{issue}: {field} {now:?} → blank"),
        }
    }
}

/// The board part of an undo: the project, its steps in order, and what it leaves alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardUndo {
    pub project: String,
    pub steps: Vec<BoardStep>,
    /// Changes not reversed, and why (a person changed the field since, the item is gone).
    pub kept: Vec<String>,
}
