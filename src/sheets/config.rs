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

/// What `spreadsheet-id` was written as: the id itself, or the sheet's URL (what people copy
/// from the address bar), which holds the id after `/d/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpreadsheetRef {
    /// The id as written (trimmed).
    Id(String),
    /// A sheet URL, and the id read from it.
    Url { id: String, url: String },
}

impl SpreadsheetRef {
    /// The spreadsheet id.
    pub fn id(&self) -> &str {
        match self {
            SpreadsheetRef::Id(id) | SpreadsheetRef::Url { id, .. } => id,
        }
    }
}

/// Reads `spreadsheet-id` as an id or as the sheet's URL: `https://docs.google.com/spreadsheets/d/ID`,
/// with or without scheme, a trailing `/`, `/edit`, `?usp=sharing`, `#gid=0`, or a `/u/0/`
/// account prefix. A URL that holds no usable id (a published-to-web link, another Google app,
/// another site) is refused with what to paste instead.
pub fn parse_spreadsheet_ref(raw: &str) -> Result<SpreadsheetRef, String> {
    let text = raw.trim();
    let looks_like_url =
        text.contains("://") || text.contains('/') || text.contains("docs.google.");
    if !looks_like_url {
        check_spreadsheet_id(text).map_err(|e| format!("{e}: {PASTE_HINT}"))?;
        return Ok(SpreadsheetRef::Id(text.to_string()));
    }
    let refuse = |why: &str| format!("spreadsheet-id {text:?} {why}: {PASTE_HINT}");
    let rest = text.split_once("://").map_or(text, |(_, r)| r);
    let path = rest.split(['?', '#']).next().unwrap_or("");
    let mut parts = path.split('/');
    let host = parts.next().unwrap_or("").to_ascii_lowercase();
    if host != "docs.google.com" {
        return Err(refuse("is a URL but not of a Google Sheets spreadsheet"));
    }
    let segments: Vec<&str> = parts.collect();
    if segments.first() != Some(&"spreadsheets") {
        return Err(refuse("is a Google URL but not of a spreadsheet"));
    }
    let after_d = segments
        .iter()
        .position(|s| *s == "d")
        .and_then(|at| segments.get(at + 1))
        .copied()
        .unwrap_or("");
    if after_d == "e" {
        return Err(refuse(
            "is a published-to-the-web link, whose id the Sheets API does not accept",
        ));
    }
    if check_spreadsheet_id(after_d).is_err() {
        return Err(refuse("has no spreadsheet id after /d/"));
    }
    Ok(SpreadsheetRef::Url {
        id: after_d.to_string(),
        url: text.to_string(),
    })
}

const PASTE_HINT: &str =
    "paste the sheet's URL from the address bar, or the part of it between /d/ and /edit";

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

    const ID: &str = "1Sle_EDNRq8PsQGzmskqQWIGnUT4epR-d9A";

    #[test]
    fn a_spreadsheet_url_pasted_as_the_id_gives_the_id() {
        for url in [
            format!("https://docs.google.com/spreadsheets/d/{ID}/edit#gid=0"),
            format!("https://docs.google.com/spreadsheets/d/{ID}"),
            format!("https://docs.google.com/spreadsheets/d/{ID}/"),
            format!("https://docs.google.com/spreadsheets/d/{ID}/edit?usp=sharing"),
            format!("https://docs.google.com/spreadsheets/u/0/d/{ID}/edit"),
            format!("https://docs.google.com/spreadsheets/d/{ID}?gid=12#gid=12"),
            format!("docs.google.com/spreadsheets/d/{ID}/edit"),
            format!("  https://DOCS.google.com/spreadsheets/d/{ID}/edit\n"),
        ] {
            assert_eq!(
                parse_spreadsheet_ref(&url),
                Ok(SpreadsheetRef::Url {
                    id: ID.into(),
                    url: url.trim().into()
                }),
                "{url}"
            );
        }
        assert_eq!(
            parse_spreadsheet_ref(&format!(" {ID} ")),
            Ok(SpreadsheetRef::Id(ID.into()))
        );
    }

    #[test]
    fn a_url_without_a_usable_id_is_refused_with_what_to_paste() {
        for (url, why) in [
            (
                "https://docs.google.com/spreadsheets/d/e/2PACX-1vQ/pubhtml",
                "published-to-the-web",
            ),
            (
                "https://docs.google.com/document/d/abc/edit",
                "not of a spreadsheet",
            ),
            (
                "https://example.com/spreadsheets/d/abc",
                "not of a Google Sheets",
            ),
            ("https://docs.google.com/spreadsheets/", "no spreadsheet id"),
            (
                "https://docs.google.com/spreadsheets/d/a%20b/edit",
                "no spreadsheet id",
            ),
        ] {
            let err = parse_spreadsheet_ref(url).unwrap_err();
            assert!(err.contains(why), "{url}: {err}");
            assert!(err.contains("between /d/ and /edit"), "{url}: {err}");
        }
        let err = parse_spreadsheet_ref("a#b").unwrap_err();
        assert!(err.contains("not a Sheets id"), "{err}");
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
