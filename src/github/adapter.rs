//! [`GithubAdapter::observe`]: one sync cycle's GitHub facts for the fewest rate-limited calls.

use super::config::GithubConfig;
use super::error::GithubError;
use super::queries;
use super::store::{Store, git_blob_sha};
use super::transport::{Fetched, Transport};
use super::types::{CallStats, GithubFacts, IssueLookup, OpenKepPr, kep_number_of_path};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

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
        let wanted: BTreeSet<u64> = issues.iter().copied().collect();
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
            stats: delta(before, self.transport.stats()),
        })
    }

    async fn sync_tree(&self, cache: &mut Cached) -> Result<Vec<TreeFile>, GithubError> {
        let route = format!(
            "/repos/{}/git/trees/{}?recursive=1",
            self.cfg.repo, self.cfg.branch
        );
        let etag = cache.tree.as_ref().and_then(|t| t.etag.clone());
        let call = "tree of the default branch";
        let fetched = self.transport.get(call, &route, etag.as_deref()).await?;
        match (fetched, &cache.tree) {
            (Fetched::NotModified, Some(tree)) => Ok(tree.files.clone()),
            (Fetched::NotModified, None) => {
                Err(GithubError::decode(call, "304 without a cached tree"))
            }
            (Fetched::Fresh { body, etag }, _) => {
                let files = parse_tree(call, &body)?;
                self.store
                    .retain_blobs(&files.iter().map(|f| f.sha.as_str()).collect());
                cache.tree = Some(CachedTree {
                    etag,
                    files: files.clone(),
                });
                Ok(files)
            }
        }
    }

    /// The wanted files' contents: cached blobs, and the rest fetched as GraphQL `object(oid:)` batches.
    async fn kep_files(
        &self,
        tree: &[TreeFile],
        wanted: &BTreeSet<u64>,
    ) -> Result<Vec<(String, Vec<u8>)>, GithubError> {
        let files: Vec<&TreeFile> = tree.iter().filter(|f| is_wanted(&f.path, wanted)).collect();
        let mut missing: Vec<&TreeFile> = Vec::new();
        let mut seen = HashSet::new();
        for f in &files {
            if self.store.blob(&f.sha).is_none() && seen.insert(f.sha.as_str()) {
                missing.push(f);
            }
        }
        self.fetch_blobs(&missing).await?;
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            match self.store.blob(&f.sha) {
                Some(bytes) => out.push((f.path.clone(), bytes.to_vec())),
                None => {
                    tracing::warn!(path = %f.path, "GitHub gave no text for this file; skipping it")
                }
            }
        }
        Ok(out)
    }

    async fn fetch_blobs(&self, missing: &[&TreeFile]) -> Result<(), GithubError> {
        let batches = blob_batches(
            missing,
            self.cfg.blobs_per_query,
            self.cfg.blob_bytes_per_query,
        );
        let count = batches.len();
        let mut unusable = Vec::new();
        for (i, batch) in batches.iter().enumerate() {
            let call = format!("KEP file blobs, batch {}/{count}", i + 1);
            let shas: Vec<&str> = batch.iter().map(|f| f.sha.as_str()).collect();
            let body = self
                .transport
                .graphql(&call, &queries::blobs_query(&self.cfg.repo, &shas)?)
                .await?;
            for (file, text) in batch
                .iter()
                .zip(queries::parse_blobs(&call, &body, batch.len())?)
            {
                // GraphQL gives no text for binary blobs and may truncate: those go through REST.
                match text.map(String::into_bytes) {
                    Some(bytes) if git_blob_sha(&bytes) == file.sha => {
                        self.store.put_blob(bytes)?;
                    }
                    _ => unusable.push(*file),
                }
            }
        }
        for file in unusable {
            self.fetch_blob_rest(file).await?;
        }
        Ok(())
    }

    /// `GET /git/blobs/{sha}` (base64), for blobs GraphQL could not give as text.
    async fn fetch_blob_rest(&self, file: &TreeFile) -> Result<(), GithubError> {
        let call = format!("blob of {}", file.path);
        let route = format!("/repos/{}/git/blobs/{}", self.cfg.repo, file.sha);
        let Fetched::Fresh { body, .. } = self.transport.get(&call, &route, None).await? else {
            return Err(GithubError::decode(
                &call,
                "304 to an unconditional request",
            ));
        };
        let v: Value = serde_json::from_str(&body)
            .map_err(|e| GithubError::decode(&call, format!("not JSON: {e}")))?;
        let bytes = v
            .get("content")
            .and_then(Value::as_str)
            .and_then(super::base64::decode)
            .ok_or_else(|| GithubError::decode(&call, "no base64 `content`"))?;
        if git_blob_sha(&bytes) != file.sha {
            return Err(GithubError::decode(
                &call,
                "content does not hash to the blob SHA",
            ));
        }
        self.store.put_blob(bytes)?;
        Ok(())
    }

    /// Re-queries the issues a probe, the refresh age or a new number says may have changed.
    /// Returns the issues that failed this time (their cached facts are kept).
    async fn sync_issues(
        &self,
        cache: &mut Cached,
        wanted: &BTreeSet<u64>,
    ) -> Result<BTreeMap<u64, IssueLookup>, GithubError> {
        let route = format!(
            "/repos/{}/issues?state=all&sort=updated&direction=desc&per_page=100",
            self.cfg.repo
        );
        let probe = self
            .transport
            .get("issue list probe", &route, cache.issue_list_etag.as_deref())
            .await?;
        let mut to_query: BTreeSet<u64> = wanted
            .iter()
            .filter(|n| !cache.issues.contains_key(n))
            .copied()
            .collect();
        let mut new_etag = cache.issue_list_etag.clone();
        if let Fetched::Fresh { body, etag } = probe {
            new_etag = etag;
            match changed_issues("issue list probe", &body, cache)? {
                Some(changed) => to_query.extend(changed.intersection(wanted)),
                None => to_query.extend(wanted),
            }
        }
        let now = now_epoch();
        let stale =
            now.saturating_sub(cache.issues_refreshed_at) >= self.cfg.issue_refresh.as_secs();
        if stale {
            to_query.extend(wanted);
        }
        let failed = self
            .query_issues(cache, &to_query.iter().copied().collect::<Vec<_>>())
            .await?;
        if to_query.is_superset(wanted) {
            cache.issues_refreshed_at = now;
        }
        cache.issue_list_etag = new_etag;
        Ok(failed)
    }

    /// Queries issues in batches; a batch whose answer has no data at all (a time-out, a query
    /// too heavy) is split in halves and retried, down to single issues, which then fail alone.
    async fn query_issues(
        &self,
        cache: &mut Cached,
        numbers: &[u64],
    ) -> Result<BTreeMap<u64, IssueLookup>, GithubError> {
        let mut failed = BTreeMap::new();
        let size = self.cfg.issues_per_query.max(1);
        let mut pending: Vec<&[u64]> = numbers.chunks(size).rev().collect();
        while let Some(batch) = pending.pop() {
            let call = format!("issues batch of {} from #{}", batch.len(), batch[0]);
            let body = self
                .transport
                .graphql(&call, &queries::issues_query(&self.cfg.repo, batch)?)
                .await?;
            let answers = match queries::parse_issues(&call, &body, batch) {
                Ok(answers) => answers,
                Err(e) if batch.len() > 1 => {
                    tracing::warn!(error = %e, "splitting a failed issue batch");
                    let (a, b) = batch.split_at(batch.len() / 2);
                    pending.extend([b, a]);
                    continue;
                }
                Err(e) => {
                    failed.insert(batch[0], IssueLookup::Failed(e.to_string()));
                    continue;
                }
            };
            for (n, answer) in answers {
                match answer.lookup {
                    IssueLookup::Failed(_) => {
                        failed.insert(n, answer.lookup);
                    }
                    lookup => {
                        cache.issues.insert(
                            n,
                            CachedIssue {
                                lookup,
                                updated_at: answer.updated_at,
                            },
                        );
                    }
                }
            }
        }
        Ok(failed)
    }

    async fn sync_pulls(&self, cache: &mut Cached) -> Result<Vec<OpenKepPr>, GithubError> {
        let route = format!(
            "/repos/{}/pulls?state=open&sort=updated&direction=desc&per_page=100",
            self.cfg.repo
        );
        let etag = cache.pulls.as_ref().and_then(|p| p.etag.clone());
        let probe = self
            .transport
            .get("open pull request probe", &route, etag.as_deref())
            .await?;
        let now = now_epoch();
        let stale =
            now.saturating_sub(cache.pulls_refreshed_at) >= self.cfg.issue_refresh.as_secs();
        let etag = match (probe, &cache.pulls) {
            (Fetched::NotModified, Some(cached)) if !stale => return Ok(cached.prs.clone()),
            (Fetched::NotModified, _) => etag,
            (Fetched::Fresh { etag, .. }, _) => etag,
        };
        let prs = self.query_pulls().await?;
        cache.pulls = Some(CachedPulls {
            etag,
            prs: prs.clone(),
        });
        cache.pulls_refreshed_at = now;
        Ok(prs)
    }

    async fn query_pulls(&self) -> Result<Vec<OpenKepPr>, GithubError> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        for page in 1.. {
            let call = format!("open pull requests, page {page}");
            let body = self
                .transport
                .graphql(
                    &call,
                    &queries::pulls_query(&self.cfg.repo, after.as_deref())?,
                )
                .await?;
            let parsed = queries::parse_pulls(&call, &body)?;
            for (mut pr, more) in parsed.items {
                if let Some(cursor) = more {
                    pr.files.extend(self.more_files(pr.number, cursor).await?);
                }
                out.push(pr);
            }
            match parsed.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        Ok(out)
    }

    async fn more_files(
        &self,
        number: u64,
        mut cursor: String,
    ) -> Result<Vec<String>, GithubError> {
        let mut out = Vec::new();
        loop {
            let call = format!("files of pull request {number}");
            let body = self
                .transport
                .graphql(
                    &call,
                    &queries::pull_files_query(&self.cfg.repo, number, &cursor)?,
                )
                .await?;
            let page = queries::parse_pull_files(&call, &body)?;
            out.extend(page.items);
            match page.next {
                Some(next) => cursor = next,
                None => return Ok(out),
            }
        }
    }
}

