//! End to end: `kepsync exceptions` through the binary against the Sheets emulator: the Exception
//! columns people fill on Enhancements and Removed from Milestone printed as sig-release's
//! exceptions.yaml (parsed back here) and as a table; the sheet is only read.

use crate::support::process::kepsync;
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};

fn world() -> Spawned {
    let mut head: Vec<&str> = ENH_HEADER.to_vec();
    head.extend([
        "Exception Request Type",
        "Exception Status",
        "Exception Request Link",
        "Exception Request Date",
        "Exception Decision Date",
        "Related PRs",
    ]);
    let row = |n: &str, name: &str, status: &str, exc: [&str; 6]| {
        let mut r = vec![n, name, "sig-node", "", "", "", "alpha", status, "", "", ""];
        r.extend(exc);
        json!(r)
    };
    let sheet = json!({"spreadsheetId": "exceptions-sheet", "sheets": [
        {"title": "KEP Collection", "rows": [["SIG", "Issue"]]},
        {"title": "Enhancements", "rows": [head,
            row("4001", "In-place resize: phase 2", "Exception Approved", ["Code and Test Freeze", "Approved",
                "https://groups.google.com/g/kubernetes-sig-release/c/x1", "2026-03-18", "2026-03-19",
                "https://github.com/kubernetes/kubernetes/pull/1 https://github.com/kubernetes/kubernetes/pull/2"]),
            row("4002", "No exception", "Tracked", ["", "", "", "", "", ""]),
            row("4003", "DRA: \"partitionable\" devices", "Exception Pending", ["Enhancements Freeze", "In Review",
                "https://groups.google.com/g/kubernetes-sig-release/c/x2", "2026-02-13", "", ""])]},
        {"title": "Removed from Milestone", "rows": [head,
            row("4004", "Late docs", "Removed from Milestone", ["Docs Freeze", "Rejected", "", "2026-04-02", "2026-04-03", ""])]},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG"]]}
    ]});
    World::new(sheet)
        .set("spreadsheet-id", "exceptions-sheet")
        .spawn()
}

fn run(w: &Spawned, args: &[&str]) -> (String, String) {
    let mut all = vec!["exceptions", "--config", &w.config];
    all.extend_from_slice(args);
    let out = kepsync(&all, &[]);
    let (so, se) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{so}{se}");
    (so, se)
}

#[test]
fn exceptions_print_as_valid_yaml_in_sig_releases_shape_and_write_nothing() {
    let w = world();
    let before = w.dump();
    let (yaml, err) = run(&w, &[]);
    let back: Value = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let keys: Vec<&String> = back.as_object().expect(&yaml).keys().collect();
    assert_eq!(
        keys.len(),
        3,
        "enhancementFreeze, codeFreeze, docsFreeze: {yaml}{err}"
    );
    assert!(
        yaml.find("enhancementFreeze:") < yaml.find("codeFreeze:"),
        "{yaml}"
    );
    assert_eq!(
        back["codeFreeze"],
        json!([{
            "name": "In-place resize: phase 2",
            "issue": 4001,
            "date_requested": "2026-03-18",
            "date_reviewed": "2026-03-19",
            "thread": "https://groups.google.com/g/kubernetes-sig-release/c/x1",
            "pull_requests": [
                "https://github.com/kubernetes/kubernetes/pull/1",
                "https://github.com/kubernetes/kubernetes/pull/2"
            ],
            "status": "approved"
        }])
    );
    assert_eq!(
        back["enhancementFreeze"][0]["name"],
        "DRA: \"partitionable\" devices"
    );
    assert_eq!(back["enhancementFreeze"][0]["status"], "pending");
    assert_eq!(back["docsFreeze"][0]["issue"], 4004);
    assert_eq!(back["docsFreeze"][0]["status"], "rejected");
    assert_eq!(w.dump(), before, "exceptions only reads");

    let (table, _) = run(&w, &["--output", "table"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[0].starts_with("FREEZE"), "{table}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Code Freeze") && l.contains("4001") && l.contains("approved")),
        "{table}"
    );
}
