//! The ops endpoint over real HTTP: metrics move after `observe`, health follows an injected clock.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use kepsync::ops::{
    CONTENT_TYPE_METRICS, CycleRecord, Health, Metrics, RequestTally, bind_ops, scrape, serve_ops,
};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const PERIOD: Duration = Duration::from_secs(60);

/// A running ops server whose clock the test moves by hand.
struct Fixture {
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    t0: Instant,
    elapsed_secs: Arc<AtomicU64>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    client: Client<HttpConnector, Empty<Bytes>>,
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

impl Fixture {
    async fn start() -> Fixture {
        let t0 = Instant::now();
        let elapsed_secs = Arc::new(AtomicU64::new(0));
        let metrics = Arc::new(Metrics::new());
        let health = Arc::new(Health::new(PERIOD, t0));
        let listener = bind_ops("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let clock = {
            let elapsed = elapsed_secs.clone();
            move || t0 + Duration::from_secs(elapsed.load(Ordering::SeqCst))
        };
        let task = tokio::spawn(serve_ops(
            listener,
            metrics.clone(),
            health.clone(),
            clock,
            async move {
                let _ = stopped.await;
            },
        ));
        let client = Client::builder(TokioExecutor::new()).build_http();
        Fixture {
            addr,
            metrics,
            health,
            t0,
            elapsed_secs,
            stop: Some(stop),
            task,
            client,
        }
    }

    fn set_clock(&self, secs: u64) -> Instant {
        self.elapsed_secs.store(secs, Ordering::SeqCst);
        self.t0 + Duration::from_secs(secs)
    }

    async fn get(&self, path: &str, accept: Option<&str>) -> Answer {
        let mut request = http::Request::get(format!("http://{}{path}", self.addr));
        if let Some(accept) = accept {
            request = request.header("accept", accept);
        }
        let request = request.body(Empty::new()).expect("request");
        let response = self.client.request(request).await.expect("response");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let body = response.into_body().collect().await.expect("body");
        let body = String::from_utf8(body.to_bytes().to_vec()).expect("utf-8 body");
        Answer {
            status,
            content_type,
            body,
        }
    }

    async fn metric(&self, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
        let answer = self.get("/metrics", None).await;
        assert_eq!(answer.status, 200);
        scrape::sample(&answer.body, name, labels)
    }
}

fn report(outcome: Result<(), &'static str>, changes: u64) -> CycleRecord {
    CycleRecord {
        outcome,
        duration: Duration::from_millis(800),
        sheets: RequestTally {
            ok: 2,
            ..RequestTally::default()
        },
        github: RequestTally {
            ok: 1,
            not_modified: 12,
            ..RequestTally::default()
        },
        github_rate_limit_remaining: Some(4999),
        rows_by_status: vec![("Enhancements".into(), "Tracked".into(), 21)],
        changes,
        finished_at_unix: 1_790_000_000.0,
        board: Default::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_move_as_cycles_are_observed() {
    let f = Fixture::start().await;
    assert_eq!(f.metric("kepsync_cycles_total", &[]).await, Some(0.0));
    f.metrics.observe(&report(Ok(()), 5));
    f.metrics.observe(&report(Err("github"), 0));
    assert_eq!(f.metric("kepsync_cycles_total", &[]).await, Some(2.0));
    let github_kind = [("kind", "github")];
    let failures = f.metric("kepsync_cycle_failures_total", &github_kind).await;
    assert_eq!(failures, Some(1.0));
    let nm = [("outcome", "not_modified")];
    let not_modified = f.metric("kepsync_github_requests_total", &nm).await;
    assert_eq!(not_modified, Some(24.0));
    let tracked = [("tab", "Enhancements"), ("status", "Tracked")];
    assert_eq!(f.metric("kepsync_rows", &tracked).await, Some(21.0));
    assert_eq!(
        f.metric("kepsync_changes_applied_total", &[]).await,
        Some(5.0)
    );

    let om = f
        .get("/metrics", Some("application/openmetrics-text"))
        .await;
    assert_eq!(om.content_type, CONTENT_TYPE_METRICS);
    assert!(om.body.ends_with("# EOF\n"), "{}", om.body);
    assert_eq!(
        scrape::sample(&om.body, "kepsync_cycles_total", &[]),
        Some(2.0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_fails_once_the_last_success_is_older_than_three_periods() {
    let f = Fixture::start().await;
    assert_eq!(f.get("/healthz", None).await.status, 200);
    let success = f.set_clock(100);
    f.health.record_success(success);
    f.set_clock(100 + 180);
    let healthy = f.get("/healthz", None).await;
    assert_eq!((healthy.status, healthy.body.as_str()), (200, "ok\n"));

    f.health.record_failure();
    f.set_clock(100 + 181);
    let unhealthy = f.get("/healthz", None).await;
    assert_eq!(unhealthy.status, 503, "{}", unhealthy.body);
    assert!(unhealthy.body.contains("181s ago"), "{}", unhealthy.body);
    assert!(
        unhealthy.body.contains("1 consecutive"),
        "{}",
        unhealthy.body
    );

    f.health.record_success(f.set_clock(400));
    assert_eq!(f.get("/healthz", None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_follows_set_ready_and_other_paths_are_404() {
    let f = Fixture::start().await;
    assert_eq!(f.get("/readyz", None).await.status, 503);
    f.health.set_ready(true);
    assert_eq!(f.get("/readyz", None).await.status, 200);
    assert_eq!(f.get("/", None).await.status, 404);
    assert_eq!(f.get("/metrics/extra", None).await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stops_accepting_when_shutdown_completes() {
    let mut f = Fixture::start().await;
    assert_eq!(f.get("/healthz", None).await.status, 200);
    if let Some(stop) = f.stop.take() {
        let _ = stop.send(());
    }
    (&mut f.task).await.expect("server task ends");
    let refused = tokio::net::TcpStream::connect(f.addr).await;
    assert!(refused.is_err(), "listener still open after shutdown");
}

#[tokio::test]
async fn bind_errors_name_the_address() {
    let err = bind_ops("256.0.0.1:9090").await.expect_err("bad address");
    assert!(format!("{err:#}").contains("256.0.0.1:9090"), "{err:#}");
}
