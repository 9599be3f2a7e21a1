//! How a batch's requests serialize: cell writes straight from kepsync's own types into the
//! compact JSON Sheets expects (the same JSON google-sheets4 sends, tested below).

use super::batch::{BatchRequest, CellBlock, CellValue, ValueGrid};
use super::cells::{CellWrite, mask_for};
use crate::sheet::Rgb;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

impl Serialize for BatchRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BatchRequest::Cells(b) => one("updateCells", b, s),
            BatchRequest::Values(g) => one("updateCells", g, s),
            BatchRequest::Other(v) => v.serialize(s),
        }
    }
}

/// `{key: value}`.
fn one<S: Serializer, T: Serialize>(key: &str, value: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(key, value)?;
    m.end()
}

/// A sequence serialized from an iterator without collecting it.
struct Each<I>(std::cell::Cell<Option<I>>);

fn each<I: IntoIterator>(items: I) -> Each<I::IntoIter> {
    Each(std::cell::Cell::new(Some(items.into_iter())))
}

impl<I> Serialize for Each<I>
where
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in self.0.take().into_iter().flatten() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// `{"values": [cells]}`: one row of an `updateCells`.
struct Row<I>(Each<I>);

impl<I> Serialize for Row<I>
where
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        one("values", &self.0, s)
    }
}

impl Serialize for CellBlock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let all = || self.rows.iter().flatten();
        let union = CellWrite {
            text: all().any(|c| c.text.is_some()).then(String::new),
            background: all().any(|c| c.background.is_some()).then_some(Rgb::WHITE),
            link: all().any(|c| c.link.is_some()).then(String::new),
        };
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "start",
            &serde_json::json!({"sheetId": self.sheet_id, "rowIndex": self.row, "columnIndex": self.col}),
        )?;
        m.serialize_entry("rows", &each(self.rows.iter().map(|r| Row(each(r)))))?;
        m.serialize_entry("fields", &mask_for(&union))?;
        m.end()
    }
}

impl Serialize for CellWrite {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(t) = &self.text {
            m.serialize_entry("userEnteredValue", &Text(t))?;
        }
        m.serialize_entry("userEnteredFormat", &Format(self))?;
        m.end()
    }
}

/// `{"stringValue": text}`.
struct Text<'a>(&'a str);

impl Serialize for Text<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        one("stringValue", &self.0, s)
    }
}

/// A cell's `userEnteredFormat`: the fill and the link it sets (`{}` when neither).
struct Format<'a>(&'a CellWrite);

impl Serialize for Format<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(bg) = self.0.background {
            let (red, green, blue) = bg.to_unit();
            m.serialize_entry("backgroundColor", &Colour { red, green, blue })?;
        }
        if let Some(uri) = &self.0.link {
            m.serialize_entry("textFormat", &Link(uri))?;
        }
        m.end()
    }
}

#[derive(serde::Serialize)]
struct Colour {
    red: f32,
    green: f32,
    blue: f32,
}

/// `{"link": {"uri": …}}`, or `{}` (which, under the `textFormat.link` mask, removes the link).
struct Link<'a>(&'a str);

impl Serialize for Link<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if !self.0.is_empty() {
            m.serialize_entry("link", &serde_json::json!({"uri": self.0}))?;
        }
        m.end()
    }
}

impl Serialize for ValueGrid {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let blank = CellValue::Blank;
        let cell = |r: usize, c: usize| {
            self.values
                .get(r)
                .and_then(|row| row.get(c))
                .unwrap_or(&blank)
        };
        let rows = (0..self.rows).map(|r| Row(each((0..self.cols).map(move |c| cell(r, c)))));
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry(
            "range",
            &serde_json::json!({
                "sheetId": self.sheet_id,
                "startRowIndex": 0, "endRowIndex": self.rows,
                "startColumnIndex": 0, "endColumnIndex": self.cols,
            }),
        )?;
        m.serialize_entry("rows", &each(rows))?;
        m.serialize_entry("fields", "userEnteredValue")?;
        m.end()
    }
}

