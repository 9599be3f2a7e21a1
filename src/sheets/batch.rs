//! A batchUpdate's requests kept lean: cell writes serialize straight from kepsync's own types to
//! the JSON Sheets expects, so a cold cycle's ~20,000 cells never exist as google-sheets4
//! `Request`/`CellData` values (~30 KB / ~3 KB each in memory) nor as one `serde_json::Value`
//! tree of the whole body (google-sheets4 builds one to drop nulls). Other requests (dimensions,
//! copies, charts) are few and small; they are kept as google-sheets4 would send them.

use super::cells::CellWrite;
use bytes::Bytes;
use google_sheets4::api::Request;

/// One request of a batchUpdate.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchRequest {
    /// `updateCells` from a start cell, down and right: text (always `stringValue`), fills, links.
    Cells(CellBlock),
    /// `updateCells` over a whole range, values only (generated tabs).
    Values(ValueGrid),
    /// Any other request, as google-sheets4 sends it (nulls dropped).
    Other(serde_json::Value),
}

/// A block of cell writes; every cell gets the same `fields` mask (the union of what any of them
/// sets), so a cell without a part clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellBlock {
    pub sheet_id: i32,
    pub row: u32,
    pub col: u32,
    pub rows: Vec<Vec<CellWrite>>,
}

/// Values written over rows `0..rows` and columns `0..cols` of a tab; missing cells are cleared.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueGrid {
    pub sheet_id: i32,
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<Vec<CellValue>>,
}

/// A value of a [`ValueGrid`].
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Blank,
    Text(String),
    Number(f64),
}

impl From<Request> for BatchRequest {
    fn from(r: Request) -> Self {
        let mut value = serde_json::to_value(&r).unwrap_or_default();
        google_sheets4::common::remove_json_null_values(&mut value);
        BatchRequest::Other(value)
    }
}

impl BatchRequest {
    /// True when the request would put a formula in a cell. kepsync's own cell writes cannot
    /// (text is always a `stringValue`); any other request is searched for a `formulaValue`.
    pub fn writes_formula(&self) -> bool {
        match self {
            BatchRequest::Cells(_) | BatchRequest::Values(_) => false,
            BatchRequest::Other(v) => has_formula(v),
        }
    }
}

fn has_formula(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Object(m) => m
            .iter()
            .any(|(k, v)| (k == "formulaValue" && !v.is_null()) || has_formula(v)),
        serde_json::Value::Array(a) => a.iter().any(has_formula),
        _ => false,
    }
}

/// The body of `spreadsheets.batchUpdate`: `{"requests":[…]}`, compact.
pub fn body(requests: &[BatchRequest]) -> Result<Bytes, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        requests: &'a [BatchRequest],
    }
    serde_json::to_vec(&Body { requests }).map(Bytes::from)
}

/// The URL of `spreadsheets.batchUpdate`, as google-sheets4 builds it.
pub fn uri(base: &str, spreadsheet_id: &str) -> String {
    let id: String = url::form_urlencoded::byte_serialize(spreadsheet_id.as_bytes()).collect();
    format!("{base}v4/spreadsheets/{id}:batchUpdate?alt=json")
}

/// One `updateCells` writing `cells` left to right from (`row`, `col`) of sheet `sheet_id`; every
/// cell gets the same mask (the union of what any of them sets), so a cell without a part clears it.
pub fn update_row(sheet_id: i32, row: u32, col: u32, cells: &[CellWrite]) -> BatchRequest {
    update_block(sheet_id, row, col, vec![cells.to_vec()])
}

/// One `updateCells` writing a block of rows from (`row`, `col`) down and right. As with
/// [`update_row`], the mask is the union of what any cell sets, so a cell without a part clears it:
/// use it where every cell sets the same parts, or over blank rows.
pub fn update_block(sheet_id: i32, row: u32, col: u32, rows: Vec<Vec<CellWrite>>) -> BatchRequest {
    BatchRequest::Cells(CellBlock {
        sheet_id,
        row,
        col,
        rows,
    })
}
