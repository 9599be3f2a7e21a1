//! Building write requests the safe way: text goes in as `stringValue` (never a formula), fills
//! and links as formats, each with the exact `fields` mask it needs.

use crate::sheet::Rgb;
use google_sheets4::FieldMask;
use google_sheets4::api::{
    CellData, CellFormat, Color, ExtendedValue, GridCoordinate, Link, Request, RowData, TextFormat,
    UpdateCellsRequest,
};
use std::str::FromStr;

/// What to write into one cell; `None` parts are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellWrite {
    /// Written as text even when it starts with `=`.
    pub text: Option<String>,
    pub background: Option<Rgb>,
    /// A link on the cell's text; `Some("")` removes it.
    pub link: Option<String>,
}

/// The CellData for `w` (text as `stringValue`).
pub fn cell_data(w: &CellWrite) -> CellData {
    let mut format = CellFormat::default();
    if let Some(bg) = w.background {
        let (r, g, b) = bg.to_unit();
        format.background_color = Some(Color {
            red: Some(r),
            green: Some(g),
            blue: Some(b),
            alpha: None,
        });
    }
    if let Some(uri) = &w.link {
        format.text_format = Some(TextFormat {
            link: (!uri.is_empty()).then(|| Link {
                uri: Some(uri.clone()),
            }),
            ..TextFormat::default()
        });
    }
    CellData {
        user_entered_value: w.text.as_ref().map(|t| ExtendedValue {
            string_value: Some(t.clone()),
            ..ExtendedValue::default()
        }),
        user_entered_format: Some(format),
        ..CellData::default()
    }
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
pub fn update_row(sheet_id: i32, row: u32, col: u32, cells: &[CellWrite]) -> Request {
    update_block(sheet_id, row, col, &[cells.to_vec()])
}

/// One `updateCells` writing a block of rows from (`row`, `col`) down and right. As with
/// [`update_row`], the mask is the union of what any cell sets, so a cell without a part clears it:
/// use it where every cell sets the same parts, or over blank rows.
pub fn update_block(sheet_id: i32, row: u32, col: u32, rows: &[Vec<CellWrite>]) -> Request {
    let all = || rows.iter().flatten();
    let union = CellWrite {
        text: all().any(|c| c.text.is_some()).then(String::new),
        background: all().any(|c| c.background.is_some()).then_some(Rgb::WHITE),
        link: all().any(|c| c.link.is_some()).then(String::new),
    };
    Request {
        update_cells: Some(UpdateCellsRequest {
            start: Some(GridCoordinate {
                sheet_id: Some(sheet_id),
                row_index: Some(row as i32),
                column_index: Some(col as i32),
            }),
            rows: Some(
                rows.iter()
                    .map(|r| RowData {
                        values: Some(r.iter().map(cell_data).collect()),
                    })
                    .collect(),
            ),
            fields: FieldMask::from_str(&mask_for(&union)).ok(),
            range: None,
        }),
        ..Request::default()
    }
}

/// True when a request carries a formula in any cell it writes.
pub fn writes_formula(r: &Request) -> bool {
    let has = |rows: Option<&Vec<RowData>>| {
        rows.into_iter()
            .flatten()
            .flat_map(|r| r.values.iter().flatten())
            .any(cell_has_formula)
    };
    r.update_cells
        .as_ref()
        .is_some_and(|u| has(u.rows.as_ref()))
        || r.append_cells
            .as_ref()
            .is_some_and(|a| has(a.rows.as_ref()))
        || r.repeat_cell
            .as_ref()
            .and_then(|c| c.cell.as_ref())
            .is_some_and(cell_has_formula)
}

fn cell_has_formula(c: &CellData) -> bool {
    c.user_entered_value
        .as_ref()
        .is_some_and(|v| v.formula_value.is_some())
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
        assert!(!writes_formula(&req));
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

    #[test]
    fn formulas_are_detected() {
        let mut req = update_row(0, 0, 0, &[CellWrite::default()]);
        if let Some(u) = req.update_cells.as_mut() {
            u.rows = Some(vec![RowData {
                values: Some(vec![CellData {
                    user_entered_value: Some(ExtendedValue {
                        formula_value: Some("=1".into()),
                        ..ExtendedValue::default()
                    }),
                    ..CellData::default()
                }]),
            }]);
        }
        assert!(writes_formula(&req));
    }
}
