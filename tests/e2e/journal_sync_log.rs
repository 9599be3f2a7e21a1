//! End to end: GitHub write-back and board edits reach the Sync Log through the binary. They
//! happen after the sheet's batch, so the journal marks their rows waiting and the next
//! `kepsync sync` (a process of its own: the journal carries them across) writes them, under
//! the cycle that made the edits, exactly once; the sync after that is idle.

use crate::support::board::{NUMBER, OWNER, item, release_board};
use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const LOG_HEADER: [&str; 9] = [
    "Time", "Cycle", "Surface", "Tab", "Issue", "Column", "Before", "After", "Why",
];

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    json!({"spreadsheetId": "sync-log-github-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue"]]},
        {"title": "Enhancements", "rows": [head,
            ["9001", "", "", "", "", "", "", "Tracked"],
            ["9005", "", "", "", "", "", "", "Tracked"]]},
        {"title": "Removed from Milestone", "rows": [head,
            ["9004", "", "", "", "", "", "", "Removed from Milestone"]]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]},
        {"title": "Sync Log", "rows": [LOG_HEADER]}
    ]})
}

fn issue(n: u64, labels: &[&str], milestone: Option<&str>) -> Value {
    json!({"number": n, "title": format!("KEP {n}"), "state": "open", "labels": labels, "milestone": milestone})
}

fn world() -> Option<Spawned> {
    let items = vec![item(
        9001,
        json!({"Issue Number": "9001", "Stage": "Alpha"}),
    )];
    let Some(board) = release_board(items) else {
        eprintln!("SKIPPED: ../shared/board is not present");
        return None;
    };
    let issues = json!([
        issue(9001, &["sig/node", "tracked/no", "stage/alpha"], None),
        issue(9004, &["tracked/yes", "stage/stable"], Some("v1.37")),
        issue(9005, &["sig/apps"], None),
    ]);
    Some(
        World::new(sheet())
            .github(GithubSeed::demo().issues(issues).project(board))
            .set("tabs.sync-log", "Sync Log")
            .set("github.write", true)
            .set("github.write-pause-ms", 0)
            .set("board.owner", OWNER)
            .set("board.number", NUMBER as i64)
            .set("board.write", true)
            .set("board.pause-ms", 0)
            .with_state_dir()
            .spawn(),
    )
}

/// The Sync Log's GitHub and board rows: (cycle, surface, issue, column, after) → how many.
fn github_and_board_rows(w: &Spawned) -> BTreeMap<[String; 5], usize> {
    let mut out = BTreeMap::new();
    for r in tab(&w.dump(), "Sync Log").rows.iter().skip(1) {
        let cell = |i: usize| r.get(i).cloned().unwrap_or_default();
        if matches!(cell(2).as_str(), "GitHub" | "board") {
            *out.entry([cell(1), cell(2), cell(4), cell(5), cell(7)])
                .or_default() += 1;
        }
    }
    out
}

/// The GitHub and board edits the journal says landed, as the Sync Log shows them.
fn journaled(w: &Spawned) -> BTreeMap<[String; 5], usize> {
    let v: Value = serde_json::from_str(&w.run_ok(&["log", "--output", "json"])).expect("JSON");
    let mut out = BTreeMap::new();
    for r in v.as_array().expect("records") {
        let id = r["cycle"].as_str().unwrap().to_string();
        let landed = |c: &&Value| c["applied"].as_bool() == Some(true);
        let text = |c: &Value, k: &str| c[k].as_str().unwrap_or("").to_string();
        let empty = Vec::new();
        for c in r["github"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter(landed)
        {
            let key = [
                id.clone(),
                "GitHub".into(),
                format!("#{}", c["issue"]),
                "issue".into(),
                text(c, "edit"),
            ];
            *out.entry(key).or_default() += 1;
        }
        for c in r["board"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .filter(landed)
        {
            let key = [
                id.clone(),
                "board".into(),
                format!("#{}", c["issue"]),
                text(c, "field"),
                text(c, "after"),
            ];
            *out.entry(key).or_default() += 1;
        }
    }
    out
}

#[test]
fn github_and_board_edits_reach_the_sync_log_with_the_next_sync_exactly_once() {
    let Some(w) = world() else { return };
    w.run_ok(&["sync"]);
    let edits = journaled(&w);
    assert!(
        edits.keys().any(|k| k[1] == "GitHub") && edits.keys().any(|k| k[1] == "board"),
        "the first sync wrote GitHub and the board: {edits:?}"
    );
    assert!(
        github_and_board_rows(&w).is_empty(),
        "those edits came after the sheet's batch"
    );

    let (_, writes) = w.sheets_counts();
    w.run_ok(&["sync"]);
    let (_, after) = w.sheets_counts();
    assert_eq!(after - writes, 1, "the waiting rows go in one batch");
    assert_eq!(
        github_and_board_rows(&w),
        edits,
        "one row per edit that landed, under the cycle that made it"
    );
    let log = tab(&w.dump(), "Sync Log");
    let first = edits.keys().next().unwrap()[0].clone();
    let row = log.rows.iter().find(|r| r[1] == first).expect("a row");
    assert!(row[0].ends_with('Z'), "its own time: {row:?}");
    let log = w.run_ok(&["log"]);
    assert!(
        log.contains(&format!(
            "Sync Log rows of cycle {first}'s GitHub and board edits written"
        )),
        "the journal says they were written: {log}"
    );

    let (_, writes) = w.sheets_counts();
    w.run_ok(&["sync"]);
    assert_eq!(w.sheets_counts().1, writes, "then idle: nothing written");
    assert_eq!(github_and_board_rows(&w), edits, "written once");
}
