//! The Spreadsheet resource as `spreadsheets.get` returns it: properties, sheets, grid data
//! (CellData with values, formats, links, notes), protected and named ranges.

use crate::a1::Rect;
use crate::fields::Mask;
use crate::model::{Cell, NamedRange, Sheet, Spreadsheet};
use serde_json::{Map, Value, json};

/// How much of the grid data to build.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The mask under `sheets.data.rowData.values` (`None`: every field).
    pub cells: Option<Mask>,
    /// Include `rowMetadata` / `columnMetadata`.
    pub metadata: bool,
}

impl View {
    /// Everything (no `fields` mask).
    pub fn full() -> View {
        View {
            cells: None,
            metadata: true,
        }
    }

    /// What a `fields` mask asks for.
    pub fn for_mask(m: &Mask) -> View {
        let data = m.below(&["sheets", "data"]);
        View {
            cells: m.below(&["sheets", "data", "rowData", "values"]).cloned(),
            metadata: data.is_none_or(|d| {
                d.all || d.touches(&["rowMetadata"]) || d.touches(&["columnMetadata"])
            }),
        }
    }
}

/// The full resource; `data` lists, per sheet index, the rectangles whose grid data to include.
/// `only` restricts the sheets listed (a `ranges` request lists only the sheets it names).
pub fn spreadsheet(
    ss: &Spreadsheet,
    data: &[(usize, Rect)],
    only: Option<&[usize]>,
    view: &View,
) -> Value {
    let sheets: Vec<Value> = ss
        .sheets
        .iter()
        .enumerate()
        .filter(|(i, _)| only.is_none_or(|o| o.contains(i)))
        .map(|(i, s)| {
            let rects: Vec<&Rect> = data
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, r)| r)
                .collect();
            sheet(s, i, &rects, view)
        })
        .collect();
    let mut out = json!({
        "spreadsheetId": ss.id,
        "properties": properties(&ss.title),
        "sheets": sheets,
        "spreadsheetUrl": format!("https://docs.google.com/spreadsheets/d/{}/edit", ss.id),
    });
    if !ss.named_ranges.is_empty() {
        out["namedRanges"] = ss.named_ranges.iter().map(named_range).collect();
    }
    if !ss.developer_metadata.is_empty() {
        out["developerMetadata"] = Value::Array(ss.developer_metadata.clone());
    }
    out
}

