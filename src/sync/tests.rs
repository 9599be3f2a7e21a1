//! Plan tests on hand-built snapshots: intake, fills, colours, moves, ownership, request order.

use super::*;
use crate::config::{ColumnNames, TabNames};
use crate::github::{IssueFacts, IssueLookup, OpenKepPr};
use crate::sheet::{Cell, Rgb, Snapshot, Tab};
use crate::sheets::apply::to_requests;
use std::collections::BTreeMap;

const REPO: &str = "kubernetes/enhancements";
const ENH_HEADERS: [&str; 10] = [
    "Issue",
    "Name",
    "SIG",
    "KEP Assignee",
    "Proposal",
    "KEP State",
    "Stage",
    "Status",
    "Notes",
    "Contact",
];

fn tab(id: i32, title: &str, rows: Vec<Vec<&str>>) -> Tab {
    Tab {
        sheet_id: id,
        title: title.into(),
        row_count: 100,
        column_count: 12,
        rows: rows
            .into_iter()
            .map(|r| r.into_iter().map(Cell::text).collect())
            .collect(),
    }
}

fn enh_row(issue: &str, status: &str, notes: &str) -> Vec<&'static str> {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    vec![
        leak(issue),
        "",
        "",
        "",
        "",
        "",
        "",
        leak(status),
        leak(notes),
        "",
    ]
}

struct World {
    snapshot: Snapshot,
    issues: BTreeMap<u64, IssueLookup>,
    keps: BTreeMap<u64, KepView>,
    prs: BTreeMap<u64, OpenKepPr>,
    vocabulary: crate::model::Vocabulary,
    next_freeze: Option<crate::model::Freeze>,
}

fn facts(n: u64) -> IssueFacts {
    IssueFacts {
        number: n,
        title: format!("Feature {n}"),
        url: format!("https://github.com/{REPO}/issues/{n}"),
        open: true,
        assignees: vec!["alice".into()],
        labels: vec!["sig/node".into(), "stage/alpha".into()],
        milestone: Some("v1.37".into()),
        linked_prs: vec![],
    }
}

fn kep(n: u64, status: &str) -> KepView {
    KepView {
        yaml_path: format!("keps/sig-node/{n}-feature/kep.yaml"),
        status: status.into(),
        stage: "beta".into(),
        owning_sig: "sig-node".into(),
        readable: true,
    }
}

