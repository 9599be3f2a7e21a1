//! Hidden rows and columns and pixel sizes over HTTP: updateDimensionProperties, the grid data
//! of `spreadsheets.get` (`rowMetadata` / `columnMetadata`), and the seed / dump form.

mod common;

use common::Client;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use sheets_emulator::emulator_kit::Server;

async fn start(seed: Value) -> (SheetsEmulator, Server, Client) {
    let emu = SheetsEmulator::new();
    emu.load(seed).unwrap();
    let server = Server::start("127.0.0.1:0", emu.handler()).await.unwrap();
    let client = Client::new(&server.url());
    (emu, server, client)
}

fn small() -> Value {
    json!({"spreadsheetId": "s1", "sheets": [{"title": "Sheet1", "rowCount": 6, "columnCount": 3,
        "rows": [["a"], ["b"], ["c"]]}]})
}

async fn metadata(c: &Client, fields: &str) -> Value {
    let (status, body) = c
        .send(
            "GET",
            &format!("/v4/spreadsheets/s1?ranges=Sheet1!A1:C4&fields={fields}"),
            None,
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    body["sheets"][0]["data"][0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_rows_and_sizes_read_back_as_row_and_column_metadata() {
    let (_emu, _server, c) = start(small()).await;
    let fields = "sheets.data(rowMetadata,columnMetadata)";
    let before = metadata(&c, fields).await;
    assert_eq!(
        before["rowMetadata"],
        json!(vec![json!({"pixelSize": 21}); 4])
    );
    assert_eq!(
        before["columnMetadata"],
        json!(vec![json!({"pixelSize": 100}); 3])
    );
    let body = json!({"requests": [
        {"updateDimensionProperties": {
            "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 2},
            "properties": {"hiddenByUser": true}, "fields": "hiddenByUser"}},
        {"updateDimensionProperties": {
            "range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3},
            "properties": {"pixelSize": 250}, "fields": "pixelSize"}}]});
    let (status, reply) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1:batchUpdate",
            Some(body.to_string()),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, &reply["replies"]),
        (200, &json!([{}, {}])),
        "{reply}"
    );
    let after = metadata(&c, fields).await;
    assert_eq!(
        after["rowMetadata"],
        json!([{"pixelSize": 21}, {"pixelSize": 21, "hiddenByUser": true}, {"pixelSize": 21}, {"pixelSize": 21}])
    );
    assert_eq!(
        after["columnMetadata"],
        json!([{"pixelSize": 100}, {"pixelSize": 100}, {"pixelSize": 250}])
    );
    let hidden_only = metadata(&c, "sheets.data.rowMetadata.hiddenByUser").await;
    assert_eq!(
        hidden_only,
        json!({"rowMetadata": [{}, {"hiddenByUser": true}, {}, {}]})
    );
    let cells_only = metadata(&c, "sheets.data.rowData.values.formattedValue").await;
    assert!(cells_only.get("rowMetadata").is_none(), "{cells_only}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_rows_and_columns_load_and_dump_as_indices() {
    let mut seed = small();
    seed["sheets"][0]["hiddenRows"] = json!([3, 5]);
    seed["sheets"][0]["hiddenColumns"] = json!([0]);
    let (emu, _server, c) = start(seed).await;
    let dump = emu.dump("s1").unwrap();
    assert_eq!(dump["sheets"][0]["hiddenRows"], json!([3, 5]));
    assert_eq!(dump["sheets"][0]["hiddenColumns"], json!([0]));
    let row = metadata(&c, "sheets.data.rowMetadata").await;
    assert_eq!(
        row["rowMetadata"][3],
        json!({"pixelSize": 21, "hiddenByUser": true})
    );
    let delete = json!({"requests": [{"deleteDimension": {
        "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}}]});
    let (status, _) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1:batchUpdate",
            Some(delete.to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert_eq!(
        emu.dump("s1").unwrap()["sheets"][0]["hiddenRows"],
        json!([2, 4])
    );
    let unhide = json!({"requests": [{"updateDimensionProperties": {
        "range": {"sheetId": 0, "dimension": "ROWS"}, "properties": {}, "fields": "hiddenByUser"}}]});
    c.send(
        "POST",
        "/v4/spreadsheets/s1:batchUpdate",
        Some(unhide.to_string()),
    )
    .await
    .unwrap();
    let dump = emu.dump("s1").unwrap();
    assert!(
        dump["sheets"][0].get("hiddenRows").is_none(),
        "only when non-empty"
    );
    let mut bad = small();
    bad["sheets"][0]["hiddenRows"] = json!([6]);
    assert_eq!(
        emu.load(bad).unwrap_err(),
        "sheets[0].hiddenRows[0]: not an index below 6"
    );
}
