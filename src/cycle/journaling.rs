//! What a cycle writes to the journal (`crate::journal`): the sheet part right after its batch
//! applies, and the GitHub / board part once those edits are sent, under the same cycle id. A
//! journal that cannot be written is logged, not fatal: the sheet write has landed, and the
//! Sync Log tab (when on) holds the same changes.

use crate::board::{BoardOutcome, BoardPlan};
use crate::config::Config;
use crate::journal::{CycleRecord, Journal, board_changes, cycle_id, github_changes, record_of};
use crate::sheet::Snapshot;
use crate::sync::Plan;
use crate::writeback::{WritebackOutcome, WritebackPlan};

/// This cycle's id and time (`20261202-101500-123`, RFC 3339), from the clock.
pub(super) fn new_cycle_id() -> (String, String) {
    cycle_id(jiff::Timestamp::now().as_millisecond())
}

/// Names the plan's Sync Log rows after this cycle.
pub(super) fn name_sync_log(plan: &mut Plan, id: &(String, String)) {
    if let Some(t) = plan.sync_log.as_mut() {
        t.cycle = id.0.clone();
        t.time = id.1.clone();
    }
}

fn journal(cfg: &Config) -> Option<Journal> {
    cfg.state_dir.as_deref().map(Journal::in_dir)
}

fn append(j: &Journal, r: &CycleRecord) {
    if let Err(e) = j.append(r) {
        tracing::error!(error = %e, cycle = %r.cycle, "the journal could not be written; this cycle cannot be undone with kepsync undo");
    }
}

/// Journals an applied sheet batch, with the cycles whose waiting Sync Log rows it wrote.
pub(super) fn sheet_applied(
    cfg: &Config,
    plan: &Plan,
    now: &Snapshot,
    id: &(String, String),
    log_written: Vec<String>,
) {
    if let Some(j) = journal(cfg) {
        let mut record = record_of(plan, now, &id.0, &id.1);
        record.sync_log_written = log_written;
        append(&j, &record);
    }
}

/// Journals the GitHub write-back and board mutations a cycle sent, if any, and returns that
/// part of the record. With a Sync Log tab (and a sheet to hold it) the part is marked
/// `sync_log_pending`: its rows go into the next batch kepsync writes.
pub(super) fn github_applied(
    cfg: &Config,
    id: &(String, String),
    writeback: (&WritebackPlan, Option<&WritebackOutcome>),
    board: (Option<&BoardPlan>, Option<&BoardOutcome>),
) -> Option<CycleRecord> {
    let github = match writeback {
        (plan, Some(done)) => github_changes(plan, done.applied.len()),
        _ => Vec::new(),
    };
    let board = match board {
        (Some(plan), Some(done)) => board_changes(plan, done),
        _ => Vec::new(),
    };
    if github.is_empty() && board.is_empty() {
        return None;
    }
    let landed = github.iter().any(|c| c.applied) || board.iter().any(|c| c.applied);
    let part = CycleRecord {
        cycle: id.0.clone(),
        time: id.1.clone(),
        github,
        board,
        sync_log_pending: landed && cfg.tabs.sync_log.is_some() && !cfg.board_only(),
        ..CycleRecord::default()
    };
    if let Some(j) = journal(cfg) {
        append(&j, &part);
    }
    Some(part)
}
