//! One planned cell edit as a Sheets cell write: text always as text, fills and links as formats.

use crate::sheets::BatchRequest;
use crate::sheets::batch::update_row;
use crate::sheets::cells::CellWrite;
use crate::sync::{CellSet, LinkSet};

/// One `updateCells` for one cell (the optional tabs' owned cells).
pub(super) fn update_cell(sheet_id: i32, row: usize, col: usize, set: &CellSet) -> BatchRequest {
    update_row(sheet_id, row as u32, col as u32, &[cell_write(set)])
}

/// The parts of a cell `set` writes. Text is always a `stringValue`, so `=IMPORTXML(...)` from an
/// issue title stays text and never runs.
pub(super) fn cell_write(set: &CellSet) -> CellWrite {
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
