//! End to end: the Type suggestion (the sheet's "Stage Status"), on by default, through the
//! `kepsync` binary over real KEPs of the shared corpus: blank cells of rows already tracked,
//! taken in from KEP Collection and moving back from Removed get the KEP's Type; a person's
//! value stays; a second cycle writes nothing.

use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::process::corpus;
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    let row = |n: &str, status: &str, kind: &str| json!([n, "", "", "", "", "", "", status, kind]);
    json!({"spreadsheetId": "type-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["Issue"], ["5941"], ["5732"]]},
        {"title": "Enhancements", "rows": [head,
            row("5004", "Tracked", ""),
            row("5495", "At Risk", ""),
            row("5598", "Tracked", "Net New")]},
        {"title": "Removed from Milestone", "rows": [head, row("5000", "Tracked", "")]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

fn world() -> Option<Spawned> {
    let Some(dir) = corpus() else {
        panic!("../shared/kep-corpus is missing");
    };
    let issues: Vec<Value> = [5941, 5732, 5004, 5495, 5598, 5000]
        .iter()
        .map(|n| json!({"number": n, "title": format!("KEP {n}"), "milestone": "v1.37"}))
        .collect();
    let github = GithubSeed::tree_dir(&dir).issues(Value::Array(issues));
    Some(
        World::new(sheet())
            .github(github)
            .set("spreadsheet-id", "type-sheet")
            .spawn(),
    )
}

/// The Stage Status of each row of Enhancements, by issue.
fn types(w: &Spawned) -> Vec<(String, String)> {
    let t = tab(&w.dump(), "Enhancements");
    let c = t.col(0, "Stage Status").expect("Stage Status column");
    let mut out: Vec<(String, String)> = (1..t.rows.len())
        .map(|r| (t.cell(r, 0).to_string(), t.cell(r, c).to_string()))
        .collect();
    out.sort();
    out
}

#[test]
fn blank_stage_status_gets_the_corpus_keps_type_and_a_persons_value_stays() {
    let Some(w) = world() else { return };
    w.sync_ok();
    let want = [
        // back from Removed; its stage is the template's "alpha|beta|stable", milestones TBD
        ("5000", "Major Change"),
        // stable in v1.37
        ("5004", "Graduating"),
        // stage deprecated
        ("5495", "Deprecation"),
        // a person typed it; the KEP says Major Change
        ("5598", "Net New"),
        // beta in v1.37, taken in from KEP Collection
        ("5732", "Graduating"),
        // alpha in v1.37, taken in from KEP Collection
        ("5941", "Net New"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(n, k)| (n.to_string(), k.to_string()))
        .collect();
    assert_eq!(types(&w), want);
    let before = w.dump();
    let second = w.sync_ok();
    assert_eq!(
        w.dump(),
        before,
        "the second cycle changed the sheet:\n{second}"
    );
}
