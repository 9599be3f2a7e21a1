//! The planner: what one cycle changes in the sheet, decided by pure functions of what was read
//! (the requests that apply it are built by `sheets::apply`).

mod advance;
mod board_surface;
mod check;
mod dashboard;
mod data_tab;
mod derive;
mod display;
mod edit;
mod extra;
mod fills;
mod generated;
mod intake;
mod intake_rules;
mod issue_ref;
mod kep_type;
mod label_intake;
mod layout;
mod moves;
mod optional_tabs;
mod plan;
mod plan_extras;
mod planner;
mod readiness_cells;
mod sheet_plan;
mod sheet_rows;
mod why;
mod why_text;

pub use board_surface::prr_status;
pub use check::stale;
pub use derive::{Derived, Fill, KepView, derive};
pub use edit::{CellSet, LinkSet};
pub use intake_rules::IntakeRules;
pub use issue_ref::{IssueRefError, parse_issue_ref};
pub use kep_type::{TYPES, suggest_type};
pub use layout::{
    Column, DataRow, Layout, LayoutError, Role, TabLayout, resolve_titles, same_name,
};
pub use plan::{
    BoardStatusWrite, CellEdit, ColumnLabel, Guard, HeaderAdd, Move, NewRow, PendingLine, Plan,
    PlanInput, RowRef, TabGeom,
};
pub use sheet_plan::plan;

pub use dashboard::{
    DashboardInput, STAGE_BUCKETS, STATUS_BUCKETS, dashboard_values, feature_stats_values,
    good_progress, stage_bucket, status_bucket,
};
pub use data_tab::{DataCol, DataFacts, DataValue, data_facts, plan_data_tab};
pub use extra::{ChartAdd, ExtraWrites, GenValue, GridGrow, Overwrite};
pub use generated::shows;
pub use optional_tabs::{OptionalTabs, optional_titles};
pub use plan_extras::{ExtrasInput, evaluate_found, plan_extras};
pub use planner::{BoardObserved, CyclePlan, Knowledge, Observed, kep_views, plan as plan_cycle};
pub use readiness_cells::plan_readiness;
pub use sheet_rows::{RowFacts, rows_after};
pub use why::{
    SYNC_LOG_HEADERS, SyncLogTarget, Why, sync_log_target, sync_log_target_named, sync_log_title,
};
pub use why_text::why_text;

/// `v1.37`, `1.37`, `V1.37` → `v1.37`; anything else → `None`.
pub fn normalize_release(s: &str) -> Option<String> {
    s.parse::<crate::model::Release>()
        .ok()
        .map(|r| r.to_string())
}

#[cfg(test)]
pub(crate) mod fixtures;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod extras_tests;

#[cfg(test)]
mod kep_type_tests;
