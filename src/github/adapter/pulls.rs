//! Open pull requests with their files: a conditional probe of the pulls list, then GraphQL.

use super::{Cached, CachedPulls, GithubAdapter, now_epoch};
use crate::github::error::GithubError;
use crate::github::queries;
use crate::github::transport::Fetched;
use crate::model::OpenKepPr;

impl GithubAdapter {
    pub(super) async fn sync_pulls(
        &self,
        cache: &mut Cached,
    ) -> Result<Vec<OpenKepPr>, GithubError> {
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

    pub(super) async fn query_pulls(&self) -> Result<Vec<OpenKepPr>, GithubError> {
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

    pub(super) async fn more_files(
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
