//! The Sync Log rows of a plan, as requests in the plan's own batch: newest first (rows are
//! inserted under the header, so the latest cycle is on top), oldest deleted from the bottom
//! beyond `[sync-log] max-rows`. One row per change; a cycle with more changes than the tab
//! keeps writes the first ones and a row counting the rest (the journal has them all).

use crate::sheet::Cell;
use crate::sheets::BatchRequest;
use crate::sheets::batch::{update_block, update_row};
use crate::sheets::cells::CellWrite;
use crate::sync::{Plan, Role, SYNC_LOG_HEADERS, SyncLogTarget, why_text};
use serde_json::json;

/// Longest text kept in a Before / After cell.
const MAX_SHOWN: usize = 500;

/// The requests that log `plan`'s changes, or none without a Sync Log or changes.
pub(super) fn sync_log_requests(plan: &Plan) -> Vec<BatchRequest> {
    let Some(t) = &plan.sync_log else {
        return Vec::new();
    };
    if plan.is_empty() {
        return Vec::new();
    }
    let rows = log_rows(plan, t);
    let mut out = Vec::new();
    if t.needs_header {
        let header: Vec<CellWrite> = SYNC_LOG_HEADERS.iter().map(|h| text(h)).collect();
        out.push(update_row(t.sheet_id, 0, 0, &header));
    }
    let k = rows.len();
    out.push(insert_under_header(t, k));
    out.push(update_block(t.sheet_id, 1, 0, rows));
    let total = t.row_count.max(1) + k;
    if total > 1 + t.max_rows {
        out.push(delete_rows(t.sheet_id, 1 + t.max_rows, total));
    }
    out
}

/// Each change as (surface, tab, issue, column, before, after, why), at most `max_rows`: this
/// plan's own, then the waiting GitHub and board lines of earlier cycles.
pub fn log_lines(plan: &Plan, max_rows: usize) -> Vec<[String; 7]> {
    timed_lines(plan, max_rows, "", "")
        .into_iter()
        .map(|(_, _, line)| line)
        .collect()
}

/// [`log_lines`] with each line's (time, cycle): this cycle's for its own changes, the earlier
/// cycle's for a waiting line.
fn timed_lines(
    plan: &Plan,
    max_rows: usize,
    time: &str,
    cycle: &str,
) -> Vec<(String, String, [String; 7])> {
    let mut out: Vec<[String; 7]> = Vec::new();
    let title = |role: Role| plan.titles.get(&role).cloned().unwrap_or_default();
    for e in &plan.edits {
        let after = crate::journal::applied(&e.before, &e.set);
        out.push([
            "sheet".into(),
            plan.tab_title(e.sheet_id).to_string(),
            issue(e.issue),
            e.header.clone(),
            shown(&e.before),
            shown(&after),
            why_text(plan, e),
        ]);
    }
    for m in &plan.moves {
        let (from, to) = (title(m.from.role), title(m.to));
        out.push(row_line(
            m.issue,
            &from,
            format!("row {} of {from}", m.from.row + 1),
            format!("moved to {to}"),
            format!("moved: Status {} on {from}", m.status),
        ));
    }
    for r in &plan.new_rows {
        let why = match r.role {
            Role::Docs => format!("#{} is in the milestone", r.issue),
            _ => format!("#{} listed on {}", r.issue, title(Role::Collection)),
        };
        out.push(row_line(
            r.issue,
            &title(r.role),
            "".into(),
            "new row".into(),
            why,
        ));
    }
    for (n, r) in &plan.docs_removals {
        out.push(row_line(
            *n,
            &title(r.role),
            format!("row {}", r.row + 1),
            "deleted".into(),
            format!("#{n} left the milestone"),
        ));
    }
    let mut out: Vec<(String, String, [String; 7])> = out
        .into_iter()
        .map(|line| (time.to_string(), cycle.to_string(), line))
        .collect();
    out.extend(
        plan.pending_log
            .iter()
            .map(|p| (p.time.clone(), p.cycle.clone(), p.line.clone())),
    );
    if out.len() > max_rows {
        let rest = out.len() - (max_rows - 1);
        out.truncate(max_rows - 1);
        out.push((
            time.to_string(),
            cycle.to_string(),
            [
                "sheet".into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                format!("… and {rest} more changes (`kepsync log` lists them all)"),
            ],
        ));
    }
    out
}

fn log_rows(plan: &Plan, t: &SyncLogTarget) -> Vec<Vec<CellWrite>> {
    timed_lines(plan, t.max_rows, &t.time, &t.cycle)
        .into_iter()
        .map(|(time, cycle, line)| {
            let mut row = vec![text(&time), text(&cycle)];
            row.extend(line.iter().map(|s| text(s)));
            row
        })
        .collect()
}

fn row_line(n: u64, tab: &str, before: String, after: String, why: String) -> [String; 7] {
    let row = "row".to_string();
    [
        "sheet".into(),
        tab.to_string(),
        issue(Some(n)),
        row,
        before,
        after,
        why,
    ]
}

fn issue(n: Option<u64>) -> String {
    n.map(|n| format!("#{n}")).unwrap_or_default()
}

/// A cell as the log shows it: its text, and its fill when it has one.
pub fn shown(c: &Cell) -> String {
    let mut s: String = c.text.chars().take(MAX_SHOWN).collect();
    if s.len() < c.text.len() {
        s.push('…');
    }
    match c.background {
        Some(bg) if bg != crate::sheet::Rgb::WHITE => format!("{s} ({bg})"),
        _ => s,
    }
}

fn text(s: &str) -> CellWrite {
    CellWrite {
        text: Some(s.to_string()),
        background: None,
        link: None,
    }
}

fn insert_under_header(t: &SyncLogTarget, k: usize) -> BatchRequest {
    if t.row_count <= 1 {
        return BatchRequest::Other(json!({"appendDimension": {
            "sheetId": t.sheet_id, "dimension": "ROWS", "length": k,
        }}));
    }
    BatchRequest::Other(json!({"insertDimension": {
        "range": {"sheetId": t.sheet_id, "dimension": "ROWS", "startIndex": 1, "endIndex": 1 + k},
        "inheritFromBefore": false,
    }}))
}

fn delete_rows(sheet_id: i32, start: usize, end: usize) -> BatchRequest {
    BatchRequest::Other(json!({"deleteDimension": {
        "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": start, "endIndex": end},
    }}))
}
