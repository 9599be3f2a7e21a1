//! The init plan: per tab, only what is missing — the tab, header cells (into blank columns
//! after everything used), bold, frozen rows, the Status dropdown, the KEP Collection header
//! protection — and, rolling over, the previous `data` rows not yet present.

use super::spec::{TabKind, TabSpec};
use super::steps::{InitPlan, Step};
use super::{SheetState, TabState};
use crate::sync::same_name;
use std::collections::BTreeSet;

/// Rows and columns of a tab `init` adds.
const NEW_ROWS: u32 = 1000;
const NEW_COLUMNS: u32 = 26;
/// The data tab's identifying header, normalised.
const ISSUE_KEY: &str = "issue";
/// How far down a header row is looked for.
const HEADER_SEARCH: usize = 20;

/// Plans the preparation of `target` for `specs`, rolling over from `previous` when given.
pub fn plan_init(
    target: &SheetState,
    specs: &[TabSpec],
    previous: Option<&SheetState>,
) -> InitPlan {
    let mut plan = InitPlan::default();
    let mut next_id = target
        .tabs
        .iter()
        .map(|t| t.sheet_id)
        .max()
        .map_or(0, |m| m + 1);
    for spec in specs {
        let prev = previous
            .and_then(|p| p.tab(&spec.title))
            .and_then(|t| header_of(t, spec));
        let desired = desired_headers(spec, prev.as_ref().map(|(_, h)| h.as_slice()));
        let placed = match target.tab(&spec.title) {
            Some(tab) => plan_existing(&mut plan, tab, spec, &desired),
            None => {
                let id = next_id;
                next_id += 1;
                Some(plan_new(&mut plan, id, spec, &desired))
            }
        };
        if let (TabKind::Data, Some(placed), Some((prev_row, prev_headers))) =
            (spec.kind, placed, &prev)
        {
            let source = previous.and_then(|p| p.tab(&spec.title));
            if let Some(source) = source {
                plan_rows(&mut plan, &placed, source, *prev_row, prev_headers);
            }
        }
    }
    plan.steps.sort_by_key(Step::rank);
    plan
}

/// Where a tab's header row is and what it holds after the plan, for copying rows into it.
struct Placed {
    title: String,
    sheet_id: i32,
    header_row: usize,
    headers: Vec<String>,
    /// Existing rows below the header, as (header, text) keys.
    present: BTreeSet<Vec<(String, String)>>,
    next_row: usize,
    row_count: u32,
}

/// The row index and the non-blank headers of a tab's header row, if it has one.
fn header_of(tab: &TabState, spec: &TabSpec) -> Option<(usize, Vec<String>)> {
    let key = spec.key_header.as_deref()?;
    let row = (0..tab.rows.len().min(HEADER_SEARCH))
        .find(|&r| tab.rows[r].iter().any(|c| same_name(&c.text, key)))?;
    let width = tab.rows[row].len();
    Some((
        row,
        (0..width)
            .map(|c| tab.text(row, c).trim().to_string())
            .collect(),
    ))
}

/// The previous release's headers (people's extra columns included) then the spec's missing ones.
fn desired_headers(spec: &TabSpec, previous: Option<&[String]>) -> Vec<String> {
    let mut out: Vec<String> = previous
        .unwrap_or(&[])
        .iter()
        .filter(|h| !h.is_empty())
        .cloned()
        .collect();
    for h in &spec.headers {
        if !out.iter().any(|x| same_name(x, h)) {
            out.push(h.clone());
        }
    }
    if spec.headers.is_empty() && previous.is_none() {
        out.clear();
    }
    out
}

