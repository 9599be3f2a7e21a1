//! The cron schedule as a stream of ticks: tokio-cron-scheduler fires, the daemon's loop receives.

use super::missed_tick;
use crate::ops::Metrics;
use anyhow::Context;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio_cron_scheduler::{Job, JobScheduler};

/// Ticks buffered between the scheduler and the main loop (the loop drains them at once).
const TICK_BUFFER: usize = 16;

/// Starts the cron scheduler; each tick arrives on the returned channel. Shut the scheduler down
/// once the daemon has returned.
pub async fn start_ticks(
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
