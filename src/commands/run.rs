//! `kepsync run`: installs the stop signals, builds the daemon's dependencies (adapters, metrics,
//! health, the ops listener, the schedule's ticks) and runs [`crate::daemon::run`] until SIGTERM
//! or SIGINT.

use crate::config::Config;
use crate::daemon::{self, Deps, schedule};
use crate::ops::{self, Health, Metrics, StopSignals};
use anyhow::Context;
use std::sync::Arc;
use std::time::Instant;

pub use crate::daemon::STOP_GRACE;

/// Runs until SIGTERM/SIGINT; returns once the cycle in flight (if any) has finished.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let mut signals = StopSignals::install().context("installing SIGTERM/SIGINT handlers")?;
    let period = schedule::period(&config.schedule)?;
    // Before anything listens: without a token no cycle could read GitHub.
    let token = super::github_token(&config)?;
    let metrics = Arc::new(Metrics::new());
    let health = Arc::new(Health::new(period, Instant::now()));
    let ops = match &config.server.listen {
        Some(addr) => {
            let listener = ops::bind_ops(addr).await?;
            let bound = listener.local_addr()?;
            tracing::info!(addr = %bound, "serving /metrics, /healthz and /readyz");
            Some(listener)
        }
        None => None,
    };
    let schedule_text = config.schedule.clone();
    let syncer = super::connect_with_token(config, Some(token.expose().to_string())).await?;
    let (ticks, mut scheduler) = daemon::start_ticks(&schedule_text, &metrics).await?;
    tracing::info!(schedule = %schedule_text, period_s = period.as_secs(), "kepsync running");
    let deps = Deps {
        syncer,
        metrics,
        health,
        ticks,
        ops,
    };
    daemon::run(deps, signals.recv()).await;
    if let Err(e) = scheduler.shutdown().await {
        tracing::warn!("stopping the scheduler: {e}");
    }
    Ok(())
}
