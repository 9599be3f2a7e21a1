//! The release board of a world: seeded from `../shared/board/release-tracking-fields.json`
//! (the fields and options of "v1.37 Release Tracking") plus items, and read back from the
//! GitHub emulator.

use crate::support::process::{get_json, http, repo_path};
use serde_json::{Value, json};

pub const OWNER: &str = "kubernetes";
pub const NUMBER: u64 = 264;

/// The shared board fields with `items`, or `None` (test skipped) without `../shared/board`.
pub fn release_board(items: Vec<Value>) -> Option<Value> {
    let path = repo_path("../shared/board/release-tracking-fields.json");
    let text = std::fs::read_to_string(&path).ok()?;
    let mut board: Value = serde_json::from_str(&text).expect("board fields JSON");
    board["items"] = Value::Array(items);
    Some(board)
}

/// An item of issue `n` with `values` by field name.
pub fn item(n: u64, values: Value) -> Value {
    json!({"issue": n, "values": values})
}

/// The board as the emulator at `github_url` holds it.
pub fn dump(github_url: &str) -> Value {
    get_json(&format!("{github_url}/_emulator/projects/{OWNER}/{NUMBER}"))
}

/// The values of issue `n`'s item(s) on a dumped board.
pub fn items_of(board: &Value, n: u64) -> Vec<Value> {
    board["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["issue"] == n)
        .map(|i| i["values"].clone())
        .collect()
}

/// (GraphQL queries, mutations) the emulator at `github_url` has answered.
pub fn graphql_counts(github_url: &str) -> (u64, u64) {
    let c = get_json(&format!("{github_url}/_emulator/requests"));
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("no {k} in {c}"));
    (n("graphql_queries"), n("graphql_mutations"))
}

/// Sets the token's OAuth scopes on the emulator at `github_url`.
pub fn set_scopes(github_url: &str, scopes: &[&str]) {
    let body = json!({ "scopes": scopes }).to_string();
    let (status, text) = http(
        "PUT",
        &format!("{github_url}/_emulator/scopes"),
        Some(&body),
    );
    assert_eq!(status, 200, "{text}");
}

/// Replaces the board (as people's edits on it would leave it).
pub fn put_board(github_url: &str, board: &Value) {
    let url = format!("{github_url}/_emulator/projects/{OWNER}/{NUMBER}");
    let (status, text) = http("PUT", &url, Some(&board.to_string()));
    assert_eq!(status, 200, "PUT {url}: {text}");
}
