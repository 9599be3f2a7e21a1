//! Replays every recording in ../shared/sheets-recordings against a fresh emulator over HTTP and
//! compares status codes and bodies (generated ids matched consistently, not literally).
//!
//! The state each recording assumes (the spreadsheet it ran on, a quota already spent, a
//! disabled API) is derived from the recording itself. Recordings listed in the emulator's
//! README as not replayable are skipped by name; any other failure fails the test.

mod common;

use common::{Client, recordings_dir};
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use std::collections::BTreeMap;
use std::path::Path;

/// Listed in crates/sheets-emulator/README.md with the reason.
const NOT_REPLAYABLE: &[&str] = &["90_DOCS_developer_metadata_examples_NOT_RECORDED.json"];

const ID_KEYS: &[&str] = &[
    "sheetId",
    "protectedRangeId",
    "namedRangeId",
    "chartId",
    "metadataId",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recording_replays() {
    let Some(dir) = recordings_dir() else {
        eprintln!("SKIPPED: ../shared/sheets-recordings is absent");
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("recordings dir readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if NOT_REPLAYABLE.contains(&name.as_str()) {
            eprintln!("skipped (see README): {name}");
            continue;
        }
        match replay_file(file).await {
            Ok(n) => replayed += n,
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "replay failures:\n{}",
        failures.join("\n")
    );
    assert!(replayed > 100, "only {replayed} interactions replayed");
}

async fn replay_file(file: &Path) -> Result<usize, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let rec: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let interactions = rec["interactions"]
        .as_array()
        .ok_or("no interactions")?
        .clone();
    let emu = SheetsEmulator::new();
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    for seed in seeds(&name, &interactions) {
        emu.load(seed)?;
    }
    let server = emulator_kit::Server::start("127.0.0.1:0", emu.handler())
        .await
        .map_err(|e| e.to_string())?;
    let client = Client::new(&server.url());
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for (i, it) in interactions.iter().enumerate() {
        prepare(&emu, &client, it).await?;
        let (method, target) = request_target(&it["request"]);
        let body = it["request"]["body"].clone();
        let body = (!body.is_null()).then(|| substitute(&body.to_string(), &ids));
        let (status, got) = client
            .send(&method, &substitute(&target, &ids), body)
            .await?;
        let want_status = it["response"]["status"].as_u64().unwrap_or(0) as u16;
        if status != want_status {
            return Err(format!(
                "interaction {i} {method} {target}: status {status}, recorded {want_status}; body {got}"
            ));
        }
        let want = &it["response"]["body"];
        compare(want, &got, "", &mut ids).map_err(|e| {
            format!("interaction {i} {method} {target}: {e}\n  recorded {want}\n  emulator {got}")
        })?;
    }
    server.stop().await;
    Ok(interactions.len())
}

/// Method and path+query, from the recorded URL.
fn request_target(req: &Value) -> (String, String) {
    let method = req["method"].as_str().unwrap_or("GET").to_string();
    let url = req["url"].as_str().unwrap_or("");
    let path = url
        .split_once("googleapis.com")
        .map_or(url, |(_, rest)| rest);
    (method, path.replace('<', "%3C").replace('>', "%3E"))
}

fn spreadsheet_id(req: &Value) -> Option<String> {
    let (_, target) = request_target(req);
    let rest = target.strip_prefix("/v4/spreadsheets/")?;
    let end = rest.find(['/', ':', '?']).unwrap_or(rest.len());
    Some(rest[..end].to_string())
}

/// Seeds for every spreadsheet the recording used, derived from what it shows.
fn seeds(name: &str, interactions: &[Value]) -> Vec<Value> {
    let mut by_id: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for it in interactions {
        if let Some(id) = spreadsheet_id(&it["request"]) {
            by_id.entry(id).or_default().push(it);
        }
    }
    by_id
        .into_iter()
        .filter(|(_, its)| its.iter().any(|it| it["response"]["status"] != 404))
        .map(|(id, its)| seed_for(name, &id, &its))
        .collect()
}

fn seed_for(name: &str, id: &str, its: &[&Value]) -> Value {
    let title = its
        .iter()
        .find_map(|it| it["response"]["body"]["properties"]["title"].as_str())
        .unwrap_or("replay");
    let shared = !its.iter().any(|it| {
        it["response"]["body"]["error"]["message"] == "The caller does not have permission"
    });
    let mut sheets = vec![json!({"title": "Sheet1", "rows": []})];
    for it in its.iter().take_while(|it| it["request"]["method"] == "GET") {
        if let Some((sheet_title, rows)) = read_values(&it["response"]["body"]) {
            sheets = vec![json!({"title": sheet_title, "rows": rows})];
        }
    }
    if let Some((rows, cols)) = grid_size_shown(its) {
        sheets[0]["rowCount"] = json!(rows);
        sheets[0]["columnCount"] = json!(cols);
    }
    if name.starts_with("26_") {
        sheets = vec![json!({"title": "Sheet1", "rows": rows_before_row_delete(its)})];
    }
    json!({"spreadsheetId": id, "title": title, "shared": shared, "sheets": sheets})
}

/// A recording that never resizes but reads a whole sheet shows the grid's size in the echo
/// (`'Sheet1'` → `Sheet1!A1:D2`).
fn grid_size_shown(its: &[&Value]) -> Option<(u32, u32)> {
    let resizes = its.iter().any(|it| {
        let body = it["request"]["body"].to_string();
        body.contains("updateSheetProperties")
            || body.contains("Dimension")
            || body.contains("addSheet")
    });
    if resizes {
        return None;
    }
    its.iter().find_map(|it| {
        let (_, target) = request_target(&it["request"]);
        let range = target.split('?').next()?.split("/values/").nth(1)?;
        if range.contains("%21") || range.contains('!') {
            return None;
        }
        let echoed = it["response"]["body"]["range"].as_str()?;
        let end = echoed.rsplit_once(":")?.1;
        let digits = end.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let letters = &end[..end.len() - digits.len()];
        let cols = letters
            .bytes()
            .fold(0u32, |n, b| n * 26 + (b - b'A' + 1) as u32);
        Some((digits.parse().ok()?, cols))
    })
}

/// A whole-sheet read before any write: the sheet's title and rows.
fn read_values(body: &Value) -> Option<(String, Value)> {
    let range = body["range"].as_str()?;
    let values = body.get("values")?;
    let (title, cells) = range.rsplit_once('!')?;
    if !cells.starts_with("A1") {
        return None;
    }
    let title = title
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .unwrap_or(title)
        .replace("''", "'");
    Some((title, values.clone()))
}

/// Recording 26 deletes row 2 and then reads rows 1 and 2: before the delete, the sheet held
/// the first read, a row that went, and the second read.
fn rows_before_row_delete(its: &[&Value]) -> Value {
    let reads: Vec<Value> = its
        .iter()
        .filter_map(|it| it["response"]["body"]["values"].get(0).cloned())
        .collect();
    let first = reads.first().cloned().unwrap_or(json!([]));
    let second = reads.get(1).cloned().unwrap_or(json!([]));
    json!([first, ["deleted row"], second])
}

/// State an interaction's answer implies: a spent read quota, a disabled API.
async fn prepare(emu: &SheetsEmulator, client: &Client, it: &Value) -> Result<(), String> {
    let body = &it["response"]["body"];
    let reason = body["error"]["details"][0]["reason"].as_str().unwrap_or("");
    if it["response"]["status"] == 429 {
        emu.set_quota(true);
        let id = spreadsheet_id(&it["request"]).unwrap_or_default();
        for _ in 0..60 {
            let path = format!("/v4/spreadsheets/{id}?fields=spreadsheetId");
            let (status, _) = client.send("GET", &path, None).await?;
            if status != 200 {
                return Err(format!("quota warm-up read answered {status}"));
            }
        }
    }
    if reason == "SERVICE_DISABLED" {
        emu.faults().add(
            serde_json::from_value(json!({"status": 403, "kind": "service_disabled"}))
                .map_err(|e| e.to_string())?,
        );
    }
    Ok(())
}

fn substitute(text: &str, ids: &BTreeMap<String, String>) -> String {
    ids.iter()
        .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// Structural equality; generated ids must map consistently, placeholders match anything.
fn compare(
    want: &Value,
    got: &Value,
    path: &str,
    ids: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    let key = path.rsplit('.').next().unwrap_or("");
    if ID_KEYS.contains(&key) && want != got {
        let (w, g) = (id_text(want), id_text(got));
        return match ids.get(&w) {
            Some(mapped) if *mapped == g => Ok(()),
            Some(mapped) => Err(format!(
                "{path}: id {g}, expected the id mapped earlier {mapped}"
            )),
            None => {
                ids.insert(w, g);
                Ok(())
            }
        };
    }
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<_> = a.keys().collect();
            let kb: Vec<_> = b.keys().collect();
            if ka != kb {
                return Err(format!("{path}: keys {kb:?}, recorded {ka:?}"));
            }
            for (k, v) in a {
                compare(v, &b[k], &format!("{path}.{k}"), ids)?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, &format!("{path}[{i}]"), ids)?;
            }
            Ok(())
        }
        (Value::String(a), Value::String(b))
            if a.contains("_REDACTED>") || normal(a) == normal(b) =>
        {
            let _ = b;
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        _ if want == got => Ok(()),
        _ => Err(format!("{path}: {got}, recorded {want}")),
    }
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The recordings' project numbers differ (one is redacted); compare them as one.
fn normal(s: &str) -> String {
    s.replace("1234567890", "<PROJECT>")
        .replace("603366585132", "<PROJECT>")
}
