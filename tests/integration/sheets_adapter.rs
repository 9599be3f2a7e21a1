//! The Sheets adapter through the real google-sheets4 client over HTTP against the emulator:
//! one-request snapshots and writes, odd tab names, atomicity and error cases.

use crate::support::sheets_env;
use google_sheets4::api::{
    CellData, CopyPasteRequest, DeleteDimensionRequest, DimensionRange, ExtendedValue,
    GridCoordinate, GridRange, InsertDimensionRequest, Request, RowData, UpdateCellsRequest,
};
use kepsync::sheet::Rgb;
use kepsync::sheets::batch::update_row;
use kepsync::sheets::cells::CellWrite;
use kepsync::sheets::{BatchRequest, SheetsAdapter, SheetsConfig, SheetsError};
use serde_json::json;
use sheets_env::{Env, ID, ODD, tabs};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_reads_every_tab_in_one_request() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let snap = sheets.snapshot(&tabs()).await.expect("snapshot");
    assert_eq!(env.emu.counts().reads, 1);
    assert_eq!(env.emu.counts().writes, 0);
    assert_eq!(snap.spreadsheet_id, ID);
    let titles: Vec<&str> = snap.tabs.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, tabs());
    let kc = snap.tab("KEP Collection").unwrap();
    assert_eq!(kc.text(1, 0), "1234");
    assert_eq!(kc.cell(1, 0).unwrap().background, Some(Rgb::GREEN));
    assert_eq!(
        kc.cell(1, 0).unwrap().link.as_deref(),
        Some("https://github.com/kubernetes/enhancements/issues/1234")
    );
    assert_eq!(kc.cell(1, 2).unwrap().formula.as_deref(), Some("=1+1"));
    assert_eq!(kc.text(1, 2), "2");
    assert_eq!(kc.text(2, 1), "=not a formula");
    assert_eq!(kc.cell(2, 1).unwrap().formula, None);
    assert_eq!(kc.cell(2, 1).unwrap().background, Some(Rgb::RED));
    assert_eq!((kc.row_count, kc.column_count), (1000, 26));
    let enh = snap.tab("Enhancements").unwrap();
    assert_eq!(enh.text(1, 2), "gap before");
    assert_eq!(enh.text(1, 0), "");
    assert!(snap.tab("Removed from Milestone").unwrap().rows.is_empty());
    let odd = snap.tab(ODD).unwrap();
    assert_eq!((odd.sheet_id, odd.text(0, 0)), (777, "odd"));
    assert_eq!(sheets.stats().reads, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_is_one_metadata_request() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let layouts = sheets.tab_layouts().await.expect("layouts");
    assert_eq!(layouts.len(), 5);
    assert_eq!(layouts[0].frozen_rows, 1);
    assert_eq!(layouts[4].title, ODD);
    let tabs = sheets.tabs().await.expect("tabs");
    assert!(tabs.iter().all(|t| t.rows.is_empty()));
    assert_eq!(env.emu.counts().reads, 2);
}

fn text_cell(s: &str) -> CellData {
    CellData {
        user_entered_value: Some(ExtendedValue {
            string_value: Some(s.into()),
            ..ExtendedValue::default()
        }),
        ..CellData::default()
    }
}

