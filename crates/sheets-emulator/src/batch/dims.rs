//! Rows and columns: insertDimension, appendDimension, deleteDimension, moveDimension,
//! updateDimensionProperties; formats and pixel sizes inherited, formula references kept
//! pointing at the same cells, row/column properties (hidden, pixel size) moving with their rows.

use super::args::*;
use crate::error::{ApiError, ApiResult};
use crate::formula;
use crate::model::{Sheet, Spreadsheet};
use crate::value::Entered;
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Dim {
    Rows,
    Cols,
}

pub(super) fn dimension(v: &Value) -> ApiResult<Dim> {
    match v.get("dimension").and_then(Value::as_str) {
        Some("ROWS") => Ok(Dim::Rows),
        Some("COLUMNS") => Ok(Dim::Cols),
        _ => Err(ApiError::invalid("dimension must be ROWS or COLUMNS")),
    }
}

pub(super) fn dim_range(ss: &Spreadsheet, v: &Value) -> ApiResult<(i64, Dim, u32, u32, u32)> {
    let id = sheet_id(v);
    let s = ss.sheet(id)?;
    let dim = dimension(v)?;
    let size = if dim == Dim::Rows { s.rows } else { s.cols };
    let start = uint(v, "startIndex")?.unwrap_or(0);
    let end = uint(v, "endIndex")?.unwrap_or(size);
    if end <= start {
        return Err(ApiError::invalid(format!(
            "Invalid dimension range: startIndex ({start}) must be less than endIndex ({end})."
        )));
    }
    Ok((id, dim, start, end, size))
}

pub(super) fn insert_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, dim, start, end, size) = dim_range(ss, required(v, "range")?)?;
    if start > size {
        return Err(ApiError::invalid(format!(
            "Cannot insert at index {start}: the sheet has only {size} {}.",
            if dim == Dim::Rows { "rows" } else { "columns" }
        )));
    }
    let before = v.get("inheritFromBefore").and_then(Value::as_bool) == Some(true);
    if before && start == 0 {
        return Err(ApiError::invalid(
            "Cannot inherit properties from before when inserting at the start of the sheet.",
        ));
    }
    let n = end - start;
    check_growth(ss, id, dim, n)?;
    let sheet = ss.sheet_mut(id)?;
    match dim {
        Dim::Rows => sheet.insert_rows(start, n),
        Dim::Cols => sheet.insert_cols(start, n),
    }
    let source = if before { start - 1 } else { end };
    inherit_formats(sheet, dim, source, start, end);
    inherit_size(sheet, dim, source, start, end);
    let change = formula::Change::Inserted {
        at: start as i64,
        n: n as i64,
    };
    follow_references(ss, id, dim, change);
    Ok(json!({}))
}

/// Every formula in the spreadsheet keeps pointing at the same cells after rows or columns of
/// sheet `id` moved.
pub(super) fn follow_references(ss: &mut Spreadsheet, id: i64, dim: Dim, change: formula::Change) {
    super::metadata::follow(ss, id, dim == Dim::Rows, change);
    let Ok(title) = ss.sheet(id).map(|s| s.title.clone()) else {
        return;
    };
    for sheet in &mut ss.sheets {
        let home = sheet.id == id;
        for cell in sheet.grid.iter_mut().flatten() {
            if let Some(Entered::Formula(f)) = &cell.value {
                let moved = formula::after_change(f, dim == Dim::Rows, change, home, &title);
                cell.value = Some(Entered::Formula(moved));
            }
        }
    }
}

