//! Why a configuration could not be used.

use std::path::PathBuf;
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