/// `kep.yaml` and `README.md` directly in a wanted KEP's folder, its PRR file, `OWNERS_ALIASES`.
fn is_wanted(path: &str, wanted: &BTreeSet<u64>) -> bool {
    if path == "OWNERS_ALIASES" {
        return true;
    }
    let Some(n) = kep_number_of_path(path) else {
        return false;
    };
    if !wanted.contains(&n) {
        return false;
    }
    if path.starts_with("keps/prod-readiness/") {
        return true;
    }
    let mut parts = path.rsplit('/');
    let file = parts.next().unwrap_or_default();
    let folder = parts.next().unwrap_or_default();
    matches!(file, "kep.yaml" | "README.md")
        && folder
            .split_once('-')
            .is_some_and(|(num, _)| num.parse::<u64>() == Ok(n))
}

/// Splits blobs into queries of at most `count` aliases and about `bytes` bytes.
fn blob_batches<'a>(files: &[&'a TreeFile], count: usize, bytes: u64) -> Vec<Vec<&'a TreeFile>> {
    let mut out: Vec<Vec<&TreeFile>> = Vec::new();
    let mut size = 0;
    for f in files {
        let full = out
            .last()
            .is_none_or(|b| b.len() >= count.max(1) || (size + f.size > bytes && !b.is_empty()));
        if full {
            out.push(Vec::new());
            size = 0;
        }
        size += f.size;
        if let Some(batch) = out.last_mut() {
            batch.push(f);
        }
    }
    out
}

