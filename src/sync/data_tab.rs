//! The cross-release `data` tab: one row per enhancement kepsync has seen, upserted by issue,
//! never deleted. kepsync owns Name, SIG, KEP, KEP State and Completed in Release; the
//! Responder column (and any other) belongs to people.

use super::edit::{CellSet, LinkSet};
use super::extra::GridGrow;
use super::issue_ref::parse_issue_ref;
use super::layout::same_name;
use super::plan::{CellEdit, ColumnLabel, Guard, Plan};
use crate::config::ColumnNames;
use crate::keps::{Kep, Status};
use crate::model::{IssueFacts, OpenKepPr};
use crate::sheet::{Cell, Tab};
use std::collections::BTreeMap;

/// The data tab's columns, in the order a fresh tab gets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataCol {
    Issue,
    Name,
    Responder,
    Sig,
    Kep,
    KepState,
    CompletedIn,
}

impl DataCol {
    pub const ALL: [DataCol; 7] = [
        DataCol::Issue,
        DataCol::Name,
        DataCol::Responder,
        DataCol::Sig,
        DataCol::Kep,
        DataCol::KepState,
        DataCol::CompletedIn,
    ];

    /// The header: shared names come from `[columns]`, the rest are fixed.
    pub fn header(self, names: &ColumnNames) -> &str {
        match self {
            DataCol::Issue => &names.issue,
            DataCol::Name => &names.name,
            DataCol::Responder => "Responder",
            DataCol::Sig => &names.sig,
            DataCol::Kep => "KEP",
            DataCol::KepState => &names.kep_state,
            DataCol::CompletedIn => "Completed in Release",
        }
    }
}

/// One value kepsync writes into a data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataValue {
    pub text: String,
    pub link: Option<String>,
    /// Written only into a blank cell (a guess people may correct).
    pub soft: bool,
}

/// What kepsync knows of one enhancement for its data row; absent columns are left alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataFacts {
    pub values: BTreeMap<DataCol, DataValue>,
}

fn value(text: impl Into<String>, link: Option<String>, soft: bool) -> DataValue {
    DataValue {
        text: text.into(),
        link,
        soft,
    }
}

/// The data-row values of one issue, from its facts, merged KEP and open KEP PR.
pub fn data_facts(
    repo: &str,
    issue: &IssueFacts,
    kep: Option<&Kep>,
    open_pr: Option<&OpenKepPr>,
) -> DataFacts {
    let mut v = BTreeMap::new();
    v.insert(
        DataCol::Name,
        value(issue.title.trim(), Some(issue.url.clone()), false),
    );
    let sig = kep.map(|k| k.owning_sig.trim()).filter(|s| !s.is_empty());
    match (sig, issue.label_values("sig").next()) {
        (Some(s), _) => v.insert(DataCol::Sig, value(s, None, false)),
        (None, Some(l)) => v.insert(DataCol::Sig, value(format!("sig-{}", l.trim()), None, true)),
        _ => None,
    };
    let kep_url = kep
        .map(|k| folder_url(repo, &k.path))
        .or(open_pr.map(|p| p.url.clone()));
    if let Some(url) = kep_url {
        v.insert(DataCol::Kep, value(url.clone(), Some(url), false));
    }
    let state = kep.map(|k| k.status.trim()).filter(|s| !s.is_empty());
    v.insert(
        DataCol::KepState,
        value(state.unwrap_or("none"), None, state.is_none()),
    );
    if let Some(done) = kep.and_then(completed_in) {
        v.insert(DataCol::CompletedIn, value(done, None, false));
    }
    DataFacts { values: v }
}

fn folder_url(repo: &str, yaml_path: &str) -> String {
    let folder = yaml_path.rsplit_once('/').map_or(yaml_path, |(d, _)| d);
    format!("https://github.com/{repo}/tree/master/{folder}")
}

