//! What can go wrong talking to GitHub, each case naming the call it happened in.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum GithubError {
    #[error("GitHub configuration: {0}")]
    Config(String),
    #[error("{call}: GitHub answered {status}: {message}")]
    Status {
        call: String,
        status: u16,
        message: String,
    },
    #[error("{call}: gave up after {attempts} attempt(s): {last}")]
    GaveUp {
        call: String,
        attempts: u32,
        last: String,
    },
    #[error("{call}: unexpected answer: {detail}")]
    Decode { call: String, detail: String },
    #[error("state directory {}: {source}", path.display())]
    State {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl GithubError {
    pub(crate) fn decode(call: &str, detail: impl Into<String>) -> GithubError {
        GithubError::Decode {
            call: call.to_string(),
            detail: detail.into(),
        }
    }
}
