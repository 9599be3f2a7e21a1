//! Unit tests of the GitHub and board undo planner: an edit reversed only where GitHub still
//! shows what kepsync wrote, an added item deleted with its field sets, a blank field cleared.

use super::*;
use crate::model::board::{BoardField, BoardItem, SelectOption};

fn facts(labels: &[&str], milestone: Option<&str>) -> BTreeMap<u64, IssueLookup> {
    let f = IssueFacts {
        number: 7,
        title: "t".into(),
        url: String::new(),
        open: true,
        assignees: Vec::new(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
        milestone: milestone.map(str::to_string),
        linked_prs: Vec::new(),
    };
    BTreeMap::from([(7, IssueLookup::Found(f))])
}

fn edit(change: IssueEdit, milestone_before: Option<&str>) -> GithubChange {
    GithubChange {
        issue: 7,
        edit: change.to_string(),
        reason: "Tracked on Enhancements row 2".into(),
        applied: true,
        change: Some(change),
        milestone_before: milestone_before.map(str::to_string),
    }
}

fn github(changes: Vec<GithubChange>) -> CycleRecord {
    CycleRecord {
        cycle: "c1".into(),
        github: changes,
        ..CycleRecord::default()
    }
}

#[test]
fn a_tracked_cycle_is_reversed_edit_by_edit_back_to_what_the_issue_had() {
    let r = github(vec![
        edit(IssueEdit::SetMilestone("v1.37".into()), Some("v1.36")),
        edit(
            IssueEdit::AddLabels(vec!["tracked/yes".into(), "stage/beta".into()]),
            None,
        ),
        edit(IssueEdit::RemoveLabel("tracked/no".into()), None),
    ]);
    let now = facts(&["tracked/yes", "stage/beta"], Some("v1.37"));
    let u = plan_github_undo(&r, &now);
    assert!(u.kept.is_empty(), "{:?}", u.kept);
    assert_eq!(u.plan.writes.len(), 1);
    assert_eq!(
        u.plan.writes[0].edits,
        vec![
            IssueEdit::AddLabels(vec!["tracked/no".into()]),
            IssueEdit::RemoveLabel("tracked/yes".into()),
            IssueEdit::RemoveLabel("stage/beta".into()),
            IssueEdit::SetMilestone("v1.36".into()),
        ]
    );
    assert_eq!(u.plan.writes[0].milestone_before.as_deref(), Some("v1.37"));
}

#[test]
fn a_milestone_set_where_there_was_none_is_cleared_and_a_cleared_one_is_set_again() {
    let set = github(vec![edit(IssueEdit::SetMilestone("v1.37".into()), None)]);
    let u = plan_github_undo(&set, &facts(&[], Some("v1.37")));
    assert_eq!(
        u.plan.writes[0].edits,
        vec![IssueEdit::ClearMilestone("v1.37".into())]
    );
    let cleared = github(vec![edit(
        IssueEdit::ClearMilestone("v1.37".into()),
        Some("v1.37"),
    )]);
    let u = plan_github_undo(&cleared, &facts(&[], None));
    assert_eq!(
        u.plan.writes[0].edits,
        vec![IssueEdit::SetMilestone("v1.37".into())]
    );
}

#[test]
fn a_persons_later_change_on_github_is_kept_and_listed() {
    let r = github(vec![
        edit(IssueEdit::SetMilestone("v1.37".into()), None),
        edit(IssueEdit::AddLabels(vec!["tracked/yes".into()]), None),
        edit(IssueEdit::RemoveLabel("tracked/no".into()), None),
    ]);
    // Since: someone moved the milestone, removed tracked/yes and put tracked/no back.
    let u = plan_github_undo(&r, &facts(&["tracked/no"], Some("v1.38")));
    assert!(u.plan.is_empty(), "{:?}", u.plan);
    assert_eq!(u.kept.len(), 3, "{:?}", u.kept);
    assert!(u.kept.iter().any(|k| k.contains("milestone now v1.38")));
}

#[test]
fn edits_not_sent_or_journaled_as_text_only_are_not_reversed() {
    let mut unsent = edit(IssueEdit::RemoveLabel("tracked/no".into()), None);
    unsent.applied = false;
    let mut text_only = edit(IssueEdit::RemoveLabel("x".into()), None);
    text_only.change = None;
    let u = plan_github_undo(&github(vec![unsent, text_only]), &facts(&[], None));
    assert!(u.plan.is_empty());
    assert_eq!(u.kept.len(), 1);
    assert!(u.kept[0].contains("by hand"), "{:?}", u.kept);
}

fn board(stage: &str, type_: Option<&str>) -> Board {
    let mut values = BTreeMap::from([("Stage".to_string(), stage.to_string())]);
    if let Some(t) = type_ {
        values.insert("Type".into(), t.into());
    }
    let option = |id: &str, name: &str| SelectOption {
        id: id.into(),
        name: name.into(),
    };
    Board {
        id: "P".into(),
        title: "v1.37".into(),
        fields: vec![
            BoardField {
                id: "FS".into(),
                name: "Stage".into(),
                kind: FieldKind::SingleSelect(vec![option("a", "Alpha"), option("b", "Beta")]),
            },
            BoardField {
                id: "FT".into(),
                name: "Type".into(),
                kind: FieldKind::Text,
            },
        ],
        items: vec![
            BoardItem {
                id: "I7".into(),
                issue: Some(7),
                archived: false,
                values,
            },
            BoardItem {
                id: "I8".into(),
                issue: Some(8),
                archived: false,
                values: BTreeMap::new(),
            },
        ],
    }
}

fn set(issue: u64, item: &str, field: &str, before: &str, after: &str) -> BoardChange {
    BoardChange {
        issue,
        field: field.into(),
        before: before.into(),
        after: after.into(),
        applied: true,
        project: "P".into(),
        item: Some(item.into()),
        field_id: Some(format!("F{}", &field[..1])),
    }
}

fn added(issue: u64, item: &str) -> BoardChange {
    BoardChange {
        issue,
        field: "item".into(),
        after: "added".into(),
        applied: true,
        item: Some(item.into()),
        ..BoardChange::default()
    }
}

#[test]
fn a_field_goes_back_to_its_option_and_a_blank_one_is_cleared() {
    let r = CycleRecord {
        board: vec![
            set(7, "I7", "Stage", "Alpha", "Beta"),
            set(7, "I7", "Type", "", "Feature"),
        ],
        ..CycleRecord::default()
    };
    let u = plan_board_undo(&r, &board("Beta", Some("feature")));
    assert!(u.kept.is_empty(), "{:?}", u.kept);
    assert_eq!(u.project, "P");
    assert!(matches!(&u.steps[0], BoardStep::Clear { field, .. } if field == "Type"));
    assert!(matches!(
        &u.steps[1],
        BoardStep::Set { value: FieldValue::Option { id, .. }, .. } if id == "a"
    ));
}

#[test]
fn an_item_the_cycle_added_is_deleted_and_its_field_sets_go_with_it() {
    let r = CycleRecord {
        board: vec![added(8, "I8"), set(8, "I8", "Stage", "", "Beta")],
        ..CycleRecord::default()
    };
    let u = plan_board_undo(&r, &board("Beta", None));
    assert_eq!(
        u.steps,
        vec![BoardStep::Delete {
            issue: 8,
            item: "I8".into()
        }]
    );
    let gone = CycleRecord {
        board: vec![added(9, "I9")],
        ..CycleRecord::default()
    };
    let u = plan_board_undo(&gone, &board("Beta", None));
    assert!(u.steps.is_empty());
    assert!(u.kept[0].contains("no longer on the board"), "{:?}", u.kept);
}

#[test]
fn a_field_a_person_changed_since_is_kept_and_listed() {
    let r = CycleRecord {
        board: vec![set(7, "I7", "Stage", "Alpha", "Beta")],
        ..CycleRecord::default()
    };
    let u = plan_board_undo(&r, &board("Alpha", None));
    assert!(u.steps.is_empty());
    assert!(u.kept[0].contains("now \"Alpha\""), "{:?}", u.kept);
}

#[test]
fn an_undo_of_a_board_undo_is_journaled_as_changes_it_can_reverse() {
    let r = CycleRecord {
        board: vec![set(7, "I7", "Stage", "Alpha", "Beta")],
        ..CycleRecord::default()
    };
    let u = plan_board_undo(&r, &board("Beta", None));
    let journaled = board_undo_changes(&u, 1);
    assert_eq!(journaled[0].before, "Beta");
    assert_eq!(journaled[0].after, "Alpha");
    let again = CycleRecord {
        board: journaled,
        ..CycleRecord::default()
    };
    let back = plan_board_undo(&again, &board("Alpha", None));
    assert!(matches!(
        &back.steps[0],
        BoardStep::Set { value: FieldValue::Option { id, .. }, .. } if id == "b"
    ));
}