/// The stable milestone of an implemented KEP (`v1.37`, or as written when not a release).
fn completed_in(kep: &Kep) -> Option<String> {
    if kep.status_kind() != Some(Status::Implemented) {
        return None;
    }
    match kep.milestones.get("stable") {
        Some(Some(m)) => Some(m.clone()),
        _ => kep
            .milestones_raw
            .get("stable")
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    }
}

/// Where the tab's header row and columns are.
struct DataLayout {
    sheet_id: i32,
    title: String,
    header_row: usize,
    columns: BTreeMap<DataCol, usize>,
    /// issue → rows holding it.
    rows: BTreeMap<u64, Vec<usize>>,
    end_of_data: usize,
}

impl DataLayout {
    /// An edit of the cell at (row, column) of this tab.
    fn edit(
        &self,
        (row, col): (usize, usize),
        header: impl Into<String>,
        issue: Option<u64>,
        before: Cell,
        set: CellSet,
    ) -> CellEdit {
        CellEdit {
            sheet_id: self.sheet_id,
            row,
            col,
            header: header.into(),
            issue,
            before,
            set,
            why: super::why::Why::DataTab,
        }
    }
}

/// Plans the upsert of every issue in `facts` into the data tab.
pub fn plan_data_tab(
    tab: &Tab,
    names: &ColumnNames,
    repo: &str,
    facts: &BTreeMap<u64, DataFacts>,
    p: &mut Plan,
) {
    let Some(mut l) = locate(tab, names, repo, p) else {
        return;
    };
    add_missing_headers(tab, names, &mut l, p);
    let mut new_row = l.end_of_data;
    for (n, f) in facts {
        match l.rows.get(n) {
            Some(rows) => {
                for row in rows {
                    update_row(tab, &l, *row, *n, f, p);
                }
            }
            None => {
                append_row(&l, names, new_row, *n, f, p);
                new_row += 1;
            }
        }
    }
    grow_grid(tab, &l, new_row, p);
}

fn locate(tab: &Tab, names: &ColumnNames, repo: &str, p: &mut Plan) -> Option<DataLayout> {
    let issue_header = &names.issue;
    let header_row = (0..tab.rows.len().min(20))
        .find(|&r| tab.rows[r].iter().any(|c| same_name(&c.text, issue_header)));
    let blank = tab.rows.iter().flatten().all(|c| c.is_blank());
    let header_row = match header_row {
        Some(r) => r,
        None if blank => 0,
        None => {
            p.warnings.push(format!(
                "{}: no header row with {issue_header:?} in its first 20 rows; kepsync leaves the tab alone",
                tab.title
            ));
            return None;
        }
    };
    let headers: Vec<&str> = tab
        .rows
        .get(header_row)
        .map(|r| r.iter().map(|c| c.text.trim()).collect())
        .unwrap_or_default();
    let columns = DataCol::ALL
        .into_iter()
        .filter_map(|c| {
            Some((
                c,
                headers.iter().position(|h| same_name(h, c.header(names)))?,
            ))
        })
        .collect::<BTreeMap<_, _>>();
    let mut rows: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
    let mut end_of_data = header_row + 1;
    for r in header_row + 1..tab.rows.len() {
        if tab.rows[r].iter().any(|c| !c.is_blank()) {
            end_of_data = r + 1;
        }
        let text = columns.get(&DataCol::Issue).map_or("", |c| tab.text(r, *c));
        if let Ok(Some(n)) = parse_issue_ref(text, repo) {
            rows.entry(n).or_default().push(r);
        }
    }
    Some(DataLayout {
        sheet_id: tab.sheet_id,
        title: tab.title.clone(),
        header_row,
        columns,
        rows,
        end_of_data,
    })
}

fn add_missing_headers(tab: &Tab, names: &ColumnNames, l: &mut DataLayout, p: &mut Plan) {
    let used = tab
        .rows
        .iter()
        .map(|r| r.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0);
    let mut next = used;
    for col in DataCol::ALL {
        if l.columns.contains_key(&col) {
            continue;
        }
        let header = col.header(names).to_string();
        let set = CellSet::text(header.clone());
        let e = l.edit((l.header_row, next), header, None, Cell::default(), set);
        push_edit(l, e, p);
        l.columns.insert(col, next);
        next += 1;
    }
}

