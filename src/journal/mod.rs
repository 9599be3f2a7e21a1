//! The journal: every applied cycle, recorded in the state directory so that `kepsync log` can
//! show it and `kepsync undo` can reverse it. Records are built from the plan by pure functions
//! (`record.rs`); the file is read and appended only in `store.rs` (append-only JSON lines, each
//! with a checksum, fsynced; a torn last line is detected and ignored); an undo is planned by a
//! pure function of a record and a fresh snapshot (`undo.rs`).

mod pending;
mod record;
mod reverse;
mod store;
mod undo;

pub use pending::{pending_sync_log, sync_log_lines};
pub use record::{
    BoardChange, CellChange, CycleRecord, GithubChange, MoveRecord, RowRecord, applied,
    board_changes, cycle_id, github_changes, record_of,
};
pub use reverse::{GithubUndo, board_undo_changes, plan_board_undo, plan_github_undo};
pub use store::{JOURNAL_FILE, Journal, JournalError, JournalRead};
pub use undo::{UndoOptions, UndoPlan, plan_undo};
