//! Sync Log rows of GitHub write-back and board edits. Those happen after the sheet's batch, so
//! their rows wait here and go into the next batch kepsync writes (a cycle with only such rows
//! writes them: one write, no change to the sheet's cells). With a state directory the journal
//! is the record of what waits (`journal::pending_sync_log`, read on the first cycle), so a
//! restart or a one-shot `kepsync sync` leaves them for the next cycle; without one they wait
//! in memory only.

use crate::config::Config;
use crate::journal::{CycleRecord, Journal, pending_sync_log, sync_log_lines};
use crate::sync::{PendingLine, Plan};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Lines waiting for the next batch; `None` until read from the journal.
#[derive(Debug, Default)]
pub struct PendingLog(Mutex<Option<Vec<PendingLine>>>);

impl PendingLog {
    /// Adds the lines of what write-back and the board applied (the GitHub / board part of a
    /// cycle's record).
    pub fn record(&self, cfg: &Config, part: &CycleRecord) {
        let lines = sync_log_lines(part, &cfg.github.repo);
        self.with(cfg, |v| v.extend(lines));
    }

    /// Puts the waiting lines into `plan` when it logs (a plan without a Sync Log takes none).
    pub fn attach(&self, cfg: &Config, plan: &mut Plan) {
        if plan.sync_log.is_some() {
            plan.pending_log = self.with(cfg, |v| v.clone());
        }
    }

    /// Forgets the lines `plan` carried, once its batch applied; the cycles they came from.
    pub fn written(&self, cfg: &Config, plan: &Plan) -> Vec<String> {
        self.with(cfg, |lines| {
            let n = plan.pending_log.len().min(lines.len());
            lines.drain(..n);
        });
        let mut seen = BTreeSet::new();
        plan.pending_log
            .iter()
            .filter(|p| seen.insert(p.cycle.clone()))
            .map(|p| p.cycle.clone())
            .collect()
    }

    /// Runs `f` on the waiting lines, read from the journal the first time.
    fn with<R>(&self, cfg: &Config, f: impl FnOnce(&mut Vec<PendingLine>) -> R) -> R {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f(guard.get_or_insert_with(|| from_journal(cfg)))
    }
}

/// What the journal says still waits (nothing without a state directory or a Sync Log).
fn from_journal(cfg: &Config) -> Vec<PendingLine> {
    let Some(dir) = cfg.state_dir.as_deref() else {
        return Vec::new();
    };
    if cfg.tabs.sync_log.is_none() {
        return Vec::new();
    }
    match Journal::in_dir(dir).read() {
        Ok(Some(read)) => pending_sync_log(&read.records, &cfg.github.repo),
        Ok(None) => Vec::new(),
        Err(e) => {
            tracing::warn!(error = %e, "the journal could not be read; earlier GitHub and board edits waiting for the Sync Log are not written");
            Vec::new()
        }
    }
}
