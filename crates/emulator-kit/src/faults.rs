//! Injected faults: "the next N requests matching this method/path answer 429 / wait / drop".

use serde::Deserialize;
use std::sync::Mutex;
use std::time::Duration;

/// A fault as posted to `POST /_emulator/faults`.
///
/// `{"count": 2, "method": "POST", "path": "/v4/spreadsheets", "status": 429, "retry_after": 3}`
/// `{"count": 1, "delay_ms": 5000}` · `{"count": 1, "drop": true}`
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    /// How many matching requests it applies to (default 1).
    #[serde(default = "one")]
    pub count: u32,
    /// Only requests with this method (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// Only requests whose decoded path contains this text (any when absent).
    #[serde(default)]
    pub path: Option<String>,
    /// Answer with this status (the emulator supplies the service's own error body).
    #[serde(default)]
    pub status: Option<u16>,
    /// With `status`: the `Retry-After` seconds to send, where the service sends one.
    #[serde(default)]
    pub retry_after: Option<u64>,
    /// With `status`: a variant the emulator knows ("secondary", "primary").
    #[serde(default)]
    pub kind: Option<String>,
    /// Wait this long before answering normally.
    #[serde(default)]
    pub delay_ms: Option<u64>,
    /// Close the connection without an answer.
    #[serde(default)]
    pub drop: bool,
}

fn one() -> u32 {
    1
}

/// What a matched fault does.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    Status {
        status: u16,
        retry_after: Option<u64>,
        kind: Option<String>,
    },
    Delay(Duration),
    Drop,
}

/// A fault with the requests it still applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub spec: FaultSpec,
    pub remaining: u32,
}

impl FaultSpec {
    fn action(&self) -> FaultAction {
        if self.drop {
            FaultAction::Drop
        } else if let Some(status) = self.status {
            FaultAction::Status {
                status,
                retry_after: self.retry_after,
                kind: self.kind.clone(),
            }
        } else {
            FaultAction::Delay(Duration::from_millis(self.delay_ms.unwrap_or(0)))
        }
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && self.path.as_deref().is_none_or(|p| path.contains(p))
    }
}

/// The queue of pending faults; the first matching one fires.
#[derive(Debug, Default)]
pub struct Faults {
    pending: Mutex<Vec<Fault>>,
}

impl Faults {
    /// Queues a fault.
    pub fn add(&self, spec: FaultSpec) {
        let remaining = spec.count;
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Fault { spec, remaining });
    }

    /// Drops every pending fault.
    pub fn clear(&self) {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// The action for this request, if a pending fault matches it (and uses one of its count).
    pub fn take(&self, method: &str, path: &str) -> Option<FaultAction> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let idx = pending
            .iter()
            .position(|f| f.remaining > 0 && f.spec.matches(method, path))?;
        let fault = &mut pending[idx];
        fault.remaining -= 1;
        let action = fault.spec.action();
        if fault.remaining == 0 {
            pending.remove(idx);
        }
        Some(action)
    }

    /// Faults still pending.
    pub fn pending(&self) -> Vec<Fault> {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(json: &str) -> FaultSpec {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn fires_count_times_on_matching_requests_only() {
        let faults = Faults::default();
        faults.add(spec(
            r#"{"count":2,"method":"POST","path":":batchUpdate","status":429}"#,
        ));
        assert_eq!(faults.take("GET", "/v4/spreadsheets/x:batchUpdate"), None);
        assert_eq!(faults.take("POST", "/v4/spreadsheets/x"), None);
        let hit = faults.take("post", "/v4/spreadsheets/x:batchUpdate");
        assert_eq!(
            hit,
            Some(FaultAction::Status {
                status: 429,
                retry_after: None,
                kind: None
            })
        );
        assert!(
            faults
                .take("POST", "/v4/spreadsheets/x:batchUpdate")
                .is_some()
        );
        assert_eq!(faults.take("POST", "/v4/spreadsheets/x:batchUpdate"), None);
        assert!(faults.pending().is_empty());
    }

    #[test]
    fn delay_and_drop() {
        let faults = Faults::default();
        faults.add(spec(r#"{"delay_ms":250}"#));
        faults.add(spec(r#"{"drop":true}"#));
        assert_eq!(
            faults.take("GET", "/"),
            Some(FaultAction::Delay(Duration::from_millis(250)))
        );
        assert_eq!(faults.take("GET", "/"), Some(FaultAction::Drop));
        assert_eq!(faults.take("GET", "/"), None);
    }

    #[test]
    fn rejects_unknown_keys() {
        assert!(serde_json::from_str::<FaultSpec>(r#"{"stauts":429}"#).is_err());
    }
}
