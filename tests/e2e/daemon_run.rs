//! `kepsync run` against both emulator binaries: counters move as cycles run, `/healthz` turns
//! unhealthy while Sheets answers 503 for longer than 3 schedule periods, and heals after.

use crate::support::process::wait_until;
use crate::support::service::{Daemon, made_up, seed_sheet};
use kepsync::ops::scrape::sample;

fn value(text: &str, name: &str, labels: &[(&str, &str)]) -> f64 {
    sample(text, name, labels).unwrap_or(0.0)
}

fn sheets(text: &str, outcome: &str) -> f64 {
    value(
        text,
        "kepsync_sheets_requests_total",
        &[("outcome", outcome)],
    )
}

/// Scrapes until `pred` holds on the metrics text; returns that text.
fn scrape_until(daemon: &Daemon, what: &str, pred: impl Fn(&str) -> bool) -> String {
    wait_until(|| Some(daemon.metrics()).filter(|m| pred(m))).unwrap_or_else(|| {
        panic!(
            "metrics never showed {what}:\n{}\nstderr:\n{}",
            daemon.metrics(),
            daemon.lines().join("\n")
        )
    })
}

fn cycles(text: &str) -> f64 {
    value(text, "kepsync_cycles_total", &[])
}

#[test]
fn counters_move_and_health_follows_a_sheets_outage() {
    let world = made_up(&seed_sheet())
        .set("schedule", "*/1 * * * * *")
        .spawn();
    let mut daemon = Daemon::start(&world.config, &[]);

    let first = scrape_until(&daemon, "two cycles", |m| cycles(m) >= 2.0);
    assert!(
        value(&first, "kepsync_last_success_timestamp_seconds", &[]) > 1.0e9,
        "{first}"
    );
    assert!(
        value(&first, "kepsync_changes_applied_total", &[]) >= 1.0,
        "{first}"
    );
    assert!(sheets(&first, "ok") >= 3.0, "read, re-read, write: {first}");
    let github_ok = value(
        &first,
        "kepsync_github_requests_total",
        &[("outcome", "ok")],
    );
    assert!(github_ok >= 1.0, "{first}");
    assert!(
        value(&first, "kepsync_github_rate_limit_remaining", &[]) > 0.0,
        "{first}"
    );
    // Counted by meaning, not by the word typed.
    let tracked = [("tab", "Enhancements"), ("status", "tracked")];
    assert_eq!(
        sample(&first, "kepsync_rows", &tracked),
        Some(1.0),
        "{first}"
    );
    let at_risk = [("tab", "Enhancements"), ("status", "at_risk")];
    assert_eq!(
        sample(&first, "kepsync_rows", &at_risk),
        Some(1.0),
        "{first}"
    );
    assert_eq!(daemon.status_of("/readyz").0, 200);
    assert_eq!(daemon.status_of("/healthz").0, 200);

    let (c1, ok1) = (cycles(&first), sheets(&first, "ok"));
    let later = scrape_until(&daemon, "two more cycles", |m| cycles(m) >= c1 + 2.0);
    assert!(
        sheets(&later, "ok") >= ok1 + 2.0,
        "each idle cycle reads once: {later}"
    );
    assert_eq!(world.sheets_counts().1, 1, "idle cycles write nothing");

    // Six 503s: every attempt of one read (the adapter tries 6 times), so exactly one cycle fails.
    world.sheets_fault(serde_json::json!({"count": 6, "status": 503}));
    let unhealthy = wait_until(|| Some(daemon.status_of("/healthz")).filter(|(s, _)| *s == 503));
    let (_, why) =
        unhealthy.unwrap_or_else(|| panic!("never unhealthy:\n{}", daemon.lines().join("\n")));
    assert!(why.contains("last successful cycle"), "{why}");
    assert_eq!(
        daemon.status_of("/readyz").0,
        200,
        "still ready while unhealthy"
    );

    let failed = scrape_until(&daemon, "a sheets failure", |m| {
        value(m, "kepsync_cycle_failures_total", &[("kind", "sheets")]) >= 1.0
    });
    assert_eq!(
        sheets(&failed, "retry"),
        5.0,
        "retries of the failed cycle count: {failed}"
    );
    assert_eq!(sheets(&failed, "error"), 1.0, "{failed}");
    assert!(
        value(&failed, "kepsync_missed_ticks_total", &[]) >= 1.0,
        "ticks during the long cycle: {failed}"
    );
    daemon.wait_for_line(|l| l.contains("schedule tick missed"));
    daemon.wait_for_line(|l| {
        l.contains("cycle failed") && l.contains("kind=\"sheets\"")
            || l.contains("cycle failed") && l.contains("kind=sheets")
    });

    let healed = wait_until(|| Some(daemon.status_of("/healthz")).filter(|(s, _)| *s == 200));
    assert!(
        healed.is_some(),
        "healthy again once Sheets answers:\n{}",
        daemon.lines().join("\n")
    );
    assert_eq!(world.sheets_counts().1, 1, "the outage wrote nothing");

    daemon.terminate();
    assert_eq!(daemon.wait_exit().code(), Some(0));
    let summaries = daemon
        .lines()
        .iter()
        .filter(|l| l.contains("cycle ok"))
        .count();
    let failures = daemon
        .lines()
        .iter()
        .filter(|l| l.contains("cycle failed"))
        .count();
    assert!(
        summaries >= 3 && failures == 1,
        "{summaries} ok, {failures} failed"
    );
}
