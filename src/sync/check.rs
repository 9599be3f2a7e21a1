//! The pre-write check: do the cells a plan relies on still hold what was read?

use super::layout::{Layout, Role};
use super::plan::Plan;

/// Every guard that no longer holds in `now` (re-read just before writing), as readable lines.
/// Empty means the plan can be applied. Header rows must also be unchanged, so columns
/// still mean what they meant.
pub fn stale(plan: &Plan, now: &Layout<'_>) -> Vec<String> {
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
        let t = now.get(g.role);
        let current = t.tab.text(g.row, g.col);
        if current != g.text {
            out.push(format!(
                "{} row {} column {}: was {:?}, now {:?}",
                t.tab.title,
                g.row + 1,
                t.headers.get(g.col).map(String::as_str).unwrap_or("?"),
                g.text,
                current
            ));
        }
    }
    out
}
