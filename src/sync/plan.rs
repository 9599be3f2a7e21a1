//! The plan: every change one cycle makes to the sheet, computed by a pure function of what was read.

use super::derive::{Derived, Fill, KepView, derive};
use super::edit::CellSet;
use super::layout::{Column, Layout, Role, TabLayout};
use crate::config::ColumnNames;
use crate::model::{Freeze, IssueLookup, OpenKepPr, Vocabulary};
use crate::sheet::{Cell, Rgb};
use std::collections::BTreeMap;

/// Everything planning reads.
pub struct PlanInput<'a> {
    pub layout: &'a Layout<'a>,
    pub names: &'a ColumnNames,
    /// `owner/name` of the enhancements repository.
    pub repo: &'a str,
    pub issues: &'a BTreeMap<u64, IssueLookup>,
    /// Merged KEPs by KEP number (= issue number).
    pub keps: &'a BTreeMap<u64, KepView>,
    /// The open KEP PR for a KEP number, if any.
    pub open_prs: &'a BTreeMap<u64, OpenKepPr>,
    /// The Status words in use (`[status]`).
    pub vocabulary: &'a Vocabulary,
    /// The next freeze, if a calendar dates one: intake writes "Tracked For" it (per-freeze).
    pub next_freeze: Option<Freeze>,
    /// Label intake and when intake closes.
    pub intake: super::intake_rules::IntakeRules<'a>,
}

/// A row as the plan refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    pub role: Role,
    pub sheet_id: i32,
    /// Zero-based row index as read.
    pub row: usize,
}

/// A change to one cell of any tab, core or optional, addressed like a [`Guard`]: the tab's id,
/// zero-based row and column. The one edit type of the plan: fills, Sync Status, Readiness, the
/// data tab's cells and the headers it adds.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEdit {
    pub sheet_id: i32,
    pub row: usize,
    pub col: usize,
    /// The column's header, for people reading the plan.
    pub header: String,
    pub issue: Option<u64>,
    /// The cell as read (blank for a cell beyond the data).
    pub before: Cell,
    pub set: CellSet,
    /// Why the planner made it (one byte; the Sync Log's "why").
    pub why: super::why::Why,
}

impl CellEdit {
    /// An edit of a core tab's cell, named by the tab's header.
    pub(super) fn core(
        t: &TabLayout<'_>,
        row: usize,
        col: usize,
        issue: Option<u64>,
        before: Cell,
        set: CellSet,
    ) -> CellEdit {
        CellEdit {
            sheet_id: t.tab.sheet_id,
            row,
            col,
            header: t.headers.get(col).cloned().unwrap_or_default(),
            issue,
            before,
            set,
            why: super::why::Why::Other,
        }
    }
}

/// A new row written into rows inserted at the end of a tab.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRow {
    pub role: Role,
    pub issue: u64,
    pub cells: Vec<(usize, CellSet)>,
}

/// A row that moves, every cell with it, to another tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub issue: u64,
    pub from: RowRef,
    pub to: Role,
    /// The Status that asked for the move.
    pub status: String,
    /// (source column, destination column) pairs; identity where the layouts agree.
    pub columns: Vec<(usize, usize)>,
    /// Cells written on the row at its destination, after the copy: (destination column, what).
    /// The Readiness cell of a row moving back into Enhancements, which the tab it comes from
    /// has no column for; without it the row got its Readiness one cycle later.
    pub cells: Vec<(usize, CellSet)>,
}

/// A header cell kepsync adds (a missing Sync Status, or a column a moved row needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderAdd {
    pub role: Role,
    pub col: usize,
    pub title: String,
}

/// A cell that must still hold what was read for the plan to be applied: on any tab, core or
/// optional, addressed the same way (the tab's id, zero-based row and column). Kept small (a
/// cold 2,000-row plan holds ~18,000): the tab's title is in [`Plan::tab_titles`], the column's
/// name is looked up when a guard fails.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Guard {
    pub sheet_id: i32,
    pub row: usize,
    pub col: usize,
    /// How the column is named in the message when the guard fails.
    pub label: ColumnLabel,
    /// The cell's text as read.
    pub text: String,
}

/// How a failed guard names its column: by the header a core tab has, or by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnLabel {
    Header,
    Number,
}

/// A guard on a core tab's cell, named by its header.
pub(super) fn guard(t: &TabLayout<'_>, row: usize, col: usize, text: impl Into<String>) -> Guard {
    Guard {
        sheet_id: t.tab.sheet_id,
        row,
        col,
        label: ColumnLabel::Header,
        text: text.into(),
    }
}

