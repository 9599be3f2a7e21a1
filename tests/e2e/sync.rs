//! End to end: the `kepsync` binary against both standalone emulators seeded from the real corpus.

use crate::support::dump::{TabDump, tab as dump_tab};
use crate::support::github::GithubSeed;
use crate::support::process::{corpus, http, kepsync};
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};
use std::path::Path;

const SHEET_ID: &str = "e2e-sheet";

fn seed_sheet() -> Value {
    // Not ENH_HEADER: another order, and no Stage Status — kepsync finds its columns by name.
    let enh_header = json!([
        "Issue",
        "Name",
        "Enhancements Contact",
        "SIG",
        "KEP Assignee",
        "Proposal",
        "KEP State",
        "Stage",
        "Status",
        "Notes"
    ]);
    json!({
        "spreadsheetId": SHEET_ID,
        "sheets": [
            {"title": "KEP Collection", "rows": [
                ["Opt in your KEPs for v1.37 below"],
                ["SIG", "Issue", "Notes", "Sync Status"],
                ["sig-api-machinery", "1027"],
                ["sig-cloud-provider", "#2313"],
                ["sig-api-machinery", "https://github.com/kubernetes/enhancements/issues/2558"],
                ["sig-node", " 2625 "],
                ["sig-node", "9100"],
                ["sig-cli", "9200"],
                ["sig-auth", "99999"],
                ["sig-api-machinery", "1027", "again"],
                ["sig-apps", "soon"]
            ]},
            {"title": "Enhancements", "rows": [
                enh_header,
                ["1040", "", "@dana", "", "", "", "", "", "Deferred", "bump to next release"],
                ["3156", "", "@erin", "", "", "", "", "beta", "At Risk", "waiting on PRR"]
            ], "backgrounds": [
                [null, null, null, null, null, null, null, null, null, null],
                [null, null, null, null, null, null, null, null, null, "#FF0000"],
                [null, null, null, null, null, null, null, null, null, null]
            ]},
            {"title": "Removed from Milestone", "rows": [
                enh_header,
                ["4355", "Coordinated leader election", "@gus", "sig-api-machinery", "", "", "", "alpha", "Tracked", "exception granted"]
            ]},
            {"title": "Docs", "rows": [
                ["Issue", "Name", "SIG", "Docs PR"],
                ["1040", "", "", ""],
                ["3156", "", "", "kubernetes/website#1"]
            ]}
        ]
    })
}

fn issues() -> Value {
    let issue = |n: u64, title: &str, labels: &[&str]| json!({"number": n, "title": title, "state": "open", "assignees": ["alice"], "labels": labels, "milestone": "v1.37", "body": ""});
    json!([
        issue(1027, "API unions", &["sig/api-machinery", "stage/alpha"]),
        issue(2313, "AWS k8s tester", &["sig/cloud-provider"]),
        issue(2558, "Publish versioned OpenAPI", &["sig/api-machinery"]),
        issue(
            2625,
            "CPU manager thread placement",
            &["sig/node", "stage/stable"]
        ),
        issue(9100, "A KEP still in review", &["sig/node", "stage/alpha"]),
        issue(
            9200,
            "=IMPORTXML(\"https://example.com\",\"//a\")",
            &["sig/cli"]
        ),
        issue(1040, "Priority and fairness", &["sig/api-machinery"]),
        issue(3156, "HTTP/3", &["sig/api-machinery"]),
        issue(
            4355,
            "Coordinated leader election",
            &["sig/api-machinery", "stage/beta"]
        ),
    ])
}

fn pulls() -> Value {
    json!([{"repo": "kubernetes/enhancements", "number": 9500, "title": "KEP-9100: a KEP still in review", "state": "open",
            "merged": false, "files": ["keps/sig-node/9100-still-in-review/kep.yaml"], "references": [9100], "labels": []}])
}

