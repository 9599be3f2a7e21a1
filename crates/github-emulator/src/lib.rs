//! An emulated GitHub API (REST + a GraphQL subset) serving one repository, kubernetes/enhancements,
//! seeded from a checkout-like tree, issue seeds and pull-request seeds, plus Projects v2 boards.
//! See the crate README.

mod control;
pub mod graphql;
mod json;
mod limits;
mod projects;
mod rest;
mod seeds;
mod state;
mod tree;
mod util;
mod writes;

pub use graphql::{GithubSchema, default_schema, validate_document};
pub use projects::{FieldSeed, ItemSeed, ProjectSeed};
pub use seeds::{IssueSeed, PullSeed, issues_from_tree};
pub use state::{Counts, DEFAULT_SCOPES, REPO};
pub use tree::{Blob, Tree, TreeEntry, git_blob_sha};

use emulator_kit::{FaultAction, Faults, Handler, Outcome, Request, RequestLog, Response};
use state::{Resource, State};
use std::sync::{Arc, Mutex, MutexGuard};

/// The emulator: cheap to clone, every clone shares one state.
#[derive(Clone)]
pub struct GithubEmulator {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    faults: Faults,
    log: RequestLog,
}

impl GithubEmulator {
    pub fn new(tree: Tree, issues: Vec<IssueSeed>, pulls: Vec<PullSeed>) -> Self {
        GithubEmulator {
            inner: Arc::new(Inner {
                state: Mutex::new(State::new(tree, issues, pulls)),
                faults: Faults::default(),
                log: RequestLog::default(),
            }),
        }
    }

    /// The handler to serve with `emulator_kit::Server::start`.
    pub fn handler(&self) -> Arc<dyn Handler> {
        Arc::new(self.clone())
    }

    pub fn counts(&self) -> Counts {
        self.state().counts
    }

    pub fn faults(&self) -> &Faults {
        &self.inner.faults
    }

    /// Every API request answered so far (control endpoints excluded).
    pub fn log(&self) -> &RequestLog {
        &self.inner.log
    }

    /// Forgets the counts and the log.
    pub fn reset_counts(&self) {
        self.state().counts = Counts::default();
        self.inner.log.reset();
    }

    /// Changes (`Some`) or deletes (`None`) a file of the default branch: a new commit.
    pub fn set_file(&self, path: &str, contents: Option<Vec<u8>>) {
        self.state().set_file(path, contents);
    }

    /// Adds or replaces an issue (its `updated_at` moves).
    pub fn upsert_issue(&self, issue: IssueSeed) {
        self.state().upsert_issue(issue);
    }

    /// Adds or replaces a pull request (its `updated_at` moves; referenced issues' do not).
    pub fn upsert_pull(&self, pull: PullSeed) {
        self.state().upsert_pull(pull);
    }

    /// Whether the token may write (false: every write answers 403, as for a read-only token).
    pub fn set_can_write(&self, can_write: bool) {
        self.state().can_write = can_write;
    }

    /// Creates a milestone (a no-op when one has this title).
    pub fn add_milestone(&self, title: &str) {
        self.state().add_milestone(title);
    }

    /// Adds or replaces a Projects v2 board (its items must be issues the emulator has).
    pub fn put_project(&self, seed: &ProjectSeed) -> Result<(), String> {
        self.state().put_project(seed)
    }

    /// The board `owner`/`number` in its seeding shape, with every item's values by field name.
    pub fn project_dump(&self, owner: &str, number: u64) -> Option<ProjectSeed> {
        self.state().projects.get(owner, number).map(|p| p.dump())
    }

    /// The token's OAuth scopes from now on (default: [`DEFAULT_SCOPES`]). Projects v2 reads need
    /// `read:project` or `project`, mutations `project`.
    pub fn set_scopes(&self, scopes: &[&str]) {
        self.state().scopes = scopes.iter().map(|s| s.to_string()).collect();
    }

