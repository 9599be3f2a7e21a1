//! The emulator as google-sheets4 itself sees it: every method the crate offers for the API
//! surface the emulator implements is called through the typed client, so each answer must
//! parse into the crate's types (and mean what Google's would).

use crate::support::sheets_env;
use google_sheets4::Sheets;
use google_sheets4::api::{
    AddSheetRequest, BatchClearValuesRequest, BatchUpdateSpreadsheetRequest,
    BatchUpdateValuesRequest, ClearValuesRequest, CreateDeveloperMetadataRequest, DataFilter,
    DeveloperMetadata, DeveloperMetadataLocation, DeveloperMetadataLookup, DimensionRange, Request,
    SearchDeveloperMetadataRequest, SheetProperties, Spreadsheet, SpreadsheetProperties,
    ValueRange,
};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use sheets_env::{Env, ID};

fn hub(env: &Env) -> Sheets<HttpConnector> {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let mut hub = Sheets::new(client, "token".to_string());
    hub.base_url(format!("{}/", env.server.url()));
    hub.root_url(format!("{}/", env.server.url()));
    hub
}

fn rows(v: serde_json::Value) -> Option<Vec<Vec<serde_json::Value>>> {
    serde_json::from_value(v).ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_and_full_get_parse() {
    let env = Env::start().await;
    let hub = hub(&env);
    let request = Spreadsheet {
        properties: Some(SpreadsheetProperties {
            title: Some("made by the client".into()),
            ..SpreadsheetProperties::default()
        }),
        ..Spreadsheet::default()
    };
    let (_, created) = hub
        .spreadsheets()
        .create(request)
        .doit()
        .await
        .expect("create");
    let id = created.spreadsheet_id.expect("an id");
    let title = created.properties.and_then(|p| p.title);
    assert_eq!(title.as_deref(), Some("made by the client"));
    let (_, full) = hub
        .spreadsheets()
        .get(ID)
        .include_grid_data(true)
        .doit()
        .await
        .expect("full get with grid data");
    let sheets = full.sheets.expect("sheets");
    assert_eq!(sheets.len(), 5);
    let data = &sheets[0].data.as_ref().expect("grid data")[0];
    assert_eq!(data.row_metadata.as_ref().map(Vec::len), Some(1000));
    let first = &data.row_data.as_ref().unwrap()[1].values.as_ref().unwrap()[0];
    assert_eq!(first.formatted_value.as_deref(), Some("1234"));
    assert!(first.effective_value.is_some());
    assert!(hub.spreadsheets().get(&id).doit().await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_methods_parse() {
    let env = Env::start().await;
    let hub = hub(&env);
    let v = hub.spreadsheets();
    let body = ValueRange {
        values: rows(json!([["=1+1", "7"]])),
        ..ValueRange::default()
    };
    let (_, up) = v
        .values_update(body.clone(), ID, "Docs!A3")
        .value_input_option("USER_ENTERED")
        .doit()
        .await
        .expect("update");
    assert_eq!(up.updated_range.as_deref(), Some("Docs!A3:B3"));
    let (_, got) = v
        .values_get(ID, "Docs!A3:B3")
        .value_render_option("UNFORMATTED_VALUE")
        .doit()
        .await
        .expect("get");
    assert_eq!(got.values, rows(json!([[2, 7]])));
    let (_, appended) = v
        .values_append(body.clone(), ID, "Docs")
        .value_input_option("RAW")
        .doit()
        .await
        .expect("append");
    assert_eq!(appended.table_range.as_deref(), Some("Docs!A3:B3"));
    let range = appended.updates.and_then(|u| u.updated_range);
    assert_eq!(range.as_deref(), Some("Docs!A4:B4"));
    let batch = BatchUpdateValuesRequest {
        value_input_option: Some("RAW".into()),
        data: Some(vec![ValueRange {
            range: Some("Docs!C1".into()),
            values: rows(json!([["c"]])),
            ..ValueRange::default()
        }]),
        ..BatchUpdateValuesRequest::default()
    };
    let (_, bu) = v
        .values_batch_update(batch, ID)
        .doit()
        .await
        .expect("batch update");
    assert_eq!(bu.total_updated_cells, Some(1));
    let (_, bg) = v
        .values_batch_get(ID)
        .add_ranges("Docs!A4:B4")
        .add_ranges("Docs!C1")
        .doit()
        .await
        .expect("batch get");
    let ranges = bg.value_ranges.unwrap();
    assert_eq!(
        ranges[0].values,
        rows(json!([["=1+1", "7"]])),
        "RAW kept the text"
    );
    let (_, cleared) = v
        .values_clear(ClearValuesRequest::default(), ID, "Docs!C1")
        .doit()
        .await
        .expect("clear");
    assert_eq!(cleared.cleared_range.as_deref(), Some("Docs!C1"));
    let bc = BatchClearValuesRequest {
        ranges: Some(vec!["Docs!A3:B4".into()]),
    };
    let (_, bcr) = v
        .values_batch_clear(bc, ID)
        .doit()
        .await
        .expect("batch clear");
    assert_eq!(bcr.cleared_ranges, Some(vec!["Docs!A3:B4".to_string()]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_update_replies_and_metadata_parse() {
    let env = Env::start().await;
    let hub = hub(&env);
    let lookup = DeveloperMetadataLookup {
        metadata_key: Some("kep".into()),
        ..DeveloperMetadataLookup::default()
    };
    let requests = vec![
        Request {
            add_sheet: Some(AddSheetRequest {
                properties: Some(SheetProperties {
                    title: Some("New 'tab' #2".into()),
                    ..SheetProperties::default()
                }),
            }),
            ..Request::default()
        },
        Request {
            create_developer_metadata: Some(CreateDeveloperMetadataRequest {
                developer_metadata: Some(DeveloperMetadata {
                    metadata_key: Some("kep".into()),
                    metadata_value: Some("1234".into()),
                    location: Some(DeveloperMetadataLocation {
                        dimension_range: Some(DimensionRange {
                            sheet_id: Some(0),
                            dimension: Some("ROWS".into()),
                            start_index: Some(1),
                            end_index: Some(2),
                        }),
                        ..DeveloperMetadataLocation::default()
                    }),
                    ..DeveloperMetadata::default()
                }),
            }),
            ..Request::default()
        },
    ];
    let body = BatchUpdateSpreadsheetRequest {
        requests: Some(requests),
        ..BatchUpdateSpreadsheetRequest::default()
    };
    let (_, out) = hub
        .spreadsheets()
        .batch_update(body, ID)
        .doit()
        .await
        .expect("batch update");
    let replies = out.replies.unwrap();
    let added = replies[0]
        .add_sheet
        .as_ref()
        .and_then(|a| a.properties.as_ref())
        .unwrap();
    assert_eq!(added.index, Some(5));
    let md = replies[1]
        .create_developer_metadata
        .as_ref()
        .and_then(|c| c.developer_metadata.as_ref())
        .unwrap();
    let id = md.metadata_id.expect("a metadata id");
    let (_, fetched) = hub
        .spreadsheets()
        .developer_metadata_get(ID, id)
        .doit()
        .await
        .expect("metadata get");
    assert_eq!(fetched.metadata_value.as_deref(), Some("1234"));
    let search = SearchDeveloperMetadataRequest {
        data_filters: Some(vec![DataFilter {
            developer_metadata_lookup: Some(lookup),
            ..DataFilter::default()
        }]),
    };
    let (_, found) = hub
        .spreadsheets()
        .developer_metadata_search(search, ID)
        .doit()
        .await
        .expect("metadata search");
    assert_eq!(found.matched_developer_metadata.map(|m| m.len()), Some(1));
}
