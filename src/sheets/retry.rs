//! Retrying transient failures: which errors are transient (429, 500, 502, 503, 504, timeouts,
//! dropped connections), jittered exponential backoff honouring `Retry-After`, and the loop that
//! stops at the attempt limit or the time budget.

use super::config::RetryPolicy;
use super::error::SheetsError;
use google_sheets4::common::{Delegate, Response, Retry};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Records what the client's delegate saw of a failed response (status, `Retry-After`), since
/// google-sheets4 keeps only the body in its error. Always answers "do not retry": the adapter
/// retries itself.
#[derive(Debug, Default)]
pub struct Capture {
    pub status: Option<u16>,
    pub retry_after: Option<Duration>,
}

impl Delegate for Capture {
    fn http_failure(&mut self, response: &Response, _err: Option<&serde_json::Value>) -> Retry {
        self.status = Some(response.status().as_u16());
        self.retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        Retry::Abort
    }
}

/// How one failed attempt is treated.
#[derive(Debug)]
pub enum Failure {
    /// Worth another attempt; `last` describes it for the final error.
    Transient {
        last: String,
        retry_after: Option<Duration>,
        /// The request may have been carried out (no answer, a dropped connection, 500/502/504):
        /// safe to repeat for a read, not for a write.
        ambiguous: bool,
    },
    /// Retrying cannot help.
    Fatal(SheetsError),
}

/// True for HTTP statuses the adapter retries.
pub fn transient_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Classifies a google-sheets4 error of `operation` on `spreadsheet`.
pub fn classify(
    err: google_sheets4::Error,
    capture: &Capture,
    operation: &str,
    spreadsheet: &str,
) -> Failure {
    use google_sheets4::Error as E;
    match err {
        E::HttpError(e) => Failure::Transient {
            last: format!("connection failed: {e}"),
            retry_after: None,
            ambiguous: true,
        },
        E::Io(e) => Failure::Transient {
            last: format!("I/O error: {e}"),
            retry_after: None,
            ambiguous: true,
        },
        E::BadRequest(body) => {
            let status = capture.status.or_else(|| {
                body.pointer("/error/code")
                    .and_then(|c| c.as_u64())
                    .map(|c| c as u16)
            });
            let message = body
                .pointer("/error/message")
                .and_then(|m| m.as_str())
                .map_or_else(|| body.to_string(), String::from);
            by_status(
                status.unwrap_or(400),
                message,
                capture,
                operation,
                spreadsheet,
            )
        }
        E::Failure(resp) => {
            let status = resp.status().as_u16();
            let message = format!("HTTP {status} without a JSON body");
            by_status(status, message, capture, operation, spreadsheet)
        }
        E::MissingToken(e) => Failure::Fatal(SheetsError::Auth(format!("{operation}: {e}"))),
        E::JsonDecodeError(_, e) => Failure::Fatal(SheetsError::Decode {
            operation: operation.to_string(),
            message: e.to_string(),
        }),
        other => Failure::Fatal(SheetsError::Decode {
            operation: operation.to_string(),
            message: other.to_string(),
        }),
    }
}

fn by_status(
    status: u16,
    message: String,
    capture: &Capture,
    operation: &str,
    spreadsheet: &str,
) -> Failure {
    if transient_status(status) {
        return Failure::Transient {
            last: format!("HTTP {status}: {message}"),
            retry_after: capture.retry_after,
            ambiguous: !matches!(status, 429 | 503),
        };
    }
    let operation = operation.to_string();
    Failure::Fatal(match status {
        404 => SheetsError::NotFound {
            spreadsheet: spreadsheet.to_string(),
        },
        403 => SheetsError::PermissionDenied { operation, message },
        401 => SheetsError::Auth(format!("{operation}: {message}")),
        _ => SheetsError::Rejected {
            status,
            message,
            operation,
        },
    })
}

/// The wait before retry number `retry` (1-based): `base·2^(retry-1)` plus up to half again of
/// jitter, capped at `max_delay`, and never shorter than the server's `Retry-After`.
pub fn backoff(
    policy: &RetryPolicy,
    retry: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(1u32 << (retry.saturating_sub(1)).min(20));
    let jittered = exp.mul_f64(1.0 + jitter.clamp(0.0, 1.0) / 2.0);
    let capped = jittered.min(policy.max_delay);
    retry_after.map_or(capped, |ra| capped.max(ra))
}

/// A number in [0, 1): a cheap, lock-free jitter source (quality is irrelevant here).
pub fn jitter() -> f64 {
    static STATE: AtomicU64 = AtomicU64::new(0x2545_F491_4F6C_DD1D);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let mut x = STATE.fetch_add(nanos | 1, Ordering::Relaxed) ^ nanos;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            ..RetryPolicy::default()
        }
    }

    #[test]
    fn backoff_doubles_jitters_and_caps() {
        let p = policy();
        assert_eq!(backoff(&p, 1, None, 0.0), Duration::from_millis(100));
        assert_eq!(backoff(&p, 3, None, 0.0), Duration::from_millis(400));
        assert_eq!(backoff(&p, 3, None, 1.0), Duration::from_millis(600));
        assert_eq!(backoff(&p, 10, None, 0.0), Duration::from_secs(2));
        assert_eq!(
            backoff(&p, 1, Some(Duration::from_secs(3)), 0.0),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let xs: Vec<f64> = (0..100).map(|_| jitter()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert!(xs.windows(2).any(|w| w[0] != w[1]));
    }

    #[test]
    fn statuses_are_classified() {
        let body =
            |code: u16| serde_json::json!({"error": {"code": code, "message": "m", "status": "X"}});
        let c = Capture::default();
        let f = |code| {
            classify(
                google_sheets4::Error::BadRequest(body(code)),
                &c,
                "get of spreadsheet s",
                "s",
            )
        };
        for code in [429, 500, 502, 503, 504] {
            assert!(matches!(f(code), Failure::Transient { .. }), "{code}");
        }
        assert!(matches!(
            f(404),
            Failure::Fatal(SheetsError::NotFound { .. })
        ));
        assert!(matches!(
            f(403),
            Failure::Fatal(SheetsError::PermissionDenied { .. })
        ));
        assert!(matches!(
            f(400),
            Failure::Fatal(SheetsError::Rejected { status: 400, .. })
        ));
    }
}
