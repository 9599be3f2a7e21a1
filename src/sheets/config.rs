//! How to reach the Sheets API: spreadsheet id, base URL (plain http only for loopback hosts),
//! credentials (static token or service-account key) and the retry policy.

use super::error::SheetsError;
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The Sheets API's own address.
pub const DEFAULT_BASE_URL: &str = "https://sheets.googleapis.com/";

/// Retries of 429/5xx/timeouts/dropped connections: jittered exponential backoff, bounded by
/// attempts and by a total time budget.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The first backoff; each retry doubles it (plus up to half again of jitter).
    pub base_delay: Duration,
    /// No single wait is longer (Google suggests 32–64 s).
    pub max_delay: Duration,
    /// No retry starts once this much time has gone since the first attempt.
    pub budget: Duration,
    /// One attempt that takes longer than this counts as a timeout (and is retried).
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(32),
            budget: Duration::from_secs(120),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// Everything the adapter needs to connect.
#[derive(Clone, Default)]
pub struct SheetsConfig {
    pub spreadsheet_id: String,
    /// Default [`DEFAULT_BASE_URL`]; must end up with a trailing `/` (added when missing).
    pub base_url: Option<String>,
    /// A service-account key file; else `$GOOGLE_APPLICATION_CREDENTIALS`.
    pub credentials: Option<PathBuf>,
    /// A static bearer token (for the emulator); wins over `credentials`.
    pub token: Option<String>,
    /// Overrides the key's `token_uri` (tests).
    pub token_url: Option<String>,
    pub retry: RetryPolicy,
}

impl fmt::Debug for SheetsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SheetsConfig")
            .field("spreadsheet_id", &self.spreadsheet_id)
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("token_url", &self.token_url)
            .field("retry", &self.retry)
            .finish()
    }
}

/// A spreadsheet id is the `[A-Za-z0-9_-]+` part of its URL; anything else would corrupt paths.
pub fn check_spreadsheet_id(id: &str) -> Result<(), SheetsError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(SheetsError::Config(format!(
            "spreadsheet id {id:?} is not a Sheets id (letters, digits, '-' and '_' only)"
        )))
    }
}

/// Checks a base URL (https anywhere, http only on loopback) and returns it with a trailing `/`.
pub fn check_url(what: &str, raw: &str) -> Result<String, SheetsError> {
    let url = url::Url::parse(raw)
        .map_err(|e| SheetsError::Config(format!("{what} {raw:?} is not a URL: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(SheetsError::Config(format!(
                "{what} {raw:?} uses plain http on a host that is not loopback; use https"
            )));
        }
        other => {
            return Err(SheetsError::Config(format!(
                "{what} {raw:?} has scheme {other:?}; use https"
            )));
        }
    }
    let mut text = url.to_string();
    if !text.ends_with('/') {
        text.push('/');
    }
    Ok(text)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_for_loopback() {
        assert_eq!(
            check_url("base URL", "http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/"
        );
        assert!(check_url("base URL", "http://127.1.2.3/").is_ok());
        assert!(check_url("base URL", "http://localhost:1/").is_ok());
        assert!(check_url("base URL", "http://[::1]:9/").is_ok());
        assert!(check_url("base URL", "https://sheets.googleapis.com").is_ok());
        for bad in [
            "http://10.0.0.1/",
            "http://example.com/",
            "ftp://127.0.0.1/",
            "nope",
        ] {
            assert!(
                matches!(check_url("base URL", bad), Err(SheetsError::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn spreadsheet_ids_are_checked() {
        assert!(check_spreadsheet_id("1Sle_EDNRq8PsQGzmskqQWIGnUT4epR-d9A").is_ok());
        assert!(check_spreadsheet_id("").is_err());
        assert!(check_spreadsheet_id("a/b").is_err());
        assert!(check_spreadsheet_id("a#b").is_err());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let cfg = SheetsConfig {
            token: Some("ya29.secret-token".into()),
            ..SheetsConfig::default()
        };
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
