//! Issue facts: a conditional probe of the issue list decides which issues to re-query by GraphQL.

use super::{Cached, CachedIssue, GithubAdapter, now_epoch};
use crate::github::error::GithubError;
use crate::github::queries;
use crate::github::transport::Fetched;
use crate::model::IssueLookup;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

impl GithubAdapter {
    /// Re-queries the issues a probe, the refresh age or a new number says may have changed.
    /// Returns the issues that failed this time (their cached facts are kept).
    pub(super) async fn sync_issues(
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

    /// These issues as they are now, read afresh (no cache): what `kepsync undo --github`
    /// checks before reversing an edit.
    pub async fn read_issues(
        &self,
        numbers: &[u64],
    ) -> Result<BTreeMap<u64, IssueLookup>, GithubError> {
        let mut fresh = Cached::default();
        let mut out = self.query_issues(&mut fresh, numbers).await?;
        out.extend(fresh.issues.into_iter().map(|(n, c)| (n, c.lookup)));
        Ok(out)
    }

    /// Queries issues in batches; a batch whose answer has no data at all (a time-out, a query
    /// too heavy) is split in halves and retried, down to single issues, which then fail alone.
    pub(super) async fn query_issues(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IssueLookup;

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