impl Serialize for CellValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            CellValue::Blank => {}
            CellValue::Text(t) if t.is_empty() => {}
            CellValue::Text(t) => m.serialize_entry("userEnteredValue", &Text(t))?,
            CellValue::Number(n) => {
                m.serialize_entry("userEnteredValue", &serde_json::json!({"numberValue": n}))?
            }
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::super::batch::{body, uri};
    use super::*;
    use google_sheets4::FieldMask;
    use google_sheets4::api::Request;
    use google_sheets4::api::{
        CellData, CellFormat, Color, ExtendedValue, GridCoordinate, GridRange, Link as GLink,
        RowData, TextFormat, UpdateCellsRequest,
    };
    use serde_json::json;

    /// What google-sheets4 sends for `r`: its JSON without nulls.
    fn google(r: Request) -> serde_json::Value {
        match BatchRequest::from(r) {
            BatchRequest::Other(v) => v,
            other => panic!("{other:?}"),
        }
    }

    fn colour(c: Rgb) -> Color {
        let (r, g, b) = c.to_unit();
        Color {
            red: Some(r),
            green: Some(g),
            blue: Some(b),
            alpha: None,
        }
    }

    #[test]
    fn a_cell_block_is_the_json_google_sheets4_would_send() {
        let cells = vec![
            vec![
                CellWrite {
                    text: Some("=SUM(A1)".into()),
                    background: Some(Rgb::GREEN),
                    link: Some("https://k8s.io".into()),
                },
                CellWrite {
                    text: Some("x".into()),
                    ..CellWrite::default()
                },
            ],
            vec![CellWrite {
                link: Some(String::new()),
                ..CellWrite::default()
            }],
        ];
        let lean = BatchRequest::Cells(CellBlock {
            sheet_id: 7,
            row: 3,
            col: 2,
            rows: cells,
        });
        let data = |text: Option<&str>, bg: Option<Rgb>, link: Option<Option<&str>>| CellData {
            user_entered_value: text.map(|t| ExtendedValue {
                string_value: Some(t.into()),
                ..ExtendedValue::default()
            }),
            user_entered_format: Some(CellFormat {
                background_color: bg.map(colour),
                text_format: link.map(|l| TextFormat {
                    link: l.map(|u| GLink {
                        uri: Some(u.into()),
                    }),
                    ..TextFormat::default()
                }),
                ..CellFormat::default()
            }),
            ..CellData::default()
        };
        let typed = Request {
            update_cells: Some(UpdateCellsRequest {
                start: Some(GridCoordinate {
                    sheet_id: Some(7),
                    row_index: Some(3),
                    column_index: Some(2),
                }),
                rows: Some(vec![
                    RowData {
                        values: Some(vec![
                            data(Some("=SUM(A1)"), Some(Rgb::GREEN), Some(Some("https://k8s.io"))),
                            data(Some("x"), None, None),
                        ]),
                    },
                    RowData {
                        values: Some(vec![data(None, None, Some(None))]),
                    },
                ]),
                fields: "userEnteredValue,userEnteredFormat.backgroundColor,userEnteredFormat.textFormat.link"
                    .parse::<FieldMask>()
                    .ok(),
                range: None,
            }),
            ..Request::default()
        };
        assert_eq!(serde_json::to_value(&lean).unwrap(), google(typed));
        assert!(
            !lean.writes_formula(),
            "text is a stringValue, never a formula"
        );
    }

    #[test]
    fn a_value_grid_pads_missing_cells_with_blanks() {
        let grid = BatchRequest::Values(ValueGrid {
            sheet_id: 4,
            rows: 2,
            cols: 2,
            values: vec![vec![
                CellValue::Text("Stage".into()),
                CellValue::Number(3.0),
            ]],
        });
        let typed = Request {
            update_cells: Some(UpdateCellsRequest {
                range: Some(GridRange {
                    sheet_id: Some(4),
                    start_row_index: Some(0),
                    end_row_index: Some(2),
                    start_column_index: Some(0),
                    end_column_index: Some(2),
                }),
                rows: Some(vec![
                    RowData {
                        values: Some(vec![
                            CellData {
                                user_entered_value: Some(ExtendedValue {
                                    string_value: Some("Stage".into()),
                                    ..ExtendedValue::default()
                                }),
                                ..CellData::default()
                            },
                            CellData {
                                user_entered_value: Some(ExtendedValue {
                                    number_value: Some(3.0),
                                    ..ExtendedValue::default()
                                }),
                                ..CellData::default()
                            },
                        ]),
                    },
                    RowData {
                        values: Some(vec![CellData::default(), CellData::default()]),
                    },
                ]),
                fields: Some(FieldMask::new(&["userEnteredValue"])),
                start: None,
            }),
            ..Request::default()
        };
        assert_eq!(serde_json::to_value(&grid).unwrap(), google(typed));
    }

    #[test]
    fn other_requests_are_searched_for_formulas() {
        let formula = Request {
            update_cells: Some(UpdateCellsRequest {
                rows: Some(vec![RowData {
                    values: Some(vec![CellData {
                        user_entered_value: Some(ExtendedValue {
                            formula_value: Some("=IMPORTDATA(\"http://x\")".into()),
                            ..ExtendedValue::default()
                        }),
                        ..CellData::default()
                    }]),
                }]),
                ..UpdateCellsRequest::default()
            }),
            ..Request::default()
        };
        assert!(BatchRequest::from(formula).writes_formula());
        assert!(!BatchRequest::from(Request::default()).writes_formula());
    }

    #[test]
    fn the_body_is_compact_json_of_all_requests() {
        let body = body(&[
            BatchRequest::Values(ValueGrid {
                sheet_id: 1,
                rows: 1,
                cols: 1,
                values: Vec::new(),
            }),
            BatchRequest::Other(json!({"deleteDimension": {"range": {"sheetId": 1}}})),
        ])
        .unwrap();
        let text = std::str::from_utf8(&body).unwrap();
        assert!(!text.contains(' ') && !text.contains("null"), "{text}");
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["requests"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            v["requests"][0]["updateCells"]["rows"][0]["values"][0],
            json!({})
        );
        assert_eq!(
            uri("http://127.0.0.1:1/", "abc-_1"),
            "http://127.0.0.1:1/v4/spreadsheets/abc-_1:batchUpdate?alt=json"
        );
    }
}
