//! `spreadsheets.batchUpdate`: every request validated and applied in order on a copy, committed
//! only when all succeed; one reply per request (`{}` when the request has none).

use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::fields::Mask;
use crate::formula;
use crate::ids::Ids;
use crate::model::{Cell, NamedRange, Sheet, Spreadsheet};
use crate::render;
use crate::value::Entered;
use serde_json::{Map, Value, json};

/// Applies a batchUpdate body; on success the spreadsheet is replaced by the updated copy.
pub fn batch_update(ss: &mut Spreadsheet, body: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let requests = match body.get("requests") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(other) => {
            return Err(ApiError::bad_value(
                "requests",
                "google.apps.sheets.v4.Request",
                other,
            ));
        }
    };
    if requests.is_empty() {
        return Err(ApiError::invalid("Must specify at least one request."));
    }
    let mut copy = ss.clone();
    let mut replies = Vec::with_capacity(requests.len());
    for (i, request) in requests.iter().enumerate() {
        replies.push(one(&mut copy, request, i, ids)?);
    }
    *ss = copy;
    let mut out = json!({"spreadsheetId": ss.id, "replies": replies});
    if body
        .get("includeSpreadsheetInResponse")
        .and_then(Value::as_bool)
        == Some(true)
    {
        out["updatedSpreadsheet"] = render::spreadsheet(ss, &[], None, &render::View::full());
    }
    Ok(out)
}

fn one(ss: &mut Spreadsheet, request: &Value, i: usize, ids: &mut Ids) -> ApiResult<Value> {
    let obj = request
        .as_object()
        .filter(|o| o.len() == 1)
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "Invalid requests[{i}]: exactly one kind of request must be set."
            ))
        })?;
    let Some((kind, args)) = obj.iter().next() else {
        return Err(ApiError::invalid(format!("Invalid requests[{i}]")));
    };
    let result = match kind.as_str() {
        "updateCells" => update_cells(ss, args),
        "repeatCell" => repeat_cell(ss, args),
        "appendCells" => append_cells(ss, args),
        "insertDimension" => insert_dimension(ss, args),
        "appendDimension" => append_dimension(ss, args),
        "deleteDimension" => delete_dimension(ss, args),
        "copyPaste" => copy_paste(ss, args),
        "cutPaste" => cut_paste(ss, args),
        "addSheet" => add_sheet(ss, args, ids),
        "deleteSheet" => delete_sheet(ss, args),
        "updateSheetProperties" => update_sheet_properties(ss, args),
        "updateSpreadsheetProperties" => update_spreadsheet_properties(ss, args),
        "setDataValidation" => set_data_validation(ss, args),
        "addChart" => add_chart(ss, args, ids),
        "createDeveloperMetadata" => create_developer_metadata(ss, args, ids),
        "addProtectedRange" => add_protected_range(ss, args, ids),
        "deleteProtectedRange" => delete_protected_range(ss, args),
        "addNamedRange" => add_named_range(ss, args, ids),
        "deleteNamedRange" => delete_named_range(ss, args),
        "mergeCells" => merge_cells(ss, args),
        "sortRange" => sort_range(ss, args),
        other if KNOWN_UNSUPPORTED.contains(&other) => Err(ApiError::invalid(
            "this request kind is not supported by the emulator",
        )),
        other => {
            let text = format!(
                "Invalid JSON payload received. Unknown name \"{other}\" at 'requests[{i}]': Cannot find field."
            );
            return Err(ApiError::field_violation(
                &text,
                &format!("requests[{i}]"),
                &text,
            ));
        }
    };
    result.map_err(|e| e.prefixed(&format!("Invalid requests[{i}].{kind}: ")))
}

