//! Reading request arguments: integers, GridRanges checked against the grid, field masks.

use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::fields::Mask;
use crate::model::Spreadsheet;
use serde_json::Value;

pub(super) fn int(v: &Value, key: &str) -> Option<i64> {
    let x = v.get(key)?;
    x.as_i64()
        .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
}

pub(super) fn uint(v: &Value, key: &str) -> ApiResult<Option<u32>> {
    match int(v, key) {
        None => Ok(None),
        Some(n) if n >= 0 && n <= u32::MAX as i64 => Ok(Some(n as u32)),
        Some(n) => Err(ApiError::invalid(format!("{key} ({n}) must be >= 0"))),
    }
}

pub(super) fn sheet_id(v: &Value) -> i64 {
    int(v, "sheetId").unwrap_or(0)
}

/// A GridRange resolved against its sheet (missing bounds run to the grid's edge).
pub(super) fn grid_range(ss: &Spreadsheet, v: &Value) -> ApiResult<(i64, Rect)> {
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

pub(super) fn required<'a>(v: &'a Value, key: &str) -> ApiResult<&'a Value> {
    v.get(key)
        .filter(|x| !x.is_null())
        .ok_or_else(|| ApiError::invalid(format!("Missing required field: {key}")))
}

pub(super) fn fields_mask(v: &Value) -> ApiResult<Mask> {
    let text = v.get("fields").and_then(Value::as_str).unwrap_or("");
    if text.trim().is_empty() {
        return Err(ApiError::invalid(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)",
        ));
    }
    Mask::parse(text).ok_or_else(|| ApiError::invalid(format!("Invalid field mask: {text}")))
}
