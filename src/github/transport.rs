//! Sends requests through octocrab (its own retry off) and applies [`super::retry`]: waits with
//! `tokio::time::sleep`, counts every request into [`CallStats`].

use super::config::{GithubConfig, RetryPolicy};
use super::error::GithubError;
use super::retry::{Answer, wait_before_retry};
use super::types::CallStats;
use http::{HeaderMap, HeaderValue, header};
use http_body_util::combinators::BoxBody;
use octocrab::Octocrab;
use serde_json::Value;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What a conditional GET gave.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Fresh { body: String, etag: Option<String> },
}

/// One received answer, body read.
struct Received {
    status: u16,
    headers: HeaderMap,
    body: String,
}

/// Refuses a base URL that would send the token in clear: `https`, or `http` on loopback only.
fn check_scheme(base: &str) -> Result<(), GithubError> {
    let url = url::Url::parse(base)
        .map_err(|e| GithubError::Config(format!("base URL `{base}`: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        other => Err(GithubError::Config(format!(
            "base URL `{base}`: scheme {other:?} on a host that is not loopback would expose the token; use https"
        ))),
    }
}

pub struct Transport {
    client: Octocrab,
    policy: RetryPolicy,
    stats: Mutex<CallStats>,
    /// `x-ratelimit-remaining` of the last answer that carried it (`u64::MAX`: none yet).
    last_remaining: AtomicU64,
}

impl Transport {
    pub fn new(cfg: &GithubConfig) -> Result<Transport, GithubError> {
        let base = cfg.base_url.as_deref().unwrap_or("https://api.github.com");
        check_scheme(base)?;
        let mut builder = Octocrab::builder()
            .base_uri(base)
            .map_err(|e| GithubError::Config(format!("base URL `{base}`: {e}")))?;
        if let Some(token) = &cfg.token {
            builder = builder.personal_token(token.expose().to_string());
        }
        let client = builder
            .build()
            .map_err(|e| GithubError::Config(format!("building the HTTP client: {e}")))?;
        Ok(Transport {
            client,
            policy: cfg.retry.clone(),
            stats: Mutex::new(CallStats::default()),
            last_remaining: AtomicU64::new(u64::MAX),
        })
    }

    /// `x-ratelimit-remaining` of the last answer that carried one (it rises again after a reset).
    pub fn last_rate_limit_remaining(&self) -> Option<u32> {
        u32::try_from(self.last_remaining.load(Ordering::Relaxed)).ok()
    }

    /// Cumulative counts.
    pub fn stats(&self) -> CallStats {
        *self.stats.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `GET route` with `If-None-Match: etag` when given.
    pub async fn get(
        &self,
        call: &str,
        route: &str,
        etag: Option<&str>,
    ) -> Result<Fetched, GithubError> {
        let mut headers = HeaderMap::new();
        if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(t).ok()) {
            headers.insert(header::IF_NONE_MATCH, tag);
        }
        let got = self
            .with_retries(call, || async {
                let resp = self
                    .client
                    ._get_with_headers(route, Some(headers.clone()))
                    .await?;
                self.read(resp).await
            })
            .await?;
        if got.status == 304 {
            return Ok(Fetched::NotModified);
        }
        let etag = got
            .headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        Ok(Fetched::Fresh {
            body: got.body,
            etag,
        })
    }

    /// `POST /graphql`; the whole body (`data` and any `errors`).
    pub async fn graphql(&self, call: &str, query: &str) -> Result<Value, GithubError> {
        let request = serde_json::json!({ "query": query });
        let got = self
            .with_retries(call, || async {
                let resp = self.client._post("/graphql", Some(&request)).await?;
                self.read(resp).await
            })
            .await?;
        let body: Value = serde_json::from_str(&got.body)
            .map_err(|e| GithubError::decode(call, format!("GraphQL body is not JSON: {e}")))?;
        if let Some(cost) = body.pointer("/data/rateLimit/cost").and_then(Value::as_u64) {
            self.update(|s| s.graphql_points += cost as u32);
        }
        Ok(body)
    }

    /// A write (`PATCH`, `POST` or `DELETE` route with a JSON body); the answer's body. Writes
    /// kepsync sends are idempotent (set a milestone, add or remove a label), so the read
    /// retry policy applies; a 403/404 is not retried.
    pub async fn write(
        &self,
        call: &str,
        method: http::Method,
        route: &str,
        body: Option<&Value>,
    ) -> Result<String, GithubError> {
        let got = self
            .with_retries(call, || async {
                let resp = match method {
                    http::Method::PATCH => self.client._patch(route, body).await?,
                    http::Method::DELETE => self.client._delete(route, body).await?,
                    _ => self.client._post(route, body).await?,
                };
                self.read(resp).await
            })
            .await?;
        Ok(got.body)
    }

    async fn read(
        &self,
        resp: http::Response<BoxBody<bytes::Bytes, octocrab::Error>>,
    ) -> Result<Received, octocrab::Error> {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = self.client.body_to_string(resp).await?;
        Ok(Received {
            status,
            headers,
            body,
        })
    }