/// New rows/columns take the formats of the neighbour they inherit from.
pub(super) fn inherit_formats(sheet: &mut Sheet, dim: Dim, source: u32, start: u32, end: u32) {
    let formats: Vec<(u32, Map<String, Value>)> = match dim {
        Dim::Rows => sheet
            .grid
            .get(source as usize)
            .map(|line| {
                line.iter()
                    .enumerate()
                    .filter_map(|(c, cell)| cell.format.clone().map(|f| (c as u32, f)))
                    .collect()
            })
            .unwrap_or_default(),
        Dim::Cols => sheet
            .grid
            .iter()
            .enumerate()
            .filter_map(|(r, line)| {
                line.get(source as usize)
                    .and_then(|c| c.format.clone())
                    .map(|f| (r as u32, f))
            })
            .collect(),
    };
    for i in start..end {
        for (other, f) in &formats {
            let cell = match dim {
                Dim::Rows => sheet.cell_mut(i, *other),
                Dim::Cols => sheet.cell_mut(*other, i),
            };
            cell.format = Some(f.clone());
        }
    }
}

/// New rows/columns take the pixel size of the neighbour they inherit from, not its hidden state
/// (an insert next to a hidden row shows the new rows).
fn inherit_size(sheet: &mut Sheet, dim: Dim, source: u32, start: u32, end: u32) {
    let rows = dim == Dim::Rows;
    let Some(px) = sheet.dim_props(rows, source).pixel_size else {
        return;
    };
    for i in start..end {
        sheet.dim_props_mut(rows, i).pixel_size = Some(px);
    }
}

/// Refuses growth past Google's 10 M cell cap before any work is done.
pub(super) fn check_growth(ss: &Spreadsheet, id: i64, dim: Dim, n: u32) -> ApiResult<()> {
    let s = ss.sheet(id)?;
    let others: u64 = ss
        .sheets
        .iter()
        .filter(|o| o.id != id)
        .map(|o| o.rows as u64 * o.cols as u64)
        .sum();
    let (rows, cols) = match dim {
        Dim::Rows => (s.rows as u64 + n as u64, s.cols as u64),
        Dim::Cols => (s.rows as u64, s.cols as u64 + n as u64),
    };
    if others + rows * cols > 10_000_000 {
        return Err(ApiError::invalid(
            "This action would increase the number of cells in the workbook above the limit of 10000000 cells.",
        ));
    }
    Ok(())
}

pub(super) fn append_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let dim = dimension(v)?;
    let length = uint(v, "length")?.unwrap_or(0);
    if length == 0 {
        return Err(ApiError::invalid("length must be greater than 0"));
    }
    check_growth(ss, sheet_id(v), dim, length)?;
    let sheet = ss.sheet_mut(sheet_id(v))?;
    match dim {
        Dim::Rows => sheet.rows += length,
        Dim::Cols => sheet.cols += length,
    }
    Ok(json!({}))
}

pub(super) fn delete_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, dim, start, end, size) = dim_range(ss, required(v, "range")?)?;
    let what = if dim == Dim::Rows { "rows" } else { "columns" };
    if end > size {
        return Err(ApiError::invalid(format!(
            "Cannot delete {what} {start}..{end}: the sheet has only {size} {what}."
        )));
    }
    if start == 0 && end == size {
        return Err(ApiError::invalid(format!(
            "You can't delete all the {what} on the sheet."
        )));
    }
    let sheet = ss.sheet_mut(id)?;
    match dim {
        Dim::Rows => sheet.delete_rows(start, end),
        Dim::Cols => sheet.delete_cols(start, end),
    }
    let change = formula::Change::Deleted {
        from: start as i64,
        to: end as i64,
    };
    follow_references(ss, id, dim, change);
    Ok(json!({}))
}

/// The DimensionProperties fields `updateDimensionProperties` writes; the others are read-only.
const WRITABLE: &[&str] = &["hiddenByUser", "pixelSize"];
const READ_ONLY: &[&str] = &[
    "hiddenByFilter",
    "developerMetadata",
    "dataSourceColumnReference",
];