fn rows_range(sheet_id: i32, start: i32, end: i32) -> DimensionRange {
    DimensionRange {
        sheet_id: Some(sheet_id),
        dimension: Some("ROWS".into()),
        start_index: Some(start),
        end_index: Some(end),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_is_one_atomic_request_and_text_stays_text() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let write = CellWrite {
        text: Some("=HYPERLINK(\"http://evil\")".into()),
        background: Some(Rgb::YELLOW),
        link: Some("https://github.com/kubernetes/enhancements/pull/1".into()),
    };
    let requests = vec![
        Request {
            insert_dimension: Some(InsertDimensionRequest {
                range: Some(rows_range(0, 1, 2)),
                inherit_from_before: Some(false),
            }),
            ..Request::default()
        }
        .into(),
        update_row(
            0,
            1,
            0,
            &[
                write,
                CellWrite {
                    text: Some("new".into()),
                    ..CellWrite::default()
                },
            ],
        ),
        update_row(
            777,
            0,
            1,
            &[CellWrite {
                text: Some("beside odd".into()),
                ..CellWrite::default()
            }],
        ),
        Request {
            copy_paste: Some(CopyPasteRequest {
                source: Some(GridRange {
                    sheet_id: Some(0),
                    start_row_index: Some(2),
                    end_row_index: Some(3),
                    start_column_index: Some(0),
                    end_column_index: Some(3),
                }),
                destination: Some(GridRange {
                    sheet_id: Some(3),
                    start_row_index: Some(5),
                    end_row_index: Some(6),
                    start_column_index: Some(0),
                    end_column_index: Some(3),
                }),
                paste_type: Some("PASTE_NORMAL".into()),
                paste_orientation: None,
            }),
            ..Request::default()
        }
        .into(),
        Request {
            delete_dimension: Some(DeleteDimensionRequest {
                range: Some(rows_range(0, 3, 4)),
            }),
            ..Request::default()
        }
        .into(),
    ];
    let reply = sheets.apply(requests).await.expect("apply");
    assert_eq!(reply.replies.map(|r| r.len()), Some(5));
    assert_eq!(env.emu.counts().writes, 1);
    let snap = sheets.snapshot(&tabs()).await.expect("snapshot");
    let kc = snap.tab("KEP Collection").unwrap();
    let cell = kc.cell(1, 0).unwrap();
    assert_eq!(cell.text, "=HYPERLINK(\"http://evil\")");
    assert_eq!(cell.formula, None, "a stringValue is never a formula");
    assert_eq!(cell.background, Some(Rgb::YELLOW));
    assert_eq!(
        cell.link.as_deref(),
        Some("https://github.com/kubernetes/enhancements/pull/1")
    );
    assert_eq!(kc.text(1, 1), "new");
    assert_eq!(kc.text(2, 0), "1234", "old row 2 moved down by the insert");
    assert_eq!(kc.text(3, 0), "", "old row 3 deleted after the insert");
    let docs = snap.tab("Docs").unwrap();
    assert_eq!(docs.text(5, 0), "1234", "copied across sheets");
    assert_eq!(docs.cell(5, 2).unwrap().formula.as_deref(), Some("=1+1"));
    assert_eq!(docs.cell(5, 0).unwrap().background, Some(Rgb::GREEN));
    assert_eq!(snap.tab(ODD).unwrap().text(0, 1), "beside odd");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_request_leaves_everything_unwritten() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let before = env.dump();
    let bad = Request {
        update_cells: Some(UpdateCellsRequest {
            start: None,
            range: Some(GridRange {
                sheet_id: Some(4242),
                ..GridRange::default()
            }),
            rows: Some(vec![RowData {
                values: Some(vec![text_cell("x")]),
            }]),
            fields: Some("userEnteredValue".parse().unwrap()),
        }),
        ..Request::default()
    };
    let good = update_row(
        0,
        0,
        0,
        &[CellWrite {
            text: Some("changed".into()),
            ..CellWrite::default()
        }],
    );
    let err = sheets.apply(vec![good, bad.into()]).await.unwrap_err();
    match &err {
        SheetsError::Rejected {
            status,
            message,
            operation,
        } => {
            assert_eq!(*status, 400);
            assert_eq!(
                message,
                "Invalid requests[1].updateCells: No grid with id: 4242"
            );
            assert_eq!(operation, &format!("batchUpdate of spreadsheet {ID}"));
        }
        other => panic!("expected Rejected, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("batchUpdate of spreadsheet {ID}:"))
    );
    assert_eq!(env.dump(), before, "nothing half-written");
    assert_eq!(sheets.stats().retries, 0, "a 400 is not retried");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formulas_are_refused_before_sending() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let req = Request {
        update_cells: Some(UpdateCellsRequest {
            start: Some(GridCoordinate {
                sheet_id: Some(0),
                row_index: Some(0),
                column_index: Some(0),
            }),
            rows: Some(vec![RowData {
                values: Some(vec![CellData {
                    user_entered_value: Some(ExtendedValue {
                        formula_value: Some("=IMPORTDATA(\"http://x\")".into()),
                        ..ExtendedValue::default()
                    }),
                    ..CellData::default()
                }]),
            }]),
            fields: Some("userEnteredValue".parse().unwrap()),
            range: None,
        }),
        ..Request::default()
    };
    let text = update_row(
        0,
        0,
        0,
        &[CellWrite {
            text: Some("x".into()),
            ..CellWrite::default()
        }],
    );
    let err = sheets.apply(vec![text, req.into()]).await.unwrap_err();
    assert!(
        matches!(err, SheetsError::FormulaRefused { index: 1, .. }),
        "{err:?}"
    );
    assert_eq!(env.emu.counts().writes, 0);
    let nothing = sheets
        .apply(Vec::<BatchRequest>::new())
        .await
        .expect("empty apply");
    assert_eq!(nothing.replies.map(|r| r.len()), Some(0));
    assert_eq!(env.emu.counts().writes, 0, "an empty plan sends nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_tabs_are_all_named() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let wanted = ["Docs", "Nope", "Also 'missing'"].map(String::from);
    match sheets.snapshot(&wanted).await {
        Err(SheetsError::MissingTabs(missing)) => {
            assert_eq!(missing, ["Nope", "Also 'missing'"]);
        }
        other => panic!("expected MissingTabs, got {other:?}"),
    }
    assert_eq!(
        env.emu.counts().reads,
        2,
        "one failed read plus one metadata call"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_unshared_spreadsheets() {
    let env = Env::start().await;
    let cfg = SheetsConfig {
        spreadsheet_id: "doesNotExist".into(),
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.expect("connects");
    let err = sheets.snapshot(&tabs()).await.unwrap_err();
    assert!(
        matches!(&err, SheetsError::NotFound { spreadsheet } if spreadsheet == "doesNotExist"),
        "{err:?}"
    );
    let mut seed = sheets_env::seed();
    seed["spreadsheetId"] = json!("private");
    seed["shared"] = json!(false);
    env.emu.load(seed).unwrap();
    let cfg = SheetsConfig {
        spreadsheet_id: "private".into(),
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.expect("connects");
    let err = sheets.tabs().await.unwrap_err();
    assert!(
        matches!(err, SheetsError::PermissionDenied { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("get of spreadsheet private"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_is_checked() {
    let base = SheetsConfig {
        spreadsheet_id: ID.into(),
        token: Some("t".into()),
        ..SheetsConfig::default()
    };
    let remote_http = SheetsConfig {
        base_url: Some("http://sheets.example.com/".into()),
        ..base.clone()
    };
    assert!(matches!(
        SheetsAdapter::connect(remote_http).await,
        Err(SheetsError::Config(_))
    ));
    let bad_id = SheetsConfig {
        spreadsheet_id: "a/b#c".into(),
        ..base.clone()
    };
    assert!(matches!(
        SheetsAdapter::connect(bad_id).await,
        Err(SheetsError::Config(_))
    ));
    let no_key = SheetsConfig {
        token: None,
        credentials: Some("/nonexistent/key.json".into()),
        ..base
    };
    let err = SheetsAdapter::connect(no_key).await.unwrap_err();
    assert!(err.to_string().contains("/nonexistent/key.json"), "{err}");
}

/// google-sheets4 puts a values range into the URL path as given: `#` then starts a fragment and
/// the service sees a cut-off range. The adapter never puts titles in paths (ranges travel as
/// query parameters, which are encoded); a caller of the values methods must encode `%`, `#`, `?`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_paths_with_odd_titles_need_percent_encoding() {
    let env = Env::start().await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http();
    let mut hub = google_sheets4::Sheets::new(client, "token".to_string());
    hub.base_url(format!("{}/", env.server.url()));
    let raw = "'Bob''s #1 / 🌵 tab'!A1";
    match hub.spreadsheets().values_get(ID, raw).doit().await {
        Err(google_sheets4::Error::BadRequest(body)) => {
            assert_eq!(body["error"]["message"], "Unable to parse range: 'Bob''s ");
        }
        other => panic!("expected the cut-off range to be rejected, got {other:?}"),
    }
    let encoded = raw
        .replace('%', "%25")
        .replace('#', "%23")
        .replace('?', "%3F");
    let (_, vr) = hub
        .spreadsheets()
        .values_get(ID, &encoded)
        .doit()
        .await
        .expect("encoded range reads");
    assert_eq!(vr.range.as_deref(), Some("'Bob''s #1 / 🌵 tab'!A1"));
    assert_eq!(vr.values, Some(vec![vec![json!("odd")]]));
}

/// The emulators of these tests check every body against Google's discovery document (when the
/// shared copy is there), so "every body kepsync sends is accepted" is a claim about Google's
/// parser and cannot pass because nothing was checked: a body Google refuses, sent over raw
/// HTTP, gets Google's 400.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_test_emulator_refuses_a_body_google_would_refuse() {
    if !sheets_emulator::default_paths().iter().any(|p| p.is_file()) {
        eprintln!("SKIPPED: ../shared/sheets-discovery/sheets.v4.json is absent");
        return;
    }
    let env = Env::start().await;
    assert!(
        env.emu.validates_bodies(),
        "the discovery document is loaded"
    );
    let body = json!({"requests": [{"updateCells": {
        "start": {"sheetId": 0, "rowIndex": 0, "columnIndex": 0}, "fields": "userEnteredValue",
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}, "bogus": 1}]}]}}]});
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let req = hyper::Request::post(format!(
        "{}/v4/spreadsheets/{ID}:batchUpdate",
        env.server.url()
    ))
    .header("authorization", "Bearer test-token")
    .header("content-type", "application/json")
    .body(http_body_util::Full::new(bytes::Bytes::from(
        body.to_string(),
    )))
    .unwrap();
    let resp = client.request(req).await.expect("emulator answers");
    assert_eq!(resp.status(), 400);
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .unwrap()
        .to_bytes();
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        answer["error"]["message"],
        "Invalid JSON payload received. Unknown name \"bogus\" at 'requests[0].update_cells.rows[0].values[0]': Cannot find field."
    );
    assert_eq!(
        answer["error"]["details"][0]["fieldViolations"][0]["field"],
        "requests[0].update_cells.rows[0].values[0]"
    );
}
