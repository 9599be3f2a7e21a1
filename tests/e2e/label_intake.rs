//! End to end: label intake (`[intake] label = "lead-opted-in"`) through the `kepsync` binary:
//! 250 labelled issues listed page after page, no duplicate of a KEP Collection, Enhancements or
//! Removed row, a label removed (the row stays, with a note), intake closed at the Enhancements
//! Freeze for both intakes, and an idle cycle free of calls counted against the rate limit.

use crate::support::dump::{TabDump, tab};
use crate::support::github::GithubSeed;
use crate::support::process::{get_json, http};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{GITHUB_TOKEN, Spawned, World};
use serde_json::{Value, json};

const LABEL: &str = "lead-opted-in";
/// 250 labelled open issues: three pages of 100.
const FIRST: u64 = 10001;
const LAST: u64 = 10250;

fn issue(n: u64, labels: &[&str], state: &str) -> Value {
    json!({"number": n, "title": format!("Enhancement {n}"), "state": state,
           "labels": labels, "milestone": "v1.37"})
}

fn issues() -> Value {
    let mut all: Vec<Value> = (FIRST..=LAST)
        .map(|n| issue(n, &[LABEL, "sig/node"], "open"))
        .collect();
    all.push(issue(10251, &[LABEL], "closed"));
    all.push(issue(10252, &["sig/node"], "open"));
    Value::Array(all)
}

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    let row = |n: &str, status: &str| json!([n, "", "", "", "", "", "", status]);
    json!({"spreadsheetId": "label-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["Issue", "Sync Status"], ["10001"], ["10010"], ["10252"], ["10400"]]},
        {"title": "Enhancements", "rows": [head, row("10002", "At Risk")]},
        {"title": "Removed from Milestone", "rows": [head, row("10003", "Removed from Milestone")]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

fn world() -> Spawned {
    World::new(sheet())
        .github(GithubSeed::demo().issues(issues()))
        .set("spreadsheet-id", "label-sheet")
        .set("intake.label", LABEL)
        .set(
            "calendar.enhancements-freeze",
            "2099-02-12T16:00 America/Los_Angeles",
        )
        .with_state_dir()
        .spawn()
}

fn sync(w: &Spawned, config: Option<&str>) -> String {
    let out = match config {
        Some(c) => crate::support::process::kepsync(&["sync", "--config", c], &[GITHUB_TOKEN]),
        None => w.sync(),
    };
    let text = crate::support::world::printed(&out);
    assert!(out.status.success(), "{text}");
    text
}

fn issues_on(t: &TabDump) -> Vec<u64> {
    (1..t.rows.len())
        .filter_map(|r| t.cell(r, 0).trim().parse().ok())
        .collect()
}

fn sync_status(w: &Spawned, issue: &str) -> String {
    let t = tab(&w.dump(), "KEP Collection");
    let c = t.col(0, "Sync Status").expect("Sync Status");
    let r = (1..t.rows.len())
        .find(|r| t.cell(*r, 0) == issue)
        .expect("Collection row");
    t.cell(r, c).to_string()
}

fn put_issue(w: &Spawned, seed: &Value) {
    let url = format!("{}/_emulator/issues/{}", w.github().url, seed["number"]);
    let (status, body) = http("PUT", &url, Some(&seed.to_string()));
    assert_eq!(status, 200, "{body}");
}

/// (requests, GraphQL queries, requests counted against the rate limit) so far.
fn github_counts(w: &Spawned) -> (u64, u64, u64) {
    let c = get_json(&format!("{}/_emulator/requests", w.github().url));
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("no {k} in {c}"));
    (
        n("total"),
        n("graphql_queries"),
        n("total") - n("not_modified"),
    )
}

#[test]
fn two_hundred_fifty_labelled_issues_are_tracked_once_and_intake_closes_at_the_freeze() {
    let w = world();
    let first = sync(&w, None);
    let dump = w.dump();
    let (enh, docs) = (tab(&dump, "Enhancements"), tab(&dump, "Docs"));
    let mut want: Vec<u64> = (FIRST..=LAST).filter(|n| *n != 10003).collect();
    let mut on_enh = issues_on(&enh);
    on_enh.sort();
    // Every labelled open issue once (10001 and 10010 also on KEP Collection, 10002 already
    // there); 10003 stays on Removed; the closed one and the unlabelled one are not taken in
    // by label (10252 comes from KEP Collection).
    want.push(10252);
    want.sort();
    assert_eq!(on_enh, want, "{first}");
    assert_eq!(issues_on(&tab(&dump, "Removed from Milestone")), [10003]);
    let mut on_docs = issues_on(&docs);
    on_docs.sort();
    let intakes: Vec<u64> = want.iter().copied().filter(|n| *n != 10002).collect();
    assert_eq!(on_docs, intakes, "a Docs row for each intake");
    let status = enh.col(0, "Status").expect("Status");
    let r = (1..enh.rows.len())
        .find(|r| enh.cell(*r, 0) == "10200")
        .expect("10200");
    assert_eq!(enh.cell(r, status), "Tracked");
    assert_eq!(sync_status(&w, "10001"), "tracked in Enhancements");

    // The label leaves 10010; 10300 is opted in and 10400 (on KEP Collection) is created after
    // the Enhancements Freeze, which has now passed.
    put_issue(&w, &issue(10010, &["sig/node"], "open"));
    put_issue(&w, &issue(10300, &[LABEL], "open"));
    put_issue(&w, &issue(10400, &[], "open"));
    let after_freeze = w
        .toml
        .clone()
        .set("calendar.enhancements-freeze", "2026-01-15T00:00:00Z");
    let config = w.write_config("after-freeze.toml", &after_freeze);
    let second = sync(&w, Some(&config));
    let on_enh = issues_on(&tab(&w.dump(), "Enhancements"));
    assert!(on_enh.contains(&10010), "a row whose label is gone stays");
    assert!(
        !on_enh.contains(&10300) && !on_enh.contains(&10400),
        "{second}"
    );
    let late = "opted in after Enhancements Freeze (2026-01-15 00:00 UTC): needs an exception";
    assert!(
        second.contains(&format!("#10300 (label {LABEL}): {late}")),
        "{second}"
    );
    assert_eq!(sync_status(&w, "10400"), late);
    assert!(
        second.contains(
            "(#10010): label lead-opted-in is gone (kepsync keeps the row; people decide)"
        ),
        "{second}"
    );
    assert_eq!(
        sync_status(&w, "10010"),
        "tracked in Enhancements; label lead-opted-in is gone (kepsync keeps the row; people decide)"
    );

    // Idle: one Sheets read, no write, no GraphQL, nothing counted against the rate limit.
    let (sheets0, github0) = (w.sheets_counts(), github_counts(&w));
    let idle = sync(&w, Some(&config));
    let (sheets1, github1) = (w.sheets_counts(), github_counts(&w));
    assert_eq!(
        (sheets1.0 - sheets0.0, sheets1.1 - sheets0.1),
        (1, 0),
        "{idle}"
    );
    // Four conditional GETs answered 304 (the tree, the issue list, the open PRs, the labelled
    // issues), no GraphQL, nothing counted against the rate limit (BENCHMARKS.md).
    let github = (
        github1.0 - github0.0,
        github1.1 - github0.1,
        github1.2 - github0.2,
    );
    assert_eq!(github, (4, 0, 0), "{idle}");
}
