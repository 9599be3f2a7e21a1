//! `kepsync run`: cycles on the cron schedule, never two at once, with metrics, health and a clean stop.

use crate::config::Config;
use crate::cycle::{CycleReport, Mode, Syncer};
use crate::ops::{self, Health, Metrics, RequestTally, StopSignals};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::{Mutex, mpsc};
use tokio_cron_scheduler::{Job, JobScheduler};

/// How long a stop waits for the cycle in flight.
const STOP_GRACE: Duration = Duration::from_secs(60);

/// Runs until SIGTERM/SIGINT; returns once the cycle in flight (if any) has finished.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let mut signals = StopSignals::install()?;
    let period = schedule_period(&config.schedule);
    let metrics = Arc::new(Metrics::new());
    let health = Arc::new(Health::new(period, Instant::now()));
    let (stop_server, server) = start_ops_server(&config, &metrics, &health).await?;
    let syncer = Arc::new(super::connect(config.clone()).await?);
    health.set_ready(true);

    let (tick_tx, mut ticks) = mpsc::channel::<()>(1);
    let mut scheduler = JobScheduler::new().await?;
    let job_metrics = metrics.clone();
    scheduler
        .add(Job::new_async(
            config.schedule.as_str(),
            move |_id, _lock| {
                let tx = tick_tx.clone();
                let metrics = job_metrics.clone();
                Box::pin(async move {
                    if tx.try_send(()).is_err() {
                        metrics.record_missed_tick();
                        tracing::warn!("schedule tick missed: the previous cycle is still running");
                    }
                })
            },
        )?)
        .await?;
    scheduler.start().await?;
    tracing::info!(schedule = %config.schedule, "kepsync running");

    let busy = Arc::new(Mutex::new(()));
    run_cycle(&syncer, &metrics, &health, &busy).await;
    loop {
        tokio::select! {
            Some(()) = ticks.recv() => run_cycle(&syncer, &metrics, &health, &busy).await,
            signal = signals.recv() => {
                tracing::info!(signal = signal.name(), "stopping");
                break;
            }
        }
    }
    health.set_ready(false);
    let _ = scheduler.shutdown().await;
    if tokio::time::timeout(STOP_GRACE, busy.lock()).await.is_err() {
        tracing::warn!("the cycle in flight did not finish within {STOP_GRACE:?}");
    }
    let _ = stop_server.send(());
    let _ = server.await;
    Ok(())
}

async fn start_ops_server(
    config: &Config,
    metrics: &Arc<Metrics>,
    health: &Arc<Health>,
) -> anyhow::Result<(
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
)> {
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = match &config.server.listen {
        Some(addr) => {
            let listener = ops::bind_ops(addr).await?;
            tracing::info!(addr = %listener.local_addr()?, "serving /metrics, /healthz and /readyz");
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

/// One scheduled cycle; `busy` guarantees cycles never overlap.
async fn run_cycle(syncer: &Syncer, metrics: &Metrics, health: &Health, busy: &Mutex<()>) {
    let Ok(_guard) = busy.try_lock() else {
        metrics.record_missed_tick();
        return;
    };
    let started = Instant::now();
    let result = syncer.cycle(Mode::Apply).await;
    let report = ops_report(&result, started.elapsed());
    metrics.observe(&report);
    report.log_summary();
    match result {
        Ok(r) => {
            if r.applied {
                for line in r.plan.to_string().lines() {
                    tracing::info!(target: "kepsync::change", "{line}");
                }
            }
            tracing::info!("{}", r.summary());
            health.record_success(Instant::now());
        }
        Err(e) => {
            tracing::error!(kind = e.kind(), "cycle failed: {e}");
            health.record_failure();
        }
    }
}

fn ops_report(
    result: &Result<CycleReport, crate::cycle::CycleError>,
    duration: Duration,
) -> ops::CycleReport {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0);
    let mut report = ops::CycleReport {
        outcome: result.as_ref().map(|_| ()).map_err(|e| e.kind()),
        duration,
        sheets: RequestTally::default(),
        github: RequestTally::default(),
        github_rate_limit_remaining: None,
        rows_by_status: Vec::new(),
        changes: 0,
        finished_at_unix: now,
    };
    if let Ok(r) = result {
        report.sheets = RequestTally {
            ok: r.sheets_reads + r.sheets_writes,
            ..RequestTally::default()
        };
        report.github = RequestTally {
            ok: u64::from(r.github.requests - r.github.not_modified),
            not_modified: u64::from(r.github.not_modified),
            retry: u64::from(r.github.retries),
            error: 0,
        };
        report.github_rate_limit_remaining = r.github.rate_limit_remaining;
        report.rows_by_status = r.rows_by_status.clone();
        report.changes = if r.applied {
            r.plan.change_count() as u64
        } else {
            0
        };
    }
    report
}

/// The time between two ticks of a 6-field cron schedule (5 minutes if it cannot be told).
pub fn schedule_period(schedule: &str) -> Duration {
    let fields: Vec<&str> = schedule.split_whitespace().collect();
    let step = |f: &str| f.strip_prefix("*/").and_then(|n| n.parse::<u64>().ok());
    match fields.as_slice() {
        [s, "*", "*", "*", "*", "*"] => Duration::from_secs(step(s).unwrap_or(60)),
        [_, m, "*", "*", "*", "*"] => Duration::from_secs(60 * step(m).unwrap_or(1)),
        [_, _, h, "*", "*", "*"] => Duration::from_secs(3600 * step(h).unwrap_or(24)),
        _ => Duration::from_secs(300),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_of_common_schedules() {
        assert_eq!(schedule_period("0 */5 * * * *"), Duration::from_secs(300));
        assert_eq!(schedule_period("*/2 * * * * *"), Duration::from_secs(2));
        assert_eq!(schedule_period("0 0 */2 * * *"), Duration::from_secs(7200));
        assert_eq!(schedule_period("@hourly"), Duration::from_secs(300));
    }
}
