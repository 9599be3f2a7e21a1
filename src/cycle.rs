//! One sync cycle against the services: snapshot → GitHub → plan → pre-write check → apply.

use crate::config::Config;
use crate::github::{CallStats, GithubAdapter, GithubError, GithubFacts, OpenKepPr};
use crate::keps::KepIndex;
use crate::readiness::{Readiness, Timestamp};
use crate::sheet::{Snapshot, WriteToken};
use crate::sheets::{SheetsAdapter, SheetsError};
use crate::sync::{
    self, ExtrasInput, KepView, Layout, LayoutError, OptionalTabs, Plan, PlanInput, Role,
};
use crate::writeback::{WritebackInput, WritebackOutcome, WritebackPlan, plan_writeback};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use thiserror::Error;

/// How many times a cycle re-plans when people changed the rows it was about to write.
const MAX_ATTEMPTS: u32 = 3;

/// Why a cycle failed. Nothing was written in any of these cases.
#[derive(Debug, Error)]
pub enum CycleError {
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("spreadsheet {spreadsheet}: tab(s) not found: {} (tabs are matched ignoring case and spaces)", .missing.join(", "))]
    MissingTabs {
        spreadsheet: String,
        missing: Vec<String>,
    },
    #[error(transparent)]
    Sheets(#[from] SheetsError),
    #[error(transparent)]
    Github(#[from] GithubError),
    #[error("the sheet kept changing under kepsync ({}); last difference: {last}", crate::human::count(*attempts, "attempt"))]
    Conflict { attempts: u32, last: String },
    /// The same difference stopped every attempt (or the previous cycle too): not people
    /// editing, but a cell kepsync cannot get past.
    #[error(
        "the same difference stopped the write again ({attempts} attempts, and it repeats): {last}. This is not people editing: kepsync cannot get past this cell; check it, and report it with the output of `kepsync plan`"
    )]
    PersistentConflict { attempts: u32, last: String },
}

impl CycleError {
    /// A short label for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            CycleError::Layout(_) | CycleError::MissingTabs { .. } => "config",
            CycleError::Sheets(_) => "sheets",
            CycleError::Github(_) => "github",
            CycleError::Conflict { .. } => "conflict",
            CycleError::PersistentConflict { .. } => "persistent_conflict",
        }
    }
}

/// Plan only, or plan and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Plan,
    Apply,
}

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

/// The connected services and what they remember between cycles.
pub struct Syncer {
    pub config: Config,
    pub sheets: SheetsAdapter,
    pub github: GithubAdapter,
    /// Actual tab titles, resolved once from the configured names.
    titles: Mutex<Option<Vec<String>>>,
    conflicts: ConflictMemory,
}

impl Syncer {
    pub fn new(config: Config, sheets: SheetsAdapter, github: GithubAdapter) -> Self {
        Syncer {
            config,
            sheets,
            github,
            titles: Mutex::new(None),
            conflicts: ConflictMemory::default(),
        }
    }

    /// Runs one cycle.
    pub async fn cycle(&self, mode: Mode) -> Result<CycleReport, CycleError> {
        let started = Instant::now();
        let (reads0, writes0) = self.sheets_counts();
        let github0 = self.github.stats();
        let result = self.cycle_inner(mode).await;
        let (reads1, writes1) = self.sheets_counts();
        let (plan, applied, attempts, rows_by_status, writeback, readiness) = result?;
        let written = self.write_back(mode, &writeback).await;
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
        let s = self.sheets.stats();
        (s.reads, s.writes)
    }

