//! The sections of `kepsync.toml` and their defaults: [google], [github], [tabs], [columns],
//! [server], [calendar].

use crate::model::calendar::{Calendar, DateError, parse_date_time};
use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

pub(super) fn default_schedule() -> String {
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
pub(super) fn bool_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
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
                "`{other}` is not true or false"
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
    /// Optional, off unless named: the kepsync-owned Sync Log (one row per change applied; read
    /// as its header row only, so it is not among [`TabNames::optional`]).
    pub sync_log: Option<String>,
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
            sync_log: None,
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
    /// The Type column (the sheet's "Stage Status", the board's Type): kepsync suggests a Type
    /// from the KEP where the cell is blank. `Stage Status` by default; off when the tab has no
    /// such column or the name is blank.
    #[serde(rename = "type")]
    pub kep_type: Option<String>,
    /// The optional Exception columns people fill on Enhancements / Removed (read only).
    pub exception_request_type: String,
    pub exception_status: String,
    pub exception_request_link: String,
    pub exception_request_date: String,
    /// When the exception was decided (the exceptions file's `date_reviewed`).
    pub exception_review_date: String,
    /// The pull requests the exception covers (links separated by spaces or commas).
    pub exception_pull_requests: String,
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
            kep_type: Some("Stage Status".into()),
            exception_request_type: "Exception Request Type".into(),
            exception_status: "Exception Status".into(),
            exception_request_link: "Exception Request Link".into(),
            exception_request_date: "Exception Request Date".into(),
            exception_review_date: "Exception Decision Date".into(),
            exception_pull_requests: "Related PRs".into(),
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

/// `[calendar]`: the release's freezes, as written: a civil date-time and an IANA zone
/// (`2026-02-12T16:00 America/Los_Angeles`) or RFC 3339 with an offset
/// (`2026-02-12T00:00:00-08:00`); see [`crate::model::calendar::parse_zoned`]. Named
/// `[calendar]` because `release = "v1.37"` already takes the `release` key at the top level.
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
    pub fn parse(&self) -> Result<Calendar, DateError> {
        let mut at = [None; 4];
        for (slot, (field, value)) in at.iter_mut().zip(self.fields()) {
            if let Some(v) = value {
                *slot = Some(parse_date_time(field, v)?);
            }
        }
        Ok(Calendar {
            prr_freeze: at[0],
            enhancements_freeze: at[1],
            code_freeze: at[2],
            docs_freeze: at[3],
        })
    }
}
