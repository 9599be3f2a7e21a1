//! What the release-team tools (`kepsync init`, `kepsync outreach`) share: a Sheets adapter for
//! any spreadsheet with the configured credentials, and finding a tab by its configured name.

use crate::config::Config;
use crate::sheets::{SheetsAdapter, TabGrid};
use crate::sync::same_name;
use anyhow::Context;

/// A Sheets adapter for `spreadsheet_id` (the configured one, or another such as `--from`).
pub async fn sheets_adapter(
    config: &Config,
    spreadsheet_id: &str,
) -> anyhow::Result<SheetsAdapter> {
    SheetsAdapter::connect(super::sheets_config(config, spreadsheet_id))
        .await
        .with_context(|| {
            format!("setting up the Google Sheets client for spreadsheet {spreadsheet_id}")
        })
}

/// The tab whose title matches `name` (exactly, else ignoring case and spaces).
pub fn find_tab<'a>(layouts: &'a [TabGrid], name: &str) -> Option<&'a TabGrid> {
    layouts
        .iter()
        .find(|l| l.title == name)
        .or_else(|| layouts.iter().find(|l| same_name(&l.title, name)))
}
