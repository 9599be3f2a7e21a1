//! End to end: the release board (GitHub Projects v2) as a second surface, through the `kepsync`
//! binary against both emulator binaries. The board is seeded with the shared fields file of
//! "v1.37 Release Tracking" and 150 enhancements, so reading it takes two pages; the GitHub
//! emulator validates every GraphQL document against GitHub's published schema.

use crate::support::board::{
    NUMBER, OWNER, dump, graphql_counts, item, items_of, put_board, release_board, set_scopes,
};
use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::sheet::{ENH_HEADER, enh_col, enh_row};
use crate::support::world::{GITHUB_TOKEN, Spawned, World};
use serde_json::{Value, json};

const SHEET_ID: &str = "board-sheet";
/// The demo tree's KEPs (each with a PRR file), then plain issues.
const WITH_KEPS: [u64; 7] = [9001, 9002, 9004, 9005, 9007, 9008, 9010];
const SIGS: [&str; 4] = ["node", "apps", "network", "storage"];

fn numbers() -> Vec<u64> {
    WITH_KEPS.iter().copied().chain(9100..9243).collect()
}

fn issues() -> Value {
    let issues: Vec<Value> = numbers()
        .into_iter()
        .map(|n| {
            json!({"number": n, "title": format!("Enhancement {n}"), "state": "open",
                   "labels": [format!("sig/{}", SIGS[n as usize % 4]), "stage/beta", "lead-opted-in"],
                   "milestone": "v1.37"})
        })
        .collect();
    Value::Array(issues)
}

fn sheet() -> Value {
    let mut enh = vec![json!(ENH_HEADER)];
    enh.extend(
        numbers()
            .into_iter()
            .map(|n| json!(enh_row(n, "Tracked", "", ""))),
    );
    json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": [["Issue", "SIG", "Notes", "Sync Status"]]},
        {"title": "Enhancements", "rows": enh},
        {"title": "Removed from Milestone", "rows": [ENH_HEADER]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

/// The board: every enhancement but the last 20 is an item; the first 30 carry a drifted
/// Stage and SIG that people typed by hand.
fn board() -> Option<Value> {
    let all = numbers();
    let items = all[..all.len() - 20]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let values = if *n == 9002 {
                json!({"Issue Number": n.to_string(), "Type": "Docs"})
            } else if i < 30 {
                json!({"Issue Number": n.to_string(), "Stage": "Alpha", "SIG": "sig-windows"})
            } else {
                json!({"Issue Number": n.to_string()})
            };
            item(*n, values)
        })
        .collect();
    release_board(items)
}

/// A world with the board; `None` (skipped) without `../shared/board`.
fn world(sheet: Option<Value>) -> Option<Spawned> {
    let Some(board) = board() else {
        eprintln!("SKIPPED: ../shared/board is not present");
        return None;
    };
    let w = match sheet {
        Some(s) => World::new(s),
        // Board-only: the Sheets emulator still runs (the world starts one), and must see no call.
        None => World::new(json!({"spreadsheetId": SHEET_ID, "sheets": [{"title": "unused"}]}))
            .set("spreadsheet-id", ""),
    };
    Some(
        w.github(GithubSeed::demo().issues(issues()).project(board))
            .set("board.owner", OWNER)
            .set("board.number", NUMBER as i64)
            .set("board.write", true)
            .set("board.pause-ms", 0)
            .with_state_dir()
            .spawn(),
    )
}

fn sync(w: &Spawned) -> (bool, String) {
    let out = w.sync();
    (out.status.success(), crate::support::world::printed(&out))
}

fn value(board: &Value, n: u64, field: &str) -> String {
    let items = items_of(board, n);
    assert_eq!(items.len(), 1, "#{n} has exactly one item: {items:?}");
    items[0][field].as_str().unwrap_or("").to_string()
}

/// The Status cell of issue `n` on the sheet's tab `title`, if the row is there.
fn sheet_status(w: &Spawned, title: &str, n: u64) -> Option<String> {
    let t = tab(&w.dump(), title);
    let status = t.col(0, "Status")?;
    let row = t
        .rows
        .iter()
        .position(|r| r.first() == Some(&n.to_string()))?;
    Some(t.cell(row, status).to_string())
}