/// A Status memory to write (the board's, or the Status kepsync saw): update entry `id`, or
/// create one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardStatusWrite {
    pub id: Option<i32>,
    /// `{"issue": "meaning", …}`, compact JSON.
    pub value: String,
}

/// The geometry of a tab that applying needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TabGeom {
    pub sheet_id: i32,
    pub header_row: usize,
    pub end_of_data: usize,
    pub row_count: usize,
    pub column_count: usize,
}

/// Every change of one cycle. Empty means nothing to write.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// Every cell edit, on every tab.
    pub edits: Vec<CellEdit>,
    pub header_adds: Vec<HeaderAdd>,
    pub new_rows: Vec<NewRow>,
    pub moves: Vec<Move>,
    /// Docs rows deleted because their enhancement left the milestone.
    pub docs_removals: Vec<(u64, RowRef)>,
    pub guards: Vec<Guard>,
    pub warnings: Vec<String>,
    pub tabs: BTreeMap<Role, TabGeom>,
    pub titles: BTreeMap<Role, String>,
    /// The title of every tab an edit or a guard is on, by tab id (for the printed plan and the
    /// message when a guard fails).
    pub tab_titles: BTreeMap<i32, String>,
    /// The Status the sheet and the board agree on, when it changed (kept in the sheet).
    pub board_status: Option<BoardStatusWrite>,
    /// The Status kepsync saw on each row, when it changed (`[status] advance`; kept in the sheet).
    pub status_seen: Option<BoardStatusWrite>,
    /// Whole-tab writes to the optional tabs (grown grids, the generated Dashboard and Feature
    /// stats, charts), planned by [`super::plan_extras`]; their cell edits are in `edits`.
    pub extra: super::extra::ExtraWrites,
    /// The KEP file behind each issue a fill changed (for the Sync Log's "why"), once per issue.
    pub kep_paths: BTreeMap<u64, String>,
    /// Where the Sync Log rows of this plan go (`[tabs] sync-log`); not a change by itself.
    pub sync_log: Option<super::why::SyncLogTarget>,
    /// Sync Log lines of an earlier cycle's GitHub and board edits, written with this batch
    /// under that cycle's own time and id.
    pub pending_log: Vec<PendingLine>,
}

/// One waiting Sync Log line: the time and id of the cycle that made the GitHub or board edit,
/// and (surface, tab, issue, column, before, after, why).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingLine {
    pub time: String,
    pub cycle: String,
    pub line: [String; 7],
}

impl Plan {
    /// True when applying would change nothing.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
            && self.header_adds.is_empty()
            && self.new_rows.is_empty()
            && self.moves.is_empty()
            && self.docs_removals.is_empty()
            && self.board_status.is_none()
            && self.pending_log.is_empty()
            && self.status_seen.is_none()
            && self.extra.is_empty()
    }

    /// The number of changes (cells, rows, moves) for summaries.
    pub fn change_count(&self) -> usize {
        self.edits.len()
            + self.header_adds.len()
            + self.new_rows.len()
            + self.moves.len()
            + self.docs_removals.len()
            + self.extra.count()
    }
}

pub(super) fn row_ref(t: &TabLayout<'_>, row: usize) -> RowRef {
    RowRef {
        role: t.role,
        sheet_id: t.tab.sheet_id,
        row,
    }
}

pub(super) fn derived_for(input: &PlanInput<'_>, n: u64) -> Option<Derived> {
    match input.issues.get(&n)? {
        IssueLookup::Found(f) => Some(derive(
            input.repo,
            f,
            input.keps.get(&n),
            input.open_prs.get(&n),
        )),
        _ => None,
    }
}

pub(super) fn fill_of(d: &Derived, col: Column) -> Option<&Fill> {
    match col {
        Column::Name => d.name.as_ref(),
        Column::Sig => d.sig.as_ref(),
        Column::KepAssignee => d.kep_assignee.as_ref(),
        Column::Proposal => d.proposal.as_ref(),
        Column::KepState => d.kep_state.as_ref(),
        Column::Stage => d.stage.as_ref(),
        _ => None,
    }
}

pub(super) fn guard_issue(t: &TabLayout<'_>, row: usize, p: &mut Plan) {
    if let Some(c) = t.col(Column::Issue) {
        p.guards.push(guard(t, row, c, t.tab.text(row, c)));
    }
}

pub(super) fn same_background(a: Option<Rgb>, b: Option<Rgb>) -> bool {
    let norm = |c: Option<Rgb>| c.filter(|c| *c != Rgb::WHITE);
    norm(a) == norm(b)
}

impl Plan {
    /// The title of the tab with id `sheet_id`, as read.
    pub fn tab_title(&self, sheet_id: i32) -> &str {
        self.tab_titles.get(&sheet_id).map_or("?", String::as_str)
    }
}
