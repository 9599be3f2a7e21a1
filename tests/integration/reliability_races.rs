//! Races with people: ≥ 1,000 seeded cycles while a simulated team edits, sorts, inserts and
//! deletes rows, changes Status and adds Collection rows between kepsync's reads and its write.
//! After every cycle: no person-owned cell changed by kepsync, no row lost or duplicated; after
//! every quiet cycle: every Status-driven move done and every Collection issue tracked.
//!
//! `KEPTEST_RACE_CYCLES` (default 500; CI runs 1000) and `KEPTEST_RACE_SEED` (replay a failure).

use crate::support::dump::{TabDump, tab};
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::hooks::{Around, person_batch};
use crate::support::rng::{Rng, env_count, seed_from_env};
use crate::support::sheet::{
    ENH_HEADER, PERSON_COLUMNS, SHEET_ID, enh_row, person_cell_kept, sheet,
};
use crate::support::world::World;
use emulator_kit::{Handler, Request};
use kepsync::cycle::{CycleError, Mode};
use kepsync::sheets::apply::log_lines;
use kepsync::sync::SYNC_LOG_HEADERS;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

const STATUSES: [&str; 4] = ["Tracked", "At Risk", "Removed from Milestone", "Deferred"];
const EXTRA_ISSUES: u64 = 400;

/// When the person acts, relative to kepsync's requests in one cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trigger {
    Quiet,
    /// Before the snapshot read: the cycle sees the edit.
    FirstRead,
    /// Between the snapshot and the pre-write re-read: the check must catch it.
    SecondRead,
    /// Just before the batchUpdate: only edits that shift no rows (cell edits, appends).
    Write,
}

/// What the people have typed, as the test remembers it.
#[derive(Debug, Default)]
struct Model {
    /// Person-owned cells of every tracked issue (on Enhancements or Removed).
    people: BTreeMap<u64, BTreeMap<String, String>>,
    /// Collection rows as (Issue, SIG, Notes), a multiset.
    collection: Vec<[String; 3]>,
    next_issue: u64,
    edits: u64,
}

struct Person {
    rng: Rng,
    model: Model,
    trigger: Trigger,
    reads: usize,
    acted: Option<String>,
}

fn main_tabs(dump: &Value) -> (TabDump, TabDump, TabDump) {
    (
        tab(dump, "KEP Collection"),
        tab(dump, "Enhancements"),
        tab(dump, "Removed from Milestone"),
    )
}

/// Rows of an Enhancements-shaped tab: (row index, issue number).
fn issue_rows(t: &TabDump) -> Vec<(usize, u64)> {
    (1..t.rows.len())
        .filter_map(|r| t.cell(r, 0).trim().parse().ok().map(|n| (r, n)))
        .collect()
}

