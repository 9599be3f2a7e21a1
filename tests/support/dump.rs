//! The one reader of emulator dumps (`{"sheets": [{"title", "sheetId", "rows", "backgrounds",
//! ...}]}`, from `SheetsEmulator::dump` or `GET /_emulator/spreadsheets/ID`).

use serde_json::Value;

/// One tab of a dump: its id, its rows as text, and the tab's JSON for the other grids.
#[derive(Debug, Clone)]
pub struct TabDump {
    pub sheet_id: i64,
    /// Every cell as text: strings as they are, a formula as its text (`=1+1`), an empty cell as
    /// `""`, anything else as its JSON.
    pub rows: Vec<Vec<String>>,
    /// The tab as dumped: `backgrounds`, `links`, `notes`, `hiddenRows`, the raw `rows`.
    pub json: Value,
}

impl TabDump {
    /// The index of column `name` on row `header_row` (trimmed, any case).
    pub fn col(&self, header_row: usize, name: &str) -> Option<usize> {
        self.rows
            .get(header_row)?
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }

    /// The text of a cell, `""` outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// The tab titled `title` of a dump (panics naming it when there is none).
pub fn tab(dump: &Value, title: &str) -> TabDump {
    let json = dump["sheets"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["title"] == title))
        .unwrap_or_else(|| panic!("no tab {title}"))
        .clone();
    let rows = json["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|cells| cells.iter().map(cell_text).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    TabDump {
        sheet_id: json["sheetId"].as_i64().unwrap_or(0),
        rows,
        json,
    }
}

/// A dumped cell as text (see [`TabDump::rows`]).
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other["formula"]
            .as_str()
            .map_or_else(|| other.to_string(), str::to_string),
    }
}

/// `dump` with the write token's note (`kepsync V pid N at TIME`: the process and wall clock of
/// the cycle that wrote) cut to its stable part, so two runs of the same plan compare equal; the
/// token's id and every cell are still compared.
pub fn without_token_note(mut dump: Value) -> Value {
    if let Some(entries) = dump["developerMetadata"].as_array_mut() {
        for e in entries {
            if let Some(note) = e["metadataValue"]
                .as_str()
                .filter(|n| n.starts_with("kepsync "))
            {
                let stable = note.split(" pid ").next().unwrap_or(note).to_string();
                e["metadataValue"] = Value::String(stable);
            }
        }
    }
    dump
}
