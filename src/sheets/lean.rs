//! The snapshot read, decoded into lean types. google-sheets4 decodes a cell into its
//! `CellData`, about 3 KB in memory whatever the cell holds, so a 1,000-row sheet took ~90 MiB
//! just to read. This sends the same `spreadsheets.get` through the hub's own HTTP client and
//! authenticator, and decodes only the fields kepsync asked for. Errors come back as
//! google-sheets4 errors, so the adapter's retry policy treats both paths alike.

use super::CallResult;
use super::retry::Capture;
use bytes::Bytes;
use google_sheets4::Sheets;
use google_sheets4::api::{Color, Scope, SheetProperties};
use google_sheets4::common::{Body, Error};
use http_body_util::{BodyExt, Empty};
use serde::Deserialize;

/// The parts of a `Spreadsheet` a snapshot asks for.
#[derive(Debug, Default, Deserialize)]
pub struct LeanSpreadsheet {
    #[serde(default)]
    pub sheets: Option<Vec<LeanSheet>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LeanSheet {
    #[serde(default)]
    pub properties: Option<SheetProperties>,
    #[serde(default)]
    pub data: Option<Vec<LeanGrid>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanGrid {
    #[serde(default)]
    pub start_row: Option<i32>,
    #[serde(default)]
    pub start_column: Option<i32>,
    #[serde(default)]
    pub row_data: Option<Vec<LeanRow>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LeanRow {
    #[serde(default)]
    pub values: Option<Vec<LeanCell>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanCell {
    #[serde(default)]
    pub formatted_value: Option<String>,
    #[serde(default)]
    pub user_entered_value: Option<LeanValue>,
    #[serde(default)]
    pub hyperlink: Option<String>,
    #[serde(default)]
    pub user_entered_format: Option<LeanFormat>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanValue {
    #[serde(default)]
    pub formula_value: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanFormat {
    #[serde(default)]
    pub background_color: Option<Color>,
    #[serde(default)]
    pub text_format: Option<LeanTextFormat>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LeanTextFormat {
    #[serde(default)]
    pub link: Option<LeanLink>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LeanLink {
    #[serde(default)]
    pub uri: Option<String>,
}

/// The URL of a snapshot read, its query form-encoded as google-sheets4 encodes it.
fn snapshot_uri(base: &str, spreadsheet_id: &str, ranges: &[String], fields: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.append_pair("includeGridData", "true");
    for r in ranges {
        query.append_pair("ranges", r);
    }
    query
        .append_pair("fields", fields)
        .append_pair("alt", "json");
    let id: String = url::form_urlencoded::byte_serialize(spreadsheet_id.as_bytes()).collect();
    format!("{base}v4/spreadsheets/{id}?{}", query.finish())
}

/// `GET {base}v4/spreadsheets/{id}?includeGridData=true&ranges=…&fields=…` with the hub's
/// client and token (spreadsheets scope), decoded into [`LeanSpreadsheet`].
pub async fn get<C>(
    hub: &Sheets<C>,
    base: &str,
    spreadsheet_id: &str,
    ranges: &[String],
    fields: &str,
) -> (CallResult<LeanSpreadsheet>, Capture)
where
    C: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    let mut capture = Capture::default();
    let token = match hub.auth.get_token(&[Scope::Spreadsheet.as_ref()]).await {
        Ok(t) => t,
        Err(e) => return (Err(Error::MissingToken(e)), capture),
    };
    let uri = snapshot_uri(base, spreadsheet_id, ranges, fields);
    let mut request = hyper::Request::get(uri);
    if let Some(t) = token {
        request = request.header(hyper::header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let empty: Body = Empty::<Bytes>::new()
        .map_err(|never| match never {})
        .boxed();
    let request = match request.body(empty) {
        Ok(r) => r,
        Err(e) => {
            return (
                Err(Error::BadRequest(
                    serde_json::json!({"error": {"message": e.to_string()}}),
                )),
                capture,
            );
        }
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
    let bare = || {
        hyper::Response::from_parts(
            parts.clone(),
            Empty::<Bytes>::new()
                .map_err(|never| match never {})
                .boxed(),
        )
    };
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
    match serde_json::from_slice::<LeanSpreadsheet>(&bytes) {
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
