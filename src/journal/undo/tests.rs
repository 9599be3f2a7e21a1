//! Unit tests of the undo planner: a fill put back only where it still holds kepsync's value.

use super::*;
use crate::config::ColumnNames;
use crate::journal::record_of;
use crate::sheet::Snapshot;
use crate::sync::fixtures::{ENH_HEADERS, tab};

fn snapshot(name: &str) -> Snapshot {
    Snapshot {
        spreadsheet_id: "s".into(),
        tabs: vec![
            tab(1, "KEP Collection", &[&["Issue", "Sync Status"]]),
            tab(
                2,
                "Enhancements",
                &[
                    &ENH_HEADERS,
                    &["5", name, "sig-node", "", "", "", "", "Tracked"],
                ],
            ),
            tab(3, "Removed from Milestone", &[&ENH_HEADERS]),
            tab(4, "Docs", &[&["Issue", "Name", "SIG"]]),
        ],
        ..Snapshot::default()
    }
}

fn titles() -> Vec<String> {
    [
        "KEP Collection",
        "Enhancements",
        "Removed from Milestone",
        "Docs",
    ]
    .map(String::from)
    .into()
}

/// The record of a cycle that filled Name of #5 with "Filled".
fn filled() -> CycleRecord {
    let before = snapshot("");
    let names = ColumnNames::default();
    let layout = Layout::locate(&before, &titles(), &names, "kubernetes/enhancements").unwrap();
    let t = layout.get(Role::Enhancements);
    let mut plan = Plan::default();
    plan.tab_titles.insert(2, "Enhancements".into());
    plan.edits.push(CellEdit {
        sheet_id: 2,
        row: 1,
        col: 1,
        header: "Name".into(),
        issue: Some(5),
        before: t.tab.cell(1, 1).cloned().unwrap_or_default(),
        set: CellSet::text("Filled"),
        why: Why::Fill(Column::Name),
    });
    record_of(&plan, &before, "c1", "2026-12-02T10:00:00Z")
}

fn undo_over(name: &str) -> UndoPlan {
    let now = snapshot(name);
    let layout = Layout::locate(
        &now,
        &titles(),
        &ColumnNames::default(),
        "kubernetes/enhancements",
    )
    .unwrap();
    plan_undo(&filled(), &layout, &UndoOptions::default())
}

#[test]
fn a_fill_still_holding_what_kepsync_wrote_goes_back_to_its_before_value() {
    let u = undo_over("Filled");
    assert_eq!(u.plan.edits.len(), 1, "{u:?}");
    assert_eq!(u.plan.edits[0].set.text.as_deref(), Some(""));
    assert_eq!(u.plan.edits[0].why, Why::Undo);
    assert!(u.kept.is_empty());
}

#[test]
fn a_persons_later_edit_is_kept_and_listed() {
    let u = undo_over("Typed by a person");
    assert!(u.plan.edits.is_empty(), "{u:?}");
    assert_eq!(u.kept.len(), 1);
    assert!(u.kept[0].contains("Typed by a person"), "{:?}", u.kept);
}
