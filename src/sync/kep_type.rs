//! The Type suggestion (the sheet's "Stage Status", the board's "Type"): what kind of change a
//! KEP is for the release, written only into a blank cell of Enhancements (a person's value
//! always wins); off when the tab has no such column.

use super::edit::CellSet;
use super::layout::{Layout, Role, TabLayout, same_name};
use super::plan::{CellEdit, Plan, guard, guard_issue};
use crate::keps::{Kep, KepIndex};

/// The Types the handbook lists that kepsync can tell from a KEP.
pub const NET_NEW: &str = "Net New";
pub const GRADUATING: &str = "Graduating";
pub const DEPRECATION: &str = "Deprecation";
pub const MAJOR_CHANGE: &str = "Major Change";

/// The Type of `kep` in `release` (`v1.37`): `Net New` when `milestone.alpha` is the release,
/// `Graduating` when the stage is beta or stable and `milestone.<stage>` is the release,
/// `Deprecation` when the stage is deprecated, removed or disabled, else `Major Change`.
pub fn suggest_type(kep: &Kep, release: &str) -> &'static str {
    let stage = kep.stage.trim().to_ascii_lowercase();
    let in_release = |s: &str| {
        kep.milestones
            .get(s)
            .is_some_and(|m| m.as_deref() == Some(release))
    };
    if matches!(stage.as_str(), "deprecated" | "removed" | "disabled") {
        DEPRECATION
    } else if in_release("alpha") {
        NET_NEW
    } else if matches!(stage.as_str(), "beta" | "stable") && in_release(&stage) {
        GRADUATING
    } else {
        MAJOR_CHANGE
    }
}

/// Fills the Type of every Enhancements row whose cell is blank and whose KEP is merged: rows as
/// read, new intake rows, and rows moving in from Removed (whose copied cell is blank).
pub fn plan_types(
    layout: &Layout<'_>,
    header: &str,
    index: &KepIndex,
    release: &str,
    p: &mut Plan,
) {
    let t = &layout.enhancements;
    let Some(col) = t.headers.iter().position(|h| same_name(h, header)) else {
        return;
    };
    let suggestion = |n: u64| index.get(n).map(|k| suggest_type(k, release));
    for r in &t.rows {
        let Some(n) = r.number() else { continue };
        if let Some(kind) = suggestion(n).filter(|_| !moving_out(p, r.row)) {
            fill_blank(t, r.row, col, n, kind, p);
        }
    }
    for row in p
        .new_rows
        .iter_mut()
        .filter(|r| r.role == Role::Enhancements)
    {
        if let Some(kind) = suggestion(row.issue) {
            row.cells.push((col, CellSet::text(kind)));
        }
    }
    plan_moving_in(&layout.removed, col, &suggestion, p);
}

/// Every Type kepsync suggests.
pub const TYPES: [&str; 4] = [NET_NEW, GRADUATING, DEPRECATION, MAJOR_CHANGE];

fn moving_out(p: &Plan, row: usize) -> bool {
    p.moves
        .iter()
        .any(|m| m.from.role == Role::Enhancements && m.from.row == row)
}

/// Writes `kind` into Enhancements cell (`row`, `col`) when it is blank (no text, no formula).
fn fill_blank(t: &TabLayout<'_>, row: usize, col: usize, n: u64, kind: &str, p: &mut Plan) {
    let cell = t.tab.cell(row, col).cloned().unwrap_or_default();
    if !cell.text.trim().is_empty() || cell.formula.is_some() {
        return;
    }
    guard_issue(t, row, p);
    p.guards.push(guard(t, row, col, cell.text.clone()));
    p.edits.push(CellEdit {
        header: t.headers[col].clone(),
        ..CellEdit::core(t, row, col, Some(n), cell, CellSet::text(kind))
    });
}

/// A row moving from Removed into Enhancements gets its Type in the same batch when the cell it
/// brings is blank (guarded, so a value typed meanwhile is copied, not overwritten).
fn plan_moving_in(
    removed: &TabLayout<'_>,
    col: usize,
    suggestion: &dyn Fn(u64) -> Option<&'static str>,
    p: &mut Plan,
) {
    let mut guards = Vec::new();
    for m in p.moves.iter_mut().filter(|m| m.to == Role::Enhancements) {
        let Some(kind) = suggestion(m.issue) else {
            continue;
        };
        let source = m.columns.iter().find(|(_, d)| *d == col).map(|(s, _)| *s);
        if let Some(s) = source {
            let cell = removed.tab.cell(m.from.row, s).cloned().unwrap_or_default();
            if !cell.text.trim().is_empty() || cell.formula.is_some() {
                continue;
            }
            guards.push(guard(removed, m.from.row, s, cell.text));
        }
        m.cells.push((col, CellSet::text(kind)));
    }
    p.guards.extend(guards);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn kep(stage: &str, milestones: &str) -> KepIndex {
        let yaml = format!(
            "title: T\nkep-number: 42\nowning-sig: sig-node\nauthors: [\"@a\"]\napprovers: [\"@b\"]\nstatus: implementable\nstage: {stage}\nlatest-milestone: \"v1.37\"\nmilestone:\n{milestones}"
        );
        KepIndex::from_files(vec![(
            "keps/sig-node/42-t/kep.yaml".to_string(),
            Arc::new(yaml.into_bytes()),
        )])
    }

    fn kind(stage: &str, milestones: &str) -> &'static str {
        let index = kep(stage, milestones);
        suggest_type(index.get(42).expect("kep 42"), "v1.37")
    }

    #[test]
    fn each_type_from_stage_and_milestones() {
        assert_eq!(kind("alpha", "  alpha: \"v1.37\"\n"), NET_NEW);
        assert_eq!(kind("alpha", "  alpha: \"1.37\"\n"), NET_NEW, "normalised");
        assert_eq!(kind("alpha", "  alpha: \"v1.36\"\n"), MAJOR_CHANGE);
        assert_eq!(
            kind("beta", "  alpha: \"v1.36\"\n  beta: \"v1.37\"\n"),
            GRADUATING
        );
        assert_eq!(
            kind("stable", "  beta: \"v1.36\"\n  stable: \"v1.37\"\n"),
            GRADUATING
        );
        assert_eq!(
            kind("beta", "  beta: \"v1.35\"\n  stable: \"v1.37\"\n"),
            MAJOR_CHANGE
        );
        assert_eq!(kind("deprecated", "  deprecated: \"v1.30\"\n"), DEPRECATION);
        assert_eq!(kind("removed", "  removed: \"v1.37\"\n"), DEPRECATION);
        assert_eq!(kind("disabled", "  disabled: \"v1.37\"\n"), DEPRECATION);
    }
}
