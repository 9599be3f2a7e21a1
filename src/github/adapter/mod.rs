//! [`GithubAdapter::observe`]: one sync cycle's GitHub facts for the fewest calls counted against the rate limit.
//! The tree and KEP files are in `tree`, issue facts in `issues`, open PRs in `pulls`.

use super::config::GithubConfig;
use super::error::GithubError;
use super::store::Store;
use super::transport::Transport;
use super::types::{CallStats, GithubFacts};
use crate::model::{IssueLookup, OpenKepPr};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{SystemTime, UNIX_EPOCH};

mod issues;
mod labelled;
mod probe;
mod pulls;
mod tree;

pub use probe::{Bucket, RateLimits};

const STATE_FILE: &str = "github-state.json";

/// The GitHub side of kepsync.
pub struct GithubAdapter {
    cfg: GithubConfig,
    transport: Transport,
    store: Store,
    cache: tokio::sync::Mutex<Cached>,
}

/// What the last cycles learned, kept in the state directory.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cached {
    tree: Option<CachedTree>,
    issue_list_etag: Option<String>,
    issues: BTreeMap<u64, CachedIssue>,
    issues_refreshed_at: u64,
    pulls: Option<CachedPulls>,
    pulls_refreshed_at: u64,
    /// Label intake's last listing (absent in state files written before it).
    #[serde(default)]
    label: Option<labelled::CachedLabel>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedTree {
    etag: Option<String>,
    files: Vec<TreeFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TreeFile {
    path: String,
    sha: String,
    size: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedIssue {
    lookup: IssueLookup,
    updated_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedPulls {
    etag: Option<String>,
    prs: Vec<OpenKepPr>,
}

impl GithubAdapter {
    pub fn new(cfg: GithubConfig) -> Result<Self, GithubError> {
        if cfg.repo.split('/').filter(|s| !s.is_empty()).count() != 2 {
            return Err(GithubError::Config(format!(
                "repository `{}` is not owner/name",
                cfg.repo
            )));
        }
        let store = Store::new(cfg.state_dir.clone())?;
        let cache = store.load(STATE_FILE).unwrap_or_default();
        Ok(GithubAdapter {
            transport: Transport::new(&cfg)?,
            store,
            cache: tokio::sync::Mutex::new(cache),
            cfg,
        })
    }

    /// `owner/name` of the repository.
    pub fn repo(&self) -> &str {
        &self.cfg.repo
    }

    pub(in crate::github) fn write_pause(&self) -> std::time::Duration {
        self.cfg.write_pause
    }

    pub(in crate::github) fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Cumulative request counts since this adapter was made.
    pub fn stats(&self) -> CallStats {
        self.transport.stats()
    }

    /// Everything one sync cycle needs about these issue numbers: issue facts (per-issue
    /// `NotFound`/`Failed`, the rest still arrive), open PRs with their files, and the KEP files
    /// (kep.yaml, PRR file, README.md) of the requested KEPs plus `OWNERS_ALIASES`.
    pub async fn observe(&self, issues: &[u64]) -> Result<GithubFacts, GithubError> {
        let before = self.transport.stats();
        let mut cache = self.cache.lock().await;
        let labelled = self.sync_labelled(&mut cache).await?;
        let mut wanted: BTreeSet<u64> = issues.iter().copied().collect();
        wanted.extend(labelled.iter().flat_map(|l| l.open.keys().copied()));
        let tree = self.sync_tree(&mut cache).await?;
        let kep_files = self.kep_files(&tree, &wanted).await?;
        let failed = self.sync_issues(&mut cache, &wanted).await?;
        let open_prs = self.sync_pulls(&mut cache).await?;
        self.store.save(STATE_FILE, &*cache)?;
        let issues = wanted
            .iter()
            .map(|n| {
                let lookup = failed
                    .get(n)
                    .cloned()
                    .or_else(|| cache.issues.get(n).map(|c| c.lookup.clone()))
                    .unwrap_or_else(|| IssueLookup::Failed(format!("issue {n} was not fetched")));
                (*n, lookup)
            })
            .collect();
        Ok(GithubFacts {
            issues,
            open_prs,
            kep_files,
            labelled,
            stats: self.transport.stats().since(before),
        })
    }
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