fn parse_tree(call: &str, body: &str) -> Result<Vec<TreeFile>, GithubError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| GithubError::decode(call, format!("not JSON: {e}")))?;
    if v.get("truncated").and_then(Value::as_bool) == Some(true) {
        tracing::warn!("the tree listing is truncated; some KEP files may be missing");
    }
    let entries = v
        .get("tree")
        .and_then(Value::as_array)
        .ok_or_else(|| GithubError::decode(call, "no `tree` array"))?;
    Ok(entries
        .iter()
        .filter(|e| e.get("type").and_then(Value::as_str) == Some("blob"))
        .filter_map(|e| {
            Some(TreeFile {
                path: e.get("path")?.as_str()?.to_string(),
                sha: e.get("sha")?.as_str()?.to_string(),
                size: e.get("size").and_then(Value::as_u64).unwrap_or(0),
            })
        })
        .collect())
}

/// Issue numbers on the probe page whose `updated_at` differs from the cached one; `None` when
/// the whole page changed (more may have changed beyond it).
fn changed_issues(
    call: &str,
    body: &str,
    cache: &Cached,
) -> Result<Option<BTreeSet<u64>>, GithubError> {
    let v: Value = serde_json::from_str(body)
        .map_err(|e| GithubError::decode(call, format!("not JSON: {e}")))?;
    let items = v
        .as_array()
        .ok_or_else(|| GithubError::decode(call, "not a list"))?;
    let mut changed = BTreeSet::new();
    let mut all_changed = !items.is_empty();
    for item in items {
        let updated = item.get("updated_at").and_then(Value::as_str);
        let Some(n) = item.get("number").and_then(Value::as_u64) else {
            continue;
        };
        if item.get("pull_request").is_some() {
            continue;
        }
        let known = cache.issues.get(&n).and_then(|c| c.updated_at.as_deref());
        if known.is_some() && known == updated {
            all_changed = false;
        } else {
            changed.insert(n);
        }
    }
    Ok(if all_changed && items.len() >= 100 {
        None
    } else {
        Some(changed)
    })
}

