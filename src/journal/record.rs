//! A journal record: what one applied cycle changed, with the before and after of every change,
//! built from the plan and the snapshot it was checked against (pure).

use crate::board::BoardOutcome;
use crate::board::BoardPlan;
use crate::sheet::{Cell, Snapshot};
use crate::sync::{CellSet, LinkSet, Plan, Role, why_text};
use crate::writeback::{IssueEdit, WritebackPlan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One applied cycle (or the GitHub / board part of one, appended under the same id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CycleRecord {
    /// `20261202-101500-123`: the cycle's start, to the millisecond (UTC).
    pub cycle: String,
    /// RFC 3339, UTC.
    pub time: String,
    /// The cycle this one undid, for an undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<MoveRecord>,
    /// Rows kepsync added (intake, Docs rows), with what it wrote in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intakes: Vec<RowRecord>,
    /// Rows kepsync deleted (Docs rows of enhancements that left, intakes undone), as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removals: Vec<RowRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub github: Vec<GithubChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub board: Vec<BoardChange>,
    /// For an undo: what it left alone because a person changed it since, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<String>,
    /// On the GitHub / board part: its Sync Log rows wait for the next batch kepsync writes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sync_log_pending: bool,
    /// The cycles whose waiting Sync Log rows this cycle's batch wrote.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sync_log_written: Vec<String>,
}

/// One cell kepsync wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellChange {
    pub tab: String,
    pub sheet_id: i32,
    /// Zero-based row and column as applied.
    pub row: usize,
    pub col: usize,
    pub header: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue: Option<u64>,
    pub before: Cell,
    pub after: Cell,
    pub why: String,
}

/// One row moved between Enhancements and Removed from Milestone, every cell with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveRecord {
    pub issue: u64,
    /// The Status that asked for the move.
    pub status: String,
    pub from_tab: String,
    pub from_sheet_id: i32,
    pub from_row: usize,
    pub to_tab: String,
    pub to_sheet_id: i32,
    /// Where the row landed once the batch's deletions were done.
    pub to_row: usize,
    /// (source column, destination column).
    pub columns: Vec<(usize, usize)>,
    /// Every cell of the row as it was before the move.
    pub cells: Vec<Cell>,
}

/// A whole row kepsync added or deleted: (column, cell) of every cell that is not blank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowRecord {
    pub issue: u64,
    pub tab: String,
    pub sheet_id: i32,
    pub row: usize,
    pub cells: Vec<(usize, Cell)>,
}

/// One GitHub write-back edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GithubChange {
    pub issue: u64,
    /// `add tracked/yes`, `milestone → v1.37`.
    pub edit: String,
    pub reason: String,
    /// False when write-back stopped before this edit.
    pub applied: bool,
    /// The edit itself, so that `kepsync undo --github` can reverse it (absent in journals
    /// written before undo of GitHub edits was built).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<IssueEdit>,
    /// The milestone the issue had when it was read: what undoing a milestone set puts back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone_before: Option<String>,
}

/// One board field set (or item added: field `item`, after `added`; or deleted by an undo:
/// after `deleted`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardChange {
    pub issue: u64,
    pub field: String,
    pub before: String,
    pub after: String,
    pub applied: bool,
    /// The project's node id, the item's id and the field's id: what `kepsync undo --board`
    /// needs to reverse the change (absent in journals written before it was built).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_id: Option<String>,
}

/// The field name of an item's own change (added, deleted).
pub const ITEM: &str = "item";

impl BoardChange {
    /// True for an item this change added to the board.
    pub fn is_add(&self) -> bool {
        self.field == ITEM && self.after == "added"
    }
}

