//! Tests of the additions on hand-built snapshots: Readiness cells, the data tab, generated tabs.

use super::*;
use crate::config::{ColumnNames, TabNames};
use crate::github::{IssueFacts, IssueLookup, OpenKepPr};
use crate::keps::KepIndex;
use crate::readiness::{Calendar, Timestamp};
use crate::sheet::{Cell, Rgb, Snapshot, Tab};
use crate::sheets::BatchRequest;
use crate::sheets::apply::to_requests;
use std::collections::BTreeMap;

const REPO: &str = "kubernetes/enhancements";
use super::fixtures::{ENH_HEADERS as ENH, tab};

/// (issue, sig, stage, status) rows on Enhancements; Removed gets `removed`.
fn snapshot(
    enh: &[(u64, &str, &str, &str)],
    removed: &[(u64, &str, &str, &str)],
    extra: Vec<Tab>,
) -> Snapshot {
    let rows = |rs: &[(u64, &str, &str, &str)]| -> Vec<Vec<String>> {
        rs.iter()
            .map(|(n, sig, stage, status)| {
                vec![
                    n.to_string(),
                    String::new(),
                    sig.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    stage.to_string(),
                    status.to_string(),
                ]
            })
            .collect()
    };
    let with_header = |id: i32, title: &str, rs: Vec<Vec<String>>| {
        let mut t = tab(id, title, &[&ENH]);
        t.rows.extend(
            rs.into_iter()
                .map(|r| r.into_iter().map(Cell::text).collect()),
        );
        t
    };
    let mut tabs = vec![
        tab(1, "KEP Collection", &[&["Issue", "Sync Status"]]),
        with_header(2, "Enhancements", rows(enh)),
        with_header(3, "Removed from Milestone", rows(removed)),
        tab(4, "Docs", &[&["Issue", "Name", "SIG"]]),
    ];
    tabs.extend(extra);
    Snapshot {
        spreadsheet_id: "s".into(),
        write_token: None,
        board_status: None,
        status_seen: None,
        tabs,
    }
}

fn issues(ns: &[u64]) -> BTreeMap<u64, IssueLookup> {
    let sigs: Vec<(u64, &str)> = ns.iter().map(|n| (*n, "sig-node")).collect();
    issues_with(&sigs)
}

/// Issues labelled with the SIG of their row (`""`: no sig label), so derived SIG cells agree.
fn issues_with(ns: &[(u64, &str)]) -> BTreeMap<u64, IssueLookup> {
    ns.iter()
        .map(|(n, sig)| {
            let labels = sig
                .strip_prefix("sig-")
                .map(|s| vec![format!("sig/{s}")])
                .unwrap_or_default();
            (
                *n,
                IssueLookup::Found(IssueFacts {
                    number: *n,
                    title: format!("Feature {n}"),
                    url: format!("https://github.com/{REPO}/issues/{n}"),
                    open: true,
                    assignees: vec![],
                    labels,
                    milestone: Some("v1.37".into()),
                    linked_prs: vec![],
                }),
            )
        })
        .collect()
}

fn calendar() -> Calendar {
    Calendar {
        prr_freeze: Some(Timestamp(1_000_000)),
        ..Calendar::default()
    }
}

fn all_optional_tabs() -> TabNames {
    TabNames {
        data: Some("data".into()),
        dashboard: Some("Dashboard".into()),
        feature_stats: Some("Feature stats".into()),
        ..TabNames::default()
    }
}

/// Plans the core and the additions.
/// The plan's stale guards in `s` (the one check, over every tab).
fn stale_in(p: &Plan, s: &Snapshot) -> Vec<String> {
    let all: Vec<String> = s.tabs.iter().map(|t| t.title.clone()).collect();
    let titles = resolve_titles(&TabNames::default(), &all).expect("the four tabs");
    let layout = Layout::locate(s, &titles, &ColumnNames::default(), REPO).expect("layout");
    stale(p, s, &layout)
}

