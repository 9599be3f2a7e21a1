//! The planner's one entry, [`plan`]: everything a cycle decides (the sheet's cells, rows and
//! moves, Readiness, the optional tabs, GitHub write-back) from what it observed and the
//! settings. Pure: the same input gives the same [`CyclePlan`].

use super::derive::KepView;
use super::layout::Layout;
use super::optional_tabs::OptionalTabs;
use super::plan::{Plan, PlanInput};
use super::plan_extras::{ExtrasInput, plan_extras};
use super::sheet_rows::rows_after;
use crate::board::BoardPlan;
use crate::config::Config;
use crate::keps::KepIndex;
use crate::model::board::Board;
use crate::model::{IssueLookup, LabelledIssues, OpenKepPr};
use crate::readiness::{Readiness, Timestamp};
use crate::sheet::Snapshot;
use crate::writeback::{WritebackInput, WritebackPlan, plan_writeback};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What one cycle observed: the sheet as read (and its layout), GitHub and the KEP tree, and the
/// cycle's clock.
pub struct Observed<'a> {
    pub snapshot: &'a Snapshot,
    pub layout: &'a Layout<'a>,
    pub github: &'a Knowledge,
    pub now: Timestamp,
    /// The release's board, when `[board]` is set and it was read.
    pub board: Option<BoardObserved<'a>>,
}

/// The board as observed (the Status it and the sheet last agreed on is read from the sheet).
pub struct BoardObserved<'a> {
    pub board: &'a Board,
}

/// Everything one cycle decides.
#[derive(Debug, Clone, Default)]
pub struct CyclePlan {
    /// The sheet's changes, applied in one batch.
    pub sheet: Plan,
    /// Freeze readiness of every evaluated issue (empty without a `[calendar]`).
    pub readiness: BTreeMap<u64, Readiness>,
    /// GitHub issue edits, applied after the sheet (empty unless `[github] write = true`).
    pub writeback: WritebackPlan,
    /// The board's items and fields, applied after the sheet (`None` without a board).
    pub board: Option<BoardPlan>,
}

/// The planner: every change of one cycle, from what it observed and the settings.
pub fn plan(observed: &Observed<'_>, settings: &Config) -> CyclePlan {
    let (mut sheet, readiness) = observed.github.sheet_plan(observed, settings);
    let advance = settings.calendar().filter(|_| settings.status.advance);
    if let Some(calendar) = &advance {
        let seen = super::advance::read_seen(observed.snapshot);
        let input = super::advance::AdvanceInput {
            layout: observed.layout,
            vocabulary: settings.vocabulary(),
            calendar,
            now: observed.now,
            readiness: &readiness,
            seen: &seen,
        };
        super::advance::plan_advance(&input, &mut sheet);
    }
    let board = observed.board.as_ref().and_then(|b| {
        observed
            .github
            .board_plan(observed, b, &mut sheet, settings)
    });
    if advance.is_some() {
        super::advance::remember(observed.snapshot, observed.layout, observed.now, &mut sheet);
    }
    sheet.sync_log = super::why::sync_log_target(
        observed.snapshot,
        settings.tabs.sync_log.as_deref(),
        settings.sync_log.max_rows,
    );
    CyclePlan {
        writeback: observed.github.writeback(observed.layout, settings),
        sheet,
        readiness,
        board,
    }
}

/// What GitHub and the KEP tree say, in the shape planning wants.
pub struct Knowledge {
    pub(super) issues: BTreeMap<u64, IssueLookup>,
    pub(super) keps: BTreeMap<u64, KepView>,
    pub(super) open_prs: BTreeMap<u64, OpenKepPr>,
    /// The whole index (PRR files, README findings, OWNERS_ALIASES) for readiness and the data tab.
    pub(super) index: KepIndex,
    /// Every open KEP PR (readiness flags any PR still touching a merged KEP).
    all_prs: Vec<OpenKepPr>,
    /// Label intake's listing, when `[intake] label` is set.
    pub(super) labelled: Option<LabelledIssues>,
}

impl Knowledge {
    /// Takes the facts by value: the KEP files (mostly READMEs, ~20 MB for 650 KEPs) are
    /// handed to the index without a copy and dropped once scanned.
    pub fn new(
        issues: BTreeMap<u64, IssueLookup>,
        open_prs: Vec<OpenKepPr>,
        kep_files: Vec<(String, Arc<Vec<u8>>)>,
    ) -> Knowledge {
        let index = KepIndex::from_files(kep_files);
        Knowledge {
            keps: kep_views(&index),
            open_prs: open_prs_by_kep(&open_prs),
            issues,
            index,
            all_prs: open_prs,
            labelled: None,
        }
    }

    /// With label intake's listing (`None`: label intake is off).
    pub fn with_labelled(mut self, labelled: Option<LabelledIssues>) -> Knowledge {
        self.labelled = labelled;
        self
    }

    /// The GitHub write-back the sheet asks for; empty unless `[github] write = true`.
    fn writeback(&self, layout: &Layout<'_>, cfg: &Config) -> WritebackPlan {
        if !cfg.github.write {
            return WritebackPlan::default();
        }
        plan_writeback(&WritebackInput {
            layout,
            issues: &self.issues,
            keps: &self.keps,
            release: &cfg.release(),
            vocabulary: cfg.vocabulary(),
        })
    }

    /// The core plan plus Readiness cells, the data tab and the generated tabs; and the
    /// readiness of every evaluated issue.
    fn sheet_plan(&self, o: &Observed<'_>, cfg: &Config) -> (Plan, BTreeMap<u64, Readiness>) {
        let layout = o.layout;
        let mut plan = super::sheet_plan::plan(&PlanInput {
            layout,
            names: &cfg.columns,
            repo: &cfg.github.repo,
            issues: &self.issues,
            keps: &self.keps,
            open_prs: &self.open_prs,
            vocabulary: cfg.vocabulary(),
            next_freeze: cfg.calendar().and_then(|c| c.next_freeze(o.now)),
            intake: super::intake_rules::IntakeRules::new(cfg, self.labelled.as_ref(), o.now),
        });
        let calendar = cfg.calendar();
        let release = cfg.release();
        let readiness = plan_extras(
            &ExtrasInput {
                layout,
                tabs: OptionalTabs::find(o.snapshot, &cfg.tabs),
                names: &cfg.columns,
                repo: &cfg.github.repo,
                release: &release,
                issues: &self.issues,
                index: &self.index,
                open_prs: &self.all_prs,
                calendar: calendar.as_ref(),
                now: o.now,
                vocabulary: cfg.vocabulary(),
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
        let on_enhancements: std::collections::BTreeSet<u64> =
            rows_after(layout, plan).0.iter().map(|r| r.issue).collect();
        readiness
            .iter()
            .filter(|(n, _)| on_enhancements.contains(n))
            .map(|(n, r)| {
                let title = match self.issues.get(n) {
                    Some(IssueLookup::Found(f)) => f.title.clone(),
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
