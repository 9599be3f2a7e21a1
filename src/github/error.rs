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
    #[error("{call}: gave up after {}: {last}", crate::human::count(*attempts, "attempt"))]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gave_up_after_1_attempt_not_1_attempts() {
        let e = |attempts| GithubError::GaveUp {
            call: "GET /tree".into(),
            attempts,
            last: "HTTP 502".into(),
        };
        assert_eq!(
            e(1).to_string(),
            "GET /tree: gave up after 1 attempt: HTTP 502"
        );
        assert_eq!(
            e(5).to_string(),
            "GET /tree: gave up after 5 attempts: HTTP 502"
        );
    }
}