#[test]
fn missing_items_are_added_and_drifted_fields_corrected() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    let b = dump(&w.github().url);
    for n in numbers() {
        assert_eq!(value(&b, n, "Issue Number"), n.to_string());
        // The KEP's stage and owning SIG win over the labels; without a KEP, the labels.
        let (sig, stage) = match n {
            9002 => ("sig-api-machinery".to_string(), "Alpha"),
            9004 => ("sig-network".to_string(), "Stable"),
            9005 => ("sig-apps".to_string(), "Beta"),
            9001 | 9007 | 9008 => ("sig-node".to_string(), "Beta"),
            9010 => ("sig-node".to_string(), "Alpha"),
            _ => (format!("sig-{}", SIGS[n as usize % 4]), "Beta"),
        };
        assert_eq!(
            (value(&b, n, "SIG"), value(&b, n, "Stage")),
            (sig, stage.to_string()),
            "#{n}"
        );
    }
    // PRR Status for the stage: 9001 (implementable, beta) has a beta approver; 9002 is
    // provisional, so CI's rule does not ask for one; an issue without a KEP gets none.
    assert_eq!(value(&b, 9001, "PRR Status"), "Approved", "{out}");
    assert_eq!(value(&b, 9002, "PRR Status"), "Not Required", "{out}");
    assert_eq!(value(&b, 9100, "PRR Status"), "");
    // Type is the KEP's suggestion where the field is blank (9001 graduates to beta in v1.37;
    // 9010 stays alpha, which started in v1.36); a person's Type wins.
    assert_eq!(value(&b, 9001, "Type"), "Graduating", "{out}");
    assert_eq!(value(&b, 9010, "Type"), "Major Change", "{out}");
    assert_eq!(value(&b, 9002, "Type"), "Docs", "a person's Type is kept");
    assert_eq!(value(&b, 9100, "Type"), "", "no KEP, no suggestion");
    assert!(out.contains("board: add #9242 as an item"), "{out}");
}

#[test]
fn an_idle_cycle_reads_the_board_in_two_pages_and_sends_no_mutation() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    for _ in 0..3 {
        let (ok, out) = sync(&w);
        assert!(ok, "{out}");
    }
    let (queries, mutations) = graphql_counts(&w.github().url);
    let sheets = w.sheets_counts();
    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    let (queries2, mutations2) = graphql_counts(&w.github().url);
    assert_eq!(
        mutations2, mutations,
        "an idle cycle mutates nothing: {out}"
    );
    assert_eq!(
        queries2 - queries,
        2,
        "150 items are two pages of 100: {out}"
    );
    let idle = (
        w.sheets_counts().0 - sheets.0,
        w.sheets_counts().1 - sheets.1,
    );
    assert_eq!(idle, (1, 0), "the sheet: one read, no write: {out}");
}

#[test]
fn status_is_carried_each_way_and_a_two_sided_change_is_a_conflict() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    // Cycle 1 fills the board's blank Status from the sheet; cycle 2 sees them agree and
    // records it in the sheet.
    for _ in 0..2 {
        let (ok, out) = sync(&w);
        assert!(ok, "{out}");
    }
    let b = dump(&w.github().url);
    assert_eq!(value(&b, 9001, "Status"), "Tracked For PRR Freeze");

    // The sheet side: 9001 removed on the sheet → the board says so.
    // People's edits keep the sheet's developer metadata (the Status memory among it).
    let mut s = w.full_dump();
    set_status(&mut s, 9001, "Removed from Milestone");
    // The board side: 9002 deferred on the board → the sheet says so.
    // Both sides: 9004 at risk on the sheet, deferred on the board → nothing overwritten.
    set_status(&mut s, 9004, "At Risk");
    // A SIG lead typed 9004 into KEP Collection too: its Sync Status names the conflict.
    s["sheets"][0]["rows"]
        .as_array_mut()
        .expect("collection rows")
        .push(json!(["9004", "sig-network", "", ""]));
    w.put_sheet(&s);
    let mut b = dump(&w.github().url);
    set_board_status(&mut b, 9002, "Deferred");
    set_board_status(&mut b, 9004, "Deferred");
    put_board(&w.github().url, &b);

    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    let b = dump(&w.github().url);
    assert_eq!(value(&b, 9001, "Status"), "Removed From Milestone", "{out}");
    assert_eq!(
        sheet_status(&w, "Enhancements", 9002).as_deref(),
        Some("Deferred"),
        "{out}"
    );
    assert_eq!(
        value(&b, 9004, "Status"),
        "Deferred",
        "the board's change is kept"
    );
    assert_eq!(
        sheet_status(&w, "Enhancements", 9004).as_deref(),
        Some("At Risk"),
        "the sheet's change is kept"
    );
    assert!(out.contains("board conflict: #9004"), "{out}");
    let collection = tab(&w.dump(), "KEP Collection");
    assert_eq!(
        collection.cell(1, 3),
        "tracked in Enhancements; Status differs on the board (\"Deferred\") and both changed: nothing overwritten",
        "{out}"
    );

    // The next cycles move the deferred row to Removed and keep the board as it is.
    for _ in 0..2 {
        let (ok, out) = sync(&w);
        assert!(ok, "{out}");
    }
    assert_eq!(
        sheet_status(&w, "Removed from Milestone", 9002).as_deref(),
        Some("Deferred")
    );
    assert_eq!(value(&dump(&w.github().url), 9002, "Status"), "Deferred");
}

