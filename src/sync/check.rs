//! The pre-write check: do the cells a plan relies on still hold what was read?

use super::layout::{Layout, Role};
use super::plan::{ColumnLabel, Guard, Plan};
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
    let title = |id: i32| plan.tab_titles.get(&id).map_or("?", String::as_str);
    for g in &plan.guards {
        let Some(tab) = snapshot.tabs.iter().find(|t| t.sheet_id == g.sheet_id) else {
            out.push(format!("{}: the tab is gone", title(g.sheet_id)));
            continue;
        };
        let current = tab.text(g.row, g.col);
        if current != g.text {
            out.push(format!(
                "{} row {} column {}: was {:?}, now {:?}",
                title(g.sheet_id),
                g.row + 1,
                column_name(g, now),
                g.text,
                current
            ));
        }
    }
    out
}

/// A failed guard's column as its message names it: the header now over it, or its number.
fn column_name(g: &Guard, now: &Layout<'_>) -> String {
    match g.label {
        ColumnLabel::Number => (g.col + 1).to_string(),
        ColumnLabel::Header => Role::ALL
            .iter()
            .map(|r| now.get(*r))
            .find(|t| t.tab.sheet_id == g.sheet_id)
            .and_then(|t| t.headers.get(g.col).cloned())
            .unwrap_or_else(|| "?".into()),
    }
}
