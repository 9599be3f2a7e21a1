//! Init planning on hand-built spreadsheet states.

use super::*;
use crate::config::Config;
use crate::sheet::{Cell, Snapshot, Tab};
use crate::sheets::apply::init::to_requests;
use crate::sync::Layout;
use std::path::Path;

fn config() -> Config {
    Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n",
        Path::new("kepsync.toml"),
        Vec::new(),
    )
    .unwrap()
}

fn tab(id: i32, title: &str, rows: &[&[&str]]) -> TabState {
    TabState {
        sheet_id: id,
        title: title.into(),
        row_count: 100,
        column_count: 10,
        frozen_rows: 0,
        rows: rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|t| CellState {
                        text: t.to_string(),
                        ..CellState::default()
                    })
                    .collect()
            })
            .collect(),
        protected: Vec::new(),
    }
}

#[test]
fn the_prepared_tabs_satisfy_the_sync_layout() {
    let specs = specs(&config());
    let tabs: Vec<Tab> = specs
        .iter()
        .take(4)
        .enumerate()
        .map(|(i, s)| Tab {
            sheet_id: i as i32,
            title: s.title.clone(),
            row_count: 10,
            column_count: 12,
            rows: vec![s.headers.iter().map(Cell::text).collect()],
        })
        .collect();
    let titles: Vec<String> = tabs.iter().map(|t| t.title.clone()).collect();
    let snap = Snapshot {
        spreadsheet_id: "s".into(),
        write_token: None,
        board_status: None,
        status_seen: None,
        tabs,
    };
    let cfg = config();
    Layout::locate(&snap, &titles, &cfg.columns, &cfg.github.repo).expect("sync can work on it");
}

#[test]
fn an_empty_spreadsheet_gets_seven_tabs_with_fresh_ids() {
    let state = SheetState {
        tabs: vec![tab(5, "Sheet1", &[])],
    };
    let plan = plan_init(&state, &specs(&config()), None);
    let added: Vec<(String, i32)> = plan
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::AddTab {
                title, sheet_id, ..
            } => Some((title.clone(), *sheet_id)),
            _ => None,
        })
        .collect();
    assert_eq!(added.len(), 7);
    assert_eq!(added[0], ("KEP Collection".into(), 6));
    assert!(matches!(plan.steps[0], Step::AddTab { .. }));
    assert!(matches!(
        plan.steps.last(),
        Some(Step::ProtectHeader { .. })
    ));
    assert_eq!(to_requests(&plan).len(), plan.steps.len());
}

#[test]
fn a_tab_with_data_but_no_header_row_is_left_alone_with_a_note() {
    let state = SheetState {
        tabs: vec![tab(0, "Enhancements", &[&["1234", "something"]])],
    };
    let plan = plan_init(&state, &specs(&config()), None);
    assert!(
        plan.steps
            .iter()
            .all(|s| !format!("{s}").starts_with("Enhancements")),
        "{plan}"
    );
    assert!(plan.notes[0].contains("\"Enhancements\" has data but no header row"));
}

#[test]
fn another_validation_on_status_is_kept_and_noted() {
    let mut t = tab(
        0,
        "Enhancements",
        &[&["Issue", "Status"], &["1", "Tracked"]],
    );
    t.rows[1][1].validation = Some(vec!["Yes".into(), "No".into()]);
    t.frozen_rows = 1;
    let plan = plan_init(&SheetState { tabs: vec![t] }, &specs(&config()), None);
    assert!(
        !plan
            .steps
            .iter()
            .any(|s| matches!(s, Step::StatusDropdown { title, .. } if title == "Enhancements")),
        "{plan}"
    );
    assert!(
        plan.notes
            .iter()
            .any(|n| n.contains("another validation rule"))
    );
}

