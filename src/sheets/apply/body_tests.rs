//! The apply layer against a checked-in body: one fixed plan touching every kind of change
//! becomes exactly the batchUpdate JSON in `testdata/fixed_plan_body.json`. A change to the
//! requests kepsync sends shows here as a diff to review; `KEPTEST_BLESS=1` rewrites the file.

use super::to_requests;
use crate::sheet::{Cell, Rgb};
use crate::sheets::batch::body;
use crate::sync::{
    BoardStatusWrite, CellEdit, CellSet, ChartAdd, ExtraWrites, GenValue, GridGrow, HeaderAdd,
    LinkSet, Move, NewRow, Overwrite, Plan, Role, RowRef, TabGeom,
};

const EXPECTED: &str = include_str!("testdata/fixed_plan_body.json");

fn geom(sheet_id: i32, end_of_data: usize, row_count: usize) -> TabGeom {
    TabGeom {
        sheet_id,
        header_row: 0,
        end_of_data,
        row_count,
        column_count: 8,
    }
}

fn edit(sheet_id: i32, row: usize, col: usize, set: CellSet) -> CellEdit {
    CellEdit {
        sheet_id,
        row,
        col,
        header: "h".into(),
        issue: Some(1),
        before: Cell::default(),
        set,
        why: crate::sync::Why::Other,
    }
}

fn filled(text: &str, link: &str, background: Rgb) -> CellSet {
    CellSet {
        text: Some(text.into()),
        link: LinkSet::Set(link.into()),
        background: Some(background),
    }
}

/// Every kind of change: a grown grid, a header, a run of fills, an edit on an optional tab,
/// an intake, a move with its Readiness cell, a docs removal, a regenerated tab and a chart.
fn fixed_plan() -> Plan {
    let issue = "https://github.com/kubernetes/enhancements/issues/";
    let enh = RowRef {
        role: Role::Enhancements,
        sheet_id: 2,
        row: 3,
    };
    Plan {
        edits: vec![
            edit(
                2,
                1,
                1,
                filled("Feature one", &format!("{issue}1"), Rgb::GREEN),
            ),
            edit(
                2,
                2,
                1,
                filled("Feature two", &format!("{issue}2"), Rgb::GREEN),
            ),
            edit(2, 2, 8, CellSet::text("At risk: PRR missing")),
            edit(1, 4, 2, CellSet::text("tracked in Enhancements")),
            edit(9, 5, 3, CellSet::text("sig-node")),
        ],
        header_adds: vec![HeaderAdd {
            role: Role::Enhancements,
            col: 8,
            title: "Readiness".into(),
        }],
        new_rows: vec![NewRow {
            role: Role::Enhancements,
            issue: 7,
            cells: vec![(0, CellSet::text("7")), (4, CellSet::text("Tracked"))],
        }],
        moves: vec![Move {
            issue: 5,
            from: enh,
            to: Role::Removed,
            status: "Deferred".into(),
            columns: vec![(0, 0), (1, 1), (2, 2)],
            cells: vec![(2, CellSet::text("moved"))],
        }],
        docs_removals: vec![(
            5,
            RowRef {
                role: Role::Docs,
                sheet_id: 4,
                row: 6,
            },
        )],
        tabs: [
            (Role::Collection, geom(1, 5, 100)),
            (Role::Enhancements, geom(2, 4, 4)),
            (Role::Removed, geom(3, 2, 50)),
            (Role::Docs, geom(4, 7, 50)),
        ]
        .into(),
        extra: ExtraWrites {
            grows: vec![GridGrow {
                sheet_id: 9,
                rows: 3,
                cols: 0,
            }],
            overwrites: vec![Overwrite {
                tab: "Dashboard".into(),
                sheet_id: 10,
                rows: 3,
                cols: 2,
                values: vec![
                    vec![GenValue::from("Stage"), GenValue::from("Tracked")],
                    vec![GenValue::from("alpha"), GenValue::from(3)],
                ],
            }],
            charts: vec![ChartAdd {
                sheet_id: 10,
                title: "Status by stage".into(),
                header_row: 0,
                end_row: 2,
                domain_col: 0,
                series_cols: vec![1],
                anchor: (0, 4),
            }],
        },
        board_status: Some(BoardStatusWrite {
            id: Some(77),
            value: r#"{"5":"deferred"}"#.into(),
        }),
        ..Plan::default()
    }
}

#[test]
fn a_fixed_plan_becomes_the_checked_in_batch_body() {
    let sent = body(&to_requests(&fixed_plan())).expect("body");
    let got: serde_json::Value = serde_json::from_slice(&sent).expect("body is JSON");
    let pretty = serde_json::to_string_pretty(&got).expect("pretty") + "\n";
    if std::env::var_os("KEPTEST_BLESS").is_some() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/sheets/apply/testdata/fixed_plan_body.json"
        );
        std::fs::write(path, &pretty).expect("bless");
        return;
    }
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).expect("expected JSON");
    assert!(
        got == expected,
        "the batch body changed; review it and rerun with KEPTEST_BLESS=1:\n{pretty}"
    );
}

#[test]
fn the_checked_in_body_is_one_google_accepts() {
    let Some(discovery) = sheets_emulator::default_discovery() else {
        eprintln!("skipped: ../shared/sheets-discovery is not here");
        return;
    };
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).expect("expected JSON");
    if let Err(e) = discovery.check("spreadsheets.batchUpdate", &expected) {
        panic!("Google's discovery document refuses the body: {e:?}");
    }
}
