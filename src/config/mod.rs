//! `kepsync.toml`: the documented settings, their defaults, and `KEPSYNC_*` environment overrides.

use serde::Deserialize;
use std::path::{Path, PathBuf};

mod env;
mod error;
mod sections;

use env::apply_env;
pub use error::ConfigError;
use sections::default_schedule;
pub use sections::{
    CalendarSection, ColumnNames, GithubSection, GoogleConfig, ServerSection, TabNames,
    optional_name,
};

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

#[cfg(test)]
mod tests;
