//! `kepsync check`: pre-flight of config, credentials, sheet, tabs, headers and the GitHub token,
//! one `ok`/`fail` line each (with a fix hint when it fails); exit 0 when all are ok, else 1.

mod github;
mod sheet;

use super::schedule;
use crate::config::Config;
use std::fmt;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// Retries are kept short: a pre-flight reports a slow service, it does not wait it out.
const PROBE_BUDGET: Duration = Duration::from_secs(10);

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What was checked (`config`, `credentials`, `sheet`, `tabs`, `headers`, `github token`, `github repo`).
    pub name: &'static str,
    pub outcome: Outcome,
}

/// `Ok(what was found)` or why not and how to fix it.
pub type Outcome = Result<String, Failure>;

/// A failed check: what is wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub detail: String,
    pub hint: String,
}

impl Failure {
    pub fn new(detail: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure {
            detail: detail.into(),
            hint: hint.into(),
        }
    }

    /// A check that could not run because `what` failed above.
    pub fn blocked(what: &str) -> Failure {
        Failure::new(
            format!("not checked: {what} failed"),
            format!("fix the {what} line first"),
        )
    }
}

impl Line {
    pub fn ok(&self) -> bool {
        self.outcome.is_ok()
    }
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.outcome {
            Ok(found) => write!(f, "ok   {}: {found}", self.name),
            Err(e) => {
                // A multi-line detail (a TOML error's excerpt) stays under its line.
                let detail = e.detail.trim_end().replace('\n', "\n     ");
                write!(f, "fail {}: {detail}\n     fix: {}", self.name, e.hint)
            }
        }
    }
}

/// Runs every check against the services `config` names.
pub async fn checks(config: &Config, config_path: &Path) -> Vec<Line> {
    let mut lines = vec![Line {
        name: "config",
        outcome: config_line(config, config_path),
    }];
    lines.extend(sheet::checks(config).await);
    lines.extend(github::checks(config).await);
    lines
}

/// `kepsync check`: prints each line; 0 when all are ok, 1 otherwise.
pub async fn check(config: &Config, config_path: &Path) -> ExitCode {
    let lines = checks(config, config_path).await;
    for line in &lines {
        println!("{line}");
    }
    let failed = lines.iter().filter(|l| !l.ok()).count();
    if failed == 0 {
        println!("all {} checks ok", lines.len());
        ExitCode::SUCCESS
    } else {
        println!("{failed} of {} checks failed", lines.len());
        ExitCode::from(super::EXIT_CYCLE_FAILED)
    }
}

/// The line printed for a config file that cannot be used (the command then exits 2).
pub fn bad_config_line(error: &dyn fmt::Display) -> Line {
    Line {
        name: "config",
        outcome: Err(Failure::new(
            error.to_string(),
            "correct the named key or file (see config/kepsync.toml and the README's configuration reference)",
        )),
    }
}

fn config_line(config: &Config, path: &Path) -> Outcome {
    let period = schedule::period(&config.schedule).map_err(|e| {
        Failure::new(
            e.to_string(),
            "set `schedule` to a 6-field cron pattern, seconds first, e.g. \"0 */5 * * * *\"",
        )
    })?;
    let listen = match &config.server.listen {
        Some(addr) => format!("; ops endpoint on {addr}"),
        None => "; no ops endpoint ([server] listen unset)".into(),
    };
    Ok(format!(
        "{} read; spreadsheet {}, release {}, schedule {:?} (longest gap {}s){listen}",
        path.display(),
        config.spreadsheet_id,
        config.release,
        config.schedule,
        period.as_secs()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_ok_or_fail_with_a_hint() {
        let ok = Line {
            name: "tabs",
            outcome: Ok("all four found".into()),
        };
        assert_eq!(ok.to_string(), "ok   tabs: all four found");
        let fail = Line {
            name: "sheet",
            outcome: Err(Failure::new("not found", "check spreadsheet-id")),
        };
        assert_eq!(
            fail.to_string(),
            "fail sheet: not found\n     fix: check spreadsheet-id"
        );
        assert!(ok.ok() && !fail.ok());
        let multi = Line {
            name: "config",
            outcome: Err(Failure::new("line 3\n  | x = 1\n", "fix it")),
        };
        assert_eq!(
            multi.to_string(),
            "fail config: line 3\n       | x = 1\n     fix: fix it"
        );
    }

    #[test]
    fn a_blocked_check_points_at_the_line_above() {
        let f = Failure::blocked("credentials");
        assert!(f.detail.contains("credentials failed"), "{f:?}");
        assert!(f.hint.contains("credentials line"), "{f:?}");
    }
}
