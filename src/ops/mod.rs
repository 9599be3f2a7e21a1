//! Operating kepsync as a service: Prometheus metrics, health, the ops HTTP endpoint and logging.
//!
//! # Wiring it into a daemon
//!
//! ```no_run
//! # async fn daemon() -> anyhow::Result<()> {
//! use kepsync::ops::{Health, LogFormat, Metrics, bind_ops, init_logging, serve_ops};
//! use std::{sync::Arc, time::{Duration, Instant}};
//!
//! init_logging(LogFormat::Human)?;
//! let period = Duration::from_secs(300); // the schedule's period
//! let metrics = Arc::new(Metrics::new());
//! let health = Arc::new(Health::new(period, Instant::now()));
//! let listener = bind_ops("0.0.0.0:9090").await?;
//! let mut stop_signals = kepsync::ops::StopSignals::install()?; // before the first cycle
//! let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
//! let server = tokio::spawn(serve_ops(listener, metrics.clone(), health.clone(), Instant::now,
//!     async move { let _ = stop_rx.await; }));
//! health.set_ready(true); // config loaded, clients built
//! // each cycle: build a `CycleRecord`, then
//! //   metrics.observe(&report); report.log_summary(None);
//! //   if report.outcome.is_ok() { health.record_success(Instant::now()) } else { health.record_failure() }
//! // select! { tick => run a cycle, signal = stop_signals.recv() => break }
//! // on a signal: health.set_ready(false); let the cycle in flight finish (bounded); then
//! let _ = stop_tx.send(());
//! server.await?;
//! # Ok(()) }
//! ```

mod health;
mod logging;
mod metrics;
mod report;
pub mod scrape;
mod server;
mod shutdown;

pub use health::{Health, HealthStatus, PERIODS_OF_GRACE};
pub use logging::{DEFAULT_FILTER, LogFormat, LoggingError, env_filter, init_logging, subscriber};
pub use metrics::{FAILURE_KINDS, Metrics};
pub use report::{BoardTally, CycleRecord, RequestTally};
pub use server::{
    CONTENT_TYPE_METRICS, CONTENT_TYPE_PROMETHEUS_TEXT, OpsHandler, PATH_HEALTHZ, PATH_METRICS,
    PATH_READYZ, bind_ops, serve_ops,
};
pub use shutdown::{StopSignal, StopSignals};
