//! Probes for `kepsync check` and the daemon: the token's rate limits, the repository's visibility.

use super::GithubAdapter;
use crate::github::error::GithubError;
use crate::github::transport::Fetched;
use serde::Deserialize;

/// One rate-limit bucket as `GET /rate_limit` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Bucket {
    pub limit: u64,
    pub remaining: u64,
    /// Unix time the bucket refills.
    pub reset: u64,
}

/// The buckets kepsync spends: REST (`core`) and GraphQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub core: Bucket,
    pub graphql: Option<Bucket>,
}

#[derive(Deserialize)]
struct RateLimitBody {
    resources: Resources,
}

#[derive(Deserialize)]
struct Resources {
    core: Bucket,
    #[serde(default)]
    graphql: Option<Bucket>,
}

impl GithubAdapter {
    /// `GET /rate_limit` (free): fails with the status GitHub gave when the token is refused.
    pub async fn rate_limits(&self) -> Result<RateLimits, GithubError> {
        let call = "GET /rate_limit";
        let body = self.fresh(call, "/rate_limit").await?;
        let parsed: RateLimitBody = serde_json::from_str(&body)
            .map_err(|e| GithubError::decode(call, format!("not a rate_limit answer: {e}")))?;
        Ok(RateLimits {
            core: parsed.resources.core,
            graphql: parsed.resources.graphql,
        })
    }

    /// `GET /repos/{repo}`: whether the configured repository is visible with this token.
    pub async fn probe_repository(&self) -> Result<(), GithubError> {
        let route = format!("/repos/{}", self.cfg.repo);
        self.fresh(&format!("GET {route}"), &route)
            .await
            .map(|_| ())
    }

    /// `x-ratelimit-remaining` of the last GitHub answer, for the daemon's gauge (unlike
    /// [`crate::github::CallStats::rate_limit_remaining`], the lowest ever seen, it recovers after a reset).
    pub fn last_rate_limit_remaining(&self) -> Option<u32> {
        self.transport.last_rate_limit_remaining()
    }

    async fn fresh(&self, call: &str, route: &str) -> Result<String, GithubError> {
        match self.transport.get(call, route, None).await? {
            Fetched::Fresh { body, .. } => Ok(body),
            Fetched::NotModified => Err(GithubError::decode(call, "304 to an unconditional GET")),
        }
    }
}
