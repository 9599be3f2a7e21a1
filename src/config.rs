//! `kepsync.toml`: the documented settings, their defaults, and `KEPSYNC_*` environment overrides.

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a configuration could not be used (exit code 2).
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("config: {0}")]
    Invalid(String),
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The tracking spreadsheet's id (from its URL).
    pub spreadsheet_id: String,
    /// The release being tracked, e.g. `v1.37`.
    pub release: String,
    /// 6-field cron (seconds first) for `kepsync run`.
    #[serde(default = "default_schedule")]
    pub schedule: String,
    /// Where caches survive restarts (GitHub blobs, ETags); none = memory only.
    #[serde(default)]
    pub state_dir: Option<PathBuf>,
    #[serde(default)]
    pub google: GoogleConfig,
    #[serde(default)]
    pub github: GithubSection,
    #[serde(default)]
    pub tabs: TabNames,
    #[serde(default)]
    pub columns: ColumnNames,
    #[serde(default)]
    pub server: ServerSection,
    /// The release calendar; without it kepsync writes no Readiness cells.
    #[serde(default)]
    pub calendar: CalendarSection,
    /// The sheet's URL when `spreadsheet-id` was given as one (`spreadsheet_id` then holds the
    /// id read from it), for `kepsync check` to say so.
    #[serde(skip)]
    pub spreadsheet_url: Option<String>,
}

fn default_schedule() -> String {
    "0 */5 * * * *".to_string()
}

/// `[google]`: how to reach the Sheets API.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GoogleConfig {
    /// Service-account key file; else `$GOOGLE_APPLICATION_CREDENTIALS`.
    #[serde(default)]
    pub credentials: Option<PathBuf>,
    /// A static bearer token (for emulators); wins over `credentials`.
    #[serde(default)]
    pub token: Option<String>,
    /// API root, default `https://sheets.googleapis.com/`.
    #[serde(default)]
    pub base_url: Option<String>,
}

impl fmt::Debug for GoogleConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoogleConfig")
            .field("credentials", &self.credentials)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// `[github]`: where enhancements live and how to authenticate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GithubSection {
    #[serde(default = "default_repo")]
    pub repo: String,
    /// The environment variable holding the token.
    #[serde(default = "default_token_env")]
    pub token_env: String,
    /// API root, default `https://api.github.com`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Write-back: set milestone and `tracked/*`, `stage/*` labels on enhancement issues from
    /// the sheet (needs a token with Issues: write). Off by default.
    #[serde(default, deserialize_with = "bool_or_text")]
    pub write: bool,
    /// Milliseconds between two write-back requests (GitHub asks for a second between writes).
    #[serde(
        default = "default_write_pause_ms",
        deserialize_with = "number_or_text"
    )]
    pub write_pause_ms: u64,
}

fn default_write_pause_ms() -> u64 {
    1000
}

/// A number written as `250` or as the text `"250"` (environment overrides are text).
fn number_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        Number(u64),
        Text(String),
    }
    match N::deserialize(d)? {
        N::Number(n) => Ok(n),
        N::Text(t) => t.trim().parse().map_err(|_| {
            serde::de::Error::custom(format!("`{t}` is not a whole number of milliseconds"))
        }),
    }
}

/// A boolean written as `true` or as the text `"true"` (environment overrides are text).
fn bool_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Text(String),
    }
    match B::deserialize(d)? {
        B::Bool(b) => Ok(b),
        B::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Ok(true),
            "false" | "0" | "no" | "" => Ok(false),
            other => Err(serde::de::Error::custom(format!(
                "write: `{other}` is not true or false"
            ))),
        },
    }
}

impl Default for GithubSection {
    fn default() -> Self {
        GithubSection {
            repo: default_repo(),
            token_env: default_token_env(),
            base_url: None,
            write: false,
            write_pause_ms: default_write_pause_ms(),
        }
    }
}

