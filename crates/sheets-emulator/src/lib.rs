//! A Google Sheets v4 emulator: the REST API as google-sheets4 calls it, with Google's range
//! echoes, trimming, error bodies and all-or-nothing batchUpdate, plus `/_emulator/` control
//! endpoints (load/dump, request counts, faults, quotas) and an OAuth token endpoint.
//!
//! Embed it with [`SheetsEmulator::handler`] and `emulator_kit::Server::start`, or run the
//! `sheets-emulator` binary.

mod a1;
mod batch;
mod control;
mod error;
mod fields;
mod formula;
mod ids;
mod model;
mod quota;
mod ranges;
mod render;
mod seed;
mod service;
mod validate;
mod value;
mod values;

/// The HTTP plumbing the emulator runs on (server, faults), re-exported for embedders.
pub use emulator_kit;
pub use error::ApiError;
pub use quota::RequestCounts;
pub use validate::{Discovery, default_discovery, default_paths};

use emulator_kit::{FaultAction, Faults, Handler, Outcome, Request, RequestLog, Response};
use quota::Quota;
use serde::Serialize;
use service::Store;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

/// One OAuth grant the token endpoint handed out (what the client asked for).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TokenGrant {
    /// The `iss` claim of the service-account JWT (the client email).
    pub issuer: String,
    /// The `scope` claim, space-separated.
    pub scope: String,
}

#[derive(Debug, Default)]
struct Inner {
    store: Mutex<Store>,
    log: RequestLog,
    faults: Faults,
    quota: Mutex<Quota>,
    grants: Mutex<Vec<TokenGrant>>,
}

/// The emulator; clones share the same state.
#[derive(Debug, Clone)]
pub struct SheetsEmulator {
    inner: Arc<Inner>,
}

/// Same as [`SheetsEmulator::new`].
impl Default for SheetsEmulator {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SheetsEmulator {
    /// An empty emulator that checks request bodies against Google's discovery document from
    /// its default place ([`default_paths`]); without one it prints one warning line and does
    /// not check them.
    pub fn new() -> Self {
        Self::with_discovery(default_discovery())
    }

    /// An emulator checking request bodies against the discovery document at `path`.
    pub fn with_discovery_file(path: impl AsRef<Path>) -> Result<Self, String> {
        Ok(Self::with_discovery(Some(Arc::new(Discovery::from_file(
            path.as_ref(),
        )?))))
    }

    /// An emulator checking request bodies against `discovery`, or not at all (`None`).
    pub fn with_discovery(discovery: Option<Arc<Discovery>>) -> Self {
        let inner = Inner::default();
        lock(&inner.store).discovery = discovery;
        SheetsEmulator {
            inner: Arc::new(inner),
        }
    }

    /// True when request bodies are checked against a discovery document.
    pub fn validates_bodies(&self) -> bool {
        lock(&self.inner.store).discovery.is_some()
    }

    /// Loads (or replaces) a spreadsheet from the `/_emulator` JSON form.
    pub fn load(&self, seed: serde_json::Value) -> Result<(), String> {
        let ss = seed::load(&seed)?;
        lock(&self.inner.store)
            .spreadsheets
            .insert(ss.id.clone(), ss);
        Ok(())
    }

    /// The spreadsheet in the `/_emulator` JSON form, if it exists.
    pub fn dump(&self, spreadsheet_id: &str) -> Option<serde_json::Value> {
        lock(&self.inner.store)
            .spreadsheets
            .get(spreadsheet_id)
            .map(seed::dump)
    }

    /// The HTTP handler to serve.
    pub fn handler(&self) -> Arc<dyn Handler> {
        Arc::new(self.clone())
    }

    /// API requests answered so far, split into reads and writes.
    pub fn counts(&self) -> RequestCounts {
        lock(&self.inner.quota).counts()
    }

    /// The request log (method, decoded path, status) of API calls.
    pub fn log(&self) -> &RequestLog {
        &self.inner.log
    }

    /// Forgets counts and the log.
    pub fn reset_requests(&self) {
        lock(&self.inner.quota).reset_counts();
        self.inner.log.reset();
    }

    /// Pending injected faults.
    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// Switches Google's per-user quotas (60 reads and 60 writes a minute) on or off.
    pub fn set_quota(&self, on: bool) {
        lock(&self.inner.quota).set_enabled(on);
    }

    /// Tokens handed out by `POST /token`, oldest first.
    pub fn token_grants(&self) -> Vec<TokenGrant> {
        lock(&self.inner.grants).clone()
    }

    fn api(&self, req: &Request) -> Outcome {
        let read = service::is_read(&req.method, &req.path);
        let fault = self.inner.faults.take(req.method.as_str(), &req.path);
        let allowed = lock(&self.inner.quota).admit(read);
        let answer = |r: Response| {
            self.inner
                .log
                .record(req.method.as_str(), &req.path, r.status);
            r
        };
        match fault {
            Some(FaultAction::Drop) => {
                self.inner.log.record(req.method.as_str(), &req.path, 0);
                return Outcome::Drop;
            }
            Some(FaultAction::Status {
                status,
                retry_after,
                kind,
            }) => {
                let mut e = ApiError::for_status(status, kind.as_deref(), !read);
                e.retry_after = retry_after;
                return answer(e.response()).into();
            }
            _ => {}
        }
        let response = if !allowed {
            ApiError::quota(!read).response()
        } else if !authorized(req) {
            ApiError::unauthenticated().response()
        } else {
            let mut store = lock(&self.inner.store);
            match service::call(&mut store, req) {
                Ok(v) => ok_response(&v),
                Err(e) => e.response(),
            }
        };
        let response = answer(response);
        match fault {
            Some(FaultAction::Delay(d)) => Outcome::Delay(d, response),
            _ => response.into(),
        }
    }
}

/// Bodies above this size are sent compact rather than pretty-printed (clients parse both; the
/// indentation alone would double a large grid read).
const PRETTY_LIMIT: usize = 256 * 1024;

fn ok_response(v: &serde_json::Value) -> Response {
    let compact = serde_json::to_vec(v).unwrap_or_default();
    if compact.len() > PRETTY_LIMIT {
        return Response::new(200, compact)
            .header("content-type", "application/json; charset=UTF-8");
    }
    Response::json(200, v)
}

fn authorized(req: &Request) -> bool {
    let bearer = req
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .is_some_and(|t| !t.trim().is_empty());
    bearer || req.query_param("key").is_some()
}

impl Handler for SheetsEmulator {
    fn handle(&self, request: Request) -> Outcome {
        if request.path.starts_with("/_emulator/") {
            return control::handle(self, &request).into();
        }
        if request.path == "/token" {
            return control::token(self, &request).into();
        }
        self.api(&request)
    }
}