fn run(
    s: &Snapshot,
    issues: &BTreeMap<u64, IssueLookup>,
    index: &KepIndex,
    prs: &[OpenKepPr],
    cal: Option<&Calendar>,
) -> Plan {
    let titles: Vec<String> = [
        "KEP Collection",
        "Enhancements",
        "Removed from Milestone",
        "Docs",
    ]
    .map(String::from)
    .into();
    let names = ColumnNames::default();
    let layout = Layout::locate(s, &titles, &names, REPO).expect("layout");
    let mut p = plan(&PlanInput {
        layout: &layout,
        names: &names,
        repo: REPO,
        issues,
        keps: &BTreeMap::new(),
        open_prs: &BTreeMap::new(),
        vocabulary: crate::model::status::classic(),
        next_freeze: None,
        intake: Default::default(),
    });
    plan_extras(
        &ExtrasInput {
            layout: &layout,
            tabs: OptionalTabs::find(s, &all_optional_tabs()),
            names: &names,
            repo: REPO,
            release: "v1.37",
            issues,
            index,
            open_prs: prs,
            calendar: cal,
            now: Timestamp(0),
            vocabulary: crate::model::status::classic(),
        },
        &mut p,
    );
    p
}

fn readiness_changes(p: &Plan) -> Vec<(usize, Option<String>, Option<Rgb>)> {
    p.edits
        .iter()
        .filter(|c| c.header == "Readiness")
        .map(|c| (c.row, c.set.text.clone(), c.set.background))
        .collect()
}

#[test]
fn readiness_header_is_added_and_every_row_gets_its_cell() {
    let s = snapshot(
        &[
            (11, "sig-node", "alpha", "Tracked"),
            (12, "sig-node", "beta", "Tracked"),
        ],
        &[],
        vec![],
    );
    let p = run(
        &s,
        &issues(&[11, 12]),
        &KepIndex::default(),
        &[],
        Some(&calendar()),
    );
    assert_eq!(p.header_adds.len(), 1);
    assert_eq!(
        (p.header_adds[0].title.as_str(), p.header_adds[0].col),
        ("Readiness", 8)
    );
    let changes = readiness_changes(&p);
    assert_eq!(changes.len(), 2, "{changes:?}");
    for (_, text, bg) in &changes {
        assert_eq!(
            text.as_deref(),
            Some("issue lacks the lead-opted-in label; no KEP merged or in an open PR")
        );
        assert_eq!(*bg, Some(Rgb::YELLOW));
    }
    // Without a calendar nothing is evaluated or written.
    let p = run(&s, &issues(&[11, 12]), &KepIndex::default(), &[], None);
    assert!(
        p.header_adds.is_empty() && readiness_changes(&p).is_empty(),
        "{p}"
    );
}

#[test]
fn a_readiness_cell_already_right_is_left_alone_and_a_stale_one_rewritten() {
    let want = "issue lacks the lead-opted-in label; no KEP merged or in an open PR";
    let mut s = snapshot(
        &[
            (11, "sig-node", "alpha", "Tracked"),
            (12, "sig-node", "alpha", "Tracked"),
        ],
        &[],
        vec![],
    );
    let enh = &mut s.tabs[1];
    enh.rows[0].push(Cell::text("Readiness"));
    enh.rows[1].push(Cell {
        background: Some(Rgb::YELLOW),
        ..Cell::text(want)
    });
    enh.rows[2].push(Cell {
        background: Some(Rgb::RED),
        ..Cell::text("old")
    });
    let p = run(
        &s,
        &issues(&[11, 12]),
        &KepIndex::default(),
        &[],
        Some(&calendar()),
    );
    assert!(p.header_adds.is_empty());
    assert_eq!(
        readiness_changes(&p),
        [(2, Some(want.to_string()), Some(Rgb::YELLOW))]
    );
    assert!(
        p.guards
            .iter()
            .any(|g| g.row == 2 && g.col == 8 && g.text == "old")
    );
}

#[test]
fn intake_rows_get_a_readiness_cell_too() {
    let mut s = snapshot(&[], &[], vec![]);
    s.tabs[0].rows.push(vec![Cell::text("13")]);
    let p = run(
        &s,
        &issues(&[13]),
        &KepIndex::default(),
        &[],
        Some(&calendar()),
    );
    let intake = p
        .new_rows
        .iter()
        .find(|r| r.role == Role::Enhancements)
        .expect("intake row");
    let (col, set) = intake.cells.last().expect("cells");
    assert_eq!(*col, p.header_adds[0].col);
    assert_eq!(set.background, Some(Rgb::YELLOW));
}

