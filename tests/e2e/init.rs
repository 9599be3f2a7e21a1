//! End to end: `kepsync init` against the Sheets emulator binary — an empty spreadsheet, a
//! half-prepared one (idempotent, no data lost), and a rollover from a previous release.

use crate::support::dump::tab;
use crate::support::process::{http, kepsync};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

const SHEET_ID: &str = "init-sheet";
const PREVIOUS_ID: &str = "previous-sheet";
const TABS: [&str; 7] = [
    "KEP Collection",
    "Enhancements",
    "Removed from Milestone",
    "Docs",
    "data",
    "Dashboard",
    "Feature stats",
];
const STATUSES: [&str; 6] = [
    "Tracked",
    "At Risk",
    "Removed from Milestone",
    "Deferred",
    "Exception Pending",
    "Exception Approved",
];

/// The Sheets emulator holding `seeds` (the first is the one kepsync sets up), no GitHub.
fn world(seeds: &[Value]) -> Spawned {
    World::new(seeds[0].clone())
        .more_sheets(seeds[1..].iter().cloned())
        .spawn()
}

/// `kepsync init` and what it leaves, on a world.
trait Init {
    fn init(&self, extra: &[&str]) -> String;
    fn writes(&self) -> u64;
    fn api(&self) -> Value;
}

impl Init for Spawned {
    fn init(&self, extra: &[&str]) -> String {
        let mut args = vec!["init", "--config", &self.config];
        args.extend_from_slice(extra);
        let out = kepsync(&args, &[]);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    fn writes(&self) -> u64 {
        self.sheets_counts().1
    }

    /// The API's view: properties, protected ranges, bold and validation of rows 1–2.
    fn api(&self) -> Value {
        let fields = "sheets(properties(title,gridProperties(frozenRowCount)),protectedRanges(range),data(rowData(values(formattedValue,userEnteredFormat(textFormat(bold)),dataValidation))))";
        let (status, body) = http_get_auth(&format!(
            "{}/v4/spreadsheets/{SHEET_ID}?fields={fields}",
            self.sheets.url
        ));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).expect("json")
    }
}

fn http_get_auth(url: &str) -> (u16, String) {
    let url = if url.contains('?') {
        format!("{url}&key=k")
    } else {
        format!("{url}?key=k")
    };
    http("GET", &url, None)
}

fn sheet<'a>(v: &'a Value, title: &str) -> &'a Value {
    v["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .find(|s| s["title"] == title || s["properties"]["title"] == title)
        .unwrap_or_else(|| panic!("no tab {title}: {v}"))
}

/// A dumped tab's rows without trailing empty cells and rows.
fn rows(dump: &Value, title: &str) -> Vec<Vec<String>> {
    let mut rows = tab(dump, title).rows;
    for cells in &mut rows {
        while cells.last().is_some_and(|c| c.is_empty()) {
            cells.pop();
        }
    }
    while rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
    }
    rows
}

