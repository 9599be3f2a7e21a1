//! The sync job: observe the sheet and GitHub, plan (pure), check, apply in one batchUpdate.

mod check;
mod derive;
mod display;
mod issue_ref;
mod layout;
mod plan;
mod requests;

pub use check::stale;
pub use derive::{Derived, Fill, KepView, derive};
pub use issue_ref::{IssueRefError, parse_issue_ref};
pub use layout::{
    Column, DataRow, Layout, LayoutError, Role, TabLayout, resolve_titles, same_name,
};
pub use plan::{
    CellChange, CellSet, Guard, HeaderAdd, LinkSet, Move, NewRow, Plan, PlanInput, RowRef, TabGeom,
    plan,
};
pub use requests::to_requests;

/// `v1.37`, `1.37`, `V1.37` → `v1.37`; anything else → `None`.
pub fn normalize_release(s: &str) -> Option<String> {
    let t = s.trim().trim_matches(['"', '\'']);
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    let (major, minor) = t.split_once('.')?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (digits(major) && digits(minor)).then(|| format!("v{major}.{minor}"))
}

#[cfg(test)]
mod tests;
