//! `kepsync keps` run as a real process on a hand-written tree: filters, formats and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn kep(number: u64, sig: &str, title: &str, status: &str, stage: &str, milestone: &str) -> String {
    format!(
        "title: '{title}'\nkep-number: {number}\nauthors: [\"@a\"]\nowning-sig: {sig}\napprovers: [\"@b\"]\nstatus: {status}\nstage: {stage}\nlatest-milestone: \"{milestone}\"\n"
    )
}

/// A tree with four KEPs: two in sig-node (one invalid), one in sig-apps, one broken.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "OWNERS_ALIASES",
        "aliases:\n  prod-readiness-approvers: [deads2k]\n",
    );
    write(
        root,
        "keps/sig-node/10-a/kep.yaml",
        &kep(
            10,
            "sig-node",
            "Pods, faster",
            "implementable",
            "alpha",
            "v1.37",
        ),
    );
    write(
        root,
        "keps/prod-readiness/sig-node/10.yaml",
        "kep-number: 10\nalpha:\n  approver: \"@deads2k\"\n",
    );
    write(
        root,
        "keps/sig-node/11-b/kep.yaml",
        &kep(
            11,
            "sig-node",
            "Typo status",
            "imlpemented",
            "stable",
            "1.36",
        ),
    );
    write(
        root,
        "keps/sig-apps/12-c/kep.yaml",
        &kep(
            12,
            "sig-apps",
            "Jobs \"quoted\"",
            "provisional",
            "beta",
            "1.37",
        ),
    );
    write(
        root,
        "keps/sig-apps/13-d/kep.yaml",
        "title: [broken\nkep-number: 13\n",
    );
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kepsync"))
        .arg("keps")
        .args(args)
        .output()
        .expect("kepsync runs")
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON array")
}

fn numbers(items: &[serde_json::Value]) -> Vec<u64> {
    items
        .iter()
        .map(|k| k["number"].as_u64().expect("integer number"))
        .collect()
}

#[test]
fn json_lists_every_kep_with_the_issue_fields() {
    let dir = tree();
    let repo = dir.path().to_str().expect("utf-8 path");
    let keps = json(&["--repo", repo, "--output", "json"]);
    assert_eq!(numbers(&keps), [12, 13, 10, 11], "sorted by path");
    let first = &keps[2];
    for field in [
        "path",
        "title",
        "owning_sig",
        "status",
        "stage",
        "latest_milestone",
        "milestones",
        "authors",
        "valid",
        "problems",
        "prr",
        "readme",
    ] {
        assert!(first.get(field).is_some(), "{field}");
    }
    assert_eq!(first["prr"]["alpha"], "@deads2k");
    assert_eq!(first["valid"], true);
    assert_eq!(keps[0]["latest_milestone"], "v1.37");
    assert_eq!(keps[1]["valid"], false);
}

#[test]
fn filters_combine() {
    let dir = tree();
    let repo = dir.path().to_str().expect("utf-8 path");
    let base = ["--repo", repo, "--output", "json"];
    let with = |extra: &[&str]| numbers(&json(&[&base[..], extra].concat()));
    assert_eq!(with(&["--sig", "^sig-no"]), [10, 11]);
    assert_eq!(with(&["--milestone", "1.37"]), [12, 10]);
    assert_eq!(with(&["--milestone", "v1.36", "--sig", "node"]), [11]);
    assert_eq!(with(&["--status", "provisional"]), [12]);
    assert_eq!(with(&["--stage", "alpha"]), [10]);
    assert_eq!(with(&["--invalid"]), [13, 11]);
}

#[test]
fn csv_is_quoted_and_table_fits_100_columns() {
    let dir = tree();
    let repo = dir.path().to_str().expect("utf-8 path");
    let csv = run(&["--repo", repo, "--output", "csv"]);
    let csv = String::from_utf8(csv.stdout).expect("utf-8");
    assert!(csv.contains("\"Pods, faster\""), "{csv}");
    assert!(csv.contains("\"Jobs \"\"quoted\"\"\""), "{csv}");
    let table = run(&["--repo", repo, "--invalid"]);
    assert!(table.status.success());
    let table = String::from_utf8(table.stdout).expect("utf-8");
    assert!(table.lines().all(|l| l.chars().count() <= 100), "{table}");
    assert!(table.contains("imlpemented"));
    assert!(table.contains("keps/sig-apps/13-d/kep.yaml: does not decode"));
}

#[test]
fn bad_usage_and_unreadable_repos_exit_2() {
    let dir = tree();
    let repo = dir.path().to_str().expect("utf-8 path");
    let missing = dir.path().join("nowhere");
    let cases: [&[&str]; 4] = [
        &["--repo", missing.to_str().expect("utf-8")],
        &["--repo", repo, "--sig", "("],
        &["--repo", repo, "--milestone", "soon"],
        &["--repo", repo, "--output", "xml"],
    ];
    for args in cases {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
    let empty = tempfile::tempdir().expect("tempdir");
    let out = run(&["--repo", empty.path().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no keps/ folder"));
}
