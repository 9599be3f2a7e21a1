//! Request bodies are checked against Google's discovery document over HTTP, with Google's
//! texts, before anything is applied or looked up; what Google accepts is still accepted.
//! Every test is skipped (printing `SKIPPED`) when ../shared/sheets-discovery is absent.

mod common;

use common::Client;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use sheets_emulator::emulator_kit::Server;
use std::process::{Command, Stdio};

async fn start() -> Option<(SheetsEmulator, Server, Client)> {
    let emu = SheetsEmulator::new();
    if !emu.validates_bodies() {
        eprintln!("SKIPPED: the discovery document is absent");
        return None;
    }
    emu.load(json!({"spreadsheetId": "s1", "sheets": [
        {"title": "Sheet1", "rows": [["a", "b"], ["c", "d"]]}
    ]}))
    .unwrap();
    let server = Server::start("127.0.0.1:0", emu.handler()).await.unwrap();
    let client = Client::new(&server.url());
    Some((emu, server, client))
}

async fn batch(c: &Client, body: Value) -> (u16, Value) {
    c.send(
        "POST",
        "/v4/spreadsheets/s1:batchUpdate",
        Some(body.to_string()),
    )
    .await
    .unwrap()
}

fn a1(emu: &SheetsEmulator) -> Value {
    emu.dump("s1").unwrap()["sheets"][0]["rows"][0][0].clone()
}