fn titles(dump: &Value) -> Vec<String> {
    dump["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["title"].as_str().map(String::from))
        .collect()
}

/// (bold of every header cell, the dropdown values on row 2 of the given column) of a tab.
fn header_format(
    api: &Value,
    title: &str,
    header_row: usize,
    status_col: Option<usize>,
) -> (bool, Option<Vec<String>>) {
    let rows = &sheet(api, title)["data"][0]["rowData"];
    let header = rows[header_row]["values"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let all_bold = !header.is_empty()
        && header
            .iter()
            .filter(|c| c["formattedValue"].is_string())
            .all(|c| c["userEnteredFormat"]["textFormat"]["bold"] == true);
    let dropdown = status_col.map(|c| {
        rows[header_row + 1]["values"][c]["dataValidation"]["condition"]["values"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|x| x["userEnteredValue"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    });
    (all_bold, dropdown)
}

#[test]
fn an_empty_spreadsheet_gets_every_tab_then_a_second_run_changes_nothing() {
    let w = world(&[json!({"spreadsheetId": SHEET_ID, "sheets": [{"title": "Sheet1"}]})]);
    let dry = w.init(&["--dry-run"]);
    assert!(dry.contains("(dry run: nothing was written)"), "{dry}");
    assert_eq!(w.writes(), 0);
    let out = w.init(&[]);
    assert!(out.contains("add tab \"KEP Collection\""), "{out}");
    assert!(out.contains("applied"), "{out}");
    assert_eq!(w.writes(), 1, "one batchUpdate");
    let dump = w.dump();
    let mut want: Vec<String> = vec!["Sheet1".into()];
    want.extend(TABS.map(String::from));
    assert_eq!(titles(&dump), want);
    assert_eq!(
        rows(&dump, "Enhancements")[0][..8],
        [
            "Issue",
            "Name",
            "SIG",
            "KEP Assignee",
            "Proposal",
            "KEP State",
            "Stage",
            "Status"
        ]
    );
    assert_eq!(
        rows(&dump, "data")[0],
        [
            "Issue",
            "Name",
            "Responder",
            "SIG",
            "KEP",
            "KEP State",
            "Completed in Release"
        ]
    );
    assert!(rows(&dump, "Dashboard").is_empty());
    let api = w.api();
    for t in [
        "KEP Collection",
        "Enhancements",
        "Removed from Milestone",
        "Docs",
        "data",
    ] {
        assert_eq!(
            sheet(&api, t)["properties"]["gridProperties"]["frozenRowCount"],
            1,
            "{t}"
        );
    }
    let (bold, dropdown) = header_format(&api, "Enhancements", 0, Some(7));
    assert!(bold);
    assert_eq!(dropdown, Some(STATUSES.map(String::from).to_vec()));
    assert_eq!(
        header_format(&api, "Removed from Milestone", 0, Some(7)).1,
        Some(STATUSES.map(String::from).to_vec())
    );
    let protected = sheet(&api, "KEP Collection")["protectedRanges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(protected.len(), 1, "{protected:?}");
    assert_eq!(protected[0]["range"]["endRowIndex"], 1);

    let again = w.init(&[]);
    assert!(again.starts_with("nothing to do"), "{again}");
    assert_eq!(w.writes(), 1, "the second run writes nothing");
}

#[test]
fn a_half_prepared_spreadsheet_keeps_every_cell_and_gains_only_what_is_missing() {
    let w = world(&[json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": [
            ["KEP Collection for v1.37: SIG leads, add your enhancements below"],
            ["SIG", "Issue"],
            ["sig-node", "9001"]]},
        {"title": "Enhancements", "frozenRowCount": 1, "rows": [
            ["Issue", "Name", "Status", "", "My notes"],
            ["9001", "Pod burst", "Tracked", "", "keep me"],
            ["9002", "Watch cache", "At Risk", "unheaded data"]]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG", "Docs PR"]]}
    ]})]);
    let before = w.dump();
    let out = w.init(&[]);
    assert!(
        out.contains("Enhancements: header row 1 from column 6: SIG, KEP Assignee"),
        "{out}"
    );
    assert!(out.contains("KEP Collection: freeze 2 row(s)"), "{out}");
    assert!(
        out.contains("KEP Collection: protect the header (row(s) 1–2)"),
        "{out}"
    );
    assert!(
        !out.contains("Enhancements: freeze"),
        "already frozen: {out}"
    );
    let dump = w.dump();
    let enh = rows(&dump, "Enhancements");
    assert_eq!(enh[0][..5], ["Issue", "Name", "Status", "", "My notes"]);
    assert_eq!(enh[0][5..8], ["SIG", "KEP Assignee", "Proposal"]);
    assert_eq!(enh[1][..5], ["9001", "Pod burst", "Tracked", "", "keep me"]);
    assert_eq!(
        enh[2][..4],
        ["9002", "Watch cache", "At Risk", "unheaded data"]
    );
    let (now, then) = (
        rows(&dump, "KEP Collection"),
        rows(&before, "KEP Collection"),
    );
    assert_eq!((&now[0], &now[2]), (&then[0], &then[2]));
    assert_eq!(
        rows(&dump, "KEP Collection")[1][..4],
        ["SIG", "Issue", "Notes", "Sync Status"]
    );
    let api = w.api();
    let (bold, dropdown) = header_format(&api, "Enhancements", 0, Some(2));
    assert!(bold);
    assert_eq!(dropdown, Some(STATUSES.map(String::from).to_vec()));
    assert_eq!(
        sheet(&api, "KEP Collection")["properties"]["gridProperties"]["frozenRowCount"],
        2
    );

    let writes = w.writes();
    let again = w.init(&[]);
    assert!(again.starts_with("nothing to do"), "{again}");
    assert_eq!(w.writes(), writes);
    assert_eq!(w.dump(), dump, "nothing changed on the second run");
}

#[test]
fn rollover_copies_data_rows_and_column_layouts_but_no_tracked_rows() {
    // kepsync's eight columns, then people's: one kepsync does not know, and Notes.
    let enh_head = json!([&ENH_HEADER[..8], &["PRR Approver", "Notes"]].concat());
    let previous = json!({"spreadsheetId": PREVIOUS_ID, "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue", "Lead"], ["sig-node", "1"]]},
        {"title": "Enhancements", "rows": [enh_head, ["1", "Old feature", "sig-node", "", "", "", "beta", "Tracked", "@prr", ""]]},
        {"title": "data", "rows": [
            ["Issue", "Name", "Responder", "SIG", "KEP", "KEP State", "Completed in Release", "Comment"],
            ["1", "Old feature", "@a", "sig-node", "keps/sig-node/1", "implemented", "v1.36", "graduated"],
            ["2", "Other", "", "sig-apps", "", "implementable", "", ""],
            ["", "", "", "", "", "", "", ""],
            ["3", "Third", "@c", "sig-cli", "", "provisional", "", ""]]}
    ]});
    let target = json!({"spreadsheetId": SHEET_ID, "sheets": [{"title": "Sheet1"}]});
    let w = world(&[target, previous]);
    let out = w.init(&["--from", PREVIOUS_ID]);
    assert!(
        out.contains("data: copy 3 row(s) from the previous release, from row 2"),
        "{out}"
    );
    let dump = w.dump();
    let data = rows(&dump, "data");
    assert_eq!(
        data[0],
        [
            "Issue",
            "Name",
            "Responder",
            "SIG",
            "KEP",
            "KEP State",
            "Completed in Release",
            "Comment"
        ]
    );
    assert_eq!(
        data[1],
        [
            "1",
            "Old feature",
            "@a",
            "sig-node",
            "keps/sig-node/1",
            "implemented",
            "v1.36",
            "graduated"
        ]
    );
    assert_eq!(
        data[2][..6],
        ["2", "Other", "", "sig-apps", "", "implementable"]
    );
    assert_eq!(data[3][0], "3");
    assert_eq!(data.len(), 4);
    let enh = rows(&dump, "Enhancements");
    assert_eq!(enh.len(), 1, "no tracked rows: {enh:?}");
    assert_eq!(
        enh[0][8], "PRR Approver",
        "people's extra column kept in place"
    );
    assert!(
        enh[0].iter().any(|h| h == "Stage Status"),
        "kepsync's own headers added: {enh:?}"
    );
    assert_eq!(
        rows(&dump, "KEP Collection"),
        [["SIG", "Issue", "Lead", "Notes", "Sync Status"]]
    );
    let prev = w.dump_of(PREVIOUS_ID);
    assert_eq!(
        rows(&prev, "data").len(),
        5,
        "the previous spreadsheet is only read"
    );

    let writes = w.writes();
    let again = w.init(&["--from", PREVIOUS_ID]);
    assert!(again.starts_with("nothing to do"), "{again}");
    assert_eq!(w.writes(), writes);
}

#[test]
fn a_named_sync_log_tab_is_created_with_the_header_a_cycle_writes_under() {
    let w = World::new(json!({"spreadsheetId": SHEET_ID, "sheets": [{"title": "Sheet1"}]}))
        .set("tabs.sync-log", "Sync Log")
        .spawn();
    let out = w.init(&[]);
    assert!(out.contains("add tab \"Sync Log\""), "{out}");
    let dump = w.dump();
    assert!(titles(&dump).contains(&"Sync Log".to_string()));
    assert_eq!(
        rows(&dump, "Sync Log")[0],
        [
            "Time", "Cycle", "Surface", "Tab", "Issue", "Column", "Before", "After", "Why"
        ]
    );
    let again = w.init(&[]);
    assert_eq!(w.writes(), 1, "a second run changes nothing: {again}");
}