/// Both emulator binaries on the corpus, with a state dir; `None` (and SKIPPED) without it.
fn world(sheet: Value) -> Option<Spawned> {
    let Some(corpus) = corpus() else {
        eprintln!("SKIPPED: ../shared/kep-corpus is not present");
        return None;
    };
    let github = GithubSeed::tree_dir(&corpus)
        .issues(issues())
        .pulls(pulls());
    Some(World::new(sheet).github(github).with_state_dir().spawn())
}

/// A tab of a dump, with helpers to find rows by issue and cells by header.
struct DumpTab(TabDump);

fn tab(dump: &Value, title: &str) -> DumpTab {
    DumpTab(dump_tab(dump, title))
}

impl DumpTab {
    fn rows(&self) -> Vec<Vec<String>> {
        self.0.rows.clone()
    }

    fn header_row(&self) -> usize {
        self.rows()
            .iter()
            .position(|r| r.iter().any(|c| c == "Issue"))
            .expect("header row")
    }

    fn col(&self, header: &str) -> usize {
        self.rows()[self.header_row()]
            .iter()
            .position(|c| c == header)
            .unwrap_or_else(|| panic!("no column {header}"))
    }

    fn issues(&self) -> Vec<String> {
        let (h, c) = (self.header_row(), self.col("Issue"));
        self.rows()
            .iter()
            .skip(h + 1)
            .filter_map(|r| r.get(c).cloned())
            .filter(|s| !s.trim().is_empty())
            .collect()
    }

    fn row_of(&self, issue: &str) -> usize {
        let c = self.col("Issue");
        let rows = self.rows();
        let hits: Vec<usize> = (self.header_row() + 1..rows.len())
            .filter(|r| rows[*r].get(c).map(|s| s.trim()) == Some(issue))
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "issue {issue} appears {} times: {:?}",
            hits.len(),
            self.issues()
        );
        hits[0]
    }

    fn text(&self, issue: &str, header: &str) -> String {
        self.rows()[self.row_of(issue)]
            .get(self.col(header))
            .cloned()
            .unwrap_or_default()
    }

    fn raw(&self, issue: &str, header: &str) -> Value {
        self.0.json["rows"][self.row_of(issue)][self.col(header)].clone()
    }

    fn bg(&self, issue: &str, header: &str) -> Option<String> {
        self.0.json["backgrounds"][self.row_of(issue)][self.col(header)]
            .as_str()
            .map(str::to_uppercase)
    }

    fn link(&self, issue: &str, header: &str) -> Option<String> {
        self.0.json["links"][self.row_of(issue)][self.col(header)]
            .as_str()
            .map(str::to_string)
    }
}

const GREEN: &str = "#B7E0CD";
const YELLOW: &str = "#FCE8B2";
const RED: &str = "#F4C7C3";

