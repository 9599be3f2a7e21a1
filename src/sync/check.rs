//! The pre-write check: do the cells a plan relies on still hold what was read?

use super::layout::{Layout, Role};
use super::plan::Plan;
use crate::sheet::Snapshot;

/// Every guard, on any tab, that no longer holds in `snapshot` (re-read just before writing, laid
/// out as `now`), as readable lines: the one staleness check. Empty means the plan can be applied. Header rows must also be unchanged, so columns
/// still mean what they meant.
pub fn stale(plan: &Plan, snapshot: &Snapshot, now: &Layout<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for role in Role::ALL {
        let (Some(was), t) = (plan.tabs.get(&role), now.get(role)) else {
            continue;
        };
        if was.sheet_id != t.tab.sheet_id || was.header_row != t.header_row {
            out.push(format!("{}: the header row moved", t.tab.title));
        }
    }
    for g in &plan.guards {
        let Some(tab) = snapshot.tabs.iter().find(|t| t.sheet_id == g.sheet_id) else {
            out.push(format!("{}: the tab is gone", g.tab));
            continue;
        };
        let current = tab.text(g.row, g.col);
        if current != g.text {
            out.push(format!(
                "{} row {} column {}: was {:?}, now {:?}",
                g.tab,
                g.row + 1,
                g.column,
                g.text,
                current
            ));
        }
    }
    out
}
