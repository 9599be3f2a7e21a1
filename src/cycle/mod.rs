//! One sync cycle against the services: snapshot → GitHub → plan → pre-write check → apply.

use crate::board::BoardPlan;
use crate::config::Config;
use crate::github::GithubAdapter;
use crate::readiness::{Readiness, Timestamp};
use crate::sheet::Snapshot;
use crate::sheets::{SheetsAdapter, SheetsError};
use crate::sync::{self, BoardObserved, Layout, Observed, Plan, Role};
use crate::writeback::{WritebackOutcome, WritebackPlan};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

mod board_only;
mod board_part;
mod pending_log;
use pending_log::PendingLog;
mod conflicts;
mod error;
mod journaling;
mod notes;
mod ports;
mod report;

pub use crate::sync::{Knowledge, kep_views};
use conflicts::{ConflictMemory, token_note, written_since};
pub use error::CycleError;
pub use notes::NoteMemory;
pub use ports::{GithubSource, SheetStore};
pub use report::CycleReport;

/// How many times a cycle re-plans when people changed the rows it was about to write.
const MAX_ATTEMPTS: u32 = 3;

/// Plan only, or plan and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plan,
    Apply,
}

/// The connected services and what they remember between cycles.
pub type Syncer = Cycle<SheetsAdapter, GithubAdapter>;

/// A cycle over any [`SheetStore`] and [`GithubSource`] (the adapters, or fakes in tests), and
/// what it remembers between cycles.
pub struct Cycle<S, G> {
    pub config: Config,
    pub sheets: S,
    pub github: G,
    /// Actual tab titles, resolved once from the configured names.
    titles: Mutex<Option<Vec<String>>>,
    conflicts: ConflictMemory,
    /// The last cycle's notes, so the daemon logs only new ones.
    pub notes: NoteMemory,
    /// The cycle's clock: the wall clock, or a test's.
    clock: Clock,
    /// Sync Log lines of GitHub and board edits, for the next batch.
    pending_log: PendingLog,
}

/// Where a cycle reads the time (freezes, intake closing, Status advance).
pub type Clock = Box<dyn Fn() -> Timestamp + Send + Sync>;

impl<S: SheetStore, G: GithubSource> Cycle<S, G> {
    pub fn new(config: Config, sheets: S, github: G) -> Self {
        Cycle {
            config,
            sheets,
            github,
            titles: Mutex::new(None),
            conflicts: ConflictMemory::default(),
            notes: NoteMemory::default(),
            clock: Box::new(Timestamp::now),
            pending_log: PendingLog::default(),
        }
    }

    /// The same cycle reading the time from `clock` (tests step it across a freeze).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The time now, by this cycle's clock.
    pub(crate) fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// Runs one cycle.
    pub async fn cycle(&self, mode: Mode) -> Result<CycleReport, CycleError> {
        let started = Instant::now();
        let (reads0, writes0) = self.sheets_counts();
        let github0 = self.github.stats();
        let result = self.cycle_inner(mode).await;
        let (reads1, writes1) = self.sheets_counts();
        let CycleOutcome {
            plan,
            applied,
            attempts,
            rows_by_status,
            writeback,
            readiness,
            board,
            board_error,
            board_items,
            id,
        } = result?;
        let written = self.write_back(mode, &writeback).await;
        let board_written = self.write_board(mode, board.as_ref()).await;
        // A board-only cycle has no sheet batch, so no id yet.
        let id = match id.0.is_empty() {
            true => journaling::new_cycle_id(),
            false => id,
        };
        let part = journaling::github_applied(
            &self.config,
            &id,
            (&writeback, written.as_ref()),
            (board.as_ref(), board_written.as_ref()),
        );
        if let Some(part) = part.filter(|p| p.sync_log_pending) {
            self.pending_log.record(&self.config, &part);
        }
        Ok(CycleReport {
            plan,
            applied,
            attempts,
            duration: started.elapsed(),
            sheets_reads: reads1 - reads0,
            sheets_writes: writes1 - writes0,
            github: self.github.stats().since(github0),
            rows_by_status,
            writeback,
            written,
            readiness,
            board,
            board_written,
            board_error,
            board_items,
        })
    }

