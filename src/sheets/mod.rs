//! kepsync's Google Sheets adapter: one-request snapshots and one-request atomic writes.
//!
//! Built on google-sheets4 + yup-oauth2 over the workspace's single hyper/rustls stack.
//! Every call asks only for the `spreadsheets` scope, retries transient failures itself
//! ([`RetryPolicy`]) and names the spreadsheet and operation in its errors.

pub mod apply;
mod auth;
pub mod batch;
mod batch_json;
pub(crate) mod board_status;
pub mod cells;
mod config;
mod error;
pub mod init_read;
mod lean;
mod preflight;
mod raw;
mod retry;
mod snapshot;
pub mod token;

pub use batch::BatchRequest;
pub use config::{
    DEFAULT_BASE_URL, RetryPolicy, SheetsConfig, SpreadsheetRef, parse_spreadsheet_ref,
};
pub use error::SheetsError;
pub use preflight::{Credentials, mint_token};
pub use snapshot::{SNAPSHOT_FIELDS, TABS_FIELDS, TabGrid, whole_tab_range};

use crate::sheet::{Snapshot, Tab};
use google_sheets4::Sheets;
use google_sheets4::api::{BatchUpdateSpreadsheetResponse, Scope, Spreadsheet};
use hyper::Method;
use retry::{Capture, Failure};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};

type CallResult<T> = google_sheets4::Result<(google_sheets4::common::Response, T)>;

type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// Calls made so far (each HTTP attempt counts once as a read or a write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SheetsStats {
    pub reads: u64,
    pub writes: u64,
    pub retries: u64,
    pub failures: u64,
}

#[derive(Debug, Default)]
struct Counters {
    reads: AtomicU64,
    writes: AtomicU64,
    retries: AtomicU64,
    failures: AtomicU64,
}

/// A connected adapter for one spreadsheet.
pub struct SheetsAdapter {
    hub: Sheets<Connector>,
    /// The API root, ending in `/` (the hub keeps its own copy private).
    base: String,
    spreadsheet_id: String,
    retry: RetryPolicy,
    counters: Counters,
    /// Tabs a snapshot reads as their header row and grid size only (the Sync Log).
    header_only: Vec<String>,
}

impl std::fmt::Debug for SheetsAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SheetsAdapter")
            .field("spreadsheet_id", &self.spreadsheet_id)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

impl SheetsAdapter {
    /// Checks the configuration and builds the client (a service-account key is read here; the
    /// first token is fetched on the first call).
    pub async fn connect(cfg: SheetsConfig) -> Result<Self, SheetsError> {
        config::check_spreadsheet_id(&cfg.spreadsheet_id)?;
        let base = config::check_url(
            "base URL",
            cfg.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
        )?;
        let connector = auth::connector()?;
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(connector.clone());
        let mut hub = match &cfg.token {
            Some(token) => Sheets::new(client, token.clone()),
            None => Sheets::new(client, auth::service_account(&cfg, connector).await?),
        };
        hub.base_url(base.clone());
        hub.root_url(base.clone());
        Ok(SheetsAdapter {
            hub,
            base,
            spreadsheet_id: cfg.spreadsheet_id,
            retry: cfg.retry,
            counters: Counters::default(),
            header_only: Vec::new(),
        })
    }

    /// Reads these tabs as their header row and grid size only (the Sync Log, which only grows).
    pub fn read_header_only(&mut self, titles: Vec<String>) {
        self.header_only = titles;
    }

    /// The spreadsheet this adapter reads and writes.
    pub fn spreadsheet_id(&self) -> &str {
        &self.spreadsheet_id
    }

