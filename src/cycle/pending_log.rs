//! Sync Log rows of GitHub write-back and board edits. Those happen after the sheet's batch, so
//! their rows wait here and go into the next batch kepsync writes (a cycle with only such rows
//! writes them: one write, no change to the sheet's cells). Kept in memory: after a restart,
//! the journal still has them.

use crate::board::{BoardOutcome, BoardPlan};
use crate::sync::Plan;
use crate::writeback::{WritebackOutcome, WritebackPlan};
use std::sync::Mutex;

/// One Sync Log line: surface, tab, issue, column, before, after, why.
pub type LogLine = [String; 7];

/// Lines waiting for the next batch.
#[derive(Debug, Default)]
pub struct PendingLog(Mutex<Vec<LogLine>>);

impl PendingLog {
    /// Adds the lines of what write-back and the board applied.
    pub fn record(
        &self,
        repo: &str,
        (wb, wb_done): (&WritebackPlan, Option<&WritebackOutcome>),
        (board, board_done): (Option<&BoardPlan>, Option<&BoardOutcome>),
    ) {
        let mut lines = wb_done.map_or_else(Vec::new, |d| github_lines(repo, wb, d));
        if let (Some(plan), Some(done)) = (board, board_done) {
            lines.extend(board_lines(plan, done));
        }
        self.lock().extend(lines);
    }

    /// Puts the waiting lines into `plan` when it logs (a plan without a Sync Log takes none).
    pub fn attach(&self, plan: &mut Plan) {
        if plan.sync_log.is_some() {
            plan.pending_log = self.lock().clone();
        }
    }

    /// Forgets the lines `plan` carried, once its batch applied.
    pub fn written(&self, plan: &Plan) {
        let mut lines = self.lock();
        let n = plan.pending_log.len().min(lines.len());
        lines.drain(..n);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<LogLine>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The write-back edits that were sent (the first `done.applied.len()`, in order).
fn github_lines(repo: &str, wb: &WritebackPlan, done: &WritebackOutcome) -> Vec<LogLine> {
    let edits = wb
        .writes
        .iter()
        .flat_map(|w| w.edits.iter().map(move |e| (w, e)));
    edits
        .take(done.applied.len())
        .map(|(w, e)| {
            [
                "GitHub".into(),
                repo.to_string(),
                format!("#{}", w.issue),
                "issue".into(),
                String::new(),
                e.to_string(),
                format!("write-back: {}", w.reason),
            ]
        })
        .collect()
}

/// The items added and the fields set that landed.
fn board_lines(plan: &BoardPlan, done: &BoardOutcome) -> Vec<LogLine> {
    let added = done.added.iter().map(|(n, _)| {
        [
            "board".into(),
            String::new(),
            format!("#{n}"),
            "item".into(),
            String::new(),
            "added".into(),
            "tracked, not on the board".into(),
        ]
    });
    let set = done.set.iter().filter_map(|k| plan.sets.get(*k)).map(|s| {
        [
            "board".into(),
            String::new(),
            format!("#{}", s.issue),
            s.field.clone(),
            s.before.clone(),
            s.value.shown().to_string(),
            format!("kepsync keeps {} true on the board", s.field),
        ]
    });
    added.chain(set).collect()
}