impl World {
    fn new(
        collection: Vec<Vec<&'static str>>,
        enh: Vec<Vec<&'static str>>,
        removed: Vec<Vec<&'static str>>,
        docs: Vec<Vec<&'static str>>,
    ) -> World {
        let with_header = |h: &[&'static str], rows: Vec<Vec<&'static str>>| {
            let mut all = vec![h.to_vec()];
            all.extend(rows);
            all
        };
        let collection = with_header(&["Issue", "SIG", "Notes", "Sync Status"], collection);
        let enh = with_header(&ENH_HEADERS, enh);
        let removed = with_header(&ENH_HEADERS, removed);
        let docs = with_header(&["Issue", "Name", "SIG", "Docs PR"], docs);
        World {
            snapshot: Snapshot {
                spreadsheet_id: "s".into(),
                write_token: None,
                board_status: None,
                status_seen: None,
                tabs: vec![
                    tab(1, "KEP Collection", collection),
                    tab(2, "Enhancements", enh),
                    tab(3, "Removed from Milestone", removed),
                    tab(4, "Docs", docs),
                ],
            },
            issues: BTreeMap::new(),
            keps: BTreeMap::new(),
            prs: BTreeMap::new(),
            vocabulary: crate::model::Vocabulary::classic(),
            next_freeze: None,
        }
    }

    fn found(mut self, ns: &[u64]) -> Self {
        for n in ns {
            self.issues.insert(*n, IssueLookup::Found(facts(*n)));
        }
        self
    }

    fn plan(&self) -> Plan {
        self.plan_with(IntakeRules::default())
    }

    /// The plan with these intake settings (label intake, the freeze).
    fn plan_with(&self, intake: IntakeRules<'_>) -> Plan {
        let titles = resolve_titles(
            &TabNames::default(),
            &self
                .snapshot
                .tabs
                .iter()
                .map(|t| t.title.clone())
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let names = ColumnNames::default();
        let layout = Layout::locate(&self.snapshot, &titles, &names, REPO).unwrap();
        plan(&PlanInput {
            layout: &layout,
            names: &names,
            repo: REPO,
            issues: &self.issues,
            keps: &self.keps,
            open_prs: &self.prs,
            vocabulary: &self.vocabulary,
            next_freeze: self.next_freeze,
            intake,
        })
    }

    fn tab_mut(&mut self, title: &str) -> &mut Tab {
        self.snapshot
            .tabs
            .iter_mut()
            .find(|t| t.title == title)
            .unwrap()
    }
}

fn sync_statuses(p: &Plan) -> Vec<(usize, String)> {
    let collection = p.tabs[&Role::Collection].sheet_id;
    p.edits
        .iter()
        .filter(|c| c.sheet_id == collection)
        .map(|c| (c.row + 1, c.set.text.clone().unwrap()))
        .collect()
}

#[test]
fn intake_of_mixed_references_with_sync_status_for_each() {
    let w = World::new(
        vec![
            vec!["1001"],
            vec![" #1002 "],
            vec!["https://github.com/kubernetes/enhancements/issues/1003"],
            vec!["#1001"],
            vec!["99999"],
            vec!["soon"],
            vec!["2000"],
            vec!["3000"],
        ],
        vec![enh_row("2000", "Tracked", "")],
        vec![enh_row("3000", "Removed from Milestone", "")],
        vec![],
    )
    .found(&[1001, 1002, 1003, 2000, 3000]);
    let mut w = w;
    w.issues.insert(99999, IssueLookup::NotFound);
    let p = w.plan();
    let intakes: Vec<u64> = p
        .new_rows
        .iter()
        .filter(|r| r.role == Role::Enhancements)
        .map(|r| r.issue)
        .collect();
    assert_eq!(intakes, [1001, 1002, 1003]);
    let docs: Vec<u64> = p
        .new_rows
        .iter()
        .filter(|r| r.role == Role::Docs)
        .map(|r| r.issue)
        .collect();
    assert_eq!(docs, [1001, 1002, 1003]);
    assert_eq!(
        sync_statuses(&p),
        [
            (2, "tracked in Enhancements".to_string()),
            (3, "tracked in Enhancements".into()),
            (4, "tracked in Enhancements".into()),
            (5, "duplicate of row 2".into()),
            (
                6,
                "issue #99999 not found in kubernetes/enhancements".into()
            ),
            (
                7,
                "not an issue reference: \"soon\" (expected 1234, #1234 or an issue URL)".into()
            ),
            (8, "tracked in Enhancements".into()),
            (9, "already in Removed from Milestone".into()),
        ]
    );
    let intake = &p.new_rows[0];
    let text_at = |col: usize| {
        intake
            .cells
            .iter()
            .find(|(c, _)| *c == col)
            .and_then(|(_, s)| s.text.clone())
    };
    assert_eq!(text_at(0).as_deref(), Some("1001"));
    assert_eq!(text_at(7).as_deref(), Some("Tracked"));
    assert_eq!(text_at(1).as_deref(), Some("Feature 1001"));
}

#[test]
fn a_sync_status_names_an_invisible_character_instead_of_a_rust_escape() {
    let w = World::new(vec![vec!["\u{200b}961"]], vec![], vec![], vec![]).found(&[961]);
    assert_eq!(
        sync_statuses(&w.plan()),
        [(
            2,
            "not an issue reference: \"961\" (starts with an invisible ZERO WIDTH SPACE, U+200B) (expected 1234, #1234 or an issue URL)"
                .to_string()
        )]
    );
}

#[test]
fn fills_every_colour_case_and_second_plan_is_empty() {
    let mut w = World::new(
        vec![],
        vec![
            enh_row("1", "Tracked", ""),
            enh_row("2", "Tracked", ""),
            enh_row("3", "Tracked", ""),
            enh_row("4", "At Risk", ""),
        ],
        vec![],
        vec![],
    )
    .found(&[1, 2, 3, 4]);
    w.keps.insert(1, kep(1, "implementable"));
    w.keps.insert(2, kep(2, "provisional"));
    w.keps.insert(4, kep(4, "withdrawn"));
    w.prs.insert(
        3,
        OpenKepPr {
            number: 77,
            title: "x".into(),
            url: format!("https://github.com/{REPO}/pull/77"),
            files: vec![],
        },
    );
    let p = w.plan();
    let bg = |row: usize, col: usize| {
        p.edits
            .iter()
            .find(|c| c.row + 1 == row && c.col == col)
            .and_then(|c| c.set.background)
    };
    assert_eq!((bg(2, 4), bg(2, 5)), (Some(Rgb::GREEN), Some(Rgb::GREEN)));
    assert_eq!((bg(3, 4), bg(3, 5)), (Some(Rgb::GREEN), Some(Rgb::YELLOW)));
    assert_eq!((bg(4, 4), bg(4, 5)), (Some(Rgb::YELLOW), Some(Rgb::RED)));
    assert_eq!((bg(5, 4), bg(5, 5)), (Some(Rgb::GREEN), Some(Rgb::RED)));

    // Write what the plan says into the snapshot; planning again finds nothing to do.
    apply_changes_in_memory(&mut w, &p);
    let again = w.plan();
    assert!(again.is_empty(), "second plan not empty:\n{again}");
}

fn apply_changes_in_memory(w: &mut World, p: &Plan) {
    for c in &p.edits {
        let title = p.tab_title(c.sheet_id).to_string();
        let t = w.tab_mut(&title);
        while t.rows.len() <= c.row {
            t.rows.push(vec![]);
        }
        let row = &mut t.rows[c.row];
        while row.len() <= c.col {
            row.push(Cell::default());
        }
        let cell = &mut row[c.col];
        if let Some(text) = &c.set.text {
            cell.text = text.clone();
        }
        match &c.set.link {
            LinkSet::Set(l) => cell.link = Some(l.clone()),
            LinkSet::Clear => cell.link = None,
            LinkSet::Keep => {}
        }
        if let Some(bg) = c.set.background {
            cell.background = Some(bg);
        }
    }
}

#[test]
fn what_a_person_typed_is_kept_where_kepsync_cannot_derive() {
    let mut w = World::new(
        vec![],
        vec![vec![
            "5",
            "",
            "sig-auth",
            "carol",
            "design doc",
            "Provisional?",
            "beta",
            "Tracked",
        ]],
        vec![],
        vec![],
    );
    let mut f = facts(5);
    f.labels.clear();
    f.assignees.clear();
    w.issues.insert(5, IssueLookup::Found(f));
    let p = w.plan();
    let changed: Vec<&str> = p.edits.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(changed, ["Name", "Proposal", "KEP State"]);
    let proposal = p.edits.iter().find(|c| c.header == "Proposal").unwrap();
    assert_eq!(
        proposal.set.text, None,
        "a person's text is not replaced by a placeholder"
    );
    assert_eq!(proposal.set.background, Some(Rgb::RED));
}

#[test]
fn formulas_in_owned_cells_are_left_with_a_note() {
    let mut w = World::new(vec![], vec![enh_row("6", "Tracked", "")], vec![], vec![]).found(&[6]);
    w.tab_mut("Enhancements").rows[1][1] = Cell {
        text: "old".into(),
        formula: Some("=VLOOKUP(A2,data!A:B,2)".into()),
        ..Cell::default()
    };
    let p = w.plan();
    assert!(p.edits.iter().all(|c| c.header != "Name"));
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("Name holds a formula")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn moves_both_ways_keep_docs_in_step() {
    let w = World::new(
        vec![],
        vec![
            enh_row("10", "Tracked", ""),
            enh_row("11", "Deferred", "bumped"),
            enh_row("12", " removed from milestone ", ""),
        ],
        vec![enh_row("20", "Tracked", "exception approved")],
        vec![
            vec!["11", "Feature 11", "sig-node", ""],
            vec!["12", "Feature 12", "sig-node", "k/website#1"],
        ],
    )
    .found(&[10, 11, 12, 20]);
    let p = w.plan();
    let moves: Vec<(u64, Role)> = p.moves.iter().map(|m| (m.issue, m.to)).collect();
    assert_eq!(
        moves,
        [
            (11, Role::Removed),
            (12, Role::Removed),
            (20, Role::Enhancements)
        ]
    );
    assert_eq!(
        p.docs_removals.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        [11]
    );
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("Docs row 3 (#12): kept")),
        "{:?}",
        p.warnings
    );
    assert!(
        p.new_rows
            .iter()
            .any(|r| r.role == Role::Docs && r.issue == 20)
    );
    assert!(
        p.moves
            .iter()
            .all(|m| m.columns.iter().all(|(s, d)| s == d))
    );

    let json = requests_json(&p);
    let kinds: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_object().unwrap().keys().next().unwrap().clone())
        .collect();
    let first_delete = kinds.iter().position(|k| k == "deleteDimension").unwrap();
    assert!(
        kinds[first_delete..].iter().all(|k| k == "deleteDimension"),
        "deletes come last: {kinds:?}"
    );
    let deletes: Vec<(i64, i64)> = json.as_array().unwrap()[first_delete..]
        .iter()
        .map(|r| {
            (
                r["deleteDimension"]["range"]["sheetId"].as_i64().unwrap(),
                r["deleteDimension"]["range"]["startIndex"]
                    .as_i64()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        deletes,
        [(2, 3), (2, 2), (3, 1), (4, 1)],
        "bottom-up per sheet"
    );
    let copies: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("copyPaste"))
        .collect();
    assert_eq!(copies.len(), 3);
    assert_eq!(copies[0]["destination"]["sheetId"], 3);
    assert_eq!(
        copies[0]["destination"]["startRowIndex"], 2,
        "below Removed's last data row"
    );
    assert_eq!(copies[0]["pasteType"], "PASTE_NORMAL");
}

#[test]
fn a_move_is_refused_rather_than_duplicated_or_lossy() {
    let mut w = World::new(
        vec![],
        vec![
            enh_row("30", "Deferred", ""),
            enh_row("31", "Deferred", ""),
            enh_row("31", "Tracked", ""),
        ],
        vec![enh_row("30", "Removed from Milestone", "")],
        vec![],
    )
    .found(&[30, 31]);
    let p = w.plan();
    assert!(p.moves.is_empty(), "{p}");
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.contains("already on") || w.contains("more than once"))
            .count(),
        2
    );

    w = World::new(vec![], vec![enh_row("40", "Deferred", "")], vec![], vec![]).found(&[40]);
    w.tab_mut("Enhancements").rows[1].extend([
        Cell::default(),
        Cell::default(),
        Cell::text("orphan"),
    ]);
    let p = w.plan();
    assert!(p.moves.is_empty());
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("column 13 has data but no header")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn differing_layouts_map_columns_by_header_and_add_missing_ones() {
    let mut w = World::new(
        vec![],
        vec![enh_row("50", "Deferred", "note")],
        vec![],
        vec![],
    )
    .found(&[50]);
    let removed = w.tab_mut("Removed from Milestone");
    removed.rows[0] = [
        "Status",
        "Issue",
        "Name",
        "SIG",
        "KEP Assignee",
        "Proposal",
        "KEP State",
        "Stage",
    ]
    .map(Cell::text)
    .to_vec();
    let p = w.plan();
    assert_eq!(p.moves.len(), 1);
    let m = &p.moves[0];
    assert!(m.columns.contains(&(7, 0)) && m.columns.contains(&(0, 1)));
    let added: Vec<(&str, usize)> = p
        .header_adds
        .iter()
        .map(|h| (h.title.as_str(), h.col))
        .collect();
    assert_eq!(added, [("Notes", 8), ("Contact", 9)]);
}

