//! The board part of a cycle: reading the board (left out of the cycle, with the reason, when it
//! cannot be read) and applying its plan after the sheet.

use super::{Cycle, GithubSource, Mode, SheetStore};
use crate::board::{BoardOutcome, BoardPlan};
use crate::model::board::Board;
use std::time::Duration;

impl<S: SheetStore, G: GithubSource> Cycle<S, G> {
    /// Reads the board when `[board]` is set. A board that cannot be read is left out of this
    /// cycle (the sheet part still lands), with the reason.
    pub(super) async fn observe_board(&self) -> (Option<Board>, Option<String>) {
        let Some(b) = &self.config.board else {
            return (None, None);
        };
        match self.github.observe_board(&b.owner, b.number).await {
            Ok(board) => (Some(board), None),
            Err(e) => {
                let message = format!(
                    "board {}/{} not read ({e}); the board is left out of this cycle. A token needs the `read:project` scope to read it and `project` to write it",
                    b.owner, b.number
                );
                tracing::error!(%message);
                (None, Some(message))
            }
        }
    }

    /// Applies the board plan after the sheet (never in plan mode, nor with `[board] write =
    /// false`).
    pub(super) async fn write_board(
        &self,
        mode: Mode,
        plan: Option<&BoardPlan>,
    ) -> Option<BoardOutcome> {
        let (plan, cfg) = (plan?, self.config.board.as_ref()?);
        if mode == Mode::Plan || !cfg.write {
            return None;
        }
        let outcome = self
            .github
            .apply_board(plan, Duration::from_millis(cfg.pause_ms))
            .await;
        (!plan.is_empty() || outcome.error.is_some()).then_some(outcome)
    }
}
