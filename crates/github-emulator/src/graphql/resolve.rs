//! The resolvers of the repository side of the graph: Query, Repository, Issue, PullRequest and
//! RateLimit fields, with their argument helpers.

use super::doc::Field;
use super::exec::Exec;
use super::node::*;
use crate::state::{IssueRecord, LIMIT, PullRecord, REPO};
use crate::tree::Blob;
use crate::util::iso;
use serde_json::{Value, json};

impl<'s> Exec<'s> {
    pub(super) fn query_field(&self, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "repository" => {
                let owner = self.arg(f, "owner");
                let name = self.arg(f, "name");
                match (
                    owner.as_ref().and_then(Value::as_str),
                    name.as_ref().and_then(Value::as_str),
                ) {
                    (Some(o), Some(n)) => {
                        let repo = format!("{o}/{n}");
                        if repo == REPO || self.state.pulls.keys().any(|(r, _)| *r == repo) {
                            Ok(Out::One(Node::Repo(repo)))
                        } else {
                            Err(not_found(&format!(
                                "Could not resolve to a Repository with the name '{repo}'."
                            )))
                        }
                    }
                    _ => Err(missing_arg(f, "owner/name")),
                }
            }
            "rateLimit" => Ok(Out::One(Node::RateLimit)),
            "organization" => self.organization(f),
            "node" => self.node_by_id(f),
            "viewer" => Ok(Out::One(Node::User("kepsync-bot".into()))),
            _ => Err(undefined(f, "Query")),
        }
    }

    pub(super) fn repo_field(&self, repo: &str, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "nameWithOwner" => leaf(repo),
            "id" => leaf(format!(
                "R_{}",
                crate::util::sha1_hex(repo.as_bytes())[..12].to_owned()
            )),
            "name" => leaf(repo.split('/').nth(1).unwrap_or(repo)),
            "url" => leaf(format!("https://github.com/{repo}")),
            "owner" => Ok(Out::One(Node::User(
                repo.split('/').next().unwrap_or(repo).into(),
            ))),
            "defaultBranchRef" => Ok(Out::One(Node::Ref)),
            "issue" | "issueOrPullRequest" => {
                let n = self.number_arg(f)?;
                let issue = (repo == REPO).then(|| self.state.issues.get(&n)).flatten();
                let pull = (f.name == "issueOrPullRequest")
                    .then(|| self.state.pulls.get(&(repo.to_string(), n)))
                    .flatten();
                match (issue, pull) {
                    (Some(rec), _) => Ok(Out::One(Node::Issue(rec))),
                    (None, Some(rec)) => Ok(Out::One(Node::Pull(rec))),
                    _ => Err(not_found(&format!(
                        "Could not resolve to an Issue with the number of {n}."
                    ))),
                }
            }
            "pullRequest" => {
                let n = self.number_arg(f)?;
                match self.state.pulls.get(&(repo.to_string(), n)) {
                    Some(rec) => Ok(Out::One(Node::Pull(rec))),
                    None => Err(not_found(&format!(
                        "Could not resolve to a PullRequest with the number of {n}."
                    ))),
                }
            }
            "pullRequests" => {
                let states = self.states_arg(f);
                let pulls: Vec<Node<'s>> = self
                    .state
                    .pulls
                    .values()
                    .filter(|p| p.seed.repo == repo)
                    .filter(|p| {
                        states
                            .as_ref()
                            .is_none_or(|s| s.contains(&pull_state(p).to_string()))
                    })
                    .map(Node::Pull)
                    .collect();
                self.paginate(f, pulls)
            }
            "issues" => {
                let issues = self.issues_of(repo, f);
                self.paginate(f, issues)
            }
            "object" => Ok(self
                .object(f)
                .map_or(Out::Leaf(Value::Null), |b| Out::One(Node::Blob(b)))),
            _ => Err(undefined(f, "Repository")),
        }
    }

    /// `issues(labels:, states:)`: the repository's issues by number, those in one of `states`
    /// (`OPEN`, `CLOSED`) and carrying any of `labels` (GitHub's filter), each when given.
    fn issues_of(&self, repo: &str, f: &Field) -> Vec<Node<'s>> {
        if repo != REPO {
            return Vec::new();
        }
        let states = self.states_arg(f);
        let labels = self.arg(f, "labels").and_then(|v| match v {
            Value::String(s) => Some(vec![s]),
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect(),
            ),
            _ => None,
        });
        self.state
            .issues
            .values()
            .filter(|r| {
                let state = if r.seed.is_open() { "OPEN" } else { "CLOSED" };
                states.as_ref().is_none_or(|s| s.iter().any(|x| x == state))
            })
            .filter(|r| {
                labels
                    .as_ref()
                    .is_none_or(|l| r.seed.labels.iter().any(|have| l.contains(have)))
            })
            .map(Node::Issue)
            .collect()
    }

    /// `object(oid:)` or `object(expression: "REF:path")`: a blob of the default branch, or null.
    pub(super) fn object(&self, f: &Field) -> Option<Blob> {
        if let Some(oid) = self.arg(f, "oid") {
            return self.state.tree.blob_by_sha(oid.as_str()?).cloned();
        }
        let expr = self.arg(f, "expression")?;
        let (_, path) = expr.as_str()?.split_once(':')?;
        self.state.tree.file(path).cloned()
    }

    pub(super) fn issue_field(
        &self,
        rec: &'s IssueRecord,
        f: &Field,
    ) -> Result<Out<'s>, FieldError> {
        let s = &rec.seed;
        match f.name.as_str() {
            "number" => leaf(s.number),
            "title" => leaf(&s.title),
            "body" => leaf(&s.body),
            "id" => leaf(format!("I_{}", s.number)),
            "url" => leaf(format!("https://github.com/{REPO}/issues/{}", s.number)),
            "state" => leaf(if s.is_open() { "OPEN" } else { "CLOSED" }),
            "stateReason" => Ok(Out::Leaf(if s.is_open() {
                Value::Null
            } else {
                json!("COMPLETED")
            })),
            "closed" => leaf(!s.is_open()),
            "createdAt" => leaf(iso(rec.created)),
            "updatedAt" => leaf(iso(rec.updated)),
            "closedAt" => Ok(Out::Leaf(if s.is_open() {
                Value::Null
            } else {
                json!(iso(rec.updated))
            })),
            "author" => Ok(Out::One(Node::User("k8s-ci-robot".into()))),
            "repository" => Ok(Out::One(Node::Repo(REPO.into()))),
            "milestone" => Ok(s
                .milestone
                .clone()
                .map_or(Out::Leaf(Value::Null), |m| Out::One(Node::Milestone(m)))),
            "assignees" => self.paginate(f, s.assignees.iter().cloned().map(Node::User).collect()),
            "labels" => self.paginate(f, s.labels.iter().cloned().map(Node::Label).collect()),
            "timelineItems" => {
                let types = self.arg(f, "itemTypes");
                let wants = types.as_ref().and_then(Value::as_array).is_none_or(|t| {
                    t.iter()
                        .any(|v| v.as_str() == Some("CROSS_REFERENCED_EVENT"))
                });
                let items = if wants {
                    self.state
                        .pulls_referencing(s.number)
                        .into_iter()
                        .map(|p| Node::CrossRef(p, rec))
                        .collect()
                } else {
                    Vec::new()
                };
                self.paginate(f, items)
            }
            _ => Err(undefined(f, "Issue")),
        }
    }

    pub(super) fn pull_field(&self, rec: &'s PullRecord, f: &Field) -> Result<Out<'s>, FieldError> {
        let s = &rec.seed;
        match f.name.as_str() {
            "number" => leaf(s.number),
            "title" => leaf(&s.title),
            "id" => leaf(format!("PR_{}", s.number)),
            "url" => leaf(format!("https://github.com/{}/pull/{}", s.repo, s.number)),
            "state" => leaf(pull_state(rec)),
            "merged" => leaf(s.merged),
            "mergedAt" => Ok(Out::Leaf(if s.merged {
                json!(iso(rec.updated))
            } else {
                Value::Null
            })),
            "closed" => leaf(!s.is_open()),
            "isDraft" => leaf(false),
            "baseRefName" => leaf("master"),
            "createdAt" => leaf(iso(rec.created)),
            "updatedAt" => leaf(iso(rec.updated)),
            "author" => Ok(Out::One(Node::User("k8s-contributor".into()))),
            "repository" => Ok(Out::One(Node::Repo(s.repo.clone()))),
            "labels" => self.paginate(f, s.labels.iter().cloned().map(Node::Label).collect()),
            "files" => self.paginate(f, s.files.iter().cloned().map(Node::File).collect()),
            "changedFiles" => leaf(s.files.len()),
            _ => Err(undefined(f, "PullRequest")),
        }
    }

    pub(super) fn rate_limit_field(&self, f: &Field) -> Result<Out<'s>, FieldError> {
        let used = self.state.graphql_used;
        match f.name.as_str() {
            "cost" => leaf(self.cost),
            "limit" => leaf(LIMIT),
            "remaining" => leaf(LIMIT.saturating_sub(used)),
            "used" => leaf(used),
            "resetAt" => leaf(iso(self.state.reset_at)),
            "nodeCount" => leaf(0),
            _ => Err(undefined(f, "RateLimit")),
        }
    }

    pub(super) fn number_arg(&self, f: &Field) -> Result<u64, FieldError> {
        self.arg(f, "number")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| missing_arg(f, "number"))
    }

    pub(super) fn states_arg(&self, f: &Field) -> Option<Vec<String>> {
        let v = self.arg(f, "states")?;
        match v {
            Value::String(s) => Some(vec![s]),
            Value::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect(),
            ),
            _ => None,
        }
    }
}
