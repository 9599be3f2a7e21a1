//! Liveness and readiness: healthy while a cycle has succeeded within 3 schedule periods.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many schedule periods may pass without a successful cycle before `/healthz` fails.
pub const PERIODS_OF_GRACE: u32 = 3;

/// The answer `/healthz` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HealthStatus {
    Healthy,
    /// Why not, in words an operator reads in `kubectl describe pod`.
    Unhealthy(String),
}

impl HealthStatus {
    pub fn is_healthy(&self) -> bool {
        matches!(self, HealthStatus::Healthy)
    }
}

#[derive(Debug, Default)]
struct State {
    last_success: Option<Instant>,
    consecutive_failures: u32,
    ready: bool,
}

/// Shared, thread-safe health of the daemon. Time is always passed in, so tests need no sleeping.
#[derive(Debug)]
pub struct Health {
    grace: Duration,
    started: Instant,
    state: Mutex<State>,
}

impl Health {
    /// `period` is the schedule's period; `started` is when the daemon started (its first cycle
    /// gets the same grace as any other). Not ready until [`Health::set_ready`]`(true)`.
    pub fn new(period: Duration, started: Instant) -> Self {
        Health {
            grace: period.saturating_mul(PERIODS_OF_GRACE),
            started,
            state: Mutex::new(State::default()),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A cycle succeeded at `at` (an earlier instant than the last success is ignored).
    pub fn record_success(&self, at: Instant) {
        let mut state = self.state();
        state.last_success = Some(state.last_success.map_or(at, |last| last.max(at)));
        state.consecutive_failures = 0;
    }

    /// A cycle failed.
    pub fn record_failure(&self) {
        let mut state = self.state();
        state.consecutive_failures = state.consecutive_failures.saturating_add(1);
    }

    /// Marks the daemon ready (config loaded, clients built) or not (shutting down).
    pub fn set_ready(&self, ready: bool) {
        self.state().ready = ready;
    }

    /// What `/readyz` answers.
    pub fn ready(&self) -> bool {
        self.state().ready
    }

    /// What `/healthz` answers: true until the first cycle has had 3 periods to succeed,
    /// then true while the last success is within 3 periods of `now`.
    pub fn healthy(&self, now: Instant) -> bool {
        self.status(now).is_healthy()
    }

    /// [`Health::healthy`] with the reason when not.
    pub fn status(&self, now: Instant) -> HealthStatus {
        let state = self.state();
        let since = state.last_success.unwrap_or(self.started);
        let waited = now.saturating_duration_since(since);
        if waited <= self.grace {
            return HealthStatus::Healthy;
        }
        let what = match state.last_success {
            Some(_) => "last successful cycle",
            None => "no successful cycle since start,",
        };
        HealthStatus::Unhealthy(format!(
            "{what} {}s ago (limit {}s, {PERIODS_OF_GRACE} schedule periods); {} consecutive failed cycles",
            waited.as_secs(),
            self.grace.as_secs(),
            state.consecutive_failures
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: Duration = Duration::from_secs(300);

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn healthy_until_the_first_cycle_has_had_three_periods() {
        let t0 = Instant::now();
        let health = Health::new(PERIOD, t0);
        assert!(health.healthy(t0));
        assert!(health.healthy(t0 + secs(900)));
        let status = health.status(t0 + secs(901));
        let HealthStatus::Unhealthy(reason) = status else {
            panic!("expected unhealthy, got {status:?}")
        };
        assert!(
            reason.contains("no successful cycle since start"),
            "{reason}"
        );
        assert!(reason.contains("limit 900s"), "{reason}");
    }

    #[test]
    fn healthy_while_the_last_success_is_within_three_periods() {
        let t0 = Instant::now();
        let health = Health::new(PERIOD, t0);
        health.record_success(t0 + secs(1000));
        assert!(health.healthy(t0 + secs(1001)));
        assert!(health.healthy(t0 + secs(1900)));
        health.record_failure();
        health.record_failure();
        let status = health.status(t0 + secs(1901));
        let HealthStatus::Unhealthy(reason) = status else {
            panic!("expected unhealthy, got {status:?}")
        };
        assert!(
            reason.contains("last successful cycle 901s ago"),
            "{reason}"
        );
        assert!(reason.contains("2 consecutive failed cycles"), "{reason}");
    }

    #[test]
    fn a_new_success_heals_and_resets_failures() {
        let t0 = Instant::now();
        let health = Health::new(PERIOD, t0);
        health.record_failure();
        assert!(!health.healthy(t0 + secs(2000)));
        health.record_success(t0 + secs(2000));
        assert!(health.healthy(t0 + secs(2000)));
        health.record_success(t0 + secs(10));
        assert!(
            health.healthy(t0 + secs(2900)),
            "an older success must not win"
        );
        let HealthStatus::Unhealthy(reason) = health.status(t0 + secs(3000)) else {
            panic!("expected unhealthy")
        };
        assert!(reason.contains("0 consecutive"), "{reason}");
    }

    #[test]
    fn readiness_is_set_explicitly() {
        let health = Health::new(PERIOD, Instant::now());
        assert!(!health.ready());
        health.set_ready(true);
        assert!(health.ready());
        health.set_ready(false);
        assert!(!health.ready());
    }

    #[test]
    fn a_clock_before_start_counts_as_healthy() {
        let t0 = Instant::now() + secs(60);
        let health = Health::new(PERIOD, t0);
        assert!(health.healthy(Instant::now()));
    }
}
