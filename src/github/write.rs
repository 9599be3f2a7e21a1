//! Applying a write-back plan: `PATCH` the milestone, `POST`/`DELETE` labels, one request per
//! edit. The first refusal (a token without write access: 401/403/404) stops write-back for the
//! cycle with one clear error; nothing is retried after it.

use super::adapter::GithubAdapter;
use super::error::GithubError;
use crate::writeback::{IssueEdit, WritebackOutcome, WritebackPlan};
use http::Method;
use serde_json::{Value, json};

impl GithubAdapter {
    /// Sends every edit of `plan` in order, logging each one applied.
    pub async fn apply_writes(&self, plan: &WritebackPlan) -> WritebackOutcome {
        let mut out = WritebackOutcome::default();
        let mut milestones: Option<Vec<(String, u64)>> = None;
        let mut first = true;
        for write in &plan.writes {
            for edit in &write.edits {
                if !std::mem::take(&mut first) {
                    tokio::time::sleep(self.write_pause()).await;
                }
                let sent = self.send_edit(write.issue, edit, &mut milestones).await;
                match sent {
                    Ok(()) => {
                        let done = format!("#{}: {edit}", write.issue);
                        tracing::info!(issue = write.issue, %edit, reason = %write.reason, "GitHub write-back applied");
                        out.applied.push(done);
                    }
                    Err(e) => {
                        let message = self.explain(write.issue, edit, &e);
                        tracing::error!(%message, "GitHub write-back stopped");
                        out.error = Some(message);
                        return out;
                    }
                }
            }
        }
        out
    }

    fn explain(&self, issue: u64, edit: &IssueEdit, e: &GithubError) -> String {
        let repo = &self.repo();
        match e {
            GithubError::Status {
                status, message, ..
            } if matches!(status, 401 | 403 | 404) => {
                format!(
                    "the GitHub token cannot write to {repo} issues (HTTP {status}: {message}) at #{issue} ({edit}); write-back stopped for this cycle. Give the token Issues: write access, or set [github] write = false"
                )
            }
            other => format!("#{issue} ({edit}): {other}; write-back stopped for this cycle"),
        }
    }

    async fn send_edit(
        &self,
        issue: u64,
        edit: &IssueEdit,
        milestones: &mut Option<Vec<(String, u64)>>,
    ) -> Result<(), GithubError> {
        let base = format!("/repos/{}/issues/{issue}", self.repo());
        let call = format!("write-back #{issue}: {edit}");
        let t = self.transport();
        match edit {
            IssueEdit::SetMilestone(title) => {
                let number = self.milestone_number(title, milestones).await?;
                let body = json!({ "milestone": number });
                t.write(&call, Method::PATCH, &base, Some(&body)).await?;
            }
            IssueEdit::ClearMilestone(_) => {
                let body = json!({ "milestone": null });
                t.write(&call, Method::PATCH, &base, Some(&body)).await?;
            }
            IssueEdit::AddLabels(labels) => {
                let body = json!({ "labels": labels });
                let route = format!("{base}/labels");
                t.write(&call, Method::POST, &route, Some(&body)).await?;
            }
            IssueEdit::RemoveLabel(label) => {
                let route = format!("{base}/labels/{}", encode_segment(label));
                match t.write(&call, Method::DELETE, &route, None).await {
                    // Someone removed it since the issue was read: already as wanted.
                    Err(GithubError::Status {
                        status: 404,
                        message,
                        ..
                    }) if message == "Label does not exist" => {}
                    other => {
                        other?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The number of the milestone titled `title` (one list request per cycle).
    async fn milestone_number(
        &self,
        title: &str,
        cache: &mut Option<Vec<(String, u64)>>,
    ) -> Result<u64, GithubError> {
        if cache.is_none() {
            *cache = Some(self.list_milestones().await?);
        }
        let list = cache.as_deref().unwrap_or(&[]);
        list.iter()
            .find(|(t, _)| t == title)
            .map(|(_, n)| *n)
            .ok_or_else(|| GithubError::Decode {
                call: format!("milestones of {}", self.repo()),
                detail: format!("no milestone titled {title}; create it on GitHub first"),
            })
    }

    async fn list_milestones(&self) -> Result<Vec<(String, u64)>, GithubError> {
        let call = "list milestones";
        let route = format!("/repos/{}/milestones?state=all&per_page=100", self.repo());
        let body = match self.transport().get(call, &route, None).await? {
            super::transport::Fetched::Fresh { body, .. } => body,
            super::transport::Fetched::NotModified => String::new(),
        };
        let v: Value = serde_json::from_str(&body)
            .map_err(|e| GithubError::decode(call, format!("not JSON: {e}")))?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| {
                        Some((
                            m.get("title")?.as_str()?.to_string(),
                            m.get("number")?.as_u64()?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// A label name as one path segment (`tracked/no` → `tracked%2Fno`).
fn encode_segment(s: &str) -> String {
    s.bytes()
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
    #[test]
    fn label_segments_are_percent_encoded() {
        assert_eq!(super::encode_segment("tracked/no"), "tracked%2Fno");
        assert_eq!(super::encode_segment("stage/beta"), "stage%2Fbeta");
        assert_eq!(super::encode_segment("a b"), "a%20b");
    }
}
