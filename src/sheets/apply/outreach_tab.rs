//! `kepsync outreach --tab`: the Outreach tab (kepsync's own, rewritten each time) as one
//! batchUpdate's requests.

use crate::outreach::Message;
use crate::sheets::BatchRequest;
use crate::sheets::batch::update_row;
use crate::sheets::cells::CellWrite;
use google_sheets4::FieldMask;
use google_sheets4::api::{
    AddSheetRequest, GridProperties, GridRange, Request, SheetProperties, UpdateCellsRequest,
};
use std::str::FromStr;

/// The title of the tab `--tab` writes.
pub const OUTREACH_TAB: &str = "Outreach";

/// Clears the tab `existing` (or adds it as `new_id`), then writes a header and one row per message.
pub fn requests(existing: Option<i32>, new_id: i32, msgs: &[Message]) -> Vec<BatchRequest> {
    let mut requests: Vec<BatchRequest> = Vec::new();
    let sheet_id = match existing {
        Some(id) => {
            requests.push(clear(id).into());
            id
        }
        None => {
            requests.push(add_sheet(new_id, msgs.len() + 1).into());
            new_id
        }
    };
    let text = |s: String| CellWrite {
        text: Some(s),
        ..CellWrite::default()
    };
    let header =
        ["SIG", "Participating", "Enhancements", "At Risk", "Message"].map(|h| text(h.into()));
    requests.push(update_row(sheet_id, 0, 0, &header));
    for (i, m) in msgs.iter().enumerate() {
        let row = [
            text(format!("sig-{}", m.sig)),
            text(if m.participating { "yes" } else { "no" }.into()),
            text(m.enhancements.to_string()),
            text(m.at_risk.to_string()),
            text(m.text.clone()),
        ];
        requests.push(update_row(sheet_id, i as u32 + 1, 0, &row));
    }
    requests
}

fn clear(sheet_id: i32) -> Request {
    Request {
        update_cells: Some(UpdateCellsRequest {
            range: Some(GridRange {
                sheet_id: Some(sheet_id),
                ..GridRange::default()
            }),
            fields: FieldMask::from_str("userEnteredValue").ok(),
            ..UpdateCellsRequest::default()
        }),
        ..Request::default()
    }
}

fn add_sheet(sheet_id: i32, rows: usize) -> Request {
    Request {
        add_sheet: Some(AddSheetRequest {
            properties: Some(SheetProperties {
                sheet_id: Some(sheet_id),
                title: Some(OUTREACH_TAB.into()),
                grid_properties: Some(GridProperties {
                    row_count: Some(rows.max(100) as i32),
                    column_count: Some(5),
                    frozen_row_count: Some(1),
                    ..GridProperties::default()
                }),
                ..SheetProperties::default()
            }),
        }),
        ..Request::default()
    }
}
