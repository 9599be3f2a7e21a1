//! The request log every emulator keeps, for tests that count calls.

use serde::Serialize;
use std::sync::Mutex;

/// One answered request.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
}

/// An append-only log of answered requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<Vec<LoggedRequest>>,
}

impl RequestLog {
    /// Records one request.
    pub fn record(&self, method: &str, path: &str, status: u16) {
        let entry = LoggedRequest {
            method: method.to_string(),
            path: path.to_string(),
            status,
        };
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
    }

    /// A copy of every entry so far.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Forgets every entry.
    pub fn reset(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
