//! kepsync's GitHub adapter: issue facts, open KEP PRs and KEP files through octocrab.
//!
//! # How a cycle stays cheap
//! [`GithubAdapter::observe`] runs, in order:
//! 1. `GET /repos/{repo}/git/trees/{branch}?recursive=1` with `If-None-Match`. A 304 costs
//!    nothing. The wanted files (kep.yaml, README.md, PRR file of the requested KEPs, and
//!    `OWNERS_ALIASES`) are read from the blob cache by SHA; only blobs not cached are fetched,
//!    as aliased GraphQL `object(oid:)` queries (up to 250 per query); a blob GraphQL gives no
//!    exact text for (binary, truncated) comes from REST `GET /git/blobs/{sha}`.
//! 2. Issues: GraphQL has no conditional requests, so the last facts are cached and a REST probe
//!    `GET /repos/{repo}/issues?state=all&sort=updated&direction=desc&per_page=100` with
//!    `If-None-Match` decides: 304 → nothing changed; otherwise the issues on that page whose
//!    `updated_at` moved are re-queried (all of them when the whole page moved). Numbers not yet
//!    cached are queried, and everything is re-queried once the facts are older than
//!    `issue_refresh` (a PR cross-reference does not move an issue's `updated_at`). Queries
//!    carry 50 aliased `issue(number:)` each.
//! 3. Open PRs: a probe `GET /repos/{repo}/pulls?state=open&sort=updated&direction=desc&per_page=100`
//!    with `If-None-Match`; on a change (or past `issue_refresh`) one paged GraphQL
//!    `pullRequests(states: OPEN)` query with files.
//!
//! An idle cycle is therefore three 304s (four with label intake) and no call counted against the rate limit. ETags, facts and blobs live in
//! the state directory (atomic writes; blobs verified by SHA on read).
//!
//! Limits follow GitHub's documented policy (see [`retry`]); octocrab's own retry is off (the
//! workspace does not enable its `retry` feature).

mod adapter;
mod board;
pub mod board_queries;
mod config;
mod error;
pub mod label_queries;
pub mod queries;
pub mod retry;
mod store;
mod transport;
mod types;
mod write;

pub use crate::model::{IssueFacts, IssueLookup, LinkedPr, OpenKepPr, kep_number_of_path};
pub use adapter::{Bucket, GithubAdapter, RateLimits};
pub use config::{DEFAULT_TOKEN_VAR, GithubConfig, RetryPolicy, Token};
pub use error::GithubError;
pub use store::git_blob_sha;
pub use types::*;
