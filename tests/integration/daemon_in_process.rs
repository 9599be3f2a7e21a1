//! The daemon in-process: `daemon::run` with its dependencies passed in (a tick channel instead
//! of cron, no ops listener) and a stop future instead of a signal handler, against in-process
//! emulators.

use crate::support::github::{GithubSeed, demo_issues};
use crate::support::sheet::{enh_row, sheet};
use crate::support::world::{Served, World};
use kepsync::daemon::{self, Deps};
use kepsync::ops::{Health, Metrics, StopSignal, scrape};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

fn sample(metrics: &Metrics, name: &str) -> f64 {
    scrape::sample(&metrics.encode(), name, &[]).unwrap_or(0.0)
}

fn cycles(metrics: &Metrics) -> f64 {
    sample(metrics, "kepsync_cycles_total")
}

async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..400 {
        if cond() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_cycles_at_once_then_per_tick_and_stops_when_asked() {
    let seed = sheet(&[], &[enh_row(9100, "Tracked", "", "")], &[]);
    let world = World::new(seed)
        .github(GithubSeed::demo().issues(demo_issues(2)).demo_pulls())
        .serve()
        .await;
    let Served {
        syncer,
        sheets,
        sheets_server: _sheets_server,
        github_server: _github_server,
        ..
    } = world;
    let metrics = Arc::new(Metrics::new());
    let health = Arc::new(Health::new(Duration::from_secs(300), Instant::now()));
    let (tick, ticks) = mpsc::channel(4);
    let (stop, stopped) = oneshot::channel::<StopSignal>();
    let deps = Deps {
        syncer,
        metrics: metrics.clone(),
        health: health.clone(),
        ticks,
        ops: None,
    };
    let running = tokio::spawn(daemon::run(deps, async move {
        stopped.await.unwrap_or(StopSignal::Terminate)
    }));
    until("the first cycle", || cycles(&metrics) >= 1.0).await;
    assert!(health.ready(), "ready while running");
    let writes_after_first = sheets.counts().writes;
    tick.send(()).await.expect("tick");
    until("the ticked cycle", || cycles(&metrics) >= 2.0).await;
    assert_eq!(
        sheets.counts().writes,
        writes_after_first,
        "the second cycle is idle: no write"
    );
    stop.send(StopSignal::Interrupt).expect("stop");
    let signal = running.await.expect("daemon task");
    assert_eq!(signal, StopSignal::Interrupt);
    assert!(!health.ready(), "not ready once stopped");
    assert_eq!(
        cycles(&metrics),
        2.0,
        "one cycle at once, one per tick, none after the stop"
    );
    let failures = scrape::series(&metrics.encode(), "kepsync_cycle_failures_total")
        .map(|s| s.value)
        .sum::<f64>();
    assert_eq!(failures, 0.0);
}
