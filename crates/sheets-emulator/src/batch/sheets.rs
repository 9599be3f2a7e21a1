//! Sheets: addSheet, deleteSheet, updateSheetProperties, updateSpreadsheetProperties.

use super::args::*;
use crate::error::{ApiError, ApiResult};
use crate::ids::Ids;
use crate::model::{Sheet, Spreadsheet};
use crate::render;
use serde_json::{Value, json};

pub(super) fn title_taken(ss: &Spreadsheet, title: &str, except: Option<i64>) -> bool {
    ss.sheets
        .iter()
        .any(|s| Some(s.id) != except && s.title.to_lowercase() == title.to_lowercase())
}

pub(super) fn duplicate_title(title: &str) -> ApiError {
    ApiError::invalid(format!(
        "A sheet with the name \"{title}\" already exists. Please enter another name."
    ))
}

pub(super) fn add_sheet(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let props = v.get("properties").cloned().unwrap_or(json!({}));
    let id = match int(&props, "sheetId") {
        Some(id) if ss.sheet_index_by_id(id).is_some() => {
            return Err(ApiError::invalid(format!(
                "A sheet with the id {id} already exists."
            )));
        }
        Some(id) => id,
        None => ids.id(),
    };
    let title = match props.get("title").and_then(Value::as_str) {
        Some(t) if t.trim().is_empty() => {
            return Err(ApiError::invalid("The sheet name cannot be empty."));
        }
        Some(t) => t.to_string(),
        None => (ss.sheets.len() + 1..)
            .map(|n| format!("Sheet{n}"))
            .find(|t| !title_taken(ss, t, None))
            .unwrap_or_default(),
    };
    if title_taken(ss, &title, None) {
        return Err(duplicate_title(&title));
    }
    let grid = props.get("gridProperties").cloned().unwrap_or(json!({}));
    let mut sheet = Sheet::new(
        id,
        &title,
        uint(&grid, "rowCount")?.unwrap_or(1000),
        uint(&grid, "columnCount")?.unwrap_or(26),
    );
    sheet.frozen_rows = uint(&grid, "frozenRowCount")?.unwrap_or(0);
    sheet.frozen_cols = uint(&grid, "frozenColumnCount")?.unwrap_or(0);
    sheet.hidden = props
        .get("hidden")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    sheet.tab_color = props.get("tabColor").cloned();
    let index = (uint(&props, "index")?.unwrap_or(u32::MAX) as usize).min(ss.sheets.len());
    ss.sheets.insert(index, sheet);
    check_cell_cap(ss)?;
    let props = render::sheet_properties(&ss.sheets[index], index);
    Ok(json!({"addSheet": {"properties": props}}))
}

pub(super) fn check_cell_cap(ss: &Spreadsheet) -> ApiResult<()> {
    let cells: u64 = ss
        .sheets
        .iter()
        .map(|s| s.rows as u64 * s.cols as u64)
        .sum();
    if cells > 10_000_000 {
        return Err(ApiError::invalid(
            "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
        ));
    }
    Ok(())
}

pub(super) fn delete_sheet(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let id = sheet_id(v);
    let idx = ss
        .sheet_index_by_id(id)
        .ok_or_else(|| ApiError::invalid(format!("No grid with id: {id}")))?;
    if ss.sheets.len() == 1 {
        return Err(ApiError::invalid(
            "You can't remove all the sheets in a document.",
        ));
    }
    ss.sheets.remove(idx);
    ss.named_ranges.retain(|n| n.sheet_id != id);
    ss.developer_metadata.retain(|md| {
        let on = md
            .pointer("/location/sheetId")
            .or_else(|| md.pointer("/location/dimensionRange/sheetId"))
            .and_then(Value::as_i64);
        on != Some(id)
    });
    if ss.sheets.iter().all(|s| s.hidden)
        && let Some(first) = ss.sheets.first_mut()
    {
        first.hidden = false;
    }
    Ok(json!({}))
}

pub(super) fn update_sheet_properties(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    let props = required(v, "properties")?;
    let id = sheet_id(props);
    let touches = |p: &[&str]| mask.all || mask.touches(p);
    let grid = props.get("gridProperties").cloned().unwrap_or(json!({}));
    if touches(&["title"]) {
        let title = props.get("title").and_then(Value::as_str).unwrap_or("");
        if title.trim().is_empty() {
            return Err(ApiError::invalid("The sheet name cannot be empty."));
        }
        if title_taken(ss, title, Some(id)) {
            return Err(duplicate_title(title));
        }
    }
    let idx = ss
        .sheet_index_by_id(id)
        .ok_or_else(|| ApiError::invalid(format!("No grid with id: {id}")))?;
    let mut sheet = ss.sheets[idx].clone();
    if touches(&["title"]) {
        sheet.title = props
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
    }
    if touches(&["hidden"]) {
        sheet.hidden = props
            .get("hidden")
            .and_then(Value::as_bool)
            .unwrap_or(false);
    }
    if touches(&["tabColor"]) {
        sheet.tab_color = props.get("tabColor").cloned();
    }
    if touches(&["gridProperties", "rowCount"]) {
        let rows = uint(&grid, "rowCount")?.unwrap_or(0);
        if rows == 0 {
            return Err(ApiError::invalid("rowCount must be greater than 0"));
        }
        sheet.rows = rows;
        sheet.grid.truncate(rows as usize);
    }
    if touches(&["gridProperties", "columnCount"]) {
        let cols = uint(&grid, "columnCount")?.unwrap_or(0);
        if cols == 0 {
            return Err(ApiError::invalid("columnCount must be greater than 0"));
        }
        sheet.cols = cols;
        for line in &mut sheet.grid {
            line.truncate(cols as usize);
        }
    }
    if touches(&["gridProperties", "frozenRowCount"]) {
        sheet.frozen_rows = uint(&grid, "frozenRowCount")?.unwrap_or(0);
    }
    if touches(&["gridProperties", "frozenColumnCount"]) {
        sheet.frozen_cols = uint(&grid, "frozenColumnCount")?.unwrap_or(0);
    }
    sheet.truncate_props();
    sheet.compact();
    ss.sheets[idx] = sheet;
    if touches(&["index"]) {
        let to = (uint(props, "index")?.unwrap_or(0) as usize).min(ss.sheets.len() - 1);
        let moved = ss.sheets.remove(idx);
        ss.sheets.insert(to, moved);
    }
    if ss.sheets.iter().all(|s| s.hidden) {
        return Err(ApiError::invalid(
            "You can't hide all the sheets in a document.",
        ));
    }
    check_cell_cap(ss)?;
    Ok(json!({}))
}

pub(super) fn update_spreadsheet_properties(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    if mask.all || mask.touches(&["title"]) {
        let props = required(v, "properties")?;
        ss.title = props
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
    }
    Ok(json!({}))
}