fn update_cells(values: Value) -> Value {
    json!({"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
        "fields": "userEnteredValue", "rows": [{"values": [values]}]}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_field_in_update_cells_values_is_refused_as_google_refuses_it() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    let cell = json!({"userEnteredValue": {"stringValue": "x"}, "bogus": 1});
    let (status, body) = batch(&c, json!({"requests": [update_cells(cell)]})).await;
    let text = "Invalid JSON payload received. Unknown name \"bogus\" at 'requests[0].update_cells.rows[0].values[0]': Cannot find field.";
    assert_eq!(status, 400);
    assert_eq!(
        body,
        json!({"error": {"code": 400, "message": text, "status": "INVALID_ARGUMENT",
            "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": "requests[0].update_cells.rows[0].values[0]",
                                     "description": text}]}]}})
    );
    assert_eq!(a1(&emu), "a", "nothing applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_field_anywhere_refuses_the_whole_batch() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    let good = update_cells(json!({"userEnteredValue": {"stringValue": "x"}}));
    let bad = json!({"updateSheetProperties": {"properties": {"sheetId": 0, "headerValues": ["a"]},
        "fields": "title"}});
    let (status, body) = batch(&c, json!({"requests": [good, bad]})).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid JSON payload received. Unknown name \"headerValues\" at 'requests[1].update_sheet_properties.properties': Cannot find field."
    );
    assert_eq!(a1(&emu), "a");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_json_type_is_refused_with_the_field_path() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    let (status, body) = c
        .send(
            "PUT",
            "/v4/spreadsheets/s1/values/Sheet1!A1?valueInputOption=RAW",
            Some(json!({"values": "X", "majorDimension": null}).to_string()),
        )
        .await
        .unwrap();
    let text =
        "Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), \"X\"";
    assert_eq!(status, 400);
    assert_eq!(body["error"]["message"], text);
    assert_eq!(
        body["error"]["details"][0]["fieldViolations"],
        json!([{"field": "data.values", "description": text}])
    );
    let cell = json!({"userEnteredValue": {"numberValue": "many"}});
    let (status, body) = batch(&c, json!({"requests": [update_cells(cell)]})).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid value at 'requests[0].update_cells.rows[0].values[0].user_entered_value.number_value' (TYPE_DOUBLE), \"many\""
    );
    let (status, body) = batch(
        &c,
        json!({"requests": [{"deleteDimension": {"range": "Sheet1!A1:A2"}}]}),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid value at 'requests[0].delete_dimension.range' (type.googleapis.com/google.apps.sheets.v4.DimensionRange), \"Sheet1!A1:A2\""
    );
    assert_eq!(a1(&emu), "a");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_enum_value_is_refused() {
    let Some((_emu, _server, c)) = start().await else {
        return;
    };
    let req = json!({"updateDimensionProperties": {
        "range": {"sheetId": 0, "dimension": "ROWZ", "startIndex": 0, "endIndex": 1},
        "properties": {"hiddenByUser": true}, "fields": "hiddenByUser"}});
    let (status, body) = batch(&c, json!({"requests": [req]})).await;
    let text = "Invalid value at 'requests[0].update_dimension_properties.range.dimension' (type.googleapis.com/google.apps.sheets.v4.Dimension), \"ROWZ\"";
    assert_eq!(status, 400);
    assert_eq!(body["error"]["message"], text);
    assert_eq!(
        body["error"]["details"][0]["fieldViolations"][0]["field"],
        "requests[0].update_dimension_properties.range.dimension"
    );
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/values:batchUpdate",
            Some(json!({"valueInputOption": "USER_ENTER", "data": []}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"USER_ENTER\""
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_problem_in_a_body_is_reported_once() {
    let Some((_emu, _server, c)) = start().await else {
        return;
    };
    let cell = json!({"userEnteredValue": {"stringValue": 7}, "bogus": 1});
    let (status, body) = batch(&c, json!({"requests": [update_cells(cell)], "extra": true})).await;
    assert_eq!(status, 400);
    let violations = body["error"]["details"][0]["fieldViolations"]
        .as_array()
        .unwrap()
        .clone();
    let texts: Vec<&str> = violations
        .iter()
        .map(|v| v["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Invalid JSON payload received. Unknown name \"extra\": Cannot find field.",
            "Invalid JSON payload received. Unknown name \"bogus\" at 'requests[0].update_cells.rows[0].values[0]': Cannot find field.",
            "Invalid value at 'requests[0].update_cells.rows[0].values[0].user_entered_value.string_value' (TYPE_STRING), 7",
        ]
    );
    assert_eq!(body["error"]["message"], texts.join("\n"));
    assert!(violations[0].get("field").is_none(), "no path at the root");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explicit_nulls_are_still_accepted() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    // google-sheets4 sends every unset field as null, request kinds included.
    let req = json!({"updateCells": {"start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0},
        "range": null, "fields": "userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "x", "numberValue": null},
                              "note": null, "userEnteredFormat": null}]}]},
        "repeatCell": null, "addSheet": null});
    let (status, body) = batch(
        &c,
        json!({"requests": [req], "includeSpreadsheetInResponse": null, "responseRanges": null}),
    )
    .await;
    assert_eq!((status, &body["replies"]), (200, &json!([{}])), "{body}");
    assert_eq!(a1(&emu), "x");
    let (status, _) = c
        .send(
            "PUT",
            "/v4/spreadsheets/s1/values/Sheet1!B1?valueInputOption=RAW",
            Some(
                json!({"range": null, "majorDimension": null, "values": [["y", null]]}).to_string(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        emu.dump("s1").unwrap()["sheets"][0]["rows"][0],
        json!(["x", "y"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snake_case_field_names_are_accepted() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    let req = json!({"update_cells": {"start": {"sheet_id": 0, "row_index": 0, "column_index": 0},
        "fields": "userEnteredValue",
        "rows": [{"values": [{"user_entered_value": {"string_value": "snake"}}]}]}});
    let (status, body) = batch(&c, json!({"requests": [req]})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(a1(&emu), "snake");
    let (status, _) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/values:batchUpdate",
            Some(
                json!({"value_input_option": "RAW",
                       "data": [{"range": "Sheet1!B2", "major_dimension": "ROWS", "values": [["z"]]}]})
                .to_string(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        emu.dump("s1").unwrap()["sheets"][0]["rows"][1],
        json!(["c", "z"])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_as_strings_and_single_values_for_lists_are_accepted() {
    let Some((emu, _server, c)) = start().await else {
        return;
    };
    let req = json!({"deleteDimension": {"range": {"sheetId": "0", "dimension": "ROWS",
        "startIndex": "0", "endIndex": 1}}});
    let (status, body) = batch(&c, json!({"requests": req})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(a1(&emu), "c");
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/values:batchClear",
            Some(json!({"ranges": "Sheet1!A1"}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, body["clearedRanges"].clone()),
        (200, json!(["Sheet1!A1"]))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_is_checked_before_the_spreadsheet_is_looked_up() {
    let Some((_emu, _server, c)) = start().await else {
        return;
    };
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/nope:batchUpdate",
            Some(json!({"requests": [{"frobnicate": {}}]}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid JSON payload received. Unknown name \"frobnicate\" at 'requests[0]': Cannot find field."
    );
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets",
            Some(json!({"properties": {"title": "t", "colour": "red"}}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid JSON payload received. Unknown name \"colour\" at 'spreadsheet.properties': Cannot find field."
    );
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/developerMetadata:search",
            Some(json!({"dataFilters": [{"developerMetadataLookup": {"metadataKey": "k", "key": "k"}}]}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Invalid JSON payload received. Unknown name \"key\" at 'data_filters[0].developer_metadata_lookup': Cannot find field."
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_discovery_document_bodies_are_not_checked() {
    let emu = SheetsEmulator::with_discovery(None);
    assert!(!emu.validates_bodies());
    emu.load(json!({"spreadsheetId": "s1", "sheets": [{"title": "Sheet1"}]}))
        .unwrap();
    let server = Server::start("127.0.0.1:0", emu.handler()).await.unwrap();
    let c = Client::new(&server.url());
    let cell = json!({"userEnteredValue": {"stringValue": "x"}, "bogus": 1});
    let (status, _) = batch(&c, json!({"requests": [update_cells(cell)]})).await;
    assert_eq!(status, 200);
}

#[test]
fn binary_refuses_a_discovery_file_it_cannot_read() {
    let out = Command::new(env!("CARGO_BIN_EXE_sheets-emulator"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--discovery",
            "/nonexistent/sheets.v4.json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("binary runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/sheets.v4.json"), "{stderr}");
    assert!(out.stdout.is_empty());
}
