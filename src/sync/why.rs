//! Why the planner changes a cell, kept small (a cold 2,000-row plan holds ~17,000 edits): a
//! one-byte reason on each edit, the KEP file's path held once per issue in the plan, and the
//! Sync Log tab the reasons are written to, when `[tabs] sync-log` names one.

use super::layout::Column;

/// Why one cell edit was planned.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Why {
    /// A kepsync-owned column filled from GitHub or the KEP file.
    Fill(Column),
    /// A KEP Collection row's Sync Status.
    SyncStatus,
    /// Freeze readiness (`[calendar]`).
    Readiness,
    /// The cross-release `data` tab.
    DataTab,
    /// Status advanced because a freeze passed (`[status] advance`).
    Advance,
    /// A cell put back by `kepsync undo`.
    Undo,
    /// Anything else the planner writes (board agreement, Type suggestion, …).
    #[default]
    Other,
}

/// Where a cycle's Sync Log rows go: the tab (read as its header row and grid size only) and
/// what names this cycle. `cycle` and `time` are set by the cycle just before it applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncLogTarget {
    pub sheet_id: i32,
    /// The tab's grid rows as read (header included).
    pub row_count: usize,
    /// True when row 1 lacks the header (a tab made by hand): the batch writes it.
    pub needs_header: bool,
    /// Rows kept at most (`[sync-log] max-rows`); older rows are deleted from the bottom.
    pub max_rows: usize,
    pub cycle: String,
    pub time: String,
}

/// The Sync Log's columns, in order.
pub const SYNC_LOG_HEADERS: [&str; 9] = [
    "Time", "Cycle", "Surface", "Tab", "Issue", "Column", "Before", "After", "Why",
];

/// The Sync Log target when `[tabs] sync-log` names a tab the snapshot holds.
pub fn sync_log_target(
    snapshot: &crate::sheet::Snapshot,
    name: Option<&str>,
    max_rows: usize,
) -> Option<SyncLogTarget> {
    let name = name.filter(|n| !n.trim().is_empty())?;
    let tab = snapshot
        .tabs
        .iter()
        .find(|t| super::layout::same_name(&t.title, name))?;
    Some(SyncLogTarget {
        sheet_id: tab.sheet_id,
        row_count: tab.row_count as usize,
        needs_header: tab.text(0, 0) != SYNC_LOG_HEADERS[0],
        max_rows: max_rows.max(1),
        cycle: String::new(),
        time: String::new(),
    })
}

/// The actual title of the named Sync Log tab among `titles`, if the sheet has it.
pub fn sync_log_title(name: Option<&str>, titles: &[String]) -> Option<String> {
    let name = name.filter(|n| !n.trim().is_empty())?;
    titles
        .iter()
        .find(|t| *t == name)
        .or_else(|| titles.iter().find(|t| super::layout::same_name(t, name)))
        .cloned()
}

/// [`sync_log_target`] for `config`, named after cycle `id` (id, time).
pub fn sync_log_target_named(
    snapshot: &crate::sheet::Snapshot,
    config: &crate::config::Config,
    id: &(String, String),
) -> Option<SyncLogTarget> {
    let mut t = sync_log_target(
        snapshot,
        config.tabs.sync_log.as_deref(),
        config.sync_log.max_rows,
    )?;
    t.cycle = id.0.clone();
    t.time = id.1.clone();
    Some(t)
}
