//! Planner tests of label intake and intake closing at the Enhancements Freeze: who is taken in
//! (open, labelled, with the milestone when asked, not already on a tab), who is only noted (too
//! late, label gone), and KEP Collection closing at the same freeze.

use super::*;
use crate::model::{LabelledIssues, Timestamp};

const FREEZE: Timestamp = Timestamp(1_770_940_800); // 2026-02-13 00:00 UTC

fn labelled(open: &[(u64, i64)], seen: &[u64]) -> LabelledIssues {
    LabelledIssues {
        label: "lead-opted-in".into(),
        open: open.iter().copied().collect(),
        seen: seen
            .iter()
            .copied()
            .chain(open.iter().map(|(n, _)| *n))
            .collect(),
    }
}

fn rules(l: &LabelledIssues, now: i64) -> IntakeRules<'_> {
    IntakeRules {
        labelled: Some(l),
        milestone: None,
        closes_at: Some(FREEZE),
        now: Timestamp(now),
    }
}

fn intakes(p: &Plan) -> Vec<u64> {
    p.new_rows
        .iter()
        .filter(|r| r.role == Role::Enhancements)
        .map(|r| r.issue)
        .collect()
}

fn with_label(mut w: World, ns: &[u64]) -> World {
    for n in ns {
        if let Some(IssueLookup::Found(f)) = w.issues.get_mut(n) {
            f.labels.push("Lead-Opted-In".into());
        }
    }
    w
}

#[test]
fn labelled_open_issues_are_taken_in_once() {
    let w = World::new(
        vec![vec!["1"]],
        vec![enh_row("2", "Tracked", "")],
        vec![enh_row("3", "Deferred", "")],
        vec![],
    )
    .found(&[1, 2, 3, 4, 5, 6]);
    let mut w = with_label(w, &[1, 2, 3, 4, 6]);
    if let Some(IssueLookup::Found(f)) = w.issues.get_mut(&6) {
        f.open = false;
    }
    let before = FREEZE.0 - 10;
    let l = labelled(
        &[
            (1, before),
            (2, before),
            (3, before),
            (4, before),
            (5, before),
            (6, before),
        ],
        &[],
    );
    let p = w.plan_with(rules(&l, before));
    // 1 from KEP Collection (once), 2 and 3 already on a tab, 4 by label; 5 lost the label
    // since the listing and 6 is closed.
    assert_eq!(intakes(&p), [1, 4]);
    let docs: Vec<u64> = p
        .new_rows
        .iter()
        .filter(|r| r.role == Role::Docs)
        .map(|r| r.issue)
        .collect();
    assert_eq!(docs, [1, 4]);
}

#[test]
fn the_milestone_rule_wants_the_release() {
    let mut w = with_label(
        World::new(vec![], vec![], vec![], vec![]).found(&[4, 5]),
        &[4, 5],
    );
    if let Some(IssueLookup::Found(f)) = w.issues.get_mut(&5) {
        f.milestone = Some("v1.36".into());
    }
    let l = labelled(&[(4, 0), (5, 0)], &[]);
    let p = w.plan_with(IntakeRules {
        milestone: Some("1.37"),
        ..rules(&l, 0)
    });
    assert_eq!(intakes(&p), [4]);
}

#[test]
fn intake_closes_at_the_enhancements_freeze_for_both_intakes() {
    let w = with_label(
        World::new(vec![vec!["1"]], vec![], vec![], vec![]).found(&[1, 4, 7]),
        &[4, 7],
    );
    let l = labelled(&[(4, FREEZE.0 - 1), (7, FREEZE.0 + 1)], &[]);
    let p = w.plan_with(rules(&l, FREEZE.0 + 60));
    assert_eq!(
        intakes(&p),
        [4],
        "opted in before the freeze: still taken in"
    );
    let late = "opted in after Enhancements Freeze (2026-02-13 00:00 UTC): needs an exception";
    assert!(
        p.warnings
            .contains(&format!("#7 (label lead-opted-in): {late}")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.warnings
            .contains(&format!("KEP Collection row 2 (#1): {late}")),
        "{:?}",
        p.warnings
    );
    assert_eq!(sync_statuses(&p), [(2, late.to_string())]);
}

#[test]
fn a_row_whose_label_is_gone_stays_with_a_note() {
    let w = World::new(
        vec![vec!["2"]],
        vec![enh_row("2", "Tracked", "")],
        vec![],
        vec![],
    )
    .found(&[2]);
    let l = labelled(&[], &[2]);
    let p = w.plan_with(rules(&l, 0));
    assert!(p.moves.is_empty() && p.docs_removals.is_empty());
    let gone = "label lead-opted-in is gone (kepsync keeps the row; people decide)";
    assert!(
        p.warnings
            .contains(&format!("Enhancements row 2 (#2): {gone}")),
        "{:?}",
        p.warnings
    );
    assert_eq!(
        sync_statuses(&p),
        [(2, format!("tracked in Enhancements; {gone}"))]
    );
}
