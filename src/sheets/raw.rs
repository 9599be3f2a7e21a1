//! Calls sent through the google-sheets4 hub's own HTTP client and authenticator with bodies and
//! answers kepsync encodes and decodes itself: the snapshot read and the batch write, whose
//! generated types cost ~3 KB per cell in memory. Errors come back as google-sheets4 errors, so
//! the adapter's retry policy treats every call alike.

use super::CallResult;
use super::retry::Capture;
use bytes::Bytes;
use google_sheets4::Sheets;
use google_sheets4::api::Scope;
use google_sheets4::common::{Body, Error, to_body};
use http_body_util::{BodyExt, Empty};
use hyper::Method;
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;

const AGENT: &str = concat!("kepsync/", env!("CARGO_PKG_VERSION"));

/// `method uri` with the hub's client and a spreadsheets-scoped token; `json`, when given, is
/// sent as the body. A success is decoded into `T`; a failure's status and `Retry-After` go to
/// the returned [`Capture`], its JSON body into [`Error::BadRequest`] as google-sheets4 does.
pub async fn call<C, T>(
    hub: &Sheets<C>,
    method: Method,
    uri: String,
    json: Option<Bytes>,
) -> (CallResult<T>, Capture)
where
    C: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
    T: DeserializeOwned,
{
    let mut capture = Capture::default();
    let token = match hub.auth.get_token(&[Scope::Spreadsheet.as_ref()]).await {
        Ok(t) => t,
        Err(e) => return (Err(Error::MissingToken(e)), capture),
    };
    let mut request = hyper::Request::builder()
        .method(method)
        .uri(uri)
        .header(USER_AGENT, AGENT);
    if let Some(t) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match json {
        Some(bytes) => {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .header(CONTENT_LENGTH, bytes.len() as u64);
            to_body(Some(bytes))
        }
        None => empty(),
    };
    let request = match request.body(body) {
        Ok(r) => r,
        Err(e) => return (Err(refused(e.to_string())), capture),
    };
    let response = match hub.client.request(request).await {
        Ok(r) => r,
        Err(e) => return (Err(Error::HttpError(e)), capture),
    };
    let (parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return (Err(Error::Io(std::io::Error::other(e))), capture),
    };
    let bare = || hyper::Response::from_parts(parts.clone(), empty());
    if !parts.status.is_success() {
        capture.status = Some(parts.status.as_u16());
        capture.retry_after = parts
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(std::time::Duration::from_secs);
        let result = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) => Err(Error::BadRequest(v)),
            Err(_) => Err(Error::Failure(bare())),
        };
        return (result, capture);
    }
    match serde_json::from_slice::<T>(&bytes) {
        Ok(v) => (Ok((bare(), v)), capture),
        Err(e) => (
            Err(Error::JsonDecodeError(
                String::from_utf8_lossy(&bytes).into_owned(),
                e,
            )),
            capture,
        ),
    }
}

fn empty() -> Body {
    Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed()
}

/// A request that could not even be built, shaped like the API's own error answer.
fn refused(message: String) -> Error {
    Error::BadRequest(serde_json::json!({"error": {"message": message}}))
}
