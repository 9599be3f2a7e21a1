//! End to end: readiness, the data tab and the generated tabs through the `kepsync` binary
//! against both emulators, seeded from a real KEP of the corpus and a modified copy of it.

use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::process::{corpus, get_json};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::Path;

const SHEET_ID: &str = "readiness-sheet";
/// The real KEP (Gang Scheduling, beta in v1.37) and where its copy goes.
pub(crate) const REAL: u64 = 4671;
pub(crate) const COPY: u64 = 9671;
const GREEN: &str = "#B7E0CD";
const RED: &str = "#F4C7C3";

/// A small enhancements tree: the real KEP, and a copy numbered COPY whose PRR file lost its
/// beta approver. Written to a temporary directory, never into the repository.
pub(crate) fn tree(corpus: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut copy = |from: &str, to: &str, edit: &dyn Fn(String) -> String| {
        let text =
            std::fs::read_to_string(corpus.join(from)).unwrap_or_else(|e| panic!("{from}: {e}"));
        files.push((to.to_string(), edit(text).into_bytes()));
    };
    let same = |t: String| t;
    let real_dir = "keps/sig-scheduling/4671-gang-scheduling";
    let copy_dir = "keps/sig-scheduling/9671-gang-scheduling-copy";
    copy("OWNERS_ALIASES", "OWNERS_ALIASES", &same);
    for f in ["kep.yaml", "README.md"] {
        copy(
            &format!("{real_dir}/{f}"),
            &format!("{real_dir}/{f}"),
            &same,
        );
    }
    copy(
        &format!("{real_dir}/kep.yaml"),
        &format!("{copy_dir}/kep.yaml"),
        &|t| t.replace("kep-number: 4671", "kep-number: 9671"),
    );
    copy(
        &format!("{real_dir}/README.md"),
        &format!("{copy_dir}/README.md"),
        &same,
    );
    let prr = "keps/prod-readiness/sig-scheduling";
    copy(
        &format!("{prr}/4671.yaml"),
        &format!("{prr}/4671.yaml"),
        &same,
    );
    copy(
        &format!("{prr}/4671.yaml"),
        &format!("{prr}/9671.yaml"),
        &|t| {
            t.replace("kep-number: 4671", "kep-number: 9671")
                .replace("beta:\n  approver: \"@soltysh\"", "beta:\n  approver: \"\"")
        },
    );
    files
}

pub(crate) fn issues() -> Value {
    let issue = |n: u64, title: &str| {
        json!({"number": n, "title": title, "state": "open", "assignees": ["alice"],
               "labels": ["lead-opted-in", "stage/beta", "sig/scheduling"], "milestone": "v1.37", "body": ""})
    };
    json!([
        issue(REAL, "Gang Scheduling"),
        issue(COPY, "Gang Scheduling (copy without PRR approver)"),
        issue(1111, "Removed one")
    ])
}

fn seed() -> Value {
    let header = json!(ENH_HEADER);
    json!({
        "spreadsheetId": SHEET_ID,
        "sheets": [
            {"title": "KEP Collection", "rows": [["Issue", "Sync Status"]]},
            {"title": "Enhancements", "rows": [header, [REAL.to_string(), "", "", "", "", "", "", "Tracked"], [COPY.to_string(), "", "", "", "", "", "", "At Risk"]]},
            {"title": "Removed from Milestone", "rows": [header, ["1111", "", "", "", "", "", "", "Removed from Milestone"]]},
            {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]},
            {"title": "data", "rows": [["Issue", "Name", "Responder", "SIG", "KEP", "KEP State", "Completed in Release"],
                                       ["1111", "Removed one", "@carol", "", "", "", ""],
                                       ["42", "From an old release", "@dave", "sig-node", "", "implemented", "v1.20"]]},
            {"title": "Dashboard", "rows": []},
            {"title": "Feature stats", "rows": []}
        ]
    })
}

fn world() -> Option<Spawned> {
    let Some(corpus) = corpus() else {
        eprintln!("SKIPPED: ../shared/kep-corpus is not present");
        return None;
    };
    let github = GithubSeed::tree_files(tree(&corpus))
        .issues(issues())
        .pulls(json!([]));
    // PRR freeze has passed (so a missing PRR approver is red); the rest is far ahead.
    let world = World::new(seed())
        .github(github)
        .set("tabs.data", "data")
        .set("tabs.dashboard", "Dashboard")
        .set("tabs.feature-stats", "Feature stats")
        .set("calendar.prr-freeze", "2020-01-01T00:00:00-08:00")
        .set("calendar.enhancements-freeze", "2099-01-01T00:00:00-08:00")
        .set("calendar.code-freeze", "2099-02-01T00:00:00-08:00")
        .set("calendar.docs-freeze", "2099-03-01T00:00:00-08:00");
    Some(world.spawn())
}

/// Commands and the API's view of a world.
trait Readiness {
    fn run(&self, command: &str) -> String;
    fn charts(&self, title: &str) -> Vec<String>;
}