#[test]
fn a_row_moving_back_into_enhancements_gets_its_readiness_cell_after_the_copy() {
    // Regression (seen in the demo): Removed has no Readiness column, so the copied row arrived
    // without one and the next, otherwise idle, cycle had to write it.
    let s = snapshot(&[], &[(14, "sig-node", "alpha", "Tracked")], vec![]);
    let p = run(
        &s,
        &issues(&[14]),
        &KepIndex::default(),
        &[],
        Some(&calendar()),
    );
    let m = p.moves.first().expect("a move back");
    assert_eq!(m.to, Role::Enhancements);
    let readiness_col = p.header_adds[0].col;
    assert_eq!(p.header_adds[0].title, "Readiness");
    let (col, set) = m
        .cells
        .first()
        .expect("the Readiness cell of the moved row");
    assert_eq!(*col, readiness_col);
    assert_eq!(set.background, Some(Rgb::YELLOW));
    let reqs = serde_json::to_value(to_requests(&p)).expect("json");
    let reqs = reqs.as_array().expect("requests");
    let copy = reqs
        .iter()
        .position(|r| r.get("copyPaste").is_some())
        .expect("copy");
    let write = &reqs[copy + 1]["updateCells"];
    assert_eq!(write["start"]["sheetId"], 2, "{write}");
    assert_eq!(write["start"]["rowIndex"], 1, "the row the copy landed in");
    assert_eq!(write["start"]["columnIndex"], readiness_col);
}

fn data_tab(rows: &[&[&str]]) -> Tab {
    tab(9, "data", rows)
}

#[test]
fn an_empty_data_tab_gets_headers_and_one_row_per_seen_issue() {
    let s = snapshot(
        &[(11, "", "", "Tracked")],
        &[(12, "", "", "Deferred")],
        vec![data_tab(&[])],
    );
    let p = run(&s, &issues(&[11, 12]), &KepIndex::default(), &[], None);
    let at = |row: usize, col: usize| {
        p.edits
            .iter()
            .find(|c| c.sheet_id == 9 && c.row == row && c.col == col)
            .and_then(|c| c.set.text.clone())
    };
    let headers: Vec<String> = (0..7).filter_map(|c| at(0, c)).collect();
    assert_eq!(
        headers,
        [
            "Issue",
            "Name",
            "Responder",
            "SIG",
            "KEP",
            "KEP State",
            "Completed in Release"
        ]
    );
    assert_eq!(at(1, 0).as_deref(), Some("11"));
    assert_eq!(at(2, 0).as_deref(), Some("12"));
    assert_eq!(at(2, 1).as_deref(), Some("Feature 12"));
    assert_eq!(at(2, 3).as_deref(), Some("sig-node"));
    assert_eq!(at(2, 5).as_deref(), Some("none"));
    assert_eq!(at(2, 2), None, "Responder is people's");
}

#[test]
fn data_rows_are_upserted_by_issue_responder_kept_and_unseen_rows_untouched() {
    let data = data_tab(&[
        &[
            "Issue",
            "Name",
            "Responder",
            "SIG",
            "KEP",
            "KEP State",
            "Completed in Release",
            "Notes",
        ],
        &[
            "99",
            "Old feature",
            "carol",
            "sig-apps",
            "",
            "implemented",
            "v1.20",
            "keep",
        ],
        &[
            "11",
            "Stale title",
            "dave",
            "sig-custom",
            "",
            "none",
            "",
            "",
        ],
    ]);
    let s = snapshot(&[(11, "", "", "Tracked")], &[], vec![data]);
    let p = run(&s, &issues(&[11]), &KepIndex::default(), &[], None);
    let cells: Vec<(usize, usize, Option<String>)> = p
        .edits
        .iter()
        .filter(|c| c.sheet_id == 9)
        .map(|c| (c.row, c.col, c.set.text.clone()))
        .collect();
    assert_eq!(
        cells,
        [(2, 1, Some("Feature 11".to_string()))],
        "SIG typed by a person and 'none' stay"
    );
    assert!(
        p.guards
            .iter()
            .any(|g| g.row == 2 && g.col == 0 && g.text == "11")
    );
    // Applying it makes the next plan idle for the data tab.
    let mut s2 = s.clone();
    s2.tabs[4].rows[2][1] = Cell {
        link: Some(format!("https://github.com/{REPO}/issues/11")),
        ..Cell::text("Feature 11")
    };
    let p = run(&s2, &issues(&[11]), &KepIndex::default(), &[], None);
    assert!(p.extra.is_empty(), "{p}");
}

fn applied(t: &Tab, o: &Overwrite) -> Tab {
    let mut t = t.clone();
    t.rows = o
        .values
        .iter()
        .map(|r| r.iter().map(|v| Cell::text(v.shown())).collect())
        .collect();
    t
}

