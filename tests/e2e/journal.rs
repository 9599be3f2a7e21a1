//! End to end: the Sync Log tab, the journal, `kepsync log` and `kepsync undo` through the binary.

use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_tree_dir};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

const TOKEN: (&str, &str) = ("GITHUB_TOKEN", "e2e-token");

fn world() -> Spawned {
    world_with(true)
}

fn world_with(state_dir: bool) -> Spawned {
    // kepsync's eight columns (the shared header's first eight), then a person's Notes.
    let mut columns = ENH_HEADER[..8].to_vec();
    columns.push("Notes");
    let header = json!(columns);
    let sheet = json!({"spreadsheetId": "journal-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue", "Sync Status"], ["sig-node", "7001"]]},
        {"title": "Enhancements", "rows": [header, ["7002", "", "", "", "", "", "", "Tracked", "keep me"]]},
        {"title": "Removed from Milestone", "rows": [header]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]},
        {"title": "Sync Log", "rows": [["Time", "Cycle", "Surface", "Tab", "Issue", "Column", "Before", "After", "Why"]]}
    ]});
    let issue = |n: u64, title: &str| json!({"number": n, "title": title, "state": "open", "assignees": ["alice"], "labels": ["sig/node"], "milestone": "v1.37", "body": ""});
    let github = GithubSeed::tree_dir(&demo_tree_dir())
        .issues(json!([issue(7001, "Taken in"), issue(7002, "Filled in")]));
    let w = World::new(sheet)
        .github(github)
        .set("tabs.sync-log", "Sync Log");
    match state_dir {
        true => w.with_state_dir().spawn(),
        false => w.spawn(),
    }
}

fn rows(w: &Spawned, title: &str) -> Vec<Vec<String>> {
    tab(&w.dump(), title).rows
}

fn run(w: &Spawned, args: &[&str]) -> (String, String) {
    let mut all = args.to_vec();
    all.extend(["--config", w.config.as_str()]);
    let out = crate::support::process::kepsync(&all, &[TOKEN]);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(
        out.status.success(),
        "kepsync {args:?}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    (text(&out.stdout), text(&out.stderr))
}

fn name_of(w: &Spawned, issue: &str) -> Option<String> {
    rows(w, "Enhancements")
        .into_iter()
        .find(|r| r.first().map(String::as_str) == Some(issue))
        .map(|r| r[1].clone())
}

fn journal_ids(w: &Spawned) -> Vec<String> {
    let (json, _) = run(w, &["log", "--output", "json"]);
    let v: Value = serde_json::from_str(&json).expect("log --output json is JSON");
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["cycle"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_changing_cycle_is_logged_in_the_sheet_and_journal_an_idle_one_adds_nothing_and_undo_reverses_it()
 {
    let w = world();
    let (r0, w0) = w.sheets_counts();
    run(&w, &["sync"]);
    let (r1, w1) = w.sheets_counts();
    assert!(
        r1 - r0 <= 2 && w1 - w0 == 1,
        "a changing cycle with the Sync Log on: {} reads, {} writes",
        r1 - r0,
        w1 - w0
    );
    let log = rows(&w, "Sync Log");
    assert!(
        log.len() > 3,
        "one row per change below the header: {log:?}"
    );
    assert!(
        log.iter()
            .any(|r| r.get(5).map(String::as_str) == Some("Name")
                && r.get(7).map(String::as_str) == Some("Filled in")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|r| r
            .get(8)
            .is_some_and(|w| w.contains("listed on KEP Collection"))),
        "{log:?}"
    );
    assert_eq!(name_of(&w, "7001").as_deref(), Some("Taken in"));
    run(&w, &["sync"]);
    assert_eq!(
        rows(&w, "Sync Log").len(),
        log.len(),
        "an idle cycle adds no Sync Log row"
    );
    let ids = journal_ids(&w);
    assert_eq!(
        ids.len(),
        1,
        "one record per applied cycle, none for the idle one"
    );

    let (only, _) = run(&w, &["log", "--issue", "7002"]);
    assert!(
        only.contains("Filled in") && !only.contains("7001"),
        "{only}"
    );
    let (recent, _) = run(&w, &["log", "--since", "1h"]);
    assert!(recent.contains(&ids[0]), "{recent}");

    let (dry, _) = run(&w, &["undo", &ids[0], "--dry-run"]);
    assert!(dry.contains("would put back"), "{dry}");
    assert_eq!(
        name_of(&w, "7002").as_deref(),
        Some("Filled in"),
        "a dry run writes nothing"
    );

    let (out, _) = run(&w, &["undo", &ids[0]]);
    assert_eq!(
        name_of(&w, "7002").as_deref(),
        Some(""),
        "the fill is put back: {out}"
    );
    assert_eq!(
        name_of(&w, "7001"),
        None,
        "the intake nobody typed in is removed: {out}"
    );
    let notes = rows(&w, "Enhancements")
        .into_iter()
        .find(|r| r[0] == "7002")
        .unwrap();
    assert_eq!(notes[8], "keep me", "a person's cell is untouched");
    assert!(
        rows(&w, "Sync Log").len() > log.len(),
        "the undo is logged in the sheet too"
    );

    let ids = journal_ids(&w);
    assert_eq!(ids.len(), 2, "the undo is a journaled cycle");
    run(&w, &["undo", &ids[1]]);
    assert_eq!(
        name_of(&w, "7002").as_deref(),
        Some("Filled in"),
        "undo of the undo"
    );
    assert_eq!(
        name_of(&w, "7001").as_deref(),
        Some("Taken in"),
        "the intake is back"
    );
}

#[test]
fn a_torn_last_journal_record_is_ignored() {
    let w = world();
    run(&w, &["sync"]);
    let path = w.dir.path().join("state").join("journal.jsonl");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("0000000000000000 {\"cycle\":\"torn");
    std::fs::write(&path, text).unwrap();
    let (out, err) = run(&w, &["log"]);
    assert!(!out.contains("torn"), "{out}");
    assert!(err.contains("torn last journal record"), "{err}");
    assert_eq!(journal_ids(&w).len(), 1);
}

#[test]
fn without_a_state_directory_log_says_the_sync_log_tab_shows_what_was_done() {
    let w = world_with(false);
    let all = ["log", "--config", w.config.as_str()];
    let out = crate::support::process::kepsync(&all, &[TOKEN]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no state directory") && err.contains("Sync Log"),
        "{err}"
    );
}
