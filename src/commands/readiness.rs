//! `kepsync readiness`: one plan-only cycle, then what each tracked enhancement misses for the
//! freezes in force (the same text as the Readiness cells). Writes nothing.

use super::{CommandError, CommandResult, connect};
use crate::config::Config;
use crate::cycle::Mode;
use crate::readiness::{ReportRow, Timestamp, report};

pub async fn readiness(config: Config) -> CommandResult {
    let Some(calendar) = config.calendar() else {
        return Err(CommandError::usage(anyhow::anyhow!(
            "readiness needs the release calendar: add [calendar] with prr-freeze, enhancements-freeze, code-freeze, docs-freeze to the config"
        )));
    };
    let syncer = connect(config).await.map_err(CommandError::Usage)?;
    let r = syncer
        .cycle(Mode::Plan)
        .await
        .map_err(|e| CommandError::failed(anyhow::anyhow!("cycle failed ({}): {e}", e.kind())))?;
    let rows: Vec<ReportRow<'_>> = r
        .readiness
        .iter()
        .map(|(issue, title, readiness)| ReportRow {
            issue: *issue,
            title,
            readiness,
        })
        .collect();
    print!("{}", report(&rows, &calendar, Timestamp::now()));
    Ok(())
}
