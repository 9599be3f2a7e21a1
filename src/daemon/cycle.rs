//! One cycle of `kepsync run`: what it cost (read from the adapters' counters, so failed cycles
//! count too), metrics, health, and its one summary line.

use crate::cycle::{CycleError, CycleReport, Mode, Syncer};
use crate::github::CallStats;
use crate::ops::{self, Health, Metrics, RequestTally};
use crate::sheets::SheetsStats;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Runs one cycle and records it in `metrics` and `health`, logging exactly one summary line.
pub async fn run_cycle(syncer: &Syncer, metrics: &Metrics, health: &Health) {
    let before = Counts::of(syncer);
    let started = Instant::now();
    let result = syncer.cycle(Mode::Apply).await;
    let spent = Counts::of(syncer).since(&before);
    let report = ops_report(&result, &spent, started.elapsed());
    metrics.observe(&report);
    match &result {
        Ok(r) => {
            log_changes(r);
            log_new_notes(syncer, r);
            report.log_summary(None);
            health.record_success(Instant::now());
        }
        Err(e) => {
            report.log_summary(Some(e));
            health.record_failure();
        }
    }
}

/// The adapters' cumulative counters at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub sheets: SheetsStats,
    pub github: CallStats,
}

impl Counts {
    fn of(syncer: &Syncer) -> Counts {
        let mut github = syncer.github.stats();
        // The gauge shows the last answer's budget, not the lowest since start.
        github.rate_limit_remaining = syncer.github.last_rate_limit_remaining();
        Counts {
            sheets: syncer.sheets.stats(),
            github,
        }
    }

    /// What was spent between `before` and `self` (the rate limit is the latest seen).
    pub fn since(&self, before: &Counts) -> Counts {
        let (s, b) = (&self.sheets, &before.sheets);
        Counts {
            sheets: SheetsStats {
                reads: s.reads.saturating_sub(b.reads),
                writes: s.writes.saturating_sub(b.writes),
                retries: s.retries.saturating_sub(b.retries),
                failures: s.failures.saturating_sub(b.failures),
            },
            github: self.github.since(before.github),
        }
    }
}

/// Sheets attempts by outcome: every attempt is a retry, a final failure, or ok.
pub fn sheets_tally(s: &SheetsStats) -> RequestTally {
    let attempts = s.reads + s.writes;
    RequestTally {
        ok: attempts.saturating_sub(s.retries + s.failures),
        not_modified: 0,
        error: s.failures,
        retry: s.retries,
    }
}

/// GitHub requests by outcome; `failed` says the cycle stopped on a GitHub error (its last request).
pub fn github_tally(g: &CallStats, failed: bool) -> RequestTally {
    let requests = u64::from(g.requests);
    let error = u64::from(failed).min(requests);
    let (not_modified, retry) = (u64::from(g.not_modified), u64::from(g.retries));
    RequestTally {
        ok: requests.saturating_sub(not_modified + retry + error),
        not_modified,
        error,
        retry,
    }
}

/// What the ops layer needs to know about one cycle.
pub fn ops_report(
    result: &Result<CycleReport, CycleError>,
    spent: &Counts,
    duration: Duration,
) -> ops::CycleRecord {
    let github_failed = matches!(result, Err(CycleError::Github(_)));
    let (rows_by_status, changes) = match result {
        Ok(r) if r.applied => (r.rows_by_status.clone(), r.plan.change_count() as u64),
        Ok(r) => (r.rows_by_status.clone(), 0),
        Err(_) => (Vec::new(), 0),
    };
    ops::CycleRecord {
        outcome: result.as_ref().map(|_| ()).map_err(CycleError::kind),
        duration,
        sheets: sheets_tally(&spent.sheets),
        github: github_tally(&spent.github, github_failed),
        github_rate_limit_remaining: spent.github.rate_limit_remaining,
        rows_by_status,
        changes,
        finished_at_unix: unix_now(),
        board: board_tally(result),
    }
}

fn board_tally(result: &Result<CycleReport, CycleError>) -> ops::BoardTally {
    let Ok(r) = result else {
        return ops::BoardTally::default();
    };
    let written = r.board_written.as_ref();
    ops::BoardTally {
        mutations: written.map_or(0, |w| w.applied.len() as u64),
        refused: written.map_or(0, |w| u64::from(w.error.is_some())),
        conflicts: r.board.as_ref().map_or(0, |b| b.conflicts.len() as u64),
        items: r.board_items,
    }
}

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// The plan's and the board's notes the last cycle did not have (an issue opted in after the
/// freeze, a formula left alone, …), once each, even when the cycle wrote nothing.
fn log_new_notes(syncer: &Syncer, report: &CycleReport) {
    let board = report.board.iter().flat_map(|b| &b.notes);
    for note in syncer
        .notes
        .new_since_last(report.plan.warnings.iter().chain(board))
    {
        tracing::warn!(target: "kepsync::note", "{note}");
    }
}

/// Each applied change on its own line (target `kepsync::change`): the operators' audit trail,
/// the sheet's and the board's.
fn log_changes(report: &CycleReport) {
    if report.applied {
        for line in report.plan.to_string().lines() {
            tracing::info!(target: "kepsync::change", "{line}");
        }
    }
    let board = report.board_written.iter().flat_map(|w| &w.applied);
    for line in board {
        tracing::info!(target: "kepsync::change", "board: {line}");
    }
    for c in report.board.iter().flat_map(|b| &b.conflicts) {
        tracing::warn!(target: "kepsync::change", issue = c.issue, "board conflict: {}", c.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheets_attempts_split_into_ok_retry_and_error() {
        let s = SheetsStats {
            reads: 5,
            writes: 1,
            retries: 3,
            failures: 1,
        };
        let t = sheets_tally(&s);
        assert_eq!((t.ok, t.retry, t.error), (2, 3, 1));
        assert_eq!(t.total(), 6);
    }

    #[test]
    fn github_requests_split_into_ok_304_retry_and_error() {
        let g = CallStats {
            requests: 10,
            not_modified: 4,
            retries: 2,
            ..CallStats::default()
        };
        let ok = github_tally(&g, false);
        assert_eq!((ok.ok, ok.not_modified, ok.retry, ok.error), (4, 4, 2, 0));
        let failed = github_tally(&g, true);
        assert_eq!((failed.ok, failed.error), (3, 1));
        assert_eq!(failed.total(), 10);
        assert_eq!(github_tally(&CallStats::default(), true).total(), 0);
    }

    #[test]
    fn counts_since_subtract_and_keep_the_latest_rate_limit() {
        let before = Counts {
            sheets: SheetsStats {
                reads: 2,
                ..SheetsStats::default()
            },
            github: CallStats {
                requests: 3,
                rate_limit_remaining: Some(4990),
                ..CallStats::default()
            },
        };
        let mut after = before;
        after.sheets.reads = 5;
        after.sheets.failures = 1;
        after.github.requests = 7;
        after.github.rate_limit_remaining = Some(4986);
        let spent = after.since(&before);
        assert_eq!((spent.sheets.reads, spent.sheets.failures), (3, 1));
        assert_eq!(spent.github.requests, 4);
        assert_eq!(spent.github.rate_limit_remaining, Some(4986));
    }
}
