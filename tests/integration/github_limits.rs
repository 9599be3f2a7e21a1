//! Injected rate limits and server errors are waited out per GitHub's policy (with paused tokio
//! time, so no real waiting) and never hammered; a hard failure is one error naming the call.

use emulator_kit::FaultSpec;
use github_emulator::{GithubEmulator, Tree, issues_from_tree};
use kepsync::github::{GithubAdapter, GithubConfig, GithubError, IssueLookup, Token};
use std::time::Duration;
use tokio::time::Instant;

const TREE_PATH: &str = "/repos/kubernetes/enhancements/git/trees/master";

fn tree() -> Tree {
    Tree::from_files(vec![
        ("OWNERS_ALIASES".into(), b"aliases: {}\n".to_vec()),
        (
            "keps/sig-node/1001-a/kep.yaml".into(),
            b"title: A\nowning-sig: sig-node\nstage: alpha\n".to_vec(),
        ),
    ])
}

async fn start() -> (GithubEmulator, emulator_kit::Server) {
    let tree = tree();
    let emulator = GithubEmulator::new(tree.clone(), issues_from_tree(&tree), Vec::new());
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
        .await
        .expect("emulator starts");
    (emulator, server)
}

fn adapter(server: &emulator_kit::Server) -> GithubAdapter {
    let mut cfg = GithubConfig::new("kubernetes/enhancements");
    cfg.base_url = Some(server.url());
    cfg.token = Some(Token::new("ghp_do-not-print-me"));
    GithubAdapter::new(cfg).expect("adapter")
}

fn fault(json: &str) -> FaultSpec {
    serde_json::from_str(json).expect("fault spec")
}

fn calls_to(emulator: &GithubEmulator, path: &str) -> Vec<u16> {
    emulator
        .log()
        .entries()
        .into_iter()
        .filter(|e| e.path == path)
        .map(|e| e.status)
        .collect()
}

/// Observes once and returns how long (paused) time advanced.
async fn observe_timed(adapter: &GithubAdapter) -> Duration {
    let start = Instant::now();
    let facts = adapter
        .observe(&[1001])
        .await
        .expect("observe succeeds after waiting");
    assert!(matches!(
        facts.issues.get(&1001),
        Some(IssueLookup::Found(_))
    ));
    start.elapsed()
}

#[tokio::test(start_paused = true)]
async fn primary_limit_waits_until_reset_then_retries_once() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(&format!(
        r#"{{"path":"{TREE_PATH}","status":403,"kind":"primary","retry_after":120}}"#
    )));
    let adapter = adapter(&server);
    let waited = observe_timed(&adapter).await;
    assert!(waited >= Duration::from_secs(119), "waited only {waited:?}");
    assert_eq!(calls_to(&emulator, TREE_PATH), [403, 200]);
    assert_eq!(adapter.stats().retries, 1);
    assert_eq!(
        adapter.stats().throttled,
        1,
        "the 403 was GitHub throttling"
    );
}

#[tokio::test(start_paused = true)]
async fn secondary_limit_honours_retry_after() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(&format!(
        r#"{{"path":"{TREE_PATH}","status":429,"kind":"secondary","retry_after":30}}"#
    )));
    let adapter = adapter(&server);
    let waited = observe_timed(&adapter).await;
    assert!(waited >= Duration::from_secs(30), "waited only {waited:?}");
    assert_eq!(calls_to(&emulator, TREE_PATH), [429, 200]);
    assert_eq!(adapter.stats().throttled, 1);
}

#[tokio::test(start_paused = true)]
async fn secondary_limit_without_retry_after_waits_a_minute_then_longer() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(
        r#"{"count":2,"path":"/graphql","status":403,"kind":"secondary"}"#,
    ));
    let waited = observe_timed(&adapter(&server)).await;
    assert!(
        waited >= Duration::from_secs(60 + 120),
        "waited only {waited:?}"
    );
    assert_eq!(
        calls_to(&emulator, "/graphql")
            .iter()
            .filter(|s| **s == 403)
            .count(),
        2
    );
}

#[tokio::test(start_paused = true)]
async fn graphql_primary_limit_in_a_200_waits_for_reset() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(
        r#"{"path":"/graphql","status":200,"kind":"primary","retry_after":300}"#,
    ));
    let waited = observe_timed(&adapter(&server)).await;
    assert!(waited >= Duration::from_secs(299), "waited only {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn bad_gateway_backs_off_exponentially() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(&format!(
        r#"{{"count":3,"path":"{TREE_PATH}","status":502}}"#
    )));
    let adapter = adapter(&server);
    let waited = observe_timed(&adapter).await;
    assert!(
        waited >= Duration::from_secs(1 + 2 + 4),
        "waited only {waited:?}"
    );
    assert_eq!(calls_to(&emulator, TREE_PATH), [502, 502, 502, 200]);
    assert_eq!(adapter.stats().throttled, 0, "a 502 is not throttling");
}

#[tokio::test(start_paused = true)]
async fn persistent_failure_is_one_error_naming_the_call_after_bounded_attempts() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(&format!(
        r#"{{"count":50,"path":"{TREE_PATH}","status":502}}"#
    )));
    let err = adapter(&server)
        .observe(&[1001])
        .await
        .expect_err("gives up");
    assert!(
        matches!(err, GithubError::GaveUp { attempts: 5, .. }),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("tree of the default branch"), "{text}");
    assert!(!text.contains("do-not-print-me") && !format!("{err:?}").contains("do-not-print-me"));
    assert_eq!(calls_to(&emulator, TREE_PATH).len(), 5);
}

#[tokio::test(start_paused = true)]
async fn a_wait_beyond_the_budget_fails_at_once() {
    let (emulator, server) = start().await;
    emulator.faults().add(fault(&format!(
        r#"{{"path":"{TREE_PATH}","status":403,"kind":"primary","retry_after":3000}}"#
    )));
    let mut cfg = GithubConfig::new("kubernetes/enhancements");
    cfg.base_url = Some(server.url());
    cfg.retry.budget = Duration::from_secs(600);
    let start = Instant::now();
    let err = GithubAdapter::new(cfg)
        .expect("adapter")
        .observe(&[1001])
        .await
        .expect_err("over budget");
    assert!(
        start.elapsed() < Duration::from_secs(600),
        "it waited {:?}",
        start.elapsed()
    );
    assert!(err.to_string().contains("over the retry budget"), "{err}");
    assert_eq!(calls_to(&emulator, TREE_PATH), [403]);
}

#[tokio::test(start_paused = true)]
async fn a_plain_forbidden_is_not_retried() {
    let (emulator, server) = start().await;
    emulator
        .faults()
        .add(fault(&format!(r#"{{"path":"{TREE_PATH}","status":403}}"#)));
    let adapter = adapter(&server);
    let err = adapter
        .observe(&[1001])
        .await
        .expect_err("403 without limit headers is final");
    assert_eq!(
        adapter.stats().throttled,
        0,
        "a permission 403 is not throttling"
    );
    assert!(
        matches!(err, GithubError::Status { status: 403, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("tree of the default branch"),
        "{err}"
    );
    assert_eq!(calls_to(&emulator, TREE_PATH), [403]);
}