fn plan_new(plan: &mut InitPlan, sheet_id: i32, spec: &TabSpec, headers: &[String]) -> Placed {
    let title = spec.title.clone();
    let columns = NEW_COLUMNS.max(headers.len() as u32);
    plan.steps.push(Step::AddTab {
        title: title.clone(),
        sheet_id,
        rows: NEW_ROWS,
        columns,
    });
    let placed = Placed {
        title: title.clone(),
        sheet_id,
        header_row: 0,
        headers: headers.to_vec(),
        present: BTreeSet::new(),
        next_row: 1,
        row_count: NEW_ROWS,
    };
    if headers.is_empty() {
        return placed;
    }
    plan.steps.push(Step::WriteHeaders {
        title: title.clone(),
        sheet_id,
        row: 0,
        col: 0,
        headers: headers.to_vec(),
    });
    plan.steps.push(Step::Bold {
        title: title.clone(),
        sheet_id,
        row: 0,
        columns: headers.len() as u32,
    });
    plan.steps.push(Step::Freeze {
        title: title.clone(),
        sheet_id,
        rows: 1,
    });
    if let Some(col) = status_col(spec, headers) {
        plan.steps.push(Step::StatusDropdown {
            title: title.clone(),
            sheet_id,
            col,
            from_row: 1,
            to_row: NEW_ROWS,
            values: spec.status_values.clone(),
        });
    }
    if spec.protect_header {
        plan.steps.push(Step::ProtectHeader {
            title,
            sheet_id,
            rows: 1,
        });
    }
    placed
}

fn status_col(spec: &TabSpec, headers: &[String]) -> Option<u32> {
    let status = spec.status_header.as_deref()?;
    headers
        .iter()
        .position(|h| same_name(h, status))
        .map(|i| i as u32)
}

fn plan_existing(
    plan: &mut InitPlan,
    tab: &TabState,
    spec: &TabSpec,
    desired: &[String],
) -> Option<Placed> {
    spec.key_header.as_ref()?;
    let (header_row, current) = match header_of(tab, spec) {
        Some(found) => found,
        None if tab.used_rows() == 0 => (0, Vec::new()),
        None => {
            plan.notes.push(format!(
                "tab {:?} has data but no header row (no {:?} cell in its first {HEADER_SEARCH} rows); left as it is",
                tab.title,
                spec.key_header.as_deref().unwrap_or("")
            ));
            return None;
        }
    };
    let (title, sheet_id) = (tab.title.clone(), tab.sheet_id);
    let missing: Vec<String> = desired
        .iter()
        .filter(|h| !current.iter().any(|c| same_name(c, h)))
        .cloned()
        .collect();
    let header_width = current
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let mut headers = current.clone();
    headers.truncate(header_width);
    if !missing.is_empty() {
        let col = tab.used_width().max(header_width);
        headers.resize(col, String::new());
        headers.extend(missing.iter().cloned());
        if headers.len() as u32 > tab.column_count {
            let count = headers.len() as u32 - tab.column_count;
            plan.steps.push(Step::AddColumns {
                title: title.clone(),
                sheet_id,
                count,
            });
        }
        plan.steps.push(Step::WriteHeaders {
            title: title.clone(),
            sheet_id,
            row: header_row as u32,
            col: col as u32,
            headers: missing.clone(),
        });
    }
    let row = header_row as u32;
    let not_bold = tab
        .rows
        .get(header_row)
        .is_some_and(|r| r.iter().any(|c| !c.text.trim().is_empty() && !c.bold));
    if !missing.is_empty() || not_bold {
        plan.steps.push(Step::Bold {
            title: title.clone(),
            sheet_id,
            row,
            columns: headers.len() as u32,
        });
    }
    if tab.frozen_rows < row + 1 {
        plan.steps.push(Step::Freeze {
            title: title.clone(),
            sheet_id,
            rows: row + 1,
        });
    }
    plan_dropdown(plan, tab, spec, &headers, header_row);
    if spec.protect_header && !header_protected(tab, row + 1, headers.len() as u32) {
        plan.steps.push(Step::ProtectHeader {
            title: title.clone(),
            sheet_id,
            rows: row + 1,
        });
    }
    let present = (header_row + 1..tab.rows.len())
        .map(|r| row_key(&headers, |c| tab.text(r, c)))
        .filter(|k| !k.is_empty())
        .collect();
    Some(Placed {
        title,
        sheet_id,
        header_row,
        headers,
        present,
        next_row: tab.used_rows().max(header_row + 1),
        row_count: tab.row_count,
    })
}

