//! What one cycle did, and the one summary line logged for it.

use crate::board::{BoardOutcome, BoardPlan};
use crate::github::CallStats;
use crate::readiness::Readiness;
use crate::sync::Plan;
use crate::writeback::{WritebackOutcome, WritebackPlan};
use std::time::Duration;

/// What one cycle did.
#[derive(Debug)]
pub struct CycleReport {
    /// The plan that was applied (or, in plan mode, would be).
    pub plan: Plan,
    pub applied: bool,
    /// Plans computed (1 unless people changed touched rows mid-cycle).
    pub attempts: u32,
    pub duration: Duration,
    /// Sheets requests this cycle: reads and writes.
    pub sheets_reads: u64,
    pub sheets_writes: u64,
    pub github: CallStats,
    /// (tab, status, count) of rows on Enhancements and Removed, as read.
    pub rows_by_status: Vec<(String, String, u64)>,
    /// GitHub write-back changes (empty unless `[github] write = true`).
    pub writeback: WritebackPlan,
    /// What applying them did (`None` in plan mode or when there was nothing to write).
    pub written: Option<WritebackOutcome>,
    /// Freeze readiness of each enhancement on Enhancements once the plan is applied:
    /// (issue, title, readiness). Empty without a `[calendar]`.
    pub readiness: Vec<(u64, String, Readiness)>,
    /// The board's plan (`None` without `[board]`).
    pub board: Option<BoardPlan>,
    /// What applying it did (`None` in plan mode, with `[board] write = false`, or when idle).
    pub board_written: Option<BoardOutcome>,
    /// Why the board was left out of this cycle, if it was.
    pub board_error: Option<String>,
    /// Items on the board as read (`None` when it was not read).
    pub board_items: Option<u64>,
}

impl CycleReport {
    /// The one-line summary logged per cycle.
    pub fn summary(&self) -> String {
        let mut line = self.sheet_summary();
        if let Some(w) = &self.written {
            line.push_str(&format!(
                "; github write-back {} of {} edit(s) applied",
                w.applied.len(),
                self.writeback.edit_count()
            ));
        } else if !self.writeback.is_empty() {
            line.push_str(&format!(
                "; github write-back {} edit(s) planned",
                self.writeback.edit_count()
            ));
        }
        if let Some(b) = &self.board {
            line.push_str(&board_summary(b, self.board_written.as_ref()));
        }
        if self.board_error.is_some() {
            line.push_str("; board not read");
        }
        line
    }

    fn sheet_summary(&self) -> String {
        // "counted against the rate limit" is the budget spent; "rate-limited" is GitHub
        // throttling kepsync, named only when it happened.
        let throttled = match self.github.throttled {
            0 => String::new(),
            n => format!(", {n} rate-limited"),
        };
        format!(
            "{} {} change(s) in {}; sheets {} read(s) {} write(s); github {} call(s) ({} not modified, {} counted against the rate limit{throttled}); {} ms",
            if self.applied { "applied" } else { "planned" },
            self.plan.change_count(),
            crate::human::count(self.attempts, "attempt"),
            self.sheets_reads,
            self.sheets_writes,
            self.github.requests,
            self.github.not_modified,
            self.github.counted,
            self.duration.as_millis()
        )
    }
}

/// `; board 3 of 4 mutation(s) applied, 1 conflict(s)`.
fn board_summary(plan: &BoardPlan, written: Option<&BoardOutcome>) -> String {
    let mut out = match written {
        Some(w) => format!(
            "; board {} of {} mutation(s) applied",
            w.applied.len(),
            plan.mutation_count()
        ),
        None if plan.is_empty() => "; board up to date".to_string(),
        None => format!("; board {} mutation(s) planned", plan.mutation_count()),
    };
    if !plan.conflicts.is_empty() {
        out.push_str(&format!(", {} Status conflict(s)", plan.conflicts.len()));
    }
    out
}