/// The cell right of the row whose first cell is `label`, searching below `from`.
fn lookup(t: &Tab, from: usize, label: &str, col: usize) -> String {
    (from..t.rows.len())
        .find(|r| t.text(*r, 0) == label)
        .map(|r| t.text(r, col).to_string())
        .unwrap_or_else(|| panic!("no row {label:?} below {from}"))
}

#[test]
fn dashboard_counts_equal_counts_taken_from_the_tabs() {
    let enh = [
        (11, "sig-node", "alpha", "Tracked"),
        (12, "sig-node", "beta", "At Risk"),
        (13, "sig-apps", "beta", "Tracked"),
        (14, "sig-apps", "stable", "At Risk For Code Freeze"),
        (15, "", "", "Tracked"),
    ];
    let removed = [
        (16, "sig-node", "alpha", "Removed from Milestone"),
        (17, "sig-apps", "beta", "Deferred"),
    ];
    let s = snapshot(
        &enh,
        &removed,
        vec![tab(20, "Dashboard", &[]), tab(21, "Feature stats", &[])],
    );
    let all: Vec<(u64, &str)> = enh.iter().chain(&removed).map(|r| (r.0, r.1)).collect();
    let all = issues_with(&all);
    let p = run(&s, &all, &KepIndex::default(), &[], Some(&calendar()));
    assert_eq!(
        p.extra.charts.len(),
        1,
        "the chart is added to the empty Dashboard"
    );
    let dash = applied(
        &s.tabs[4],
        &p.extra
            .overwrites
            .iter()
            .find(|o| o.tab == "Dashboard")
            .expect("dashboard")
            .clone(),
    );
    let stats = applied(
        &s.tabs[5],
        &p.extra
            .overwrites
            .iter()
            .find(|o| o.tab == "Feature stats")
            .expect("stats")
            .clone(),
    );

    // Independent counts, straight from the tab cells.
    let rows_of = |t: &Tab| -> Vec<(String, String, String)> {
        t.rows[1..]
            .iter()
            .map(|r| (r[2].text.clone(), r[6].text.clone(), r[7].text.clone()))
            .collect()
    };
    let (e, r) = (rows_of(&s.tabs[1]), rows_of(&s.tabs[2]));
    let count = |rows: &[(String, String, String)],
                 f: &dyn Fn(&(String, String, String)) -> bool| {
        rows.iter().filter(|x| f(x)).count().to_string()
    };
    let both: Vec<_> = e.iter().chain(&r).cloned().collect();
    // Status by Stage: stage beta × At Risk.
    let h = STATUS_BY_STAGE_HEADER_ROW_FOR_TESTS;
    assert_eq!(dash.text(h, 2), "At Risk");
    assert_eq!(
        lookup(&dash, h, "beta", 2),
        count(&both, &|x| x.1 == "beta" && x.2.starts_with("At Risk"))
    );
    assert_eq!(lookup(&dash, h, "stable", 2), "1");
    assert_eq!(lookup(&dash, h, "Total", 6), both.len().to_string());
    // By Status.
    let by_status = (0..dash.rows.len())
        .find(|r| dash.text(*r, 0) == "Enhancements by Status")
        .expect("table");
    for status in ["Tracked", "At Risk", "Deferred", "Removed from Milestone"] {
        assert_eq!(
            lookup(&dash, by_status, status, 1),
            count(&both, &|x| x.2 == status),
            "{status}"
        );
    }
    // By SIG: tracked / at risk / removed.
    let by_sig = (0..dash.rows.len())
        .find(|r| dash.text(*r, 0) == "Enhancements by SIG")
        .expect("table");
    assert_eq!(
        lookup(&dash, by_sig, "sig-apps", 1),
        count(&e, &|x| x.0 == "sig-apps" && x.2 == "Tracked")
    );
    assert_eq!(
        lookup(&dash, by_sig, "sig-apps", 2),
        count(&e, &|x| x.0 == "sig-apps" && x.2.starts_with("At Risk"))
    );
    assert_eq!(
        lookup(&dash, by_sig, "sig-node", 3),
        count(&r, &|x| x.0 == "sig-node")
    );
    assert_eq!(lookup(&dash, by_sig, "(blank)", 4), "1");
    // Readiness: none of them has a KEP, so all are missing something.
    assert_eq!(
        lookup(&dash, 0, "missing, due later", 1),
        e.len().to_string()
    );
    assert_eq!(lookup(&dash, 0, "proposal", 1), e.len().to_string());
    // Feature stats: nobody is ready, so good progress is 0 and bad is every Enhancements row.
    assert_eq!(
        lookup(&stats, 0, "Good progress (Tracked and ready)", 1),
        "0"
    );
    assert_eq!(lookup(&stats, 0, "Bad progress", 1), e.len().to_string());
    assert_eq!(
        lookup(&stats, 0, "  of which At Risk", 1),
        count(&e, &|x| x.2.starts_with("At Risk"))
    );
    assert_eq!(lookup(&stats, 0, "Deferred", 1), "1");
    assert_eq!(
        dash.text(1, 1),
        "1970-01-01 00:00 UTC",
        "the plan changed cells, so the time is now"
    );

    // With the plan applied (cells, headers, generated tabs), the next cycle writes nothing.
    let s2 = apply_in_memory(&s, &p);
    let p2 = run(&s2, &all, &KepIndex::default(), &[], Some(&calendar()));
    assert!(p2.is_empty(), "idle cycle planned:\n{p2}");
}