    /// One request: the named tabs (exact titles) with values, formulas, links and fills.
    /// Tabs that do not exist → [`SheetsError::MissingTabs`] naming all of them (one extra
    /// metadata call, on that path only).
    pub async fn snapshot(&self, tabs: &[String]) -> Result<Snapshot, SheetsError> {
        let ranges: Vec<String> = tabs
            .iter()
            .map(|t| match self.header_only.contains(t) {
                true => format!("{}!A1:Z1", whole_tab_range(t)),
                false => whole_tab_range(t),
            })
            .collect();
        let operation = self.operation("get");
        let got = self
            .with_retry(&operation, Kind::Read, || {
                lean::get(
                    &self.hub,
                    &self.base,
                    &self.spreadsheet_id,
                    &ranges,
                    SNAPSHOT_FIELDS,
                )
            })
            .await;
        let ss = match got {
            Ok(ss) => ss,
            Err(SheetsError::Rejected {
                status: 400,
                message,
                operation,
            }) if message.starts_with("Unable to parse range") => {
                return Err(self
                    .missing_tabs(tabs, status_error(message, operation))
                    .await);
            }
            Err(e) => return Err(e),
        };
        snapshot::to_snapshot(&self.spreadsheet_id, &ss, tabs).map_err(SheetsError::MissingTabs)
    }

    async fn missing_tabs(&self, tabs: &[String], original: SheetsError) -> SheetsError {
        let Ok(layouts) = self.tab_layouts().await else {
            return original;
        };
        let missing: Vec<String> = tabs
            .iter()
            .filter(|t| !layouts.iter().any(|l| &l.title == *t))
            .cloned()
            .collect();
        if missing.is_empty() {
            original
        } else {
            SheetsError::MissingTabs(missing)
        }
    }

    /// Metadata only: every tab (id, title, grid size), in tab order, without cells. One request.
    pub async fn tabs(&self) -> Result<Vec<Tab>, SheetsError> {
        Ok(self
            .tab_layouts()
            .await?
            .iter()
            .map(snapshot::empty_tab)
            .collect())
    }

    /// Every tab's layout including its frozen header rows. One request.
    pub async fn tab_layouts(&self) -> Result<Vec<TabGrid>, SheetsError> {
        let ss = self.get(&[], TABS_FIELDS).await?;
        Ok(snapshot::layouts(&ss))
    }

    /// One `spreadsheets.get` of `ranges` with the field mask `fields`, for tools that read more
    /// than a snapshot (formats, validation, protected ranges).
    pub async fn read(&self, ranges: &[String], fields: &str) -> Result<Spreadsheet, SheetsError> {
        self.get(ranges, fields).await
    }

    /// One `spreadsheets.batchUpdate` with these requests, atomic. Empty → no request at all.
    /// Requests that would write a formula are refused before anything is sent. The body is
    /// encoded once, compactly, and the requests dropped before it is sent (a cold cycle's batch
    /// is ~20,000 cells); a retry sends the same bytes.
    pub async fn apply<R: Into<BatchRequest>>(
        &self,
        requests: Vec<R>,
    ) -> Result<BatchUpdateSpreadsheetResponse, SheetsError> {
        let operation = self.operation("batchUpdate");
        let requests: Vec<BatchRequest> = requests.into_iter().map(Into::into).collect();
        if requests.is_empty() {
            return Ok(BatchUpdateSpreadsheetResponse {
                spreadsheet_id: Some(self.spreadsheet_id.clone()),
                replies: Some(Vec::new()),
                ..BatchUpdateSpreadsheetResponse::default()
            });
        }
        if let Some(index) = requests.iter().position(BatchRequest::writes_formula) {
            return Err(SheetsError::FormulaRefused { operation, index });
        }
        // Encoding cannot fail for these types (string keys only); were it to, nothing is sent
        // and the error reads as the 400 Google gives a body it cannot parse.
        let body = batch::body(&requests).map_err(|e| SheetsError::Rejected {
            status: 400,
            message: format!("the batch could not be encoded: {e}"),
            operation: operation.clone(),
        })?;
        drop(requests);
        let uri = batch::uri(&self.base, &self.spreadsheet_id);
        self.with_retry(&operation, Kind::Write, || {
            raw::call(&self.hub, Method::POST, uri.clone(), Some(body.clone()))
        })
        .await
    }

