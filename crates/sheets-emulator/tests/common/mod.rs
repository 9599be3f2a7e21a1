//! Test helpers: a plain HTTP client for the emulator and the shared recordings' location.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::path::PathBuf;

/// `../shared/sheets-recordings` from the repository root, when present.
#[allow(dead_code)]
pub fn recordings_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/sheets-recordings");
    dir.is_dir().then_some(dir)
}

/// A bearer-token HTTP client for one emulator.
pub struct Client {
    base: String,
    http: Hyper<HttpConnector, Full<Bytes>>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            base: base.to_string(),
            http: Hyper::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sends a request; the status and the body as JSON (`null` when empty or not JSON).
    pub async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        body: Option<String>,
    ) -> Result<(u16, Value), String> {
        let req = hyper::Request::builder()
            .method(method)
            .uri(format!("{}{path_and_query}", self.base))
            .header("authorization", "Bearer replay-token")
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .map_err(|e| format!("building {method} {path_and_query}: {e}"))?;
        let resp = self
            .http
            .request(req)
            .await
            .map_err(|e| format!("{method} {path_and_query}: {e}"))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        ))
    }
}
