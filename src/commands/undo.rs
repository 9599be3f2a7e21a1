//! `kepsync undo CYCLE [--dry-run] [--github] [--board]`: reverses one journaled cycle — its
//! sheet changes in one atomic batch led by the write token, then (only when asked) its GitHub
//! write-back and board edits, paced, where GitHub still shows what kepsync wrote — and journals
//! the undo as a cycle of its own.

use super::log::read_journal;
use super::{CommandError, CommandResult, sheets_settings};
use crate::board::{BoardOutcome, BoardUndo};
use crate::config::Config;
use crate::github::GithubAdapter;
use crate::journal::{
    CycleRecord, GithubUndo, Journal, UndoOptions, UndoPlan, board_undo_changes, cycle_id,
    github_changes, plan_board_undo, plan_github_undo, plan_undo, record_of,
};
use crate::sheet::Snapshot;
use crate::sheets::SheetsAdapter;
use crate::sync::{self, Layout};
use crate::writeback::WritebackOutcome;
use anyhow::Context;
use std::time::Duration;

/// `kepsync undo`'s arguments.
#[derive(Debug, Clone)]
pub struct UndoArgs {
    /// A cycle id as `kepsync log` prints it, or a prefix naming one cycle.
    pub cycle: String,
    pub dry_run: bool,
    pub github: bool,
    pub board: bool,
}

/// The sheet as read for the undo, and the undo's sheet plan.
struct SheetPart {
    sheets: SheetsAdapter,
    titles: Vec<String>,
    snapshot: Snapshot,
    undo: UndoPlan,
}

/// `kepsync undo`.
pub async fn undo(config: Config, args: &UndoArgs) -> CommandResult {
    let records = read_journal(&config)?;
    let record = &find(&records, &args.cycle)?;
    let mut sheet = sheet_part(&config, record).await?;
    let github = match args.github && record.github.iter().any(|g| g.applied) {
        true => Some(github_part(&config, record).await?),
        false => None,
    };
    let board = match args.board && record.board.iter().any(|b| b.applied) {
        true => Some(board_part(&config, record).await?),
        false => None,
    };
    print(&sheet.undo, record, args);
    print_github(github.as_ref().map(|(_, u)| u), args.dry_run);
    print_board(board.as_ref().map(|(_, u)| u), args.dry_run);
    not_asked(record, args);
    let nothing = sheet.undo.plan.is_empty()
        && github.as_ref().is_none_or(|(_, u)| u.plan.is_empty())
        && board.as_ref().is_none_or(|(_, u)| u.steps.is_empty());
    if args.dry_run || nothing {
        return Ok(());
    }
    let id = cycle_id(jiff::Timestamp::now().as_millisecond());
    if !sheet.undo.plan.is_empty() {
        apply_sheet(&config, &mut sheet, record, &id).await?;
    }
    let mut r = record_of(&sheet.undo.plan, &sheet.snapshot, &id.0, &id.1);
    r.undoes = Some(record.cycle.clone());
    r.kept = sheet.undo.kept.clone();
    let github_done = apply_github(github.as_ref(), &mut r).await;
    let board_done = apply_board(&config, board.as_ref(), &mut r).await;
    journal_undo(&config, &r);
    println!("undone as cycle {}", id.0);
    let error = github_done
        .and_then(|w| w.error)
        .map(|e| format!("GitHub: {e}"));
    match error.or(board_done
        .and_then(|b| b.error)
        .map(|e| format!("board: {e}")))
    {
        Some(e) => Err(CommandError::failed(anyhow::anyhow!("{e}"))),
        None => Ok(()),
    }
}

/// Reads the sheet and plans the sheet part (nothing on a board-only setup).
async fn sheet_part(config: &Config, record: &CycleRecord) -> Result<SheetPart, CommandError> {
    let mut sheets = SheetsAdapter::connect(sheets_settings(config))
        .await
        .context("setting up the Google Sheets client")
        .map_err(CommandError::Usage)?;
    if config.board_only() {
        return Ok(SheetPart {
            sheets,
            titles: Vec::new(),
            snapshot: Snapshot::default(),
            undo: UndoPlan::default(),
        });
    }
    sheets.read_header_only(config.tabs.sync_log.iter().cloned().collect());
    let (titles, snapshot) = read(&sheets, config).await?;
    let layout = Layout::locate(&snapshot, &titles, &config.columns, &config.github.repo)
        .map_err(CommandError::failed)?;
    let opts = UndoOptions {
        readiness_header: config.columns.readiness.clone(),
    };
    let undo = plan_undo(record, &layout, &opts);
    Ok(SheetPart {
        sheets,
        titles,
        snapshot,
        undo,
    })
}

