//! Every command that reads GitHub refuses to start without a token (exit 2, with the fix), as it
//! does without a Google key: GitHub's GraphQL API refuses unauthenticated calls, and `sync` and
//! `run` used to start, warn, and exit 0 or keep running. `demo` needs none.

use crate::support::config::ConfigToml;
use crate::support::process::kepsync_within;
use std::time::Duration;

/// Long enough for a refusal at start; `run` with a token would still be running.
const LIMIT: Duration = Duration::from_secs(30);

/// A config that would reach no service: the refusal must come before any is called.
fn config(dir: &std::path::Path) -> String {
    ConfigToml::new("s")
        .set("google.token", "t")
        .set("google.base-url", "http://127.0.0.1:9/")
        .set("github.base-url", "http://127.0.0.1:9")
        .set("calendar.prr-freeze", "2026-02-05T00:00:00-08:00")
        .write(dir, "kepsync.toml")
}

fn refused(command: &str, config: &str, env: &[(&str, &str)], var: &str) {
    let out = kepsync_within(&[command, "--config", config], env, LIMIT)
        .unwrap_or_else(|| panic!("kepsync {command} {env:?} kept running without a token"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{command} {env:?}: {stderr}");
    assert!(
        stderr.contains(&format!(
            "{var} is not set: GitHub's GraphQL API refuses unauthenticated calls; create a fine-grained token"
        )),
        "{command} {env:?}: {stderr}"
    );
    assert!(
        stderr.contains(&format!("export {var}=<token>")),
        "{command}: {stderr}"
    );
}

#[test]
fn plan_sync_run_and_readiness_without_a_github_token_exit_2_with_the_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    let unset = "KEPSYNC_TOKEN_CLI_TEST_UNSET";
    for command in ["plan", "sync", "run", "readiness"] {
        refused(
            command,
            &config,
            &[("KEPSYNC_GITHUB_TOKEN_ENV", unset)],
            unset,
        );
    }
}

#[test]
fn an_empty_or_blank_github_token_is_unset() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path());
    for value in ["", "  ", "\n"] {
        for command in ["sync", "run"] {
            refused(command, &config, &[("GITHUB_TOKEN", value)], "GITHUB_TOKEN");
        }
    }
}
