//! The kepsync-owned `Readiness` cell of each Enhancements row (its header added when missing).

use super::edit::CellSet;
use super::layout::{Layout, Role, TabLayout, same_name};
use super::moves::used_width;
use super::plan::{CellEdit, HeaderAdd, Plan, guard, guard_issue, same_background};
use crate::readiness::Readiness;
use std::collections::BTreeMap;

/// Plans Readiness cells for every Enhancements row (existing, new intake rows, and rows moving
/// in) whose issue was evaluated. Rows leaving Enhancements this cycle and formula cells are left
/// alone.
pub fn plan_readiness(
    layout: &Layout<'_>,
    header: &str,
    readiness: &BTreeMap<u64, Readiness>,
    p: &mut Plan,
) {
    let t = &layout.enhancements;
    let wanted = t
        .rows
        .iter()
        .any(|r| r.number().is_some_and(|n| readiness.contains_key(&n)))
        || p.new_rows
            .iter()
            .any(|r| r.role == Role::Enhancements && readiness.contains_key(&r.issue))
        || p.moves
            .iter()
            .any(|m| m.to == Role::Enhancements && readiness.contains_key(&m.issue));
    if !wanted {
        return;
    }
    let col = match t.headers.iter().position(|h| same_name(h, header)) {
        Some(c) => c,
        None => add_header(t, header, p),
    };
    for r in &t.rows {
        let Some(n) = r.number() else { continue };
        let Some(ready) = readiness.get(&n) else {
            continue;
        };
        if moving_out(p, r.row) {
            continue;
        }
        set_cell(t, r.row, col, n, ready, p);
    }
    for row in p
        .new_rows
        .iter_mut()
        .filter(|r| r.role == Role::Enhancements)
    {
        if let Some(ready) = readiness.get(&row.issue) {
            row.cells.push((col, cell_set(ready)));
        }
    }
    for m in p.moves.iter_mut().filter(|m| m.to == Role::Enhancements) {
        if let Some(ready) = readiness.get(&m.issue) {
            m.cells.push((col, cell_set(ready)));
        }
    }
}

fn add_header(t: &TabLayout<'_>, header: &str, p: &mut Plan) -> usize {
    let taken = p
        .header_adds
        .iter()
        .filter(|h| h.role == Role::Enhancements)
        .map(|h| h.col + 1)
        .max()
        .unwrap_or(0);
    let col = t.headers.len().max(used_width(t)).max(taken);
    p.header_adds.push(HeaderAdd {
        role: Role::Enhancements,
        col,
        title: header.to_string(),
    });
    col
}

fn moving_out(p: &Plan, row: usize) -> bool {
    p.moves
        .iter()
        .any(|m| m.from.role == Role::Enhancements && m.from.row == row)
}

fn cell_set(ready: &Readiness) -> CellSet {
    CellSet {
        background: Some(ready.color()),
        ..CellSet::text(ready.text.clone())
    }
}

fn set_cell(t: &TabLayout<'_>, row: usize, col: usize, n: u64, ready: &Readiness, p: &mut Plan) {
    let cell = t.tab.cell(row, col).cloned().unwrap_or_default();
    let header = t
        .headers
        .get(col)
        .cloned()
        .unwrap_or_else(|| "Readiness".into());
    if cell.formula.is_some() {
        p.warnings.push(format!(
            "{} row {} (#{n}): {header} holds a formula; kepsync leaves it",
            t.tab.title,
            row + 1
        ));
        return;
    }
    let text = (cell.text != ready.text).then(|| ready.text.clone());
    let background =
        (!same_background(cell.background, Some(ready.color()))).then(|| ready.color());
    if text.is_none() && background.is_none() {
        return;
    }
    guard_issue(t, row, p);
    p.guards.push(guard(t, row, col, cell.text.clone()));
    let set = CellSet {
        text,
        background,
        ..CellSet::text("")
    };
    p.edits.push(CellEdit {
        header,
        why: super::why::Why::Readiness,
        ..CellEdit::core(t, row, col, Some(n), cell, set)
    });
}
