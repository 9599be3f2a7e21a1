//! The commands behind `kepsync plan | sync | run | check | demo`: wiring config to adapters and printing.

pub mod check;
pub mod demo;
pub mod exceptions;
pub mod init;
pub mod log;
pub mod outcome;
pub mod outreach;
pub mod readiness;
pub mod run;
pub mod tools;
pub mod undo;

use crate::config::Config;
use crate::cycle::{CycleReport, Mode, Syncer};
use crate::github::{GithubAdapter, GithubConfig, Token};
use crate::sheets::{SheetsAdapter, SheetsConfig};
use anyhow::Context;
use std::io::Write;

pub use outcome::{CommandError, CommandResult, EXIT_BAD_CONFIG, EXIT_CYCLE_FAILED, exit};

/// Builds both adapters from the configuration (reading the GitHub token from its env var;
/// without one the command cannot start).
pub async fn connect(config: Config) -> anyhow::Result<Syncer> {
    let token = github_token(&config)?;
    connect_with_token(config, Some(token.expose().to_string())).await
}

/// The GitHub token every command that reads GitHub needs (`plan`, `sync`, `run`, `readiness`),
/// from the variable `[github] token-env` names. Unset, empty or blank is an error naming the
/// fix: GitHub's GraphQL API refuses unauthenticated calls, so a cycle would only fail later.
pub fn github_token(config: &Config) -> anyhow::Result<Token> {
    let var = &config.github.token_env;
    Token::from_env(var).ok_or_else(|| {
        anyhow::anyhow!(
            "{}; {}",
            missing_token(var),
            token_fix(var, config.github.write)
        )
    })
}

/// What is wrong when the token variable `var` is unset or blank.
pub fn missing_token(var: &str) -> String {
    format!("{var} is not set: GitHub's GraphQL API refuses unauthenticated calls")
}

/// How to get a token into `var` (`write`: `[github] write` needs Issues: write as well).
pub fn token_fix(var: &str, write: bool) -> String {
    let access = if write {
        "a fine-grained token with Issues: write on the repository ([github] write is on)"
    } else {
        "a fine-grained token with read-only access to public repositories, or a classic token with no scopes"
    };
    format!(
        "create {access} (GitHub: Settings → Developer settings → Personal access tokens) and export {var}=<token>"
    )
}

/// The Sheets adapter's settings for `spreadsheet_id` (the configured one, or another such as
/// `init --from`): the configured API root and credentials, the default retry policy.
pub fn sheets_config(config: &Config, spreadsheet_id: &str) -> SheetsConfig {
    SheetsConfig {
        spreadsheet_id: spreadsheet_id.to_string(),
        base_url: config.google.base_url.clone(),
        credentials: config.google.credentials.clone(),
        token: config.google.token.clone(),
        ..SheetsConfig::default()
    }
}

/// The Sheets settings of a cycle. In board-only mode no Sheets call is made: the adapter gets
/// a placeholder sheet and token, so no Google credentials are needed.
fn sheets_settings(config: &Config) -> SheetsConfig {
    if config.board_only() {
        return SheetsConfig {
            token: Some("board-only: no sheet".into()),
            ..sheets_config(config, "board-only")
        };
    }
    sheets_config(config, &config.spreadsheet_id)
}

/// Builds both adapters with an explicit GitHub token.
pub async fn connect_with_token(
    config: Config,
    github_token: Option<String>,
) -> anyhow::Result<Syncer> {
    let mut sheets = SheetsAdapter::connect(sheets_settings(&config))
        .await
        .context("setting up the Google Sheets client")?;
    // The Sync Log only grows: a cycle reads its header row and grid size, not its rows.
    sheets.read_header_only(config.tabs.sync_log.iter().cloned().collect());
    let github = github_adapter(&config, github_token)?;
    Ok(Syncer::new(config, sheets, github))
}

/// The GitHub adapter of the configuration, with an explicit token.
pub fn github_adapter(config: &Config, token: Option<String>) -> anyhow::Result<GithubAdapter> {
    let mut github = GithubConfig::new(config.github.repo.clone());
    github.base_url = config.github.base_url.clone();
    github.token = token.map(Token::new);
    github.state_dir = config.state_dir.clone().map(|d| d.join("github"));
    github.write_pause = std::time::Duration::from_millis(config.github.write_pause_ms);
    github.intake_label = config.intake.label().map(String::from);
    GithubAdapter::new(github).context("setting up the GitHub client")
}