#[test]
fn missing_sync_status_column_is_added_after_the_last_used_column() {
    let mut w = World::new(vec![vec!["1"]], vec![], vec![], vec![]).found(&[1]);
    let c = w.tab_mut("KEP Collection");
    c.rows[0].truncate(3);
    c.rows[1] = ["1", "", "", "", "stray"].map(Cell::text).to_vec();
    let p = w.plan();
    assert_eq!(
        p.header_adds,
        [HeaderAdd {
            role: Role::Collection,
            col: 5,
            title: "Sync Status".into()
        }]
    );
}

#[test]
fn guards_catch_a_sort_between_read_and_write() {
    let w = World::new(
        vec![],
        vec![enh_row("1", "Tracked", ""), enh_row("2", "Deferred", "")],
        vec![],
        vec![],
    )
    .found(&[1, 2]);
    let p = w.plan();
    let mut sorted = w.snapshot.clone();
    let enh = sorted
        .tabs
        .iter_mut()
        .find(|t| t.title == "Enhancements")
        .unwrap();
    enh.rows.swap(1, 2);
    let titles: Vec<String> = sorted.tabs.iter().map(|t| t.title.clone()).collect();
    let names = ColumnNames::default();
    let layout = Layout::locate(&sorted, &titles, &names, REPO).unwrap();
    let stale = stale(&p, &sorted, &layout);
    assert!(!stale.is_empty());
    assert!(
        stale
            .iter()
            .any(|s| s.contains("Enhancements row 2 column Issue: was \"1\", now \"2\"")),
        "{stale:?}"
    );
    let same = Layout::locate(&w.snapshot, &titles, &names, REPO).unwrap();
    assert!(super::stale(&p, &w.snapshot, &same).is_empty());
}

