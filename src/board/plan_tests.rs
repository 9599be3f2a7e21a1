//! Unit tests of the board plan: items added only for issues GitHub has, owned fields set only
//! where they differ, no option invented, a person's Type kept.

use super::*;
use crate::model::board::{BoardItem, SelectOption};

fn select(id: &str, name: &str, options: &[&str]) -> BoardField {
    BoardField {
        id: id.into(),
        name: name.into(),
        kind: FieldKind::SingleSelect(
            options
                .iter()
                .map(|o| SelectOption {
                    id: format!("{id}-{o}"),
                    name: o.to_string(),
                })
                .collect(),
        ),
    }
}

fn board() -> Board {
    let text = |id: &str, name: &str| BoardField {
        id: id.into(),
        name: name.into(),
        kind: FieldKind::Text,
    };
    Board {
        id: "PVT_1".into(),
        title: "v1.37 Release Tracking".into(),
        fields: vec![
            text("F_issue", "Issue Number"),
            select("F_stage", "Stage", &["Alpha", "Beta", "Stable"]),
            select("F_sig", "SIG", &["sig-node"]),
            select("F_type", "Type", &["Net New", "Docs"]),
        ],
        items: vec![BoardItem {
            id: "PVTI_7".into(),
            issue: Some(7),
            archived: false,
            values: [
                ("Issue Number".to_string(), "7".to_string()),
                ("Stage".to_string(), "Beta".to_string()),
                ("Type".to_string(), "Docs".to_string()),
            ]
            .into(),
        }],
    }
}

fn tracked(issue: u64, known: bool) -> Tracked {
    Tracked {
        issue,
        known,
        stage: Some("beta".into()),
        sig: Some("sig-apps".into()),
        kind: Some("Net New".into()),
        ..Tracked::default()
    }
}

fn plan(tracked: &[Tracked]) -> BoardPlan {
    plan_board(&BoardInput {
        board: &board(),
        names: &BoardFieldNames::default(),
        tracked,
        status: None,
    })
}

#[test]
fn an_issue_github_does_not_have_gets_a_note_not_an_item() {
    let p = plan(&[tracked(7, true), tracked(8, true), tracked(99999, false)]);
    assert_eq!(p.adds, [8]);
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("#99999: no such issue")),
        "{:?}",
        p.notes
    );
}

#[test]
fn only_differing_fields_are_set_and_no_option_is_invented() {
    let p = plan(&[tracked(7, true)]);
    let sets: Vec<(&str, &str)> = p
        .sets
        .iter()
        .map(|s| (s.field.as_str(), s.value.shown()))
        .collect();
    // Stage already reads Beta; Type holds a person's Docs; sig-apps is no SIG option.
    assert!(sets.is_empty(), "{sets:?}");
    assert!(
        p.notes.iter().any(|n| n.contains("no option \"sig-apps\"")),
        "{:?}",
        p.notes
    );
    let p = plan(&[tracked(8, true)]);
    let fields: Vec<&str> = p.sets.iter().map(|s| s.field.as_str()).collect();
    assert_eq!(
        fields,
        ["Issue Number", "Stage", "Type"],
        "a new item gets what it lacks"
    );
    assert!(
        p.sets.iter().all(|s| s.item.is_none()),
        "known once the item is added"
    );
}