fn cell(sheet_id: i64, row: usize, col: usize, text: &str) -> Value {
    json!({"updateCells": {
        "rows": [{"values": [{"userEnteredValue": {"stringValue": text}}]}],
        "fields": "userEnteredValue",
        "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col}}})
}

fn row_cells(sheet_id: i64, row: usize, texts: &[String]) -> Value {
    let values: Vec<Value> = texts
        .iter()
        .map(|t| json!({"userEnteredValue": {"stringValue": t}}))
        .collect();
    json!({"updateCells": {"rows": [{"values": values}], "fields": "userEnteredValue",
        "start": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": 0}}})
}

fn dim(kind: &str, sheet_id: i64, row: usize) -> Value {
    let mut v = json!({ kind: {"range": {"sheetId": sheet_id, "dimension": "ROWS",
        "startIndex": row, "endIndex": row + 1}}});
    if kind == "insertDimension" {
        v[kind]["inheritFromBefore"] = json!(true);
    }
    v
}

fn sort(t: &TabDump, first: usize, col: usize, desc: bool) -> Value {
    json!({"sortRange": {"range": {"sheetId": t.sheet_id, "startRowIndex": first,
        "endRowIndex": t.rows.len(), "startColumnIndex": 0, "endColumnIndex": 26},
        "sortSpecs": [{"dimensionIndex": col, "sortOrder": if desc {"DESCENDING"} else {"ASCENDING"}}]}})
}

impl Person {
    /// One edit by someone on the team; `shifting` allows sorts, inserts and deletes.
    fn act(&mut self, sheets: &SheetsEmulator, shifting: bool) -> String {
        let dump = sheets.dump(SHEET_ID).expect("sheet");
        let (coll, enh, rem) = main_tabs(&dump);
        let kinds = if shifting { 9 } else { 3 };
        let kind = self.rng.below(kinds);
        self.model.edits += 1;
        let stamp = format!("p{}", self.model.edits);
        let tracked: Vec<(&TabDump, usize, u64)> = issue_rows(&enh)
            .into_iter()
            .map(|(r, n)| (&enh, r, n))
            .chain(issue_rows(&rem).into_iter().map(|(r, n)| (&rem, r, n)))
            .collect();
        match kind {
            0 | 1 if !tracked.is_empty() => {
                let (t, r, n) = *self.rng.pick(&tracked);
                let (col, value) = if kind == 0 {
                    let col = *self.rng.pick(&PERSON_COLUMNS[1..]);
                    (col, stamp)
                } else {
                    ("Status", self.rng.pick(&STATUSES).to_string())
                };
                let c = t.col(0, col).expect("person column");
                person_batch(sheets, vec![cell(t.sheet_id, r, c, &value)]);
                let desc = format!("set {col} of #{n} to {value:?}");
                if let Some(p) = self.model.people.get_mut(&n) {
                    p.insert(col.to_string(), value);
                }
                desc
            }
            2 | 3 => {
                let entry = self.collection_entry();
                let at = if kind == 2 || !shifting {
                    coll.rows.len()
                } else {
                    2 + self.rng.below(coll.rows.len().saturating_sub(1))
                };
                let mut reqs = Vec::new();
                if at < coll.rows.len() {
                    reqs.push(dim("insertDimension", coll.sheet_id, at));
                }
                reqs.push(row_cells(coll.sheet_id, at, &entry));
                person_batch(sheets, reqs);
                let desc = format!("added Collection row {entry:?} at row {}", at + 1);
                self.model.collection.push(entry);
                desc
            }
            4 => {
                let (t, name) = if self.rng.chance(70) {
                    (&enh, "Enhancements")
                } else {
                    (&rem, "Removed")
                };
                let col = *self.rng.pick(&[0usize, 7, 9, 10]);
                let desc = self.rng.chance(50);
                person_batch(sheets, vec![sort(t, 1, col, desc)]);
                format!(
                    "sorted {name} by {} {}",
                    ENH_HEADER[col],
                    if desc { "desc" } else { "asc" }
                )
            }
            5 => {
                let col = *self.rng.pick(&[0usize, 1, 2]);
                person_batch(sheets, vec![sort(&coll, 2, col, self.rng.chance(50))]);
                format!("sorted KEP Collection by column {col}")
            }
            6 => {
                let (t, first) = if self.rng.chance(50) {
                    (&enh, 1)
                } else {
                    (&coll, 2)
                };
                let at = first + self.rng.below(t.rows.len().saturating_sub(first) + 1);
                person_batch(sheets, vec![dim("insertDimension", t.sheet_id, at)]);
                format!("inserted a blank row at {} of sheet {}", at + 1, t.sheet_id)
            }
            7 if !tracked.is_empty() && self.rng.chance(30) => {
                let (t, r, n) = *self.rng.pick(&tracked);
                person_batch(sheets, vec![dim("deleteDimension", t.sheet_id, r)]);
                self.model.people.remove(&n);
                format!("deleted the row of #{n}")
            }
            7 | 8 if coll.rows.len() > 2 => {
                let r = 2 + self.rng.below(coll.rows.len() - 2);
                let entry = collection_key(&coll, r);
                person_batch(sheets, vec![dim("deleteDimension", coll.sheet_id, r)]);
                if let Some(i) = self.model.collection.iter().position(|e| *e == entry) {
                    self.model.collection.remove(i);
                }
                format!("deleted Collection row {} {entry:?}", r + 1)
            }
            _ => "nothing".into(),
        }
    }

    /// A new Collection row: mostly a fresh issue, sometimes a duplicate, a typo or unknown.
    fn collection_entry(&mut self) -> [String; 3] {
        let issue = match self.rng.below(10) {
            0 => "next week".to_string(),
            1 => "#99999".to_string(),
            2 if !self.model.collection.is_empty() => {
                self.rng.pick(&self.model.collection)[0].clone()
            }
            _ if self.model.next_issue < 9100 + EXTRA_ISSUES => {
                self.model.next_issue += 1;
                (self.model.next_issue - 1).to_string()
            }
            _ => "9001".to_string(),
        };
        let sig = format!("sig-{}", self.rng.below(6));
        [issue, sig, format!("n{}", self.model.edits)]
    }
}

fn collection_key(coll: &TabDump, r: usize) -> [String; 3] {
    [
        coll.cell(r, 0).to_string(),
        coll.cell(r, 1).to_string(),
        coll.cell(r, 2).to_string(),
    ]
}

/// Issue numbers a Collection row stands for, when GitHub has that issue.
fn valid_issue(text: &str, known: &BTreeSet<u64>) -> Option<u64> {
    let n: u64 = text.trim().trim_start_matches('#').parse().ok()?;
    known.contains(&n).then_some(n)
}

/// Checks every invariant on the sheet as it is after a cycle; learns rows kepsync added.
fn check(
    model: &mut Model,
    dump: &Value,
    quiet: bool,
    known: &BTreeSet<u64>,
) -> Result<(), String> {
    let (coll, enh, rem) = main_tabs(dump);
    let mut seen: BTreeMap<u64, (&TabDump, usize, &str)> = BTreeMap::new();
    for (t, name) in [(&enh, "Enhancements"), (&rem, "Removed")] {
        for (r, n) in issue_rows(t) {
            if let Some((_, r0, name0)) = seen.insert(n, (t, r, name)) {
                return Err(format!(
                    "#{n} duplicated: {name0} row {} and {name} row {}",
                    r0 + 1,
                    r + 1
                ));
            }
        }
    }
    for (n, cells) in &mut model.people {
        let Some((t, r, name)) = seen.get(n) else {
            return Err(format!("row of #{n} lost"));
        };
        for (col, want) in cells.iter_mut() {
            let c = t
                .col(0, col)
                .ok_or_else(|| format!("{name} lost column {col}"))?;
            if person_cell_kept(col, want, t.cell(*r, c)) {
                // A Type kepsync filled into a blank Stage Status is kept from now on.
                *want = t.cell(*r, c).to_string();
            } else {
                return Err(format!(
                    "#{n} {col} on {name} row {}: person typed {want:?}, sheet has {:?}",
                    r + 1,
                    t.cell(*r, c)
                ));
            }
        }
    }
    let wanted: BTreeSet<u64> = model
        .collection
        .iter()
        .filter_map(|e| valid_issue(&e[0], known))
        .collect();
    for (n, (t, r, name)) in &seen {
        if model.people.contains_key(n) {
            continue;
        }
        if !wanted.contains(n) {
            return Err(format!("#{n} on {name} row {} came from nowhere", r + 1));
        }
        let person = person_cells(t, *r);
        if person["Status"] != "Tracked"
            || PERSON_COLUMNS[1..]
                .iter()
                .any(|c| !person_cell_kept(c, "", &person[*c]))
        {
            return Err(format!("kepsync added #{n} with person cells {person:?}"));
        }
        model.people.insert(*n, person);
    }
    let mut have: Vec<[String; 3]> = (2..coll.rows.len())
        .map(|r| collection_key(&coll, r))
        .filter(|e| e.iter().any(|c| !c.is_empty()))
        .collect();
    let mut want = model.collection.clone();
    have.sort();
    want.sort();
    if have != want {
        return Err(format!(
            "KEP Collection rows differ:\n sheet {have:?}\n people {want:?}"
        ));
    }
    if quiet {
        for (n, (t, r, name)) in &seen {
            let status = t.cell(*r, 7).trim();
            // README: Removed/Deferred on Enhancements go; Tracked on Removed comes back.
            let must_move = if *name == "Enhancements" {
                matches!(status, "Removed from Milestone" | "Deferred")
            } else {
                status == "Tracked"
            };
            if must_move {
                return Err(format!(
                    "after a quiet cycle #{n} with Status {status:?} is still on {name}"
                ));
            }
        }
        if let Some(n) = wanted.iter().find(|n| !seen.contains_key(n)) {
            return Err(format!(
                "after a quiet cycle Collection issue #{n} is not tracked"
            ));
        }
    }
    Ok(())
}

fn person_cells(t: &TabDump, r: usize) -> BTreeMap<String, String> {
    PERSON_COLUMNS
        .iter()
        .filter_map(|c| {
            t.col(0, c)
                .map(|i| (c.to_string(), t.cell(r, i).to_string()))
        })
        .collect()
}

fn initial() -> (Value, Model) {
    let coll: Vec<Vec<String>> = ["9001", "#9002", "9003", "9004", "9005", "9010", "next week"]
        .iter()
        .enumerate()
        .map(|(i, n)| vec![n.to_string(), format!("sig-{i}"), String::new()])
        .collect();
    let enh = vec![
        enh_row(9001, "Tracked", "@ann", "keep"),
        enh_row(9002, "At Risk", "", "waiting on PRR"),
        enh_row(9007, "Deferred", "@bo", ""),
    ];
    let rem = vec![enh_row(9008, "Tracked", "@cy", "exception")];
    let mut model = Model {
        next_issue: 9100,
        ..Model::default()
    };
    for r in enh.iter().chain(&rem) {
        let cells = [
            (7, "Status"),
            (8, "Stage Status"),
            (9, "Enhancements Contact"),
            (10, "Notes"),
        ]
        .iter()
        .map(|(i, c)| (c.to_string(), r[*i].clone()))
        .collect();
        model.people.insert(r[0].parse().expect("number"), cells);
    }
    model.collection = coll
        .iter()
        .map(|r| [r[0].clone(), r[1].clone(), r[2].clone()])
        .collect();
    (sheet(&coll, &enh, &rem), model)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_editing_between_reads_and_write_lose_nothing() {
    let seed = seed_from_env("KEPTEST_RACE_SEED");
    let cycles = env_count("KEPTEST_RACE_CYCLES", 500);
    let (mut sheet, model) = initial();
    // The Sync Log is on: it must agree with what each cycle applied, whatever people did.
    sheet["sheets"]
        .as_array_mut()
        .expect("tabs")
        .push(json!({"title": "Sync Log", "rows": [SYNC_LOG_HEADERS]}));
    let issues = demo_issues(EXTRA_ISSUES);
    let known: BTreeSet<u64> = issues
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["number"].as_u64())
        .collect();
    let person = Arc::new(Mutex::new(Person {
        rng: Rng::new(seed),
        model,
        trigger: Trigger::Quiet,
        reads: 0,
        acted: None,
    }));
    let hook = {
        let person = person.clone();
        move |sheets: &SheetsEmulator| -> Arc<dyn Handler> {
            let emu = sheets.clone();
            Arc::new(Around {
                inner: sheets.handler(),
                before: move |req: &Request| {
                    let mut p = person.lock().unwrap_or_else(|e| e.into_inner());
                    let write = req.method == http::Method::POST;
                    if !write {
                        p.reads += 1;
                    }
                    let fire = match p.trigger {
                        Trigger::Quiet => false,
                        Trigger::FirstRead => !write && p.reads == 1,
                        Trigger::SecondRead => !write && p.reads == 2,
                        Trigger::Write => write,
                    };
                    if fire && p.acted.is_none() {
                        let shifting = p.trigger != Trigger::Write;
                        let what = p.act(&emu, shifting);
                        p.acted = Some(what);
                    }
                },
            })
        }
    };
    let world = World::new(sheet)
        .github(GithubSeed::demo().issues(issues).demo_pulls())
        .sheets_through(hook)
        .set("tabs.sync-log", "Sync Log")
        .serve()
        .await;
    let mut log = LogCheck::default();
    let mut stats: BTreeMap<&str, u64> = BTreeMap::new();
    let mut history: Vec<String> = Vec::new();
    for i in 0..cycles {
        let trigger = {
            let mut p = person.lock().unwrap_or_else(|e| e.into_inner());
            if p.rng.chance(60) {
                let what = p.act(&world.sheets, true);
                history.push(format!("before cycle {i}: {what}"));
            }
            p.trigger = *p.rng.pick(&[
                Trigger::Quiet,
                Trigger::FirstRead,
                Trigger::SecondRead,
                Trigger::SecondRead,
                Trigger::Write,
                Trigger::Write,
            ]);
            p.reads = 0;
            p.acted = None;
            p.trigger
        };
        let result = world.syncer.cycle(Mode::Apply).await;
        let mut p = person.lock().unwrap_or_else(|e| e.into_inner());
        let acted = p.acted.take();
        p.trigger = Trigger::Quiet;
        history.push(format!(
            "cycle {i} {trigger:?}: {}; {}",
            acted.as_deref().unwrap_or("no edit"),
            match &result {
                Ok(r) => format!(
                    "{} change(s), {} attempt(s), applied {}",
                    r.plan.change_count(),
                    r.attempts,
                    r.applied
                ),
                Err(e) => format!("error {e}"),
            }
        ));
        match &result {
            Ok(r) if r.applied => *stats.entry("applied").or_default() += 1,
            Ok(_) => *stats.entry("idle").or_default() += 1,
            Err(CycleError::Conflict { .. }) => *stats.entry("conflict").or_default() += 1,
            Err(e) => panic!("seed {seed}: cycle {i} failed: {e}\n{}", tail(&history)),
        }
        if let Ok(r) = &result {
            *stats.entry("ms").or_default() += r.duration.as_millis() as u64;
            *stats.entry("gh_requests").or_default() += u64::from(r.github.requests);
        }
        if acted.is_some() {
            *stats.entry("edits_in_window").or_default() += 1;
        }
        if result.as_ref().is_ok_and(|r| r.attempts > 1) {
            *stats.entry("replanned").or_default() += 1;
        }
        let quiet = acted.is_none() && result.is_ok();
        let dump = world.dump();
        if let Err(e) = check(&mut p.model, &dump, quiet, &known) {
            panic!("seed {seed}: after cycle {i}: {e}\n{}", tail(&history));
        }
        let applied = result.as_ref().ok().filter(|r| r.applied).map(|r| &r.plan);
        if let Err(e) = log.after(&dump, applied) {
            panic!(
                "seed {seed}: Sync Log after cycle {i}: {e}\n{}",
                tail(&history)
            );
        }
    }
    eprintln!("races: {cycles} cycles, seed {seed}: {stats:?}");
    assert!(
        stats.get("edits_in_window").copied().unwrap_or(0) > cycles as u64 / 10,
        "the person hardly acted: {stats:?}"
    );
}

/// The Sync Log as the race leaves it: each applied cycle adds exactly its plan's rows, under
/// one cycle id never seen before; a cycle that applied nothing (idle, lost race, conflict) adds
/// none; every new row of a cell change names a cell that holds its After right after the write
/// (nobody acts between the write and the dump), and the new rows are the plan's changes, one
/// row each (a multiset: two duplicate Collection rows are two changes alike). So the log never
/// disagrees with the sheet and never logs a change twice.
#[derive(Default)]
struct LogCheck {
    rows: usize,
    cycles: BTreeSet<String>,
}

/// True when the sheet's `text` is what a Sync Log After shows: the same, the same with its
/// fill (`text (#rrggbb)`), or cut at 500 characters.
fn shows(after: &str, text: &str) -> bool {
    after == text
        || after
            .strip_prefix(text)
            .is_some_and(|rest| rest.starts_with(" ("))
        || after
            .strip_suffix('…')
            .is_some_and(|cut| text.starts_with(cut))
}

/// Whether some row of `issue` holds `after` under `column`, on Enhancements or Removed (a row
/// filled and moved in one batch is on the other tab).
fn holds(dump: &Value, issue: &str, column: &str, after: &str) -> bool {
    let Ok(n) = issue.trim_start_matches('#').parse::<u64>() else {
        return true;
    };
    ["Enhancements", "Removed from Milestone"]
        .iter()
        .any(|title| {
            let t = tab(dump, title);
            let Some(c) = t.col(0, column) else {
                return false;
            };
            issue_rows(&t)
                .iter()
                .filter(|(_, m)| *m == n)
                .any(|(r, _)| shows(after, t.cell(*r, c)))
        })
}

impl LogCheck {
    fn after(&mut self, dump: &Value, applied: Option<&kepsync::sync::Plan>) -> Result<(), String> {
        let t = tab(dump, "Sync Log");
        let rows = t.rows.len().saturating_sub(1);
        let added = applied.map_or(0, |p| log_lines(p, 5_000).len());
        if rows != self.rows + added {
            return Err(format!(
                "{rows} rows; expected {} + {added} from the applied plan",
                self.rows
            ));
        }
        let ids: BTreeSet<String> = (1..=added).map(|r| t.cell(r, 1).to_string()).collect();
        if added > 0 && (ids.len() != 1 || ids.iter().any(|id| self.cycles.contains(id))) {
            return Err(format!(
                "the new rows' cycle ids {ids:?} are not one new id"
            ));
        }
        let mut logged: Vec<Vec<String>> = Vec::new();
        for r in 1..=added {
            let row: Vec<String> = (2..SYNC_LOG_HEADERS.len())
                .map(|c| t.cell(r, c).to_string())
                .collect();
            let (surface, tab_title, issue, column, after) =
                (&row[0], &row[1], &row[2], &row[3], &row[5]);
            let main = ["Enhancements", "Removed from Milestone"].contains(&tab_title.as_str());
            if surface == "sheet" && column != "row" && main && !holds(dump, issue, column, after) {
                return Err(format!(
                    "no cell holds what the row says was written: {row:?}"
                ));
            }
            logged.push(row);
        }
        let mut planned: Vec<Vec<String>> = applied
            .map(|p| log_lines(p, 5_000).into_iter().map(Vec::from).collect())
            .unwrap_or_default();
        logged.sort();
        planned.sort();
        if logged != planned {
            return Err(format!(
                "the new rows are not the applied changes, one row each: {logged:?} vs {planned:?}"
            ));
        }
        self.cycles.extend(ids);
        self.rows = rows;
        Ok(())
    }
}

fn tail(history: &[String]) -> String {
    history[history.len().saturating_sub(12)..].join("\n")
}