    /// Runs `send` until it succeeds, the policy says stop, or the budget is spent.
    async fn with_retries<F, Fut>(&self, call: &str, send: F) -> Result<Received, GithubError>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Received, octocrab::Error>>,
    {
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (outcome, (answer, last)) = self.attempt(&send).await;
            if answer.is_success()
                && let Some(Ok(received)) = outcome
            {
                return Ok(received);
            }
            let wait = wait_before_retry(&answer, attempt, &self.policy, now_epoch());
            let give_up = |last: String| GithubError::GaveUp {
                call: call.to_string(),
                attempts: attempt,
                last,
            };
            let Some(wait) = wait else {
                return Err(match (answer.status, outcome) {
                    (Some(status), Some(Ok(r))) => GithubError::Status {
                        call: call.to_string(),
                        status,
                        message: error_message(&r.body),
                    },
                    _ => give_up(last),
                });
            };
            if attempt >= self.policy.max_attempts || waited + wait > self.policy.budget {
                return Err(give_up(format!(
                    "{last}; next wait {}s is over the retry budget or attempt limit",
                    wait.as_secs()
                )));
            }
            tracing::warn!(call, attempt, wait_s = wait.as_secs(), %last, "GitHub call limited or failed; waiting");
            self.update(|s| s.retries += 1);
            tokio::time::sleep(wait).await;
            waited += wait;
        }
    }

    /// One attempt, bounded by the policy's request timeout (no outcome when it ran out: a
    /// server that never answers must not hang the cycle, and every call here is a read).
    async fn attempt<F, Fut>(
        &self,
        send: &F,
    ) -> (Option<Result<Received, octocrab::Error>>, (Answer, String))
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<Received, octocrab::Error>>,
    {
        match tokio::time::timeout(self.policy.request_timeout, send()).await {
            Ok(outcome) => {
                let seen = self.observe(&outcome);
                (Some(outcome), seen)
            }
            Err(_) => {
                self.update(|s| s.requests += 1);
                let last = format!(
                    "transport error: no answer within {} ms",
                    self.policy.request_timeout.as_millis()
                );
                (None, (Answer::default(), last))
            }
        }
    }

    /// Counts one answer and describes it for the policy and for errors.
    fn observe(&self, outcome: &Result<Received, octocrab::Error>) -> (Answer, String) {
        let Ok(r) = outcome else {
            self.update(|s| s.requests += 1);
            let err = outcome
                .as_ref()
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            return (Answer::default(), format!("transport error: {err}"));
        };
        let mut answer = Answer::from_headers(r.status, &r.headers).with_body(&r.body);
        answer.graphql_limited = r.status == 200 && graphql_rate_limited(&r.body);
        if let Some(rem) = answer.remaining {
            self.last_remaining.store(u64::from(rem), Ordering::Relaxed);
        }
        self.update(|s| {
            s.requests += 1;
            if r.status == 304 {
                s.not_modified += 1;
            } else {
                s.counted += 1;
            }
            if answer.is_throttled() {
                s.throttled += 1;
            }
            if let Some(rem) = answer.remaining {
                s.rate_limit_remaining = Some(s.rate_limit_remaining.map_or(rem, |m| m.min(rem)));
            }
        });
        (
            answer,
            format!("HTTP {}: {}", r.status, error_message(&r.body)),
        )
    }

    fn update(&self, f: impl FnOnce(&mut CallStats)) {
        f(&mut self.stats.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Whether a GraphQL body reports the primary rate limit (`RATE_LIMITED`, `RATE_LIMIT`).
fn graphql_rate_limited(body: &str) -> bool {
    if !body.contains("RATE_LIMIT") && !body.contains("rate_limit") {
        return false;
    }
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return false;
    };
    v.get("errors")
        .and_then(Value::as_array)
        .is_some_and(|errs| {
            errs.iter().any(|e| {
                matches!(
                    e.get("type").and_then(Value::as_str),
                    Some("RATE_LIMITED" | "RATE_LIMIT")
                ) || e.get("code").and_then(Value::as_str) == Some("graphql_rate_limit")
            })
        })
}

/// GitHub's `message`, or the start of the body.
fn error_message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(String::from))
        .unwrap_or_else(|| body.chars().take(200).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_graphql_rate_limit_bodies() {
        assert!(graphql_rate_limited(
            r#"{"errors":[{"type":"RATE_LIMITED","message":"x"}]}"#
        ));
        assert!(graphql_rate_limited(
            r#"{"errors":[{"type":"RATE_LIMIT","code":"graphql_rate_limit","message":"x"}]}"#
        ));
        assert!(!graphql_rate_limited(
            r#"{"data":{"a":null},"errors":[{"type":"NOT_FOUND"}]}"#
        ));
        assert!(!graphql_rate_limited(r#"{"data":{"title":"RATE_LIMIT"}}"#));
    }
}