#[test]
fn an_intake_whose_collection_row_is_deleted_before_the_write_is_replanned() {
    // Regression (race test, seed 1795690870669758171): a person deleted #9's Enhancements row,
    // kepsync planned to take it in again from KEP Collection, and the person deleted the
    // Collection row too before the write. The row's Sync Status ("tracked in Enhancements")
    // did not change, so nothing guarded it and the intake came from nowhere.
    let w = World::new(
        vec![vec!["9", "sig-node", "", "tracked in Enhancements"]],
        vec![],
        vec![],
        vec![vec!["9"]],
    )
    .found(&[9]);
    let p = w.plan();
    assert_eq!(p.new_rows.iter().filter(|r| r.issue == 9).count(), 1);
    let mut gone = w.snapshot.clone();
    gone.tabs[0].rows.remove(1);
    let titles: Vec<String> = gone.tabs.iter().map(|t| t.title.clone()).collect();
    let names = ColumnNames::default();
    let layout = Layout::locate(&gone, &titles, &names, REPO).unwrap();
    let stale = stale(&p, &gone, &layout);
    assert!(
        stale
            .iter()
            .any(|s| s.contains("KEP Collection row 2 column Issue: was \"9\", now \"\"")),
        "{stale:?}"
    );
}

#[test]
fn titles_that_look_like_formulas_are_written_as_text() {
    let mut w = World::new(vec![], vec![enh_row("7", "Tracked", "")], vec![], vec![]);
    let mut f = facts(7);
    f.title = "=IMPORTXML(\"http://x\",\"//a\")".into();
    w.issues.insert(7, IssueLookup::Found(f));
    let reqs = requests_json(&w.plan());
    let text = reqs.to_string();
    assert!(text.contains(r#""stringValue":"=IMPORTXML"#), "{text}");
    assert!(!text.contains("formulaValue"));
}

#[test]
fn full_grid_appends_instead_of_inserting() {
    let mut w = World::new(vec![vec!["1"]], vec![], vec![], vec![]).found(&[1]);
    w.tab_mut("Enhancements").row_count = 1;
    let reqs = requests_json(&w.plan());
    let appends: Vec<&serde_json::Value> = reqs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("appendDimension"))
        .collect();
    assert_eq!(appends.len(), 1);
    assert_eq!(appends[0]["sheetId"], 2);
    assert_eq!(appends[0]["dimension"], "ROWS");
}

#[test]
fn releases_normalise() {
    assert_eq!(normalize_release("1.37").as_deref(), Some("v1.37"));
    assert_eq!(normalize_release(" V1.37 ").as_deref(), Some("v1.37"));
    assert_eq!(normalize_release("\"v1.9\"").as_deref(), Some("v1.9"));
    assert_eq!(normalize_release("0.0").as_deref(), Some("v0.0"));
    assert_eq!(normalize_release("TBD"), None);
    assert_eq!(normalize_release("1."), None);
    assert_eq!(normalize_release(""), None);
}

/// The requests as the client sends them: google-sheets4 drops null fields before sending.
fn requests_json(p: &Plan) -> serde_json::Value {
    fn strip(v: serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => serde_json::Value::Object(
                m.into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, strip(v)))
                    .collect(),
            ),
            serde_json::Value::Array(a) => {
                serde_json::Value::Array(a.into_iter().map(strip).collect())
            }
            other => other,
        }
    }
    strip(serde_json::to_value(to_requests(p)).unwrap())
}

