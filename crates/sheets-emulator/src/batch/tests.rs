//! Unit tests of batchUpdate requests.

use super::*;
use crate::model::Sheet;
use crate::value::Entered;
use serde_json::json;

fn run(ss: &mut Spreadsheet, requests: Value) -> ApiResult<Value> {
    batch_update(ss, &json!({ "requests": requests }), &mut Ids::seeded(1))
}

fn text_cell(s: &str) -> Value {
    json!({"userEnteredValue": {"stringValue": s}})
}

#[test]
fn all_or_nothing_with_replies_one_to_one() {
    let mut ss = Spreadsheet::new("s", "t");
    let ok = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredValue",
                    "rows": [{"values": [text_cell("a")]}]}});
    let bad = json!({"repeatCell": {"range": {"sheetId": 99}, "cell": {}, "fields": "note"}});
    let e = run(&mut ss, json!([ok, bad])).unwrap_err();
    assert_eq!(
        e.message,
        "Invalid requests[1].repeatCell: No grid with id: 99"
    );
    assert!(ss.sheets[0].grid.is_empty(), "nothing applied");
    let out = run(&mut ss, json!([ok, ok])).unwrap();
    assert_eq!(out["replies"], json!([{}, {}]));
    assert_eq!(
        ss.sheets[0].cell(0, 0).unwrap().value,
        Some(Entered::Text("a".into()))
    );
}

#[test]
fn string_value_starting_with_equals_stays_text() {
    let mut ss = Spreadsheet::new("s", "t");
    let req = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "*",
                     "rows": [{"values": [text_cell("=1+1")]}]}});
    run(&mut ss, json!([req])).unwrap();
    let v = ss.sheets[0].cell(0, 0).unwrap().value.clone().unwrap();
    assert_eq!(v.formatted(), "=1+1");
    assert_eq!(v, Entered::Text("=1+1".into()));
}

#[test]
fn masked_format_fields_merge() {
    let mut ss = Spreadsheet::new("s", "t");
    let bg = json!({"updateCells": {"start": {"sheetId": 0}, "fields": "userEnteredFormat.backgroundColor",
        "rows": [{"values": [{"userEnteredFormat": {"backgroundColor": {"red": 1, "green": 0, "blue": 0.5}}}]}]}});
    let link = json!({"updateCells": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1},
        "fields": "userEnteredFormat.textFormat.link",
        "rows": [{"values": [{"userEnteredFormat": {"textFormat": {"link": {"uri": "https://k8s.io"}}}}]}]}});
    run(&mut ss, json!([bg, link])).unwrap();
    let cell = ss.sheets[0].cell(0, 0).unwrap();
    assert_eq!(cell.link(), Some("https://k8s.io"));
    assert_eq!(
        cell.format.as_ref().unwrap()["backgroundColor"],
        json!({"red": 1, "blue": 0.5})
    );
}

#[test]
fn delete_dimension_applies_in_order() {
    let mut ss = Spreadsheet::new("s", "t");
    for (i, t) in ["a", "b", "c", "d"].iter().enumerate() {
        ss.sheets[0].cell_mut(i as u32, 0).value = Some(Entered::Text(t.to_string()));
    }
    let del = |s: u32| json!({"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": s, "endIndex": s + 1}}});
    run(&mut ss, json!([del(1), del(1)])).unwrap();
    let col: Vec<String> = (0..2)
        .map(|r| {
            ss.sheets[0]
                .cell(r, 0)
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .formatted()
        })
        .collect();
    assert_eq!(col, ["a", "d"]);
    assert_eq!(ss.sheets[0].rows, 998);
}

