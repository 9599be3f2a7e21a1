//! `spreadsheets.batchUpdate`: every request validated and applied in order on a copy, committed
//! only when all succeed; one reply per request (`{}` when the request has none).

mod args;
mod cells;
mod dims;
mod extras;
pub mod metadata;
mod paste;
mod sheets;
#[cfg(test)]
mod tests;

use crate::error::{ApiError, ApiResult};
use crate::ids::Ids;
use crate::model::Spreadsheet;
use crate::render;
use cells::*;
use dims::*;
use extras::*;
use paste::*;
use serde_json::{Value, json};
use sheets::*;

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
        "moveDimension" => move_dimension(ss, args),
        "updateDimensionProperties" => update_dimension_properties(ss, args),
        "copyPaste" => copy_paste(ss, args),
        "cutPaste" => cut_paste(ss, args),
        "addSheet" => add_sheet(ss, args, ids),
        "deleteSheet" => delete_sheet(ss, args),
        "updateSheetProperties" => update_sheet_properties(ss, args),
        "updateSpreadsheetProperties" => update_spreadsheet_properties(ss, args),
        "setDataValidation" => set_data_validation(ss, args),
        "addChart" => add_chart(ss, args, ids),
        "createDeveloperMetadata" => metadata::create(ss, args, ids),
        "updateDeveloperMetadata" => metadata::update(ss, args),
        "deleteDeveloperMetadata" => metadata::delete(ss, args),
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
    "updateBorders",
    "unmergeCells",
    "duplicateSheet",
    "addBanding",
    "updateChartSpec",
    "deleteEmbeddedObject",
    "pasteData",
    "textToColumns",
    "trimWhitespace",
    "deleteDuplicates",
    "randomizeRange",
    "autoFill",
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
