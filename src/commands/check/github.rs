//! The GitHub side of `kepsync check`: the token (and its remaining rate limit) and the repository.

use super::{Failure, Line, Outcome, PROBE_BUDGET};
use crate::config::Config;
use crate::github::{
    Bucket, GithubAdapter, GithubConfig, GithubError, RateLimits, RetryPolicy, Token,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Below this many REST calls left, `check` warns that a cycle may be starved.
pub const LOW_REMAINING: u64 = 100;

/// `github token` and `github repo`.
pub async fn checks(config: &Config) -> Vec<Line> {
    let var = &config.github.token_env;
    let token = Token::from_env(var);
    let has_token = token.is_some();
    let adapter = match adapter(config, token) {
        Ok(a) => a,
        Err(e) => {
            let f = Failure::new(e.to_string(), "correct the [github] section");
            return vec![
                line("github token", Err(f.clone())),
                line("github repo", Err(f)),
            ];
        }
    };
    let token_line = match (has_token, adapter.rate_limits().await) {
        (false, _) => Err(Failure::new(
            format!("${}", crate::commands::missing_token(var)),
            crate::commands::token_fix(var, config.github.write),
        )),
        (true, Ok(limits)) => limits_outcome(&limits, now_epoch()),
        (true, Err(e)) => Err(token_failure(&e, var)),
    };
    let repo_line = adapter
        .probe_repository()
        .await
        .map(|()| format!("{} is readable", config.github.repo))
        .map_err(|e| repo_failure(&e, &config.github.repo));
    let mut lines = vec![
        line("github token", token_line),
        line("github repo", repo_line),
    ];
    lines.extend(super::board::checks(config, &adapter).await);
    lines
}

fn line(name: &'static str, outcome: Outcome) -> Line {
    Line { name, outcome }
}

fn adapter(config: &Config, token: Option<Token>) -> Result<GithubAdapter, GithubError> {
    let mut cfg = GithubConfig::new(config.github.repo.clone());
    cfg.base_url = config.github.base_url.clone();
    cfg.token = token;
    cfg.retry = RetryPolicy {
        max_attempts: 2,
        budget: PROBE_BUDGET,
        secondary_wait: PROBE_BUDGET,
        backoff_base: Duration::from_secs(1),
        backoff_max: Duration::from_secs(2),
        request_timeout: PROBE_BUDGET,
    };
    GithubAdapter::new(cfg)
}

/// The token worked; fails when a bucket kepsync needs is (nearly) empty.
pub fn limits_outcome(limits: &RateLimits, now: u64) -> Outcome {
    let describe = |name: &str, b: &Bucket| {
        let reset_min = b.reset.saturating_sub(now).div_ceil(60);
        format!(
            "{name} {} of {} left (resets in {reset_min} min)",
            b.remaining, b.limit
        )
    };
    let mut parts = vec![describe("REST", &limits.core)];
    parts.extend(limits.graphql.as_ref().map(|g| describe("GraphQL", g)));
    let text = format!("accepted; {}", parts.join(", "));
    let starved = limits.core.remaining < LOW_REMAINING
        || limits.graphql.is_some_and(|g| g.remaining < LOW_REMAINING);
    if starved {
        return Err(Failure::new(
            format!("{text}: fewer than {LOW_REMAINING} calls left"),
            "wait for the reset, or give kepsync a token of its own (other tools share this one's budget)",
        ));
    }
    Ok(text)
}

fn token_failure(e: &GithubError, var: &str) -> Failure {
    let hint = match e {
        GithubError::Status { status: 401, .. } => {
            format!(
                "GitHub refused the token in ${var}: it is expired, revoked or mistyped; mint a new one"
            )
        }
        GithubError::Status { status: 403, .. } => {
            "the token is rate limited or blocked; wait for the reset or use another token".into()
        }
        _ => "GitHub did not answer: check [github] base-url and the network, then run check again"
            .into(),
    };
    Failure::new(e.to_string(), hint)
}

fn repo_failure(e: &GithubError, repo: &str) -> Failure {
    let hint = match e {
        GithubError::Status { status: 404, .. } => {
            format!(
                "check [github] repo (now {repo:?}): owner/name of a repository the token can read"
            )
        }
        GithubError::Status { status: 401, .. } => "fix the github token line first".into(),
        _ => "GitHub did not answer: check [github] base-url and the network, then run check again"
            .into(),
    };
    Failure::new(e.to_string(), hint)
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bucket(remaining: u64) -> Bucket {
        Bucket {
            limit: 5000,
            remaining,
            reset: 1_000 + 600,
        }
    }

    #[test]
    fn remaining_limits_are_reported() {
        let limits = RateLimits {
            core: bucket(4990),
            graphql: Some(bucket(5000)),
        };
        let text = limits_outcome(&limits, 1_000).unwrap();
        assert_eq!(
            text,
            "accepted; REST 4990 of 5000 left (resets in 10 min), GraphQL 5000 of 5000 left (resets in 10 min)"
        );
    }

    #[test]
    fn a_nearly_empty_bucket_fails() {
        let limits = RateLimits {
            core: bucket(4990),
            graphql: Some(bucket(3)),
        };
        let f = limits_outcome(&limits, 1_000).unwrap_err();
        assert!(f.detail.contains("GraphQL 3 of 5000"), "{f:?}");
        assert!(f.hint.contains("wait for the reset"), "{f:?}");
    }

    #[test]
    fn a_refused_token_names_its_variable() {
        let e = GithubError::Status {
            call: "GET /rate_limit".into(),
            status: 401,
            message: "Bad credentials".into(),
        };
        assert!(
            token_failure(&e, "GITHUB_TOKEN")
                .hint
                .contains("$GITHUB_TOKEN")
        );
    }
}
