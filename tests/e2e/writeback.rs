//! End to end: GitHub write-back through the `kepsync` binary against both emulator binaries
//! (the demo's sample KEP tree). Exactly the expected milestone and label requests, nothing when
//! disabled, nothing the second time, and one clear error for a token without write access.

use crate::support::github::GithubSeed;
use crate::support::process::{get_json, http};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

const SHEET_ID: &str = "writeback-sheet";
const ISSUES: &str = "/repos/kubernetes/enhancements/issues";

fn sheet() -> Value {
    let head = json!(ENH_HEADER);
    json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue"]]},
        {"title": "Enhancements", "rows": [head,
            ["9001", "", "", "", "", "", "", "Tracked"],
            ["9002", "", "", "", "", "", "", "Tracked"],
            ["9005", "", "", "", "", "", "", "At Risk"],
            ["9007", "", "", "", "", "", "", "Removed from Milestone"]]},
        {"title": "Removed from Milestone", "rows": [head,
            ["9004", "", "", "", "", "", "", "Removed from Milestone"]]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]})
}

fn issues() -> Value {
    let issue = |n: u64, labels: &[&str], milestone: Option<&str>| json!({"number": n, "title": format!("KEP {n}"), "labels": labels, "milestone": milestone});
    json!([
        issue(9001, &["sig/node", "tracked/no", "stage/alpha"], None),
        issue(9002, &["tracked/yes", "stage/alpha"], Some("v1.37")),
        issue(9004, &["tracked/yes", "stage/stable"], Some("v1.37")),
        issue(9005, &[], None),
        issue(9007, &["tracked/yes", "stage/beta"], Some("v1.37")),
        issue(9008, &["tracked/yes"], Some("v1.36")),
    ])
}

/// The demo's KEP tree with [`issues`]; GitHub write-back on or off, unpaced.
fn world(write_back: bool) -> Spawned {
    World::new(sheet())
        .github(GithubSeed::demo().issues(issues()))
        .set("github.write", write_back)
        .set("github.write-pause-ms", 0)
        .spawn()
}

/// Commands and the GitHub emulator's view of a world.
trait Writeback {
    fn run(&self, command: &str) -> (bool, String, String);
    fn writes(&self) -> Vec<String>;
    fn issue(&self, n: u64) -> (Vec<String>, Option<String>);
    fn reset(&self);
}

impl Writeback for Spawned {
    fn run(&self, command: &str) -> (bool, String, String) {
        let out = self.kepsync(command, &[("GITHUB_TOKEN", "gh-token")]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `METHOD path status` of every request that is not a GET.
    fn writes(&self) -> Vec<String> {
        let log = get_json(&format!("{}/_emulator/requests", self.github().url));
        log["log"]
            .as_array()
            .expect("log")
            .iter()
            .filter(|e| e["method"] != "GET")
            .filter(|e| !(e["method"] == "POST" && e["path"] == "/graphql"))
            .map(|e| {
                format!(
                    "{} {} {}",
                    e["method"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or(""),
                    e["status"]
                )
            })
            .collect()
    }

    fn issue(&self, n: u64) -> (Vec<String>, Option<String>) {
        let v = get_json(&format!("{}/_emulator/issues/{n}", self.github().url));
        let labels = v["labels"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|l| l.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        (labels, v["milestone"].as_str().map(String::from))
    }

    fn reset(&self) {
        http(
            "POST",
            &format!("{}/_emulator/requests/reset", self.github().url),
            None,
        );
    }
}

#[test]
fn disabled_by_default_writes_nothing_to_github() {
    let w = world(false);
    let (ok, out, err) = w.run("sync");
    assert!(ok, "{out}{err}");
    assert!(!out.contains("GitHub write-back"), "{out}");
    assert_eq!(w.writes(), Vec::<String>::new());
    assert_eq!(w.issue(9001).0, ["sig/node", "tracked/no", "stage/alpha"]);
}

#[test]
fn plan_lists_the_changes_first_and_writes_nothing() {
    let w = world(true);
    let (ok, out, err) = w.run("plan");
    assert!(ok, "{out}{err}");
    assert!(out.starts_with("GitHub write-back: 3 issue(s)\n"), "{out}");
    assert!(
        out.contains("#9001 (Tracked on Enhancements row 2): milestone → v1.37; add tracked/yes, stage/beta; remove tracked/no; remove stage/alpha"),
        "{out}"
    );
    assert!(out.contains("#9004 (Removed from Milestone on Removed from Milestone row 2): milestone v1.37 cleared; add tracked/no; remove tracked/yes"), "{out}");
    assert!(
        out.contains("#9007 (Removed from Milestone on Enhancements row 5)"),
        "{out}"
    );
    assert!(
        out.contains("github write-back 10 edit(s) planned"),
        "{out}"
    );
    assert_eq!(w.writes(), Vec::<String>::new());
}

#[test]
fn sync_applies_exactly_the_needed_edits_after_the_sheet_write_then_nothing() {
    let w = world(true);
    let (ok, out, err) = w.run("sync");
    assert!(ok, "{out}{err}");
    let patch = |n: u64| format!("PATCH {ISSUES}/{n} 200");
    let add = |n: u64| format!("POST {ISSUES}/{n}/labels 200");
    let del = |n: u64, l: &str| format!("DELETE {ISSUES}/{n}/labels/{l} 200");
    assert_eq!(
        w.writes(),
        vec![
            patch(9001),
            add(9001),
            del(9001, "tracked%2Fno"),
            del(9001, "stage%2Falpha"),
            patch(9004),
            add(9004),
            del(9004, "tracked%2Fyes"),
            patch(9007),
            add(9007),
            del(9007, "tracked%2Fyes"),
        ]
    );
    assert!(
        out.contains("github write-back 10 of 10 edit(s) applied"),
        "{out}"
    );
    assert_eq!(
        w.issue(9001),
        (
            vec!["sig/node".into(), "tracked/yes".into(), "stage/beta".into()],
            Some("v1.37".into())
        )
    );
    assert_eq!(
        w.issue(9004),
        (vec!["stage/stable".into(), "tracked/no".into()], None)
    );
    assert_eq!(
        w.issue(9002).1.as_deref(),
        Some("v1.37"),
        "already right: untouched"
    );
    assert_eq!(w.issue(9005), (vec![], None), "At Risk asks for nothing");
    assert_eq!(
        w.issue(9008).1.as_deref(),
        Some("v1.36"),
        "not on the sheet"
    );

    w.reset();
    let (ok, out, err) = w.run("sync");
    assert!(ok, "{out}{err}");
    assert_eq!(w.writes(), Vec::<String>::new(), "{out}");
    assert!(!out.contains("GitHub write-back"), "{out}");
}

#[test]
fn a_token_without_write_access_gives_one_clear_error_and_one_request() {
    let w = world(true);
    let (status, body) = http(
        "PUT",
        &format!("{}/_emulator/permissions", w.github().url),
        Some(r#"{"write": false}"#),
    );
    assert_eq!(status, 200, "{body}");
    let (ok, out, err) = w.run("sync");
    assert!(!ok, "{out}{err}");
    assert_eq!(w.writes(), vec![format!("PATCH {ISSUES}/9001 403")]);
    assert_eq!(err.matches("error: GitHub write-back").count(), 1, "{err}");
    assert!(err.contains("cannot write to kubernetes/enhancements issues (HTTP 403: Resource not accessible by personal access token)"), "{err}");
    assert!(
        out.contains("github write-back 0 of 10 edit(s) applied"),
        "{out}"
    );
    assert_eq!(w.issue(9001).0, ["sig/node", "tracked/no", "stage/alpha"]);
}
