//! The spreadsheet as kepsync sees it: tabs of cells with their text, formula, link and fill.
//!
//! The Sheets adapter builds a [`Snapshot`] from one `spreadsheets.get`; planning reads only this.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A cell fill colour, 8 bits a channel (`#B7E0CD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgb {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Rgb {
    /// Green: KEP merged / implementable.
    pub const GREEN: Rgb = Rgb::new(0xB7, 0xE0, 0xCD);
    /// Yellow: KEP PR in flight / provisional.
    pub const YELLOW: Rgb = Rgb::new(0xFC, 0xE8, 0xB2);
    /// Red: no KEP / invalid.
    pub const RED: Rgb = Rgb::new(0xF4, 0xC7, 0xC3);
    /// Plain white, which Sheets reports for cells nobody filled.
    pub const WHITE: Rgb = Rgb::new(0xFF, 0xFF, 0xFF);

    pub const fn new(r: u8, g: u8, b: u8) -> Self {
        Rgb { r, g, b }
    }

    /// Parses `#RRGGBB` or `RRGGBB` (any case).
    pub fn from_hex(s: &str) -> Option<Rgb> {
        let h = s.strip_prefix('#').unwrap_or(s);
        if h.len() != 6 || !h.is_ascii() {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb::new(channel(0)?, channel(2)?, channel(4)?))
    }

    /// `#RRGGBB`, upper case.
    pub fn to_hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }

    /// From the API's 0.0–1.0 channels (absent channels are 0, as Google omits zeros).
    pub fn from_unit(r: f32, g: f32, b: f32) -> Rgb {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        Rgb::new(c(r), c(g), c(b))
    }

    /// To the API's 0.0–1.0 channels.
    pub fn to_unit(self) -> (f32, f32, f32) {
        (
            self.r as f32 / 255.0,
            self.g as f32 / 255.0,
            self.b as f32 / 255.0,
        )
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// One cell as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// What the cell shows (`formattedValue`); empty for an empty cell.
    pub text: String,
    /// The formula a person typed (`userEnteredValue.formulaValue`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formula: Option<String>,
    /// The cell's link (`hyperlink`, or a text-format link), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// The fill (`userEnteredFormat.backgroundColor`); `None` when unfilled or white.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub background: Option<Rgb>,
}

impl Cell {
    /// A plain text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            text: s.into(),
            ..Cell::default()
        }
    }

    /// True when the cell holds nothing a person could have typed.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty() && self.formula.is_none()
    }
}

/// One tab (sheet) of the spreadsheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Tab {
    /// The tab's numeric id (`sheetId`), stable across renames and sorts.
    pub sheet_id: i32,
    pub title: String,
    /// The grid size, which may be larger than the data.
    pub row_count: u32,
    pub column_count: u32,
    /// Rows from the top of the sheet: `rows[0]` is row 1. Trailing empty rows and cells may be
    /// missing, so index with [`Tab::cell`].
    pub rows: Vec<Vec<Cell>>,
}

impl Tab {
    /// The cell at zero-based `row`, `col`, or `None` beyond the data.
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }

    /// The text at zero-based `row`, `col` ("" beyond the data).
    pub fn text(&self, row: usize, col: usize) -> &str {
        self.cell(row, col).map(|c| c.text.as_str()).unwrap_or("")
    }
}

/// The tabs kepsync read, in one request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub spreadsheet_id: String,
    pub tabs: Vec<Tab>,
    /// kepsync's write token as read with the tabs (`None` before kepsync's first write).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_token: Option<WriteToken>,
    /// The Status the sheet and the board last agreed on, as kepsync keeps it in the sheet
    /// (`None` before kepsync first recorded one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board_status: Option<Metadata>,
    /// The Status kepsync last saw on each Enhancements row, and since when (`[status] advance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_seen: Option<Metadata>,
}

/// A spreadsheet-level developer metadata entry kepsync keeps: its id and value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub id: i32,
    pub value: String,
}

/// The precondition every kepsync batch carries: a spreadsheet-level developer metadata entry
/// whose id changes with each batch kepsync applies. A batch replaces the token it was planned
/// from with the next id, so of two batches planned from one token at most one can apply
/// (developer metadata ids are unique per spreadsheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteToken {
    /// The metadata id (`metadataId`), positive.
    pub id: i32,
    /// Who wrote it and when, for people reading the metadata (not compared).
    pub value: String,
}

impl Snapshot {
    /// The tab titled exactly `title`.
    pub fn tab(&self, title: &str) -> Option<&Tab> {
        self.tabs.iter().find(|t| t.title == title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        assert_eq!(Rgb::from_hex("#b7e0cd"), Some(Rgb::GREEN));
        assert_eq!(Rgb::GREEN.to_hex(), "#B7E0CD");
        assert_eq!(Rgb::from_hex("FCE8B2"), Some(Rgb::YELLOW));
        assert_eq!(Rgb::from_hex("#F4C7C"), None);
        assert_eq!(Rgb::from_hex("#ééé"), None);
    }

    #[test]
    fn unit_round_trip_is_exact_for_signal_colours() {
        for c in [Rgb::GREEN, Rgb::YELLOW, Rgb::RED, Rgb::WHITE] {
            let (r, g, b) = c.to_unit();
            assert_eq!(Rgb::from_unit(r, g, b), c);
        }
    }
}
