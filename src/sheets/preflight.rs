//! Pre-flight for `kepsync check`: do the configured credentials give a Sheets token?

use super::auth;
use super::config::SheetsConfig;
use super::error::SheetsError;
use google_sheets4::api::Scope;

/// What kind of credentials gave (or would give) the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `[google] token`: used as is, nothing is minted.
    StaticToken,
    /// A service-account key that minted a token for the spreadsheets scope.
    ServiceAccount { client_email: String },
}

/// Mints one token with the configured service-account key (static tokens are taken as they are).
pub async fn mint_token(cfg: &SheetsConfig) -> Result<Credentials, SheetsError> {
    if cfg.token.is_some() {
        return Ok(Credentials::StaticToken);
    }
    let path = auth::key_path(cfg)?;
    let key = yup_oauth2::read_service_account_key(&path)
        .await
        .map_err(|e| SheetsError::Config(format!("service-account key {}: {e}", path.display())))?;
    let authenticator = auth::service_account(cfg, auth::connector()?).await?;
    let scope = Scope::Spreadsheet;
    authenticator
        .token(&[scope.as_ref()])
        .await
        .map_err(|e| SheetsError::Auth(format!("service account {}: {e}", key.client_email)))?;
    Ok(Credentials::ServiceAccount {
        client_email: key.client_email,
    })
}
