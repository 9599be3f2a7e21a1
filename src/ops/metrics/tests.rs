//! Unit tests of [`super::Metrics`]: each report field moves the series it should.

use super::*;
use crate::ops::scrape::sample;
use std::time::Duration;

fn ok_report() -> CycleRecord {
    CycleRecord {
        outcome: Ok(()),
        duration: Duration::from_millis(1200),
        sheets: RequestTally {
            ok: 2,
            retry: 1,
            ..RequestTally::default()
        },
        github: RequestTally {
            ok: 3,
            not_modified: 40,
            ..RequestTally::default()
        },
        github_rate_limit_remaining: Some(4987),
        rows_by_status: vec![
            ("Enhancements".into(), "Tracked".into(), 30),
            ("Enhancements".into(), "At Risk".into(), 4),
        ],
        changes: 7,
        finished_at_unix: 1_790_000_000.5,
        board: Default::default(),
    }
}

fn value(m: &Metrics, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    sample(&m.encode(), name, labels)
}

#[test]
fn starts_with_zeroed_counters_for_every_kind_and_outcome() {
    let m = Metrics::new();
    assert_eq!(value(&m, "kepsync_cycles_total", &[]), Some(0.0));
    for kind in FAILURE_KINDS {
        let v = value(&m, "kepsync_cycle_failures_total", &[("kind", kind)]);
        assert_eq!(v, Some(0.0), "{kind}");
    }
    let nm = [("outcome", "not_modified")];
    assert_eq!(value(&m, "kepsync_github_requests_total", &nm), Some(0.0));
    assert_eq!(value(&m, "kepsync_sheets_requests_total", &nm), None);
    // Unknown until GitHub answers: absent, not a misleading 0.
    assert_eq!(value(&m, "kepsync_github_rate_limit_remaining", &[]), None);
    assert!(m.encode().ends_with("# EOF\n"));
    let version = [("version", env!("CARGO_PKG_VERSION"))];
    assert_eq!(value(&m, "kepsync_build_info", &version), Some(1.0));
}

#[test]
fn a_successful_cycle_moves_every_series() {
    let m = Metrics::new();
    m.observe(&ok_report());
    m.observe(&ok_report());
    assert_eq!(value(&m, "kepsync_cycles_total", &[]), Some(2.0));
    assert_eq!(value(&m, "kepsync_changes_applied_total", &[]), Some(14.0));
    let sheets = |o| value(&m, "kepsync_sheets_requests_total", &[("outcome", o)]);
    assert_eq!((sheets("ok"), sheets("retry")), (Some(4.0), Some(2.0)));
    let github = |o| value(&m, "kepsync_github_requests_total", &[("outcome", o)]);
    assert_eq!(github("not_modified"), Some(80.0));
    assert_eq!(github("error"), Some(0.0));
    assert_eq!(
        value(&m, "kepsync_github_rate_limit_remaining", &[]),
        Some(4987.0)
    );
    let last = value(&m, "kepsync_last_success_timestamp_seconds", &[]);
    assert_eq!(last, Some(1_790_000_000.5));
    let count = value(&m, "kepsync_cycle_duration_seconds_count", &[]);
    assert_eq!(count, Some(2.0));
    let le2 = [("le", "2.0")];
    let bucket = value(&m, "kepsync_cycle_duration_seconds_bucket", &le2);
    assert_eq!(bucket, Some(2.0));
}

#[test]
fn failures_count_by_kind_and_keep_the_last_success() {
    let m = Metrics::new();
    m.observe(&ok_report());
    let failed = CycleRecord {
        outcome: Err("sheets"),
        rows_by_status: vec![],
        finished_at_unix: 1_790_000_300.0,
        board: Default::default(),
        github_rate_limit_remaining: None,
        ..ok_report()
    };
    m.observe(&failed);
    m.observe(&CycleRecord {
        outcome: Err("no such kind"),
        ..failed.clone()
    });
    let kind = |k| value(&m, "kepsync_cycle_failures_total", &[("kind", k)]);
    assert_eq!(kind("sheets"), Some(1.0));
    assert_eq!(kind("internal"), Some(1.0));
    assert_eq!(kind("github"), Some(0.0));
    let last = value(&m, "kepsync_last_success_timestamp_seconds", &[]);
    assert_eq!(last, Some(1_790_000_000.5));
    // A cycle that sent no GitHub request leaves the last known rate limit.
    let remaining = value(&m, "kepsync_github_rate_limit_remaining", &[]);
    assert_eq!(remaining, Some(4987.0));
    // A cycle that did not read the sheet leaves the last row counts.
    let tracked = [("tab", "Enhancements"), ("status", "Tracked")];
    assert_eq!(value(&m, "kepsync_rows", &tracked), Some(30.0));
}

#[test]
fn rows_are_replaced_so_vanished_statuses_disappear() {
    let m = Metrics::new();
    m.observe(&ok_report());
    m.observe(&CycleRecord {
        rows_by_status: vec![("Enhancements".into(), "Tracked".into(), 33)],
        ..ok_report()
    });
    let tracked = [("tab", "Enhancements"), ("status", "Tracked")];
    assert_eq!(value(&m, "kepsync_rows", &tracked), Some(33.0));
    let at_risk = [("tab", "Enhancements"), ("status", "At Risk")];
    assert_eq!(value(&m, "kepsync_rows", &at_risk), None);
}

#[test]
fn missed_ticks_are_counted() {
    let m = Metrics::new();
    m.record_missed_tick();
    assert_eq!(value(&m, "kepsync_missed_ticks_total", &[]), Some(1.0));
}

#[test]
fn prometheus_text_carries_the_same_samples() {
    let m = Metrics::new();
    m.observe(&ok_report());
    let text = m.encode_prometheus_text();
    assert_eq!(sample(&text, "kepsync_cycles_total", &[]), Some(1.0));
    assert!(!text.contains("# EOF"));
}

#[test]
fn unknown_kinds_map_to_internal() {
    assert_eq!(failure_label("github"), "github");
    assert_eq!(failure_label("GitHub"), "internal");
}

#[test]
fn board_mutations_conflicts_and_items_are_counted() {
    let m = Metrics::new();
    let board = crate::ops::BoardTally {
        mutations: 3,
        refused: 1,
        conflicts: 2,
        items: Some(150),
    };
    m.observe(&CycleRecord {
        board,
        ..ok_report()
    });
    m.observe(&CycleRecord {
        board: crate::ops::BoardTally {
            mutations: 4,
            ..board
        },
        ..ok_report()
    });
    let ok = [("outcome", "ok")];
    assert_eq!(value(&m, "kepsync_board_mutations_total", &ok), Some(7.0));
    let refused = [("outcome", "refused")];
    assert_eq!(
        value(&m, "kepsync_board_mutations_total", &refused),
        Some(2.0)
    );
    assert_eq!(value(&m, "kepsync_board_status_conflicts", &[]), Some(2.0));
    assert_eq!(value(&m, "kepsync_board_items", &[]), Some(150.0));
}
