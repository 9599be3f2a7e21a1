//! The default branch's tree (conditional) and the wanted KEP files, from the blob cache or GitHub.

use super::{Cached, CachedTree, GithubAdapter, TreeFile};
use crate::github::error::GithubError;
use crate::github::queries;
use crate::github::transport::Fetched;
use crate::model::kep_number_of_path;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

impl GithubAdapter {
    pub(super) async fn sync_tree(&self, cache: &mut Cached) -> Result<Vec<TreeFile>, GithubError> {
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
    pub(super) async fn kep_files(
        &self,
        tree: &[TreeFile],
        wanted: &BTreeSet<u64>,
    ) -> Result<Vec<(String, Arc<Vec<u8>>)>, GithubError> {
        let files: Vec<&TreeFile> = tree.iter().filter(|f| is_wanted(&f.path, wanted)).collect();
        // Each cached blob is read (and its SHA checked) once; a damaged one counts as missing.
        let mut cached: HashMap<String, Arc<Vec<u8>>> = HashMap::new();
        let mut missing: Vec<&TreeFile> = Vec::new();
        let mut seen = HashSet::new();
        for f in &files {
            if !seen.insert(f.sha.as_str()) {
                continue;
            }
            match self.store.blob(&f.sha) {
                Some(bytes) => {
                    cached.insert(f.sha.clone(), bytes);
                }
                None => missing.push(f),
            }
        }
        cached.extend(self.fetch_blobs(&missing).await?);
        let mut out = Vec::with_capacity(files.len());
        for f in files {
            match cached.get(&f.sha).cloned() {
                // One buffer per blob, whatever number of files have that content.
                Some(bytes) => out.push((f.path.clone(), bytes)),
                None => {
                    tracing::warn!(path = %f.path, "GitHub gave no text for this file; skipping it")
                }
            }
        }
        Ok(out)
    }

    /// Fetches the `missing` blobs into the store; returns them by SHA (those GitHub had).
    pub(super) async fn fetch_blobs(
        &self,
        missing: &[&TreeFile],
    ) -> Result<Vec<(String, Arc<Vec<u8>>)>, GithubError> {
        let batches = blob_batches(
            missing,
            self.cfg.blobs_per_query,
            self.cfg.blob_bytes_per_query,
        );
        let count = batches.len();
        let mut fetched = Vec::with_capacity(missing.len());
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
                let kept = match text {
                    Some(text) => self.store.put_blob(&file.sha, text.into_bytes())?,
                    None => None,
                };
                match kept {
                    Some(bytes) => fetched.push((file.sha.clone(), bytes)),
                    None => unusable.push(*file),
                }
            }
        }
        for file in unusable {
            fetched.push(self.fetch_blob_rest(file).await?);
        }
        Ok(fetched)
    }

    /// `GET /git/blobs/{sha}` (base64), for blobs GraphQL could not give as text.
    pub(super) async fn fetch_blob_rest(
        &self,
        file: &TreeFile,
    ) -> Result<(String, Arc<Vec<u8>>), GithubError> {
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
            .and_then(decode_base64)
            .ok_or_else(|| GithubError::decode(&call, "no base64 `content`"))?;
        match self.store.put_blob(&file.sha, bytes)? {
            Some(bytes) => Ok((file.sha.clone(), bytes)),
            None => Err(GithubError::decode(
                &call,
                "content does not hash to the blob SHA",
            )),
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

/// Decodes a blob's base64 `content` (GitHub wraps it in lines); `None` when malformed.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_content_decodes_with_githubs_line_breaks() {
        assert_eq!(decode_base64("Zm9v\nYmFy\n").unwrap(), b"foobar");
        assert_eq!(decode_base64("Zg==").unwrap(), b"f");
        assert_eq!(decode_base64("Zm9v!"), None);
    }

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
}
