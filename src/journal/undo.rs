//! Planning `kepsync undo` (pure): a journal record and the sheet as read now → a plan that puts
//! back what the cycle changed, where it still holds what kepsync wrote. A person's later edit
//! is kept and listed; rows moved are moved back with every cell (the move machinery of a
//! cycle); rows taken in are deleted only while nobody typed in them.

use super::record::{CellChange, CycleRecord, MoveRecord, RowRecord};
use crate::sheet::{Cell, Rgb};
use crate::sync::{
    CellEdit, CellSet, Column, Guard, Layout, LinkSet, Move, NewRow, Plan, Role, RowRef, TabGeom,
    TabLayout, Why,
};

/// What the undo may touch besides the sheet, and how the Readiness column is named.
#[derive(Debug, Clone, Default)]
pub struct UndoOptions {
    pub readiness_header: String,
}

/// The sheet plan of an undo, what it leaves (a person changed it since), and warnings.
#[derive(Debug, Default)]
pub struct UndoPlan {
    pub plan: Plan,
    pub kept: Vec<String>,
    pub notes: Vec<String>,
}

/// Plans the undo of `record` over the sheet as read now (`layout`).
pub fn plan_undo(record: &CycleRecord, layout: &Layout<'_>, opts: &UndoOptions) -> UndoPlan {
    let mut u = UndoPlan::default();
    for role in Role::ALL {
        let t = layout.get(role);
        u.plan.tabs.insert(role, geom(t));
        u.plan.titles.insert(role, t.tab.title.clone());
        u.plan
            .tab_titles
            .insert(t.tab.sheet_id, t.tab.title.clone());
    }
    for c in &record.cells {
        undo_cell(record, c, layout, &mut u);
    }
    for m in &record.moves {
        undo_move(m, layout, &mut u);
    }
    for r in &record.intakes {
        undo_intake(r, layout, opts, &mut u);
    }
    for r in &record.removals {
        undo_removal(r, layout, &mut u);
    }
    u.plan.guards.sort();
    u.plan.guards.dedup();
    u
}

fn geom(t: &TabLayout<'_>) -> TabGeom {
    TabGeom {
        sheet_id: t.tab.sheet_id,
        header_row: t.header_row,
        end_of_data: t.end_of_data(),
        row_count: t.tab.row_count as usize,
        column_count: t.tab.column_count as usize,
    }
}

fn tab_of<'l, 'a>(layout: &'l Layout<'a>, sheet_id: i32) -> Option<&'l TabLayout<'a>> {
    Role::ALL
        .into_iter()
        .map(|r| layout.get(r))
        .find(|t| t.tab.sheet_id == sheet_id)
}

/// The one row of issue `n` on `t`, if it is there exactly once.
fn only_row(t: &TabLayout<'_>, n: u64) -> Option<usize> {
    let mut rows = t.rows_of(n);
    let first = rows.next()?.row;
    rows.next().is_none().then_some(first)
}

/// Where the cell `c` is now: on its tab by its issue (rows move when people sort), or where the
/// same cycle moved its row. Cells of tabs that are not core tabs stay where they were written.
fn locate(
    record: &CycleRecord,
    c: &CellChange,
    layout: &Layout<'_>,
) -> Option<(i32, usize, usize)> {
    let Some(n) = c.issue else {
        return Some((c.sheet_id, c.row, c.col));
    };
    let Some(t) = tab_of(layout, c.sheet_id) else {
        return Some((c.sheet_id, c.row, c.col));
    };
    if t.role == Role::Collection {
        let rows: Vec<usize> = t.rows_of(n).map(|r| r.row).collect();
        let row = rows.iter().find(|r| **r == c.row).or(rows.first())?;
        return Some((c.sheet_id, *row, c.col));
    }
    if let Some(row) = only_row(t, n) {
        return Some((c.sheet_id, row, c.col));
    }
    let m = record
        .moves
        .iter()
        .find(|m| m.issue == n && m.from_sheet_id == c.sheet_id)?;
    let col = m.columns.iter().find(|(s, _)| *s == c.col)?.1;
    let row = only_row(tab_of(layout, m.to_sheet_id)?, n)?;
    Some((m.to_sheet_id, row, col))
}

fn cell_now(layout: &Layout<'_>, sheet_id: i32, row: usize, col: usize) -> Cell {
    tab_of(layout, sheet_id)
        .and_then(|t| t.tab.cell(row, col).cloned())
        .unwrap_or_default()
}

/// True when `now` still shows what kepsync wrote (`after`).
fn holds(now: &Cell, after: &Cell) -> bool {
    let bg = |c: &Cell| c.background.filter(|b| *b != Rgb::WHITE);
    now.text == after.text
        && now.link == after.link
        && bg(now) == bg(after)
        && now.formula.is_none()
}

fn undo_cell(record: &CycleRecord, c: &CellChange, layout: &Layout<'_>, u: &mut UndoPlan) {
    let place = format!("{} {} (#{})", c.tab, c.header, c.issue.unwrap_or_default());
    let Some((sheet_id, row, col)) = locate(record, c, layout) else {
        u.kept.push(format!(
            "{place}: its row is no longer there; nothing to put back"
        ));
        return;
    };
    let now = cell_now(layout, sheet_id, row, col);
    if !holds(&now, &c.after) {
        u.kept.push(format!(
            "{place}: changed since kepsync wrote {:?} (now {:?}); kept",
            c.after.text, now.text
        ));
        return;
    }
    let set = CellSet {
        text: (now.text != c.before.text).then(|| c.before.text.clone()),
        link: match (&now.link, &c.before.link) {
            (a, b) if a == b => LinkSet::Keep,
            (_, Some(l)) => LinkSet::Set(l.clone()),
            (_, None) => LinkSet::Clear,
        },
        background: (now.background != c.before.background)
            .then(|| c.before.background.unwrap_or(Rgb::WHITE)),
    };
    u.plan.guards.push(guard(sheet_id, row, col, &now.text));
    u.plan.edits.push(CellEdit {
        sheet_id,
        row,
        col,
        header: c.header.clone(),
        issue: c.issue,
        before: now,
        set,
        why: Why::Undo,
    });
}

