//! The adapter's configuration: repository, endpoint, token (never printed), state dir, retry policy.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// The default environment variable holding the token.
pub const DEFAULT_TOKEN_VAR: &str = "GITHUB_TOKEN";

/// A GitHub token. Its `Debug` and `Display` never show the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(value: impl Into<String>) -> Token {
        Token(value.into())
    }

    /// The token from environment variable `var`, if set and non-empty.
    pub fn from_env(var: &str) -> Option<Token> {
        std::env::var(var)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .map(Token)
    }

    /// The secret itself, for the HTTP client only.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// GitHub's documented policy for limits and errors, bounded.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// The most one call may spend waiting; a wait beyond it fails the call at once.
    pub budget: Duration,
    /// The least wait after a secondary limit that names no `Retry-After` (GitHub: one minute).
    pub secondary_wait: Duration,
    /// First back-off after a 5xx or transport error; doubles each attempt.
    pub backoff_base: Duration,
    /// Longest single back-off after a 5xx or transport error.
    pub backoff_max: Duration,
    /// One attempt with no answer after this long is a transport error (and is retried).
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            budget: Duration::from_secs(15 * 60),
            secondary_wait: Duration::from_secs(60),
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// How to reach GitHub and where to keep state.
#[derive(Debug, Clone)]
pub struct GithubConfig {
    /// `owner/name`, normally `kubernetes/enhancements`.
    pub repo: String,
    /// The default branch whose tree is read.
    pub branch: String,
    /// API root; `None` is `https://api.github.com`.
    pub base_url: Option<String>,
    pub token: Option<Token>,
    /// Blob cache, ETags and cached facts; survives restarts. `None` keeps them in memory only.
    pub state_dir: Option<PathBuf>,
    /// Cached issue facts older than this are re-queried even when no probe saw a change.
    pub issue_refresh: Duration,
    pub retry: RetryPolicy,
    /// Issues per GraphQL query (GitHub publishes no alias limit; 50 keeps a query near 2 points).
    pub issues_per_query: usize,
    /// Blob aliases per GraphQL query.
    pub blobs_per_query: usize,
    /// Estimated blob bytes per GraphQL query.
    pub blob_bytes_per_query: u64,
    /// The pause between two write-back requests (GitHub asks for at least a second between
    /// mutating requests to stay clear of secondary limits).
    pub write_pause: Duration,
    /// `[intake] label`: list the open issues carrying it each cycle (conditionally).
    pub intake_label: Option<String>,
}

impl Default for GithubConfig {
    /// `kubernetes/enhancements` with every default.
    fn default() -> Self {
        GithubConfig::new("kubernetes/enhancements")
    }
}

impl GithubConfig {
    /// Defaults for `repo`, with the token from `GITHUB_TOKEN`.
    pub fn new(repo: impl Into<String>) -> GithubConfig {
        GithubConfig {
            repo: repo.into(),
            branch: "master".into(),
            base_url: None,
            token: Token::from_env(DEFAULT_TOKEN_VAR),
            state_dir: None,
            issue_refresh: Duration::from_secs(30 * 60),
            retry: RetryPolicy::default(),
            issues_per_query: 50,
            blobs_per_query: 250,
            write_pause: Duration::from_secs(1),
            blob_bytes_per_query: 8 * 1024 * 1024,
            intake_label: None,
        }
    }

    /// Takes the token from environment variable `var` instead.
    pub fn token_from_env(mut self, var: &str) -> GithubConfig {
        self.token = Token::from_env(var);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_never_shows() {
        let mut cfg = GithubConfig::new("kubernetes/enhancements");
        cfg.token = Some(Token::new("ghp_supersecret"));
        let shown = format!("{cfg:?} {}", Token::new("ghp_supersecret"));
        assert!(!shown.contains("supersecret"), "{shown}");
        assert!(shown.contains("redacted"));
    }
}
