//! The emulator over HTTP: control endpoints (load, dump, counts, faults, quota), Google's
//! answers to unauthenticated and malformed calls, and the standalone binary.

mod common;

use common::Client;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use sheets_emulator::emulator_kit::Server;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

async fn start() -> (SheetsEmulator, Server, Client) {
    let emu = SheetsEmulator::new();
    let server = Server::start("127.0.0.1:0", emu.handler()).await.unwrap();
    let client = Client::new(&server.url());
    (emu, server, client)
}

fn seed() -> String {
    json!({"sheets": [{"title": "Tab A", "rows": [["x", {"formula": "=2*3"}]], "backgrounds": [["#FCE8B2"]]}]})
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_dump_and_count_over_http() {
    let (_emu, _server, c) = start().await;
    let (status, _) = c
        .send("PUT", "/_emulator/spreadsheets/s1", Some(seed()))
        .await
        .unwrap();
    assert_eq!(status, 200);
    let (_, got) = c
        .send("GET", "/v4/spreadsheets/s1/values/'Tab%20A'", None)
        .await
        .unwrap();
    assert_eq!(got["values"], json!([["x", "6"]]));
    let body =
        json!({"valueInputOption": "RAW", "data": [{"range": "'Tab A'!A2", "values": [["=1+1"]]}]});
    let (status, _) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/values:batchUpdate",
            Some(body.to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    let (_, dump) = c
        .send("GET", "/_emulator/spreadsheets/s1", None)
        .await
        .unwrap();
    let sheet = &dump["sheets"][0];
    assert_eq!(sheet["rows"], json!([["x", {"formula": "=2*3"}], ["=1+1"]]));
    assert_eq!(sheet["backgrounds"], json!([["#FCE8B2", null], [null]]));
    let (_, requests) = c.send("GET", "/_emulator/requests", None).await.unwrap();
    assert_eq!(
        (requests["reads"].as_u64(), requests["writes"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        requests["log"][1]["path"],
        "/v4/spreadsheets/s1/values:batchUpdate"
    );
    c.send("POST", "/_emulator/requests/reset", None)
        .await
        .unwrap();
    let (_, requests) = c.send("GET", "/_emulator/requests", None).await.unwrap();
    assert_eq!(requests["log"], json!([]));
    let (status, err) = c
        .send(
            "PUT",
            "/_emulator/spreadsheets/bad",
            Some(json!({"sheets": [{"rows": []}]}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert!(
        err["error"].as_str().unwrap().contains("sheets[0].title"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_and_quota_answer_like_google() {
    let (emu, _server, c) = start().await;
    c.send("PUT", "/_emulator/spreadsheets/s1", Some(seed()))
        .await
        .unwrap();
    let fault = json!([{"count": 1, "method": "POST", "status": 429, "retry_after": 7},
                       {"count": 1, "status": 503}]);
    c.send("POST", "/_emulator/faults", Some(fault.to_string()))
        .await
        .unwrap();
    let (status, body) = c.send("GET", "/v4/spreadsheets/s1", None).await.unwrap();
    assert_eq!(status, 503);
    assert_eq!(body["error"]["status"], "UNAVAILABLE");
    let clear = json!({"ranges": ["'Tab A'!A1"]}).to_string();
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1/values:batchClear",
            Some(clear.clone()),
        )
        .await
        .unwrap();
    assert_eq!(status, 429);
    assert_eq!(body["error"]["status"], "RESOURCE_EXHAUSTED");
    assert_eq!(
        body["error"]["details"][0]["metadata"]["quota_limit"],
        "WriteRequestsPerMinutePerUser"
    );
    emu.set_quota(true);
    for _ in 0..60 {
        let (s, _) = c
            .send(
                "POST",
                "/v4/spreadsheets/s1/values:batchClear",
                Some(clear.clone()),
            )
            .await
            .unwrap();
        assert_eq!(s, 200);
    }
    let (s, _) = c
        .send("POST", "/v4/spreadsheets/s1/values:batchClear", Some(clear))
        .await
        .unwrap();
    assert_eq!(s, 429, "the 61st write in a minute");
    let (s, _) = c.send("GET", "/v4/spreadsheets/s1", None).await.unwrap();
    assert_eq!(s, 200, "reads have their own allowance");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn google_errors_for_bad_calls() {
    let (emu, server, c) = start().await;
    emu.load(
        serde_json::from_str::<Value>(&seed())
            .map(|mut v| {
                v["spreadsheetId"] = json!("s1");
                v
            })
            .unwrap(),
    )
    .unwrap();
    let (status, body) = c
        .send("GET", "/v4/spreadsheets/s1?fields=sheets.nope", None)
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(
        body["error"]["message"],
        "Request contains an invalid argument."
    );
    let (status, body) = c
        .send(
            "POST",
            "/v4/spreadsheets/s1:batchUpdate",
            Some(json!({"requests": []}).to_string()),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, body["error"]["message"].as_str()),
        (400, Some("Must specify at least one request."))
    );
    let raw = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let uri: hyper::Uri = format!("{}/v4/spreadsheets/s1", server.url())
        .parse()
        .unwrap();
    let resp = raw.get(uri).await.unwrap();
    assert_eq!(resp.status(), 401, "no token, no key");
}

#[test]
fn binary_prints_its_address_and_serves_the_seed() {
    let dir = tempdir();
    let seed_path = dir.join("seed.json");
    let mut seed: Value = serde_json::from_str(&seed()).unwrap();
    seed["spreadsheetId"] = json!("fromfile");
    std::fs::write(&seed_path, seed.to_string()).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sheets-emulator"))
        .args(["--addr", "127.0.0.1:0", "--seed"])
        .arg(&seed_path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let url = first.trim().strip_prefix("listening on ").map(String::from);
    let result = url.as_deref().map(|u| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(Client::new(u).send(
            "GET",
            "/v4/spreadsheets/fromfile/values/'Tab%20A'!A1",
            None,
        ))
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        first.starts_with("listening on http://127.0.0.1:"),
        "{first}"
    );
    let (status, body) = result.unwrap().unwrap();
    assert_eq!((status, body["values"].clone()), (200, json!([["x"]])));
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sheets-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