    /// [`Self::apply`] with kepsync's write token in front (see [`token`]): the batch applies
    /// only if no other batch carrying the token applied since `planned_from` was read; if one
    /// did, nothing is written and the error is [`SheetsError::WrittenSinceRead`]. `note` is
    /// stored as the new token's value (who wrote, when).
    pub async fn apply_after<R: Into<BatchRequest>>(
        &self,
        planned_from: Option<&crate::sheet::WriteToken>,
        note: &str,
        requests: Vec<R>,
    ) -> Result<BatchUpdateSpreadsheetResponse, SheetsError> {
        let mut all = token::requests(planned_from, note);
        all.extend(requests.into_iter().map(Into::into));
        self.apply(all).await.map_err(|e| {
            if token::lost_to_another_writer(&e) {
                SheetsError::WrittenSinceRead {
                    operation: self.operation("batchUpdate"),
                    token: planned_from.map_or("none".into(), |t| t.id.to_string()),
                }
            } else {
                e
            }
        })
    }

    /// Calls so far.
    pub fn stats(&self) -> SheetsStats {
        let c = &self.counters;
        SheetsStats {
            reads: c.reads.load(Ordering::Relaxed),
            writes: c.writes.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            failures: c.failures.load(Ordering::Relaxed),
        }
    }

    fn operation(&self, verb: &str) -> String {
        format!("{verb} of spreadsheet {}", self.spreadsheet_id)
    }

    async fn get(&self, ranges: &[String], fields: &str) -> Result<Spreadsheet, SheetsError> {
        let operation = self.operation("get");
        self.with_retry(&operation, Kind::Read, || async {
            let mut capture = Capture::default();
            let mut call = self
                .hub
                .spreadsheets()
                .get(&self.spreadsheet_id)
                .param("fields", fields)
                .add_scope(Scope::Spreadsheet)
                .delegate(&mut capture);
            for r in ranges {
                call = call.add_ranges(r);
            }
            let result = call.doit().await;
            (result, capture)
        })
        .await
    }

    /// Runs one call with the retry policy; each attempt returns its result and what its
    /// [`Capture`] delegate saw.
    async fn with_retry<T, F, Fut>(
        &self,
        operation: &str,
        kind: Kind,
        mut call: F,
    ) -> Result<T, SheetsError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = (CallResult<T>, Capture)>,
    {
        let started = tokio::time::Instant::now();
        let policy = &self.retry;
        let mut attempt = 0;
        loop {
            attempt += 1;
            self.count(kind);
            let outcome = tokio::time::timeout(policy.request_timeout, call()).await;
            let failure = match outcome {
                Ok((Ok((_, value)), _)) => return Ok(value),
                Ok((Err(e), capture)) => {
                    retry::classify(e, &capture, operation, &self.spreadsheet_id)
                }
                Err(_) => Failure::Transient {
                    last: format!("no answer within {:?}", policy.request_timeout),
                    retry_after: None,
                    ambiguous: true,
                },
            };
            let (last, retry_after) = match failure {
                Failure::Fatal(e) => return Err(self.failed(e)),
                Failure::Transient {
                    last,
                    ambiguous: true,
                    ..
                } if kind == Kind::Write => {
                    // Repeating a batch that may have been applied could insert its rows twice;
                    // the next cycle re-reads the sheet and converges instead.
                    return Err(self.failed(SheetsError::Exhausted {
                        operation: operation.to_string(),
                        attempts: attempt,
                        last: format!("{last} (not retried: the write may have been applied; the next cycle re-reads the sheet)"),
                    }));
                }
                Failure::Transient {
                    last, retry_after, ..
                } => (last, retry_after),
            };
            let wait = retry::backoff(policy, attempt, retry_after, retry::jitter());
            if attempt >= policy.max_attempts || started.elapsed() + wait > policy.budget {
                return Err(self.failed(SheetsError::Exhausted {
                    operation: operation.to_string(),
                    attempts: attempt,
                    last,
                }));
            }
            tracing::warn!(%operation, attempt, ?wait, %last, "transient Sheets failure; retrying");
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(wait).await;
        }
    }

    fn count(&self, kind: Kind) {
        let c = match kind {
            Kind::Read => &self.counters.reads,
            Kind::Write => &self.counters.writes,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn failed(&self, e: SheetsError) -> SheetsError {
        self.counters.failures.fetch_add(1, Ordering::Relaxed);
        e
    }
}

fn status_error(message: String, operation: String) -> SheetsError {
    SheetsError::Rejected {
        status: 400,
        message,
        operation,
    }
}