fn plan_dropdown(
    plan: &mut InitPlan,
    tab: &TabState,
    spec: &TabSpec,
    headers: &[String],
    header_row: usize,
) {
    let Some(col) = status_col(spec, headers) else {
        return;
    };
    let first = header_row + 1;
    let rule = tab
        .rows
        .get(first)
        .and_then(|r| r.get(col as usize))
        .and_then(|c| c.validation.as_ref());
    match rule {
        None => plan.steps.push(Step::StatusDropdown {
            title: tab.title.clone(),
            sheet_id: tab.sheet_id,
            col,
            from_row: first as u32,
            to_row: tab.row_count.max(first as u32 + 1),
            values: spec.status_values.clone(),
        }),
        Some(values) if same_list(values, &spec.status_values) => {}
        Some(_) => plan.notes.push(format!(
            "tab {:?}: the Status column already has another validation rule; left as it is",
            tab.title
        )),
    }
}

fn same_list(values: &[String], wanted: &[String]) -> bool {
    values.len() == wanted.len() && wanted.iter().all(|s| values.iter().any(|v| v == s))
}

/// Whether a protected range covers rows `0..rows` over the header's `width` columns.
fn header_protected(tab: &TabState, rows: u32, width: u32) -> bool {
    tab.protected.iter().any(|p| {
        p.start_row == 0
            && p.end_row.is_none_or(|e| e >= rows)
            && p.start_col == 0
            && p.end_col.is_none_or(|e| e >= width)
    })
}

/// What identifies a row: its Issue cell when it has one (the data tab holds one row per
/// enhancement), else all its non-blank (header, text) pairs; headers ignore case and spaces.
fn row_key<'a>(headers: &[String], text: impl Fn(usize) -> &'a str) -> Vec<(String, String)> {
    let issue = headers.iter().position(|h| norm(h) == ISSUE_KEY);
    if let Some(t) = issue.map(&text).map(str::trim).filter(|t| !t.is_empty()) {
        return vec![(ISSUE_KEY.to_string(), t.to_string())];
    }
    let mut key: Vec<(String, String)> = headers
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(c, h)| (norm(h), text(c).trim().to_string()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    key.sort();
    key
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Copies the previous `data` rows that are not already present, columns matched by header.
fn plan_rows(
    plan: &mut InitPlan,
    placed: &Placed,
    source: &TabState,
    header_row: usize,
    prev_headers: &[String],
) {
    let mut present = placed.present.clone();
    let mut rows = Vec::new();
    for r in header_row + 1..source.rows.len() {
        let key = row_key(prev_headers, |c| source.text(r, c));
        if key.is_empty() || !present.insert(key) {
            continue;
        }
        let cells: Vec<(u32, String)> = prev_headers
            .iter()
            .enumerate()
            .filter(|(c, h)| !h.is_empty() && !source.text(r, *c).trim().is_empty())
            .filter_map(|(c, h)| {
                let to = placed.headers.iter().position(|t| same_name(t, h))?;
                Some((to as u32, source.text(r, c).to_string()))
            })
            .collect();
        rows.push(cells);
    }
    if rows.is_empty() {
        return;
    }
    let at_row = placed.next_row.max(placed.header_row + 1) as u32;
    let needed = at_row + rows.len() as u32;
    if needed > placed.row_count {
        plan.steps.push(Step::AddRows {
            title: placed.title.clone(),
            sheet_id: placed.sheet_id,
            count: needed - placed.row_count,
        });
    }
    plan.steps.push(Step::CopyRows {
        title: placed.title.clone(),
        sheet_id: placed.sheet_id,
        at_row,
        rows,
    });
}