/// Applies cell changes, header adds and overwrites of `p` to a copy of `s` (no moves or new rows).
fn apply_in_memory(s: &Snapshot, p: &Plan) -> Snapshot {
    let mut s = s.clone();
    let mut set = |sheet_id: i32, row: usize, col: usize, c: &CellSet| {
        let t = s
            .tabs
            .iter_mut()
            .find(|t| t.sheet_id == sheet_id)
            .expect("tab");
        if t.rows.len() <= row {
            t.rows.resize(row + 1, vec![]);
        }
        if t.rows[row].len() <= col {
            t.rows[row].resize(col + 1, Cell::default());
        }
        let cell = &mut t.rows[row][col];
        if let Some(text) = &c.text {
            cell.text = text.clone();
        }
        if let LinkSet::Set(l) = &c.link {
            cell.link = Some(l.clone());
        }
        if c.background.is_some() {
            cell.background = c.background;
        }
    };
    for h in &p.header_adds {
        let g = p.tabs[&h.role];
        set(
            g.sheet_id,
            g.header_row,
            h.col,
            &CellSet::text(h.title.clone()),
        );
    }
    for c in &p.edits {
        set(c.sheet_id, c.row, c.col, &c.set);
    }
    for o in &p.extra.overwrites {
        let t = s
            .tabs
            .iter_mut()
            .find(|t| t.sheet_id == o.sheet_id)
            .expect("tab");
        *t = applied(t, o);
    }
    s
}

const STATUS_BY_STAGE_HEADER_ROW_FOR_TESTS: usize = 3;

#[test]
fn generated_tabs_count_rows_as_the_plan_leaves_them() {
    // Row 12 moves to Removed this cycle: the Dashboard counts it there already.
    let s = snapshot(
        &[
            (11, "sig-node", "alpha", "Tracked"),
            (12, "sig-node", "beta", "Removed from Milestone"),
        ],
        &[],
        vec![tab(20, "Dashboard", &[])],
    );
    let p = run(&s, &issues(&[11, 12]), &KepIndex::default(), &[], None);
    assert_eq!(p.moves.len(), 1);
    let dash = applied(&s.tabs[4], &p.extra.overwrites[0]);
    let by_sig = (0..dash.rows.len())
        .find(|r| dash.text(*r, 0) == "Enhancements by SIG")
        .expect("table");
    assert_eq!(lookup(&dash, by_sig, "sig-node", 1), "1");
    assert_eq!(lookup(&dash, by_sig, "sig-node", 3), "1");
    assert!(dash.rows.iter().any(|r| {
        r.first()
            .is_some_and(|c| c.text.starts_with("Readiness: no [calendar]"))
    }));
}

#[test]
fn a_tab_showing_extra_cells_is_rewritten_and_cleared() {
    let values = vec![vec![GenValue::from("a"), GenValue::from(2u64)]];
    let mut t = tab(5, "Feature stats", &[&["a", "2"]]);
    assert!(shows(&t, &values));
    t.rows
        .push(vec![Cell::text(""), Cell::text("typed by hand")]);
    assert!(!shows(&t, &values));
    let s = Snapshot {
        spreadsheet_id: "s".into(),
        write_token: None,
        board_status: None,
        status_seen: None,
        tabs: vec![t.clone()],
    };
    let _ = s;
    let mut p = Plan::default();
    super::generated::plan_overwrite(&t, values, &mut p);
    assert_eq!(
        (p.extra.overwrites[0].rows, p.extra.overwrites[0].cols),
        (2, 2)
    );
    let reqs = to_requests(&p);
    assert_eq!(reqs.len(), 1);
    let json = serde_json::to_value(&reqs[0]).expect("json");
    let rows = json["updateCells"]["rows"]
        .as_array()
        .expect("updateCells rows");
    assert_eq!(rows.len(), 2);
}

