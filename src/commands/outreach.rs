//! `kepsync outreach`: prints each SIG's Slack message (text or JSON) from the Enhancements tab
//! and, with `--tab`, writes them to an `Outreach` tab (kepsync's own, rewritten each time).

use super::tools::{find_tab, sheets_adapter};
use crate::config::Config;
use crate::keps::KepIndex;
use crate::outreach::{self, Message};
use crate::sheets::apply::outreach_tab;
use crate::sheets::{SheetsAdapter, TabGrid};
use crate::sync::{Role, TabLayout};
use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::path::PathBuf;

pub use crate::sheets::apply::outreach_tab::OUTREACH_TAB;

/// What `kepsync outreach` was asked.
#[derive(Debug, Clone)]
pub struct OutreachArgs {
    /// The enhancements freeze, RFC 3339 (`2026-02-12T00:00:00Z`) or as people write it;
    /// default `[calendar] enhancements-freeze`.
    pub freeze: Option<String>,
    /// The cycle name; default the configured release (`v1.37`).
    pub cycle: Option<String>,
    /// A kubernetes/enhancements checkout: its owning SIGs join the SIG list.
    pub repo: Option<PathBuf>,
    pub json: bool,
    pub tab: bool,
}

/// Runs the command: reads the sheet (two requests), prints, optionally writes the tab.
pub async fn outreach(config: &Config, args: &OutreachArgs) -> anyhow::Result<()> {
    let Some(freeze) = args
        .freeze
        .as_ref()
        .or(config.calendar.enhancements_freeze.as_ref())
    else {
        bail!(
            "the enhancements freeze is needed: set [calendar] enhancements-freeze in the config, or pass --freeze 2026-02-12T00:00:00Z (or KEPSYNC_OUTREACH_FREEZE)"
        );
    };
    let known = match &args.repo {
        Some(dir) => corpus_sigs(dir)?,
        None => BTreeSet::new(),
    };
    let sheets = sheets_adapter(config, &config.spreadsheet_id).await?;
    let layouts = sheets.tab_layouts().await?;
    let title = find_tab(&layouts, &config.tabs.enhancements)
        .with_context(|| {
            format!(
                "spreadsheet {}: no tab {:?}",
                config.spreadsheet_id, config.tabs.enhancements
            )
        })?
        .title
        .clone();
    let snapshot = sheets.snapshot(std::slice::from_ref(&title)).await?;
    let tab = snapshot
        .tab(&title)
        .context("the snapshot lacks the Enhancements tab")?;
    let layout = TabLayout::locate(
        Role::Enhancements,
        tab,
        &config.columns,
        &config.github.repo,
    )?;
    let statuses = outreach::sig_statuses(config.vocabulary(), &layout);
    let cycle = args.cycle.clone().unwrap_or_else(|| config.release());
    let msgs = outreach::messages(&statuses, &known, &outreach::format_freeze(freeze), &cycle);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&msgs)?);
    } else {
        print!("{}", outreach::to_text(&msgs));
    }
    if args.tab {
        write_tab(&sheets, &layouts, &msgs).await?;
        eprintln!("wrote {} message(s) to the {OUTREACH_TAB} tab", msgs.len());
    }
    Ok(())
}

/// The owning SIGs of every KEP in a checkout (`sig-*` only).
fn corpus_sigs(dir: &std::path::Path) -> anyhow::Result<BTreeSet<String>> {
    let index =
        KepIndex::from_dir(dir).with_context(|| format!("reading KEPs under {}", dir.display()))?;
    Ok(index
        .keps
        .iter()
        .map(|k| k.owning_sig.trim().to_string())
        .filter(|s| s.starts_with("sig-"))
        .collect())
}

/// Rewrites the Outreach tab (adding it when missing) in one batchUpdate.
async fn write_tab(
    sheets: &SheetsAdapter,
    layouts: &[TabGrid],
    msgs: &[Message],
) -> anyhow::Result<()> {
    let existing = find_tab(layouts, OUTREACH_TAB).map(|t| t.sheet_id);
    let new_id = layouts.iter().map(|l| l.sheet_id).max().unwrap_or(0) + 1;
    sheets
        .apply(outreach_tab::requests(existing, new_id, msgs))
        .await?;
    Ok(())
}
