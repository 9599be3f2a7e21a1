//! GitHub's documented policy for limits and failures as a pure decision: wait how long, or stop.
//!
//! `Retry-After` wins; else `x-ratelimit-remaining: 0` waits until `x-ratelimit-reset`; else a
//! secondary limit (403/429) waits at least a minute, doubling; 5xx and transport errors back off
//! exponentially. Other 4xx are final.

use super::config::RetryPolicy;
use http::HeaderMap;
use std::time::Duration;

/// What one answer says about limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answer {
    /// HTTP status; `None` for a transport error (no answer).
    pub status: Option<u16>,
    pub retry_after: Option<u64>,
    pub remaining: Option<u32>,
    pub reset: Option<u64>,
    /// A GraphQL body whose errors say the (primary) rate limit is exceeded.
    pub graphql_limited: bool,
    /// A body that says a secondary rate limit (or the older "abuse detection") was hit.
    pub secondary: bool,
}

impl Answer {
    pub fn from_headers(status: u16, headers: &HeaderMap) -> Answer {
        let num = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Answer {
            status: Some(status),
            retry_after: num("retry-after"),
            remaining: num("x-ratelimit-remaining").map(|r| r.min(u64::from(u32::MAX)) as u32),
            reset: num("x-ratelimit-reset"),
            graphql_limited: false,
            secondary: false,
        }
    }

    /// Notes what the body says about secondary limits.
    pub fn with_body(mut self, body: &str) -> Answer {
        let lower = body.to_ascii_lowercase();
        self.secondary =
            lower.contains("secondary rate limit") || lower.contains("abuse detection");
        self
    }

    /// Whether GitHub was throttling: a 429, a 403 for a spent budget (`x-ratelimit-remaining: 0`,
    /// `Retry-After`) or a secondary limit, or a GraphQL `RATE_LIMITED` error. A 403 for missing
    /// permission carries rate headers too, and is not.
    pub fn is_throttled(&self) -> bool {
        self.graphql_limited
            || self.status == Some(429)
            || (self.status == Some(403)
                && (self.remaining == Some(0) || self.retry_after.is_some() || self.secondary))
    }

    /// Whether this answer is usable as is.
    pub fn is_success(&self) -> bool {
        matches!(self.status, Some(s) if (200..300).contains(&s) || s == 304)
            && !self.graphql_limited
    }
}

/// How long to wait before attempt `attempt + 1` (attempts count from 1), or `None` to stop.
pub fn wait_before_retry(
    answer: &Answer,
    attempt: u32,
    policy: &RetryPolicy,
    now_epoch: u64,
) -> Option<Duration> {
    let limited = answer.graphql_limited || matches!(answer.status, Some(403 | 429));
    if let Some(secs) = answer.retry_after
        && (limited || matches!(answer.status, Some(s) if s >= 500))
    {
        return Some(Duration::from_secs(secs));
    }
    if limited {
        if answer.remaining == Some(0) {
            let reset = answer.reset.unwrap_or(now_epoch + 60);
            return Some(Duration::from_secs(reset.saturating_sub(now_epoch) + 1));
        }
        if answer.graphql_limited || answer.status == Some(429) || answer.secondary {
            // A secondary limit: at least a minute, then doubling.
            return Some(
                policy.secondary_wait * 2u32.saturating_pow(attempt.saturating_sub(1).min(6)),
            );
        }
        return None;
    }
    match answer.status {
        None => Some(backoff(attempt, policy)),
        Some(s) if s >= 500 => Some(backoff(attempt, policy)),
        _ => None,
    }
}

fn backoff(attempt: u32, policy: &RetryPolicy) -> Duration {
    let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(16));
    (policy.backoff_base * factor).min(policy.backoff_max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, headers: &[(&str, &str)]) -> Answer {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        Answer::from_headers(status, &map)
    }

    const NOW: u64 = 1_800_000_000;

    #[test]
    fn retry_after_wins() {
        let p = RetryPolicy::default();
        let a = answer(429, &[("retry-after", "8"), ("x-ratelimit-remaining", "0")]);
        assert_eq!(
            wait_before_retry(&a, 1, &p, NOW),
            Some(Duration::from_secs(8))
        );
    }

    #[test]
    fn primary_limit_waits_for_reset() {
        let p = RetryPolicy::default();
        let reset = (NOW + 120).to_string();
        let a = answer(
            403,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &reset),
            ],
        );
        assert_eq!(
            wait_before_retry(&a, 1, &p, NOW),
            Some(Duration::from_secs(121))
        );
    }

    #[test]
    fn secondary_limit_waits_a_minute_then_doubles() {
        let p = RetryPolicy::default();
        let body = r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again"}"#;
        let a = answer(403, &[("x-ratelimit-remaining", "4000")]).with_body(body);
        assert_eq!(
            wait_before_retry(&a, 1, &p, NOW),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            wait_before_retry(&a, 2, &p, NOW),
            Some(Duration::from_secs(120))
        );
        let bare429 = answer(429, &[]);
        assert_eq!(
            wait_before_retry(&bare429, 1, &p, NOW),
            Some(Duration::from_secs(60))
        );
    }

    #[test]
    fn server_errors_back_off_and_client_errors_stop() {
        let p = RetryPolicy::default();
        assert_eq!(
            wait_before_retry(&answer(502, &[]), 1, &p, NOW),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            wait_before_retry(&answer(502, &[]), 3, &p, NOW),
            Some(Duration::from_secs(4))
        );
        assert_eq!(
            wait_before_retry(&answer(502, &[]), 30, &p, NOW),
            Some(p.backoff_max)
        );
        assert_eq!(
            wait_before_retry(&Answer::default(), 1, &p, NOW),
            Some(Duration::from_secs(1))
        );
        assert_eq!(wait_before_retry(&answer(404, &[]), 1, &p, NOW), None);
        assert_eq!(wait_before_retry(&answer(403, &[]), 1, &p, NOW), None);
        // A permission 403 carries rate headers too; it is final.
        let forbidden = answer(403, &[("x-ratelimit-remaining", "4999")])
            .with_body(r#"{"message":"Resource not accessible by integration"}"#);
        assert_eq!(wait_before_retry(&forbidden, 1, &p, NOW), None);
    }

    #[test]
    fn only_answers_of_a_limit_count_as_throttled() {
        let spent = answer(403, &[("x-ratelimit-remaining", "0")]);
        let secondary = answer(403, &[("x-ratelimit-remaining", "4000")])
            .with_body(r#"{"message":"You have exceeded a secondary rate limit"}"#);
        let mut graphql = answer(200, &[]);
        graphql.graphql_limited = true;
        for throttled in [answer(429, &[]), spent, secondary, graphql] {
            assert!(throttled.is_throttled(), "{throttled:?}");
        }
        let forbidden = answer(403, &[("x-ratelimit-remaining", "4999")])
            .with_body(r#"{"message":"Resource not accessible by integration"}"#);
        for fine in [
            answer(200, &[("x-ratelimit-remaining", "4999")]),
            answer(304, &[]),
            answer(502, &[]),
            forbidden,
        ] {
            assert!(!fine.is_throttled(), "{fine:?}");
        }
    }

    #[test]
    fn graphql_limit_in_a_200_body() {
        let p = RetryPolicy::default();
        let reset = (NOW + 10).to_string();
        let mut a = answer(
            200,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", &reset),
            ],
        );
        a.graphql_limited = true;
        assert!(!a.is_success());
        assert_eq!(
            wait_before_retry(&a, 1, &p, NOW),
            Some(Duration::from_secs(11))
        );
    }
}
