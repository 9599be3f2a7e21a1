//! What one GitHub observation produced, and what it cost.

use crate::model::{IssueLookup, OpenKepPr};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Request counts of one observation, for logs, metrics and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallStats {
    /// Requests sent (including 304s and retries).
    pub requests: u32,
    /// Requests answered 304 Not Modified (free against the rate limit).
    pub not_modified: u32,
    /// Requests counted against the rate limit (REST non-304 and GraphQL): the budget spent,
    /// not a sign of trouble.
    #[serde(alias = "rate_limited")]
    pub counted: u32,
    /// Answers that were GitHub throttling kepsync (429, a 403 of a spent or secondary limit,
    /// GraphQL `RATE_LIMITED`); each was waited out and retried, or ended the call.
    #[serde(default)]
    pub throttled: u32,
    /// Retries after 429/403/5xx/transport errors.
    pub retries: u32,
    /// GraphQL points spent, as reported by `rateLimit { cost }`.
    pub graphql_points: u32,
    /// The lowest `x-ratelimit-remaining` seen, if any.
    pub rate_limit_remaining: Option<u32>,
}

impl CallStats {
    /// What happened since `before` was taken from the same counters.
    pub fn since(self, before: CallStats) -> CallStats {
        CallStats {
            requests: self.requests - before.requests,
            not_modified: self.not_modified - before.not_modified,
            counted: self.counted - before.counted,
            throttled: self.throttled - before.throttled,
            retries: self.retries - before.retries,
            graphql_points: self.graphql_points - before.graphql_points,
            rate_limit_remaining: self.rate_limit_remaining,
        }
    }
}

/// Everything one GitHub observation produced.
#[derive(Debug, Clone, Default)]
pub struct GithubFacts {
    pub issues: BTreeMap<u64, IssueLookup>,
    pub open_prs: Vec<OpenKepPr>,
    /// KEP files from the default branch (`keps/**/kep.yaml`, PRR files, READMEs, and
    /// `OWNERS_ALIASES`), path relative to the repository root → contents. Enough to build a
    /// [`crate::keps::KepIndex`] for the requested issues.
    pub kep_files: Vec<(String, Arc<Vec<u8>>)>,
    /// Label intake's listing (`None` when `[intake] label` is unset).
    pub labelled: Option<crate::model::LabelledIssues>,
    pub stats: CallStats,
}