#[test]
fn rollover_keeps_previous_headers_first_and_skips_rows_already_present() {
    let prev = SheetState {
        tabs: vec![tab(
            0,
            "data",
            &[
                &["Issue", "Extra", "Name"],
                &["1", "x", "One"],
                &["2", "", "Two"],
            ],
        )],
    };
    let target = SheetState {
        tabs: vec![tab(3, "data", &[&["Name", "Issue"], &["One", "1"]])],
    };
    let plan = plan_init(&target, &specs(&config()), Some(&prev));
    let copied: Vec<_> = plan
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::CopyRows { at_row, rows, .. } => Some((*at_row, rows.clone())),
            _ => None,
        })
        .collect();
    // Issue 1 is already there; only issue 2 is copied, columns matched by header.
    assert_eq!(copied.len(), 1, "{plan}");
    let (at, rows) = &copied[0];
    assert_eq!(*at, 2);
    assert_eq!(
        rows,
        &vec![vec![(1, "2".to_string()), (0, "Two".to_string())]]
    );
    assert!(
        plan.steps.iter().any(
            |s| matches!(s, Step::WriteHeaders { headers, col: 2, .. } if headers[0] == "Extra")
        ),
        "{plan}"
    );
}

#[test]
fn optional_tabs_take_their_configured_names() {
    let named = Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n[tabs]\ndata = \"KEP data\"\ndashboard = \"Dashboard 1.37\"\n",
        Path::new("kepsync.toml"),
        Vec::new(),
    )
    .unwrap();
    let titles: Vec<String> = specs(&named).into_iter().map(|s| s.title).collect();
    assert_eq!(
        &titles[4..],
        ["KEP data", "Dashboard 1.37", "Feature stats"]
    );
    let titles: Vec<String> = specs(&config()).into_iter().map(|s| s.title).collect();
    assert_eq!(&titles[4..], ["data", "Dashboard", "Feature stats"]);
}

#[test]
fn the_status_dropdown_offers_the_configured_vocabulary() {
    let per_freeze = Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n[status]\nvocabulary = \"per-freeze\"\n[status.words]\n\"Parked\" = \"deferred\"\n",
        Path::new("kepsync.toml"),
        Vec::new(),
    )
    .unwrap();
    let plan = plan_init(&SheetState { tabs: vec![] }, &specs(&per_freeze), None);
    let values: Vec<&Vec<String>> = plan
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::StatusDropdown { values, .. } => Some(values),
            _ => None,
        })
        .collect();
    assert_eq!(values.len(), 2, "Enhancements and Removed: {plan}");
    assert_eq!(values[0].len(), 13);
    assert_eq!(values[0][0], "Tracked For PRR Freeze");
    assert_eq!(values[0][12], "Parked");
    let json = serde_json::to_string(&to_requests(&plan)).unwrap();
    assert!(json.contains("At Risk For Docs Freeze"), "{json}");
    assert!(!json.contains("\"At Risk\""), "{json}");
    // Without [status], the classic words are offered.
    let classic_plan = plan_init(&SheetState { tabs: vec![] }, &specs(&config()), None);
    assert!(
        classic_plan
            .steps
            .iter()
            .any(|s| matches!(s, Step::StatusDropdown { values, .. } if values[0] == "Tracked"))
    );
}

#[test]
fn a_named_sync_log_tab_is_prepared_with_the_cycles_header_and_none_when_unnamed() {
    let unnamed = specs(&config());
    assert!(unnamed.iter().all(|s| s.kind != TabKind::SyncLog));
    let named = Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n[tabs]\nsync-log = \"Sync Log\"\n",
        Path::new("kepsync.toml"),
        Vec::new(),
    )
    .unwrap();
    let all = specs(&named);
    let log = all
        .iter()
        .find(|s| s.kind == TabKind::SyncLog)
        .expect("Sync Log");
    assert_eq!(log.title, "Sync Log");
    assert_eq!(log.headers, crate::sync::SYNC_LOG_HEADERS.map(String::from));
    let state = SheetState {
        tabs: vec![tab(5, "Sheet1", &[])],
    };
    let plan = plan_init(&state, &all, None);
    assert!(plan.to_string().contains("\"Sync Log\""), "{plan}");
}
