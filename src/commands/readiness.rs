//! `kepsync readiness`: one plan-only cycle, then what each tracked enhancement misses for the
//! freezes in force (the same text as the Readiness cells). Writes nothing.

use super::{EXIT_BAD_CONFIG, EXIT_CYCLE_FAILED, connect};
use crate::config::Config;
use crate::cycle::Mode;
use crate::readiness::{ReportRow, Timestamp, report};
use std::process::ExitCode;

pub async fn readiness(config: Config) -> ExitCode {
    let Some(calendar) = config.calendar() else {
        eprintln!(
            "error: readiness needs the release calendar: add [calendar] with prr-freeze, enhancements-freeze, code-freeze, docs-freeze to the config"
        );
        return ExitCode::from(EXIT_BAD_CONFIG);
    };
    let syncer = match connect(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(EXIT_BAD_CONFIG);
        }
    };
    match syncer.cycle(Mode::Plan).await {
        Ok(r) => {
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
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cycle failed ({}): {e}", e.kind());
            ExitCode::from(EXIT_CYCLE_FAILED)
        }
    }
}