    async fn cycle_inner(&self, mode: Mode) -> Result<CycleOutcome, CycleError> {
        let clock = Timestamp::now();
        let (titles, snapshot) = self.snapshot().await?;
        let cfg = &self.config;
        let layout = Layout::locate(&snapshot, &titles, &cfg.columns, &cfg.github.repo)?;
        let rows_by_status = rows_by_status(&layout, &cfg.columns);
        let numbers = issue_numbers(&layout);
        let facts = self.github.observe(&numbers).await?;
        let knowledge = Knowledge::from_facts(facts);
        let (mut plan, readiness) = knowledge.plan(&snapshot, &layout, cfg, clock);
        let readiness = knowledge.readiness_rows(&layout, &plan, &readiness);
        let wb = knowledge.writeback(&layout, cfg);
        if mode == Mode::Plan || plan.is_empty() {
            return Ok((plan, false, 1, rows_by_status, wb, readiness));
        }
        let note = token_note(clock);
        let mut basis = snapshot.write_token.clone();
        let mut differences = Vec::new();
        for attempt in 1..=MAX_ATTEMPTS {
            let mut now = self.sheets.snapshot(&titles).await?;
            let now_layout = Layout::locate(&now, &titles, &cfg.columns, &cfg.github.repo)?;
            let mut stale = written_since(basis.as_ref(), &now);
            stale.extend(sync::stale(&plan, &now_layout));
            stale.extend(plan.extra.stale(&now));
            let mut lost = false;
            if stale.is_empty() {
                let requests = sync::to_requests(&plan);
                match self
                    .sheets
                    .apply_after(basis.as_ref(), &note, requests)
                    .await
                {
                    Ok(_) => {
                        self.conflicts.clear();
                        return Ok((plan, true, attempt, rows_by_status, wb, readiness));
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
            plan = knowledge.plan(&now, &now_layout, cfg, clock).0;
            basis = now.write_token.clone();
            if plan.is_empty() {
                self.conflicts.clear();
                return Ok((plan, false, attempt + 1, rows_by_status, wb, readiness));
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
        Ok(found)
    }
}

/// The token's value: who applied the batch and when, for whoever reads the metadata.
fn token_note(clock: Timestamp) -> String {
    format!(
        "kepsync {} pid {} at {}",
        env!("CARGO_PKG_VERSION"),
        std::process::id(),
        clock.rfc3339()
    )
}

/// A difference when another kepsync applied a batch since `basis` was read.
fn written_since(basis: Option<&WriteToken>, now: &Snapshot) -> Vec<String> {
    let id = |t: Option<&WriteToken>| t.map_or("none".to_string(), |t| t.id.to_string());
    if basis.map(|t| t.id) == now.write_token.as_ref().map(|t| t.id) {
        return Vec::new();
    }
    vec![format!(
        "another kepsync wrote to the sheet since it was read (write token {} → {})",
        id(basis),
        id(now.write_token.as_ref())
    )]
}

/// The differences that stopped recent cycles, to tell a cell kepsync cannot get past (the same
/// difference every time) from people editing (a different one each time).
#[derive(Debug, Default)]
struct ConflictMemory {
    last: Mutex<Option<String>>,
}

impl ConflictMemory {
    fn clear(&self) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The error for a cycle whose attempts all met a difference (`differences`, one each):
    /// persistent when every attempt, or the previous failed cycle too, met the same one.
    fn failed(&self, differences: Vec<String>) -> CycleError {
        let attempts = differences.len() as u32;
        let last = differences.last().cloned().unwrap_or_default();
        let mut previous = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let repeated_across_cycles = previous.as_deref() == Some(last.as_str());
        let repeated_within = attempts > 1 && differences.iter().all(|d| *d == last);
        *previous = Some(last.clone());
        if repeated_within || repeated_across_cycles {
            CycleError::PersistentConflict { attempts, last }
        } else {
            CycleError::Conflict { attempts, last }
        }
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

fn rows_by_status(
    layout: &Layout<'_>,
    names: &crate::config::ColumnNames,
) -> Vec<(String, String, u64)> {
    let _ = names;
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for role in [Role::Enhancements, Role::Removed] {
        let t = layout.get(role);
        let Some(c) = t.col(sync::Column::Status) else {
            continue;
        };
        for r in &t.rows {
            let status = t.tab.text(r.row, c).trim();
            let status = if status.is_empty() { "(blank)" } else { status };
            *counts
                .entry((role.to_string(), status.to_string()))
                .or_default() += 1;
        }
    }
    counts.into_iter().map(|((t, s), n)| (t, s, n)).collect()
}

/// The inner cycle's outcome: plan, applied, attempts, rows by status, write-back, readiness rows.
type CycleOutcome = (
    Plan,
    bool,
    u32,
    Vec<(String, String, u64)>,
    WritebackPlan,
    Vec<(u64, String, Readiness)>,
);

/// What GitHub and the KEP tree say, in the shape planning wants.
pub struct Knowledge {
    issues: BTreeMap<u64, crate::github::IssueLookup>,
    keps: BTreeMap<u64, KepView>,
    open_prs: BTreeMap<u64, OpenKepPr>,
    /// The whole index (PRR files, README findings, OWNERS_ALIASES) for readiness and the data tab.
    index: KepIndex,
    /// Every open KEP PR (readiness flags any PR still touching a merged KEP).
    all_prs: Vec<OpenKepPr>,
}

impl Knowledge {
    /// Takes the facts by value: the KEP files (mostly READMEs, ~20 MB for 650 KEPs) are
    /// handed to the index without a copy and dropped once scanned.
    pub fn from_facts(facts: GithubFacts) -> Knowledge {
        let index = KepIndex::from_files(facts.kep_files);
        Knowledge {
            keps: kep_views(&index),
            open_prs: open_prs_by_kep(&facts.open_prs),
            issues: facts.issues,
            index,
            all_prs: facts.open_prs,
        }
    }

    /// The GitHub write-back the sheet asks for; empty unless `[github] write = true`.
    pub fn writeback(&self, layout: &Layout<'_>, cfg: &Config) -> WritebackPlan {
        if !cfg.github.write {
            return WritebackPlan::default();
        }
        plan_writeback(&WritebackInput {
            layout,
            issues: &self.issues,
            keps: &self.keps,
            release: &cfg.release(),
        })
    }

    /// The core plan plus Readiness cells, the data tab and the generated tabs; and the
    /// readiness of every evaluated issue. `now` is the cycle's clock.
    pub fn plan(
        &self,
        snapshot: &Snapshot,
        layout: &Layout<'_>,
        cfg: &Config,
        now: Timestamp,
    ) -> (Plan, BTreeMap<u64, Readiness>) {
        let mut plan = sync::plan(&PlanInput {
            layout,
            names: &cfg.columns,
            repo: &cfg.github.repo,
            issues: &self.issues,
            keps: &self.keps,
            open_prs: &self.open_prs,
        });
        let calendar = cfg.calendar();
        let release = cfg.release();
        let readiness = sync::plan_extras(
            &ExtrasInput {
                layout,
                tabs: OptionalTabs::find(snapshot, &cfg.tabs),
                names: &cfg.columns,
                repo: &cfg.github.repo,
                release: &release,
                issues: &self.issues,
                index: &self.index,
                open_prs: &self.all_prs,
                calendar: calendar.as_ref(),
                now,
            },
            &mut plan,
        );
        (plan, readiness)
    }

    /// (issue, title, readiness) of every enhancement on Enhancements once `plan` is applied.
    pub fn readiness_rows(
        &self,
        layout: &Layout<'_>,
        plan: &Plan,
        readiness: &BTreeMap<u64, Readiness>,
    ) -> Vec<(u64, String, Readiness)> {
        let on_enhancements: std::collections::BTreeSet<u64> = sync::rows_after(layout, plan)
            .0
            .iter()
            .map(|r| r.issue)
            .collect();
        readiness
            .iter()
            .filter(|(n, _)| on_enhancements.contains(n))
            .map(|(n, r)| {
                let title = match self.issues.get(n) {
                    Some(crate::github::IssueLookup::Found(f)) => f.title.clone(),
                    _ => String::new(),
                };
                (*n, title, r.clone())
            })
            .collect()
    }
}

/// The newest open PR touching each KEP.
fn open_prs_by_kep(prs: &[OpenKepPr]) -> BTreeMap<u64, OpenKepPr> {
    let mut out: BTreeMap<u64, OpenKepPr> = BTreeMap::new();
    for pr in prs {
        for n in pr.kep_numbers() {
            if out.get(&n).is_none_or(|old| old.number < pr.number) {
                out.insert(n, pr.clone());
            }
        }
    }
    out
}

/// The merged KEPs planning needs, by number (the first by path where a number is used twice).
pub fn kep_views(index: &KepIndex) -> BTreeMap<u64, KepView> {
    let mut out = BTreeMap::new();
    for kep in &index.keps {
        let Some(n) = kep.number else { continue };
        out.entry(n).or_insert_with(|| KepView {
            yaml_path: kep.path.clone(),
            status: kep.status.clone(),
            stage: kep.stage.clone(),
            owning_sig: kep.owning_sig.clone(),
            readable: !(kep.title.is_empty() && kep.status.is_empty() && kep.owning_sig.is_empty()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_same_difference_on_every_attempt_is_a_persistent_conflict_naming_the_cell() {
        // Regression (issue 13): a cell kepsync read back in another form failed every cycle as
        // "the sheet kept changing", which reads as people editing and sends the operator to wait.
        let memory = ConflictMemory::default();
        let same = "Enhancements row 3 column Status: was \"X\", now \"X \"";
        let e = memory.failed(lines(&[same, same, same]));
        assert!(matches!(e, CycleError::PersistentConflict { .. }), "{e}");
        assert_eq!(e.kind(), "persistent_conflict");
        assert!(e.to_string().contains(same), "{e}");
        assert!(e.to_string().contains("not people editing"), "{e}");
    }

    #[test]
    fn differences_that_change_are_people_editing_until_one_repeats_across_cycles() {
        let memory = ConflictMemory::default();
        let e = memory.failed(lines(&["row 2: a", "row 5: b", "row 9: c"]));
        assert!(matches!(e, CycleError::Conflict { .. }), "{e}");
        let e = memory.failed(lines(&["row 4: d", "row 7: e", "row 9: c"]));
        assert!(matches!(e, CycleError::PersistentConflict { .. }), "{e}");
        memory.clear();
        let e = memory.failed(lines(&["row 1: f", "row 9: c"]));
        assert!(matches!(e, CycleError::Conflict { .. }), "{e}");
    }

    #[test]
    fn a_changed_write_token_is_a_difference() {
        let token = |id| {
            Some(WriteToken {
                id,
                value: String::new(),
            })
        };
        let snap = |t| Snapshot {
            write_token: t,
            ..Snapshot::default()
        };
        assert!(written_since(token(5).as_ref(), &snap(token(5))).is_empty());
        let d = written_since(token(5).as_ref(), &snap(token(6)));
        assert_eq!(
            d,
            ["another kepsync wrote to the sheet since it was read (write token 5 → 6)"]
        );
        assert_eq!(written_since(None, &snap(token(6))).len(), 1);
        assert!(written_since(None, &snap(None)).is_empty());
    }
}