fn delta(before: CallStats, after: CallStats) -> CallStats {
    CallStats {
        requests: after.requests - before.requests,
        not_modified: after.not_modified - before.not_modified,
        rate_limited: after.rate_limited - before.rate_limited,
        retries: after.retries - before.retries,
        graphql_points: after.graphql_points - before.graphql_points,
        rate_limit_remaining: after.rate_limit_remaining,
    }
}

fn now_epoch() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wanted_files() {
        let w: BTreeSet<u64> = [753, 586].into();
        assert!(is_wanted("keps/sig-node/753-sidecar/kep.yaml", &w));
        assert!(is_wanted("keps/sig-node/753-sidecar/README.md", &w));
        assert!(is_wanted("keps/prod-readiness/sig-node/753.yaml", &w));
        assert!(is_wanted(
            "keps/sig-cloud-provider/azure/586-x/kep.yaml",
            &w
        ));
        assert!(is_wanted("OWNERS_ALIASES", &w));
        assert!(!is_wanted("keps/sig-node/753-sidecar/images/README.md", &w));
        assert!(!is_wanted("keps/sig-node/753-sidecar/diagram.png", &w));
        assert!(!is_wanted("keps/sig-node/754-other/kep.yaml", &w));
    }

    #[test]
    fn batches_respect_count_and_bytes() {
        let files: Vec<TreeFile> = (0..5)
            .map(|i| TreeFile {
                path: format!("f{i}"),
                sha: format!("{i}"),
                size: 10,
            })
            .collect();
        let refs: Vec<&TreeFile> = files.iter().collect();
        let sizes = |b: Vec<Vec<&TreeFile>>| b.iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(blob_batches(&refs, 2, 1000)), [2, 2, 1]);
        assert_eq!(sizes(blob_batches(&refs, 10, 25)), [2, 2, 1]);
        assert_eq!(sizes(blob_batches(&refs, 10, 1)), [1, 1, 1, 1, 1]);
        assert!(blob_batches(&[], 10, 1).is_empty());
    }

    #[test]
    fn probe_page_changes() {
        let mut cache = Cached::default();
        cache.issues.insert(
            1,
            CachedIssue {
                lookup: IssueLookup::NotFound,
                updated_at: Some("a".into()),
            },
        );
        cache.issues.insert(
            2,
            CachedIssue {
                lookup: IssueLookup::NotFound,
                updated_at: Some("b".into()),
            },
        );
        let body = r#"[{"number":2,"updated_at":"c"},{"number":9,"updated_at":"z","pull_request":{}},{"number":1,"updated_at":"a"}]"#;
        assert_eq!(changed_issues("p", body, &cache).unwrap(), Some([2].into()));
        assert!(changed_issues("p", "{}", &cache).is_err());
    }
}