#[test]
fn a_cold_fill_writes_each_column_run_in_one_request() {
    let rows: Vec<Vec<&'static str>> = (1..=40)
        .map(|n| enh_row(&n.to_string(), "Tracked", ""))
        .collect();
    let collection: Vec<Vec<&'static str>> = vec![vec!["1001"], vec!["1002"], vec!["1003"]];
    let numbers: Vec<u64> = (1..=40).chain([1001, 1002, 1003]).collect();
    let w = World::new(collection, rows, vec![], vec![]).found(&numbers);
    let p = w.plan();
    assert!(p.edits.len() >= 40 * 5, "{} edits", p.edits.len());
    let reqs = requests_json(&p);
    let updates: Vec<&serde_json::Value> = reqs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("updateCells"))
        .collect();
    // Enhancements: Name, SIG, KEP Assignee, Proposal, KEP State, Stage (6 runs of 40 rows);
    // Collection: one Sync Status run; new rows: one block on Enhancements, one on Docs.
    assert_eq!(updates.len(), 6 + 1 + 2, "{updates:#?}");
    let name_run = updates
        .iter()
        .find(|u| u["start"]["sheetId"] == 2 && u["start"]["columnIndex"] == 1)
        .unwrap();
    assert_eq!(name_run["rows"].as_array().unwrap().len(), 40);
    assert_eq!(
        name_run["fields"],
        "userEnteredValue,userEnteredFormat.textFormat.link"
    );
    let intake = updates
        .iter()
        .find(|u| u["start"]["sheetId"] == 2 && u["start"]["rowIndex"] == 41)
        .unwrap();
    assert_eq!(
        intake["rows"].as_array().unwrap().len(),
        3,
        "three intake rows in one block"
    );
}