fn default_repo() -> String {
    "kubernetes/enhancements".to_string()
}

fn default_token_env() -> String {
    "GITHUB_TOKEN".to_string()
}

/// `[tabs]`: tab titles (matched ignoring case and spaces).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TabNames {
    pub collection: String,
    pub enhancements: String,
    pub removed: String,
    pub docs: String,
    /// Optional, off unless named: the cross-release `data` tab (skipped when the sheet lacks it).
    pub data: Option<String>,
    /// Optional, off unless named: the generated Dashboard (skipped when the sheet lacks it).
    pub dashboard: Option<String>,
    /// Optional, off unless named: the generated Feature stats (skipped when the sheet lacks it).
    pub feature_stats: Option<String>,
}

impl TabNames {
    /// The optional tabs that are named, e.g. `["data", "Dashboard"]`.
    pub fn optional(&self) -> Vec<&str> {
        self.optional_named().into_iter().map(|(_, n)| n).collect()
    }

    /// The named optional tabs with their `[tabs]` keys, e.g. `[("dashboard", "Dashboard")]`.
    pub fn optional_named(&self) -> Vec<(&'static str, &str)> {
        [
            ("data", &self.data),
            ("dashboard", &self.dashboard),
            ("feature-stats", &self.feature_stats),
        ]
        .into_iter()
        .filter_map(|(key, name)| Some((key, optional_name(name)?)))
        .collect()
    }
}

/// An optional tab's configured name; `None` when unset or blank (the tab is off).
pub fn optional_name(name: &Option<String>) -> Option<&str> {
    name.as_deref().filter(|n| !n.trim().is_empty())
}

impl Default for TabNames {
    fn default() -> Self {
        TabNames {
            collection: "KEP Collection".into(),
            enhancements: "Enhancements".into(),
            removed: "Removed from Milestone".into(),
            docs: "Docs".into(),
            data: None,
            dashboard: None,
            feature_stats: None,
        }
    }
}

/// `[columns]`: header names (matched ignoring case and spaces).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ColumnNames {
    pub issue: String,
    pub name: String,
    pub sig: String,
    pub kep_assignee: String,
    pub proposal: String,
    pub kep_state: String,
    pub stage: String,
    pub status: String,
    pub sync_status: String,
    /// The kepsync-owned freeze readiness cell on Enhancements (added when missing).
    pub readiness: String,
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            issue: "Issue".into(),
            name: "Name".into(),
            sig: "SIG".into(),
            kep_assignee: "KEP Assignee".into(),
            proposal: "Proposal".into(),
            kep_state: "KEP State".into(),
            stage: "Stage".into(),
            status: "Status".into(),
            sync_status: "Sync Status".into(),
            readiness: "Readiness".into(),
        }
    }
}

/// `[server]`: the metrics and health endpoint of `kepsync run`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServerSection {
    /// `HOST:PORT`; none = no endpoint.
    #[serde(default)]
    pub listen: Option<String>,
}

/// `[calendar]`: the release's freezes as RFC 3339 date-times with a zone
/// (`2026-02-12T00:00:00-08:00`). Named `[calendar]` because `release = "v1.37"` already
/// takes the `release` key at the top level.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CalendarSection {
    #[serde(default)]
    pub prr_freeze: Option<String>,
    #[serde(default)]
    pub enhancements_freeze: Option<String>,
    #[serde(default)]
    pub code_freeze: Option<String>,
    #[serde(default)]
    pub docs_freeze: Option<String>,
}

impl CalendarSection {
    /// True when no freeze is dated (readiness is then not evaluated).
    pub fn is_empty(&self) -> bool {
        self.fields().iter().all(|(_, v)| v.is_none())
    }