#[test]
fn a_cycle_takes_in_fills_colours_and_moves_then_the_next_writes_nothing() {
    let Some(w) = world(seed_sheet()) else { return };
    let out = w.sync();
    assert!(
        out.status.success(),
        "sync failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let d = w.dump();
    let enh = tab(&d, "Enhancements");
    let mut on_enh = enh.issues();
    on_enh.sort();
    assert_eq!(
        on_enh,
        [
            "1027", "2313", "2558", "2625", "3156", "4355", "9100", "9200"
        ]
    );

    // Every colour case, from the real KEPs of the corpus.
    assert_eq!(
        (enh.bg("1027", "Proposal"), enh.bg("1027", "KEP State")),
        (Some(GREEN.into()), Some(GREEN.into()))
    );
    assert_eq!(enh.text("1027", "KEP State"), "implementable");
    assert_eq!(
        (enh.bg("2313", "Proposal"), enh.bg("2313", "KEP State")),
        (Some(GREEN.into()), Some(YELLOW.into()))
    );
    assert_eq!(
        enh.bg("2558", "KEP State"),
        Some(RED.into()),
        "withdrawn is red"
    );
    assert_eq!(
        (enh.text("2625", "KEP State"), enh.bg("2625", "KEP State")),
        ("imlpemented".into(), Some(RED.into()))
    );
    assert_eq!(
        (enh.bg("9100", "Proposal"), enh.bg("9100", "KEP State")),
        (Some(YELLOW.into()), Some(RED.into()))
    );
    assert!(enh.text("9100", "Proposal").ends_with("/pull/9500"));
    assert_eq!(
        (enh.bg("9200", "Proposal"), enh.bg("9200", "KEP State")),
        (Some(RED.into()), Some(RED.into()))
    );
    assert_eq!(enh.text("1027", "SIG"), "sig-api-machinery");
    assert_eq!(enh.text("1027", "Status"), "Tracked");
    assert_eq!(
        enh.text("3156", "Stage"),
        "alpha",
        "KEP stage wins over what was typed"
    );
    assert_eq!(enh.text("1027", "Name"), "API unions");
    assert_eq!(
        enh.link("1027", "Name").as_deref(),
        Some("https://github.com/kubernetes/enhancements/issues/1027")
    );

    // A title that looks like a formula is stored as text.
    assert_eq!(
        enh.raw("9200", "Name"),
        json!("=IMPORTXML(\"https://example.com\",\"//a\")")
    );

    // Both moves keep every human cell and format.
    let removed = tab(&d, "Removed from Milestone");
    assert_eq!(removed.issues(), ["1040"]);
    assert_eq!(removed.text("1040", "Notes"), "bump to next release");
    assert_eq!(removed.text("1040", "Enhancements Contact"), "@dana");
    assert_eq!(removed.bg("1040", "Notes").as_deref(), Some("#FF0000"));
    assert_eq!(enh.text("4355", "Notes"), "exception granted");
    assert_eq!(enh.text("4355", "Enhancements Contact"), "@gus");

    // Docs follows: intake and move-back add, move-out removes, docs notes stay.
    let docs = tab(&d, "Docs");
    let mut on_docs = docs.issues();
    on_docs.sort();
    assert_eq!(
        on_docs,
        [
            "1027", "2313", "2558", "2625", "3156", "4355", "9100", "9200"
        ]
    );
    assert_eq!(docs.text("3156", "Docs PR"), "kubernetes/website#1");

    let col = tab(&d, "KEP Collection");
    let rows = col.rows();
    let status = |r: usize| {
        rows[r]
            .get(col.col("Sync Status"))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(status(2), "tracked in Enhancements");
    assert_eq!(
        status(8),
        "issue #99999 not found in kubernetes/enhancements"
    );
    assert_eq!(status(9), "duplicate of row 3");
    assert!(
        status(10).starts_with("not an issue reference: \"soon\""),
        "{}",
        status(10)
    );

    // Idempotence: a second cycle reads once and writes nothing.
    let before = w.sheets_counts();
    let out = w.sync();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = w.sheets_counts();
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (1, 0),
        "second cycle: 1 read, 0 writes"
    );
    assert_eq!(w.dump(), d, "second cycle changed the sheet");
}

#[test]
fn a_malformed_sheet_stops_the_cycle_with_a_clear_error_and_writes_nothing() {
    let mut sheet = seed_sheet();
    sheet["sheets"][1]["rows"][0][6] = json!("State of KEP");
    let Some(w) = world(sheet) else { return };
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("tab \"Enhancements\", header row 1: missing column(s) KEP State"),
        "{err}"
    );
    assert_eq!(w.sheets_counts().1, 0, "nothing written");
}

