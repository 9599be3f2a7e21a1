//! `kepsync undo CYCLE [--dry-run] [--github] [--board]`: reverses one journaled cycle in one
//! atomic batch led by the write token, and journals the undo as a cycle of its own.

use super::log::read_journal;
use super::{CommandError, CommandResult, sheets_settings};
use crate::config::Config;
use crate::journal::{CycleRecord, Journal, UndoOptions, UndoPlan, cycle_id, plan_undo, record_of};
use crate::sheet::Snapshot;
use crate::sheets::SheetsAdapter;
use crate::sync::{self, Layout};
use anyhow::Context;

/// `kepsync undo`'s arguments.
#[derive(Debug, Clone)]
pub struct UndoArgs {
    /// A cycle id as `kepsync log` prints it, or a prefix naming one cycle.
    pub cycle: String,
    pub dry_run: bool,
    pub github: bool,
    pub board: bool,
}

/// `kepsync undo`.
pub async fn undo(config: Config, args: &UndoArgs) -> CommandResult {
    let records = read_journal(&config)?;
    let record = find(&records, &args.cycle)?;
    let mut sheets = SheetsAdapter::connect(sheets_settings(&config))
        .await
        .context("setting up the Google Sheets client")
        .map_err(CommandError::Usage)?;
    sheets.read_header_only(config.tabs.sync_log.iter().cloned().collect());
    let (titles, snapshot) = read(&sheets, &config).await?;
    let layout = Layout::locate(&snapshot, &titles, &config.columns, &config.github.repo)
        .map_err(CommandError::failed)?;
    let opts = UndoOptions {
        readiness_header: config.columns.readiness.clone(),
    };
    let mut u = plan_undo(record, &layout, &opts);
    print(&u, record, args);
    not_reversed(record, args);
    if args.dry_run || u.plan.is_empty() {
        return Ok(());
    }
    let id = cycle_id(jiff::Timestamp::now().as_millisecond());
    u.plan.sync_log = sync::sync_log_target_named(&snapshot, &config, &id);
    let now = sheets
        .snapshot(&titles)
        .await
        .map_err(CommandError::failed)?;
    let now_layout = Layout::locate(&now, &titles, &config.columns, &config.github.repo)
        .map_err(CommandError::failed)?;
    if let Some(first) = sync::stale(&u.plan, &now, &now_layout).first() {
        return Err(CommandError::failed(anyhow::anyhow!(
            "the sheet changed while the undo was planned ({first}); nothing was written, run it again"
        )));
    }
    let note = format!("kepsync undo of {} at {}", record.cycle, id.1);
    let requests = crate::sheets::apply::to_requests(&u.plan);
    sheets
        .apply_after(snapshot.write_token.as_ref(), &note, requests)
        .await
        .map_err(|e| CommandError::failed(anyhow::anyhow!("the undo was not applied: {e}")))?;
    journal_undo(&config, &u, &snapshot, record, &id);
    println!("undone in one batch as cycle {}", id.0);
    Ok(())
}

/// The record `wanted` names: its id, or a prefix of exactly one id.
fn find<'r>(records: &'r [CycleRecord], wanted: &str) -> Result<&'r CycleRecord, CommandError> {
    if let Some(r) = records.iter().find(|r| r.cycle == wanted) {
        return Ok(r);
    }
    let matching: Vec<&CycleRecord> = records
        .iter()
        .filter(|r| r.cycle.starts_with(wanted))
        .collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => Err(CommandError::failed(anyhow::anyhow!(
            "no cycle {wanted:?} in the journal (`kepsync log` lists them)"
        ))),
        many => Err(CommandError::failed(anyhow::anyhow!(
            "{wanted:?} names {} cycles; give more of the id",
            many.len()
        ))),
    }
}

async fn read(
    sheets: &SheetsAdapter,
    config: &Config,
) -> Result<(Vec<String>, Snapshot), CommandError> {
    let tabs = sheets.tabs().await.map_err(CommandError::failed)?;
    let all: Vec<String> = tabs.into_iter().map(|t| t.title).collect();
    let mut titles = sync::resolve_titles(&config.tabs, &all).map_err(|missing| {
        CommandError::failed(anyhow::anyhow!("tabs not found: {}", missing.join(", ")))
    })?;
    titles.extend(sync::sync_log_title(config.tabs.sync_log.as_deref(), &all));
    let snapshot = sheets
        .snapshot(&titles)
        .await
        .map_err(CommandError::failed)?;
    titles.truncate(4);
    Ok((titles, snapshot))
}

fn print(u: &UndoPlan, record: &CycleRecord, args: &UndoArgs) {
    let verb = if args.dry_run {
        "would put back"
    } else {
        "puts back"
    };
    println!("undo of cycle {} ({}): {verb}:", record.cycle, record.time);
    for line in crate::sheets::apply::log_lines(&u.plan, usize::MAX) {
        println!(
            "  {} #{} {}: {:?} → {:?}",
            line[1],
            line[2].trim_start_matches('#'),
            line[3],
            line[4],
            line[5]
        );
    }
    if u.plan.is_empty() {
        println!("  nothing");
    }
    for k in &u.kept {
        println!("kept: {k}");
    }
    for n in &u.notes {
        println!("note: {n}");
    }
}

/// GitHub and board edits are listed; reversing them is not built yet.
fn not_reversed(record: &CycleRecord, args: &UndoArgs) {
    let github = record.github.iter().filter(|g| g.applied).count();
    let board = record.board.iter().filter(|b| b.applied).count();
    if github > 0 {
        let why = if args.github {
            "reversing them is not built yet; undo them on GitHub by hand"
        } else {
            "left alone (reversed only with --github, not built yet)"
        };
        println!("GitHub: {github} edit(s) of this cycle {why}:");
        record
            .github
            .iter()
            .filter(|g| g.applied)
            .for_each(|g| println!("  #{} {}", g.issue, g.edit));
    }
    if board > 0 {
        let why = if args.board {
            "reversing them is not built yet; undo them on the board by hand"
        } else {
            "left alone (reversed only with --board, not built yet)"
        };
        println!("board: {board} change(s) of this cycle {why}:");
        record
            .board
            .iter()
            .filter(|b| b.applied)
            .for_each(|b| println!("  #{} {}: {:?} → {:?}", b.issue, b.field, b.before, b.after));
    }
}

fn journal_undo(
    config: &Config,
    u: &UndoPlan,
    snapshot: &Snapshot,
    record: &CycleRecord,
    id: &(String, String),
) {
    let Some(dir) = config.state_dir.as_deref() else {
        return;
    };
    let mut r = record_of(&u.plan, snapshot, &id.0, &id.1);
    r.undoes = Some(record.cycle.clone());
    r.kept = u.kept.clone();
    if let Err(e) = Journal::in_dir(dir).append(&r) {
        tracing::error!(error = %e, "the undo was applied but could not be journaled");
    }
}
