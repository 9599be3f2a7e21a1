//! The Sync Log rows of a cycle's GitHub write-back and board edits (pure). Those edits happen
//! after the sheet's batch, so their journal part is marked `sync_log_pending`; the next batch
//! kepsync writes carries the rows and its own record names the cycles it wrote
//! (`sync_log_written`). The rows still waiting are those marked and never named.

use super::record::CycleRecord;
use crate::sync::PendingLine;
use std::collections::BTreeSet;

/// The Sync Log lines of the GitHub and board edits of `r` that landed, under its time and id.
pub fn sync_log_lines(r: &CycleRecord, repo: &str) -> Vec<PendingLine> {
    let github = r.github.iter().filter(|c| c.applied).map(|c| {
        [
            "GitHub".into(),
            repo.to_string(),
            format!("#{}", c.issue),
            "issue".into(),
            String::new(),
            c.edit.clone(),
            format!("write-back: {}", c.reason),
        ]
    });
    let board = r.board.iter().filter(|c| c.applied).map(|c| {
        let why = match c.is_add() {
            true => "tracked, not on the board".to_string(),
            false => format!("kepsync keeps {} true on the board", c.field),
        };
        [
            "board".into(),
            String::new(),
            format!("#{}", c.issue),
            c.field.clone(),
            c.before.clone(),
            c.after.clone(),
            why,
        ]
    });
    github
        .chain(board)
        .map(|line| PendingLine {
            time: r.time.clone(),
            cycle: r.cycle.clone(),
            line,
        })
        .collect()
}

/// The lines still waiting in a journal's records (oldest cycle first).
pub fn pending_sync_log(records: &[CycleRecord], repo: &str) -> Vec<PendingLine> {
    let written: BTreeSet<&str> = records
        .iter()
        .flat_map(|r| r.sync_log_written.iter().map(String::as_str))
        .collect();
    records
        .iter()
        .filter(|r| r.sync_log_pending && !written.contains(r.cycle.as_str()))
        .flat_map(|r| sync_log_lines(r, repo))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{BoardChange, GithubChange};

    fn part(id: &str) -> CycleRecord {
        CycleRecord {
            cycle: id.into(),
            time: format!("t-{id}"),
            github: vec![GithubChange {
                issue: 7,
                edit: "add tracked/yes".into(),
                reason: "tracked".into(),
                applied: true,
                change: None,
                milestone_before: None,
            }],
            board: vec![BoardChange {
                issue: 8,
                field: "Stage".into(),
                after: "Beta".into(),
                applied: false,
                ..BoardChange::default()
            }],
            sync_log_pending: true,
            ..CycleRecord::default()
        }
    }

    #[test]
    fn rows_wait_until_a_later_record_names_their_cycle_and_edits_not_sent_have_none() {
        let mut records = vec![part("a"), part("b")];
        let waiting = pending_sync_log(&records, "k/e");
        assert_eq!(waiting.len(), 2, "one sent edit each: {waiting:?}");
        assert_eq!(
            (waiting[0].cycle.as_str(), waiting[0].time.as_str()),
            ("a", "t-a")
        );
        assert_eq!(waiting[0].line[5], "add tracked/yes");
        records.push(CycleRecord {
            cycle: "c".into(),
            sync_log_written: vec!["a".into()],
            ..CycleRecord::default()
        });
        let waiting = pending_sync_log(&records, "k/e");
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0].cycle, "b");
        records[1].sync_log_pending = false;
        assert!(pending_sync_log(&records, "k/e").is_empty());
    }
}
