//! Intake: each valid KEP Collection issue that is on neither Enhancements nor Removed gets a row
//! on Enhancements and on Docs, and every Collection row its Sync Status.

use super::edit::CellSet;
use super::layout::{Column, DataRow, Layout, Role};
use super::moves::{plan_docs_add, used_width};
use super::plan::{
    CellEdit, HeaderAdd, NewRow, Plan, PlanInput, derived_for, fill_of, guard, guard_issue,
};
use crate::model::{IssueLookup, Meaning, Said};
use std::collections::{BTreeMap, BTreeSet};

/// Intake from KEP Collection, and each Collection row's Sync Status.
pub(super) fn plan_collection(input: &PlanInput<'_>, p: &mut Plan) {
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

pub(super) fn membership_after_moves(l: &Layout<'_>, p: &Plan) -> (BTreeSet<u64>, BTreeSet<u64>) {
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
        return with_status_note(input, n, format!("tracked in {enh_title}"));
    }
    if on_removed.contains(&n) {
        return with_status_note(input, n, format!("already in {removed_title}"));
    }
    match input.issues.get(&n) {
        Some(IssueLookup::Found(_)) if input.intake.closed() => {
            let note = input.intake.late_note();
            p.warnings.push(format!(
                "{} row {} (#{n}): {note}",
                input.layout.collection.tab.title,
                row + 1
            ));
            note
        }
        Some(IssueLookup::Found(_)) => {
            guard_issue(&input.layout.collection, row, p);
            plan_intake(input, n, p);
            format!("tracked in {enh_title}")
        }
        Some(IssueLookup::NotFound) => format!("issue #{n} not found in {}", input.repo),
        Some(IssueLookup::Failed(why)) => {
            format!("could not read issue #{n} from GitHub ({why}); will retry")
        }
        None => format!("could not read issue #{n} from GitHub; will retry"),
    }
}

/// `said`, followed by what kepsync could not understand in issue `n`'s Status and whether its
/// intake label is gone, if anything.
fn with_status_note(input: &PlanInput<'_>, n: u64, said: String) -> String {
    let notes = [
        unknown_status(input, n),
        input.intake.label_gone(n, input.issues.get(&n)),
    ];
    notes
        .into_iter()
        .flatten()
        .fold(said, |all, note| format!("{all}; {note}"))
}

/// What kepsync says of issue `n`'s Status on Enhancements or Removed when it does not know the
/// word (the row is then left where it is).
pub(super) fn unknown_status(input: &PlanInput<'_>, n: u64) -> Option<String> {
    let l = input.layout;
    [&l.enhancements, &l.removed].into_iter().find_map(|t| {
        let c = t.col(Column::Status)?;
        t.rows_of(n).find_map(|r| {
            let typed = t.tab.text(r.row, c).trim();
            (!typed.is_empty() && input.vocabulary.said(typed).is_none())
                .then(|| input.vocabulary.not_understood(typed))
        })
    })
}

/// A new Enhancements (and Docs) row for issue `n`, Status the vocabulary's tracked word. A row
/// taken in from Collection also guards its Collection row (which must still be there when the
/// plan is applied; its Sync Status may be unchanged, so nothing else guards it).
pub(super) fn plan_intake(input: &PlanInput<'_>, n: u64, p: &mut Plan) {
    let enh = &input.layout.enhancements;
    let mut cells = vec![(enh.columns[&Column::Issue], CellSet::text(n.to_string()))];
    if let Some(c) = enh.col(Column::Status) {
        let tracked = Said {
            meaning: Meaning::Tracked,
            freeze: input.next_freeze,
        };
        cells.push((c, CellSet::text(input.vocabulary.word_for(tracked))));
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
        p.guards
            .push(guard(col, row, status_col, cell.text.clone()));
        let issue = col
            .rows
            .iter()
            .find(|r| r.row == row)
            .and_then(DataRow::number);
        p.edits.push(CellEdit {
            why: super::why::Why::SyncStatus,
            header: header.clone(),
            ..CellEdit::core(col, row, status_col, issue, cell, CellSet::text(status))
        });
    }
}
