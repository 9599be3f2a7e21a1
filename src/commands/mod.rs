//! The commands behind `kepsync plan | sync | run | check | demo`: wiring config to adapters and printing.

pub mod check;
pub mod demo;
pub mod init;
pub mod outreach;
pub mod readiness;
pub mod run;
mod run_cycle;
mod run_loop;
pub mod schedule;
pub mod tools;

use crate::config::Config;
use crate::cycle::{CycleReport, Mode, Syncer};
use crate::github::{GithubAdapter, GithubConfig, Token};
use crate::sheets::{SheetsAdapter, SheetsConfig};
use anyhow::Context;
use std::io::Write;
use std::process::ExitCode;

/// Exit code of a failed cycle.
pub const EXIT_CYCLE_FAILED: u8 = 1;
/// Exit code of a bad configuration or command line.
pub const EXIT_BAD_CONFIG: u8 = 2;

/// Builds both adapters from the configuration (reading the GitHub token from its env var).
pub async fn connect(config: Config) -> anyhow::Result<Syncer> {
    let token = std::env::var(&config.github.token_env)
        .ok()
        .filter(|t| !t.trim().is_empty());
    if token.is_none() {
        tracing::warn!(env = %config.github.token_env, "no GitHub token: anonymous requests get 60 calls an hour");
    }
    connect_with_token(config, token).await
}

/// Builds both adapters with an explicit GitHub token.
pub async fn connect_with_token(
    config: Config,
    github_token: Option<String>,
) -> anyhow::Result<Syncer> {
    let sheets = SheetsAdapter::connect(SheetsConfig {
        spreadsheet_id: config.spreadsheet_id.clone(),
        base_url: config.google.base_url.clone(),
        credentials: config.google.credentials.clone(),
        token: config.google.token.clone(),
        ..SheetsConfig::default()
    })
    .await
    .context("setting up the Google Sheets client")?;
    let mut github = GithubConfig::new(config.github.repo.clone());
    github.base_url = config.github.base_url.clone();
    github.token = github_token.map(Token::new);
    github.state_dir = config.state_dir.clone().map(|d| d.join("github"));
    github.write_pause = std::time::Duration::from_millis(config.github.write_pause_ms);
    let github = GithubAdapter::new(github).context("setting up the GitHub client")?;
    Ok(Syncer::new(config, sheets, github))
}

/// `kepsync plan` / `kepsync sync`: one cycle, printed.
pub async fn once(config: Config, mode: Mode) -> ExitCode {
    let syncer = match connect(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::from(EXIT_BAD_CONFIG);
        }
    };
    match syncer.cycle(mode).await {
        Ok(report) => {
            print_report(&report, mode);
            match report.written.as_ref().and_then(|w| w.error.as_ref()) {
                Some(e) => {
                    eprintln!("error: GitHub write-back: {e}");
                    ExitCode::from(EXIT_CYCLE_FAILED)
                }
                None => ExitCode::SUCCESS,
            }
        }
        Err(e) => {
            eprintln!("error: cycle failed ({}): {e}", e.kind());
            ExitCode::from(EXIT_CYCLE_FAILED)
        }
    }
}

/// Prints the GitHub write-back changes first, then the sheet plan, then the one-line summary.
/// Buffered: a cold cycle's plan is a line per cell (16,590 at 2,000 rows), and one `write` per
/// line made the cycle wait on whoever reads the pipe. A closed pipe is not an error.
pub fn print_report(report: &CycleReport, mode: Mode) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = write_report(&mut out, report, mode).and_then(|()| out.flush());
}

fn write_report(out: &mut impl Write, report: &CycleReport, mode: Mode) -> std::io::Result<()> {
    write!(out, "{}", report.writeback)?;
    write!(out, "{}", report.plan)?;
    if mode == Mode::Plan && !report.plan.is_empty() {
        writeln!(
            out,
            "(plan only: nothing was written; `kepsync sync` applies it)"
        )?;
    }
    writeln!(out, "{}", report.summary())
}
