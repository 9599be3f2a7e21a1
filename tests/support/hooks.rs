//! In-process plumbing of the reliability tests: a handler that runs a closure before each API
//! request, a person's edit straight into the emulator, and retry policies fast enough for
//! fault matrices.

use crate::support::sheet::SHEET_ID;
use emulator_kit::{Handler, Outcome, Request};
use kepsync::config::Config;
use kepsync::cycle::Syncer;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use std::sync::Arc;

/// A handler that runs `before` on every API request (not control calls), then delegates.
pub struct Around<F> {
    pub inner: Arc<dyn Handler>,
    pub before: F,
}

impl<F: Fn(&Request) + Send + Sync + 'static> Handler for Around<F> {
    fn handle(&self, request: Request) -> Outcome {
        if !request.path.starts_with("/_emulator/") && request.path != "/token" {
            (self.before)(&request);
        }
        self.inner.handle(request)
    }
}

/// A person's batchUpdate, straight into the emulator (not over HTTP, not faulted).
pub fn person_batch(sheets: &SheetsEmulator, requests: Vec<Value>) {
    if requests.is_empty() {
        return;
    }
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "authorization",
        http::HeaderValue::from_static("Bearer person"),
    );
    let body = json!({ "requests": requests }).to_string();
    let req = Request::new(
        http::Method::POST,
        &format!("/v4/spreadsheets/{SHEET_ID}:batchUpdate"),
        headers,
        body.into(),
    );
    match sheets.handle(req) {
        Outcome::Respond(r) if r.status == 200 => {}
        Outcome::Respond(r) => panic!(
            "person's edit refused: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        ),
        other => panic!("person's edit not answered: {other:?}"),
    }
}

/// Retry policies fast enough for fault matrices: millisecond backoffs, 400 ms timeouts.
pub fn fast_syncer_parts(
    config: &Config,
) -> (kepsync::sheets::SheetsConfig, kepsync::github::GithubConfig) {
    use kepsync::{github, sheets};
    let sheets = sheets::SheetsConfig {
        spreadsheet_id: config.spreadsheet_id.clone(),
        base_url: config.google.base_url.clone(),
        token: config.google.token.clone(),
        retry: sheets::RetryPolicy {
            max_attempts: 4,
            base_delay: std::time::Duration::from_millis(5),
            max_delay: std::time::Duration::from_millis(20),
            budget: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_millis(400),
        },
        ..sheets::SheetsConfig::default()
    };
    let mut gh = github::GithubConfig::new(config.github.repo.clone());
    gh.base_url = config.github.base_url.clone();
    gh.token = Some(github::Token::new("gh-token"));
    gh.intake_label = config.intake.label().map(String::from);
    gh.retry = github::RetryPolicy {
        max_attempts: 4,
        budget: std::time::Duration::from_secs(10),
        secondary_wait: std::time::Duration::from_millis(10),
        backoff_base: std::time::Duration::from_millis(5),
        backoff_max: std::time::Duration::from_millis(20),
        request_timeout: std::time::Duration::from_millis(400),
    };
    (sheets, gh)
}

/// A kepsync with [`fast_syncer_parts`] retry policies.
pub async fn fast_syncer(config: Config) -> Syncer {
    let (s, g) = fast_syncer_parts(&config);
    let sheets = kepsync::sheets::SheetsAdapter::connect(s)
        .await
        .expect("sheets adapter");
    let github = kepsync::github::GithubAdapter::new(g).expect("github adapter");
    Syncer::new(config, sheets, github)
}
