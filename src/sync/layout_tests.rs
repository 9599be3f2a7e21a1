//! Layout tests: tabs and columns found by header, ignoring case and spaces.

use super::*;
use crate::sheet::Cell;

pub(crate) fn tab(title: &str, rows: &[&[&str]]) -> Tab {
    Tab {
        sheet_id: 7,
        title: title.into(),
        row_count: 1000,
        column_count: 26,
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| Cell::text(*s)).collect())
            .collect(),
    }
}

#[test]
fn finds_header_below_row_one_with_odd_spacing_and_extra_columns() {
    let t = tab(
        "Enhancements",
        &[
            &["Enhancements for v1.37"],
            &[],
            &[
                "notes",
                "kep assignee",
                " ISSUE ",
                "Name",
                "Sig",
                "Proposal",
                "KEPState",
                "Stage",
                "Status",
            ],
            &["x", "", "#12", "", "", "", "", "", "Tracked"],
            &[],
            &["", "", "", "", "", "", "", "", ""],
            &["", "", "bogus"],
        ],
    );
    let l = TabLayout::locate(
        Role::Enhancements,
        &t,
        &ColumnNames::default(),
        "kubernetes/enhancements",
    )
    .unwrap();
    assert_eq!(l.header_row, 2);
    assert_eq!(l.col(Column::Issue), Some(2));
    assert_eq!(l.col(Column::KepAssignee), Some(1));
    assert_eq!(l.col(Column::KepState), Some(6));
    assert_eq!(l.rows.len(), 2);
    assert_eq!(l.rows[0].number(), Some(12));
    assert!(l.rows[1].issue.is_err());
    assert_eq!(l.end_of_data(), 7);
}

#[test]
fn missing_columns_are_all_named() {
    let t = tab("Enhancements", &[&["Issue", "Name", "Status"]]);
    let err =
        TabLayout::locate(Role::Enhancements, &t, &ColumnNames::default(), "k/e").unwrap_err();
    assert_eq!(
        err.to_string(),
        "tab \"Enhancements\", header row 1: missing column(s) SIG, KEP Assignee, Proposal, KEP State, Stage"
    );
    let t = tab("Docs", &[&["Name"]]);
    let err = TabLayout::locate(Role::Docs, &t, &ColumnNames::default(), "k/e").unwrap_err();
    assert!(matches!(err, LayoutError::NoHeaderRow { .. }));
}

#[test]
fn tab_titles_match_ignoring_case_and_spaces_exact_first() {
    let titles: Vec<String> = [
        "kep collection",
        "Enhancements",
        "ENHANCEMENTS",
        "RemovedFromMilestone",
        "Docs",
    ]
    .map(String::from)
    .into();
    let found = resolve_titles(&TabNames::default(), &titles).unwrap();
    assert_eq!(
        found,
        [
            "kep collection",
            "Enhancements",
            "RemovedFromMilestone",
            "Docs"
        ]
    );
    let missing = resolve_titles(&TabNames::default(), &titles[..2]).unwrap_err();
    assert_eq!(missing, ["Removed from Milestone", "Docs"]);
}
