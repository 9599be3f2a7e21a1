//! The adapter's retries through the real client: injected 429/503, dropped connections and
//! slow answers are retried with backoff; past the policy the error names spreadsheet and
//! operation and nothing is half-written. The waits themselves are checked in paused (virtual)
//! tokio time, client and emulator on one runtime, so they are exact and cost no real time.

use crate::support::sheets_env;
use crate::support::world::World;
use kepsync::sheets::batch::update_row;
use kepsync::sheets::cells::CellWrite;
use kepsync::sheets::{RetryPolicy, SheetsAdapter, SheetsConfig, SheetsError};
use serde_json::json;
use sheets_emulator::emulator_kit::{Handler, Outcome, Request};
use sheets_env::{Env, ID, tabs};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn write_a1(text: &str) -> kepsync::sheets::BatchRequest {
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
            ..sheets_env::fast_retry()
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

/// An emulator whose handler notes the (tokio, so virtual when paused) arrival time of each
/// API request.
async fn clocked_env() -> (Env, Arc<Mutex<Vec<tokio::time::Instant>>>) {
    struct Clocked {
        inner: Arc<dyn Handler>,
        times: Arc<Mutex<Vec<tokio::time::Instant>>>,
    }
    impl Handler for Clocked {
        fn handle(&self, request: Request) -> Outcome {
            if !request.path.starts_with("/_emulator/") {
                self.times
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(tokio::time::Instant::now());
            }
            self.inner.handle(request)
        }
    }
    let times = Arc::new(Mutex::new(Vec::new()));
    let t = times.clone();
    let (emu, server) = World::new(sheets_env::seed())
        .sheets_through(move |emu| {
            Arc::new(Clocked {
                inner: emu.handler(),
                times: t,
            })
        })
        .serve_sheets()
        .await;
    (Env { emu, server }, times)
}

/// The gaps between consecutive arrivals, in milliseconds.
fn gaps_ms(times: &Mutex<Vec<tokio::time::Instant>>) -> Vec<u128> {
    let t = times.lock().unwrap_or_else(|e| e.into_inner());
    t.windows(2).map(|w| (w[1] - w[0]).as_millis()).collect()
}

#[tokio::test(start_paused = true)]
async fn a_429_on_the_write_waits_out_retry_after_in_virtual_time() {
    let (env, times) = clocked_env().await;
    let cfg = SheetsConfig {
        retry: RetryPolicy::default(),
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.expect("adapter");
    env.fault(json!({"count": 1, "path": ":batchUpdate", "status": 429, "retry_after": 20}));
    sheets
        .apply(vec![write_a1("after Retry-After")])
        .await
        .expect("written after waiting");
    let gaps = gaps_ms(&times);
    assert_eq!(gaps.len(), 1, "one retry: {gaps:?}");
    // Retry-After (20 s) beats the first backoff (0.5–0.75 s); no later than it either.
    assert!((20_000..20_100).contains(&gaps[0]), "{gaps:?}");
    assert_eq!(env.dump()["sheets"][0]["rows"][0][0], "after Retry-After");
}

#[tokio::test(start_paused = true)]
async fn backoff_doubles_with_jitter_and_stops_at_max_delay_in_virtual_time() {
    let (env, times) = clocked_env().await;
    let cfg = SheetsConfig {
        retry: RetryPolicy {
            max_attempts: 7,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(5),
            budget: Duration::from_secs(600),
            request_timeout: Duration::from_secs(60),
        },
        ..env.config()
    };
    let sheets = SheetsAdapter::connect(cfg).await.expect("adapter");
    env.fault(json!({"count": 5, "method": "GET", "status": 503}));
    sheets.tabs().await.expect("tabs after five 503s");
    let gaps = gaps_ms(&times);
    // base·2^(n-1) plus up to half again of jitter, capped at max_delay (5 s).
    let bounds = [
        (1_000, 1_500),
        (2_000, 3_000),
        (4_000, 5_000),
        (5_000, 5_000),
        (5_000, 5_000),
    ];
    assert_eq!(gaps.len(), bounds.len(), "{gaps:?}");
    for (gap, (lo, hi)) in gaps.iter().zip(bounds) {
        assert!(
            (lo..=hi + 50).contains(gap),
            "gap {gap} ms outside {lo}–{hi}: {gaps:?}"
        );
    }
    assert_eq!(sheets.stats().retries, 5);
}