/// The GitHub adapter and the reversal of the record's write-back, over the issues read now.
async fn github_part(
    config: &Config,
    record: &CycleRecord,
) -> Result<(GithubAdapter, GithubUndo), CommandError> {
    let github = github(config)?;
    let mut numbers: Vec<u64> = record.github.iter().map(|g| g.issue).collect();
    numbers.dedup();
    let issues = github
        .read_issues(&numbers)
        .await
        .map_err(CommandError::failed)?;
    let u = plan_github_undo(record, &issues);
    Ok((github, u))
}

/// The GitHub adapter and the reversal of the record's board changes, over the board read now.
async fn board_part(
    config: &Config,
    record: &CycleRecord,
) -> Result<(GithubAdapter, BoardUndo), CommandError> {
    let b = config.board.as_ref().ok_or_else(|| {
        CommandError::usage(anyhow::anyhow!(
            "--board: no [board] is configured, so there is no board to put back"
        ))
    })?;
    let github = github(config)?;
    let board = github
        .observe_board(&b.owner, b.number)
        .await
        .map_err(CommandError::failed)?;
    let u = plan_board_undo(record, &board);
    Ok((github, u))
}

fn github(config: &Config) -> Result<GithubAdapter, CommandError> {
    let token = super::github_token(config).map_err(CommandError::Usage)?;
    super::github_adapter(config, Some(token.expose().to_string())).map_err(CommandError::Usage)
}

/// Applies the sheet part in one batch, led by the write token of the sheet it was planned from.
async fn apply_sheet(
    config: &Config,
    s: &mut SheetPart,
    record: &CycleRecord,
    id: &(String, String),
) -> CommandResult {
    s.undo.plan.sync_log = sync::sync_log_target_named(&s.snapshot, config, id);
    let now = s
        .sheets
        .snapshot(&s.titles)
        .await
        .map_err(CommandError::failed)?;
    let now_layout = Layout::locate(&now, &s.titles, &config.columns, &config.github.repo)
        .map_err(CommandError::failed)?;
    if let Some(first) = sync::stale(&s.undo.plan, &now, &now_layout).first() {
        return Err(CommandError::failed(anyhow::anyhow!(
            "the sheet changed while the undo was planned ({first}); nothing was written, run it again"
        )));
    }
    let note = format!("kepsync undo of {} at {}", record.cycle, id.1);
    let requests = crate::sheets::apply::to_requests(&s.undo.plan);
    s.sheets
        .apply_after(s.snapshot.write_token.as_ref(), &note, requests)
        .await
        .map(drop)
        .map_err(|e| CommandError::failed(anyhow::anyhow!("the undo was not applied: {e}")))
}

/// Sends the GitHub reversals (paced) and records them in the undo's journal record.
async fn apply_github(
    part: Option<&(GithubAdapter, GithubUndo)>,
    r: &mut CycleRecord,
) -> Option<WritebackOutcome> {
    let (github, u) = part?;
    r.kept.extend(u.kept.iter().cloned());
    if u.plan.is_empty() {
        return None;
    }
    let done = github.apply_writes(&u.plan).await;
    r.github = github_changes(&u.plan, done.applied.len());
    Some(done)
}

/// Sends the board reversals (paced by `[board] pause-ms`) and records them.
async fn apply_board(
    config: &Config,
    part: Option<&(GithubAdapter, BoardUndo)>,
    r: &mut CycleRecord,
) -> Option<BoardOutcome> {
    let (github, u) = part?;
    r.kept.extend(u.kept.iter().cloned());
    if u.steps.is_empty() {
        return None;
    }
    let pause = config.board.as_ref().map_or(0, |b| b.pause_ms);
    let done = github
        .apply_board_undo(u, Duration::from_millis(pause))
        .await;
    r.board = board_undo_changes(u, done.applied.len());
    Some(done)
}

