//! `[sync-log]`: how many rows the Sync Log tab keeps (the tab itself is `[tabs] sync-log`).

use serde::Deserialize;

/// `[sync-log]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SyncLogSection {
    /// Rows kept below the header; the oldest are deleted first. Default 5,000.
    pub max_rows: usize,
}

impl Default for SyncLogSection {
    fn default() -> Self {
        SyncLogSection { max_rows: 5000 }
    }
}