/// `updateDimensionProperties`: the masked properties (`hiddenByUser`, `pixelSize`) of every
/// row or column of the range; a masked property the request leaves out goes back to its default.
pub(super) fn update_dimension_properties(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let range = match (v.get("range"), v.get("dataSourceSheetRange")) {
        (Some(r), None) => r,
        (None, Some(dr)) => {
            let id = sheet_id(dr);
            ss.sheet(id)?;
            return Err(ApiError::invalid(format!(
                "Sheet {id} is not a data source sheet."
            )));
        }
        (Some(_), Some(_)) => {
            return Err(ApiError::invalid(
                "Only one of range or dataSourceSheetRange may be set.",
            ));
        }
        (None, None) => return Err(ApiError::invalid("Missing required field: range")),
    };
    let mask = fields_mask(v)?;
    for name in mask.fields.keys() {
        if !WRITABLE.contains(&name.as_str()) && !READ_ONLY.contains(&name.as_str()) {
            return Err(ApiError::invalid(format!(
                "Invalid field mask: DimensionProperties has no field '{name}'."
            )));
        }
    }
    let set = |f: &str| mask.all || mask.fields.contains_key(f);
    let props = v.get("properties").cloned().unwrap_or(json!({}));
    let hidden = props.get("hiddenByUser").and_then(Value::as_bool) == Some(true);
    let pixel_size = uint(&props, "pixelSize")?;
    let (id, dim, start, end, size) = dim_range(ss, range)?;
    let what = if dim == Dim::Rows { "rows" } else { "columns" };
    if end > size {
        return Err(ApiError::invalid(format!(
            "Cannot update {what} {start}..{end}: the sheet has only {size} {what}."
        )));
    }
    let rows = dim == Dim::Rows;
    let sheet = ss.sheet_mut(id)?;
    for i in start..end {
        let p = sheet.dim_props_mut(rows, i);
        if set("hiddenByUser") {
            p.hidden = hidden;
        }
        if set("pixelSize") {
            p.pixel_size = pixel_size;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

/// `moveDimension`: rows or columns `[start, end)` moved before `destinationIndex` (counted
/// before the move) with their cells, properties and row/column metadata.
pub(super) fn move_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, dim, start, end, size) = dim_range(ss, required(v, "source")?)?;
    let what = if dim == Dim::Rows { "rows" } else { "columns" };
    if end > size {
        return Err(ApiError::invalid(format!(
            "Cannot move {what} {start}..{end}: the sheet has only {size} {what}."
        )));
    }
    let dest = uint(v, "destinationIndex")?.unwrap_or(0);
    if dest > size {
        return Err(ApiError::invalid(format!(
            "destinationIndex ({dest}) must not exceed the number of {what} ({size})."
        )));
    }
    if (start..=end).contains(&dest) {
        return Ok(json!({}));
    }
    let rows = dim == Dim::Rows;
    // Past max(end, dest) nothing moves.
    let order = moved_order(end.max(dest), start, end, dest);
    let sheet = ss.sheet_mut(id)?;
    if rows {
        reorder(&mut sheet.grid, &order);
        reorder(&mut sheet.row_props, &order);
    } else {
        for line in &mut sheet.grid {
            reorder(line, &order);
        }
        reorder(&mut sheet.col_props, &order);
    }
    sheet.compact();
    super::metadata::follow_order(ss, id, rows, &order);
    Ok(json!({}))
}

/// Puts `list[order[k]]` at `k` for the first `order.len()` items (missing ones are defaults).
fn reorder<T: Default>(list: &mut Vec<T>, order: &[u32]) {
    if list.len() < order.len() {
        list.resize_with(order.len(), T::default);
    }
    let mut head: Vec<T> = list.drain(..order.len()).collect();
    let moved: Vec<T> = order
        .iter()
        .map(|&i| std::mem::take(&mut head[i as usize]))
        .collect();
    list.splice(0..0, moved);
}

/// The old index now at each position after `[start, end)` moved before `dest`.
fn moved_order(size: u32, start: u32, end: u32, dest: u32) -> Vec<u32> {
    let moved = start..end;
    let mut rest: Vec<u32> = (0..size).filter(|i| !moved.contains(i)).collect();
    let at = if dest > end {
        dest - (end - start)
    } else {
        dest
    } as usize;
    rest.splice(at..at, moved);
    rest
}
