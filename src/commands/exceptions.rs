//! `kepsync exceptions`: reads the exception requests people keep in the Enhancements and
//! Removed from Milestone tabs (one Sheets read) and prints them as sig-release's
//! exceptions.yaml or as a table. Writes nothing.

use super::tools::{find_tab, sheets_adapter};
use crate::config::Config;
use crate::exceptions::{self, Exception, ExceptionsFile};
use crate::sync::{Role, TabLayout};
use anyhow::Context;

/// Runs the command; `yaml` picks the output. Rows whose request names no freeze are noted on
/// stderr.
pub async fn exceptions(config: &Config, yaml: bool) -> anyhow::Result<()> {
    let sheets = sheets_adapter(config, &config.spreadsheet_id).await?;
    let layouts = sheets.tab_layouts().await?;
    let roles = [
        (Role::Enhancements, &config.tabs.enhancements),
        (Role::Removed, &config.tabs.removed),
    ];
    let titles: Vec<(Role, String)> = roles
        .iter()
        .filter_map(|(role, name)| Some((*role, find_tab(&layouts, name)?.title.clone())))
        .collect();
    if !titles.iter().any(|(r, _)| *r == Role::Enhancements) {
        anyhow::bail!(
            "spreadsheet {}: no tab {:?}",
            config.spreadsheet_id,
            config.tabs.enhancements
        );
    }
    let wanted: Vec<String> = titles.iter().map(|(_, t)| t.clone()).collect();
    let snapshot = sheets.snapshot(&wanted).await?;
    let mut all: Vec<Exception> = Vec::new();
    for (role, title) in &titles {
        let tab = snapshot
            .tab(title)
            .with_context(|| format!("the snapshot lacks the {title} tab"))?;
        let layout = TabLayout::locate(*role, tab, &config.columns, &config.github.repo)?;
        let (found, notes) = exceptions::read(&layout, &config.columns);
        for n in notes {
            eprintln!("warning: {n}");
        }
        all.extend(found);
    }
    if yaml {
        let file = ExceptionsFile::new(all);
        print!("{}", file.to_yaml().map_err(anyhow::Error::msg)?);
    } else {
        print!("{}", exceptions::to_table(&all));
    }
    Ok(())
}
