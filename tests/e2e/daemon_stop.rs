//! Stopping `kepsync run`: SIGTERM while a write is in flight lets that cycle finish (the sheet
//! ends exactly as one `kepsync sync` leaves it, written once), then exits 0; logs are JSON lines
//! with one summary per cycle; SIGINT while idle exits 0 at once; a bad schedule is a bad config (exit 2).

use crate::support::config::ConfigToml;
use crate::support::dump::without_token_note;
use crate::support::process::{kepsync, wait_until};
use crate::support::service::{Daemon, made_up, seed_sheet};
use serde_json::{Value, json};

/// Once a year: only the cycle run at start happens during the test.
const YEARLY: &str = "0 0 0 1 1 *";

/// The sheet after one complete cycle, from a separate pair of emulators.
fn after_one_sync() -> Value {
    let reference = made_up(&seed_sheet()).spawn();
    let out = reference.sync();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    without_token_note(reference.dump())
}

fn parse_all(lines: &[String]) -> Vec<Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn sigterm_mid_write_finishes_the_cycle_and_exits_zero() {
    let expected = after_one_sync();
    let world = made_up(&seed_sheet()).set("schedule", YEARLY).spawn();
    let before = world.dump();
    assert_ne!(before, expected, "the cycle has something to write");
    world.sheets_fault(json!({"method": "POST", "path": ":batchUpdate", "delay_ms": 3000}));
    let mut daemon = Daemon::start(&world.config, &["--log-format", "json"]);

    let writing = wait_until(|| Some(world.sheets_counts()).filter(|(_, writes)| *writes >= 1));
    assert!(
        writing.is_some(),
        "no write:\n{}",
        daemon.lines().join("\n")
    );
    daemon.terminate();
    let status = daemon.wait_exit();

    let logs = parse_all(&daemon.lines());
    let messages: Vec<&str> = logs.iter().filter_map(|l| l["message"].as_str()).collect();
    assert_eq!(status.code(), Some(0), "{messages:?}");
    assert_eq!(
        without_token_note(world.dump()),
        expected,
        "the sheet is as one full cycle leaves it"
    );
    assert_eq!(world.sheets_counts().1, 1, "written once");
    let stopping = logs.iter().find(|l| l["message"] == "stopping");
    let stopping = stopping.unwrap_or_else(|| panic!("no stopping line: {messages:?}"));
    assert_eq!(stopping["signal"], "SIGTERM");
    assert_eq!(
        stopping["cycle_in_flight"], true,
        "the signal came mid-cycle"
    );
    let summaries: Vec<&Value> = logs.iter().filter(|l| l["message"] == "cycle ok").collect();
    assert_eq!(
        summaries.len(),
        1,
        "one summary line per cycle: {messages:?}"
    );
    assert!(
        summaries[0]["changes"].as_u64() >= Some(1),
        "{}",
        summaries[0]
    );
    assert_eq!(messages.last(), Some(&"stopped"), "{messages:?}");
    let first = ["serving /metrics, /healthz and /readyz", "kepsync running"];
    assert_eq!(
        messages[..2],
        first,
        "no dependency chatter at the default level"
    );
}

#[test]
fn sigint_while_idle_exits_zero_without_writing_again() {
    let world = made_up(&seed_sheet()).set("schedule", YEARLY).spawn();
    let mut daemon = Daemon::start(&world.config, &[]);
    daemon.wait_for_line(|l| l.contains("cycle ok"));
    let after_first = world.dump();
    daemon.signal("INT");
    assert_eq!(daemon.wait_exit().code(), Some(0));
    assert_eq!(world.dump(), after_first);
    assert_eq!(world.sheets_counts().1, 1);
    let stopping = daemon.lines().into_iter().find(|l| l.contains("stopping"));
    let stopping = stopping.unwrap_or_default();
    assert!(
        stopping.contains("signal=\"SIGINT\"") || stopping.contains("signal=SIGINT"),
        "{stopping}"
    );
    assert!(stopping.contains("cycle_in_flight=false"), "{stopping}");
}

#[test]
fn an_impossible_schedule_is_a_bad_config() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = ConfigToml::new("s")
        .set("schedule", "0 61 * * * *")
        .set("google.token", "t")
        .write(dir.path(), "kepsync.toml");
    let out = kepsync(&["run", "--config", &config], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("schedule \"0 61 * * * *\""), "{stderr}");
}
