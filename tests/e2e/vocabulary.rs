//! End to end: the Status vocabulary through the `kepsync` binary. The same sheet under
//! `per-freeze` and `classic` words: moves both ways, GitHub write-back, the Dashboard's buckets,
//! and a word the vocabulary does not know left alone with a Sync Status naming it.

use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::process::get_json;
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    let row = |n: &str, status: &str| json!([n, "", "", "", "", "", "", status]);
    json!({"spreadsheetId": "vocabulary-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue"], ["", "9001"], ["", "9010"]]},
        {"title": "Enhancements", "rows": [head,
            row("9001", "Tracked For Code Freeze"),
            row("9007", "Deferred"),
            row("9010", "Trackd")]},
        {"title": "Removed from Milestone", "rows": [head, row("9004", "Exception Approved")]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]},
        {"title": "Dashboard", "rows": []}
    ]})
}

fn world(vocabulary: &str) -> Spawned {
    let issue = |n: u64, labels: &[&str], milestone: Option<&str>| json!({"number": n, "title": format!("KEP {n}"), "labels": labels, "milestone": milestone});
    let issues = json!([
        issue(9001, &["tracked/no"], None),
        issue(9004, &["tracked/no"], None),
        issue(9007, &["tracked/yes"], Some("v1.37")),
        issue(9010, &["tracked/no"], None),
    ]);
    World::new(sheet())
        .github(GithubSeed::demo().issues(issues))
        .set("spreadsheet-id", "vocabulary-sheet")
        .set("status.vocabulary", vocabulary)
        .set("tabs.dashboard", "Dashboard")
        .set("github.write", true)
        .set("github.write-pause-ms", 0)
        .spawn()
}

fn issues_on(w: &Spawned, title: &str) -> Vec<String> {
    let t = tab(&w.dump(), title);
    t.rows.iter().skip(1).map(|r| r[0].clone()).collect()
}

fn labels(w: &Spawned, n: u64) -> Vec<String> {
    let v = get_json(&format!("{}/_emulator/issues/{n}", w.github().url));
    v["labels"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn sync_status(w: &Spawned, row: usize) -> String {
    let t = tab(&w.dump(), "KEP Collection");
    let c = t.col(0, "Sync Status").expect("Sync Status column");
    t.cell(row, c).to_string()
}

#[test]
fn per_freeze_words_move_rows_both_ways_write_back_and_fill_the_dashboard() {
    let w = world("per-freeze");
    let out = w.sync_ok();
    let mut enh = issues_on(&w, "Enhancements");
    enh.sort();
    assert_eq!(enh, ["9001", "9004", "9010"], "{out}");
    assert_eq!(issues_on(&w, "Removed from Milestone"), ["9007"]);
    // Tracked For Code Freeze and Exception Approved are in the release; Deferred is not.
    assert!(labels(&w, 9001).contains(&"tracked/yes".to_string()));
    assert!(labels(&w, 9004).contains(&"tracked/yes".to_string()));
    assert!(labels(&w, 9007).contains(&"tracked/no".to_string()));
    // The unknown word: its row stays, its issue is not written, its Sync Status says why.
    assert_eq!(labels(&w, 9010), ["tracked/no"]);
    assert_eq!(sync_status(&w, 1), "tracked in Enhancements");
    let note = sync_status(&w, 2);
    assert!(
        note.starts_with("tracked in Enhancements; Status \"Trackd\" not understood"),
        "{note}"
    );
    assert!(
        note.contains("known: Tracked For PRR Freeze, At Risk For PRR Freeze"),
        "{note}"
    );
    // The Dashboard's Status-by-Stage header gathers the per-freeze words by meaning.
    let dash = tab(&w.dump(), "Dashboard");
    assert_eq!(
        dash.rows[3][..6],
        [
            "Status by Stage",
            "Tracked",
            "At Risk",
            "Deferred",
            "Removed From Milestone",
            "Other"
        ]
    );
}

#[test]
fn classic_words_do_not_understand_the_per_freeze_ones() {
    let w = world("classic");
    let out = w.sync_ok();
    // Exception Approved and Deferred are classic words too: both rows move.
    let mut enh = issues_on(&w, "Enhancements");
    enh.sort();
    assert_eq!(enh, ["9001", "9004", "9010"], "{out}");
    assert_eq!(issues_on(&w, "Removed from Milestone"), ["9007"]);
    // "Tracked For Code Freeze" is not a classic word: nothing is written for it.
    assert_eq!(labels(&w, 9001), ["tracked/no"]);
    let note = sync_status(&w, 1);
    assert!(
        note.contains("Status \"Tracked For Code Freeze\" not understood")
            && note.contains("known: Tracked, At Risk, Removed from Milestone"),
        "{note}"
    );
    let dash = tab(&w.dump(), "Dashboard");
    assert_eq!(dash.rows[3][1], "Tracked");
    assert_eq!(dash.rows[3][4], "Removed from Milestone");
}
