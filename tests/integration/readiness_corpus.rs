//! Readiness on real KEPs from the shared corpus: one that passes every check, and modified
//! copies (PRR approver removed, latest-milestone changed, Test Plan box unticked) that fail.

use crate::support::process::corpus;
use kepsync::github::{IssueFacts, LinkedPr, OpenKepPr};
use kepsync::keps::KepIndex;
use kepsync::readiness::{Calendar, Check, Readiness, Signal, Timestamp, evaluate};
use std::path::Path;

/// The passing KEP: Gang Scheduling, beta in v1.37.
const NUMBER: u64 = 4671;
const KEP_DIR: &str = "keps/sig-scheduling/4671-gang-scheduling";
const PRR: &str = "keps/prod-readiness/sig-scheduling/4671.yaml";
const RELEASE: &str = "v1.37";
const DAY: i64 = 86_400;

/// The KEP's files as the index reads them: kep.yaml, README.md, its PRR file, OWNERS_ALIASES.
fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    [
        format!("{KEP_DIR}/kep.yaml"),
        format!("{KEP_DIR}/README.md"),
        PRR.to_string(),
        "OWNERS_ALIASES".to_string(),
    ]
    .into_iter()
    .map(|p| {
        let bytes = std::fs::read(root.join(&p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        (p, bytes)
    })
    .collect()
}

/// Replaces `from` by `to` in file `path` (which must contain it).
fn edit(files: &mut [(String, Vec<u8>)], path: &str, from: &str, to: &str) {
    let (_, bytes) = files
        .iter_mut()
        .find(|(p, _)| p == path)
        .expect("file present");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    assert!(text.contains(from), "{path} lacks {from:?}");
    *bytes = text.replacen(from, to, 1).into_bytes();
}

fn issue() -> IssueFacts {
    IssueFacts {
        number: NUMBER,
        title: "Gang Scheduling".into(),
        url: format!("https://github.com/kubernetes/enhancements/issues/{NUMBER}"),
        open: true,
        assignees: vec![],
        labels: vec![
            "lead-opted-in".into(),
            "stage/beta".into(),
            "sig/scheduling".into(),
        ],
        milestone: Some(RELEASE.into()),
        linked_prs: vec![LinkedPr {
            repo: "kubernetes/kubernetes".into(),
            number: 130000,
            url: "https://github.com/kubernetes/kubernetes/pull/130000".into(),
            open: false,
            merged: true,
        }],
    }
}

fn calendar() -> Calendar {
    Calendar {
        prr_freeze: Some(Timestamp(10 * DAY)),
        enhancements_freeze: Some(Timestamp(17 * DAY)),
        code_freeze: Some(Timestamp(60 * DAY)),
        docs_freeze: Some(Timestamp(70 * DAY)),
    }
}

fn readiness(files: Vec<(String, Vec<u8>)>, prs: &[OpenKepPr], now: Timestamp) -> Readiness {
    let index = KepIndex::from_files(files);
    let kep = index.get(NUMBER);
    assert!(kep.is_some(), "KEP {NUMBER} indexed");
    evaluate(
        kep,
        &issue(),
        prs,
        index.owners_aliases.as_ref(),
        &calendar(),
        RELEASE,
        now,
    )
}

fn checks(r: &Readiness) -> Vec<Check> {
    r.failures.iter().map(|f| f.check).collect()
}

#[test]
fn a_real_kep_passes_and_modified_copies_fail_each_check() {
    let Some(root) = corpus() else {
        eprintln!("SKIPPED: ../shared/kep-corpus not found");
        return;
    };
    let after_all = Timestamp(100 * DAY);
    let good = readiness(files(&root), &[], after_all);
    assert_eq!(good.failures, vec![], "the real KEP passes every check");
    assert_eq!((good.signal, good.text.as_str()), (Signal::Ready, ""));

    let mut no_approver = files(&root);
    edit(
        &mut no_approver,
        PRR,
        "beta:\n  approver: \"@soltysh\"",
        "beta:\n  approver: \"\"",
    );
    let r = readiness(no_approver, &[], after_all);
    assert_eq!(checks(&r), [Check::PrrApprover]);
    assert_eq!(r.text, format!("At risk: PRR: no beta approver in {PRR}"));

    let mut stranger = files(&root);
    edit(
        &mut stranger,
        PRR,
        "beta:\n  approver: \"@soltysh\"",
        "beta:\n  approver: \"@not-a-prr-approver\"",
    );
    let r = readiness(stranger, &[], after_all);
    assert_eq!(checks(&r), [Check::PrrApproverListed]);

    let mut old_milestone = files(&root);
    let yaml = format!("{KEP_DIR}/kep.yaml");
    edit(
        &mut old_milestone,
        &yaml,
        "latest-milestone: \"v1.37\"",
        "latest-milestone: \"v1.36\"",
    );
    let r = readiness(old_milestone, &[], after_all);
    assert_eq!(checks(&r), [Check::LatestMilestone]);
    assert_eq!(r.text, "At risk: latest-milestone is v1.36, expected v1.37");

    let mut no_v = files(&root);
    edit(
        &mut no_v,
        &yaml,
        "latest-milestone: \"v1.37\"",
        "latest-milestone: \"1.37\"",
    );
    assert_eq!(
        checks(&readiness(no_v, &[], after_all)),
        [Check::LatestMilestone]
    );

    let mut unticked = files(&root);
    let readme = format!("{KEP_DIR}/README.md");
    edit(
        &mut unticked,
        &readme,
        "[X] I/we understand",
        "[ ] I/we understand",
    );
    let r = readiness(unticked, &[], after_all);
    assert_eq!(checks(&r), [Check::TestPlan]);
    assert_eq!(r.text, "At risk: README: Test Plan box not ticked");

    let pr = OpenKepPr {
        number: 6001,
        title: "KEP-4671: update".into(),
        url: "https://github.com/kubernetes/enhancements/pull/6001".into(),
        files: vec![format!("{KEP_DIR}/README.md")],
    };
    let r = readiness(files(&root), &[pr], after_all);
    assert_eq!(checks(&r), [Check::NoOtherOpenPr]);
}

#[test]
fn the_signal_follows_the_calendar_on_a_real_kep() {
    let Some(root) = corpus() else {
        eprintln!("SKIPPED: ../shared/kep-corpus not found");
        return;
    };
    let mut unticked = files(&root);
    let readme = format!("{KEP_DIR}/README.md");
    edit(
        &mut unticked,
        &readme,
        "[X] I/we understand",
        "[ ] I/we understand",
    );
    // Before PRR freeze the Test Plan (an enhancements-freeze item) is not yet asked for.
    assert!(readiness(unticked.clone(), &[], Timestamp(0)).is_ready());
    // After PRR freeze, enhancements freeze is next and 7 days away: yellow.
    let r = readiness(unticked.clone(), &[], Timestamp(10 * DAY + 1));
    assert_eq!(r.signal, Signal::DueLater);
    // Within three days of it: red.
    let r = readiness(unticked, &[], Timestamp(14 * DAY + 1));
    assert_eq!(r.signal, Signal::Urgent);
}