/// The cycle `wanted` names (its id, or a prefix of exactly one id), its records merged: a
/// cycle's GitHub and board edits are appended under its id after its sheet batch.
fn find(records: &[CycleRecord], wanted: &str) -> Result<CycleRecord, CommandError> {
    let mut ids: Vec<&str> = records
        .iter()
        .map(|r| r.cycle.as_str())
        .filter(|c| c.starts_with(wanted))
        .collect();
    ids.dedup();
    if ids.contains(&wanted) {
        ids = vec![wanted];
    }
    match ids.as_slice() {
        [one] => Ok(merged(records, one)),
        [] => Err(CommandError::failed(anyhow::anyhow!(
            "no cycle {wanted:?} in the journal (`kepsync log` lists them)"
        ))),
        many => Err(CommandError::failed(anyhow::anyhow!(
            "{wanted:?} names {} cycles; give more of the id",
            many.len()
        ))),
    }
}

/// Every record of cycle `id`, as one.
fn merged(records: &[CycleRecord], id: &str) -> CycleRecord {
    let mut parts = records.iter().filter(|r| r.cycle == id);
    let mut out = parts.next().cloned().unwrap_or_default();
    for r in parts {
        out.cells.extend(r.cells.iter().cloned());
        out.moves.extend(r.moves.iter().cloned());
        out.intakes.extend(r.intakes.iter().cloned());
        out.removals.extend(r.removals.iter().cloned());
        out.github.extend(r.github.iter().cloned());
        out.board.extend(r.board.iter().cloned());
        out.kept.extend(r.kept.iter().cloned());
    }
    out
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

fn verb(dry_run: bool) -> &'static str {
    if dry_run {
        "would put back"
    } else {
        "puts back"
    }
}

fn print(u: &UndoPlan, record: &CycleRecord, args: &UndoArgs) {
    println!(
        "undo of cycle {} ({}): {}:",
        record.cycle,
        record.time,
        verb(args.dry_run)
    );
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
        println!("  nothing on the sheet");
    }
    for k in &u.kept {
        println!("kept: {k}");
    }
    for n in &u.notes {
        println!("note: {n}");
    }
}

fn print_github(u: Option<&GithubUndo>, dry_run: bool) {
    let Some(u) = u else { return };
    println!("GitHub: {}:", verb(dry_run));
    for w in &u.plan.writes {
        for e in &w.edits {
            println!("  #{} {e}", w.issue);
        }
    }
    for k in &u.kept {
        println!("kept: GitHub {k}");
    }
}

fn print_board(u: Option<&BoardUndo>, dry_run: bool) {
    let Some(u) = u else { return };
    println!("board: {}:", verb(dry_run));
    for s in &u.steps {
        println!("  {s}");
    }
    for k in &u.kept {
        println!("kept: board {k}");
    }
}

/// GitHub and board edits of the cycle are left alone unless asked for; they are listed.
fn not_asked(record: &CycleRecord, args: &UndoArgs) {
    let github: Vec<_> = record.github.iter().filter(|g| g.applied).collect();
    if !args.github && !github.is_empty() {
        println!(
            "GitHub: {} edit(s) of this cycle left alone (reversed only with --github):",
            github.len()
        );
        github
            .iter()
            .for_each(|g| println!("  #{} {}", g.issue, g.edit));
    }
    let board: Vec<_> = record.board.iter().filter(|b| b.applied).collect();
    if !args.board && !board.is_empty() {
        println!(
            "board: {} change(s) of this cycle left alone (reversed only with --board):",
            board.len()
        );
        board
            .iter()
            .for_each(|b| println!("  #{} {}: {:?} → {:?}", b.issue, b.field, b.before, b.after));
    }
}

fn journal_undo(config: &Config, r: &CycleRecord) {
    let Some(dir) = config.state_dir.as_deref() else {
        return;
    };
    if let Err(e) = Journal::in_dir(dir).append(r) {
        tracing::error!(error = %e, "the undo was applied but could not be journaled");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(cycle: &str, issue: u64) -> CycleRecord {
        CycleRecord {
            cycle: cycle.into(),
            board: vec![crate::journal::BoardChange {
                issue,
                ..Default::default()
            }],
            ..CycleRecord::default()
        }
    }

    #[test]
    fn a_cycle_is_found_by_a_prefix_with_its_later_github_and_board_part() {
        let records = [
            part("20261202-1", 1),
            part("20261202-2", 2),
            part("20261202-2", 3),
        ];
        let r = find(&records, "20261202-2").unwrap();
        assert_eq!(r.board.iter().map(|b| b.issue).collect::<Vec<_>>(), [2, 3]);
        assert!(find(&records, "20261202-").is_err(), "two cycles");
        assert!(find(&records, "2027").is_err(), "none");
        assert_eq!(find(&records, "20261202-1").unwrap().board.len(), 1);
    }
}
