//! The plan: every change one cycle makes to the sheet, computed by a pure function of what was read.

use super::derive::{Derived, Fill, KepView, derive};
use super::edit::{CellSet, LinkSet};
use super::layout::{Column, DataRow, Layout, Role, TabLayout, same_name};
use crate::config::ColumnNames;
use crate::model::{IssueLookup, OpenKepPr};
use crate::model::{Meaning, status};
use crate::sheet::{Cell, Rgb};
use std::collections::{BTreeMap, BTreeSet};

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
}

/// A row as the plan refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowRef {
    pub role: Role,
    pub sheet_id: i32,
    /// Zero-based row index as read.
    pub row: usize,
}

/// A change to an existing cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellChange {
    pub at: RowRef,
    pub col: usize,
    pub header: String,
    pub issue: Option<u64>,
    pub before: Cell,
    pub set: CellSet,
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

/// A cell that must still hold what was read for the plan to be applied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Guard {
    pub role: Role,
    pub row: usize,
    pub col: usize,
    pub text: String,
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
    pub changes: Vec<CellChange>,
    pub header_adds: Vec<HeaderAdd>,
    pub new_rows: Vec<NewRow>,
    pub moves: Vec<Move>,
    /// Docs rows deleted because their enhancement left the milestone.
    pub docs_removals: Vec<(u64, RowRef)>,
    pub guards: Vec<Guard>,
    pub warnings: Vec<String>,
    pub tabs: BTreeMap<Role, TabGeom>,
    pub titles: BTreeMap<Role, String>,
    /// Writes to the optional tabs (data, Dashboard, Feature stats), planned by [`super::plan_extras`].
    pub extra: super::extra::ExtraWrites,
}

impl Plan {
    /// True when applying would change nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
            && self.header_adds.is_empty()
            && self.new_rows.is_empty()
            && self.moves.is_empty()
            && self.docs_removals.is_empty()
            && self.extra.is_empty()
    }

    /// The number of changes (cells, rows, moves) for summaries.
    pub fn change_count(&self) -> usize {
        self.changes.len()
            + self.header_adds.len()
            + self.new_rows.len()
            + self.moves.len()
            + self.docs_removals.len()
            + self.extra.count()
    }
}

/// True when a row on `from` with Status `status` moves to the other tab.
pub(super) fn status_moves(from: Role, status: &str) -> bool {
    status::classic()
        .meaning(status)
        .is_some_and(|m| match from {
            Role::Enhancements => m.leaves_the_milestone(),
            _ => m.returns_to_the_milestone(),
        })
}

/// Computes the plan. Pure: the same input gives the same plan.
pub fn plan(input: &PlanInput<'_>) -> Plan {
    let l = input.layout;
    let mut p = Plan::default();
    for role in Role::ALL {
        let t = l.get(role);
        p.tabs.insert(role, geom(t));
        p.titles.insert(role, t.tab.title.clone());
    }
    plan_fills(input, &mut p);
    plan_moves(input, &mut p);
    plan_collection(input, &mut p);
    p.guards.sort();
    p.guards.dedup();
    p
}

