//! Exception requests read from the sheet's optional columns, grouped by freeze, written as
//! sig-release's exceptions.yaml (parsed back) and counted by status.

use super::*;
use crate::sheet::Tab;
use crate::sync::Role;
use crate::sync::fixtures::{ENH_HEADERS, tab};

const EXCEPTION_HEADERS: [&str; 5] = [
    "Exception Request Type",
    "Exception Status",
    "Exception Request Link",
    "Exception Request Date",
    "Related PRs",
];

/// An Enhancements row: issue, name, then the five exception cells.
fn row(issue: &str, name: &str, exception: [&str; 5]) -> Vec<String> {
    let mut r: Vec<String> = [issue, name, "", "", "", "", "", "Tracked"]
        .map(String::from)
        .into();
    r.extend(exception.map(String::from));
    r
}

fn enhancements(rows: &[Vec<String>]) -> Tab {
    let head: Vec<&str> = ENH_HEADERS
        .iter()
        .chain(&EXCEPTION_HEADERS)
        .copied()
        .collect();
    let mut all: Vec<Vec<&str>> = vec![head];
    all.extend(rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    let refs: Vec<&[&str]> = all.iter().map(Vec::as_slice).collect();
    let mut t = tab(2, "Enhancements", &refs);
    t.column_count = 20;
    t
}

fn read_tab(t: &Tab) -> (Vec<Exception>, Vec<String>) {
    let names = ColumnNames::default();
    let l = TabLayout::locate(Role::Enhancements, t, &names, "kubernetes/enhancements")
        .expect("layout");
    read(&l, &names)
}

#[test]
fn request_types_name_their_freeze_and_statuses_their_word() {
    assert_eq!(freeze_of("Code and Test Freeze"), Some(Freeze::Code));
    assert_eq!(freeze_of("enhancements freeze"), Some(Freeze::Enhancements));
    assert_eq!(freeze_of("PRR Freeze"), Some(Freeze::Prr));
    assert_eq!(freeze_of("Docs Freeze"), Some(Freeze::Docs));
    assert_eq!(freeze_of("soon"), None);
    assert_eq!(status_word(" Approved "), "approved");
    assert_eq!(status_word("Rejected"), "rejected");
    assert_eq!(status_word("In Review"), "pending");
    assert_eq!(status_word(""), "pending");
}

#[test]
fn rows_with_a_request_become_exceptions_grouped_by_freeze_in_yaml_that_parses_back() {
    let t = enhancements(&[
        row(
            "1001",
            "Pod things",
            [
                "Code and Test Freeze",
                "Approved",
                "https://groups.google.com/g/kubernetes-sig-release/c/abc",
                "2026-03-18",
                "https://github.com/kubernetes/kubernetes/pull/1, https://github.com/kubernetes/kubernetes/pull/2",
            ],
        ),
        row("1002", "No request", ["", "", "", "", ""]),
        row(
            "1003",
            "Net things",
            [
                "Enhancements Freeze",
                "In Review",
                "https://example.com/t",
                "2026-02-13",
                "",
            ],
        ),
        row("1004", "Odd", ["Lunch", "Approved", "", "", ""]),
    ]);
    let (all, notes) = read_tab(&t);
    assert_eq!(
        all.iter().map(|e| e.issue).collect::<Vec<_>>(),
        [1001, 1003]
    );
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("(#1004): Exception Request Type \"Lunch\" names no freeze"),
        "{notes:?}"
    );
    let yaml = ExceptionsFile::new(all).to_yaml().expect("yaml");
    // Freezes in the order they happen, only those with requests.
    let enh = yaml.find("enhancementFreeze:").expect(&yaml);
    let code = yaml.find("codeFreeze:").expect(&yaml);
    assert!(enh < code, "{yaml}");
    assert!(!yaml.contains("prrFreeze"), "{yaml}");
    let back: serde_json::Value = serde_saphyr::from_str(&yaml).expect("valid YAML");
    let c = &back["codeFreeze"][0];
    assert_eq!(c["name"], "Pod things");
    assert_eq!(c["issue"], 1001);
    assert_eq!(c["date_requested"], "2026-03-18");
    assert_eq!(c["date_reviewed"], "");
    assert_eq!(
        c["thread"],
        "https://groups.google.com/g/kubernetes-sig-release/c/abc"
    );
    assert_eq!(
        c["pull_requests"],
        serde_json::json!([
            "https://github.com/kubernetes/kubernetes/pull/1",
            "https://github.com/kubernetes/kubernetes/pull/2"
        ])
    );
    assert_eq!(c["status"], "approved");
    assert_eq!(back["enhancementFreeze"][0]["status"], "pending");
    assert_eq!(
        back["enhancementFreeze"][0]["pull_requests"],
        serde_json::json!([])
    );
}

#[test]
fn a_name_yaml_would_misread_survives_the_round_trip() {
    let t = enhancements(&[row(
        "7",
        "yes: no # - [x]",
        ["Docs Freeze", "Rejected", "", "2026-04-01", ""],
    )]);
    let yaml = ExceptionsFile::new(read_tab(&t).0).to_yaml().unwrap();
    let back: serde_json::Value = serde_saphyr::from_str(&yaml).expect("valid YAML");
    assert_eq!(back["docsFreeze"][0]["name"], "yes: no # - [x]", "{yaml}");
    assert_eq!(back["docsFreeze"][0]["status"], "rejected");
}

#[test]
fn a_tab_without_exception_columns_has_none_and_counts_go_by_status() {
    let names = ColumnNames::default();
    let plain = tab(
        2,
        "Enhancements",
        &[&ENH_HEADERS, &["1", "a", "", "", "", "", "", "Tracked"]],
    );
    assert_eq!(read_tab(&plain), (vec![], vec![]));
    let t = enhancements(&[
        row("1", "a", ["Code and Test Freeze", "Approved", "", "", ""]),
        row("2", "b", ["Code and Test Freeze", "Approved", "", "", ""]),
        row("3", "c", ["PRR Freeze", "In Review", "", "", ""]),
    ]);
    let l = TabLayout::locate(Role::Enhancements, &t, &names, "kubernetes/enhancements").unwrap();
    let counts = count_by_status([&l], &names);
    assert_eq!(
        counts.into_iter().collect::<Vec<_>>(),
        [("approved".to_string(), 2), ("pending".to_string(), 1)]
    );
    let table = to_table(&read(&l, &names).0);
    assert_eq!(table.lines().count(), 4, "{table}");
    assert!(
        table.lines().nth(3).unwrap().starts_with("PRR Freeze"),
        "{table}"
    );
}
