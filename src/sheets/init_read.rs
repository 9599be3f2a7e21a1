//! Reading a spreadsheet for `init`: every tab's properties, protected ranges, and cells with
//! text, bold and data validation, in one `spreadsheets.get`.

use super::whole_tab_range;
use crate::init::{CellState, Protected, SheetState, TabState};
use google_sheets4::api::{CellData, GridData, Sheet, Spreadsheet};

/// The field mask of the one read.
pub const INIT_FIELDS: &str = "spreadsheetId,sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),protectedRanges(protectedRangeId,range),data(startRow,startColumn,rowData(values(formattedValue,userEnteredFormat(textFormat(bold)),dataValidation(condition(type,values(userEnteredValue)))))))";

/// The ranges to read: each existing tab whose title is wanted, whole.
pub fn ranges(existing: &[String], wanted: &[String]) -> Vec<String> {
    existing
        .iter()
        .filter(|t| wanted.iter().any(|w| crate::sync::same_name(w, t)))
        .map(|t| whole_tab_range(t))
        .collect()
}

/// The state of every tab of the answer (tabs not read have no rows).
pub fn read_state(ss: &Spreadsheet) -> SheetState {
    let mut tabs: Vec<(i32, TabState)> = ss.sheets.iter().flatten().map(tab_state).collect();
    tabs.sort_by_key(|(index, _)| *index);
    SheetState {
        tabs: tabs.into_iter().map(|(_, t)| t).collect(),
    }
}

fn count(v: Option<i32>) -> u32 {
    v.unwrap_or(0).max(0) as u32
}

fn tab_state(s: &Sheet) -> (i32, TabState) {
    let p = s.properties.clone().unwrap_or_default();
    let grid = p.grid_properties.unwrap_or_default();
    let mut tab = TabState {
        sheet_id: p.sheet_id.unwrap_or(0),
        title: p.title.unwrap_or_default(),
        row_count: count(grid.row_count),
        column_count: count(grid.column_count),
        frozen_rows: count(grid.frozen_row_count),
        rows: Vec::new(),
        protected: Vec::new(),
    };
    for grid in s.data.iter().flatten() {
        place(&mut tab.rows, grid);
    }
    tab.protected = s
        .protected_ranges
        .iter()
        .flatten()
        .filter_map(|p| p.range.as_ref())
        .map(|r| Protected {
            start_row: count(r.start_row_index),
            end_row: r.end_row_index.map(|e| e.max(0) as u32),
            start_col: count(r.start_column_index),
            end_col: r.end_column_index.map(|e| e.max(0) as u32),
        })
        .collect();
    (p.index.unwrap_or(0), tab)
}

fn place(rows: &mut Vec<Vec<CellState>>, grid: &GridData) {
    let r0 = count(grid.start_row) as usize;
    let c0 = count(grid.start_column) as usize;
    for (i, row) in grid.row_data.iter().flatten().enumerate() {
        let values = row.values.as_deref().unwrap_or(&[]);
        let r = r0 + i;
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() < c0 + values.len() {
            line.resize_with(c0 + values.len(), CellState::default);
        }
        for (j, v) in values.iter().enumerate() {
            line[c0 + j] = cell_state(v);
        }
    }
}

fn cell_state(c: &CellData) -> CellState {
    let bold = c
        .user_entered_format
        .as_ref()
        .and_then(|f| f.text_format.as_ref())
        .and_then(|t| t.bold)
        .unwrap_or(false);
    let validation = c.data_validation.as_ref().map(|v| {
        v.condition
            .as_ref()
            .filter(|cond| cond.type_.as_deref() == Some("ONE_OF_LIST"))
            .and_then(|cond| cond.values.as_ref())
            .map(|vals| {
                vals.iter()
                    .filter_map(|x| x.user_entered_value.clone())
                    .collect()
            })
            .unwrap_or_default()
    });
    CellState {
        text: c.formatted_value.clone().unwrap_or_default(),
        bold,
        validation,
    }
}