    fn fields(&self) -> [(&'static str, &Option<String>); 4] {
        [
            ("calendar.prr-freeze", &self.prr_freeze),
            ("calendar.enhancements-freeze", &self.enhancements_freeze),
            ("calendar.code-freeze", &self.code_freeze),
            ("calendar.docs-freeze", &self.docs_freeze),
        ]
    }

    /// The parsed calendar; the error names the key and the value.
    pub fn parse(&self) -> Result<crate::readiness::Calendar, crate::readiness::DateError> {
        let mut at = [None; 4];
        for (slot, (field, value)) in at.iter_mut().zip(self.fields()) {
            if let Some(v) = value {
                *slot = Some(crate::readiness::parse_rfc3339(field, v)?);
            }
        }
        Ok(crate::readiness::Calendar {
            prr_freeze: at[0],
            enhancements_freeze: at[1],
            code_freeze: at[2],
            docs_freeze: at[3],
        })
    }
}

/// Every key an environment variable may override: (variable, section, key).
const ENV_KEYS: &[(&str, Option<&str>, &str)] = &[
    ("KEPSYNC_SPREADSHEET_ID", None, "spreadsheet-id"),
    ("KEPSYNC_RELEASE", None, "release"),
    ("KEPSYNC_SCHEDULE", None, "schedule"),
    ("KEPSYNC_STATE_DIR", None, "state-dir"),
    ("KEPSYNC_GOOGLE_CREDENTIALS", Some("google"), "credentials"),
    ("KEPSYNC_GOOGLE_TOKEN", Some("google"), "token"),
    ("KEPSYNC_GOOGLE_BASE_URL", Some("google"), "base-url"),
    ("KEPSYNC_GITHUB_REPO", Some("github"), "repo"),
    ("KEPSYNC_GITHUB_TOKEN_ENV", Some("github"), "token-env"),
    ("KEPSYNC_GITHUB_BASE_URL", Some("github"), "base-url"),
    ("KEPSYNC_GITHUB_WRITE", Some("github"), "write"),
    (
        "KEPSYNC_GITHUB_WRITE_PAUSE_MS",
        Some("github"),
        "write-pause-ms",
    ),
    ("KEPSYNC_TABS_COLLECTION", Some("tabs"), "collection"),
    ("KEPSYNC_TABS_ENHANCEMENTS", Some("tabs"), "enhancements"),
    ("KEPSYNC_TABS_REMOVED", Some("tabs"), "removed"),
    ("KEPSYNC_TABS_DOCS", Some("tabs"), "docs"),
    ("KEPSYNC_COLUMNS_ISSUE", Some("columns"), "issue"),
    ("KEPSYNC_COLUMNS_NAME", Some("columns"), "name"),
    ("KEPSYNC_COLUMNS_SIG", Some("columns"), "sig"),
    (
        "KEPSYNC_COLUMNS_KEP_ASSIGNEE",
        Some("columns"),
        "kep-assignee",
    ),
    ("KEPSYNC_COLUMNS_PROPOSAL", Some("columns"), "proposal"),
    ("KEPSYNC_COLUMNS_KEP_STATE", Some("columns"), "kep-state"),
    ("KEPSYNC_COLUMNS_STAGE", Some("columns"), "stage"),
    ("KEPSYNC_COLUMNS_STATUS", Some("columns"), "status"),
    (
        "KEPSYNC_COLUMNS_SYNC_STATUS",
        Some("columns"),
        "sync-status",
    ),
    ("KEPSYNC_SERVER_LISTEN", Some("server"), "listen"),
    (
        "KEPSYNC_CALENDAR_PRR_FREEZE",
        Some("calendar"),
        "prr-freeze",
    ),
    (
        "KEPSYNC_CALENDAR_ENHANCEMENTS_FREEZE",
        Some("calendar"),
        "enhancements-freeze",
    ),
    (
        "KEPSYNC_CALENDAR_CODE_FREEZE",
        Some("calendar"),
        "code-freeze",
    ),
    (
        "KEPSYNC_CALENDAR_DOCS_FREEZE",
        Some("calendar"),
        "docs-freeze",
    ),
    ("KEPSYNC_TABS_DATA", Some("tabs"), "data"),
    ("KEPSYNC_TABS_DASHBOARD", Some("tabs"), "dashboard"),
    ("KEPSYNC_TABS_FEATURE_STATS", Some("tabs"), "feature-stats"),
    ("KEPSYNC_COLUMNS_READINESS", Some("columns"), "readiness"),
];

/// Variables with the prefix that are command-line options, not config keys.
const ENV_CLI: &[&str] = &[
    "KEPSYNC_CONFIG",
    "KEPSYNC_LOG_FORMAT",
    "KEPSYNC_REPORT_PEAK_RSS",
    "KEPSYNC_OUTREACH_FREEZE",
];

/// Knobs of the reliability tests (sizes and seeds; see RELIABILITY.md). CI exports them, and
/// every kepsync a test starts inherits them, so they must not read as unknown settings.
const ENV_TESTS: &[&str] = &[
    "KEPSYNC_RACE_CYCLES",
    "KEPSYNC_RACE_SEED",
    "KEPSYNC_CRASH_RUNS",
    "KEPSYNC_CRASH_SEED",
    "KEPSYNC_FUZZ_CASES",
    "KEPSYNC_HOSTILE_ROWS",
    "KEPSYNC_LOAD_ROWS",
    "KEPSYNC_WRITERS_TRIES",
    "KEPSYNC_WRITERS_PROCESS_TRIES",
];

impl Config {
    /// Reads `path`, applies `KEPSYNC_*` variables from the process environment, validates.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_toml(&text, path, std::env::vars())
    }

