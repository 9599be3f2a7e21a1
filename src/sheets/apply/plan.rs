//! Turning a plan into one ordered list of Sheets batchUpdate requests (applied atomically).
//!
//! Order matters, because each request sees the sheet as the previous ones left it:
//! 1. grow grids that are too narrow or short (core and optional tabs); 2. header cells;
//! 3. cell edits, on every tab;
//! 4. insert blank rows below the data of each receiving tab; 5. write new rows;
//! 6. copy moved rows (every cell, format, note and link) into their new rows, then write the
//!    cells their old tab has no column for (Readiness);
//! 7. delete the moved-out and docs rows, bottom-up, so earlier indexes stay true;
//! 8. regenerate the generated tabs and add their charts;
//! 9. record the Status the sheet and the board agree on (spreadsheet-level metadata).

use super::cell::{cell_write, update_cell};
use super::extras::{generated_requests, grow_requests};
use crate::sheets::BatchRequest;
use crate::sheets::batch::{update_block, update_row};
use crate::sheets::cells::CellWrite;
use crate::sync::{BoardStatusWrite, CellEdit, CellSet, LinkSet, Plan, Role, TabGeom};
use google_sheets4::api::{
    AppendDimensionRequest, CopyPasteRequest, DeleteDimensionRequest, DimensionRange, GridRange,
    InsertDimensionRequest, Request,
};
use std::collections::BTreeMap;