fn properties(title: &str) -> Value {
    let white = json!({"red": 1, "green": 1, "blue": 1});
    let theme = |t: &str, c: Value| json!({"colorType": t, "color": {"rgbColor": c}});
    json!({
        "title": title,
        "locale": "en_US",
        "autoRecalc": "ON_CHANGE",
        "timeZone": "Etc/GMT",
        "defaultFormat": {
            "backgroundColor": white,
            "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
            "verticalAlignment": "BOTTOM",
            "wrapStrategy": "OVERFLOW_CELL",
            "textFormat": {
                "foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10,
                "bold": false, "italic": false, "strikethrough": false, "underline": false,
                "foregroundColorStyle": {"rgbColor": {}}
            },
            "backgroundColorStyle": {"rgbColor": white}
        },
        "spreadsheetTheme": {
            "primaryFontFamily": "Arial",
            "themeColors": [
                theme("TEXT", json!({})),
                theme("BACKGROUND", white),
                theme("ACCENT1", json!({"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275})),
                theme("ACCENT2", json!({"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314})),
                theme("ACCENT3", json!({"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275})),
                theme("ACCENT4", json!({"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902})),
                theme("ACCENT5", json!({"red": 1, "green": 0.42745098, "blue": 0.003921569})),
                theme("ACCENT6", json!({"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706})),
                theme("LINK", json!({"red": 0.06666667, "green": 0.33333334, "blue": 0.8}))
            ]
        }
    })
}

/// `SheetProperties` of one sheet.
pub fn sheet_properties(s: &Sheet, index: usize) -> Value {
    let mut grid = json!({"rowCount": s.rows, "columnCount": s.cols});
    if s.frozen_rows > 0 {
        grid["frozenRowCount"] = json!(s.frozen_rows);
    }
    if s.frozen_cols > 0 {
        grid["frozenColumnCount"] = json!(s.frozen_cols);
    }
    let mut p = json!({
        "sheetId": s.id, "title": s.title, "index": index, "sheetType": "GRID",
        "gridProperties": grid,
    });
    if s.hidden {
        p["hidden"] = json!(true);
    }
    if let Some(c) = &s.tab_color {
        p["tabColor"] = c.clone();
        p["tabColorStyle"] = json!({ "rgbColor": c });
    }
    p
}

fn sheet(s: &Sheet, index: usize, rects: &[&Rect], view: &View) -> Value {
    let mut out = json!({ "properties": sheet_properties(s, index) });
    if !rects.is_empty() {
        out["data"] = rects.iter().map(|r| grid_data(s, r, view)).collect();
    }
    if !s.merges.is_empty() {
        out["merges"] = s.merges.iter().map(|r| grid_range(s.id, r)).collect();
    }
    if !s.protected.is_empty() {
        out["protectedRanges"] = Value::Array(s.protected.clone());
    }
    if !s.charts.is_empty() {
        out["charts"] = Value::Array(s.charts.clone());
    }
    out
}

/// A GridRange as Google echoes it (sheetId 0 left out, indexes kept).
pub fn grid_range(sheet_id: i64, r: &Rect) -> Value {
    let mut v = json!({
        "startRowIndex": r.row0, "endRowIndex": r.row1,
        "startColumnIndex": r.col0, "endColumnIndex": r.col1,
    });
    if sheet_id != 0 {
        v["sheetId"] = json!(sheet_id);
    }
    v
}

fn named_range(n: &NamedRange) -> Value {
    json!({"namedRangeId": n.id, "name": n.name, "range": grid_range(n.sheet_id, &n.rect)})
}

/// `GridData` for one rectangle: trailing empty rows and cells trimmed, inner gaps as `{}`.
/// `cells` (the mask under `rowData.values`) limits what each CellData carries.
fn grid_data(s: &Sheet, r: &Rect, view: &View) -> Value {
    let mut out = Map::new();
    if r.row0 > 0 {
        out.insert("startRow".into(), json!(r.row0));
    }
    if r.col0 > 0 {
        out.insert("startColumn".into(), json!(r.col0));
    }
    let data_end = r.row1.min(s.grid.len() as u32).max(r.row0);
    let rows: Vec<Vec<Value>> = (r.row0..data_end)
        .map(|row| {
            let line = &s.grid[row as usize];
            let line_end = r.col1.min(line.len() as u32).max(r.col0);
            let last = (r.col0..line_end)
                .rev()
                .find(|&c| !line[c as usize].is_empty())
                .map_or(r.col0, |c| c + 1);
            (r.col0..last)
                .map(|col| cell_data(&line[col as usize], view.cells.as_ref()))
                .collect()
        })
        .collect();
    let last = rows
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    if last > 0 {
        let row_data: Vec<Value> = rows
            .into_iter()
            .take(last)
            .map(|cells| {
                if cells.is_empty() {
                    json!({})
                } else {
                    json!({ "values": cells })
                }
            })
            .collect();
        out.insert("rowData".into(), Value::Array(row_data));
    }
    if view.metadata {
        out.insert(
            "rowMetadata".into(),
            (r.row0..r.row1).map(|i| dimension(s, true, i)).collect(),
        );
        out.insert(
            "columnMetadata".into(),
            (r.col0..r.col1).map(|i| dimension(s, false, i)).collect(),
        );
    }
    Value::Object(out)
}

/// `DimensionProperties` of a row (`rows`) or column: its pixel size, `hiddenByUser` when hidden.
fn dimension(s: &Sheet, rows: bool, i: u32) -> Value {
    let mut d = json!({"pixelSize": s.pixel_size(rows, i)});
    if s.dim_props(rows, i).hidden {
        d["hiddenByUser"] = json!(true);
    }
    d
}

/// `CellData` of one cell; with a mask, only the top-level fields it names are built (the caller
/// applies the mask's deeper paths).
pub fn cell_data(c: &Cell, mask: Option<&Mask>) -> Value {
    let want = |k: &str| mask.is_none_or(|m| m.all || m.fields.contains_key(k));
    let mut out = Map::new();
    if let Some(v) = &c.value {
        if want("userEnteredValue") {
            out.insert("userEnteredValue".into(), v.user_entered_json());
        }
        if want("effectiveValue") {
            out.insert("effectiveValue".into(), v.effective_json());
        }
        if want("formattedValue") {
            out.insert("formattedValue".into(), json!(v.formatted()));
        }
    }
    if let Some(f) = c
        .format
        .as_ref()
        .filter(|f| !f.is_empty() && want("userEnteredFormat"))
    {
        out.insert("userEnteredFormat".into(), with_styles(f));
    }
    if let Some(link) = c.link().filter(|_| want("hyperlink")) {
        out.insert("hyperlink".into(), json!(link));
    }
    if let Some(n) = c.note.as_ref().filter(|_| want("note")) {
        out.insert("note".into(), json!(n));
    }
    if let Some(v) = c.validation.as_ref().filter(|_| want("dataValidation")) {
        out.insert("dataValidation".into(), v.clone());
    }
    Value::Object(out)
}

/// A stored format with the `backgroundColorStyle` / `foregroundColorStyle` mirrors Google adds.
fn with_styles(format: &Map<String, Value>) -> Value {
    let mut f = format.clone();
    if let Some(bg) = f.get("backgroundColor").cloned() {
        f.entry("backgroundColorStyle")
            .or_insert(json!({ "rgbColor": bg }));
    }
    if let Some(Value::Object(tf)) = f.get_mut("textFormat")
        && let Some(fg) = tf.get("foregroundColor").cloned()
    {
        tf.entry("foregroundColorStyle")
            .or_insert(json!({ "rgbColor": fg }));
    }
    Value::Object(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Entered;

    #[test]
    fn grid_data_trims_and_keeps_inner_gaps() {
        let mut s = Sheet::new(0, "S", 5, 5);
        s.cell_mut(1, 1).note = Some("n".into());
        s.cell_mut(2, 0).value = Some(Entered::Text("x".into()));
        let r = Rect {
            row0: 0,
            row1: 5,
            col0: 0,
            col1: 5,
        };
        let g = grid_data(&s, &r, &View::full());
        assert_eq!(g["rowData"][0], json!({}));
        assert_eq!(g["rowData"][1]["values"][0], json!({}));
        assert_eq!(g["rowData"][1]["values"][1], json!({"note": "n"}));
        assert_eq!(g["rowData"][2]["values"][0]["formattedValue"], "x");
        assert_eq!(g["rowData"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn link_reads_back_as_hyperlink_and_styles_are_mirrored() {
        let mut c = Cell::default();
        let f =
            json!({"backgroundColor": {"green": 1}, "textFormat": {"link": {"uri": "https://x"}}});
        c.format = f.as_object().cloned();
        let d = cell_data(&c, None);
        assert_eq!(d["hyperlink"], "https://x");
        assert_eq!(
            d["userEnteredFormat"]["backgroundColorStyle"],
            json!({"rgbColor": {"green": 1}})
        );
    }
}
