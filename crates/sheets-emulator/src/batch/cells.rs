//! Cell writes: updateCells, repeatCell, appendCells and the masked CellData merge they share.

use super::args::*;
use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::fields::Mask;
use crate::model::{Cell, Spreadsheet};
use crate::value::Entered;
use serde_json::{Map, Value, json};

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
pub(super) fn merge_masked(
    dst: &mut Map<String, Value>,
    src: Option<&Map<String, Value>>,
    mask: &Mask,
) {
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
pub(super) fn strip_styles(f: &mut Map<String, Value>) {
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
pub(super) fn clean_colors(f: &mut Map<String, Value>) {
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

pub(super) fn rows_arg(v: &Value) -> Vec<Vec<Value>> {
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

pub(super) fn update_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

pub(super) fn check_rows_fit(area: &Rect, rows: u32, width: u32) -> ApiResult<()> {
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

pub(super) fn repeat_cell(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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

pub(super) fn append_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
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
