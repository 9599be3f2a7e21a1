//! The ops HTTP endpoint: `/metrics`, `/healthz` and `/readyz` over the emulator-kit hyper server.

use super::health::{Health, HealthStatus};
use super::metrics::Metrics;
use anyhow::Context;
use emulator_kit::{Handler, Outcome, Request, Response};
use http::Method;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;

pub const PATH_METRICS: &str = "/metrics";
pub const PATH_HEALTHZ: &str = "/healthz";
pub const PATH_READYZ: &str = "/readyz";
/// The content type of [`Metrics::encode`], served when the scraper accepts OpenMetrics.
pub const CONTENT_TYPE_METRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// The content type of [`Metrics::encode_prometheus_text`], served otherwise (curl, old scrapers).
pub const CONTENT_TYPE_PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
const CONTENT_TYPE_PLAIN: &str = "text/plain; charset=utf-8";

/// Binds the ops listener, naming the address when that fails (in use, bad address).
pub async fn bind_ops(addr: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding the ops server (metrics, health) to {addr}"))
}

/// Serves `/metrics`, `/healthz` and `/readyz` on `listener` until `shutdown` completes.
///
/// `clock` gives "now" for the health check (pass `Instant::now`; tests pass a fake).
pub async fn serve_ops(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    clock: impl Fn() -> Instant + Send + Sync + 'static,
    shutdown: impl Future<Output = ()>,
) {
    let handler = OpsHandler::new(metrics, health, clock);
    emulator_kit::serve(listener, Arc::new(handler), shutdown).await;
}

/// The request handler behind [`serve_ops`] (usable directly for in-process tests).
pub struct OpsHandler {
    metrics: Arc<Metrics>,
    health: Arc<Health>,
    clock: Box<dyn Fn() -> Instant + Send + Sync>,
}

impl OpsHandler {
    pub fn new(
        metrics: Arc<Metrics>,
        health: Arc<Health>,
        clock: impl Fn() -> Instant + Send + Sync + 'static,
    ) -> Self {
        OpsHandler {
            metrics,
            health,
            clock: Box::new(clock),
        }
    }

    fn route(&self, request: &Request) -> Response {
        let path = request.path.as_str();
        if ![PATH_METRICS, PATH_HEALTHZ, PATH_READYZ].contains(&path) {
            return plain(404, "not found: try /metrics, /healthz or /readyz\n");
        }
        if request.method != Method::GET && request.method != Method::HEAD {
            return plain(405, "method not allowed\n").header("allow", "GET, HEAD");
        }
        match path {
            PATH_METRICS => self.metrics(request),
            PATH_HEALTHZ => self.healthz(),
            _ => self.readyz(),
        }
    }

    fn metrics(&self, request: &Request) -> Response {
        let openmetrics = request
            .header("accept")
            .is_some_and(|accept| accept.contains("application/openmetrics-text"));
        let (body, content_type) = if openmetrics {
            (self.metrics.encode(), CONTENT_TYPE_METRICS)
        } else {
            (
                self.metrics.encode_prometheus_text(),
                CONTENT_TYPE_PROMETHEUS_TEXT,
            )
        };
        Response::new(200, body).header("content-type", content_type)
    }

    fn healthz(&self) -> Response {
        match self.health.status((self.clock)()) {
            HealthStatus::Healthy => plain(200, "ok\n"),
            HealthStatus::Unhealthy(reason) => plain(503, format!("unhealthy: {reason}\n")),
        }
    }

    fn readyz(&self) -> Response {
        if self.health.ready() {
            plain(200, "ready\n")
        } else {
            plain(503, "not ready\n")
        }
    }
}

impl Handler for OpsHandler {
    fn handle(&self, request: Request) -> Outcome {
        self.route(&request).into()
    }
}

fn plain(status: u16, body: impl Into<bytes::Bytes>) -> Response {
    Response::new(status, body)
        .header("content-type", CONTENT_TYPE_PLAIN)
        .header("cache-control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use http::HeaderMap;
    use std::time::Duration;

    fn handler() -> OpsHandler {
        let t0 = Instant::now();
        let health = Arc::new(Health::new(Duration::from_secs(60), t0));
        OpsHandler::new(Arc::new(Metrics::new()), health, move || t0)
    }

    fn call(h: &OpsHandler, method: Method, path: &str, accept: Option<&str>) -> Response {
        let mut headers = HeaderMap::new();
        if let Some(a) = accept.and_then(|a| a.parse().ok()) {
            headers.insert("accept", a);
        }
        h.route(&Request::new(method, path, headers, Bytes::new()))
    }

    #[test]
    fn negotiates_openmetrics_or_prometheus_text() {
        let h = handler();
        let om = call(
            &h,
            Method::GET,
            "/metrics",
            Some("application/openmetrics-text;version=1.0.0,text/plain;q=0.5"),
        );
        assert_eq!(om.header_value("content-type"), Some(CONTENT_TYPE_METRICS));
        assert!(om.body.ends_with(b"# EOF\n"));
        let text = call(&h, Method::GET, "/metrics", None);
        assert_eq!(
            text.header_value("content-type"),
            Some(CONTENT_TYPE_PROMETHEUS_TEXT)
        );
        assert!(!text.body.ends_with(b"# EOF\n"));
    }

    #[test]
    fn unknown_paths_and_methods_are_refused() {
        let h = handler();
        assert_eq!(call(&h, Method::GET, "/", None).status, 404);
        assert_eq!(call(&h, Method::GET, "/metricsx", None).status, 404);
        let post = call(&h, Method::POST, "/healthz", None);
        assert_eq!(
            (post.status, post.header_value("allow")),
            (405, Some("GET, HEAD"))
        );
        assert_eq!(call(&h, Method::HEAD, "/healthz", None).status, 200);
    }

    #[test]
    fn ready_only_once_set() {
        let h = handler();
        assert_eq!(call(&h, Method::GET, "/readyz", None).status, 503);
        h.health.set_ready(true);
        assert_eq!(call(&h, Method::GET, "/readyz", None).status, 200);
    }
}
