//! End to end: `kepsync undo` of a cycle's moves, each way (Enhancements → Removed from
//! Milestone and back), every cell of the row with it, and a person's later edit of a moved
//! row kept and listed.

use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_tree_dir};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

const ENH: &str = "Enhancements";
const REMOVED: &str = "Removed from Milestone";

fn world() -> Spawned {
    // kepsync's eight columns (the shared header's first eight), then a person's Notes.
    let mut columns = ENH_HEADER[..8].to_vec();
    columns.push("Notes");
    let header = json!(columns);
    let sheet = json!({"spreadsheetId": "moves-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue", "Sync Status"]]},
        {"title": ENH, "rows": [header, ["7002", "Leaving", "", "", "", "", "", "Removed from Milestone", "note A"]]},
        {"title": REMOVED, "rows": [header, ["7003", "", "", "", "", "", "", "Tracked", "note B"]]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]});
    let issue = |n: u64| json!({"number": n, "title": format!("KEP {n}"), "state": "open", "labels": ["sig/node"], "milestone": "v1.37", "body": ""});
    World::new(sheet)
        .github(GithubSeed::tree_dir(&demo_tree_dir()).issues(json!([issue(7002), issue(7003)])))
        .with_state_dir()
        .spawn()
}

/// The row of issue `n` on tab `title`, if there.
fn row(w: &Spawned, title: &str, n: &str) -> Option<Vec<String>> {
    tab(&w.dump(), title)
        .rows
        .into_iter()
        .find(|r| r.first().map(String::as_str) == Some(n))
}

fn first_cycle(w: &Spawned) -> String {
    let v: Value = serde_json::from_str(&w.run_ok(&["log", "--output", "json"])).expect("JSON");
    v[0]["cycle"].as_str().expect("a cycle").to_string()
}

#[test]
fn undo_moves_rows_back_each_way_with_every_cell() {
    let w = world();
    let out = w.run_ok(&["sync"]);
    let left = row(&w, REMOVED, "7002").unwrap_or_else(|| panic!("moved out: {out}"));
    assert_eq!(left[8], "note A");
    assert!(row(&w, ENH, "7002").is_none());
    assert!(row(&w, ENH, "7003").is_some(), "moved back: {out}");
    assert!(row(&w, REMOVED, "7003").is_none());

    let out = w.run_ok(&["undo", &first_cycle(&w)]);
    let back = row(&w, ENH, "7002").unwrap_or_else(|| panic!("{out}"));
    assert_eq!((back[1].as_str(), back[8].as_str()), ("Leaving", "note A"));
    assert!(row(&w, REMOVED, "7002").is_none(), "{out}");
    let again = row(&w, REMOVED, "7003").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        (again[1].as_str(), again[8].as_str()),
        ("", "note B"),
        "moved back, and the Name it filled blank again: {out}"
    );
    assert!(row(&w, ENH, "7003").is_none(), "{out}");
    assert!(
        out.contains("Status still reads"),
        "the undo says the next cycle moves them again: {out}"
    );
}

#[test]
fn a_persons_edit_after_the_cycle_survives_the_undo_and_is_listed() {
    let w = world();
    w.run_ok(&["sync"]);
    // The cycle filled the Name of the row it moved back; a person then types over it.
    let before = row(&w, ENH, "7003").expect("moved");
    assert_eq!(before[1], "KEP 7003", "filled from the issue");
    let mut dump = w.dump();
    let sheets = dump["sheets"].as_array_mut().unwrap();
    let enh = sheets.iter_mut().find(|s| s["title"] == ENH).unwrap();
    let rows = enh["rows"].as_array_mut().unwrap();
    let r = rows.iter_mut().find(|r| r[0] == "7003").unwrap();
    r[1] = json!("Typed by a person");
    w.put_sheet(&dump);

    let out = w.run_ok(&["undo", &first_cycle(&w)]);
    let now = row(&w, REMOVED, "7003").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(
        now[1], "Typed by a person",
        "moved back with the person's edit: {out}"
    );
    assert!(
        out.contains(
            "kept: Removed from Milestone Name (#7003): changed since kepsync wrote \"KEP 7003\""
        ),
        "listed: {out}"
    );
}