#[test]
fn a_persons_edits_during_a_cycle_are_kept() {
    let Some(w) = world(seed_sheet()) else { return };
    // Hold GitHub's answers for a moment so a person can edit between kepsync's read and write.
    w.github_fault(json!({"count": 1, "path": "/graphql", "delay_ms": 1500}));
    let config = w.config.clone();
    let cycle = std::thread::spawn(move || {
        kepsync(&["sync", "--config", &config], &[("GITHUB_TOKEN", "t")])
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while w.sheets_counts().0 == 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "kepsync never read the sheet"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The person sorts Enhancements (3156 above 1040) and types a note on 3156.
    let mut d = w.dump();
    let rows = d["sheets"][1]["rows"].as_array_mut().expect("rows");
    rows.swap(1, 2);
    rows[1][9] = json!("PRR approved today");
    let bgs = d["sheets"][1]["backgrounds"]
        .as_array_mut()
        .expect("backgrounds");
    bgs.swap(1, 2);
    w.put_sheet(&d);
    let out = cycle.join().expect("cycle thread");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("in 2 attempts;"),
        "the edit did not land between read and write: {stdout}"
    );
    let d = w.dump();
    let enh = tab(&d, "Enhancements");
    assert_eq!(enh.text("3156", "Notes"), "PRR approved today");
    assert_eq!(enh.text("3156", "Name"), "HTTP/3");
    assert_eq!(
        tab(&d, "Removed from Milestone").text("1040", "Notes"),
        "bump to next release"
    );
    assert!(!enh.issues().contains(&"1040".to_string()));
}

#[test]
fn plan_prints_changes_and_writes_nothing() {
    let Some(w) = world(seed_sheet()) else { return };
    let out = kepsync(&["plan", "--config", &w.config], &[("GITHUB_TOKEN", "t")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("intake #1027 → new row on Enhancements"),
        "{text}"
    );
    assert!(
        text.contains("move #1040 from Enhancements row 2 → Removed from Milestone"),
        "{text}"
    );
    assert_eq!(w.sheets_counts().1, 0);
    let _ = Path::new(&w.config);
}

#[test]
fn plan_into_a_pipe_closed_early_is_not_a_crash() {
    // Regression: `kepsync plan | head -1` panicked ("failed printing to stdout") once `head`
    // had gone; the plan is now written through one buffer and a closed pipe ends it quietly.
    let Some(w) = world(seed_sheet()) else { return };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kepsync"))
        .args(["plan", "--config", &w.config])
        .env("GITHUB_TOKEN", "t")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kepsync starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("kepsync ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?}: {stderr}", out.status);
}

/// Issues on a tab, each once or not: the duplicates, if any.
fn duplicated(issues: &[String]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    issues
        .iter()
        .filter(|i| !seen.insert(i.trim().trim_start_matches('#').to_string()))
        .cloned()
        .collect()
}

#[test]
fn two_sync_processes_started_together_apply_one_batch_and_duplicate_nothing() {
    // Regression (issue 13): an operator's `kepsync sync` beside the daemon (or two pods of a
    // rolling update) planned from the same sheet; both batches applied, so a new Collection row
    // was added twice and the rows below moved rows were moved too. Each batch is held 2.5 s
    // before it is applied, so both processes send theirs planned from the same sheet state.
    let Some(w) = world(seed_sheet()) else { return };
    let tries = std::env::var("KEPTEST_WRITERS_PROCESS_TRIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let (mut raced, url) = (0, w.sheets.url.clone());
    for i in 0..tries {
        let (status, _) = http(
            "PUT",
            &format!("{url}/_emulator/spreadsheets/{SHEET_ID}"),
            Some(&seed_sheet().to_string()),
        );
        assert_eq!(status, 200);
        let fault = r#"{"count": 2, "method": "POST", "path": ":batchUpdate", "delay_ms": 2500}"#;
        assert_eq!(
            http("POST", &format!("{url}/_emulator/faults"), Some(fault)).0,
            200
        );
        let outs = std::thread::scope(|s| {
            let a = s.spawn(|| w.sync());
            let b = s.spawn(|| w.sync());
            [a.join().unwrap(), b.join().unwrap()]
        });
        let logs: Vec<String> = outs
            .iter()
            .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            .collect();
        for (o, log) in outs.iter().zip(&logs) {
            assert!(o.status.success(), "try {i}: a sync failed:\n{log}");
        }
        if logs
            .iter()
            .any(|l| l.contains("another kepsync wrote to the sheet"))
        {
            raced += 1;
        }
        let d = w.dump();
        let (enh, removed, docs) = (
            tab(&d, "Enhancements").issues(),
            tab(&d, "Removed from Milestone").issues(),
            tab(&d, "Docs").issues(),
        );
        let mut both = enh.clone();
        both.extend(removed.iter().cloned());
        assert_eq!(
            duplicated(&both),
            Vec::<String>::new(),
            "try {i}: {enh:?} {removed:?}"
        );
        assert_eq!(
            duplicated(&docs),
            Vec::<String>::new(),
            "try {i}: docs {docs:?}"
        );
        assert_eq!(
            removed,
            ["1040"],
            "try {i}: only the Deferred row moves out"
        );
        assert!(enh.contains(&"3156".to_string()) && enh.contains(&"4355".to_string()));
        let plan = kepsync(
            &["plan", "--config", &w.config],
            &[("GITHUB_TOKEN", "gh-token")],
        );
        let printed = String::from_utf8_lossy(&plan.stdout);
        assert!(
            printed.contains("up to date"),
            "try {i}: left to do:\n{printed}"
        );
    }
    eprintln!("two processes: {tries} tries, {raced} raced (one writer re-planned), 0 duplicates");
    assert!(raced > 0, "no try raced: the test did not test the race");
}

#[test]
fn a_status_with_a_stray_space_moves_the_row_instead_of_failing_every_cycle() {
    // Regression (issue 13): `plan` listed these moves but every `sync` failed with "the sheet
    // kept changing under kepsync" with nobody editing.
    let mut sheet = seed_sheet();
    sheet["sheets"][1]["rows"][1][8] = json!("Deferred ");
    sheet["sheets"][1]["rows"][2][8] = json!(" Removed from Milestone");
    sheet["sheets"][2]["rows"][1][8] = json!(" tracked");
    let Some(w) = world(sheet) else { return };
    let out = w.sync();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sync failed:\n{log}");
    let d = w.dump();
    let mut removed = tab(&d, "Removed from Milestone").issues();
    removed.sort();
    assert_eq!(removed, ["1040", "3156"], "{log}");
    assert!(
        tab(&d, "Enhancements")
            .issues()
            .contains(&"4355".to_string())
    );
}

#[test]
fn moves_and_intakes_around_hidden_rows_keep_every_row_and_the_rows_people_hid() {
    // Issue 13: people hide rows. A hidden row that asks to move still moves (with its cells), the
    // rows people hid stay hidden (their index shifts with the rows), and a row kepsync takes in
    // is visible even when the last rows are hidden.
    let mut sheet = seed_sheet();
    sheet["sheets"][1]["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!([
            "9999",
            "",
            "@hid",
            "",
            "",
            "",
            "",
            "",
            "Tracked",
            "hidden on purpose"
        ]));
    // Enhancements: row 2 (1040, Deferred) and row 4 (9999, the last row) are hidden.
    sheet["sheets"][1]["hiddenRows"] = json!([1, 3]);
    let Some(w) = world(sheet) else { return };
    let out = w.sync();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d = w.dump();
    let enh = tab(&d, "Enhancements");
    assert_eq!(tab(&d, "Removed from Milestone").issues(), ["1040"]);
    let rows = enh.rows();
    let hidden: Vec<String> = enh.0.json["hiddenRows"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| rows[i.as_u64().unwrap() as usize][0].clone())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        hidden,
        ["9999"],
        "only the row people hid and kept stays hidden: {}",
        enh.0.json
    );
    let notes = enh.col("Notes");
    assert_eq!(rows[enh.row_of("9999")][notes], "hidden on purpose");
    for intake in ["1027", "2313", "2558", "2625"] {
        assert!(
            enh.issues().contains(&intake.to_string()),
            "{intake} taken in"
        );
    }
}
