//! `kepsync run`: cycles on the cron schedule, never two at once, with metrics, health and a clean stop.
//!
//! The main loop owns at most one cycle task. A tick while it runs is counted in
//! `kepsync_missed_ticks_total` and logged, never queued (an overrun is not followed by a
//! doubled cycle). SIGTERM/SIGINT mark the daemon not ready, wait for the cycle in flight (at most
//! [`STOP_GRACE`]), stop the ops server and return.

use super::run_cycle::run_cycle;
use super::run_loop;
use super::schedule;
use crate::config::Config;
use crate::cycle::Syncer;
use crate::ops::{self, Health, Metrics, StopSignals};
use anyhow::Context;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_cron_scheduler::{Job, JobScheduler};

/// How long a stop waits for the cycle in flight (below the manifests' 90 s termination grace).
pub const STOP_GRACE: Duration = Duration::from_secs(60);

/// Ticks buffered between the scheduler and the main loop (the loop drains them at once).
const TICK_BUFFER: usize = 16;

/// What every cycle shares.
struct Daemon {
    syncer: Syncer,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
}

/// Runs until SIGTERM/SIGINT; returns once the cycle in flight (if any) has finished.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let mut signals = StopSignals::install().context("installing SIGTERM/SIGINT handlers")?;
    let period = schedule::period(&config.schedule)?;
    // Before anything listens: without a token no cycle could read GitHub.
    let token = super::github_token(&config)?;
    let metrics = Arc::new(Metrics::new());
    let health = Arc::new(Health::new(period, Instant::now()));
    let (stop_server, server) = start_ops_server(&config, &metrics, &health).await?;
    let schedule_text = config.schedule.clone();
    let syncer = super::connect_with_token(config, Some(token.expose().to_string())).await?;
    let (mut ticks, mut scheduler) = start_ticks(&schedule_text, &metrics).await?;
    health.set_ready(true);
    tracing::info!(schedule = %schedule_text, period_s = period.as_secs(), "kepsync running");

    let daemon = Arc::new(Daemon {
        syncer,
        metrics,
        health: health.clone(),
    });
    let missed_metrics = daemon.metrics.clone();
    let (signal, in_flight) = run_loop::drive(
        &mut ticks,
        signals.recv(),
        || spawn_cycle(&daemon),
        move || missed_tick(&missed_metrics),
    )
    .await;
    tracing::info!(
        signal = signal.name(),
        cycle_in_flight = in_flight.is_some(),
        "stopping"
    );
    health.set_ready(false);
    if let Err(e) = scheduler.shutdown().await {
        tracing::warn!("stopping the scheduler: {e}");
    }
    run_loop::finish_in_flight(in_flight, STOP_GRACE).await;
    let _ = stop_server.send(());
    let _ = server.await;
    tracing::info!("stopped");
    Ok(())
}

fn spawn_cycle(daemon: &Arc<Daemon>) -> JoinHandle<()> {
    let daemon = daemon.clone();
    tokio::spawn(async move { run_cycle(&daemon.syncer, &daemon.metrics, &daemon.health).await })
}

fn missed_tick(metrics: &Metrics) {
    metrics.record_missed_tick();
    tracing::warn!("schedule tick missed: the previous cycle is still running");
}

/// Starts the cron scheduler; each tick arrives on the returned channel.
async fn start_ticks(
    schedule: &str,
    metrics: &Arc<Metrics>,
) -> anyhow::Result<(mpsc::Receiver<()>, JobScheduler)> {
    let (tick_tx, ticks) = mpsc::channel::<()>(TICK_BUFFER);
    let scheduler = JobScheduler::new().await?;
    let metrics = metrics.clone();
    let job = Job::new_async(schedule, move |_id, _lock| {
        let tx = tick_tx.clone();
        let metrics = metrics.clone();
        Box::pin(async move {
            if tx.try_send(()).is_err() {
                missed_tick(&metrics);
            }
        })
    })
    .with_context(|| format!("schedule {schedule:?}"))?;
    scheduler.add(job).await?;
    scheduler.start().await?;
    Ok((ticks, scheduler))
}

async fn start_ops_server(
    config: &Config,
    metrics: &Arc<Metrics>,
    health: &Arc<Health>,
) -> anyhow::Result<(oneshot::Sender<()>, JoinHandle<()>)> {
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let task = match &config.server.listen {
        Some(addr) => {
            let listener = ops::bind_ops(addr).await?;
            let bound = listener.local_addr()?;
            tracing::info!(addr = %bound, "serving /metrics, /healthz and /readyz");
            let (m, h) = (metrics.clone(), health.clone());
            tokio::spawn(async move {
                ops::serve_ops(listener, m, h, Instant::now, async move {
                    let _ = stop_rx.await;
                })
                .await
            })
        }
        None => tokio::spawn(async {}),
    };
    Ok((stop_tx, task))
}