impl Readiness for Spawned {
    fn run(&self, command: &str) -> String {
        let out = self.kepsync(command, &[("GITHUB_TOKEN", "t")]);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{command} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// Chart titles on tab `title`, read through the API as kepsync's client would.
    fn charts(&self, title: &str) -> Vec<String> {
        let url = format!(
            "{}/v4/spreadsheets/{SHEET_ID}?key=k&fields=sheets(properties(title),charts)",
            self.sheets.url
        );
        let v = get_json(&url);
        let tab = v["sheets"]
            .as_array()
            .and_then(|s| s.iter().find(|t| t["properties"]["title"] == title))
            .cloned()
            .unwrap_or_default();
        tab["charts"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|c| c["spec"]["title"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn cell(rows: &[Vec<String>], r: usize, c: usize) -> String {
    rows.get(r)
        .and_then(|row| row.get(c))
        .cloned()
        .unwrap_or_default()
}

/// (row, header index) of a header row's columns.
fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
}

fn row_of(rows: &[Vec<String>], issue: u64) -> usize {
    rows.iter()
        .position(|r| r.first().map(String::as_str) == Some(&issue.to_string()))
        .unwrap_or_else(|| panic!("no row for {issue}"))
}

/// The value right of the first cell `label` at or below `from`.
fn lookup(rows: &[Vec<String>], from: usize, label: &str, col: usize) -> String {
    (from..rows.len())
        .find(|r| cell(rows, *r, 0) == label)
        .map(|r| cell(rows, r, col))
        .unwrap_or_else(|| panic!("no row {label:?}"))
}

#[test]
fn readiness_data_and_dashboard_through_the_emulators_then_an_idle_cycle() {
    let Some(w) = world() else { return };
    w.run("sync");
    let d = w.dump();

    // Readiness: the real KEP passes (empty, green), the copy without approver fails (red).
    let enh_tab = tab(&d, "Enhancements");
    let enh = enh_tab.rows.clone();
    let rc = column(&enh, "Readiness");
    let (real, copy) = (row_of(&enh, REAL), row_of(&enh, COPY));
    assert_eq!(cell(&enh, real, rc), "");
    assert_eq!(
        cell(&enh, copy, rc),
        "At risk: PRR: no beta approver in keps/prod-readiness/sig-scheduling/9671.yaml"
    );
    let bg = |r: usize| {
        enh_tab.json["backgrounds"][r][rc]
            .as_str()
            .map(str::to_uppercase)
    };
    assert_eq!(
        (bg(real).as_deref(), bg(copy).as_deref()),
        (Some(GREEN), Some(RED))
    );
    assert_eq!(
        cell(&enh, copy, column(&enh, "Status")),
        "At Risk",
        "Status stays the people's"
    );

    // The data tab: upserted by issue, Responder and old rows kept.
    let data = tab(&d, "data").rows;
    assert_eq!(cell(&data, row_of(&data, 1111), 2), "@carol");
    assert_eq!(cell(&data, row_of(&data, 42), 6), "v1.20");
    let real_data = row_of(&data, REAL);
    assert_eq!(cell(&data, real_data, 1), "Gang Scheduling");
    assert_eq!(cell(&data, real_data, 3), "sig-scheduling");
    assert_eq!(
        cell(&data, real_data, 4),
        "https://github.com/kubernetes/enhancements/tree/master/keps/sig-scheduling/4671-gang-scheduling"
    );
    assert_eq!(cell(&data, real_data, 5), "implementable");
    assert_eq!(
        data.iter()
            .filter(|r| !r.iter().all(String::is_empty))
            .count(),
        5,
        "header + 4 issues"
    );

    // Dashboard counts equal counts taken independently from the tabs as written.
    let removed = tab(&d, "Removed from Milestone").rows;
    let mut by_status: BTreeMap<String, u64> = BTreeMap::new();
    for (t, r) in [(&enh, 1..enh.len()), (&removed, 1..removed.len())] {
        for i in r {
            *by_status
                .entry(cell(t, i, column(t, "Status")))
                .or_default() += 1;
        }
    }
    let dash = tab(&d, "Dashboard").rows;
    let table = dash
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("Enhancements by Status"))
        .expect("table");
    for (status, n) in &by_status {
        assert_eq!(lookup(&dash, table, status, 1), n.to_string(), "{status}");
    }
    let beta_at_risk = (1..enh.len())
        .filter(|i| {
            cell(&enh, *i, column(&enh, "Stage")) == "beta"
                && cell(&enh, *i, column(&enh, "Status")) == "At Risk"
        })
        .count();
    assert_eq!(lookup(&dash, 3, "beta", 2), beta_at_risk.to_string());
    assert_eq!(lookup(&dash, 0, "ready", 1), "1");
    assert_eq!(lookup(&dash, 0, "missing, urgent", 1), "1");
    assert_eq!(lookup(&dash, 0, "prr-approver", 1), "1");
    assert_eq!(
        w.charts("Dashboard"),
        ["Status by Stage"],
        "one chart, added once"
    );
    let stats = tab(&d, "Feature stats").rows;
    assert_eq!(
        lookup(&stats, 0, "Good progress (Tracked and ready)", 1),
        "1"
    );
    assert_eq!(lookup(&stats, 0, "Bad progress", 1), "1");
    assert_eq!(lookup(&stats, 0, "Removed from Milestone", 1), "1");

    // The readiness command prints the same text and writes nothing.
    let writes = w.sheets_counts().1;
    let report = w.run("readiness");
    assert!(
        report.contains(&format!("#{COPY}")) && report.contains("PRR: no beta approver"),
        "{report}"
    );
    assert!(
        report.contains("1 ready, 0 missing something due later, 1 urgent"),
        "{report}"
    );
    assert_eq!(w.sheets_counts().1, writes);

    // An idle cycle reads once and writes nothing.
    let before = w.sheets_counts();
    w.run("sync");
    let after = w.sheets_counts();
    assert_eq!(
        (after.0 - before.0, after.1 - before.1),
        (1, 0),
        "idle cycle: 1 read, 0 writes"
    );
    assert_eq!(w.dump(), d);
    assert_eq!(w.charts("Dashboard").len(), 1, "no second chart");
}
