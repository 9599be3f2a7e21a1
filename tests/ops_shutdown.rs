//! SIGTERM and SIGINT reach `StopSignals` instead of killing the process (its own test binary,
//! since the handlers stay installed for the life of the process).

use kepsync::ops::{StopSignal, StopSignals};
use std::process::Command;
use std::time::Duration;

fn send(signal: &str) {
    let pid = std::process::id().to_string();
    let status = Command::new("kill")
        .args([signal, &pid])
        .status()
        .expect("running kill");
    assert!(status.success(), "kill {signal} {pid}");
}

#[tokio::test]
async fn sigterm_and_sigint_are_received_not_fatal() {
    let mut signals = StopSignals::install().expect("installing handlers");
    // The bound only keeps a broken handler from hanging the suite; it asserts nothing about speed.
    let bound = Duration::from_secs(30);
    send("-TERM");
    let got = tokio::time::timeout(bound, signals.recv()).await;
    assert_eq!(got.ok(), Some(StopSignal::Terminate));
    send("-INT");
    let got = tokio::time::timeout(bound, signals.recv()).await;
    assert_eq!(got.ok().map(StopSignal::name), Some("SIGINT"));
}
