//! The adapter's write-back against the in-process emulator: a label already gone counts as done,
//! a missing milestone and a server error each stop write-back with one message naming the issue,
//! and writes are paced (paused tokio time, so no real waiting).

use emulator_kit::FaultSpec;
use github_emulator::{GithubEmulator, IssueSeed, Tree};
use kepsync::github::{GithubAdapter, GithubConfig, Token};
use kepsync::writeback::{IssueEdit, IssueWrite, WritebackPlan};
use std::time::Duration;

async fn start() -> (GithubEmulator, emulator_kit::Server) {
    let seed = IssueSeed {
        number: 1001,
        title: "A".into(),
        state: "open".into(),
        assignees: vec![],
        labels: vec!["tracked/no".into()],
        milestone: Some("v1.37".into()),
        body: String::new(),
    };
    let emulator = GithubEmulator::new(Tree::from_files(vec![]), vec![seed], vec![]);
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
        .await
        .expect("emulator starts");
    (emulator, server)
}

fn adapter(server: &emulator_kit::Server) -> GithubAdapter {
    let mut cfg = GithubConfig::new("kubernetes/enhancements");
    cfg.base_url = Some(server.url());
    cfg.token = Some(Token::new("ghp_test"));
    GithubAdapter::new(cfg).expect("adapter")
}

fn plan(edits: Vec<IssueEdit>) -> WritebackPlan {
    WritebackPlan {
        writes: vec![IssueWrite {
            issue: 1001,
            reason: "test".into(),
            edits,
            milestone_before: None,
        }],
        notes: vec![],
    }
}

fn writes(emulator: &GithubEmulator) -> Vec<String> {
    emulator
        .log()
        .entries()
        .into_iter()
        .map(|e| format!("{} {} {}", e.method, e.path, e.status))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_label_already_gone_is_done_and_writes_are_a_second_apart() {
    let (emulator, server) = start().await;
    let started = tokio::time::Instant::now();
    let out = adapter(&server)
        .apply_writes(&plan(vec![
            IssueEdit::RemoveLabel("tracked/yes".into()),
            IssueEdit::AddLabels(vec!["tracked/yes".into()]),
            IssueEdit::SetMilestone("v1.37".into()),
        ]))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.applied.len(), 3);
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let i = emulator.issue(1001).expect("issue");
    assert_eq!(i.labels, ["tracked/no", "tracked/yes"]);
    assert_eq!(
        writes(&emulator),
        [
            "DELETE /repos/kubernetes/enhancements/issues/1001/labels/tracked%2Fyes 404",
            "POST /repos/kubernetes/enhancements/issues/1001/labels 200",
            "GET /repos/kubernetes/enhancements/milestones 200",
            "PATCH /repos/kubernetes/enhancements/issues/1001 200",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_missing_milestone_stops_write_back_naming_it() {
    let (emulator, server) = start().await;
    let out = adapter(&server)
        .apply_writes(&plan(vec![
            IssueEdit::SetMilestone("v9.99".into()),
            IssueEdit::AddLabels(vec!["tracked/yes".into()]),
        ]))
        .await;
    let err = out.error.expect("error");
    assert!(
        err.contains("#1001") && err.contains("no milestone titled v9.99"),
        "{err}"
    );
    assert!(out.applied.is_empty());
    assert_eq!(emulator.issue(1001).expect("issue").labels, ["tracked/no"]);
}

#[tokio::test(start_paused = true)]
async fn a_server_error_that_persists_stops_after_the_retry_policy() {
    let (emulator, server) = start().await;
    let fault: FaultSpec =
        serde_json::from_str(r#"{"count": 100, "method": "POST", "status": 502}"#).expect("fault");
    emulator.faults().add(fault);
    let out = adapter(&server)
        .apply_writes(&plan(vec![
            IssueEdit::AddLabels(vec!["tracked/yes".into()]),
            IssueEdit::RemoveLabel("tracked/no".into()),
        ]))
        .await;
    assert!(out.error.is_some());
    let sent = writes(&emulator);
    assert!(
        sent.iter().all(|w| w.starts_with("POST")),
        "stopped before the DELETE: {sent:?}"
    );
    assert!(sent.len() <= 5, "bounded by the retry policy: {sent:?}");
}