#[test]
fn dashboard_table_positions_match_the_chart_range() {
    assert_eq!(
        STATUS_BY_STAGE_HEADER_ROW_FOR_TESTS,
        super::dashboard::STATUS_BY_STAGE_HEADER_ROW
    );
}

#[test]
fn cell_edits_down_a_column_go_in_one_request_per_run() {
    let change = |row: usize, col: usize, set: CellSet| CellEdit {
        sheet_id: 2,
        row,
        col,
        header: "h".into(),
        issue: None,
        before: Cell::default(),
        set,
        why: crate::sync::Why::Other,
    };
    let text = |t: &str| CellSet::text(t);
    let coloured = CellSet {
        background: Some(Rgb::RED),
        ..text("x")
    };
    let p = Plan {
        edits: vec![
            change(3, 1, text("b")),
            change(1, 1, text("a")),
            change(2, 1, text("m")),
            change(2, 4, text("other column")),
            change(4, 1, coloured),
            change(9, 1, text("after a gap")),
        ],
        tabs: [(
            Role::Enhancements,
            TabGeom {
                sheet_id: 2,
                header_row: 0,
                end_of_data: 10,
                row_count: 100,
                column_count: 10,
            },
        )]
        .into(),
        ..Plan::default()
    };
    let reqs = to_requests(&p);
    let runs: Vec<(u32, u32, usize)> = reqs
        .iter()
        .filter_map(|r| match r {
            BatchRequest::Cells(b) => Some((b.col, b.row, b.rows.len())),
            _ => None,
        })
        .collect();
    assert_eq!(runs, [(1, 1, 3), (1, 4, 1), (1, 9, 1), (4, 2, 1)]);
    let BatchRequest::Cells(first) = &reqs[0] else {
        panic!("{:?}", reqs[0]);
    };
    let texts: Vec<Option<String>> = first.rows.iter().map(|r| r[0].text.clone()).collect();
    assert_eq!(
        texts,
        [Some("a".into()), Some("m".into()), Some("b".into())]
    );
}

#[test]
fn data_tab_guards_catch_a_sort_between_read_and_write() {
    let data = data_tab(&[
        &[
            "Issue",
            "Name",
            "Responder",
            "SIG",
            "KEP",
            "KEP State",
            "Completed in Release",
        ],
        &["11", "Stale title", "dave", "sig-node", "", "none", ""],
        &["12", "Other", "erin", "sig-node", "", "none", ""],
    ]);
    let s = snapshot(&[(11, "", "", "Tracked")], &[], vec![data]);
    let p = run(&s, &issues(&[11]), &KepIndex::default(), &[], None);
    assert!(stale_in(&p, &s).is_empty());
    let mut sorted = s.clone();
    sorted.tabs[4].rows.swap(1, 2);
    let stale = stale_in(&p, &sorted);
    assert!(
        stale
            .iter()
            .any(|l| l.starts_with("data row 2 column 1: was \"11\", now \"12\"")),
        "{stale:?}"
    );
    let mut gone = s.clone();
    gone.tabs.remove(4);
    assert_eq!(stale_in(&p, &gone)[0], "data: the tab is gone");
}

#[test]
fn a_status_the_vocabulary_does_not_know_is_named_in_the_rows_readiness() {
    let s = snapshot(
        &[
            (11, "sig-node", "alpha", "Trackd"),
            (12, "sig-node", "beta", "Tracked"),
        ],
        &[],
        vec![],
    );
    let p = run(
        &s,
        &issues(&[11, 12]),
        &KepIndex::default(),
        &[],
        Some(&calendar()),
    );
    let texts: Vec<String> = readiness_changes(&p)
        .into_iter()
        .filter_map(|(_, text, _)| text)
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    assert!(
        texts[0].ends_with("; Status \"Trackd\" not understood, so kepsync does nothing with it (known: Tracked, At Risk, Removed from Milestone, Deferred, Exception Pending, Exception Approved)"),
        "{texts:?}"
    );
    assert!(!texts[1].contains("not understood"), "{texts:?}");
}