const KNOWN_UNSUPPORTED: &[&str] = &[
    "addConditionalFormatRule",
    "updateConditionalFormatRule",
    "deleteConditionalFormatRule",
    "addFilterView",
    "setBasicFilter",
    "clearBasicFilter",
    "findReplace",
    "autoResizeDimensions",
    "updateDimensionProperties",
    "updateBorders",
    "unmergeCells",
    "duplicateSheet",
    "addBanding",
    "updateChartSpec",
    "deleteEmbeddedObject",
    "updateDeveloperMetadata",
    "deleteDeveloperMetadata",
    "pasteData",
    "textToColumns",
    "trimWhitespace",
    "deleteDuplicates",
    "randomizeRange",
    "autoFill",
    "moveDimension",
    "addDimensionGroup",
    "deleteDimensionGroup",
    "updateDimensionGroup",
    "updateProtectedRange",
    "updateNamedRange",
    "addSlicer",
    "updateSlicerSpec",
    "addTable",
    "updateEmbeddedObjectPosition",
    "updateBanding",
    "deleteBanding",
    "deleteFilterView",
    "updateFilterView",
    "duplicateFilterView",
    "insertRange",
    "deleteRange",
    "addDataSource",
    "updateDataSource",
    "deleteDataSource",
    "refreshDataSource",
    "cancelDataSourceRefresh",
    "updateEmbeddedObjectBorder",
    "deleteTable",
    "updateTable",
];

// ---- argument helpers -------------------------------------------------------------------

fn int(v: &Value, key: &str) -> Option<i64> {
    let x = v.get(key)?;
    x.as_i64()
        .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
}

fn uint(v: &Value, key: &str) -> ApiResult<Option<u32>> {
    match int(v, key) {
        None => Ok(None),
        Some(n) if n >= 0 && n <= u32::MAX as i64 => Ok(Some(n as u32)),
        Some(n) => Err(ApiError::invalid(format!("{key} ({n}) must be >= 0"))),
    }
}

fn sheet_id(v: &Value) -> i64 {
    int(v, "sheetId").unwrap_or(0)
}

/// A GridRange resolved against its sheet (missing bounds run to the grid's edge).
fn grid_range(ss: &Spreadsheet, v: &Value) -> ApiResult<(i64, Rect)> {
    let id = sheet_id(v);
    let s = ss.sheet(id)?;
    let r = Rect {
        row0: uint(v, "startRowIndex")?.unwrap_or(0),
        row1: uint(v, "endRowIndex")?.unwrap_or(s.rows),
        col0: uint(v, "startColumnIndex")?.unwrap_or(0),
        col1: uint(v, "endColumnIndex")?.unwrap_or(s.cols),
    };
    if r.row0 > r.row1 || r.col0 > r.col1 {
        return Err(ApiError::invalid(format!(
            "The range is invalid: start index must not exceed end index ({}:{}, {}:{})",
            r.row0, r.row1, r.col0, r.col1
        )));
    }
    s.check_inside(&r)?;
    Ok((id, r))
}

fn required<'a>(v: &'a Value, key: &str) -> ApiResult<&'a Value> {
    v.get(key)
        .filter(|x| !x.is_null())
        .ok_or_else(|| ApiError::invalid(format!("Missing required field: {key}")))
}

fn fields_mask(v: &Value) -> ApiResult<Mask> {
    let text = v.get("fields").and_then(Value::as_str).unwrap_or("");
    if text.trim().is_empty() {
        return Err(ApiError::invalid(
            "At least one field must be specified in 'fields'.",
        ));
    }
    Mask::parse(text).ok_or_else(|| ApiError::invalid(format!("Invalid field mask: {text}")))
}

// ---- cell writes ---------------------------------------------------------------------------

/// Writes the masked parts of a CellData onto a cell (absent parts under the mask are cleared).
pub fn apply_cell_data(cell: &mut Cell, data: &Value, mask: &Mask) -> ApiResult<()> {
    let touches = |k: &str| mask.all || mask.touches(&[k]);
    if touches("userEnteredValue") {
        cell.value =
            match data.get("userEnteredValue") {
                None | Some(Value::Null) => None,
                Some(v) => Some(Entered::from_extended(v).ok_or_else(|| {
                    ApiError::invalid("userEnteredValue must set exactly one value")
                })?),
            };
    }
    if touches("userEnteredFormat") {
        let sub = if mask.all {
            None
        } else {
            mask.fields.get("userEnteredFormat").cloned().flatten()
        };
        let mut format = cell.format.take().unwrap_or_default();
        let given = data.get("userEnteredFormat").and_then(Value::as_object);
        match sub {
            None => format = given.cloned().unwrap_or_default(),
            Some(m) => merge_masked(&mut format, given, &m),
        }
        strip_styles(&mut format);
        clean_colors(&mut format);
        cell.format = (!format.is_empty()).then_some(format);
    }
    if touches("note") {
        cell.note = data
            .get("note")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from);
    }
    if touches("dataValidation") {
        cell.validation = data.get("dataValidation").filter(|v| !v.is_null()).cloned();
    }
    Ok(())
}