/// `20261202-101500-123` for an instant in milliseconds since the epoch (UTC), and its RFC 3339.
pub fn cycle_id(ms: i64) -> (String, String) {
    let t = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let id = format!("{}-{:03}", t.strftime("%Y%m%d-%H%M%S"), ms.rem_euclid(1000));
    (id, t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A cell once `set` is applied to it.
pub fn applied(before: &Cell, set: &CellSet) -> Cell {
    let mut c = before.clone();
    if let Some(t) = &set.text {
        c.text = t.clone();
        c.formula = None;
    }
    match &set.link {
        LinkSet::Keep => {}
        LinkSet::Set(l) => c.link = Some(l.clone()),
        LinkSet::Clear => c.link = None,
    }
    if let Some(bg) = set.background {
        c.background = (bg != crate::sheet::Rgb::WHITE).then_some(bg);
    }
    c
}

/// The record of `plan` applied over `snapshot` (the sheet it was checked against).
pub fn record_of(plan: &Plan, snapshot: &Snapshot, cycle: &str, time: &str) -> CycleRecord {
    let title = |role: Role| plan.titles.get(&role).cloned().unwrap_or_default();
    let row_of = |sheet_id: i32, row: usize| -> Vec<Cell> {
        snapshot
            .tabs
            .iter()
            .find(|t| t.sheet_id == sheet_id)
            .and_then(|t| t.rows.get(row).cloned())
            .unwrap_or_default()
    };
    let landed = landing_rows(plan);
    let cells = plan
        .edits
        .iter()
        .map(|e| CellChange {
            tab: plan.tab_title(e.sheet_id).to_string(),
            sheet_id: e.sheet_id,
            row: e.row,
            col: e.col,
            header: e.header.clone(),
            issue: e.issue,
            before: e.before.clone(),
            after: applied(&e.before, &e.set),
            why: why_text(plan, e),
        })
        .collect();
    let moves = plan
        .moves
        .iter()
        .enumerate()
        .map(|(i, m)| MoveRecord {
            issue: m.issue,
            status: m.status.clone(),
            from_tab: title(m.from.role),
            from_sheet_id: m.from.sheet_id,
            from_row: m.from.row,
            to_tab: title(m.to),
            to_sheet_id: plan.tabs[&m.to].sheet_id,
            to_row: landed[&(m.to, plan.new_rows.len() + i)],
            columns: m.columns.clone(),
            cells: row_of(m.from.sheet_id, m.from.row),
        })
        .collect();
    let intakes = plan
        .new_rows
        .iter()
        .enumerate()
        .map(|(i, r)| RowRecord {
            issue: r.issue,
            tab: title(r.role),
            sheet_id: plan.tabs[&r.role].sheet_id,
            row: landed[&(r.role, i)],
            cells: r
                .cells
                .iter()
                .map(|(c, set)| (*c, applied(&Cell::default(), set)))
                .collect(),
        })
        .collect();
    let removals = plan
        .docs_removals
        .iter()
        .map(|(n, r)| RowRecord {
            issue: *n,
            tab: title(r.role),
            sheet_id: r.sheet_id,
            row: r.row,
            cells: sparse(row_of(r.sheet_id, r.row)),
        })
        .collect();
    CycleRecord {
        cycle: cycle.to_string(),
        time: time.to_string(),
        cells,
        moves,
        intakes,
        removals,
        ..CycleRecord::default()
    }
}

fn sparse(row: Vec<Cell>) -> Vec<(usize, Cell)> {
    row.into_iter()
        .enumerate()
        .filter(|(_, c)| *c != Cell::default())
        .collect()
}

/// Where each new row (slot `i` < new_rows.len()) and moved row (slot new_rows.len() + i) lands
/// once the batch is applied: inserted below the data of its tab in plan order (rows first,
/// then moves, as the apply layer does), then shifted up by the rows deleted above it.
fn landing_rows(plan: &Plan) -> BTreeMap<(Role, usize), usize> {
    let mut next: BTreeMap<Role, usize> = BTreeMap::new();
    let mut slots = Vec::new();
    let roles = plan.new_rows.iter().map(|r| r.role);
    for (i, role) in roles.chain(plan.moves.iter().map(|m| m.to)).enumerate() {
        slots.push((role, i));
    }
    // The apply layer hands out slots tab by tab: each tab's new rows, then its moves.
    let mut out = BTreeMap::new();
    for (role, i) in slots {
        let k = next.entry(role).or_default();
        let inserted = plan.tabs[&role].end_of_data + *k;
        *k += 1;
        let sheet_id = plan.tabs[&role].sheet_id;
        let mut deleted: Vec<(i32, usize)> = plan
            .moves
            .iter()
            .map(|m| (m.from.sheet_id, m.from.row))
            .chain(plan.docs_removals.iter().map(|(_, r)| (r.sheet_id, r.row)))
            .collect();
        deleted.sort();
        deleted.dedup();
        let above = deleted
            .iter()
            .filter(|(s, r)| *s == sheet_id && *r < inserted)
            .count();
        out.insert((role, i), inserted - above);
    }
    out
}

/// The write-back edits of `plan`, the first `applied` of them sent.
pub fn github_changes(plan: &WritebackPlan, applied: usize) -> Vec<GithubChange> {
    let mut k = 0;
    let mut out = Vec::new();
    for w in &plan.writes {
        for e in &w.edits {
            out.push(GithubChange {
                issue: w.issue,
                edit: e.to_string(),
                reason: w.reason.clone(),
                applied: k < applied,
                change: Some(e.clone()),
                milestone_before: w.milestone_before.clone(),
            });
            k += 1;
        }
    }
    out
}

/// The board mutations of `plan` (items added, fields set with their value before), each marked
/// applied when `done` says it landed (an item by its new id, a field set by its index).
pub fn board_changes(plan: &BoardPlan, done: &BoardOutcome) -> Vec<BoardChange> {
    let added = |n: u64| {
        done.added
            .iter()
            .find(|(i, _)| *i == n)
            .map(|(_, id)| id.clone())
    };
    let adds = plan.adds.iter().map(|n| BoardChange {
        issue: *n,
        field: ITEM.into(),
        after: "added".into(),
        item: added(*n),
        applied: added(*n).is_some(),
        ..BoardChange::default()
    });
    let sets = plan.sets.iter().enumerate().map(|(k, s)| BoardChange {
        issue: s.issue,
        field: s.field.clone(),
        before: s.before.clone(),
        after: s.value.shown().to_string(),
        item: s.item.clone().or_else(|| added(s.issue)),
        field_id: Some(s.field_id.clone()),
        applied: done.set.contains(&k),
        ..BoardChange::default()
    });
    adds.chain(sets)
        .map(|c| BoardChange {
            project: plan.project.clone(),
            ..c
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::board::{FieldSet, FieldValue, Owned};

    fn set(issue: u64, field: &str) -> FieldSet {
        FieldSet {
            issue,
            item: Some(format!("PVTI_{issue}")),
            owned: Owned::Stage,
            field: field.into(),
            field_id: format!("F_{field}"),
            before: String::new(),
            value: FieldValue::Text("x".into()),
        }
    }

    #[test]
    fn a_set_refused_in_the_middle_of_a_request_does_not_hide_those_after_it() {
        let plan = BoardPlan {
            project: "PVT_1".into(),
            adds: vec![9],
            sets: vec![set(1, "Stage"), set(2, "SIG"), set(3, "Type")],
            ..BoardPlan::default()
        };
        let done = BoardOutcome {
            added: vec![(9, "PVTI_9".into())],
            set: vec![0, 2],
            ..BoardOutcome::default()
        };
        let applied: Vec<(u64, bool)> = board_changes(&plan, &done)
            .iter()
            .map(|c| (c.issue, c.applied))
            .collect();
        assert_eq!(applied, [(9, true), (1, true), (2, false), (3, true)]);
    }
}
