//! End to end: `kepsync undo --github` and `--board` through the binary — write-back edits and
//! board changes of a cycle reversed only where GitHub still shows what kepsync wrote, a
//! person's later change kept and listed, an item the cycle added deleted, and nothing of
//! either without its flag.

use crate::support::board::{NUMBER, OWNER, dump, item, items_of, put_board, release_board};
use crate::support::github::GithubSeed;
use crate::support::process::{get_json, http};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    json!({"spreadsheetId": "undo-github-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue"]]},
        {"title": "Enhancements", "rows": [head,
            ["9001", "", "", "", "", "", "", "Tracked"],
            ["9005", "", "", "", "", "", "", "Tracked"]]},
        {"title": "Removed from Milestone", "rows": [head,
            ["9004", "", "", "", "", "", "", "Removed from Milestone"]]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

fn issue(n: u64, labels: &[&str], milestone: Option<&str>) -> Value {
    json!({"number": n, "title": format!("KEP {n}"), "state": "open", "labels": labels, "milestone": milestone})
}

fn issues() -> Value {
    json!([
        issue(9001, &["sig/node", "tracked/no", "stage/alpha"], None),
        issue(9004, &["tracked/yes", "stage/stable"], Some("v1.37")),
        issue(9005, &["sig/apps"], None),
    ])
}

/// The cycle ids in the journal, oldest first, each once.
fn ids(w: &Spawned) -> Vec<String> {
    let v: Value = serde_json::from_str(&w.run_ok(&["log", "--output", "json"])).expect("JSON");
    let mut ids: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cycle"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    ids
}

/// (sorted labels, milestone) of issue `n` on the emulator.
fn issue_now(w: &Spawned, n: u64) -> (Vec<String>, Option<String>) {
    let v = get_json(&format!("{}/_emulator/issues/{n}", w.github().url));
    let mut labels: Vec<String> = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l.as_str().map(String::from))
        .collect();
    labels.sort();
    (labels, v["milestone"].as_str().map(String::from))
}

fn sorted(labels: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
    v.sort();
    v
}

fn writeback_world() -> Spawned {
    World::new(sheet())
        .github(GithubSeed::demo().issues(issues()))
        .set("github.write", true)
        .set("github.write-pause-ms", 0)
        .with_state_dir()
        .spawn()
}

#[test]
fn undo_github_puts_the_issues_back_keeps_a_persons_change_and_can_be_undone() {
    let w = writeback_world();
    w.run_ok(&["sync"]);
    assert_eq!(issue_now(&w, 9001).1.as_deref(), Some("v1.37"));
    assert_eq!(
        issue_now(&w, 9004),
        (sorted(&["stage/stable", "tracked/no"]), None)
    );
    // A person, since: 9005's tracked/yes taken off by hand.
    let put = issue(9005, &["sig/apps"], Some("v1.37"));
    let (status, body) = http(
        "PUT",
        &format!("{}/_emulator/issues/9005", w.github().url),
        Some(&put.to_string()),
    );
    assert_eq!(status, 200, "{body}");
    let cycle = ids(&w)[0].clone();

    let out = w.run_ok(&["undo", &cycle]);
    assert!(
        out.contains("left alone (reversed only with --github)"),
        "{out}"
    );
    assert_eq!(
        issue_now(&w, 9001).1.as_deref(),
        Some("v1.37"),
        "no flag, untouched"
    );

    let dry = w.run_ok(&["undo", &cycle, "--github", "--dry-run"]);
    assert!(dry.contains("GitHub: would put back"), "{dry}");
    assert!(dry.contains("#9001 milestone v1.37 cleared"), "{dry}");
    assert_eq!(issue_now(&w, 9001).1.as_deref(), Some("v1.37"), "dry run");

    let out = w.run_ok(&["undo", &cycle, "--github"]);
    assert_eq!(
        issue_now(&w, 9001),
        (sorted(&["sig/node", "tracked/no", "stage/alpha"]), None),
        "{out}"
    );
    assert_eq!(
        issue_now(&w, 9004),
        (
            sorted(&["tracked/yes", "stage/stable"]),
            Some("v1.37".into())
        ),
        "{out}"
    );
    assert!(
        out.contains("kept: GitHub #9005 add tracked/yes: removed since; kept"),
        "{out}"
    );
    assert_eq!(
        issue_now(&w, 9005).0,
        sorted(&["sig/apps"]),
        "kept as the person left it"
    );

    // The sync, the first undo (its sheet part), this one.
    let all = ids(&w);
    assert_eq!(all.len(), 3, "the undo is journaled: {all:?}");
    let out = w.run_ok(&["undo", &all[2], "--github"]);
    assert_eq!(issue_now(&w, 9001).1.as_deref(), Some("v1.37"), "{out}");
    assert_eq!(
        issue_now(&w, 9004),
        (sorted(&["stage/stable", "tracked/no"]), None),
        "undo of the undo: {out}"
    );
}

fn board_world() -> Option<Spawned> {
    let items = vec![item(
        9001,
        json!({"Issue Number": "9001", "Stage": "Alpha"}),
    )];
    let Some(board) = release_board(items) else {
        eprintln!("SKIPPED: ../shared/board is not present");
        return None;
    };
    Some(
        World::new(sheet())
            .github(GithubSeed::demo().issues(issues()).project(board))
            .set("board.owner", OWNER)
            .set("board.number", NUMBER as i64)
            .set("board.write", true)
            .set("board.pause-ms", 0)
            .with_state_dir()
            .spawn(),
    )
}

fn field(board: &Value, n: u64, name: &str) -> String {
    let items = items_of(board, n);
    assert_eq!(items.len(), 1, "#{n}: {items:?}");
    items[0][name].as_str().unwrap_or("").to_string()
}

#[test]
fn undo_board_deletes_the_item_it_added_sets_fields_back_and_keeps_a_persons_edit() {
    let Some(w) = board_world() else { return };
    w.run_ok(&["sync"]);
    let b = dump(&w.github().url);
    assert_eq!(field(&b, 9001, "Stage"), "Beta");
    let sig = field(&b, 9001, "SIG");
    assert_eq!(sig, "sig-node");
    assert_eq!(items_of(&b, 9005).len(), 1, "added");
    // A person, since: 9001's SIG typed by hand.
    let mut edited = b.clone();
    for i in edited["items"].as_array_mut().unwrap() {
        if i["issue"] == 9001 {
            i["values"]["SIG"] = json!("sig-windows");
        }
    }
    put_board(&w.github().url, &edited);
    let cycle = ids(&w)[0].clone();

    let out = w.run_ok(&["undo", &cycle]);
    assert!(
        out.contains("left alone (reversed only with --board)"),
        "{out}"
    );
    assert_eq!(items_of(&dump(&w.github().url), 9005).len(), 1, "no flag");

    let out = w.run_ok(&["undo", &cycle, "--board"]);
    let b = dump(&w.github().url);
    assert!(
        items_of(&b, 9005).is_empty(),
        "the item it added is gone: {out}"
    );
    assert_eq!(field(&b, 9001, "Stage"), "Alpha", "{out}");
    assert_eq!(
        field(&b, 9001, "SIG"),
        "sig-windows",
        "the person's edit is kept"
    );
    assert!(
        out.contains("kept: board #9001 SIG: changed since kepsync wrote \"sig-node\""),
        "{out}"
    );
    assert_eq!(
        field(&b, 9001, "Issue Number"),
        "9001",
        "unchanged by the cycle"
    );
}