    /// Parses `text` (read from `path`, named in errors) with `env` overrides applied.
    pub fn from_toml(
        text: &str,
        path: &Path,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Config, ConfigError> {
        let parse_err = |message: String| ConfigError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let mut table: toml::Table = toml::from_str(text).map_err(|e| parse_err(e.to_string()))?;
        apply_env(&mut table, env)?;
        let mut config: Config = table
            .try_into()
            .map_err(|e: toml::de::Error| parse_err(e.to_string()))?;
        config.normalize()?;
        config.validate()?;
        Ok(config)
    }

    /// Reads what people paste into the form every command needs, once: the sheet's URL as its
    /// id, and a blank `[google] credentials` or `token` (an empty environment override) as unset.
    fn normalize(&mut self) -> Result<(), ConfigError> {
        if self.spreadsheet_id.trim().is_empty() {
            return Err(ConfigError::Invalid("spreadsheet-id is empty".into()));
        }
        match crate::sheets::parse_spreadsheet_ref(&self.spreadsheet_id)
            .map_err(ConfigError::Invalid)?
        {
            crate::sheets::SpreadsheetRef::Id(id) => self.spreadsheet_id = id,
            crate::sheets::SpreadsheetRef::Url { id, url } => {
                self.spreadsheet_id = id;
                self.spreadsheet_url = Some(url);
            }
        }
        if self
            .google
            .credentials
            .as_ref()
            .is_some_and(|p| p.as_os_str().to_string_lossy().trim().is_empty())
        {
            self.google.credentials = None;
        }
        if self
            .google
            .token
            .as_ref()
            .is_some_and(|t| t.trim().is_empty())
        {
            self.google.token = None;
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if crate::sync::normalize_release(&self.release).is_none() {
            return Err(ConfigError::Invalid(format!(
                "release {:?} is not a release like v1.37",
                self.release
            )));
        }
        if let Err(e) = self.calendar.parse() {
            return Err(ConfigError::Invalid(e.to_string()));
        }
        let fields = self.schedule.split_whitespace().count();
        if !self.schedule.starts_with('@') && fields != 6 {
            return Err(ConfigError::Invalid(format!(
                "schedule {:?} has {fields} fields; kepsync uses 6-field cron with seconds first, e.g. \"0 */5 * * * *\"",
                self.schedule
            )));
        }
        Ok(())
    }

    /// The release calendar, or `None` when `[calendar]` dates no freeze.
    pub fn calendar(&self) -> Option<crate::readiness::Calendar> {
        if self.calendar.is_empty() {
            return None;
        }
        self.calendar.parse().ok()
    }

    /// The release as `v1.37`.
    pub fn release(&self) -> String {
        crate::sync::normalize_release(&self.release).unwrap_or_else(|| self.release.clone())
    }
}

fn apply_env(
    table: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    for (name, value) in env {
        if !name.starts_with("KEPSYNC_")
            || ENV_CLI.contains(&name.as_str())
            || ENV_TESTS.contains(&name.as_str())
        {
            continue;
        }
        let Some((_, section, key)) = ENV_KEYS.iter().find(|(n, _, _)| *n == name) else {
            let known: Vec<&str> = ENV_KEYS.iter().map(|(n, _, _)| *n).collect();
            return Err(ConfigError::Env {
                name,
                message: format!("not a kepsync setting; known: {}", known.join(", ")),
            });
        };
        let target = match section {
            None => &mut *table,
            Some(s) => {
                let entry = table
                    .entry(s.to_string())
                    .or_insert_with(|| toml::Table::new().into());
                entry.as_table_mut().ok_or_else(|| ConfigError::Env {
                    name: name.clone(),
                    message: format!("[{s}] in the config file is not a table"),
                })?
            }
        };
        target.insert(key.to_string(), toml::Value::String(value));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Config::from_toml(text, Path::new("kepsync.toml"), env)
    }

    const MINIMAL: &str = "spreadsheet-id = \"abc\"\nrelease = \"v1.37\"\n";

    #[test]
    fn defaults_fill_everything_but_the_sheet_and_release() {
        let c = parse(MINIMAL, &[]).unwrap();
        assert_eq!(c.schedule, "0 */5 * * * *");
        assert_eq!(c.tabs.removed, "Removed from Milestone");
        assert_eq!(c.columns.kep_assignee, "KEP Assignee");
        assert_eq!(c.github.repo, "kubernetes/enhancements");
        assert_eq!(c.github.token_env, "GITHUB_TOKEN");
    }

    #[test]
    fn shipped_example_parses() {
        let text = include_str!("../config/kepsync.toml");
        let c = parse(text, &[]).unwrap();
        assert_eq!(c.release(), "v1.37");
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_name() {
        let err = parse(&format!("{MINIMAL}spreadsheet = 1\n"), &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `spreadsheet`"), "{err}");
        let err = parse(&format!("{MINIMAL}[tabs]\nremoved-tab = \"x\"\n"), &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("removed-tab"), "{err}");
    }

    #[test]
    fn env_overrides_every_level() {
        let c = parse(
            MINIMAL,
            &[
                ("KEPSYNC_RELEASE", "1.38"),
                ("KEPSYNC_GOOGLE_BASE_URL", "http://127.0.0.1:1/"),
                ("KEPSYNC_TABS_DOCS", "Docs 1.38"),
                ("KEPSYNC_CONFIG", "ignored.toml"),
                ("PATH", "/bin"),
            ],
        )
        .unwrap();
        assert_eq!(c.release(), "v1.38");
        assert_eq!(c.google.base_url.as_deref(), Some("http://127.0.0.1:1/"));
        assert_eq!(c.tabs.docs, "Docs 1.38");
    }

    #[test]
    fn unknown_env_override_is_rejected() {
        let err = parse(MINIMAL, &[("KEPSYNC_SPREADSHEET", "x")])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("KEPSYNC_SPREADSHEET: not a kepsync setting"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_name_the_key() {
        let err = parse("spreadsheet-id = \"a\"\nrelease = \"next\"\n", &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("release \"next\""), "{err}");
        let err = parse(&format!("{MINIMAL}schedule = \"*/5 * * * *\"\n"), &[])
            .unwrap_err()
            .to_string();
        assert!(err.contains("has 5 fields"), "{err}");
    }

    #[test]
    fn calendar_is_optional_parsed_and_named_in_errors() {
        let c = parse(MINIMAL, &[]).unwrap();
        assert!(c.calendar().is_none());
        let c = parse(
            &format!("{MINIMAL}[calendar]\nprr-freeze = \"2026-02-05T00:00:00-08:00\"\n"),
            &[("KEPSYNC_CALENDAR_CODE_FREEZE", "2026-03-19T00:00:00Z")],
        )
        .unwrap();
        let cal = c.calendar().expect("calendar");
        assert_eq!(
            cal.prr_freeze,
            Some(crate::readiness::Timestamp(1_770_278_400))
        );
        assert_eq!(
            cal.code_freeze,
            Some(crate::readiness::Timestamp(1_773_878_400))
        );
        assert_eq!(cal.enhancements_freeze, None);
        let err = parse(
            &format!("{MINIMAL}[calendar]\nenhancements-freeze = \"2026-02-12\"\n"),
            &[],
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("calendar.enhancements-freeze: \"2026-02-12\""),
            "{err}"
        );
    }

    #[test]
    fn github_write_is_off_by_default_and_env_can_turn_it_on() {
        assert!(!parse(MINIMAL, &[]).unwrap().github.write);
        let c = parse(&format!("{MINIMAL}[github]\nwrite = true\n"), &[]).unwrap();
        assert!(c.github.write);
        let c = parse(
            MINIMAL,
            &[
                ("KEPSYNC_GITHUB_WRITE", "true"),
                ("KEPSYNC_GITHUB_WRITE_PAUSE_MS", "0"),
            ],
        )
        .unwrap();
        assert!(c.github.write);
        assert_eq!(c.github.write_pause_ms, 0);
        assert_eq!(parse(MINIMAL, &[]).unwrap().github.write_pause_ms, 1000);
        let err = parse(MINIMAL, &[("KEPSYNC_GITHUB_WRITE", "maybe")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("maybe"), "{err}");
    }

    #[test]
    fn a_spreadsheet_url_is_read_as_its_id_once_for_every_command() {
        let id = "1Sle_EDNRq8PsQGzmskqQWIGnUT4epR-d9A";
        let url = format!("https://docs.google.com/spreadsheets/d/{id}/edit#gid=0");
        let c = parse(
            &format!("spreadsheet-id = \"{url}\"\nrelease = \"v1.37\"\n"),
            &[],
        )
        .unwrap();
        assert_eq!(c.spreadsheet_id, id);
        assert_eq!(c.spreadsheet_url.as_deref(), Some(url.as_str()));
        let c = parse(MINIMAL, &[("KEPSYNC_SPREADSHEET_ID", &url)]).unwrap();
        assert_eq!(c.spreadsheet_id, id);
        let c = parse(MINIMAL, &[]).unwrap();
        assert_eq!(
            (c.spreadsheet_id.as_str(), c.spreadsheet_url),
            ("abc", None)
        );
        let err = parse(
            MINIMAL,
            &[(
                "KEPSYNC_SPREADSHEET_ID",
                "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pubhtml",
            )],
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("published-to-the-web"), "{err}");
    }

    #[test]
    fn blank_google_credentials_and_token_overrides_are_unset() {
        let c = parse(
            MINIMAL,
            &[
                ("KEPSYNC_GOOGLE_CREDENTIALS", ""),
                ("KEPSYNC_GOOGLE_TOKEN", "  "),
            ],
        )
        .unwrap();
        assert_eq!(c.google.credentials, None);
        assert_eq!(c.google.token, None);
    }

    #[test]
    fn debug_redacts_the_token() {
        let c = parse(
            &format!("{MINIMAL}[google]\ntoken = \"ya29.secret\"\n"),
            &[],
        )
        .unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("ya29.secret"), "{dbg}");
        assert!(dbg.contains("[redacted]"));
    }
}
