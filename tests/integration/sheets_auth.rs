//! The service-account flow end to end: yup-oauth2 signs a JWT with a throwaway RSA key
//! (generated with `openssl` at test time), trades it at the emulator's `/token` endpoint, and the
//! adapter's calls carry that token and ask only for the spreadsheets scope.

use crate::support::key::{self, throwaway_key};
use crate::support::sheets_env;
use kepsync::sheets::{SheetsAdapter, SheetsConfig, SheetsError};
use sheets_env::{Env, tabs};
use std::path::Path;

fn key_file(dir: &Path, pem: &str, token_uri: &str) -> std::path::PathBuf {
    key::key_file(dir, "service-account.json", pem, token_uri).into()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_account_token_with_least_privilege_scope() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(pem) = throwaway_key() else {
        return;
    };
    let env = Env::start().await;
    let key = key_file(dir.path(), pem, "https://oauth2.googleapis.com/token");
    let cfg = SheetsConfig {
        token: None,
        credentials: Some(key),
        token_url: Some(format!("{}/token", env.server.url())),
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg)
        .await
        .expect("connects with a key");
    let snap = sheets
        .snapshot(&tabs())
        .await
        .expect("snapshot with an OAuth token");
    assert_eq!(snap.tabs.len(), 5);
    sheets.tabs().await.expect("second call reuses the token");
    let grants = env.emu.token_grants();
    assert_eq!(grants.len(), 1, "one token, cached: {grants:?}");
    assert_eq!(
        grants[0].scope,
        "https://www.googleapis.com/auth/spreadsheets"
    );
    assert_eq!(
        grants[0].issuer,
        "kepsync@kepsync-test.iam.gserviceaccount.com"
    );
    let debug = format!("{sheets:?}");
    assert!(
        !debug.contains("PRIVATE KEY") && !debug.contains("emulator-token"),
        "{debug}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remote_plain_http_token_url_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(pem) = throwaway_key() else {
        return;
    };
    let env = Env::start().await;
    let cfg = SheetsConfig {
        token: None,
        credentials: Some(key_file(dir.path(), pem, "http://oauth.example.com/token")),
        ..env.config()
    };
    let err = SheetsAdapter::connect(cfg).await.unwrap_err();
    assert!(matches!(err, SheetsError::Config(_)), "{err:?}");
}
