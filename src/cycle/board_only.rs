//! Board-only mode (`[board]` and no `spreadsheet-id`): the board is the only surface. The
//! tracked enhancements are the board's items; kepsync reads their issues and KEPs and keeps
//! the fields it owns true; with `[intake] label`, the labelled issues are added as items. No
//! Sheets call is made.

use super::{Cycle, CycleError, CycleOutcome, GithubSource, SheetStore};
use crate::sync::Knowledge;

impl<S: SheetStore, G: GithubSource> Cycle<S, G> {
    /// One board-only cycle's plan (applied by the caller, like the board part of any cycle).
    pub(super) async fn board_only_cycle(&self) -> Result<CycleOutcome, CycleError> {
        let (board, board_error) = self.observe_board().await;
        let Some(board) = board else {
            return Ok(CycleOutcome {
                board_error,
                ..CycleOutcome::default()
            });
        };
        let mut numbers: Vec<u64> = board.items.iter().filter_map(|i| i.issue).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let facts = self.github.observe(&numbers).await?;
        let knowledge = Knowledge::new(facts.issues, facts.open_prs, facts.kep_files)
            .with_labelled(facts.labelled);
        let now = self.now();
        Ok(CycleOutcome {
            board: knowledge.board_only_plan(&board, &numbers, &self.config, now),
            board_items: Some(board.items.len() as u64),
            ..CycleOutcome::default()
        })
    }
}
