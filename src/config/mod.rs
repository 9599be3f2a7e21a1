//! `kepsync.toml`: the documented settings, their defaults, and `KEPSYNC_*` environment overrides.

use crate::model::{Calendar, Release, Vocabulary};
use serde::Deserialize;
use std::path::{Path, PathBuf};

mod board;
mod env;
mod error;
mod process;
mod sections;
mod sync_log;

pub use board::{BoardFieldNames, BoardSection};
use env::apply_env;
pub use error::ConfigError;
pub use process::{IntakeSection, StatusSection};
use sections::default_schedule;
pub use sections::{
    CalendarSection, ColumnNames, GithubSection, GoogleConfig, ServerSection, TabNames,
    optional_name,
};
pub use sync_log::SyncLogSection;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// The tracking spreadsheet's id (from its URL). Empty only in board-only mode (with
    /// `[board]`: kepsync keeps the board true with no sheet).
    #[serde(default)]
    pub spreadsheet_id: String,
    /// The release being tracked as written (`v1.37`, `1.37`, `V1.37`); [`Config::release`]
    /// gives it as parsed when the config loaded.
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
    /// The Status vocabulary and `advance`.
    #[serde(default)]
    pub status: StatusSection,
    /// Opt-in by label.
    #[serde(default)]
    pub intake: IntakeSection,
    /// The release's GitHub Projects board; without it kepsync keeps only the sheet.
    #[serde(default)]
    pub board: Option<BoardSection>,
    /// The Sync Log tab's size (`[tabs] sync-log` turns it on).
    #[serde(default)]
    pub sync_log: SyncLogSection,
    /// The sheet's URL when `spreadsheet-id` was given as one (`spreadsheet_id` then holds the
    /// id read from it), for `kepsync check` to say so.
    #[serde(skip)]
    pub spreadsheet_url: Option<String>,
    /// `release` and `[calendar]`, parsed once by [`Config::from_toml`].
    #[serde(skip)]
    parsed: Parsed,
}

/// What [`Config::from_toml`] parses once, so the accessors do not parse again.
#[derive(Debug, Clone, Default)]
struct Parsed {
    release: Option<Release>,
    /// `None` when `[calendar]` dates no freeze.
    calendar: Option<Calendar>,
    /// `[status]`'s vocabulary with the team's own words.
    vocabulary: Vocabulary,
}

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
        config.parsed = config.parse()?;
        config.validate()?;
        Ok(config)
    }

    /// Reads what people paste into the form every command needs, once: the sheet's URL as its
    /// id, and a blank `[google] credentials` or `token` (an empty environment override) as unset.
    fn normalize(&mut self) -> Result<(), ConfigError> {
        if self.spreadsheet_id.trim().is_empty() {
            if self.board.is_some() {
                self.spreadsheet_id.clear();
                self.normalize_google();
                return Ok(());
            }
            return Err(ConfigError::Invalid(
                "spreadsheet-id is empty: set it to the tracking sheet's id or URL, or set [board] to keep only the release board".into(),
            ));
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
        self.normalize_google();
        Ok(())
    }

    /// A blank `[google] credentials` or `token` (an empty environment override) is unset.
    fn normalize_google(&mut self) {
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
    }

    /// Board-only mode: `[board]` set and no sheet.
    pub fn board_only(&self) -> bool {
        self.spreadsheet_id.is_empty() && self.board.is_some()
    }

    /// The release and the calendar as types; an invalid one is a config error (exit 2).
    fn parse(&self) -> Result<Parsed, ConfigError> {
        let release = self
            .release
            .parse::<Release>()
            .map_err(|e| ConfigError::Invalid(format!("release {e}")))?;
        let calendar = (!self.calendar.is_empty())
            .then(|| self.calendar.parse())
            .transpose()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        let vocabulary = self.status.vocabulary()?;
        self.status.check_advance(calendar.is_some(), &vocabulary)?;
        Ok(Parsed {
            release: Some(release),
            calendar,
            vocabulary,
        })
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let fields = self.schedule.split_whitespace().count();
        if !self.schedule.starts_with('@') && fields != 6 {
            return Err(ConfigError::Invalid(format!(
                "schedule {:?} has {fields} fields; kepsync uses 6-field cron with seconds first, e.g. \"0 */5 * * * *\"",
                self.schedule
            )));
        }
        Ok(())
    }

    /// The release calendar, or `None` when `[calendar]` dates no freeze (parsed at load).
    pub fn calendar(&self) -> Option<Calendar> {
        self.parsed.calendar
    }

    /// The Status vocabulary `[status]` chose, with the team's own words (built at load).
    pub fn vocabulary(&self) -> &Vocabulary {
        &self.parsed.vocabulary
    }

    /// The release as `v1.37` (parsed at load).
    pub fn release(&self) -> String {
        self.parsed
            .release
            .map_or_else(|| self.release.clone(), |r| r.to_string())
    }
}

#[cfg(test)]
mod tests;