/// `kepsync plan` / `kepsync sync`: one cycle, printed.
pub async fn once(config: Config, mode: Mode) -> CommandResult {
    let syncer = connect(config).await.map_err(CommandError::Usage)?;
    let report = syncer
        .cycle(mode)
        .await
        .map_err(|e| CommandError::failed(anyhow::anyhow!("cycle failed ({}): {e}", e.kind())))?;
    print_report(&report, mode);
    if let Some(e) = report.written.as_ref().and_then(|w| w.error.as_ref()) {
        return Err(CommandError::failed(anyhow::anyhow!(
            "GitHub write-back: {e}"
        )));
    }
    let board_error = report.board_written.as_ref().and_then(|w| w.error.as_ref());
    match board_error.or(report.board_error.as_ref()) {
        Some(e) => Err(CommandError::failed(anyhow::anyhow!("board: {e}"))),
        None => Ok(()),
    }
}

/// Prints the GitHub write-back changes first, then the sheet plan, the board plan, then the
/// one-line summary.
/// Buffered: a cold cycle's plan is a line per cell (16,590 at 2,000 rows), and one `write` per
/// line made the cycle wait on whoever reads the pipe. A closed pipe is not an error.
pub fn print_report(report: &CycleReport, mode: Mode) {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let _ = write_report(&mut out, report, mode).and_then(|()| out.flush());
}

fn write_report(out: &mut impl Write, report: &CycleReport, mode: Mode) -> std::io::Result<()> {
    write!(out, "{}", report.writeback)?;
    write!(out, "{}", report.plan)?;
    if let Some(board) = &report.board {
        write!(out, "{board}")?;
    }
    if let Some(e) = &report.board_error {
        writeln!(out, "board: {e}")?;
    }
    if mode == Mode::Plan && !report.plan.is_empty() {
        writeln!(
            out,
            "(plan only: nothing was written; `kepsync sync` applies it)"
        )?;
    }
    writeln!(out, "{}", report.summary())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(extra: &str) -> Config {
        let text = format!("spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n{extra}");
        Config::from_toml(&text, Path::new("kepsync.toml"), std::iter::empty()).unwrap()
    }

    fn report(attempts: u32, github: crate::github::CallStats) -> CycleReport {
        CycleReport {
            plan: Default::default(),
            applied: true,
            attempts,
            duration: std::time::Duration::from_millis(7),
            sheets_reads: 1,
            sheets_writes: 0,
            github,
            rows_by_status: Vec::new(),
            writeback: Default::default(),
            written: None,
            readiness: Vec::new(),
            board: None,
            board_written: None,
            board_error: None,
            board_items: None,
        }
    }

    fn printed(report: &CycleReport) -> String {
        let mut out = Vec::new();
        write_report(&mut out, report, Mode::Apply).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_healthy_cycle_counts_calls_against_the_rate_limit_and_is_not_called_rate_limited() {
        let healthy = crate::github::CallStats {
            requests: 6,
            counted: 6,
            ..Default::default()
        };
        assert_eq!(
            printed(&report(1, healthy)).lines().last(),
            Some(
                "applied 0 change(s) in 1 attempt; sheets 1 read(s) 0 write(s); github 6 call(s) (0 not modified, 6 counted against the rate limit); 7 ms"
            )
        );
        let throttled = crate::github::CallStats {
            requests: 7,
            counted: 7,
            throttled: 1,
            retries: 1,
            ..Default::default()
        };
        let text = printed(&report(3, throttled));
        assert!(
            text.contains(" in 3 attempts; ")
                && text
                    .contains("(0 not modified, 7 counted against the rate limit, 1 rate-limited)"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_or_blank_github_token_is_refused_with_the_fix() {
        let unset = "KEPSYNC_UNIT_TEST_UNSET_TOKEN_VAR";
        let c = config(&format!("[github]\ntoken-env = \"{unset}\"\n"));
        let err = github_token(&c).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "{unset} is not set: GitHub's GraphQL API refuses unauthenticated calls; create "
            )),
            "{err}"
        );
        assert!(err.contains(&format!("export {unset}=<token>")), "{err}");
        assert!(err.contains("read-only access"), "{err}");
        let c = config(&format!(
            "[github]\ntoken-env = \"{unset}\"\nwrite = true\n"
        ));
        assert!(
            github_token(&c)
                .unwrap_err()
                .to_string()
                .contains("Issues: write"),
            "write-back asks for write access"
        );
    }
}
