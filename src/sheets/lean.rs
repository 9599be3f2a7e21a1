//! The snapshot read, decoded into lean types. google-sheets4 decodes a cell into its
//! `CellData`, about 3 KB in memory whatever the cell holds, so a 1,000-row sheet took ~90 MiB
//! just to read. This sends the same `spreadsheets.get` through the hub's own HTTP client and
//! authenticator ([`raw::call`]), and decodes only the fields kepsync asked for.

use super::CallResult;
use super::raw;
use super::retry::Capture;
use google_sheets4::Sheets;
use google_sheets4::api::{Color, SheetProperties};
use serde::Deserialize;

/// The parts of a `Spreadsheet` a snapshot asks for.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanSpreadsheet {
    #[serde(default)]
    pub sheets: Option<Vec<LeanSheet>>,
    /// Spreadsheet-level developer metadata (kepsync's write token lives here).
    #[serde(default)]
    pub developer_metadata: Option<Vec<LeanMetadata>>,
}

/// One developer metadata entry, as far as the write token needs it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeanMetadata {
    #[serde(default)]
    pub metadata_id: Option<i32>,
    #[serde(default)]
    pub metadata_key: Option<String>,
    #[serde(default)]
    pub metadata_value: Option<String>,
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
    let uri = snapshot_uri(base, spreadsheet_id, ranges, fields);
    raw::call(hub, hyper::Method::GET, uri, None).await
}