/// The change that makes `current` show `v`, if any.
fn change(current: &crate::sheet::Cell, v: &DataValue) -> Option<CellSet> {
    if v.soft && !current.text.trim().is_empty() {
        return None;
    }
    let text = (current.text != v.text).then(|| v.text.clone());
    let link = match &v.link {
        Some(l) if current.link.as_deref() != Some(l.as_str()) => LinkSet::Set(l.clone()),
        _ => LinkSet::Keep,
    };
    (text.is_some() || link != LinkSet::Keep).then_some(CellSet {
        text,
        link,
        background: None,
    })
}

fn update_row(tab: &Tab, l: &DataLayout, row: usize, n: u64, f: &DataFacts, p: &mut Plan) {
    let mut guarded = false;
    for (col, v) in &f.values {
        let Some(&c) = l.columns.get(col) else {
            continue;
        };
        let current = tab.cell(row, c).cloned().unwrap_or_default();
        if current.formula.is_some() {
            continue;
        }
        let Some(set) = change(&current, v) else {
            continue;
        };
        if !guarded {
            guard(
                l,
                row,
                l.columns[&DataCol::Issue],
                tab.text(row, l.columns[&DataCol::Issue]),
                p,
            );
            guarded = true;
        }
        guard(l, row, c, &current.text, p);
        let e = l.edit((row, c), tab.text(l.header_row, c), Some(n), current, set);
        push_edit(l, e, p);
    }
}

/// An edit of one of the data tab's cells (the tab's title kept for the printed plan).
fn push_edit(l: &DataLayout, e: CellEdit, p: &mut Plan) {
    p.tab_titles
        .entry(l.sheet_id)
        .or_insert_with(|| l.title.clone());
    p.edits.push(e);
}

fn guard(l: &DataLayout, row: usize, col: usize, text: &str, p: &mut Plan) {
    p.tab_titles
        .entry(l.sheet_id)
        .or_insert_with(|| l.title.clone());
    p.guards.push(Guard {
        sheet_id: l.sheet_id,
        row,
        col,
        label: ColumnLabel::Number,
        text: text.to_string(),
    });
}

fn append_row(
    l: &DataLayout,
    names: &ColumnNames,
    row: usize,
    n: u64,
    f: &DataFacts,
    p: &mut Plan,
) {
    let issue = DataValue {
        text: n.to_string(),
        link: None,
        soft: false,
    };
    let values =
        std::iter::once((DataCol::Issue, &issue)).chain(f.values.iter().map(|(c, v)| (*c, v)));
    for (col, v) in values {
        let Some(&c) = l.columns.get(&col) else {
            continue;
        };
        let set = CellSet {
            text: Some(v.text.clone()),
            link: v.link.clone().map_or(LinkSet::Keep, LinkSet::Set),
            background: None,
        };
        let e = l.edit((row, c), col.header(names), Some(n), Cell::default(), set);
        push_edit(l, e, p);
    }
    // The row must still be blank when written.
    guard(l, row, l.columns[&DataCol::Issue], "", p);
}

fn grow_grid(tab: &Tab, l: &DataLayout, rows_needed: usize, p: &mut Plan) {
    let cols_needed = l.columns.values().map(|c| c + 1).max().unwrap_or(0);
    let grow = GridGrow {
        sheet_id: l.sheet_id,
        rows: rows_needed.saturating_sub(tab.row_count as usize),
        cols: cols_needed.saturating_sub(tab.column_count as usize),
    };
    let writes = p.edits.iter().any(|c| c.sheet_id == l.sheet_id);
    if writes && (grow.rows > 0 || grow.cols > 0) {
        p.extra.grows.push(grow);
    }
}
