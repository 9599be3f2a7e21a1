//! Credentials: the shared TLS connector (ring, native roots, http allowed for loopback tests)
//! and the yup-oauth2 service-account authenticator (key file from config or
//! `GOOGLE_APPLICATION_CREDENTIALS`, optional token URL override).

use super::config::{SheetsConfig, check_url};
use super::error::SheetsError;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::PathBuf;

/// The one connector both the Sheets hub and the token client use.
pub fn connector() -> Result<HttpsConnector<HttpConnector>, SheetsError> {
    let provider = rustls::crypto::ring::default_provider();
    let builder = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_native_roots(provider)
        .map_err(|e| SheetsError::Config(format!("TLS: no usable root certificates: {e}")))?;
    Ok(builder
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build())
}

/// The variable naming the key file when the config names none (Google's own convention).
const KEY_VAR: &str = "GOOGLE_APPLICATION_CREDENTIALS";

/// The key file to use: the configured one, else `$GOOGLE_APPLICATION_CREDENTIALS`.
pub(super) fn key_path(cfg: &SheetsConfig) -> Result<PathBuf, SheetsError> {
    choose_key_path(cfg.credentials.as_deref(), std::env::var_os(KEY_VAR))
}

/// A blank path, configured or in the variable (`GOOGLE_APPLICATION_CREDENTIALS=""`), is unset:
/// read as a path it named no file, and the error pointed at a file called "".
fn choose_key_path(
    configured: Option<&std::path::Path>,
    env: Option<std::ffi::OsString>,
) -> Result<PathBuf, SheetsError> {
    let blank = |p: &std::ffi::OsStr| p.to_string_lossy().trim().is_empty();
    if let Some(path) = configured.filter(|p| !blank(p.as_os_str())) {
        return Ok(path.to_path_buf());
    }
    let env_blank = env.as_deref().is_some_and(blank);
    if let Some(path) = env.filter(|p| !blank(p)) {
        return Ok(PathBuf::from(path));
    }
    let note = if env_blank {
        format!(" ({KEY_VAR} is set but empty)")
    } else {
        String::new()
    };
    Err(SheetsError::Config(format!(
        "no credentials{note}: set a token, a service-account key file, or {KEY_VAR}"
    )))
}

/// A service-account authenticator; tokens are fetched (and refreshed) on demand.
pub async fn service_account(
    cfg: &SheetsConfig,
    connector: HttpsConnector<HttpConnector>,
) -> Result<yup_oauth2::authenticator::Authenticator<HttpsConnector<HttpConnector>>, SheetsError> {
    let path = key_path(cfg)?;
    warn_if_loose(&path);
    let mut key = yup_oauth2::read_service_account_key(&path)
        .await
        .map_err(|e| SheetsError::Config(format!("service-account key {}: {e}", path.display())))?;
    let token_uri = cfg
        .token_url
        .as_deref()
        .unwrap_or(&key.token_uri)
        .to_string();
    key.token_uri = check_url("token URL", &token_uri)?
        .trim_end_matches('/')
        .to_string();
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build(connector);
    yup_oauth2::ServiceAccountAuthenticator::with_client(
        key,
        yup_oauth2::CustomHyperClientBuilder::from(client),
    )
    .build()
    .await
    .map_err(|e| SheetsError::Auth(format!("service-account key {}: {e}", path.display())))
}

/// Warns when the key file can be read or written by group or others (it holds a private key).
fn warn_if_loose(path: &std::path::Path) {
    if let Some(mode) = loose_mode(path) {
        tracing::warn!(
            path = %path.display(),
            mode = format!("{mode:o}"),
            "the service-account key file is open to group or others; restrict it (chmod 600)"
        );
    }
}

/// The file's permission bits when any group/other bit is set (unix only).
#[cfg(unix)]
fn loose_mode(path: &std::path::Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn loose_mode(_path: &std::path::Path) -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn an_empty_google_application_credentials_is_unset_not_a_path() {
        for blank in ["", "  "] {
            let err = choose_key_path(None, Some(blank.into()))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("no credentials (GOOGLE_APPLICATION_CREDENTIALS is set but empty)"),
                "{err}"
            );
        }
        let err = choose_key_path(Some(Path::new("")), None)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no credentials: set a token"), "{err}");
        assert_eq!(
            choose_key_path(Some(Path::new(" ")), Some("/k.json".into())).unwrap(),
            PathBuf::from("/k.json")
        );
        assert_eq!(
            choose_key_path(Some(Path::new("/c.json")), Some("/k.json".into())).unwrap(),
            PathBuf::from("/c.json")
        );
    }
}