    /// Applies the write-back plan after the sheet write (never in plan mode).
    async fn write_back(&self, mode: Mode, plan: &WritebackPlan) -> Option<WritebackOutcome> {
        if mode == Mode::Plan || plan.is_empty() {
            return None;
        }
        Some(self.github.apply_writes(plan).await)
    }

    fn sheets_counts(&self) -> (u64, u64) {
        self.sheets.counts()
    }

    async fn cycle_inner(&self, mode: Mode) -> Result<CycleOutcome, CycleError> {
        if self.config.board_only() {
            return self.board_only_cycle().await;
        }
        let clock = self.now();
        let id = journaling::new_cycle_id();
        let (titles, snapshot) = self.snapshot().await?;
        let cfg = &self.config;
        let layout = Layout::locate(&snapshot, &titles, &cfg.columns, &cfg.github.repo)?;
        let rows_by_status = rows_by_status(&layout, cfg.vocabulary());
        let numbers = issue_numbers(&layout);
        let facts = self.github.observe(&numbers).await?;
        let knowledge = Knowledge::new(facts.issues, facts.open_prs, facts.kep_files)
            .with_labelled(facts.labelled);
        let (board, board_error) = self.observe_board().await;
        let board_observed = || board.as_ref().map(|board| BoardObserved { board });
        let observed = Observed {
            snapshot: &snapshot,
            layout: &layout,
            github: &knowledge,
            now: clock,
            board: board_observed(),
        };
        let planned = sync::plan_cycle(&observed, cfg);
        let mut plan = planned.sheet;
        self.pending_log.attach(cfg, &mut plan);
        let readiness = knowledge.readiness_rows(&layout, &plan, &planned.readiness);
        let mut out = CycleOutcome {
            plan: Plan::default(),
            applied: false,
            attempts: 1,
            rows_by_status,
            writeback: planned.writeback,
            readiness,
            board: planned.board,
            board_error,
            board_items: board.as_ref().map(|b| b.items.len() as u64),
            id: id.clone(),
        };
        if mode == Mode::Plan || plan.is_empty() {
            out.plan = plan;
            return Ok(out);
        }
        let note = token_note(clock);
        let mut basis = snapshot.write_token.clone();
        let mut differences = Vec::new();
        for attempt in 1..=MAX_ATTEMPTS {
            let mut now = self.sheets.snapshot(&titles).await?;
            let now_layout = Layout::locate(&now, &titles, &cfg.columns, &cfg.github.repo)?;
            let mut stale = written_since(basis.as_ref(), &now);
            stale.extend(sync::stale(&plan, &now, &now_layout));
            let mut lost = false;
            if stale.is_empty() {
                journaling::name_sync_log(&mut plan, &id);
                let requests = crate::sheets::apply::to_requests(&plan);
                match self
                    .sheets
                    .apply_after(basis.as_ref(), &note, requests)
                    .await
                {
                    Ok(_) => {
                        let logged = self.pending_log.written(cfg, &plan);
                        journaling::sheet_applied(cfg, &plan, &now, &id, logged);
                        self.conflicts.clear();
                        out.plan = plan;
                        out.applied = true;
                        out.attempts = attempt;
                        return Ok(out);
                    }
                    Err(e @ SheetsError::WrittenSinceRead { .. }) => {
                        stale.push(e.to_string());
                        lost = true;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            tracing::info!(attempt, first = %stale[0], "the sheet changed since it was read; planning again");
            differences.push(stale[0].clone());
            if attempt == MAX_ATTEMPTS {
                return Err(self.conflicts.failed(differences));
            }
            if lost {
                // `now` predates the other writer's batch: plan from what it wrote.
                now = self.sheets.snapshot(&titles).await?;
            }
            let now_layout = Layout::locate(&now, &titles, &cfg.columns, &cfg.github.repo)?;
            let observed = Observed {
                snapshot: &now,
                layout: &now_layout,
                github: &knowledge,
                now: clock,
                board: board_observed(),
            };
            // Everything is planned again from the re-read sheet, GitHub write-back and the
            // board too.
            let replanned = sync::plan_cycle(&observed, cfg);
            plan = replanned.sheet;
            self.pending_log.attach(cfg, &mut plan);
            out.writeback = replanned.writeback;
            out.board = replanned.board;
            basis = now.write_token.clone();
            if plan.is_empty() {
                self.conflicts.clear();
                out.plan = plan;
                out.attempts = attempt + 1;
                return Ok(out);
            }
        }
        unreachable!("the loop returns on its last attempt")
    }

    /// Reads the four tabs in one request, resolving their titles first if needed.
    async fn snapshot(&self) -> Result<(Vec<String>, Snapshot), CycleError> {
        let cached = self
            .titles
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let names = &self.config.tabs;
        let wanted = cached.unwrap_or_else(|| {
            let mut all = vec![
                names.collection.clone(),
                names.enhancements.clone(),
                names.removed.clone(),
                names.docs.clone(),
            ];
            // Named optional tabs are read in the same request; a missing one is resolved away.
            all.extend(names.optional().into_iter().map(str::to_string));
            all.extend(names.sync_log.clone().filter(|n| !n.trim().is_empty()));
            all
        });
        let snapshot = match self.sheets.snapshot(&wanted).await {
            Ok(s) => s,
            Err(SheetsError::MissingTabs(_)) => {
                let titles = self.resolve_titles().await?;
                let s = self.sheets.snapshot(&titles).await?;
                *self.titles.lock().unwrap_or_else(|e| e.into_inner()) = Some(titles.clone());
                return Ok((titles, s));
            }
            Err(e) => return Err(e.into()),
        };
        *self.titles.lock().unwrap_or_else(|e| e.into_inner()) = Some(wanted.clone());
        Ok((wanted, snapshot))
    }

    async fn resolve_titles(&self) -> Result<Vec<String>, CycleError> {
        let tabs = self.sheets.tabs().await?;
        let titles: Vec<String> = tabs.into_iter().map(|t| t.title).collect();
        let mut found = sync::resolve_titles(&self.config.tabs, &titles).map_err(|missing| {
            CycleError::MissingTabs {
                spreadsheet: self.config.spreadsheet_id.clone(),
                missing,
            }
        })?;
        // The optional tabs (data, Dashboard, Feature stats) are read when present, skipped when not.
        found.extend(sync::optional_titles(&self.config.tabs, &titles));
        found.extend(sync::sync_log_title(
            self.config.tabs.sync_log.as_deref(),
            &titles,
        ));
        Ok(found)
    }
}

/// Every issue number referenced on any of the four tabs, sorted.
pub fn issue_numbers(layout: &Layout<'_>) -> Vec<u64> {
    let mut out: Vec<u64> = Role::ALL
        .iter()
        .flat_map(|r| layout.get(*r).rows.iter().filter_map(|row| row.number()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// (tab, meaning, rows) of Enhancements and Removed: each Status by what it means in the
/// configured vocabulary (`blank`, `unknown` for words it does not know), so the metric's series
/// stay few whatever people type.
fn rows_by_status(layout: &Layout<'_>, v: &crate::model::Vocabulary) -> Vec<(String, String, u64)> {
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for role in [Role::Enhancements, Role::Removed] {
        let t = layout.get(role);
        let Some(c) = t.col(sync::Column::Status) else {
            continue;
        };
        for r in &t.rows {
            let meaning = v.metric_label(t.tab.text(r.row, c));
            *counts.entry((role.to_string(), meaning)).or_default() += 1;
        }
    }
    counts.into_iter().map(|((t, s), n)| (t, s, n)).collect()
}

/// The inner cycle's outcome.
#[derive(Default)]
struct CycleOutcome {
    plan: Plan,
    applied: bool,
    attempts: u32,
    rows_by_status: Vec<(String, String, u64)>,
    writeback: WritebackPlan,
    readiness: Vec<(u64, String, Readiness)>,
    board: Option<BoardPlan>,
    board_error: Option<String>,
    board_items: Option<u64>,
    /// This cycle's journal id and time.
    id: (String, String),
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fakes_tests;