#[test]
fn runs_break_where_rows_or_written_parts_differ() {
    let mut w = World::new(
        vec![],
        vec![
            enh_row("1", "Tracked", ""),
            enh_row("2", "Tracked", ""),
            enh_row("3", "Tracked", ""),
        ],
        vec![],
        vec![],
    )
    .found(&[1, 2, 3]);
    w.keps.insert(2, kep(2, "implementable"));
    // Row 2's Proposal already shows the KEP link but with no fill: only its background changes.
    let url = "https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2-feature";
    w.tab_mut("Enhancements").rows[2][4] = Cell {
        text: url.into(),
        link: Some(url.into()),
        ..Cell::default()
    };
    let reqs = requests_json(&w.plan());
    let proposal: Vec<&serde_json::Value> = reqs
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.get("updateCells"))
        .filter(|u| u["start"]["columnIndex"] == 4)
        .collect();
    let shape: Vec<(i64, usize, &str)> = proposal
        .iter()
        .map(|u| {
            (
                u["start"]["rowIndex"].as_i64().unwrap(),
                u["rows"].as_array().unwrap().len(),
                u["fields"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shape,
        [
            (1, 1, "userEnteredValue,userEnteredFormat.backgroundColor"),
            (2, 1, "userEnteredFormat.backgroundColor"),
            (3, 1, "userEnteredValue,userEnteredFormat.backgroundColor")
        ]
    );
}

#[test]
fn a_status_with_stray_spaces_still_guards_what_was_read() {
    // Regression (issue 13): "Removed From Milestone " was guarded as the trimmed word, so the
    // pre-write re-read saw a difference on every attempt and the cycle failed with a conflict
    // with nobody editing.
    let w = World::new(
        vec![],
        vec![
            enh_row("1", "Removed From Milestone ", ""),
            enh_row("2", " Removed from Milestone", ""),
        ],
        vec![enh_row("3", "Tracked ", ""), enh_row("4", " tracked", "")],
        vec![],
    )
    .found(&[1, 2, 3, 4]);
    let p = w.plan();
    let mut moved: Vec<u64> = p.moves.iter().map(|m| m.issue).collect();
    moved.sort_unstable();
    assert_eq!(moved, [1, 2, 3, 4]);
    let titles: Vec<String> = w.snapshot.tabs.iter().map(|t| t.title.clone()).collect();
    let names = ColumnNames::default();
    let unchanged = Layout::locate(&w.snapshot, &titles, &names, REPO).unwrap();
    assert_eq!(stale(&p, &w.snapshot, &unchanged), Vec::<String>::new());
}

#[path = "status_tests.rs"]
mod status_tests;

#[path = "label_intake_tests.rs"]
mod label_intake_tests;