    pub fn scopes(&self) -> Vec<String> {
        self.state().scopes.clone()
    }

    /// Validates GraphQL documents against this schema from now on (`None`: no validation).
    /// By default the schema is [`default_schema`].
    pub fn set_schema(&self, schema: Option<Arc<GithubSchema>>) {
        self.state().schema = schema;
    }

    /// The issue as it stands now (labels, milestone), if there is one.
    pub fn issue(&self, number: u64) -> Option<IssueSeed> {
        self.state().issues.get(&number).map(|r| r.seed.clone())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn api_request(&self, req: &Request) -> Response {
        let api = format!("http://{}", req.header("host").unwrap_or("localhost"));
        let mut state = self.state();
        if req.method == http::Method::POST && req.path == "/graphql" {
            return self.graphql(&mut state, req);
        }
        let resp = match rest::answer(&mut state, req, &api) {
            Ok(r) => r,
            Err((status, msg)) => Response::json(status, &json::error(status, &msg)),
        };
        let resp = limits::with_etag(resp);
        if limits::not_modified(req, &resp) {
            state.counts.not_modified += 1;
            return limits::rate_headers(&state, Resource::Core, limits::as_304(resp));
        }
        if req.path == "/rate_limit" {
            return limits::rate_headers(&state, Resource::Core, resp);
        }
        if !state.spend(Resource::Core, 1) {
            return limits::primary_exhausted(&state, Resource::Core);
        }
        state.counts.rate_limited += 1;
        limits::rate_headers(&state, Resource::Core, resp)
    }

    /// The answer an injected status fault gives instead of the API.
    fn fault_answer(&self, action: &FaultAction, req: &Request) -> Option<Response> {
        let FaultAction::Status {
            status,
            retry_after,
            kind,
        } = action
        else {
            return None;
        };
        let mut state = self.state();
        state.counts.faulted += 1;
        Some(limits::fault_response(
            &mut state,
            *status,
            *retry_after,
            kind.as_deref(),
            &req.path,
        ))
    }

    fn graphql(&self, state: &mut State, req: &Request) -> Response {
        let body = match req.json() {
            Ok(v) => v,
            Err(e) => {
                let err = json::error(400, &format!("Problems parsing JSON: {e}"));
                return Response::json(400, &err);
            }
        };
        let answer = graphql::answer(state, &body);
        state.counts.rate_limited += 1;
        state.counts.graphql_points += answer.points;
        if answer.is_mutation {
            state.counts.graphql_mutations += answer.mutations;
            state.counts.secondary_points += 5 * answer.mutations;
        } else {
            state.counts.graphql_queries += 1;
            state.counts.secondary_points += 1;
        }
        let resp = Response::json(answer.status, &answer.body)
            .header("x-github-media-type", "github.v4; format=json");
        limits::rate_headers(state, Resource::Graphql, resp)
    }
}

impl Handler for GithubEmulator {
    fn handle(&self, req: Request) -> Outcome {
        if req.path.starts_with("/_emulator/") {
            return control::handle(self, &req).into();
        }
        self.state().counts.total += 1;
        let fault = self.inner.faults.take(req.method.as_str(), &req.path);
        if fault == Some(FaultAction::Drop) {
            self.state().counts.faulted += 1;
            self.inner.log.record(req.method.as_str(), &req.raw_path, 0);
            return Outcome::Drop;
        }
        let resp = match fault.as_ref().and_then(|f| self.fault_answer(f, &req)) {
            Some(resp) => resp,
            None => self.api_request(&req),
        };
        let resp = resp.header("x-oauth-scopes", self.state().scopes.join(", "));
        self.inner
            .log
            .record(req.method.as_str(), &req.raw_path, resp.status);
        match fault {
            Some(FaultAction::Delay(d)) => Outcome::Delay(d, resp),
            _ => Outcome::Respond(resp),
        }
    }
}
