//! Turning a plan into one ordered list of Sheets batchUpdate requests (applied atomically).
//!
//! Order matters, because each request sees the sheet as the previous ones left it:
//! 1. grow grids that are too narrow; 2. header cells; 3. edits of existing cells;
//! 4. insert blank rows below the data of each receiving tab; 5. write new rows;
//! 6. copy moved rows (every cell, format, note and link) into their new rows;
//! 7. delete the moved-out and docs rows, bottom-up, so earlier indexes stay true.

use super::layout::Role;
use super::plan::{CellSet, LinkSet, Plan, TabGeom};
use crate::sheets::cells::{CellWrite, update_row};
use google_sheets4::api::{
    AppendDimensionRequest, CopyPasteRequest, DeleteDimensionRequest, DimensionRange, GridRange,
    InsertDimensionRequest, Request,
};
use std::collections::BTreeMap;

/// The batchUpdate requests that apply `plan`, in order.
pub fn to_requests(plan: &Plan) -> Vec<Request> {
    let mut out = Vec::new();
    grow_columns(plan, &mut out);
    for h in &plan.header_adds {
        let g = plan.tabs[&h.role];
        let set = CellSet {
            text: Some(h.title.clone()),
            link: LinkSet::Keep,
            background: None,
        };
        out.push(update_cell(g.sheet_id, g.header_row, h.col, &set));
    }
    let changes = plan
        .changes
        .iter()
        .map(|c| (c.at.sheet_id, c.at.row, c.col, &c.set));
    column_runs(changes, &mut out);
    let new_index = insert_rows(plan, &mut out);
    let new_cells = plan.new_rows.iter().enumerate().flat_map(|(i, r)| {
        let (sheet_id, row) = new_index[&NewSlot::Row(i)];
        r.cells
            .iter()
            .map(move |(col, set)| (sheet_id, row, *col, set))
    });
    column_runs(new_cells, &mut out);
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
    }
    delete_rows(plan, &mut out);
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NewSlot {
    Row(usize),
    Move(usize),
}

/// Inserts blank rows below the data of every receiving tab; returns where each new row landed.
fn insert_rows(plan: &Plan, out: &mut Vec<Request>) -> BTreeMap<NewSlot, (i32, usize)> {
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
        out.push(insert_blank_rows(&g, slots.len()));
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

fn grow_columns(plan: &Plan, out: &mut Vec<Request>) {
    let mut needed: BTreeMap<Role, usize> = BTreeMap::new();
    let mut need = |role: Role, col: usize| {
        let e = needed.entry(role).or_default();
        *e = (*e).max(col + 1);
    };
    plan.header_adds.iter().for_each(|h| need(h.role, h.col));
    plan.changes.iter().for_each(|c| need(c.at.role, c.col));
    for r in &plan.new_rows {
        r.cells.iter().for_each(|(c, _)| need(r.role, *c));
    }
    for m in &plan.moves {
        m.columns.iter().for_each(|(_, d)| need(m.to, *d));
    }
    for (role, width) in needed {
        let g = plan.tabs[&role];
        if width > g.column_count {
            out.push(Request {
                append_dimension: Some(AppendDimensionRequest {
                    sheet_id: Some(g.sheet_id),
                    dimension: Some("COLUMNS".into()),
                    length: Some((width - g.column_count) as i32),
                }),
                ..Default::default()
            });
        }
    }
}

fn delete_rows(plan: &Plan, out: &mut Vec<Request>) {
    let mut rows: Vec<(i32, usize)> = plan
        .moves
        .iter()
        .map(|m| (m.from.sheet_id, m.from.row))
        .collect();
    rows.extend(plan.docs_removals.iter().map(|(_, r)| (r.sheet_id, r.row)));
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.dedup();
    for (sheet_id, row) in rows {
        out.push(Request {
            delete_dimension: Some(DeleteDimensionRequest {
                range: Some(dimension(sheet_id, "ROWS", row, row + 1)),
            }),
            ..Default::default()
        });
    }
}

fn copy_row(
    from_sheet: i32,
    from_row: usize,
    to_sheet: i32,
    to_row: usize,
    columns: &[(usize, usize)],
    out: &mut Vec<Request>,
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
        out.push(Request {
            copy_paste: Some(CopyPasteRequest {
                source: Some(grid(from_sheet, from_row, s, w)),
                destination: Some(grid(to_sheet, to_row, d, w)),
                paste_type: Some("PASTE_NORMAL".into()),
                paste_orientation: Some("NORMAL".into()),
            }),
            ..Default::default()
        });
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

/// Cell writes (each cell once) as few `updateCells` as exact masks allow: consecutive rows of
/// one column whose writes need the same mask become one request. One request per cell made a
/// 2,000-row first cycle hold ~30,000 google-sheets4 `Request`s of ~30 KB each (1.8 GB).
fn column_runs<'a>(
    cells: impl Iterator<Item = (i32, usize, usize, &'a CellSet)>,
    out: &mut Vec<Request>,
) {
    let mut groups: BTreeMap<(i32, usize, String), Vec<(usize, CellWrite)>> = BTreeMap::new();
    for (sheet_id, row, col, set) in cells {
        let write = cell_write(set);
        let key = (sheet_id, col, crate::sheets::cells::mask_for(&write));
        groups.entry(key).or_default().push((row, write));
    }
    for ((sheet_id, col, _), mut cells) in groups {
        cells.sort_by_key(|(row, _)| *row);
        let mut start = 0;
        let mut run: Vec<CellWrite> = Vec::new();
        for (row, write) in cells {
            if !run.is_empty() && row != start + run.len() {
                out.push(update_column(
                    sheet_id,
                    start,
                    col,
                    std::mem::take(&mut run),
                ));
            }
            if run.is_empty() {
                start = row;
            }
            run.push(write);
        }
        if !run.is_empty() {
            out.push(update_column(sheet_id, start, col, run));
        }
    }
}

/// One `updateCells` writing `cells` top to bottom from (`row`, `col`); all share one mask.
fn update_column(sheet_id: i32, row: usize, col: usize, cells: Vec<CellWrite>) -> Request {
    let mut request = update_row(sheet_id, row as u32, col as u32, &cells[..1]);
    if let Some(u) = request.update_cells.as_mut() {
        u.rows = Some(
            cells
                .iter()
                .map(|c| google_sheets4::api::RowData {
                    values: Some(vec![crate::sheets::cells::cell_data(c)]),
                })
                .collect(),
        );
    }
    request
}

fn cell_write(set: &CellSet) -> CellWrite {
    CellWrite {
        text: set.text.clone(),
        background: set.background,
        link: match &set.link {
            LinkSet::Keep => None,
            LinkSet::Set(uri) => Some(uri.clone()),
            LinkSet::Clear => Some(String::new()),
        },
    }
}

/// One `updateCells` for one cell, writing only the parts `set` names. Text is always a
/// `stringValue`, so `=IMPORTXML(...)` from an issue title stays text and never runs.
fn update_cell(sheet_id: i32, row: usize, col: usize, set: &CellSet) -> Request {
    update_row(sheet_id, row as u32, col as u32, &[cell_write(set)])
}