fn geom(t: &TabLayout<'_>) -> TabGeom {
    TabGeom {
        sheet_id: t.tab.sheet_id,
        header_row: t.header_row,
        end_of_data: t.end_of_data(),
        row_count: t.tab.row_count as usize,
        column_count: t.tab.column_count as usize,
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

fn fill_of(d: &Derived, col: Column) -> Option<&Fill> {
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

/// Fills kepsync-owned cells of existing rows on Enhancements, Removed and Docs.
fn plan_fills(input: &PlanInput<'_>, p: &mut Plan) {
    for role in [Role::Enhancements, Role::Removed, Role::Docs] {
        let t = input.layout.get(role);
        for r in &t.rows {
            let n = match &r.issue {
                Ok(Some(n)) => *n,
                Ok(None) => continue,
                Err(e) => {
                    p.warnings
                        .push(format!("{} row {}: {e}", t.tab.title, r.row + 1));
                    continue;
                }
            };
            match input.issues.get(&n) {
                Some(IssueLookup::NotFound) => {
                    p.warnings.push(format!(
                        "{} row {}: issue #{n} not found in {}",
                        t.tab.title,
                        r.row + 1,
                        input.repo
                    ));
                }
                Some(IssueLookup::Failed(why)) => {
                    p.warnings.push(format!(
                        "{} row {}: issue #{n} not read ({why})",
                        t.tab.title,
                        r.row + 1
                    ));
                }
                _ => {}
            }
            let Some(d) = derived_for(input, n) else {
                continue;
            };
            fill_row(t, r, n, &d, p);
        }
    }
}

fn fill_row(t: &TabLayout<'_>, r: &DataRow, n: u64, d: &Derived, p: &mut Plan) {
    let mut guarded = false;
    for col in Column::owned(t.role) {
        let (Some(c), Some(fill)) = (t.col(*col), fill_of(d, *col)) else {
            continue;
        };
        let cell = t.tab.cell(r.row, c).cloned().unwrap_or_default();
        if cell.formula.is_some() {
            if cell_change(&cell, fill).is_some() {
                p.warnings.push(format!(
                    "{} row {} (#{n}): {} holds a formula; kepsync leaves it",
                    t.tab.title,
                    r.row + 1,
                    t.headers[c]
                ));
            }
            continue;
        }
        let Some(set) = cell_change(&cell, fill) else {
            continue;
        };
        if !guarded {
            guard_issue(t, r.row, p);
            guarded = true;
        }
        p.guards.push(Guard {
            role: t.role,
            row: r.row,
            col: c,
            text: cell.text.clone(),
        });
        p.changes.push(CellChange {
            at: row_ref(t, r.row),
            col: c,
            header: t.headers[c].clone(),
            issue: Some(n),
            before: cell,
            set,
        });
    }
}

pub(super) fn guard_issue(t: &TabLayout<'_>, row: usize, p: &mut Plan) {
    if let Some(c) = t.col(Column::Issue) {
        p.guards.push(Guard {
            role: t.role,
            row,
            col: c,
            text: t.tab.text(row, c).to_string(),
        });
    }
}

/// True for text kepsync itself derives, which a placeholder may replace.
fn looks_derived(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.starts_with("https://github.com/")
        || t == "none"
        || t == "invalid"
        || crate::keps::Status::parse(&t).is_some()
}

pub(super) fn same_background(a: Option<Rgb>, b: Option<Rgb>) -> bool {
    let norm = |c: Option<Rgb>| c.filter(|c| *c != Rgb::WHITE);
    norm(a) == norm(b)
}

/// What must change in `cell` to show `fill`, or `None` when it already does.
fn cell_change(cell: &Cell, fill: &Fill) -> Option<CellSet> {
    let keep_text = fill.soft && !cell.text.trim().is_empty() && !looks_derived(&cell.text);
    let text = (!keep_text && cell.text != fill.text).then(|| fill.text.clone());
    let link = match &fill.link {
        Some(l) if cell.link.as_deref() != Some(l.as_str()) => LinkSet::Set(l.clone()),
        None if text.is_some() && cell.link.is_some() => LinkSet::Clear,
        _ => LinkSet::Keep,
    };
    let background = fill
        .background
        .filter(|c| !same_background(cell.background, Some(*c)));
    let set = CellSet {
        text,
        link,
        background,
    };
    (set.text.is_some() || set.link != LinkSet::Keep || set.background.is_some()).then_some(set)
}

/// Moves rows whose Status asks for it, and keeps Docs in step.
fn plan_moves(input: &PlanInput<'_>, p: &mut Plan) {
    let l = input.layout;
    let directions = [
        (Role::Enhancements, Role::Removed),
        (Role::Removed, Role::Enhancements),
    ];
    for (from, to) in directions {
        let (src, dst) = (l.get(from), l.get(to));
        let Some(status_col) = src.col(Column::Status) else {
            continue;
        };
        let columns = match column_map(src, dst, p) {
            Ok(c) => c,
            Err(why) => {
                p.warnings.push(why);
                continue;
            }
        };
        for r in &src.rows {
            let Some(n) = r.number() else { continue };
            let raw = src.tab.text(r.row, status_col);
            let status = raw.trim().to_string();
            if !status_moves(from, &status) {
                continue;
            }
            if let Some(why) = move_blocker(src, dst, r, n, &columns) {
                p.warnings.push(why);
                continue;
            }
            guard_issue(src, r.row, p);
            p.guards.push(Guard {
                role: from,
                row: r.row,
                col: status_col,
                // The cell as read, not as matched: the pre-write re-read compares raw text.
                text: raw.to_string(),
            });
            p.moves.push(Move {
                issue: n,
                from: row_ref(src, r.row),
                to,
                status,
                columns: columns.clone(),
                cells: Vec::new(),
            });
            match to {
                Role::Removed => plan_docs_removal(l.get(Role::Docs), n, p),
                _ => plan_docs_add(input, n, p),
            }
        }
    }
}

/// Why row `r` (issue `n`) must not move yet, if it must not.
fn move_blocker(
    src: &TabLayout<'_>,
    dst: &TabLayout<'_>,
    r: &DataRow,
    n: u64,
    columns: &[(usize, usize)],
) -> Option<String> {
    let here = format!("{} row {} (#{n})", src.tab.title, r.row + 1);
    if src.rows_of(n).count() > 1 {
        return Some(format!(
            "{here}: issue is on {} more than once; kepsync moves it once one row is removed",
            src.tab.title
        ));
    }
    if dst.rows_of(n).next().is_some() {
        return Some(format!(
            "{here}: issue is already on {}; kepsync does not duplicate it",
            dst.tab.title
        ));
    }
    let mapped: BTreeSet<usize> = columns.iter().map(|(s, _)| *s).collect();
    let row = src.tab.rows.get(r.row).map(Vec::as_slice).unwrap_or(&[]);
    if let Some(c) = (0..row.len()).find(|c| !mapped.contains(c) && !row[*c].is_blank()) {
        return Some(format!(
            "{here}: column {} has data but no header, so it has no place on {}; add a header to move it",
            c + 1,
            dst.tab.title
        ));
    }
    None
}

/// Maps every headed source column to the destination, adding headers the destination lacks.
fn column_map(
    src: &TabLayout<'_>,
    dst: &TabLayout<'_>,
    p: &mut Plan,
) -> Result<Vec<(usize, usize)>, String> {
    let mut map = Vec::new();
    let mut next_free = dst.headers.len().max(used_width(dst));
    let mut adds = Vec::new();
    for (c, h) in src.headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let d = match dst.headers.iter().position(|dh| same_name(dh, h)) {
            Some(d) => d,
            None => {
                adds.push(HeaderAdd {
                    role: dst.role,
                    col: next_free,
                    title: h.clone(),
                });
                next_free += 1;
                next_free - 1
            }
        };
        map.push((c, d));
    }
    // Headers are only added when a row actually moves; remember them for that case.
    let moving = src.rows.iter().any(|r| {
        src.col(Column::Status)
            .is_some_and(|sc| status_moves(src.role, src.tab.text(r.row, sc)))
    });
    if moving {
        p.header_adds.extend(adds);
    }
    Ok(map)
}

pub(super) fn used_width(t: &TabLayout<'_>) -> usize {
    t.tab
        .rows
        .iter()
        .map(|r| r.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0)
}

fn plan_docs_removal(docs: &TabLayout<'_>, n: u64, p: &mut Plan) {
    let owned: BTreeSet<usize> = [Column::Issue, Column::Name, Column::Sig]
        .iter()
        .filter_map(|c| docs.col(*c))
        .collect();
    for r in docs.rows_of(n) {
        let row = docs.tab.rows.get(r.row).map(Vec::as_slice).unwrap_or(&[]);
        let human: Vec<&str> = (0..row.len())
            .filter(|c| !owned.contains(c) && !row[*c].is_blank())
            .map(|c| docs.headers.get(c).map(String::as_str).unwrap_or("?"))
            .collect();
        if human.is_empty() {
            guard_issue(docs, r.row, p);
            p.docs_removals.push((n, row_ref(docs, r.row)));
        } else {
            p.warnings.push(format!(
                "{} row {} (#{n}): kept although #{n} left the milestone, because it holds the docs team's notes ({}); delete it by hand when done",
                docs.tab.title,
                r.row + 1,
                human.join(", ")
            ));
        }
    }
}

fn plan_docs_add(input: &PlanInput<'_>, n: u64, p: &mut Plan) {
    let docs = input.layout.get(Role::Docs);
    let already = docs.rows_of(n).next().is_some()
        || p.new_rows
            .iter()
            .any(|r| r.role == Role::Docs && r.issue == n);
    if already {
        return;
    }
    let mut cells = vec![(docs.columns[&Column::Issue], CellSet::text(n.to_string()))];
    if let Some(d) = derived_for(input, n) {
        for col in Column::owned(Role::Docs) {
            if let (Some(c), Some(f)) = (docs.col(*col), fill_of(&d, *col)) {
                cells.push((c, CellSet::from_fill(f)));
            }
        }
    }
    p.new_rows.push(NewRow {
        role: Role::Docs,
        issue: n,
        cells,
    });
}

/// Intake from KEP Collection, and each Collection row's Sync Status.
fn plan_collection(input: &PlanInput<'_>, p: &mut Plan) {
    let l = input.layout;
    let col = &l.collection;
    let (on_enh, on_removed) = membership_after_moves(l, p);
    let mut first_row: BTreeMap<u64, usize> = BTreeMap::new();
    let mut statuses = Vec::new();
    for r in &col.rows {
        let status = match &r.issue {
            Err(e) => e.to_string(),
            Ok(None) => continue,
            Ok(Some(n)) => {
                let n = *n;
                if let Some(first) = first_row.get(&n) {
                    format!("duplicate of row {}", first + 1)
                } else {
                    first_row.insert(n, r.row);
                    intake_status(input, n, r.row, &on_enh, &on_removed, p)
                }
            }
        };
        statuses.push((r.row, status));
    }
    write_sync_status(input, statuses, p);
}

fn membership_after_moves(l: &Layout<'_>, p: &Plan) -> (BTreeSet<u64>, BTreeSet<u64>) {
    let mut enh: BTreeSet<u64> = l
        .enhancements
        .rows
        .iter()
        .filter_map(DataRow::number)
        .collect();
    let mut removed: BTreeSet<u64> = l.removed.rows.iter().filter_map(DataRow::number).collect();
    for m in &p.moves {
        let (from, to) = if m.to == Role::Removed {
            (&mut enh, &mut removed)
        } else {
            (&mut removed, &mut enh)
        };
        from.remove(&m.issue);
        to.insert(m.issue);
    }
    (enh, removed)
}

/// The Sync Status of Collection row `row` (issue `n`), planning its intake when it is due.
fn intake_status(
    input: &PlanInput<'_>,
    n: u64,
    row: usize,
    on_enh: &BTreeSet<u64>,
    on_removed: &BTreeSet<u64>,
    p: &mut Plan,
) -> String {
    let enh_title = &input.layout.enhancements.tab.title;
    let removed_title = &input.layout.removed.tab.title;
    if on_enh.contains(&n) {
        return format!("tracked in {enh_title}");
    }
    if on_removed.contains(&n) {
        return format!("already in {removed_title}");
    }
    match input.issues.get(&n) {
        Some(IssueLookup::Found(_)) => {
            plan_intake(input, n, row, p);
            format!("tracked in {enh_title}")
        }
        Some(IssueLookup::NotFound) => format!("issue #{n} not found in {}", input.repo),
        Some(IssueLookup::Failed(why)) => {
            format!("could not read issue #{n} from GitHub ({why}); will retry")
        }
        None => format!("could not read issue #{n} from GitHub; will retry"),
    }
}

/// A new Enhancements (and Docs) row for issue `n`, taken in from Collection row `row`.
fn plan_intake(input: &PlanInput<'_>, n: u64, row: usize, p: &mut Plan) {
    // The Collection row must still be there when the plan is applied; its Sync Status may be
    // unchanged, so nothing else guards it.
    guard_issue(&input.layout.collection, row, p);
    let enh = &input.layout.enhancements;
    let mut cells = vec![(enh.columns[&Column::Issue], CellSet::text(n.to_string()))];
    if let Some(c) = enh.col(Column::Status) {
        cells.push((c, CellSet::text(status::classic().word(Meaning::Tracked))));
    }
    if let Some(d) = derived_for(input, n) {
        for col in Column::owned(Role::Enhancements) {
            if let (Some(c), Some(f)) = (enh.col(*col), fill_of(&d, *col)) {
                cells.push((c, CellSet::from_fill(f)));
            }
        }
    }
    p.new_rows.push(NewRow {
        role: Role::Enhancements,
        issue: n,
        cells,
    });
    plan_docs_add(input, n, p);
}

fn write_sync_status(input: &PlanInput<'_>, statuses: Vec<(usize, String)>, p: &mut Plan) {
    let col = &input.layout.collection;
    let status_col = match col.col(Column::SyncStatus) {
        Some(c) => c,
        None if statuses.is_empty() => return,
        None => {
            let c = col.headers.len().max(used_width(col));
            let title = Column::SyncStatus.header(input.names).to_string();
            p.header_adds.push(HeaderAdd {
                role: Role::Collection,
                col: c,
                title,
            });
            c
        }
    };
    let header = Column::SyncStatus.header(input.names).to_string();
    for (row, status) in statuses {
        let cell = col.tab.cell(row, status_col).cloned().unwrap_or_default();
        if cell.text == status {
            continue;
        }
        guard_issue(col, row, p);
        p.guards.push(Guard {
            role: Role::Collection,
            row,
            col: status_col,
            text: cell.text.clone(),
        });
        let issue = col
            .rows
            .iter()
            .find(|r| r.row == row)
            .and_then(DataRow::number);
        p.changes.push(CellChange {
            at: row_ref(col, row),
            col: status_col,
            header: header.clone(),
            issue,
            before: cell,
            set: CellSet::text(status),
        });
    }
}
