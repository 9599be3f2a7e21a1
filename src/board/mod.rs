//! The release's GitHub Projects board as a second surface of the same plan: which items to add
//! and which kepsync-owned fields to set (pure), from the board as read and what kepsync derives
//! for each tracked enhancement. Status, the people's field, is carried between the sheet and
//! the board by [`status`].

mod plan;
mod reverse;
pub mod status;

pub use crate::model::board::FieldValue;
pub use plan::{
    BoardInput, BoardPlan, FieldSet, Owned, PrrStatus, StatusConflict, Tracked, plan_board,
};
pub use reverse::{BoardStep, BoardUndo};

/// What applying a board plan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardOutcome {
    /// Mutations applied, described (`#9001: add as an item`, `#9001: Stage → Beta`).
    pub applied: Vec<String>,
    /// The items added, with their new ids: what undoing the add deletes.
    pub added: Vec<(u64, String)>,
    /// The plan's field sets that landed, by their index in `BoardPlan::sets` (a request
    /// carries several; one refused in the middle does not stop those after it landing).
    pub set: Vec<usize>,
    /// Why board writes stopped early, if they did (nothing after it was sent).
    pub error: Option<String>,
}
