//! The adapter's retries through the real client: injected 429/503, dropped connections and
//! slow answers are retried with backoff; past the policy the error names spreadsheet and
//! operation and nothing is half-written.

#[path = "sheets_support/mod.rs"]
mod support;

use kepsync::sheets::cells::{CellWrite, update_row};
use kepsync::sheets::{RetryPolicy, SheetsAdapter, SheetsConfig, SheetsError};
use serde_json::json;
use std::time::Duration;
use support::{Env, ID, tabs};

fn write_a1(text: &str) -> google_sheets4::api::Request {
    update_row(
        0,
        0,
        0,
        &[CellWrite {
            text: Some(text.into()),
            ..CellWrite::default()
        }],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_after_429_and_503() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    env.fault(json!({"count": 1, "method": "GET", "status": 429}));
    env.fault(json!({"count": 1, "method": "GET", "status": 503}));
    let snap = sheets
        .snapshot(&tabs())
        .await
        .expect("snapshot after retries");
    assert_eq!(snap.tabs.len(), 5);
    let stats = sheets.stats();
    assert_eq!((stats.reads, stats.retries, stats.failures), (3, 2, 0));
    env.fault(json!({"count": 1, "method": "POST", "path": ":batchUpdate", "status": 503}));
    sheets
        .apply(vec![write_a1("after 503")])
        .await
        .expect("apply after retry");
    assert_eq!(env.emu.counts().writes, 2);
    assert_eq!(env.dump()["sheets"][0]["rows"][0][0], "after 503");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn honours_retry_after() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    // The budget (10 s) cannot fit the server's Retry-After (60 s): the adapter must give up
    // at once rather than retry early.
    env.fault(json!({"count": 1, "status": 429, "retry_after": 60}));
    match sheets.tabs().await {
        Err(SheetsError::Exhausted { attempts, .. }) => assert_eq!(attempts, 1),
        other => panic!("expected Exhausted, got {other:?}"),
    }
    env.fault(json!({"count": 1, "status": 429}));
    sheets
        .tabs()
        .await
        .expect("without Retry-After the backoff fits the budget");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_dropped_connections_and_timeouts() {
    let env = Env::start().await;
    let cfg = SheetsConfig {
        retry: RetryPolicy {
            request_timeout: Duration::from_millis(300),
            ..support::fast_retry()
        },
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.unwrap();
    env.fault(json!({"count": 1, "drop": true}));
    sheets
        .tabs()
        .await
        .expect("tabs after a dropped connection");
    env.fault(json!({"count": 1, "delay_ms": 2000}));
    sheets.tabs().await.expect("tabs after a timeout");
    assert_eq!(sheets.stats().retries, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gives_up_with_a_clear_error_and_nothing_written() {
    let env = Env::start().await;
    let sheets = env.adapter().await;
    let before = env.dump();
    env.fault(json!({"count": 10, "path": ":batchUpdate", "status": 503}));
    let err = sheets.apply(vec![write_a1("never")]).await.unwrap_err();
    match &err {
        SheetsError::Exhausted {
            operation,
            attempts,
            last,
        } => {
            assert_eq!(operation, &format!("batchUpdate of spreadsheet {ID}"));
            assert_eq!(*attempts, 4);
            assert!(last.contains("503"), "{last}");
        }
        other => panic!("expected Exhausted, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with(&format!("batchUpdate of spreadsheet {ID}:"))
    );
    assert_eq!(env.dump(), before);
    let stats = sheets.stats();
    assert_eq!((stats.writes, stats.retries, stats.failures), (4, 3, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stops_at_the_time_budget() {
    let env = Env::start().await;
    let cfg = SheetsConfig {
        retry: RetryPolicy {
            max_attempts: 100,
            base_delay: Duration::from_millis(40),
            max_delay: Duration::from_millis(40),
            budget: Duration::from_millis(100),
            request_timeout: Duration::from_secs(5),
        },
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.unwrap();
    env.fault(json!({"count": 100, "status": 500}));
    match sheets.tabs().await {
        Err(SheetsError::Exhausted { attempts, .. }) => assert!(attempts < 100, "{attempts}"),
        other => panic!("expected Exhausted, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_429_is_retried_until_budget() {
    let env = Env::start().await;
    env.emu.set_quota(true);
    let sheets = env.adapter().await;
    for _ in 0..60 {
        sheets.tabs().await.expect("within quota");
    }
    match sheets.tabs().await {
        Err(SheetsError::Exhausted { last, .. }) => {
            assert!(
                last.contains("Quota exceeded for quota metric 'Read requests'"),
                "{last}"
            );
        }
        other => panic!("expected Exhausted by quota, got {other:?}"),
    }
}