#[test]
fn copy_paste_across_sheets_copies_everything() {
    let mut ss = Spreadsheet::new("s", "t");
    ss.sheets.push(Sheet::new(5, "Other", 10, 5));
    let c = ss.sheets[0].cell_mut(0, 0);
    c.value = Some(Entered::Formula("=1+1".into()));
    c.note = Some("n".into());
    let req = json!({"copyPaste": {"source": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 1},
        "destination": {"sheetId": 5, "startRowIndex": 2, "endRowIndex": 3, "startColumnIndex": 1, "endColumnIndex": 2},
        "pasteType": "PASTE_NORMAL"}});
    run(&mut ss, json!([req])).unwrap();
    let copied = ss.sheets[1].cell(2, 1).unwrap().clone();
    assert_eq!(copied.value, Some(Entered::Formula("=1+1".into())));
    let f = json!({"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"formulaValue": "=A1&$A$1"}}]}]}});
    let copy_down = json!({"copyPaste": {"source": {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 2, "startColumnIndex": 0, "endColumnIndex": 1},
        "destination": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 4, "startColumnIndex": 1, "endColumnIndex": 2}}});
    let insert = json!({"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}});
    run(&mut ss, json!([f, copy_down, insert])).unwrap();
    let formula_at = |r: u32, c: u32| ss.sheets[0].cell(r, c).and_then(|c| c.value.clone());
    assert_eq!(formula_at(4, 1), Some(Entered::Formula("=B4&$A$2".into())));
    assert_eq!(formula_at(2, 0), Some(Entered::Formula("=A2&$A$2".into())));
    assert_eq!(copied.note.as_deref(), Some("n"));
}

#[test]
fn empty_and_unknown_requests() {
    let mut ss = Spreadsheet::new("s", "t");
    assert_eq!(
        run(&mut ss, json!([])).unwrap_err().message,
        "Must specify at least one request."
    );
    let e = run(&mut ss, json!([{"frobnicate": {}}])).unwrap_err();
    assert!(e.message.contains("Unknown name \"frobnicate\""));
    let dup = json!({"addSheet": {"properties": {"title": "sheet1"}}});
    assert_eq!(
        run(&mut ss, json!([dup])).unwrap_err().message,
        "Invalid requests[0].addSheet: A sheet with the name \"sheet1\" already exists. Please enter another name."
    );
}

#[test]
fn row_metadata_follows_its_row_and_goes_with_it() {
    let mut ss = Spreadsheet::new("s", "t");
    let create = json!({"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "kep", "metadataValue": "1234",
        "location": {"dimensionRange": {"sheetId": 0, "dimension": "ROWS", "startIndex": 6, "endIndex": 7}}}}});
    let out = run(&mut ss, json!([create])).unwrap();
    let md = &out["replies"][0]["createDeveloperMetadata"]["developerMetadata"];
    assert_eq!(md["location"]["locationType"], "ROW");
    assert_eq!(md["visibility"], "DOCUMENT");
    let insert = json!({"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 2}}});
    run(&mut ss, json!([insert])).unwrap();
    let find = json!({"dataFilters": [{"developerMetadataLookup": {"metadataKey": "kep", "metadataValue": "1234"}}]});
    let found = metadata::search(&ss, &find).unwrap();
    let dr =
        &found["matchedDeveloperMetadata"][0]["developerMetadata"]["location"]["dimensionRange"];
    assert_eq!(
        (dr["startIndex"].as_i64(), dr["endIndex"].as_i64()),
        (Some(8), Some(9))
    );
    let delete = json!({"deleteDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 8, "endIndex": 9}}});
    run(&mut ss, json!([delete])).unwrap();
    assert_eq!(metadata::search(&ss, &find).unwrap(), json!({}));
}

fn dims(dimension: &str, start: u32, end: u32) -> Value {
    json!({"sheetId": 0, "dimension": dimension, "startIndex": start, "endIndex": end})
}

fn hide(dimension: &str, start: u32, end: u32, hidden: bool) -> Value {
    json!({"updateDimensionProperties": {"range": dims(dimension, start, end),
        "properties": {"hiddenByUser": hidden}, "fields": "hiddenByUser"}})
}

fn hidden_rows(ss: &Spreadsheet) -> Vec<u32> {
    ss.sheets[0].hidden(true)
}

#[test]
fn update_dimension_properties_hides_and_unhides_rows_and_columns() {
    let mut ss = Spreadsheet::new("s", "t");
    let out = run(
        &mut ss,
        json!([hide("ROWS", 2, 4, true), hide("COLUMNS", 1, 2, true)]),
    )
    .unwrap();
    assert_eq!(out["replies"], json!([{}, {}]));
    assert_eq!(hidden_rows(&ss), [2, 3]);
    assert_eq!(ss.sheets[0].hidden(false), [1]);
    run(&mut ss, json!([hide("ROWS", 3, 4, false)])).unwrap();
    assert_eq!(hidden_rows(&ss), [2]);
    run(&mut ss, json!([hide("ROWS", 0, 1000, false)])).unwrap();
    assert!(hidden_rows(&ss).is_empty());
    assert!(ss.sheets[0].row_props.is_empty(), "defaults are not stored");
}

#[test]
fn update_dimension_properties_sets_pixel_size_under_its_mask_only() {
    let mut ss = Spreadsheet::new("s", "t");
    let size = json!({"updateDimensionProperties": {"range": dims("COLUMNS", 0, 2),
        "properties": {"pixelSize": 240, "hiddenByUser": true}, "fields": "pixelSize"}});
    run(&mut ss, json!([size])).unwrap();
    let s = &ss.sheets[0];
    assert_eq!(
        (
            s.pixel_size(false, 0),
            s.pixel_size(false, 1),
            s.pixel_size(false, 2)
        ),
        (240, 240, 100)
    );
    assert!(
        s.hidden(false).is_empty(),
        "hiddenByUser is not in the mask"
    );
    assert_eq!(s.pixel_size(true, 0), 21);
    let all = json!({"updateDimensionProperties": {"range": dims("COLUMNS", 1, 2),
        "properties": {"hiddenByUser": true}, "fields": "*"}});
    run(&mut ss, json!([all])).unwrap();
    let s = &ss.sheets[0];
    assert_eq!(s.hidden(false), [1]);
    assert_eq!(
        s.pixel_size(false, 1),
        100,
        "a masked size left out is the default"
    );
    assert_eq!(s.pixel_size(false, 0), 240);
}

#[test]
fn update_dimension_properties_checks_its_arguments() {
    let mut ss = Spreadsheet::new("s", "t");
    let msg = |ss: &mut Spreadsheet, args: Value| {
        run(ss, json!([{"updateDimensionProperties": args}]))
            .unwrap_err()
            .message
    };
    let r = dims("ROWS", 0, 1);
    assert_eq!(
        msg(
            &mut ss,
            json!({"range": r, "properties": {"hiddenByUser": true}})
        ),
        "Invalid requests[0].updateDimensionProperties: At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
    );
    assert_eq!(
        msg(
            &mut ss,
            json!({"range": r, "properties": {}, "fields": "hidden"})
        ),
        "Invalid requests[0].updateDimensionProperties: Invalid field mask: DimensionProperties has no field 'hidden'."
    );
    assert_eq!(
        msg(
            &mut ss,
            json!({"range": {"sheetId": 9, "dimension": "ROWS"}, "fields": "*"})
        ),
        "Invalid requests[0].updateDimensionProperties: No grid with id: 9"
    );
    assert_eq!(
        msg(
            &mut ss,
            json!({"range": dims("ROWS", 999, 1001), "fields": "*"})
        ),
        "Invalid requests[0].updateDimensionProperties: Cannot update rows 999..1001: the sheet has only 1000 rows."
    );
    assert_eq!(
        msg(
            &mut ss,
            json!({"range": r, "properties": {"pixelSize": -3}, "fields": "pixelSize"})
        ),
        "Invalid requests[0].updateDimensionProperties: pixelSize (-3) must be >= 0"
    );
    assert!(ss.sheets[0].row_props.is_empty(), "nothing applied");
}

#[test]
fn hidden_rows_and_sizes_move_with_their_rows() {
    let mut ss = Spreadsheet::new("s", "t");
    let size = json!({"updateDimensionProperties": {"range": dims("ROWS", 5, 6),
        "properties": {"pixelSize": 40}, "fields": "pixelSize"}});
    run(&mut ss, json!([hide("ROWS", 3, 4, true), size])).unwrap();
    let insert = json!({"insertDimension": {"range": dims("ROWS", 1, 3)}});
    run(&mut ss, json!([insert])).unwrap();
    assert_eq!(hidden_rows(&ss), [5]);
    assert_eq!(ss.sheets[0].pixel_size(true, 7), 40);
    let delete = json!({"deleteDimension": {"range": dims("ROWS", 0, 2)}});
    run(&mut ss, json!([delete])).unwrap();
    assert_eq!(hidden_rows(&ss), [3]);
    assert_eq!(ss.sheets[0].pixel_size(true, 5), 40);
    let gone = json!({"deleteDimension": {"range": dims("ROWS", 3, 4)}});
    run(&mut ss, json!([gone])).unwrap();
    assert!(hidden_rows(&ss).is_empty(), "deleted with its row");
    // Inserted rows take the neighbour's size but not its hidden state.
    run(&mut ss, json!([hide("ROWS", 4, 5, true)])).unwrap();
    let after =
        json!({"insertDimension": {"range": dims("ROWS", 5, 6), "inheritFromBefore": true}});
    run(&mut ss, json!([after])).unwrap();
    assert_eq!(hidden_rows(&ss), [4]);
    assert_eq!(ss.sheets[0].pixel_size(true, 5), 40);
}

#[test]
fn move_dimension_moves_cells_properties_and_metadata() {
    let mut ss = Spreadsheet::new("s", "t");
    for (i, t) in ["a", "b", "c", "d", "e"].iter().enumerate() {
        ss.sheets[0].cell_mut(i as u32, 0).value = Some(Entered::Text(t.to_string()));
    }
    let md = json!({"createDeveloperMetadata": {"developerMetadata": {
        "metadataKey": "row", "metadataValue": "b",
        "location": {"dimensionRange": dims("ROWS", 1, 2)}}}});
    run(&mut ss, json!([hide("ROWS", 1, 2, true), md])).unwrap();
    let down = json!({"moveDimension": {"source": dims("ROWS", 0, 2), "destinationIndex": 4}});
    run(&mut ss, json!([down])).unwrap();
    let col = |ss: &Spreadsheet| -> String {
        (0..5)
            .map(|r| {
                ss.sheets[0]
                    .cell(r, 0)
                    .unwrap()
                    .value
                    .as_ref()
                    .unwrap()
                    .formatted()
            })
            .collect()
    };
    assert_eq!(col(&ss), "cdabe");
    assert_eq!(hidden_rows(&ss), [3]);
    let dr = &ss.developer_metadata[0]["location"]["dimensionRange"];
    assert_eq!(
        (dr["startIndex"].as_i64(), dr["endIndex"].as_i64()),
        (Some(3), Some(4))
    );
    let up = json!({"moveDimension": {"source": dims("ROWS", 3, 5), "destinationIndex": 0}});
    run(&mut ss, json!([up])).unwrap();
    assert_eq!(col(&ss), "becda");
    assert_eq!(hidden_rows(&ss), [0]);
    let cols = json!({"moveDimension": {"source": dims("COLUMNS", 0, 1), "destinationIndex": 3}});
    run(&mut ss, json!([cols])).unwrap();
    assert_eq!(
        ss.sheets[0].cell(0, 2).unwrap().value,
        Some(Entered::Text("b".into()))
    );
    assert!(ss.sheets[0].cell(0, 0).is_none_or(|c| c.value.is_none()));
}

#[test]
fn copy_paste_of_whole_rows_keeps_the_destination_rows_hidden_state() {
    let mut ss = Spreadsheet::new("s", "t");
    ss.sheets[0].cell_mut(0, 0).value = Some(Entered::Text("src".into()));
    run(
        &mut ss,
        json!([hide("ROWS", 0, 1, true), hide("ROWS", 3, 4, true)]),
    )
    .unwrap();
    let copy = json!({"copyPaste": {
        "source": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
        "destination": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 4},
        "pasteType": "PASTE_NORMAL"}});
    run(&mut ss, json!([copy])).unwrap();
    assert_eq!(
        ss.sheets[0].cell(2, 0).unwrap().value,
        Some(Entered::Text("src".into()))
    );
    assert_eq!(
        hidden_rows(&ss),
        [0, 3],
        "row 2 stays shown, row 3 stays hidden"
    );
}
