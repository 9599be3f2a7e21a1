//! End to end: `[status] advance` across PRR Freeze in real (short) time, through the `kepsync`
//! binary against both emulators. Before the freeze nothing moves; after it the row with every
//! PRR check met goes to the next freeze, the row missing its PRR approver goes At Risk, and a
//! row a person changed since kepsync last saw it is left alone; the next cycle writes nothing.

use super::readiness::{COPY, REAL, issues, tree};
use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::process::corpus;
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use kepsync::model::calendar::Timestamp;
use serde_json::{Value, json};
use std::time::Duration;

const SHEET_ID: &str = "advance-sheet";
/// The issue whose Status a person changes after kepsync saw it (no KEP: PRR checks unmet).
const PERSON: &str = "1111";
/// Seconds from the world's start to PRR Freeze: the first cycle must be seen before it (its
/// memory then says the words were there before the freeze), with room for a loaded CI machine.
const AHEAD: i64 = 20;

fn seed() -> Value {
    let header = json!(ENH_HEADER);
    let row = |n: String, status: &str| json!([n, "", "", "", "", "", "", status]);
    json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": [["Issue", "Sync Status"]]},
        {"title": "Enhancements", "rows": [header,
            row(REAL.to_string(), "Tracked For PRR Freeze"),
            row(COPY.to_string(), "Tracked For PRR Freeze"),
            row(PERSON.to_string(), "At Risk For PRR Freeze")]},
        {"title": "Removed from Milestone", "rows": [header]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

fn world(prr_freeze: Timestamp) -> Option<Spawned> {
    let Some(corpus) = corpus() else {
        eprintln!("SKIPPED: ../shared/kep-corpus is not present");
        return None;
    };
    let github = GithubSeed::tree_files(tree(&corpus))
        .issues(issues())
        .pulls(json!([]));
    let w = World::new(seed())
        .github(github)
        .set("spreadsheet-id", SHEET_ID)
        .set("status.vocabulary", "per-freeze")
        .set("status.advance", true)
        .set("calendar.prr-freeze", prr_freeze.rfc3339())
        .set("calendar.enhancements-freeze", "2099-01-01T00:00:00-08:00")
        .set("calendar.code-freeze", "2099-02-01T00:00:00-08:00")
        .set("calendar.docs-freeze", "2099-03-01T00:00:00-08:00");
    Some(w.spawn())
}

fn status(w: &Spawned, issue: &str) -> String {
    let t = tab(&w.dump(), "Enhancements");
    let c = t.col(0, "Status").expect("Status column");
    let r = t.rows.iter().position(|r| r[0] == issue).expect("row");
    t.cell(r, c).to_string()
}

/// A person types `word` in the Status of `issue` (developer metadata kept, as in the sheet).
fn person_sets(w: &Spawned, issue: &str, word: &str) {
    let mut dump = w.full_dump();
    let sheets = dump["sheets"].as_array_mut().unwrap();
    let enh = sheets
        .iter_mut()
        .find(|s| s["title"] == "Enhancements")
        .unwrap();
    let rows = enh["rows"].as_array_mut().unwrap();
    let r = rows.iter_mut().find(|r| r[0] == issue).unwrap();
    r[7] = json!(word);
    w.put_sheet(&dump);
}

#[test]
fn a_passed_freeze_advances_rows_kepsync_saw_and_leaves_a_persons_change() {
    let freeze = Timestamp(Timestamp::now().0 + AHEAD);
    let Some(w) = world(freeze) else { return };
    let out = w.sync_ok();
    // Before the freeze: nothing advanced, the memory recorded.
    for n in [REAL.to_string(), COPY.to_string()] {
        assert_eq!(status(&w, &n), "Tracked For PRR Freeze", "{out}");
    }
    let meta = w.full_dump()["developerMetadata"].to_string();
    assert!(meta.contains("kepsync.status-seen"), "{meta}");
    // A person changes a row kepsync saw (still before the freeze or after: either way, since).
    person_sets(&w, PERSON, "Tracked For PRR Freeze");
    let wait = freeze.0 - Timestamp::now().0 + 1;
    if wait > 0 {
        std::thread::sleep(Duration::from_secs(wait as u64));
    }
    // `kepsync plan` prints the Status edits before anything is written.
    let plan = w.kepsync("plan", &[("GITHUB_TOKEN", "t")]);
    let printed = String::from_utf8_lossy(&plan.stdout).to_string();
    assert!(plan.status.success(), "{printed}");
    assert!(
        printed.contains("Tracked For Enhancement Freeze")
            && printed.contains("At Risk For PRR Freeze"),
        "{printed}"
    );
    let out = w.sync_ok();
    assert_eq!(
        status(&w, &REAL.to_string()),
        "Tracked For Enhancement Freeze",
        "every PRR check met: {out}"
    );
    assert_eq!(
        status(&w, &COPY.to_string()),
        "At Risk For PRR Freeze",
        "no beta PRR approver: {out}"
    );
    assert_eq!(
        status(&w, PERSON),
        "Tracked For PRR Freeze",
        "a person's change is theirs: {out}"
    );
    // The next cycle is idle: no write at all.
    let (_, writes) = w.sheets_counts();
    let out = w.sync_ok();
    assert_eq!(w.sheets_counts().1, writes, "idle cycle wrote: {out}");
}
