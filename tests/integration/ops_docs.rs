//! The runbook keeps up with the code: every exported metric, failure kind and route is documented.

use kepsync::ops::{
    CycleRecord, FAILURE_KINDS, Metrics, PATH_HEALTHZ, PATH_METRICS, PATH_READYZ, RequestTally,
};
use std::time::Duration;

fn runbook() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/operations.md");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading docs/operations.md: {e}"))
}

/// The series names a scraper sees after a cycle (Prometheus text format: counters carry `_total`).
fn exported_series() -> Vec<String> {
    let metrics = Metrics::new();
    metrics.observe(&CycleRecord {
        outcome: Ok(()),
        duration: Duration::from_secs(1),
        sheets: RequestTally::default(),
        github: RequestTally::default(),
        github_rate_limit_remaining: Some(5000),
        rows_by_status: vec![("Enhancements".into(), "Tracked".into(), 1)],
        changes: 0,
        finished_at_unix: 0.0,
        board: Default::default(),
    });
    metrics
        .encode_prometheus_text()
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_metric_is_in_the_runbook() {
    let docs = runbook();
    let series = exported_series();
    assert!(series.len() >= 10, "{series:?}");
    for name in series {
        assert!(
            docs.contains(&format!("`{name}")),
            "docs/operations.md lacks {name}"
        );
    }
}

#[test]
fn every_failure_kind_and_route_is_in_the_runbook() {
    let docs = runbook();
    for kind in FAILURE_KINDS {
        assert!(
            docs.contains(&format!("| `{kind}` |")),
            "no row for kind {kind}"
        );
    }
    for path in [PATH_METRICS, PATH_HEALTHZ, PATH_READYZ] {
        assert!(docs.contains(&format!("| `{path}` |")), "no row for {path}");
    }
}