/// The batchUpdate requests that apply `plan`, in order.
pub fn to_requests(plan: &Plan) -> Vec<BatchRequest> {
    let mut out = Vec::new();
    grow_columns(plan, &mut out);
    out.extend(grow_requests(&plan.extra));
    for h in &plan.header_adds {
        let g = plan.tabs[&h.role];
        let set = CellSet {
            text: Some(h.title.clone()),
            link: LinkSet::Keep,
            background: None,
        };
        out.push(update_row(
            g.sheet_id,
            g.header_row as u32,
            h.col as u32,
            &[cell_write(&set)],
        ));
    }
    update_changed_cells(plan, &mut out);
    let new_index = insert_rows(plan, &mut out);
    write_new_rows(plan, &new_index, &mut out);
    for (i, m) in plan.moves.iter().enumerate() {
        let (sheet_id, row) = new_index[&NewSlot::Move(i)];
        copy_row(
            m.from.sheet_id,
            m.from.row,
            sheet_id,
            row,
            &m.columns,
            &mut out,
        );
        for (col, set) in &m.cells {
            out.push(update_cell(sheet_id, row, *col, set));
        }
    }
    delete_rows(plan, &mut out);
    out.extend(generated_requests(&plan.extra));
    if let Some(w) = &plan.board_status {
        out.push(board_status_request(
            w,
            crate::sheets::board_status::BOARD_STATUS_KEY,
        ));
    }
    if let Some(w) = &plan.status_seen {
        out.push(board_status_request(
            w,
            crate::sheets::board_status::STATUS_SEEN_KEY,
        ));
    }
    out.extend(super::sync_log::sync_log_requests(plan));
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NewSlot {
    Row(usize),
    Move(usize),
}

/// Cell edits, one `updateCells` per run of vertically adjacent cells that set the same parts
/// (a cold cycle fills a whole column in one request instead of one per cell).
fn update_changed_cells(plan: &Plan, out: &mut Vec<BatchRequest>) {
    let mut edits: Vec<&CellEdit> = plan.edits.iter().collect();
    edits.sort_by_key(|c| (c.sheet_id, c.col, c.row));
    let mut run: Vec<&CellEdit> = Vec::new();
    for c in edits {
        let extends = run.last().is_some_and(|last| {
            last.sheet_id == c.sheet_id
                && last.col == c.col
                && last.row + 1 == c.row
                && parts(&last.set) == parts(&c.set)
        });
        if !extends {
            flush_run(&mut run, out);
        }
        run.push(c);
    }
    flush_run(&mut run, out);
}

fn flush_run(run: &mut Vec<&CellEdit>, out: &mut Vec<BatchRequest>) {
    let Some(first) = run.first() else { return };
    let rows: Vec<Vec<CellWrite>> = run.iter().map(|c| vec![cell_write(&c.set)]).collect();
    out.push(update_block(
        first.sheet_id,
        first.row as u32,
        first.col as u32,
        rows,
    ));
    run.clear();
}

/// Which parts of a cell a write sets: (text, background, link).
fn parts(set: &CellSet) -> (bool, bool, bool) {
    (
        set.text.is_some(),
        set.background.is_some(),
        set.link != LinkSet::Keep,
    )
}

/// The cells of one new row: (column, what to write).
type NewCells = [(usize, CellSet)];

/// New rows of each tab, which were inserted next to each other: one `updateCells` per tab
/// spanning the columns any of them sets (the rows are blank, so nothing else is touched).
fn write_new_rows(plan: &Plan, at: &BTreeMap<NewSlot, (i32, usize)>, out: &mut Vec<BatchRequest>) {
    // Slots of one tab were handed out top-down in plan order, so each tab's rows are contiguous.
    let mut per_tab: BTreeMap<i32, (usize, Vec<&NewCells>)> = BTreeMap::new();
    for (i, r) in plan.new_rows.iter().enumerate() {
        let (sheet_id, row) = at[&NewSlot::Row(i)];
        per_tab
            .entry(sheet_id)
            .or_insert((row, Vec::new()))
            .1
            .push(&r.cells);
    }
    for (sheet_id, (row, rows)) in per_tab {
        let cols = rows.iter().flat_map(|r| r.iter().map(|(c, _)| *c));
        let (Some(min), Some(max)) = (cols.clone().min(), cols.max()) else {
            continue;
        };
        let block: Vec<Vec<CellWrite>> = rows
            .iter()
            .map(|cells| {
                let mut line = vec![CellWrite::default(); max - min + 1];
                for (c, set) in cells.iter() {
                    line[c - min] = cell_write(set);
                }
                line
            })
            .collect();
        out.push(update_block(sheet_id, row as u32, min as u32, block));
    }
}

/// Inserts blank rows below the data of every receiving tab; returns where each new row landed.
fn insert_rows(plan: &Plan, out: &mut Vec<BatchRequest>) -> BTreeMap<NewSlot, (i32, usize)> {
    let mut per_tab: BTreeMap<Role, Vec<NewSlot>> = BTreeMap::new();
    for (i, r) in plan.new_rows.iter().enumerate() {
        per_tab.entry(r.role).or_default().push(NewSlot::Row(i));
    }
    for (i, m) in plan.moves.iter().enumerate() {
        per_tab.entry(m.to).or_default().push(NewSlot::Move(i));
    }
    let mut at = BTreeMap::new();
    for (role, slots) in per_tab {
        let g = plan.tabs[&role];
        out.push(insert_blank_rows(&g, slots.len()).into());
        for (k, slot) in slots.into_iter().enumerate() {
            at.insert(slot, (g.sheet_id, g.end_of_data + k));
        }
    }
    at
}

fn insert_blank_rows(g: &TabGeom, n: usize) -> Request {
    if g.end_of_data >= g.row_count {
        return Request {
            append_dimension: Some(AppendDimensionRequest {
                sheet_id: Some(g.sheet_id),
                dimension: Some("ROWS".into()),
                length: Some(n as i32),
            }),
            ..Default::default()
        };
    }
    Request {
        insert_dimension: Some(InsertDimensionRequest {
            range: Some(dimension(
                g.sheet_id,
                "ROWS",
                g.end_of_data,
                g.end_of_data + n,
            )),
            inherit_from_before: Some(false),
        }),
        ..Default::default()
    }
}

fn grow_columns(plan: &Plan, out: &mut Vec<BatchRequest>) {
    let mut needed: BTreeMap<Role, usize> = BTreeMap::new();
    let mut need = |role: Role, col: usize| {
        let e = needed.entry(role).or_default();
        *e = (*e).max(col + 1);
    };
    plan.header_adds.iter().for_each(|h| need(h.role, h.col));
    let core_role = |sheet_id: i32| plan.tabs.iter().find(|(_, g)| g.sheet_id == sheet_id);
    for c in &plan.edits {
        if let Some((role, _)) = core_role(c.sheet_id) {
            need(*role, c.col);
        }
    }
    for r in &plan.new_rows {
        r.cells.iter().for_each(|(c, _)| need(r.role, *c));
    }
    for m in &plan.moves {
        m.columns.iter().for_each(|(_, d)| need(m.to, *d));
        m.cells.iter().for_each(|(c, _)| need(m.to, *c));
    }
    for (role, width) in needed {
        let g = plan.tabs[&role];
        if width > g.column_count {
            out.push(
                Request {
                    append_dimension: Some(AppendDimensionRequest {
                        sheet_id: Some(g.sheet_id),
                        dimension: Some("COLUMNS".into()),
                        length: Some((width - g.column_count) as i32),
                    }),
                    ..Default::default()
                }
                .into(),
            );
        }
    }
}

fn delete_rows(plan: &Plan, out: &mut Vec<BatchRequest>) {
    let mut rows: Vec<(i32, usize)> = plan
        .moves
        .iter()
        .map(|m| (m.from.sheet_id, m.from.row))
        .collect();
    rows.extend(plan.docs_removals.iter().map(|(_, r)| (r.sheet_id, r.row)));
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.dedup();
    for (sheet_id, row) in rows {
        out.push(
            Request {
                delete_dimension: Some(DeleteDimensionRequest {
                    range: Some(dimension(sheet_id, "ROWS", row, row + 1)),
                }),
                ..Default::default()
            }
            .into(),
        );
    }
}

fn copy_row(
    from_sheet: i32,
    from_row: usize,
    to_sheet: i32,
    to_row: usize,
    columns: &[(usize, usize)],
    out: &mut Vec<BatchRequest>,
) {
    let identity = columns.iter().all(|(s, d)| s == d);
    let runs: Vec<(usize, usize, usize)> = if identity {
        let width = columns.iter().map(|(s, _)| s + 1).max().unwrap_or(0);
        vec![(0, 0, width)]
    } else {
        columns.iter().map(|(s, d)| (*s, *d, 1)).collect()
    };
    for (s, d, w) in runs {
        if w == 0 {
            continue;
        }
        out.push(
            Request {
                copy_paste: Some(CopyPasteRequest {
                    source: Some(grid(from_sheet, from_row, s, w)),
                    destination: Some(grid(to_sheet, to_row, d, w)),
                    paste_type: Some("PASTE_NORMAL".into()),
                    paste_orientation: Some("NORMAL".into()),
                }),
                ..Default::default()
            }
            .into(),
        );
    }
}

fn grid(sheet_id: i32, row: usize, col: usize, width: usize) -> GridRange {
    GridRange {
        sheet_id: Some(sheet_id),
        start_row_index: Some(row as i32),
        end_row_index: Some(row as i32 + 1),
        start_column_index: Some(col as i32),
        end_column_index: Some((col + width) as i32),
    }
}

fn dimension(sheet_id: i32, dim: &str, start: usize, end: usize) -> DimensionRange {
    DimensionRange {
        sheet_id: Some(sheet_id),
        dimension: Some(dim.into()),
        start_index: Some(start as i32),
        end_index: Some(end as i32),
    }
}

/// Creates or updates a Status memory (`kepsync.board-status`, `kepsync.status-seen`).
fn board_status_request(w: &BoardStatusWrite, key: &str) -> BatchRequest {
    BatchRequest::Other(match w.id {
        Some(id) => serde_json::json!({"updateDeveloperMetadata": {
            "dataFilters": [{"developerMetadataLookup": {"metadataId": id}}],
            "developerMetadata": {"metadataValue": w.value},
            "fields": "metadataValue",
        }}),
        None => serde_json::json!({"createDeveloperMetadata": {"developerMetadata": {
            "metadataKey": key,
            "metadataValue": w.value,
            "location": {"spreadsheet": true},
            "visibility": "DOCUMENT",
        }}}),
    })
}
