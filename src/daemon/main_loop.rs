//! The daemon's main loop, apart from what a cycle does: at most one cycle task at a time, a tick
//! that comes while one runs is missed (not queued), a stop ends the loop, and the cycle in flight
//! then gets a bounded grace.

use std::future::Future;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Runs the first cycle at once, then one per tick, until `stop` completes; returns what `stop`
/// gave and the cycle still in flight, if any. `start` spawns a cycle; `missed` is told of each
/// tick that came while a cycle ran.
pub async fn drive<S, F, M>(
    ticks: &mut mpsc::Receiver<()>,
    stop: S,
    mut start: F,
    missed: M,
) -> (S::Output, Option<JoinHandle<()>>)
where
    S: Future,
    F: FnMut() -> JoinHandle<()>,
    M: Fn(),
{
    let mut in_flight = Some(start());
    tokio::pin!(stop);
    let signal = loop {
        tokio::select! {
            // Biased: a cycle that ended is noticed before a tick that came at the same moment.
            biased;
            () = finished(&mut in_flight) => in_flight = None,
            Some(()) = ticks.recv() => match in_flight {
                Some(_) => missed(),
                None => in_flight = Some(start()),
            },
            signal = &mut stop => break signal,
        }
    };
    (signal, in_flight)
}

/// Completes when the cycle in `slot` ends; never, when there is none.
async fn finished(slot: &mut Option<JoinHandle<()>>) {
    match slot {
        Some(task) => {
            if let Err(e) = task.await {
                tracing::error!("the cycle task ended abnormally: {e}");
            }
        }
        None => std::future::pending().await,
    }
}

/// Waits up to `grace` for the cycle in flight; past it the cycle is aborted. Returns whether it
/// finished (true when there was none). The batchUpdate is atomic, so an abandoned cycle has
/// written all of its changes or none.
pub async fn finish_in_flight(in_flight: Option<JoinHandle<()>>, grace: Duration) -> bool {
    let Some(mut task) = in_flight else {
        return true;
    };
    tracing::info!("waiting for the cycle in flight to finish");
    if tokio::time::timeout(grace, &mut task).await.is_ok() {
        return true;
    }
    task.abort();
    tracing::warn!(
        grace_s = grace.as_secs(),
        "the cycle in flight did not finish within the grace; abandoned (its write is all or nothing)"
    );
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::{Semaphore, oneshot};

    /// Cycles that each wait for one permit, counting starts and ends.
    #[derive(Clone)]
    struct Cycles {
        started: Arc<AtomicUsize>,
        ended: Arc<AtomicUsize>,
        missed: Arc<AtomicUsize>,
        permits: Arc<Semaphore>,
    }

    impl Cycles {
        fn new() -> Cycles {
            Cycles {
                started: Arc::default(),
                ended: Arc::default(),
                missed: Arc::default(),
                permits: Arc::new(Semaphore::new(0)),
            }
        }

        fn start(&self) -> JoinHandle<()> {
            self.started.fetch_add(1, Ordering::SeqCst);
            let (permits, ended) = (self.permits.clone(), self.ended.clone());
            tokio::spawn(async move {
                if let Ok(permit) = permits.acquire().await {
                    permit.forget();
                }
                ended.fetch_add(1, Ordering::SeqCst);
            })
        }

        fn count(counter: &AtomicUsize) -> usize {
            counter.load(Ordering::SeqCst)
        }
    }

    /// Lets the other tasks run until `cond` holds (bounded, so a bug fails instead of hanging).
    async fn settle(cond: impl Fn() -> bool) {
        for _ in 0..10_000 {
            if cond() {
                return;
            }
            tokio::task::yield_now().await;
        }
        panic!("never settled");
    }

    #[tokio::test]
    async fn ticks_while_busy_are_missed_not_queued() {
        let cycles = Cycles::new();
        let (tick, mut ticks) = mpsc::channel(16);
        let (stop, stopped) = oneshot::channel::<&str>();
        let c = cycles.clone();
        let driver = tokio::spawn(async move {
            let missed = c.missed.clone();
            let c2 = c.clone();
            drive(
                &mut ticks,
                stopped,
                move || c2.start(),
                move || {
                    missed.fetch_add(1, Ordering::SeqCst);
                },
            )
            .await
        });
        settle(|| Cycles::count(&cycles.started) == 1).await;
        for _ in 0..3 {
            tick.send(()).await.unwrap();
        }
        settle(|| Cycles::count(&cycles.missed) == 3).await;
        assert_eq!(
            Cycles::count(&cycles.started),
            1,
            "no second cycle while one runs"
        );

        cycles.permits.add_permits(1);
        settle(|| Cycles::count(&cycles.ended) == 1).await;
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert_eq!(
            Cycles::count(&cycles.started),
            1,
            "no catch-up cycle after an overrun"
        );
        tick.send(()).await.unwrap();
        settle(|| Cycles::count(&cycles.started) == 2).await;
        assert_eq!(Cycles::count(&cycles.missed), 3);

        stop.send("SIGTERM").unwrap();
        let (signal, in_flight) = driver.await.unwrap();
        assert_eq!(signal, Ok("SIGTERM"));
        assert!(in_flight.is_some(), "the second cycle is still running");
        cycles.permits.add_permits(1);
        assert!(finish_in_flight(in_flight, Duration::from_secs(60)).await);
        assert_eq!(Cycles::count(&cycles.ended), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_cycle_past_the_grace_is_abandoned() {
        let cycles = Cycles::new();
        let stuck = cycles.start();
        assert!(!finish_in_flight(Some(stuck), Duration::from_secs(60)).await);
        assert_eq!(Cycles::count(&cycles.ended), 0);
        assert!(finish_in_flight(None, Duration::from_secs(60)).await);
    }
}
