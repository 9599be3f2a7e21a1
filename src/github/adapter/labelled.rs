//! Label intake's listing: a conditional REST probe of the open issues carrying the label
//! (answered 304 when nothing changed, which GitHub does not count) decides whether to list them
//! all again by paginated GraphQL. Remembers, in the state directory, when each was first seen.

use super::{Cached, GithubAdapter, now_epoch};
use crate::github::error::GithubError;
use crate::github::label_queries::{ListedIssue, labelled_issues_query, parse_labelled_issues};
use crate::github::transport::Fetched;
use crate::model::LabelledIssues;
use serde::{Deserialize, Serialize};

/// What the last listing of the intake label found.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub(super) struct CachedLabel {
    etag: Option<String>,
    listed_at: u64,
    issues: LabelledIssues,
}

impl GithubAdapter {
    /// The open issues carrying `[intake] label`, listed again when the probe or the refresh
    /// age says they may have changed; `None` when label intake is off.
    pub(super) async fn sync_labelled(
        &self,
        cache: &mut Cached,
    ) -> Result<Option<LabelledIssues>, GithubError> {
        let Some(label) = self.cfg.intake_label.clone() else {
            return Ok(None);
        };
        let mut held = cache
            .label
            .take()
            .filter(|c| c.issues.label == label)
            .unwrap_or_default();
        let route = format!(
            "/repos/{}/issues?labels={}&state=open&per_page=100&sort=updated&direction=desc",
            self.cfg.repo,
            escape(&label)
        );
        let probe = self
            .transport
            .get("labelled issue probe", &route, held.etag.as_deref())
            .await?;
        let now = now_epoch();
        let stale = now.saturating_sub(held.listed_at) >= self.cfg.issue_refresh.as_secs();
        let fresh_etag = match probe {
            Fetched::Fresh { etag, .. } => Some(etag),
            Fetched::NotModified => None,
        };
        if fresh_etag.is_some() || stale || held.listed_at == 0 {
            let listed = self.list_labelled(&label).await?;
            held.issues = merge(&held.issues, &label, &listed, now as i64);
            held.listed_at = now;
        }
        if let Some(etag) = fresh_etag {
            held.etag = etag;
        }
        let out = held.issues.clone();
        cache.label = Some(held);
        Ok(Some(out))
    }

    /// Every open issue carrying `label`, page after page.
    async fn list_labelled(&self, label: &str) -> Result<Vec<ListedIssue>, GithubError> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let call = format!("labelled issues page {}", out.len() / 100 + 1);
            let query = labelled_issues_query(&self.cfg.repo, label, after.as_deref())?;
            let body = self.transport.graphql(&call, &query).await?;
            let page = parse_labelled_issues(&call, &body)?;
            out.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => return Ok(out),
            }
        }
    }
}

/// The new listing over the last one: an issue keeps the time it was first seen; one new to a
/// listing after the first was opted in now, one in the very first listing when it was created.
fn merge(old: &LabelledIssues, label: &str, listed: &[ListedIssue], now: i64) -> LabelledIssues {
    let first_listing = old.seen.is_empty() && old.open.is_empty();
    let open = listed
        .iter()
        .map(|i| {
            let at = old.open.get(&i.number).copied().unwrap_or_else(|| {
                if first_listing {
                    created(&i.created_at).unwrap_or(now)
                } else {
                    now
                }
            });
            (i.number, at)
        })
        .collect();
    let mut seen = old.seen.clone();
    seen.extend(listed.iter().map(|i| i.number));
    LabelledIssues {
        label: label.to_string(),
        open,
        seen,
    }
}

fn created(rfc3339: &str) -> Option<i64> {
    rfc3339
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

/// The label as a query-string value.
fn escape(label: &str) -> String {
    label
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(ns: &[u64]) -> Vec<ListedIssue> {
        ns.iter()
            .map(|n| ListedIssue {
                number: *n,
                created_at: "2026-01-01T00:00:00Z".into(),
            })
            .collect()
    }

    #[test]
    fn first_seen_times_survive_and_newcomers_are_dated_now() {
        let first = merge(
            &LabelledIssues::default(),
            "l",
            &listed(&[1, 2]),
            2_000_000_000,
        );
        assert_eq!(
            first.open[&1], 1_767_225_600,
            "first listing: the creation time"
        );
        let second = merge(&first, "l", &listed(&[2, 3]), 2_000_000_000);
        assert_eq!(second.open.get(&1), None, "1 lost the label");
        assert_eq!(second.open[&2], 1_767_225_600, "kept");
        assert_eq!(
            second.open[&3], 2_000_000_000,
            "new since the first listing: now"
        );
        assert_eq!(second.seen, [1, 2, 3].into());
    }

    #[test]
    fn labels_are_escaped_for_the_query_string() {
        assert_eq!(escape("lead-opted-in"), "lead-opted-in");
        assert_eq!(escape("a b/c"), "a%20b%2Fc");
    }
}
