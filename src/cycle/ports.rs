//! The cycle's two small ports: what it needs from the sheet and from GitHub. The real adapters
//! implement them here; the cycle's unit tests implement them in memory.

use crate::board::{BoardOutcome, BoardPlan};
use crate::github::{CallStats, GithubAdapter, GithubError, GithubFacts};
use crate::model::board::Board;
use crate::sheet::{Snapshot, Tab, WriteToken};
use crate::sheets::{BatchRequest, SheetsAdapter, SheetsError};
use crate::writeback::{WritebackOutcome, WritebackPlan};
use std::future::Future;
use std::time::Duration;

/// Reading and writing the spreadsheet.
pub trait SheetStore {
    /// The named tabs (exact titles), in one read.
    fn snapshot(&self, tabs: &[String]) -> impl Future<Output = Result<Snapshot, SheetsError>>;
    /// Every tab, without cells.
    fn tabs(&self) -> impl Future<Output = Result<Vec<Tab>, SheetsError>>;
    /// One atomic batch carrying the write token planned from (see `sheets::token`).
    fn apply_after(
        &self,
        planned_from: Option<&WriteToken>,
        note: &str,
        requests: Vec<BatchRequest>,
    ) -> impl Future<Output = Result<(), SheetsError>>;
    /// Requests sent so far: (reads, writes).
    fn counts(&self) -> (u64, u64);
}

/// Reading GitHub (and the KEP tree through it), and the write-back edits.
pub trait GithubSource {
    /// The facts of these issues, the open KEP PRs and the KEP files.
    fn observe(&self, issues: &[u64]) -> impl Future<Output = Result<GithubFacts, GithubError>>;
    /// Applies write-back edits (paced); what was applied and what failed.
    fn apply_writes(&self, plan: &WritebackPlan) -> impl Future<Output = WritebackOutcome>;
    /// Requests sent so far.
    fn stats(&self) -> CallStats;
    /// The release board, read whole.
    fn observe_board(
        &self,
        owner: &str,
        number: u64,
    ) -> impl Future<Output = Result<Board, GithubError>> {
        let _ = (owner, number);
        async { Err(GithubError::Config("this source has no board".into())) }
    }
    /// Applies a board plan (paced); what was applied and what failed.
    fn apply_board(&self, plan: &BoardPlan, pause: Duration) -> impl Future<Output = BoardOutcome> {
        let _ = (plan, pause);
        async { BoardOutcome::default() }
    }
}

impl SheetStore for SheetsAdapter {
    async fn snapshot(&self, tabs: &[String]) -> Result<Snapshot, SheetsError> {
        SheetsAdapter::snapshot(self, tabs).await
    }

    async fn tabs(&self) -> Result<Vec<Tab>, SheetsError> {
        SheetsAdapter::tabs(self).await
    }

    async fn apply_after(
        &self,
        planned_from: Option<&WriteToken>,
        note: &str,
        requests: Vec<BatchRequest>,
    ) -> Result<(), SheetsError> {
        SheetsAdapter::apply_after(self, planned_from, note, requests)
            .await
            .map(drop)
    }

    fn counts(&self) -> (u64, u64) {
        let s = self.stats();
        (s.reads, s.writes)
    }
}

impl GithubSource for GithubAdapter {
    async fn observe(&self, issues: &[u64]) -> Result<GithubFacts, GithubError> {
        GithubAdapter::observe(self, issues).await
    }

    async fn apply_writes(&self, plan: &WritebackPlan) -> WritebackOutcome {
        GithubAdapter::apply_writes(self, plan).await
    }

    fn stats(&self) -> CallStats {
        GithubAdapter::stats(self)
    }

    async fn observe_board(&self, owner: &str, number: u64) -> Result<Board, GithubError> {
        GithubAdapter::observe_board(self, owner, number).await
    }

    async fn apply_board(&self, plan: &BoardPlan, pause: Duration) -> BoardOutcome {
        GithubAdapter::apply_board(self, plan, pause).await
    }
}
