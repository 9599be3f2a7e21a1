//! Fills: the kepsync-owned cells of each tracked row (Name, SIG, KEP Assignee, Proposal, KEP
//! State, Stage) with their colours, never over what a person typed.

use super::derive::{Derived, Fill};
use super::edit::{CellSet, LinkSet};
use super::layout::{Column, DataRow, Role, TabLayout};
use super::plan::{
    CellEdit, Plan, PlanInput, derived_for, fill_of, guard, guard_issue, same_background,
};
use crate::model::IssueLookup;
use crate::sheet::Cell;

/// Fills kepsync-owned cells of existing rows on Enhancements, Removed and Docs.
pub(super) fn plan_fills(input: &PlanInput<'_>, p: &mut Plan) {
    for role in [Role::Enhancements, Role::Removed, Role::Docs] {
        let t = input.layout.get(role);
        for r in &t.rows {
            let n = match &r.issue {
                Ok(Some(n)) => *n,
                Ok(None) => continue,
                Err(e) => {
                    p.warnings
                        .push(format!("{} row {}: {e}", t.tab.title, r.row + 1));
                    continue;
                }
            };
            match input.issues.get(&n) {
                Some(IssueLookup::NotFound) => {
                    p.warnings.push(format!(
                        "{} row {}: issue #{n} not found in {}",
                        t.tab.title,
                        r.row + 1,
                        input.repo
                    ));
                }
                Some(IssueLookup::Failed(why)) => {
                    p.warnings.push(format!(
                        "{} row {}: issue #{n} not read ({why})",
                        t.tab.title,
                        r.row + 1
                    ));
                }
                _ => {}
            }
            let Some(d) = derived_for(input, n) else {
                continue;
            };
            let before = p.edits.len();
            fill_row(t, r, n, &d, p);
            if p.edits.len() > before
                && let Some(k) = input.keps.get(&n)
            {
                p.kep_paths.entry(n).or_insert_with(|| k.yaml_path.clone());
            }
        }
    }
}

fn fill_row(t: &TabLayout<'_>, r: &DataRow, n: u64, d: &Derived, p: &mut Plan) {
    let mut guarded = false;
    for col in Column::owned(t.role) {
        let (Some(c), Some(fill)) = (t.col(*col), fill_of(d, *col)) else {
            continue;
        };
        let cell = t.tab.cell(r.row, c).cloned().unwrap_or_default();
        if cell.formula.is_some() {
            if cell_change(&cell, fill).is_some() {
                p.warnings.push(format!(
                    "{} row {} (#{n}): {} holds a formula; kepsync leaves it",
                    t.tab.title,
                    r.row + 1,
                    t.headers[c]
                ));
            }
            continue;
        }
        let Some(set) = cell_change(&cell, fill) else {
            continue;
        };
        if !guarded {
            guard_issue(t, r.row, p);
            guarded = true;
        }
        p.guards.push(guard(t, r.row, c, cell.text.clone()));
        p.edits.push(CellEdit {
            why: super::why::Why::Fill(*col),
            ..CellEdit::core(t, r.row, c, Some(n), cell, set)
        });
    }
}

/// True for text kepsync itself derives, which a placeholder may replace.
fn looks_derived(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.starts_with("https://github.com/")
        || t == "none"
        || t == "invalid"
        || crate::keps::Status::parse(&t).is_some()
}

/// What must change in `cell` to show `fill`, or `None` when it already does.
fn cell_change(cell: &Cell, fill: &Fill) -> Option<CellSet> {
    let keep_text = fill.soft && !cell.text.trim().is_empty() && !looks_derived(&cell.text);
    let text = (!keep_text && cell.text != fill.text).then(|| fill.text.clone());
    let link = match &fill.link {
        Some(l) if cell.link.as_deref() != Some(l.as_str()) => LinkSet::Set(l.clone()),
        None if text.is_some() && cell.link.is_some() => LinkSet::Clear,
        _ => LinkSet::Keep,
    };
    let background = fill
        .background
        .filter(|c| !same_background(cell.background, Some(*c)));
    let set = CellSet {
        text,
        link,
        background,
    };
    (set.text.is_some() || set.link != LinkSet::Keep || set.background.is_some()).then_some(set)
}
