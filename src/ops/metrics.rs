//! The Prometheus metrics of kepsync (prefix `kepsync`), fed one [`CycleRecord`] at a time.

use super::report::{CycleRecord, RequestTally};
use prometheus_client::encoding::{EncodeLabelSet, prometheus_text, text};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;

/// The failure kinds `kepsync_cycle_failures_total` is labelled with; any other kind counts as `internal`.
pub const FAILURE_KINDS: [&str; 6] = [
    "config",
    "sheets",
    "github",
    "conflict",
    "persistent_conflict",
    "internal",
];
const SHEETS_OUTCOMES: [&str; 3] = ["ok", "error", "retry"];
const GITHUB_OUTCOMES: [&str; 4] = ["ok", "not_modified", "error", "retry"];

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabel {
    kind: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// The label set of a series with no labels, kept in a family so it can stay absent until known.
type NoLabels = Vec<(&'static str, &'static str)>;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RowLabels {
    tab: String,
    status: String,
}

/// Every kepsync metric, registered in one [`Registry`]. Share it as `Arc<Metrics>`.
///
/// | series | type | meaning |
/// |---|---|---|
/// | `kepsync_build_info{version}` | info | the running version (always 1) |
/// | `kepsync_cycles_total` | counter | cycles run, whatever their outcome |
/// | `kepsync_cycle_failures_total{kind}` | counter | failed cycles by kind |
/// | `kepsync_cycle_duration_seconds` | histogram | wall time of each cycle |
/// | `kepsync_sheets_requests_total{outcome}` | counter | Sheets API requests: ok, error, retry |
/// | `kepsync_github_requests_total{outcome}` | counter | GitHub requests: ok, not_modified, error, retry |
/// | `kepsync_github_rate_limit_remaining` | gauge | GitHub rate-limit points left (last answer seen; absent before) |
/// | `kepsync_rows{tab,status}` | gauge | sheet rows by tab and what their Status means (`tracked`, `at_risk_code_freeze`, `blank`, `unknown`, …), as of the last read |
/// | `kepsync_last_success_timestamp_seconds` | gauge | Unix time the last successful cycle ended |
/// | `kepsync_changes_applied_total` | counter | cell changes written to the sheet |
/// | `kepsync_missed_ticks_total` | counter | schedule ticks skipped because a cycle was still running |
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Held while a report is applied or the registry encoded, so a scrape never sees half a cycle.
    consistent: Mutex<()>,
    cycles: Counter,
    failures: Family<KindLabel, Counter>,
    duration: Histogram,
    sheets_requests: Family<OutcomeLabel, Counter>,
    github_requests: Family<OutcomeLabel, Counter>,
    rate_limit_remaining: Family<NoLabels, Gauge>,
    rows: Family<RowLabels, Gauge>,
    last_success: Gauge<f64, AtomicU64>,
    changes: Counter,
    missed_ticks: Counter,
    board_mutations: Family<OutcomeLabel, Counter>,
    board_conflicts: Gauge,
    board_items: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry; every failure kind and request outcome starts at 0 so `rate()` works at once.
    pub fn new() -> Self {
        let metrics = Metrics {
            registry: Registry::with_prefix("kepsync"),
            consistent: Mutex::new(()),
            cycles: Counter::default(),
            failures: Family::default(),
            duration: Histogram::new(exponential_buckets(0.25, 2.0, 10)),
            sheets_requests: Family::default(),
            github_requests: Family::default(),
            rate_limit_remaining: Family::default(),
            rows: Family::default(),
            last_success: Gauge::default(),
            changes: Counter::default(),
            missed_ticks: Counter::default(),
            board_mutations: Family::default(),
            board_conflicts: Gauge::default(),
            board_items: Gauge::default(),
        };
        metrics.zero_labelled_series();
        metrics.registered()
    }

    /// Creates every known labelled series at 0 (creating one is all `get_or_create` is used for here).
    fn zero_labelled_series(&self) {
        for kind in FAILURE_KINDS {
            let _ = self.failures.get_or_create(&KindLabel { kind });
        }
        for outcome in SHEETS_OUTCOMES {
            let _ = self
                .sheets_requests
                .get_or_create(&OutcomeLabel { outcome });
        }
        for outcome in GITHUB_OUTCOMES {
            let _ = self
                .github_requests
                .get_or_create(&OutcomeLabel { outcome });
        }
    }

    fn registered(mut self) -> Self {
        let r = &mut self.registry;
        let build = Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]);
        r.register("build", "The running kepsync version", build);
        r.register("cycles", "Sync cycles run", self.cycles.clone());
        r.register(
            "cycle_failures",
            "Failed sync cycles by kind",
            self.failures.clone(),
        );
        r.register_with_unit(
            "cycle_duration",
            "Wall time of a sync cycle",
            Unit::Seconds,
            self.duration.clone(),
        );
        r.register(
            "sheets_requests",
            "Sheets API requests by outcome",
            self.sheets_requests.clone(),
        );
        r.register(
            "github_requests",
            "GitHub API requests by outcome",
            self.github_requests.clone(),
        );
        r.register(
            "github_rate_limit_remaining",
            "GitHub rate-limit points remaining, from the last answer",
            self.rate_limit_remaining.clone(),
        );
        r.register("rows", "Sheet rows by tab and Status", self.rows.clone());
        r.register_with_unit(
            "last_success_timestamp",
            "Unix time the last successful cycle ended",
            Unit::Seconds,
            self.last_success.clone(),
        );
        r.register(
            "changes_applied",
            "Cell changes written",
            self.changes.clone(),
        );
        r.register(
            "board_mutations",
            "Release board mutations by outcome (ok, refused)",
            self.board_mutations.clone(),
        );
        r.register(
            "board_status_conflicts",
            "Status differences between sheet and board left alone (both sides changed), last cycle",
            self.board_conflicts.clone(),
        );
        r.register(
            "board_items",
            "Items on the release board, as last read",
            self.board_items.clone(),
        );
        r.register(
            "missed_ticks",
            "Schedule ticks skipped while a cycle ran",
            self.missed_ticks.clone(),
        );
        self
    }

    /// Applies one finished cycle to every metric.
    pub fn observe(&self, report: &CycleRecord) {
        let _consistent = self.consistent.lock().unwrap_or_else(|e| e.into_inner());
        self.cycles.inc();
        self.duration.observe(report.duration.as_secs_f64());
        self.changes.inc_by(report.changes);
        count_requests(&self.sheets_requests, &report.sheets, &SHEETS_OUTCOMES);
        count_requests(&self.github_requests, &report.github, &GITHUB_OUTCOMES);
        if let Some(remaining) = report.github_rate_limit_remaining {
            let gauge = self.rate_limit_remaining.get_or_create(&NoLabels::new());
            gauge.set(i64::from(remaining));
        }
        if report.read_rows() {
            self.replace_rows(&report.rows_by_status);
        }
        self.observe_board(&report.board);
        match report.outcome {
            Ok(()) => {
                self.last_success.set(report.finished_at_unix);
            }
            Err(kind) => {
                let kind = failure_label(kind);
                self.failures.get_or_create(&KindLabel { kind }).inc();
            }
        }
    }

    fn observe_board(&self, b: &crate::ops::BoardTally) {
        let count = |outcome, n| {
            self.board_mutations
                .get_or_create(&OutcomeLabel { outcome })
                .inc_by(n)
        };
        count("ok", b.mutations);
        count("refused", b.refused);
        if let Some(items) = b.items {
            self.board_items.set(items as i64);
            self.board_conflicts.set(b.conflicts as i64);
        }
    }

    /// Counts a schedule tick skipped because the previous cycle was still running.
    pub fn record_missed_tick(&self) {
        self.missed_ticks.inc();
    }

    fn replace_rows(&self, rows: &[(String, String, u64)]) {
        self.rows.clear();
        for (tab, status, count) in rows {
            let labels = RowLabels {
                tab: tab.clone(),
                status: status.clone(),
            };
            let gauge = self.rows.get_or_create(&labels);
            gauge.inc_by(i64::try_from(*count).unwrap_or(i64::MAX));
        }
    }

    /// The registry in the OpenMetrics text format (ends with `# EOF`).
    pub fn encode(&self) -> String {
        let _consistent = self.consistent.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        // Writing into a String cannot fail, and our label values need no fallible escaping.
        if text::encode(&mut out, &self.registry).is_err() {
            out.push_str("# encoding failed\n");
        }
        out
    }

    /// The registry in the Prometheus text format 0.0.4 (for clients that do not ask for OpenMetrics).
    pub fn encode_prometheus_text(&self) -> String {
        let _consistent = self.consistent.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        if prometheus_text::encode(&mut out, &self.registry).is_err() {
            out.push_str("# encoding failed\n");
        }
        out
    }
}

fn count_requests(
    family: &Family<OutcomeLabel, Counter>,
    tally: &RequestTally,
    outcomes: &[&'static str],
) {
    for &outcome in outcomes {
        let n = match outcome {
            "ok" => tally.ok,
            "not_modified" => tally.not_modified,
            "error" => tally.error,
            _ => tally.retry,
        };
        family.get_or_create(&OutcomeLabel { outcome }).inc_by(n);
    }
}

/// The label for a failure kind: itself when known, else `internal` (keeps the label set bounded).
fn failure_label(kind: &str) -> &'static str {
    FAILURE_KINDS
        .into_iter()
        .find(|known| *known == kind)
        .unwrap_or("internal")
}

#[cfg(test)]
mod tests;