/// Sets (or removes) each masked path of `dst` from `src`.
fn merge_masked(dst: &mut Map<String, Value>, src: Option<&Map<String, Value>>, mask: &Mask) {
    if mask.all {
        *dst = src.cloned().unwrap_or_default();
        return;
    }
    for (k, sub) in &mask.fields {
        let from = src.and_then(|s| s.get(k));
        match sub {
            None => match from {
                Some(v) if !v.is_null() => {
                    dst.insert(k.clone(), v.clone());
                }
                _ => {
                    dst.remove(k);
                }
            },
            Some(m) => {
                let mut inner = dst
                    .get(k)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                merge_masked(&mut inner, from.and_then(Value::as_object), m);
                if inner.is_empty() {
                    dst.remove(k);
                } else {
                    dst.insert(k.clone(), Value::Object(inner));
                }
            }
        }
    }
}

/// `*ColorStyle.rgbColor` is stored through the plain colour (Google keeps the two in step).
fn strip_styles(f: &mut Map<String, Value>) {
    if let Some(style) = f.remove("backgroundColorStyle")
        && let Some(rgb) = style.get("rgbColor")
    {
        f.insert("backgroundColor".into(), rgb.clone());
    }
    if let Some(Value::Object(tf)) = f.get_mut("textFormat")
        && let Some(style) = tf.remove("foregroundColorStyle")
        && let Some(rgb) = style.get("rgbColor")
    {
        tf.insert("foregroundColor".into(), rgb.clone());
    }
}

/// Drops colour channels equal to 0, as Google does when echoing colours.
fn clean_colors(f: &mut Map<String, Value>) {
    for (k, v) in f.iter_mut() {
        if let Value::Object(inner) = v {
            if k.ends_with("Color") || k == "rgbColor" {
                inner.retain(|_, c| c.as_f64() != Some(0.0));
            } else {
                clean_colors(inner);
            }
        }
    }
}

