//! `kepsync log [--since DURATION] [--issue N] [--output table|json]`: the journal, printed.

use super::{CommandError, CommandResult};
use crate::config::Config;
use crate::journal::{CycleRecord, Journal};

/// How `log` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogOutput {
    Table,
    Json,
}

/// `kepsync log`'s filters.
#[derive(Debug, Clone)]
pub struct LogArgs {
    /// `90s`, `30m`, `12h`, `7d`.
    pub since: Option<String>,
    pub issue: Option<u64>,
    pub output: LogOutput,
}

/// What to say when there is no state directory, so no journal.
pub fn no_journal() -> anyhow::Error {
    anyhow::anyhow!(
        "no state directory is configured (`state-dir`), so kepsync keeps no journal; the Sync Log tab (`[tabs] sync-log`) shows what kepsync did"
    )
}

/// The journal's records, read with its warnings logged; none when there is no journal yet.
pub fn read_journal(config: &Config) -> Result<Vec<CycleRecord>, CommandError> {
    let dir = config
        .state_dir
        .as_deref()
        .ok_or_else(|| CommandError::failed(no_journal()))?;
    let read = Journal::in_dir(dir).read().map_err(CommandError::failed)?;
    let Some(read) = read else {
        return Ok(Vec::new());
    };
    for w in &read.warnings {
        tracing::warn!("{w}");
    }
    Ok(read.records)
}

/// `kepsync log`.
pub fn log(config: &Config, args: &LogArgs) -> CommandResult {
    let since = match &args.since {
        Some(s) => Some(parse_duration(s).map_err(CommandError::usage)?),
        None => None,
    };
    let now = jiff::Timestamp::now();
    let records: Vec<CycleRecord> = read_journal(config)?
        .into_iter()
        .filter(|r| since.is_none_or(|d| recent(r, now, d)))
        .filter_map(|r| match args.issue {
            Some(n) => only_issue(r, n),
            None => Some(r),
        })
        .collect();
    match args.output {
        LogOutput::Json => {
            let text = serde_json::to_string_pretty(&records).map_err(CommandError::failed)?;
            println!("{text}");
        }
        LogOutput::Table => {
            for line in table(&records) {
                println!("{line}");
            }
        }
    }
    Ok(())
}

/// `90s`, `30m`, `12h`, `7d`, `2w` as seconds.
pub fn parse_duration(s: &str) -> anyhow::Result<i64> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().map_err(|_| {
        anyhow::anyhow!("--since {s:?}: expected a number and a unit, e.g. 30m, 12h, 7d")
    })?;
    let unit = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        other => anyhow::bail!("--since {s:?}: unknown unit {other:?} (use s, m, h, d or w)"),
    };
    Ok(n.saturating_mul(unit))
}

fn recent(r: &CycleRecord, now: jiff::Timestamp, seconds: i64) -> bool {
    r.time
        .parse::<jiff::Timestamp>()
        .is_ok_and(|t| now.as_second() - t.as_second() <= seconds)
}

/// The record's changes of issue `n` only; `None` when it has none.
fn only_issue(mut r: CycleRecord, n: u64) -> Option<CycleRecord> {
    r.cells.retain(|c| c.issue == Some(n));
    r.moves.retain(|m| m.issue == n);
    r.intakes.retain(|x| x.issue == n);
    r.removals.retain(|x| x.issue == n);
    r.github.retain(|g| g.issue == n);
    r.board.retain(|b| b.issue == n);
    let any = !(r.cells.is_empty()
        && r.moves.is_empty()
        && r.intakes.is_empty()
        && r.removals.is_empty()
        && r.github.is_empty()
        && r.board.is_empty());
    any.then_some(r)
}

/// One line per change, oldest cycle first.
pub fn table(records: &[CycleRecord]) -> Vec<String> {
    let mut out = Vec::new();
    for r in records {
        let head = match &r.undoes {
            Some(of) => format!("{} {} (undo of {of})", r.time, r.cycle),
            None => format!("{} {}", r.time, r.cycle),
        };
        out.push(head);
        out.extend(change_lines(r).into_iter().map(|l| format!("  {l}")));
        out.extend(r.kept.iter().map(|k| format!("  kept: {k}")));
    }
    out
}

fn change_lines(r: &CycleRecord) -> Vec<String> {
    let cut = crate::sheets::apply::shown;
    let mut out: Vec<String> = r
        .cells
        .iter()
        .map(|c| {
            let n = c.issue.map(|n| format!(" #{n}")).unwrap_or_default();
            let (b, a) = (cut(&c.before), cut(&c.after));
            format!(
                "sheet  {}{n} {}: {b:?} → {a:?} ({})",
                c.tab, c.header, c.why
            )
        })
        .collect();
    out.extend(r.moves.iter().map(|m| {
        format!(
            "sheet  #{} moved {} row {} → {} row {} (Status {})",
            m.issue,
            m.from_tab,
            m.from_row + 1,
            m.to_tab,
            m.to_row + 1,
            m.status
        )
    }));
    out.extend(r.intakes.iter().map(|x| {
        format!(
            "sheet  #{} new row on {} (row {})",
            x.issue,
            x.tab,
            x.row + 1
        )
    }));
    out.extend(r.removals.iter().map(|x| {
        format!(
            "sheet  #{} row {} deleted from {}",
            x.issue,
            x.row + 1,
            x.tab
        )
    }));
    out.extend(r.github.iter().map(|g| {
        let not = if g.applied { "" } else { " (not sent)" };
        format!("github #{} {} ({}){not}", g.issue, g.edit, g.reason)
    }));
    out.extend(r.board.iter().map(|b| {
        let not = if b.applied { "" } else { " (not sent)" };
        format!(
            "board  #{} {}: {:?} → {:?}{not}",
            b.issue, b.field, b.before, b.after
        )
    }));
    out.extend(
        r.sync_log_written.iter().map(|id| {
            format!("log    Sync Log rows of cycle {id}'s GitHub and board edits written")
        }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::GithubChange;

    #[test]
    fn durations_read_with_their_unit_and_bad_ones_say_why() {
        assert_eq!(parse_duration("90s").unwrap(), 90);
        assert_eq!(parse_duration("30m").unwrap(), 1800);
        assert_eq!(parse_duration("7d").unwrap(), 604_800);
        assert!(
            parse_duration("7y")
                .unwrap_err()
                .to_string()
                .contains("unknown unit")
        );
        assert!(
            parse_duration("soon")
                .unwrap_err()
                .to_string()
                .contains("expected a number")
        );
    }

    #[test]
    fn an_issue_filter_keeps_only_its_changes_and_drops_records_without_any() {
        let change = |issue| GithubChange {
            issue,
            edit: "add tracked/yes".into(),
            reason: "r".into(),
            applied: true,
            change: None,
            milestone_before: None,
        };
        let r = CycleRecord {
            cycle: "c".into(),
            github: vec![change(1), change(2)],
            ..CycleRecord::default()
        };
        assert_eq!(only_issue(r.clone(), 2).unwrap().github, vec![change(2)]);
        assert!(only_issue(r, 3).is_none());
    }
}
