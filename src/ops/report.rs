//! What one sync cycle tells the ops layer: outcome, duration, request tallies, rows, changes.

use std::time::Duration;

/// Requests one adapter sent during a cycle, by outcome.
///
/// `retry` counts the attempts that were retried (a 429/5xx answered and tried again);
/// `error` counts requests that failed for good; `not_modified` is GitHub's free 304.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequestTally {
    pub ok: u64,
    pub not_modified: u64,
    pub error: u64,
    pub retry: u64,
}

impl RequestTally {
    /// Every request sent, whatever its outcome.
    pub fn total(&self) -> u64 {
        self.ok + self.not_modified + self.error + self.retry
    }
}

/// The result of one sync cycle, as the daemon (or `kepsync sync`) hands it to [`crate::ops::Metrics`].
#[derive(Debug, Clone, PartialEq)]
pub struct CycleRecord {
    /// `Err(kind)` names the failure kind, one of [`crate::ops::FAILURE_KINDS`]
    /// (`config`, `sheets`, `github`, `conflict`, `internal`); other text counts as `internal`.
    pub outcome: Result<(), &'static str>,
    pub duration: Duration,
    pub sheets: RequestTally,
    pub github: RequestTally,
    /// `X-RateLimit-Remaining` from the last GitHub answer, if any request was sent.
    pub github_rate_limit_remaining: Option<u32>,
    /// `(tab, status, rows)` as read this cycle; empty when the sheet was not read.
    pub rows_by_status: Vec<(String, String, u64)>,
    /// Cell changes written to the sheet.
    pub changes: u64,
    /// When the cycle ended, in Unix seconds.
    pub finished_at_unix: f64,
    /// The board part of the cycle (all zero without `[board]`).
    pub board: BoardTally,
}

/// What one cycle did on the release board.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoardTally {
    /// Mutations applied.
    pub mutations: u64,
    /// Mutations refused (the first refusal stops the rest).
    pub refused: u64,
    /// Status differences left alone because both surfaces changed.
    pub conflicts: u64,
    /// Items on the board as read (`None` when it was not read).
    pub items: Option<u64>,
}

impl CycleRecord {
    /// Whether this cycle read the sheet, so its row counts replace the previous ones.
    pub fn read_rows(&self) -> bool {
        self.outcome.is_ok() || !self.rows_by_status.is_empty()
    }

    /// Logs the one summary line per cycle: info when it succeeded; error with the kind, and the
    /// error itself when given, when not.
    pub fn log_summary(&self, error: Option<&dyn std::fmt::Display>) {
        let duration_ms = u64::try_from(self.duration.as_millis()).unwrap_or(u64::MAX);
        match self.outcome {
            Ok(()) => tracing::info!(
                changes = self.changes,
                sheets_requests = self.sheets.total(),
                github_requests = self.github.total(),
                github_not_modified = self.github.not_modified,
                retries = self.sheets.retry + self.github.retry,
                duration_ms,
                "cycle ok"
            ),
            Err(kind) => tracing::error!(
                kind,
                changes = self.changes,
                sheets_requests = self.sheets.total(),
                github_requests = self.github.total(),
                errors = self.sheets.error + self.github.error,
                retries = self.sheets.retry + self.github.retry,
                duration_ms,
                "cycle failed{}",
                error.map(|e| format!(": {e}")).unwrap_or_default()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(outcome: Result<(), &'static str>, rows: Vec<(String, String, u64)>) -> CycleRecord {
        CycleRecord {
            outcome,
            duration: Duration::from_millis(1500),
            sheets: RequestTally::default(),
            github: RequestTally::default(),
            github_rate_limit_remaining: None,
            rows_by_status: rows,
            changes: 0,
            finished_at_unix: 0.0,
            board: Default::default(),
        }
    }

    #[test]
    fn total_counts_every_outcome() {
        let t = RequestTally {
            ok: 3,
            not_modified: 5,
            error: 1,
            retry: 2,
        };
        assert_eq!(t.total(), 11);
    }

    #[test]
    fn rows_count_when_the_cycle_succeeded_or_read_some() {
        assert!(report(Ok(()), vec![]).read_rows());
        assert!(!report(Err("sheets"), vec![]).read_rows());
        let rows = vec![("Enhancements".into(), "Tracked".into(), 3)];
        assert!(report(Err("conflict"), rows).read_rows());
    }
}
