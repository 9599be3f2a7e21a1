//! The daemon (`kepsync run`): cycles on the schedule, never two at once, with metrics, health and
//! a clean stop. Its entry, [`run`], takes everything it needs ([`Deps`]) and the future that
//! asks it to stop, so it runs the same under a signal handler and in a test.
//!
//! The main loop owns at most one cycle task. A tick while it runs is counted in
//! `kepsync_missed_ticks_total` and logged, never queued (an overrun is not followed by a
//! doubled cycle). When `shutdown` completes, the daemon turns not ready, waits for the cycle in
//! flight (at most [`STOP_GRACE`]), stops the ops server and returns.

mod cycle;
mod main_loop;
pub mod schedule;
mod ticks;

pub use cycle::run_cycle;
pub use ticks::start_ticks;

use crate::cycle::Syncer;
use crate::ops::{self, Health, Metrics, StopSignal};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// How long a stop waits for the cycle in flight (below the manifests' 90 s termination grace).
pub const STOP_GRACE: Duration = Duration::from_secs(60);

/// Everything the daemon runs with, built by the caller.
pub struct Deps {
    pub syncer: Syncer,
    pub metrics: Arc<Metrics>,
    pub health: Arc<Health>,
    /// One message per schedule tick ([`start_ticks`] in production, a channel in tests).
    pub ticks: mpsc::Receiver<()>,
    /// Where `/metrics`, `/healthz` and `/readyz` are served, if anywhere.
    pub ops: Option<TcpListener>,
}

/// What every cycle shares.
struct Shared {
    syncer: Syncer,
    metrics: Arc<Metrics>,
    health: Arc<Health>,
}

/// Runs the first cycle at once, then one per tick, until `shutdown` completes; returns the
/// signal it gave once the cycle in flight (if any) has finished.
pub async fn run(deps: Deps, shutdown: impl Future<Output = StopSignal>) -> StopSignal {
    let Deps {
        syncer,
        metrics,
        health,
        mut ticks,
        ops,
    } = deps;
    let (stop_server, server) = serve_ops(ops, &metrics, &health);
    health.set_ready(true);
    let shared = Arc::new(Shared {
        syncer,
        metrics,
        health: health.clone(),
    });
    let missed_metrics = shared.metrics.clone();
    let (reason, in_flight) = main_loop::drive(
        &mut ticks,
        shutdown,
        || spawn_cycle(&shared),
        move || missed_tick(&missed_metrics),
    )
    .await;
    tracing::info!(
        signal = reason.name(),
        cycle_in_flight = in_flight.is_some(),
        "stopping"
    );
    health.set_ready(false);
    main_loop::finish_in_flight(in_flight, STOP_GRACE).await;
    let _ = stop_server.send(());
    let _ = server.await;
    tracing::info!("stopped");
    reason
}

fn spawn_cycle(shared: &Arc<Shared>) -> JoinHandle<()> {
    let shared = shared.clone();
    tokio::spawn(async move { run_cycle(&shared.syncer, &shared.metrics, &shared.health).await })
}

/// Counts and logs a tick that came while a cycle ran.
pub fn missed_tick(metrics: &Metrics) {
    metrics.record_missed_tick();
    tracing::warn!("schedule tick missed: the previous cycle is still running");
}

fn serve_ops(
    listener: Option<TcpListener>,
    metrics: &Arc<Metrics>,
    health: &Arc<Health>,
) -> (oneshot::Sender<()>, JoinHandle<()>) {
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let task = match listener {
        Some(listener) => {
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
    (stop_tx, task)
}
