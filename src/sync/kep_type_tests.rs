//! Planner tests of the Type suggestion at the cell-writing step (`plan_types`): which cells of
//! Enhancements get a Type, and which a person's value, a formula or a missing KEP keep as read.

use super::edit::CellSet;
use super::kep_type::{GRADUATING, MAJOR_CHANGE, NET_NEW, plan_types};
use super::layout::{Layout, Role, resolve_titles};
use super::plan::{Move, NewRow, Plan, RowRef};
use crate::config::{ColumnNames, TabNames};
use crate::keps::KepIndex;
use crate::sheet::{Cell, Snapshot, Tab};
use std::sync::Arc;

/// The shared Enhancements header, then the Type column ("Stage Status" on the handbook's sheet).
const HEADERS: [&str; 9] = {
    let h = super::fixtures::ENH_HEADERS;
    [
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        h[5],
        h[6],
        h[7],
        "Stage Status",
    ]
};
const TYPE_COL: usize = 8;

/// A KEP numbered `n` at `stage`, with `milestone.<stage>` = `milestone`.
fn kep_file(n: u64, stage: &str, milestone: &str) -> (String, Arc<Vec<u8>>) {
    let yaml = format!(
        "title: T{n}\nkep-number: {n}\nowning-sig: sig-node\nauthors: [\"@a\"]\napprovers: [\"@b\"]\nstatus: implementable\nstage: {stage}\nlatest-milestone: \"{milestone}\"\nmilestone:\n  {stage}: \"{milestone}\"\n"
    );
    (
        format!("keps/sig-node/{n}-t/kep.yaml"),
        Arc::new(yaml.into_bytes()),
    )
}

fn index() -> KepIndex {
    KepIndex::from_files(vec![
        kep_file(42, "alpha", "v1.37"),
        kep_file(43, "alpha", "v1.37"),
        kep_file(44, "alpha", "v1.37"),
        kep_file(46, "alpha", "v1.37"),
        kep_file(47, "beta", "v1.37"),
        kep_file(48, "beta", "v1.37"),
        kep_file(49, "beta", "v1.36"),
    ])
}

fn tab(id: i32, title: &str, rows: Vec<Vec<Cell>>) -> Tab {
    Tab {
        sheet_id: id,
        title: title.into(),
        row_count: 50,
        column_count: 12,
        rows,
    }
}

fn row(issue: &str, kind: &str) -> Vec<Cell> {
    let mut cells = vec![Cell::text(""); HEADERS.len()];
    cells[0] = Cell::text(issue);
    cells[7] = Cell::text("Tracked");
    cells[TYPE_COL] = Cell::text(kind);
    cells
}

fn header(h: &[&str]) -> Vec<Cell> {
    h.iter().map(|s| Cell::text(*s)).collect()
}

/// Enhancements: 42 blank, 43 typed, 44 a formula, 45 no KEP, 46 blank but leaving.
/// Removed: 47 (blank) and 48 (typed) coming back.
fn snapshot() -> Snapshot {
    let formula = Cell {
        formula: Some("=A1".into()),
        ..Cell::text("")
    };
    let mut with_formula = row("44", "");
    with_formula[TYPE_COL] = formula;
    let enh = vec![
        header(&HEADERS),
        row("42", ""),
        row("43", "Major Change"),
        with_formula,
        row("45", ""),
        row("46", " "),
    ];
    let removed = vec![header(&HEADERS), row("47", ""), row("48", "Deprecation")];
    Snapshot {
        spreadsheet_id: "s".into(),
        write_token: None,
        board_status: None,
        status_seen: None,
        tabs: vec![
            tab(1, "KEP Collection", vec![header(&["Issue", "Sync Status"])]),
            tab(2, "Enhancements", enh),
            tab(3, "Removed from Milestone", removed),
            tab(4, "Docs", vec![header(&["Issue", "Name", "SIG"])]),
        ],
    }
}

fn moving(issue: u64, role: Role, sheet_id: i32, row: usize) -> Move {
    Move {
        issue,
        from: RowRef {
            role,
            sheet_id,
            row,
        },
        to: if role == Role::Removed {
            Role::Enhancements
        } else {
            Role::Removed
        },
        status: String::new(),
        columns: (0..HEADERS.len()).map(|c| (c, c)).collect(),
        cells: Vec::new(),
    }
}

fn planned(header: &str) -> Plan {
    let snap = snapshot();
    let names: Vec<String> = snap.tabs.iter().map(|t| t.title.clone()).collect();
    let titles = resolve_titles(&TabNames::default(), &names).expect("tabs");
    let layout = Layout::locate(&snap, &titles, &ColumnNames::default(), "k/e").expect("layout");
    let mut p = Plan {
        moves: vec![
            moving(46, Role::Enhancements, 2, 5),
            moving(47, Role::Removed, 3, 1),
            moving(48, Role::Removed, 3, 2),
        ],
        new_rows: vec![NewRow {
            role: Role::Enhancements,
            issue: 49,
            cells: Vec::new(),
        }],
        ..Plan::default()
    };
    plan_types(&layout, header, &index(), "v1.37", &mut p);
    p
}

#[test]
fn only_blank_cells_of_rows_staying_or_arriving_get_a_type() {
    let p = planned("stage status");
    let edits: Vec<(usize, usize, Option<&str>)> = p
        .edits
        .iter()
        .map(|e| (e.row, e.col, e.set.text.as_deref()))
        .collect();
    // Row 1 (#42) only: #43 typed, #44 a formula, #45 no KEP, #46 leaving.
    assert_eq!(edits, [(1, TYPE_COL, Some(NET_NEW))]);
    let into: Vec<(u64, Vec<(usize, CellSet)>)> =
        p.moves.iter().map(|m| (m.issue, m.cells.clone())).collect();
    assert_eq!(
        into,
        [
            (46, vec![]),
            (47, vec![(TYPE_COL, CellSet::text(GRADUATING))]),
            (48, vec![]),
        ]
    );
    assert_eq!(
        p.new_rows[0].cells,
        [(TYPE_COL, CellSet::text(MAJOR_CHANGE))]
    );
}

#[test]
fn each_written_type_is_guarded_where_a_person_could_type_first() {
    let p = planned("Stage Status");
    let guarded: Vec<(i32, usize, usize)> = p
        .guards
        .iter()
        .map(|g| (g.sheet_id, g.row, g.col))
        .collect();
    assert!(guarded.contains(&(2, 1, TYPE_COL)), "{guarded:?}");
    // The blank cell #47 brings from Removed: typed meanwhile, it must be copied, not replaced.
    assert!(guarded.contains(&(3, 1, TYPE_COL)), "{guarded:?}");
}

#[test]
fn no_such_column_means_no_type() {
    let p = planned("Type");
    assert!(p.edits.is_empty() && p.guards.is_empty());
    assert!(p.moves.iter().all(|m| m.cells.is_empty()));
    assert!(p.new_rows[0].cells.is_empty());
}