fn rows_arg(v: &Value) -> Vec<Vec<Value>> {
    v.get("rows")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.get("values")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn update_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    let rows = rows_arg(v);
    let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let (id, area) = if let Some(start) = v.get("start") {
        let id = sheet_id(start);
        let r0 = uint(start, "rowIndex")?.unwrap_or(0);
        let c0 = uint(start, "columnIndex")?.unwrap_or(0);
        let area = Rect {
            row0: r0,
            row1: r0 + rows.len() as u32,
            col0: c0,
            col1: c0 + width,
        };
        ss.sheet(id)?.check_inside(&area)?;
        (id, area)
    } else {
        let (id, area) = grid_range(ss, required(v, "range")?)?;
        check_rows_fit(&area, rows.len() as u32, width)?;
        (id, area)
    };
    let sheet = ss.sheet_mut(id)?;
    let empty = json!({});
    for row in area.row0..area.row1 {
        for col in area.col0..area.col1 {
            let data = rows
                .get((row - area.row0) as usize)
                .and_then(|r| r.get((col - area.col0) as usize))
                .unwrap_or(&empty);
            apply_cell_data(sheet.cell_mut(row, col), data, &mask)?;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

fn check_rows_fit(area: &Rect, rows: u32, width: u32) -> ApiResult<()> {
    if rows > area.rows() {
        return Err(ApiError::invalid(format!(
            "Attempting to write row: {}, beyond the last requested row of: {}",
            area.row1,
            area.row1.saturating_sub(1)
        )));
    }
    if width > area.cols() {
        return Err(ApiError::invalid(format!(
            "Attempting to write column: {}, beyond the last requested column of: {}",
            area.col1,
            area.col1.saturating_sub(1)
        )));
    }
    Ok(())
}

fn repeat_cell(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    let (id, area) = grid_range(ss, required(v, "range")?)?;
    let data = v.get("cell").cloned().unwrap_or(json!({}));
    let sheet = ss.sheet_mut(id)?;
    for row in area.row0..area.row1 {
        for col in area.col0..area.col1 {
            apply_cell_data(sheet.cell_mut(row, col), &data, &mask)?;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

fn append_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    let rows = rows_arg(v);
    let sheet = ss.sheet_mut(sheet_id(v))?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    if width > sheet.cols {
        return Err(ApiError::invalid(format!(
            "Attempting to write column: {}, beyond the last requested column of: {}",
            sheet.cols,
            sheet.cols.saturating_sub(1)
        )));
    }
    let row0 = sheet.data_rows();
    let needed = row0 + rows.len() as u32;
    if needed > sheet.rows {
        sheet.rows = needed;
    }
    for (i, line) in rows.iter().enumerate() {
        for (j, data) in line.iter().enumerate() {
            apply_cell_data(sheet.cell_mut(row0 + i as u32, j as u32), data, &mask)?;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

// ---- dimensions ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Dim {
    Rows,
    Cols,
}

fn dimension(v: &Value) -> ApiResult<Dim> {
    match v.get("dimension").and_then(Value::as_str) {
        Some("ROWS") => Ok(Dim::Rows),
        Some("COLUMNS") => Ok(Dim::Cols),
        _ => Err(ApiError::invalid("dimension must be ROWS or COLUMNS")),
    }
}

fn dim_range(ss: &Spreadsheet, v: &Value) -> ApiResult<(i64, Dim, u32, u32, u32)> {
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

fn insert_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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
    let change = formula::Change::Inserted {
        at: start as i64,
        n: n as i64,
    };
    follow_references(ss, id, dim, change);
    Ok(json!({}))
}

/// Every formula in the spreadsheet keeps pointing at the same cells after rows or columns of
/// sheet `id` moved.
fn follow_references(ss: &mut Spreadsheet, id: i64, dim: Dim, change: formula::Change) {
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
fn inherit_formats(sheet: &mut Sheet, dim: Dim, source: u32, start: u32, end: u32) {
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

/// Refuses growth past Google's 10 M cell cap before any work is done.
fn check_growth(ss: &Spreadsheet, id: i64, dim: Dim, n: u32) -> ApiResult<()> {
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

fn append_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

fn delete_dimension(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

// ---- copy / cut ----------------------------------------------------------------------------

/// Pastes `src` into `dst`; formulas moved by (`rows`, `cols`) have their relative references
/// shifted by the same amount, as Sheets does.
fn paste_cell(dst: &mut Cell, src: &Cell, paste: &str, rows: i64, cols: i64) {
    let moved = |v: &Option<Entered>| match v {
        Some(Entered::Formula(f)) => Some(Entered::Formula(formula::copied(f, rows, cols))),
        other => other.clone(),
    };
    match paste {
        "PASTE_VALUES" => {
            dst.value = src.value.as_ref().map(|v| match v {
                Entered::Formula(_) => Entered::Text(v.formatted()),
                other => other.clone(),
            })
        }
        "PASTE_FORMAT" => dst.format = src.format.clone(),
        "PASTE_FORMULA" => dst.value = moved(&src.value),
        "PASTE_DATA_VALIDATION" => dst.validation = src.validation.clone(),
        "PASTE_CONDITIONAL_FORMATTING" => {}
        _ => {
            *dst = src.clone();
            dst.value = moved(&src.value);
        }
    }
}

fn copy_block(ss: &Spreadsheet, id: i64, r: &Rect) -> ApiResult<Vec<Vec<Cell>>> {
    let s = ss.sheet(id)?;
    Ok((r.row0..r.row1)
        .map(|row| {
            (r.col0..r.col1)
                .map(|col| s.cell(row, col).cloned().unwrap_or_default())
                .collect()
        })
        .collect())
}

fn paste_type(v: &Value) -> String {
    v.get("pasteType")
        .and_then(Value::as_str)
        .unwrap_or("PASTE_NORMAL")
        .to_string()
}

fn copy_paste(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (src_id, src) = grid_range(ss, required(v, "source")?)?;
    let (dst_id, dst) = grid_range(ss, required(v, "destination")?)?;
    if v.get("pasteOrientation").and_then(Value::as_str) == Some("TRANSPOSE") {
        return Err(ApiError::invalid(
            "pasteOrientation TRANSPOSE is not supported by the emulator",
        ));
    }
    if src.rows() == 0 || src.cols() == 0 {
        return Err(ApiError::invalid("The source range is empty."));
    }
    let block = copy_block(ss, src_id, &src)?;
    let (h, w) = (src.rows(), src.cols());
    let rows = if dst.rows() >= h && dst.rows() % h == 0 {
        dst.rows()
    } else {
        h
    };
    let cols = if dst.cols() >= w && dst.cols() % w == 0 {
        dst.cols()
    } else {
        w
    };
    let target = Rect {
        row0: dst.row0,
        row1: dst.row0 + rows,
        col0: dst.col0,
        col1: dst.col0 + cols,
    };
    let paste = paste_type(v);
    let sheet = ss.sheet_mut(dst_id)?;
    sheet.check_inside(&target)?;
    for i in 0..rows {
        for j in 0..cols {
            let (si, sj) = (i % h, j % w);
            let from = &block[si as usize][sj as usize];
            let rows = (target.row0 + i) as i64 - (src.row0 + si) as i64;
            let cols = (target.col0 + j) as i64 - (src.col0 + sj) as i64;
            let cell = sheet.cell_mut(target.row0 + i, target.col0 + j);
            paste_cell(cell, from, &paste, rows, cols);
        }
    }
    sheet.compact();
    Ok(json!({}))
}

fn cut_paste(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (src_id, src) = grid_range(ss, required(v, "source")?)?;
    let dest = required(v, "destination")?;
    let dst_id = sheet_id(dest);
    let r0 = uint(dest, "rowIndex")?.unwrap_or(0);
    let c0 = uint(dest, "columnIndex")?.unwrap_or(0);
    let target = Rect {
        row0: r0,
        row1: r0 + src.rows(),
        col0: c0,
        col1: c0 + src.cols(),
    };
    ss.sheet(dst_id)?.check_inside(&target)?;
    let block = copy_block(ss, src_id, &src)?;
    let paste = paste_type(v);
    let source_sheet = ss.sheet_mut(src_id)?;
    for row in src.row0..src.row1 {
        for col in src.col0..src.col1 {
            *source_sheet.cell_mut(row, col) = Cell::default();
        }
    }
    source_sheet.compact();
    let sheet = ss.sheet_mut(dst_id)?;
    for (i, line) in block.iter().enumerate() {
        for (j, cell) in line.iter().enumerate() {
            paste_cell(
                sheet.cell_mut(r0 + i as u32, c0 + j as u32),
                cell,
                &paste,
                0,
                0,
            );
        }
    }
    sheet.compact();
    Ok(json!({}))
}

// ---- sheets ----------------------------------------------------------------------------------

fn title_taken(ss: &Spreadsheet, title: &str, except: Option<i64>) -> bool {
    ss.sheets
        .iter()
        .any(|s| Some(s.id) != except && s.title.to_lowercase() == title.to_lowercase())
}

fn duplicate_title(title: &str) -> ApiError {
    ApiError::invalid(format!(
        "A sheet with the name \"{title}\" already exists. Please enter another name."
    ))
}

fn add_sheet(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
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

fn check_cell_cap(ss: &Spreadsheet) -> ApiResult<()> {
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

fn delete_sheet(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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
    if ss.sheets.iter().all(|s| s.hidden)
        && let Some(first) = ss.sheets.first_mut()
    {
        first.hidden = false;
    }
    Ok(json!({}))
}

fn update_sheet_properties(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

fn update_spreadsheet_properties(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

// ---- validation, charts, metadata, protection, names, merges, sort --------------------------

fn set_data_validation(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, area) = grid_range(ss, required(v, "range")?)?;
    let rule = v.get("rule").filter(|r| !r.is_null()).cloned();
    let sheet = ss.sheet_mut(id)?;
    for row in area.row0..area.row1 {
        for col in area.col0..area.col1 {
            sheet.cell_mut(row, col).validation = rule.clone();
        }
    }
    sheet.compact();
    Ok(json!({}))
}

fn add_chart(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let mut chart = required(v, "chart")?.clone();
    if int(&chart, "chartId").is_none() {
        chart["chartId"] = json!(ids.id());
    }
    let position = chart.get("position").cloned().unwrap_or(json!({}));
    let anchor_sheet = position
        .pointer("/overlayPosition/anchorCell/sheetId")
        .and_then(Value::as_i64)
        .or_else(|| int(&position, "sheetId"))
        .unwrap_or_else(|| ss.sheets.first().map_or(0, |s| s.id));
    ss.sheet_mut(anchor_sheet)?.charts.push(chart.clone());
    Ok(json!({"addChart": {"chart": chart}}))
}

fn create_developer_metadata(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let mut md = required(v, "developerMetadata")?.clone();
    let id = match int(&md, "metadataId") {
        Some(id) if id <= 0 => return Err(ApiError::invalid("metadataId must be positive")),
        Some(id) => id,
        None => ids.id(),
    };
    if ss
        .developer_metadata
        .iter()
        .any(|m| int(m, "metadataId") == Some(id))
    {
        return Err(ApiError::invalid(format!(
            "Developer metadata with ID {id} already exists."
        )));
    }
    md["metadataId"] = json!(id);
    let location = md
        .get("location")
        .cloned()
        .unwrap_or(json!({"spreadsheet": true}));
    let kind = if let Some(dr) = location.get("dimensionRange") {
        let rows = dr.get("dimension").and_then(Value::as_str) == Some("ROWS");
        let span = int(dr, "endIndex").unwrap_or(0) - int(dr, "startIndex").unwrap_or(0);
        if span != 1 {
            return Err(ApiError::invalid(
                "Developer metadata may only be associated with a single row or column.",
            ));
        }
        if rows { "ROW" } else { "COLUMN" }
    } else if location.get("sheetId").is_some() {
        "SHEET"
    } else {
        "SPREADSHEET"
    };
    md["location"]["locationType"] = json!(kind);
    ss.developer_metadata.push(md.clone());
    Ok(json!({"createDeveloperMetadata": {"developerMetadata": md}}))
}

/// The identity the emulator treats as the caller (the creator of protected ranges).
pub const CALLER: &str = "kepsync@sheets-emulator.iam.gserviceaccount.com";

fn add_protected_range(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let pr = required(v, "protectedRange")?;
    let (id, rect) = grid_range(ss, required(pr, "range")?)?;
    let pid = ids.id();
    let mut reply = json!({
        "protectedRangeId": pid,
        "range": render::grid_range(id, &rect),
    });
    if let Some(d) = pr.get("description").and_then(Value::as_str) {
        reply["description"] = json!(d);
    }
    if pr.get("warningOnly").and_then(Value::as_bool) == Some(true) {
        reply["warningOnly"] = json!(true);
    }
    reply["requestingUserCanEdit"] = json!(true);
    let mut stored = reply.clone();
    reply["editors"] = json!({});
    stored["editors"] = json!({"users": [CALLER]});
    ss.sheet_mut(id)?.protected.push(stored);
    Ok(json!({"addProtectedRange": {"protectedRange": reply}}))
}

fn delete_protected_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let pid = int(v, "protectedRangeId").unwrap_or(0);
    let mut found = false;
    for s in &mut ss.sheets {
        let before = s.protected.len();
        s.protected
            .retain(|p| int(p, "protectedRangeId") != Some(pid));
        found |= s.protected.len() != before;
    }
    if !found {
        return Err(ApiError::invalid(format!(
            "No protected range with id: {pid}"
        )));
    }
    Ok(json!({}))
}

fn add_named_range(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let nr = required(v, "namedRange")?;
    let name = nr
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if name.is_empty() || ss.named_ranges.iter().any(|n| n.name == name) {
        return Err(ApiError::invalid(format!(
            "The name \"{name}\" is empty or already used."
        )));
    }
    let (sheet_id, rect) = grid_range(ss, required(nr, "range")?)?;
    let named = NamedRange {
        id: ids.id().to_string(),
        name,
        sheet_id,
        rect,
    };
    let reply = json!({"namedRangeId": named.id, "name": named.name, "range": render::grid_range(sheet_id, &rect)});
    ss.named_ranges.push(named);
    Ok(json!({"addNamedRange": {"namedRange": reply}}))
}

fn delete_named_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let id = v.get("namedRangeId").and_then(Value::as_str).unwrap_or("");
    let before = ss.named_ranges.len();
    ss.named_ranges.retain(|n| n.id != id);
    if ss.named_ranges.len() == before {
        return Err(ApiError::invalid(format!("No named range with id: {id}")));
    }
    Ok(json!({}))
}

fn merge_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, rect) = grid_range(ss, required(v, "range")?)?;
    let kind = v
        .get("mergeType")
        .and_then(Value::as_str)
        .unwrap_or("MERGE_ALL");
    let sheet = ss.sheet_mut(id)?;
    let pieces: Vec<Rect> = match kind {
        "MERGE_COLUMNS" => (rect.col0..rect.col1)
            .map(|c| Rect {
                col0: c,
                col1: c + 1,
                ..rect
            })
            .collect(),
        "MERGE_ROWS" => (rect.row0..rect.row1)
            .map(|r| Rect {
                row0: r,
                row1: r + 1,
                ..rect
            })
            .collect(),
        _ => vec![rect],
    };
    for p in pieces {
        for row in p.row0..p.row1 {
            for col in p.col0..p.col1 {
                if (row, col) != (p.row0, p.col0)
                    && let Some(c) = sheet
                        .grid
                        .get_mut(row as usize)
                        .and_then(|l| l.get_mut(col as usize))
                {
                    c.value = None;
                }
            }
        }
        sheet.merges.push(p);
    }
    sheet.compact();
    Ok(json!({}))
}

fn sort_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, rect) = grid_range(ss, required(v, "range")?)?;
    let specs: Vec<(u32, bool)> = v
        .get("sortSpecs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| {
                    let col = int(s, "dimensionIndex").unwrap_or(0).max(0) as u32;
                    let desc = s.get("sortOrder").and_then(Value::as_str) == Some("DESCENDING");
                    (col, desc)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut block = copy_block(ss, id, &rect)?;
    block.sort_by(|a, b| {
        for (col, desc) in &specs {
            let i = col.saturating_sub(rect.col0) as usize;
            let ord = compare_cells(a.get(i), b.get(i), *desc);
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
    let sheet = ss.sheet_mut(id)?;
    for (i, line) in block.into_iter().enumerate() {
        for (j, cell) in line.into_iter().enumerate() {
            *sheet.cell_mut(rect.row0 + i as u32, rect.col0 + j as u32) = cell;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

/// Numbers before text, text case-insensitively, blanks last whatever the order.
fn compare_cells(a: Option<&Cell>, b: Option<&Cell>, desc: bool) -> std::cmp::Ordering {
    use crate::value::Effective;
    use std::cmp::Ordering;
    let key = |c: Option<&Cell>| c.and_then(|c| c.value.as_ref()).map(Entered::effective);
    match (key(a), key(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let rank = |e: &Effective| match e {
                Effective::Number(_) => 0,
                Effective::Text(_) => 1,
                Effective::Bool(_) => 2,
            };
            let ord = match (&x, &y) {
                (Effective::Number(p), Effective::Number(q)) => {
                    p.partial_cmp(q).unwrap_or(Ordering::Equal)
                }
                (Effective::Text(p), Effective::Text(q)) => p.to_lowercase().cmp(&q.to_lowercase()),
                (Effective::Bool(p), Effective::Bool(q)) => p.cmp(q),
                _ => rank(&x).cmp(&rank(&y)),
            };
            if desc { ord.reverse() } else { ord }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ss: &mut Spreadsheet, requests: Value) -> ApiResult<Value> {
        batch_update(ss, &json!({ "requests": requests }), &mut Ids::seeded(1))
    }

    fn text_cell(s: &str) -> Value {
        json!({"userEnteredValue": {"stringValue": s}})
    }

    #[test]
    fn all_or_nothing_with_replies_one_to_one() {
        let mut ss = Spreadsheet::new("s", "t");
        let ok = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                        "rows": [{"values": [text_cell("a")]}]}});
        let bad = json!({"repeatCell": {"range": {"sheetId": 99}, "cell": {}, "fields": "note"}});
        let e = run(&mut ss, json!([ok, bad])).unwrap_err();
        assert_eq!(
            e.message,
            "Invalid requests[1].repeatCell: No grid with id: 99"
        );
        assert!(ss.sheets[0].grid.is_empty(), "nothing applied");
        let out = run(&mut ss, json!([ok, ok])).unwrap();
        assert_eq!(out["replies"], json!([{}, {}]));
        assert_eq!(
            ss.sheets[0].cell(0, 0).unwrap().value,
            Some(Entered::Text("a".into()))
        );
    }

    #[test]
    fn string_value_starting_with_equals_stays_text() {
        let mut ss = Spreadsheet::new("s", "t");
        let req = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "*",
                         "rows": [{"values": [text_cell("=1+1")]}]}});
        run(&mut ss, json!([req])).unwrap();
        let v = ss.sheets[0].cell(0, 0).unwrap().value.clone().unwrap();
        assert_eq!(v.formatted(), "=1+1");
        assert_eq!(v, Entered::Text("=1+1".into()));
    }

    #[test]
    fn masked_format_fields_merge() {
        let mut ss = Spreadsheet::new("s", "t");
        let bg = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredFormat.backgroundColor",
            "rows": [{"values": [{"userEnteredFormat": {"backgroundColor": {"red": 1, "green": 0, "blue": 0.5}}}]}]}});
        let link = json!({"updateCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1},
            "fields": "userEnteredFormat.textFormat.link",
            "rows": [{"values": [{"userEnteredFormat": {"textFormat": {"link": {"uri": "https://k8s.io"}}}}]}]}});
        run(&mut ss, json!([bg, link])).unwrap();
        let cell = ss.sheets[0].cell(0, 0).unwrap();
        assert_eq!(cell.link(), Some("https://k8s.io"));
        assert_eq!(
            cell.format.as_ref().unwrap()["backgroundColor"],
            json!({"red": 1, "blue": 0.5})
        );
    }

    #[test]
    fn delete_dimension_applies_in_order() {
        let mut ss = Spreadsheet::new("s", "t");
        for (i, t) in ["a", "b", "c", "d"].iter().enumerate() {
            ss.sheets[0].cell_mut(i as u32, 0).value = Some(Entered::Text(t.to_string()));
        }
        let del = |s: u32| json!({"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": s, "endIndex": s + 1}}});
        run(&mut ss, json!([del(1), del(1)])).unwrap();
        let col: Vec<String> = (0..2)
            .map(|r| {
                ss.sheets[0]
                    .cell(r, 0)
                    .unwrap()
                    .value
                    .as_ref()
                    .unwrap()
                    .formatted()
            })
            .collect();
        assert_eq!(col, ["a", "d"]);
        assert_eq!(ss.sheets[0].rows, 998);
    }

    #[test]
    fn copy_paste_across_sheets_copies_everything() {
        let mut ss = Spreadsheet::new("s", "t");
        ss.sheets.push(Sheet::new(5, "Other", 10, 5));
        let c = ss.sheets[0].cell_mut(0, 0);
        c.value = Some(Entered::Formula("=1+1".into()));
        c.note = Some("n".into());
        let req = json!({"copyPaste": {"source": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1},
            "destination": {"sheetId": 5, "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 1, "endColumnIndex": 2},
            "pasteType": "PASTE_NORMAL"}});
        run(&mut ss, json!([req])).unwrap();
        let copied = ss.sheets[1].cell(2, 1).unwrap().clone();
        assert_eq!(copied.value, Some(Entered::Formula("=1+1".into())));
        let f = json!({"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "userEnteredValue",
            "rows": [{"values": [{"userEnteredValue": {"formulaValue": "=A1&$A$1"}}]}]}});
        let copy_down = json!({"copyPaste": {"source": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 1},
            "destination": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 4, "startColumnIndex": 1, "endColumnIndex": 2}}});
        let insert = json!({"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}});
        run(&mut ss, json!([f, copy_down, insert])).unwrap();
        let formula_at = |r: u32, c: u32| ss.sheets[0].cell(r, c).and_then(|c| c.value.clone());
        assert_eq!(formula_at(4, 1), Some(Entered::Formula("=B4&$A$2".into())));
        assert_eq!(formula_at(2, 0), Some(Entered::Formula("=A2&$A$2".into())));
        assert_eq!(copied.note.as_deref(), Some("n"));
    }

    #[test]
    fn empty_and_unknown_requests() {
        let mut ss = Spreadsheet::new("s", "t");
        assert_eq!(
            run(&mut ss, json!([])).unwrap_err().message,
            "Must specify at least one request."
        );
        let e = run(&mut ss, json!([{"frobnicate": {}}])).unwrap_err();
        assert!(e.message.contains("Unknown name \"frobnicate\""));
        let dup = json!({"addSheet": {"properties": {"title": "sheet1"}}});
        assert_eq!(
            run(&mut ss, json!([dup])).unwrap_err().message,
            "Invalid requests[0].addSheet: A sheet with the name \"sheet1\" already exists. Please enter another name."
        );
    }
}
