//! Moves: rows whose Status asks for it go from Enhancements to Removed from Milestone and back,
//! every cell with them, and Docs is kept in step.

use super::edit::CellSet;
use super::layout::{Column, DataRow, Role, TabLayout, same_name};
use super::plan::{
    HeaderAdd, Move, NewRow, Plan, PlanInput, derived_for, fill_of, guard, guard_issue, row_ref,
};
use crate::model::Vocabulary;
use std::collections::BTreeSet;

/// True when a row on `from` with Status `status` moves to the other tab.
pub(super) fn status_moves(v: &Vocabulary, from: Role, status: &str) -> bool {
    v.meaning(status).is_some_and(|m| match from {
        Role::Enhancements => m.leaves_the_milestone(),
        _ => m.returns_to_the_milestone(),
    })
}

/// Moves rows whose Status asks for it, and keeps Docs in step.
pub(super) fn plan_moves(input: &PlanInput<'_>, p: &mut Plan) {
    let l = input.layout;
    let directions = [
        (Role::Enhancements, Role::Removed),
        (Role::Removed, Role::Enhancements),
    ];
    for (from, to) in directions {
        let (src, dst) = (l.get(from), l.get(to));
        let Some(status_col) = src.col(Column::Status) else {
            continue;
        };
        let columns = match column_map(input.vocabulary, src, dst, p) {
            Ok(c) => c,
            Err(why) => {
                p.warnings.push(why);
                continue;
            }
        };
        for r in &src.rows {
            let Some(n) = r.number() else { continue };
            let raw = src.tab.text(r.row, status_col);
            let status = raw.trim().to_string();
            if !status.is_empty() && input.vocabulary.said(&status).is_none() {
                p.warnings.push(format!(
                    "{} row {} (#{n}): {}",
                    src.tab.title,
                    r.row + 1,
                    input.vocabulary.not_understood(&status)
                ));
                continue;
            }
            if !status_moves(input.vocabulary, from, &status) {
                continue;
            }
            if let Some(why) = move_blocker(src, dst, r, n, &columns) {
                p.warnings.push(why);
                continue;
            }
            guard_issue(src, r.row, p);
            // The cell as read, not as matched: the pre-write re-read compares raw text.
            p.guards.push(guard(src, r.row, status_col, raw));
            p.moves.push(Move {
                issue: n,
                from: row_ref(src, r.row),
                to,
                status,
                columns: columns.clone(),
                cells: Vec::new(),
            });
            match to {
                Role::Removed => plan_docs_removal(l.get(Role::Docs), n, p),
                _ => plan_docs_add(input, n, p),
            }
        }
    }
}

/// Why row `r` (issue `n`) must not move yet, if it must not.
fn move_blocker(
    src: &TabLayout<'_>,
    dst: &TabLayout<'_>,
    r: &DataRow,
    n: u64,
    columns: &[(usize, usize)],
) -> Option<String> {
    let here = format!("{} row {} (#{n})", src.tab.title, r.row + 1);
    if src.rows_of(n).count() > 1 {
        return Some(format!(
            "{here}: issue is on {} more than once; kepsync moves it once one row is removed",
            src.tab.title
        ));
    }
    if dst.rows_of(n).next().is_some() {
        return Some(format!(
            "{here}: issue is already on {}; kepsync does not duplicate it",
            dst.tab.title
        ));
    }
    let mapped: BTreeSet<usize> = columns.iter().map(|(s, _)| *s).collect();
    let row = src.tab.rows.get(r.row).map(Vec::as_slice).unwrap_or(&[]);
    if let Some(c) = (0..row.len()).find(|c| !mapped.contains(c) && !row[*c].is_blank()) {
        return Some(format!(
            "{here}: column {} has data but no header, so it has no place on {}; add a header to move it",
            c + 1,
            dst.tab.title
        ));
    }
    None
}

/// Maps every headed source column to the destination, adding headers the destination lacks.
fn column_map(
    v: &Vocabulary,
    src: &TabLayout<'_>,
    dst: &TabLayout<'_>,
    p: &mut Plan,
) -> Result<Vec<(usize, usize)>, String> {
    let mut map = Vec::new();
    let mut next_free = dst.headers.len().max(used_width(dst));
    let mut adds = Vec::new();
    for (c, h) in src.headers.iter().enumerate() {
        if h.is_empty() {
            continue;
        }
        let d = match dst.headers.iter().position(|dh| same_name(dh, h)) {
            Some(d) => d,
            None => {
                adds.push(HeaderAdd {
                    role: dst.role,
                    col: next_free,
                    title: h.clone(),
                });
                next_free += 1;
                next_free - 1
            }
        };
        map.push((c, d));
    }
    // Headers are only added when a row actually moves; remember them for that case.
    let moving = src.rows.iter().any(|r| {
        src.col(Column::Status)
            .is_some_and(|sc| status_moves(v, src.role, src.tab.text(r.row, sc)))
    });
    if moving {
        p.header_adds.extend(adds);
    }
    Ok(map)
}

pub(super) fn used_width(t: &TabLayout<'_>) -> usize {
    t.tab
        .rows
        .iter()
        .map(|r| r.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0)
}

fn plan_docs_removal(docs: &TabLayout<'_>, n: u64, p: &mut Plan) {
    let owned: BTreeSet<usize> = [Column::Issue, Column::Name, Column::Sig]
        .iter()
        .filter_map(|c| docs.col(*c))
        .collect();
    for r in docs.rows_of(n) {
        let row = docs.tab.rows.get(r.row).map(Vec::as_slice).unwrap_or(&[]);
        let human: Vec<&str> = (0..row.len())
            .filter(|c| !owned.contains(c) && !row[*c].is_blank())
            .map(|c| docs.headers.get(c).map(String::as_str).unwrap_or("?"))
            .collect();
        if human.is_empty() {
            guard_issue(docs, r.row, p);
            p.docs_removals.push((n, row_ref(docs, r.row)));
        } else {
            p.warnings.push(format!(
                "{} row {} (#{n}): kept although #{n} left the milestone, because it holds the docs team's notes ({}); delete it by hand when done",
                docs.tab.title,
                r.row + 1,
                human.join(", ")
            ));
        }
    }
}

pub(super) fn plan_docs_add(input: &PlanInput<'_>, n: u64, p: &mut Plan) {
    let docs = input.layout.get(Role::Docs);
    let already = docs.rows_of(n).next().is_some()
        || p.new_rows
            .iter()
            .any(|r| r.role == Role::Docs && r.issue == n);
    if already {
        return;
    }
    let mut cells = vec![(docs.columns[&Column::Issue], CellSet::text(n.to_string()))];
    if let Some(d) = derived_for(input, n) {
        for col in Column::owned(Role::Docs) {
            if let (Some(c), Some(f)) = (docs.col(*col), fill_of(&d, *col)) {
                cells.push((c, CellSet::from_fill(f)));
            }
        }
    }
    p.new_rows.push(NewRow {
        role: Role::Docs,
        issue: n,
        cells,
    });
}
