//! `KEPSYNC_*` environment overrides: which variables set which keys, and which are not
//! settings (the CLI's and the reliability tests' knobs).

use super::error::ConfigError;

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
    ("KEPSYNC_TABS_SYNC_LOG", Some("tabs"), "sync-log"),
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
    (
        "KEPSYNC_COLUMNS_EXCEPTION_REQUEST_TYPE",
        Some("columns"),
        "exception-request-type",
    ),
    (
        "KEPSYNC_COLUMNS_EXCEPTION_STATUS",
        Some("columns"),
        "exception-status",
    ),
    (
        "KEPSYNC_COLUMNS_EXCEPTION_REQUEST_LINK",
        Some("columns"),
        "exception-request-link",
    ),
    (
        "KEPSYNC_COLUMNS_EXCEPTION_REQUEST_DATE",
        Some("columns"),
        "exception-request-date",
    ),
    (
        "KEPSYNC_COLUMNS_EXCEPTION_REVIEW_DATE",
        Some("columns"),
        "exception-review-date",
    ),
    (
        "KEPSYNC_COLUMNS_EXCEPTION_PULL_REQUESTS",
        Some("columns"),
        "exception-pull-requests",
    ),
    ("KEPSYNC_COLUMNS_TYPE", Some("columns"), "type"),
    ("KEPSYNC_STATUS_VOCABULARY", Some("status"), "vocabulary"),
    ("KEPSYNC_STATUS_ADVANCE", Some("status"), "advance"),
    ("KEPSYNC_INTAKE_LABEL", Some("intake"), "label"),
    ("KEPSYNC_INTAKE_MILESTONE", Some("intake"), "milestone"),
];

/// Variables with the prefix that are command-line options, not config keys.
const ENV_CLI: &[&str] = &[
    "KEPSYNC_CONFIG",
    "KEPSYNC_LOG_FORMAT",
    "KEPSYNC_REPORT_PEAK_RSS",
    "KEPSYNC_OUTREACH_FREEZE",
];

pub(super) fn apply_env(
    table: &mut toml::Table,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<(), ConfigError> {
    for (name, value) in env {
        if !name.starts_with("KEPSYNC_") || ENV_CLI.contains(&name.as_str()) {
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
