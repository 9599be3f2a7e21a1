//! Write-back planning on hand-built sheets: only needed edits, removed rows, conflicts.

use super::*;
use crate::config::ColumnNames;
use crate::github::{IssueFacts, IssueLookup};
use crate::sheet::{Cell, Snapshot, Tab};
use crate::sync::{KepView, Layout};
use std::collections::BTreeMap;

use crate::sync::fixtures::ENH_HEADERS as HEAD;

fn tab(id: i32, title: &str, rows: &[[&str; 8]]) -> Tab {
    let mut all = vec![HEAD.map(Cell::text).to_vec()];
    all.extend(rows.iter().map(|r| r.map(Cell::text).to_vec()));
    Tab {
        sheet_id: id,
        title: title.into(),
        row_count: 100,
        column_count: 8,
        rows: all,
    }
}

fn row(issue: &str, stage: &str, status: &str) -> [&'static str; 8] {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    [leak(issue), "", "", "", "", "", leak(stage), leak(status)]
}

fn snapshot(enh: &[[&str; 8]], removed: &[[&str; 8]]) -> Snapshot {
    Snapshot {
        spreadsheet_id: "s".into(),
        write_token: None,
        board_status: None,
        status_seen: None,
        tabs: vec![
            tab(0, "KEP Collection", &[]),
            tab(1, "Enhancements", enh),
            tab(2, "Removed from Milestone", removed),
            tab(3, "Docs", &[]),
        ],
    }
}

fn facts(n: u64, labels: &[&str], milestone: Option<&str>) -> IssueLookup {
    IssueLookup::Found(IssueFacts {
        number: n,
        title: format!("Feature {n}"),
        url: format!("https://github.com/kubernetes/enhancements/issues/{n}"),
        open: true,
        assignees: vec![],
        labels: labels.iter().map(|l| l.to_string()).collect(),
        milestone: milestone.map(String::from),
        linked_prs: vec![],
    })
}

fn run(snap: &Snapshot, issues: BTreeMap<u64, IssueLookup>) -> WritebackPlan {
    let titles: Vec<String> = snap.tabs.iter().map(|t| t.title.clone()).collect();
    let layout = Layout::locate(
        snap,
        &titles,
        &ColumnNames::default(),
        "kubernetes/enhancements",
    )
    .unwrap();
    let mut keps = BTreeMap::new();
    keps.insert(
        1,
        KepView {
            yaml_path: "keps/sig-node/1-a/kep.yaml".into(),
            status: "implementable".into(),
            stage: "beta".into(),
            owning_sig: "sig-node".into(),
            readable: true,
        },
    );
    plan_writeback(&WritebackInput {
        layout: &layout,
        issues: &issues,
        keps: &keps,
        release: "v1.37",
        vocabulary: crate::model::status::classic(),
    })
}

#[test]
fn tracked_row_gets_milestone_tracked_yes_and_the_kep_stage() {
    let snap = snapshot(&[row("1", "Alpha", "Tracked")], &[]);
    let issues = BTreeMap::from([(
        1,
        facts(1, &["sig/node", "tracked/no", "stage/alpha"], None),
    )]);
    let plan = run(&snap, issues);
    assert_eq!(plan.writes.len(), 1, "{plan}");
    assert_eq!(
        plan.writes[0].edits,
        vec![
            IssueEdit::SetMilestone("v1.37".into()),
            IssueEdit::AddLabels(vec!["tracked/yes".into(), "stage/beta".into()]),
            IssueEdit::RemoveLabel("tracked/no".into()),
            IssueEdit::RemoveLabel("stage/alpha".into()),
        ]
    );
    assert_eq!(plan.writes[0].reason, "Tracked on Enhancements row 2");
}

#[test]
fn an_issue_already_right_needs_nothing() {
    let snap = snapshot(
        &[row("1", "", "Tracked"), row("2", "Alpha", "Tracked")],
        &[row("3", "", "Removed from Milestone")],
    );
    let issues = BTreeMap::from([
        (1, facts(1, &["tracked/yes", "stage/beta"], Some("v1.37"))),
        (2, facts(2, &["tracked/yes", "stage/alpha"], Some("v1.37"))),
        (3, facts(3, &["tracked/no"], None)),
    ]);
    assert!(run(&snap, issues).is_empty());
}

#[test]
fn removed_rows_lose_the_release_milestone_and_get_tracked_no() {
    let snap = snapshot(
        &[row("4", "", "Deferred"), row("6", "", "At Risk")],
        &[row("5", "", "Removed from Milestone")],
    );
    let issues = BTreeMap::from([
        (4, facts(4, &["tracked/yes"], Some("v1.38"))),
        (5, facts(5, &["tracked/yes", "stage/beta"], Some("v1.37"))),
        (6, facts(6, &[], None)),
    ]);
    let plan = run(&snap, issues);
    let edits: Vec<(u64, Vec<IssueEdit>)> = plan
        .writes
        .iter()
        .map(|w| (w.issue, w.edits.clone()))
        .collect();
    assert_eq!(
        edits,
        vec![
            (
                4,
                vec![
                    IssueEdit::AddLabels(vec!["tracked/no".into()]),
                    IssueEdit::RemoveLabel("tracked/yes".into())
                ]
            ),
            (
                5,
                vec![
                    IssueEdit::ClearMilestone("v1.37".into()),
                    IssueEdit::AddLabels(vec!["tracked/no".into()]),
                    IssueEdit::RemoveLabel("tracked/yes".into())
                ]
            ),
        ],
        "a v1.38 milestone is not ours to clear; At Risk asks for nothing"
    );
}

#[test]
fn a_tracked_row_on_removed_is_moving_back_and_is_tracked_again() {
    let snap = snapshot(&[], &[row("9", "beta", "Tracked")]);
    let issues = BTreeMap::from([(9, facts(9, &["tracked/no", "stage/beta"], None))]);
    let plan = run(&snap, issues);
    assert_eq!(plan.writes.len(), 1, "{plan}");
    assert_eq!(
        plan.writes[0].reason,
        "Tracked on Removed from Milestone row 2"
    );
    assert_eq!(
        plan.writes[0].edits,
        vec![
            IssueEdit::SetMilestone("v1.37".into()),
            IssueEdit::AddLabels(vec!["tracked/yes".into()]),
            IssueEdit::RemoveLabel("tracked/no".into()),
        ]
    );
}

#[test]
fn conflicting_rows_and_unread_issues_are_noted_not_written() {
    let snap = snapshot(
        &[row("7", "", "Tracked"), row("8", "", "Tracked")],
        &[row("7", "", "Removed from Milestone")],
    );
    let issues = BTreeMap::from([(7, facts(7, &[], None)), (8, IssueLookup::NotFound)]);
    let plan = run(&snap, issues);
    assert!(plan.writes.is_empty(), "{plan}");
    assert_eq!(plan.notes.len(), 2, "{plan}");
    assert!(plan.notes[0].contains("#7"), "{plan}");
    assert!(plan.notes[1].contains("#8"), "{plan}");
}
