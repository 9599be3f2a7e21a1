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

/// The key file to use: the configured one, else `$GOOGLE_APPLICATION_CREDENTIALS`.
pub(super) fn key_path(cfg: &SheetsConfig) -> Result<PathBuf, SheetsError> {
    cfg.credentials
        .clone()
        .or_else(|| std::env::var_os("GOOGLE_APPLICATION_CREDENTIALS").map(PathBuf::from))
        .ok_or_else(|| {
            SheetsError::Config(
                "no credentials: set a token, a service-account key file, or GOOGLE_APPLICATION_CREDENTIALS"
                    .into(),
            )
        })
}

/// A service-account authenticator; tokens are fetched (and refreshed) on demand.
pub async fn service_account(
    cfg: &SheetsConfig,
    connector: HttpsConnector<HttpConnector>,
) -> Result<yup_oauth2::authenticator::Authenticator<HttpsConnector<HttpConnector>>, SheetsError> {
    let path = key_path(cfg)?;
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
