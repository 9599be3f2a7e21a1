//! Building write requests the safe way: text goes in as `stringValue` (never a formula), fills
//! and links as formats, each with the exact `fields` mask it needs.

use super::batch::{BatchRequest, CellBlock};
use crate::sheet::Rgb;

/// What to write into one cell; `None` parts are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellWrite {
    /// Written as text even when it starts with `=`.
    pub text: Option<String>,
    pub background: Option<Rgb>,
    /// A link on the cell's text; `Some("")` removes it.
    pub link: Option<String>,
}

/// The `fields` mask covering what `w` sets.
pub fn mask_for(w: &CellWrite) -> String {
    let mut parts = Vec::new();
    if w.text.is_some() {
        parts.push("userEnteredValue");
    }
    if w.background.is_some() {
        parts.push("userEnteredFormat.backgroundColor");
    }
    if w.link.is_some() {
        parts.push("userEnteredFormat.textFormat.link");
    }
    parts.join(",")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_a_string_value_even_with_equals() {
        let w = CellWrite {
            text: Some("=IMPORTXML(\"http://evil\")".into()),
            ..CellWrite::default()
        };
        let req = update_row(3, 4, 0, &[w]);
        let json = serde_json::to_value(&req).unwrap();
        let value = &json["updateCells"]["rows"][0]["values"][0]["userEnteredValue"];
        assert_eq!(value["stringValue"], "=IMPORTXML(\"http://evil\")");
        assert!(value["formulaValue"].is_null());
        assert_eq!(json["updateCells"]["fields"], "userEnteredValue");
        assert_eq!(json["updateCells"]["start"]["rowIndex"], 4);
        assert!(!req.writes_formula());
    }

    #[test]
    fn masks_cover_what_is_set() {
        let w = CellWrite {
            text: Some("x".into()),
            background: Some(Rgb::GREEN),
            link: Some("https://k8s.io".into()),
        };
        assert_eq!(
            mask_for(&w),
            "userEnteredValue,userEnteredFormat.backgroundColor,userEnteredFormat.textFormat.link"
        );
    }
}
