//! `kepsync check`: pre-flight of config, credentials, sheet, tabs, headers and the GitHub token,
//! one `ok`/`fail` line each (with a fix hint when it fails); exit 0 when all are ok, else 1.

mod board;
mod github;
mod sheet;

use crate::config::Config;
use crate::readiness::{Freeze, Timestamp};
use std::fmt;
use std::path::Path;
use std::time::Duration;

/// Retries are kept short: a pre-flight reports a slow service, it does not wait it out.
const PROBE_BUDGET: Duration = Duration::from_secs(10);

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What was checked (`config`, `calendar`, `credentials`, `sheet`, `tabs`, `optional tabs`,
    /// `headers`, `github token`, `github repo`).
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
    let mut lines = vec![
        Line {
            name: "config",
            outcome: config_line(config, config_path),
        },
        Line {
            name: "calendar",
            outcome: Ok(calendar_line(config, Timestamp::now())),
        },
    ];
    lines.extend(sheet::checks(config).await);
    lines.extend(github::checks(config).await);
    lines
}

/// `kepsync check`: prints each line; 0 when all are ok, 1 otherwise.
pub async fn check(config: &Config, config_path: &Path) -> super::CommandResult {
    let lines = checks(config, config_path).await;
    for line in &lines {
        println!("{line}");
    }
    let failed = lines.iter().filter(|l| !l.ok()).count();
    if failed == 0 {
        println!("all {} checks ok", lines.len());
        Ok(())
    } else {
        println!("{failed} of {} checks failed", lines.len());
        Err(super::CommandError::Reported)
    }
}

/// What the `[calendar]` turns on, and where the release stands at `now`.
fn calendar_line(config: &Config, now: Timestamp) -> String {
    let Some(cal) = config.calendar() else {
        return "none ([calendar] unset): no Readiness column, no freeze checks".into();
    };
    let dates: Vec<String> = Freeze::ALL
        .into_iter()
        .map(|f| match cal.at(f) {
            Some(t) => format!("{f} {}", t.utc_minutes()),
            None => format!("{f} not set"),
        })
        .collect();
    let stand = match cal.next_freeze(now) {
        Some(next) => {
            let days = cal.at(next).map_or(0, |t| (t.0 - now.0).max(0) / 86_400);
            format!("next: {next} in {days} day(s)")
        }
        None => "every freeze has passed: all requirements in force".into(),
    };
    format!("{}; {stand}", dates.join(", "))
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
    let period = crate::daemon::schedule::period(&config.schedule).map_err(|e| {
        Failure::new(
            e.to_string(),
            "set `schedule` to a 6-field cron pattern, seconds first, e.g. \"0 */5 * * * *\"",
        )
    })?;
    let listen = match &config.server.listen {
        Some(addr) => format!("; ops endpoint on {addr}"),
        None => "; no ops endpoint ([server] listen unset)".into(),
    };
    let sheet = match &config.spreadsheet_url {
        Some(_) => format!(
            "spreadsheet-id given as a URL; using {}",
            config.spreadsheet_id
        ),
        None => format!("spreadsheet {}", config.spreadsheet_id),
    };
    Ok(format!(
        "{} read; {sheet}, release {}, schedule {:?} (longest gap {}s){listen}",
        path.display(),
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

    fn config(extra: &str) -> Config {
        let text = format!("spreadsheet-id = \"abc\"\nrelease = \"v1.37\"\n{extra}");
        Config::from_toml(&text, Path::new("kepsync.toml"), std::iter::empty()).unwrap()
    }

    #[test]
    fn the_calendar_line_names_the_freezes_and_the_next_one() {
        assert!(calendar_line(&config(""), Timestamp(0)).starts_with("none ([calendar] unset)"));
        let c = config(
            "[calendar]\nprr-freeze = \"2026-02-05T00:00:00-08:00\"\nenhancements-freeze = \"2026-02-12T00:00:00-08:00\"\n",
        );
        let before_prr = Timestamp(1_770_278_400 - 3 * 86_400);
        assert_eq!(
            calendar_line(&c, before_prr),
            "PRR Freeze 2026-02-05 08:00 UTC, Enhancements Freeze 2026-02-12 08:00 UTC, \
             Code Freeze not set, Docs Freeze not set; next: PRR Freeze in 3 day(s)"
        );
        let after_all = Timestamp(1_770_278_400 + 30 * 86_400);
        assert!(
            calendar_line(&c, after_all)
                .ends_with("every freeze has passed: all requirements in force")
        );
    }

    #[test]
    fn the_config_line_says_a_url_was_read_as_its_id() {
        let path = Path::new("kepsync.toml");
        let plain = config_line(&config(""), path).unwrap();
        assert!(plain.contains("; spreadsheet abc, release"), "{plain}");
        let text = "spreadsheet-id = \"https://docs.google.com/spreadsheets/d/abc/edit?usp=sharing\"\nrelease = \"v1.37\"\n";
        let c = Config::from_toml(text, path, std::iter::empty()).unwrap();
        let line = config_line(&c, path).unwrap();
        assert!(
            line.contains("; spreadsheet-id given as a URL; using abc, release"),
            "{line}"
        );
    }

    #[test]
    fn a_blocked_check_points_at_the_line_above() {
        let f = Failure::blocked("credentials");
        assert!(f.detail.contains("credentials failed"), "{f:?}");
        assert!(f.hint.contains("credentials line"), "{f:?}");
    }
}