#[test]
fn the_status_memory_lives_in_the_sheet_not_in_the_state_directory() {
    // No state directory at all: the memory must come from the sheet.
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    for _ in 0..2 {
        assert!(sync(&w).0);
    }
    let metadata = w.full_dump()["developerMetadata"].to_string();
    assert!(metadata.contains("kepsync.board-status"), "{metadata}");
    let mut b = dump(&w.github().url);
    set_board_status(&mut b, 9005, "Deferred");
    put_board(&w.github().url, &b);
    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    assert_eq!(
        sheet_status(&w, "Enhancements", 9005).as_deref(),
        Some("Deferred"),
        "a board change since they agreed is carried, not reported as a conflict: {out}"
    );
}

#[test]
fn board_only_mode_keeps_the_board_with_no_sheet() {
    let Some(w) = world(None) else { return };
    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    let b = dump(&w.github().url);
    assert_eq!(value(&b, 9100, "Stage"), "Beta", "{out}");
    assert_eq!(value(&b, 9100, "SIG"), "sig-node");
    assert_eq!(
        w.sheets_counts(),
        (0, 0),
        "no Sheets call in board-only mode"
    );
    assert!(
        items_of(&b, 9242).is_empty(),
        "board-only adds nothing the board lacks"
    );
}

#[test]
fn a_token_without_the_project_scope_stops_board_writes_and_the_sheet_still_lands() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    set_scopes(&w.github().url, &["repo", "read:project"]);
    let out = w.kepsync("sync", &[GITHUB_TOKEN]);
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("`project` scope"), "{text}");
    let (_, mutations) = graphql_counts(&w.github().url);
    assert_eq!(mutations, 0, "a refused mutation does not run: {text}");
    assert!(
        text.contains("board 0 of "),
        "the first refusal stops the rest: {text}"
    );
    assert_eq!(
        text.matches("INSUFFICIENT_SCOPES").count(),
        2,
        "one error, logged and returned: {text}"
    );
    let enh = tab(&w.dump(), "Enhancements");
    assert_eq!(enh.cell(1, 1), "Enhancement 9001", "the sheet part landed");
}

fn set_status(sheet: &mut Value, n: u64, status: &str) {
    let rows = sheet["sheets"][1]["rows"].as_array_mut().expect("rows");
    let row = rows
        .iter_mut()
        .find(|r| r[0].as_str() == Some(n.to_string().as_str()))
        .expect("row");
    row[enh_col("Status")] = json!(status);
}

fn set_board_status(board: &mut Value, n: u64, status: &str) {
    let items = board["items"].as_array_mut().expect("items");
    let item = items.iter_mut().find(|i| i["issue"] == n).expect("item");
    item["values"]["Status"] = json!(status);
}