fn guard(sheet_id: i32, row: usize, col: usize, text: &str) -> Guard {
    Guard {
        sheet_id,
        row,
        col,
        label: crate::sync::ColumnLabel::Number,
        text: text.to_string(),
    }
}

fn undo_move(m: &MoveRecord, layout: &Layout<'_>, u: &mut UndoPlan) {
    let here = format!("#{} on {}", m.issue, m.to_tab);
    let (Some(to), Some(back)) = (
        tab_of(layout, m.to_sheet_id),
        tab_of(layout, m.from_sheet_id),
    ) else {
        u.kept.push(format!(
            "{here}: its tabs are no longer both there; not moved back"
        ));
        return;
    };
    let Some(row) = only_row(to, m.issue) else {
        u.kept.push(format!(
            "{here}: not there exactly once any more; not moved back"
        ));
        return;
    };
    if back.rows_of(m.issue).next().is_some() {
        u.kept.push(format!(
            "#{}: already on {} again; not moved back",
            m.issue, m.from_tab
        ));
        return;
    }
    let status = to
        .col(Column::Status)
        .map(|c| to.tab.text(row, c).trim().to_string())
        .unwrap_or_default();
    if status == m.status {
        u.notes.push(format!(
            "#{}: Status still reads {status:?} on {}, so the next cycle moves it again; change the Status too",
            m.issue, back.tab.title
        ));
    }
    if let Some(c) = to.col(Column::Issue) {
        u.plan
            .guards
            .push(guard(to.tab.sheet_id, row, c, to.tab.text(row, c)));
    }
    u.plan.moves.push(Move {
        issue: m.issue,
        from: RowRef {
            role: to.role,
            sheet_id: to.tab.sheet_id,
            row,
        },
        to: back.role,
        status: format!("undo of a move ({})", m.status),
        columns: m.columns.iter().map(|(s, d)| (*d, *s)).collect(),
        cells: Vec::new(),
    });
}

/// Deletes a row kepsync added, unless a person typed in it since (a cell kepsync did not write,
/// or its Status changed; the columns kepsync fills may hold newer fills).
fn undo_intake(r: &RowRecord, layout: &Layout<'_>, opts: &UndoOptions, u: &mut UndoPlan) {
    let here = format!("#{} on {}", r.issue, r.tab);
    let Some(t) = tab_of(layout, r.sheet_id) else {
        u.kept
            .push(format!("{here}: the tab is gone; nothing to remove"));
        return;
    };
    let Some(row) = only_row(t, r.issue) else {
        u.kept.push(format!(
            "{here}: not there exactly once any more; not removed"
        ));
        return;
    };
    let refilled: Vec<usize> = Column::owned(t.role)
        .iter()
        .filter_map(|c| t.col(*c))
        .chain(t.headers.iter().position(|h| h == &opts.readiness_header))
        .collect();
    let cells = t.tab.rows.get(row).map(Vec::as_slice).unwrap_or(&[]);
    let typed: Vec<String> = cells
        .iter()
        .enumerate()
        .filter(|(c, cell)| !refilled.contains(c) && !cell.is_blank())
        .filter(|(c, cell)| !r.cells.iter().any(|(rc, w)| rc == c && w.text == cell.text))
        .map(|(c, _)| {
            t.headers
                .get(c)
                .cloned()
                .unwrap_or_else(|| format!("column {}", c + 1))
        })
        .collect();
    if !typed.is_empty() {
        u.kept.push(format!(
            "{here}: kept, a person typed in it since ({})",
            typed.join(", ")
        ));
        return;
    }
    if t.role == Role::Enhancements && layout.collection.rows_of(r.issue).next().is_some() {
        u.notes.push(format!(
            "#{}: {} still lists it, so the next cycle takes it in again; delete it there too",
            r.issue, layout.collection.tab.title
        ));
    }
    if let Some(c) = t.col(Column::Issue) {
        u.plan
            .guards
            .push(guard(t.tab.sheet_id, row, c, t.tab.text(row, c)));
    }
    let at = RowRef {
        role: t.role,
        sheet_id: t.tab.sheet_id,
        row,
    };
    u.plan.docs_removals.push((r.issue, at));
}

/// Writes back a row kepsync deleted (its text, links and fills), unless it is there again.
fn undo_removal(r: &RowRecord, layout: &Layout<'_>, u: &mut UndoPlan) {
    let Some(t) = tab_of(layout, r.sheet_id) else {
        u.kept.push(format!(
            "#{} on {}: the tab is gone; not restored",
            r.issue, r.tab
        ));
        return;
    };
    if t.rows_of(r.issue).next().is_some() {
        u.kept
            .push(format!("#{} is on {} again; not restored", r.issue, r.tab));
        return;
    }
    let cells = r
        .cells
        .iter()
        .map(|(c, cell)| {
            let set = CellSet {
                text: Some(cell.text.clone()),
                link: cell.link.clone().map_or(LinkSet::Keep, LinkSet::Set),
                background: cell.background,
            };
            (*c, set)
        })
        .collect();
    u.plan.new_rows.push(NewRow {
        role: t.role,
        issue: r.issue,
        cells,
    });
}

#[cfg(test)]
mod tests;