#[test]
fn check_finds_the_board_its_fields_and_whether_the_token_can_write_it() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    let run = |config: &str| {
        let out = crate::support::process::kepsync(&["check", "--config", config], &[GITHUB_TOKEN]);
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let out = run(&w.config);
    assert!(
        out.contains("ok   board: \"v1.37 Release Tracking\" (kubernetes/264), 130 item(s)"),
        "{out}"
    );
    assert!(out.contains("ok   board fields:"), "{out}");
    assert!(
        out.contains("ok   board write: the token can write the board"),
        "{out}"
    );

    set_scopes(&w.github().url, &["repo", "read:project"]);
    let renamed = w.toml.clone().set("board.fields.prr-status", "PRR");
    let config = w.write_config("renamed.toml", &renamed);
    let out = run(&config);
    assert!(out.contains("fail board fields: no field \"PRR\""), "{out}");
    assert!(
        out.contains(
            "fail board write: [board] write = true, but the token cannot write the board"
        ),
        "{out}"
    );
    assert!(out.contains("`project` scope"), "{out}");
}

#[test]
fn plan_lists_board_edits_and_writes_nothing() {
    let Some(w) = world(Some(sheet())) else {
        return;
    };
    let out = w.kepsync("plan", &[GITHUB_TOKEN]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("board: add #9242 as an item"), "{text}");
    assert!(
        text.contains("board: #9001 Stage \"Alpha\" → \"Beta\""),
        "{text}"
    );
    // 20 items added; every item: Status, Stage, SIG (and Type, PRR Status, Issue Number where
    // missing): the count is what `sync` then applies.
    assert!(text.contains("board 502 mutation(s) planned"), "{text}");
    assert_eq!(
        graphql_counts(&w.github().url).1,
        0,
        "plan sends no mutation"
    );
    assert_eq!(w.sheets_counts().1, 0, "plan writes nothing to the sheet");
}

#[test]
fn the_sheets_exception_columns_fill_the_boards_blank_exception_fields() {
    let mut s = sheet();
    let rows = s["sheets"][1]["rows"].as_array_mut().expect("rows");
    let extra = [
        "Exception Request Type",
        "Exception Status",
        "Exception Request Link",
        "Exception Request Date",
    ];
    let pad = |row: &mut Value, values: [&str; 4]| {
        let cells = row.as_array_mut().expect("cells");
        cells.resize(ENH_HEADER.len(), json!(""));
        cells.extend(values.iter().map(|v| json!(v)));
    };
    pad(&mut rows[0], extra);
    let thread = "https://groups.google.com/g/kubernetes-sig-release/c/x";
    pad(
        &mut rows[1],
        ["Code and Test Freeze", "In Review", thread, "2026-02-10"],
    );
    pad(&mut rows[2], ["PRR Freeze", "", "", "next week"]);
    let Some(w) = world(Some(s)) else { return };
    // A person already set 9001's Exception Status on the board: it stays.
    let mut b = dump(&w.github().url);
    let item = b["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["issue"] == 9001);
    item.expect("9001 is on the board")["values"]["Exception Status"] = json!("Approved");
    put_board(&w.github().url, &b);

    let (ok, out) = sync(&w);
    assert!(ok, "{out}");
    let b = dump(&w.github().url);
    assert_eq!(
        value(&b, 9001, "Exception Request Type"),
        "Code and Test Freeze"
    );
    assert_eq!(
        value(&b, 9001, "Exception Status"),
        "Approved",
        "the board's own value stays"
    );
    assert_eq!(value(&b, 9001, "Exception Request Link"), thread);
    assert_eq!(value(&b, 9001, "Exception Request Date"), "2026-02-10");
    assert_eq!(value(&b, 9002, "Exception Request Type"), "PRR Freeze");
    assert_eq!(value(&b, 9002, "Exception Request Date"), "", "{out}");
    assert!(
        out.contains("#9002: \"next week\" is no date like 2026-02-10"),
        "{out}"
    );
}

#[test]
fn board_only_mode_with_label_intake_adds_the_labelled_issues() {
    let Some(w) = world(None) else { return };
    let toml = w.toml.clone().set("intake.label", "lead-opted-in");
    let config = w.write_config("labelled.toml", &toml);
    let out = crate::support::process::kepsync(&["sync", "--config", &config], &[GITHUB_TOKEN]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b = dump(&w.github().url);
    for n in numbers() {
        assert_eq!(value(&b, n, "Issue Number"), n.to_string(), "#{n}: {text}");
    }
    assert_eq!(
        value(&b, 9242, "SIG"),
        "sig-network",
        "an issue taken in by label gets its fields"
    );
    assert_eq!(w.sheets_counts(), (0, 0), "still no Sheets call");
}
