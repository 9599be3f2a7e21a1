//! Executes a parsed query against the emulator state: the Query/Repository/Issue/PullRequest/Blob
//! fields kepsync asks for, connections with `first`/`last`/`after`, partial NOT_FOUND results.

use super::node::*;
use super::parse::{Document, Field, GqlValue, Selection};
use crate::state::{IssueRecord, LIMIT, PullRecord, REPO, State};
use crate::tree::Blob;
use crate::util::iso;
use serde_json::{Map, Value, json};

/// Executes the operation; `cost` is what `rateLimit { cost }` reports.
pub struct Exec<'s> {
    pub state: &'s State,
    pub vars: &'s Map<String, Value>,
    pub doc: &'s Document,
    pub cost: u32,
    pub errors: Vec<Value>,
    invalid: bool,
}

impl<'s> Exec<'s> {
    pub fn new(
        state: &'s State,
        vars: &'s Map<String, Value>,
        doc: &'s Document,
        cost: u32,
    ) -> Self {
        Exec {
            state,
            vars,
            doc,
            cost,
            errors: Vec::new(),
            invalid: false,
        }
    }

    /// The response body: `{data, errors?}`, or `{errors}` alone when the query is invalid.
    pub fn run(mut self) -> Value {
        let data = self.select(&Node::Query, &self.doc.operation, &mut Vec::new());
        if self.invalid {
            return json!({ "errors": self.errors });
        }
        let mut body = json!({ "data": data });
        if !self.errors.is_empty() {
            body["errors"] = Value::Array(self.errors);
        }
        body
    }

    fn select(&mut self, node: &Node<'s>, sel: &'s [Selection], path: &mut Vec<Value>) -> Value {
        let mut out = Map::new();
        for field in self.flatten(node, sel) {
            path.push(json!(field.key()));
            let value = self.field_value(node, field, path);
            path.pop();
            out.insert(field.key().to_string(), value);
        }
        Value::Object(out)
    }

    /// The fields of `sel` that apply to `node` (fragments expanded by type condition).
    fn flatten(&self, node: &Node<'s>, sel: &'s [Selection]) -> Vec<&'s Field> {
        let mut out = Vec::new();
        for s in sel {
            match s {
                Selection::Field(f) => out.push(f),
                Selection::Inline(on, inner) => {
                    if on.as_deref().is_none_or(|t| applies(node, t)) {
                        out.extend(self.flatten(node, inner));
                    }
                }
                Selection::Spread(name) => {
                    if let Some((on, inner)) = self.doc.fragments.get(name)
                        && applies(node, on)
                    {
                        out.extend(self.flatten(node, inner));
                    }
                }
            }
        }
        out
    }

    fn field_value(&mut self, node: &Node<'s>, field: &'s Field, path: &mut Vec<Value>) -> Value {
        if field.name == "__typename" {
            return json!(typename(node));
        }
        let resolved = self.resolve(node, field);
        match resolved {
            Ok(Out::Leaf(v)) => v,
            Ok(Out::One(child)) => self.select_child(&child, field, path),
            Ok(Out::Many(children)) => {
                let mut items = Vec::new();
                for (i, child) in children.iter().enumerate() {
                    path.push(json!(i));
                    items.push(self.select_child(child, field, path));
                    path.pop();
                }
                Value::Array(items)
            }
            Err(FieldError::Invalid(e)) => {
                self.invalid = true;
                self.errors.push(e);
                Value::Null
            }
            Err(FieldError::Null(mut e)) => {
                e["path"] = Value::Array(path.clone());
                e["locations"] = json!([{ "line": field.line, "column": field.column }]);
                self.errors.push(e);
                Value::Null
            }
        }
    }

    fn select_child(&mut self, child: &Node<'s>, field: &'s Field, path: &mut Vec<Value>) -> Value {
        if field.selection.is_empty() {
            self.invalid = true;
            self.errors.push(invalid(
                field,
                &format!(
                    "Field must have selections (field '{}' returns {} but has no selections.)",
                    field.name,
                    typename(child)
                ),
                "selectionMismatch",
            ));
            return Value::Null;
        }
        self.select(child, &field.selection, path)
    }

    fn arg(&self, field: &Field, name: &str) -> Option<Value> {
        field.arg(name).map(|v| self.value(v))
    }

    fn value(&self, v: &GqlValue) -> Value {
        match v {
            GqlValue::Int(i) => json!(i),
            GqlValue::Float(f) => json!(f),
            GqlValue::Str(s) | GqlValue::Enum(s) => json!(s),
            GqlValue::Bool(b) => json!(b),
            GqlValue::Null => Value::Null,
            GqlValue::Var(name) => self.vars.get(name).cloned().unwrap_or(Value::Null),
            GqlValue::List(items) => Value::Array(items.iter().map(|i| self.value(i)).collect()),
            GqlValue::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(v)))
                    .collect(),
            ),
        }
    }

    fn resolve(&self, node: &Node<'s>, f: &Field) -> Result<Out<'s>, FieldError> {
        match node {
            Node::Query => self.query_field(f),
            Node::Repo(repo) => self.repo_field(repo, f),
            Node::Issue(rec) => self.issue_field(rec, f),
            Node::Pull(rec) => self.pull_field(rec, f),
            Node::Blob(blob) => blob_field(blob, f),
            Node::Ref => match f.name.as_str() {
                "name" => leaf("master"),
                "prefix" => leaf("refs/heads/"),
                "target" => Ok(Out::One(Node::Commit)),
                _ => Err(undefined(f, "Ref")),
            },
            Node::Commit => match f.name.as_str() {
                "oid" => leaf(self.state.commit_sha_uncached()),
                _ => Err(undefined(f, "Commit")),
            },
            Node::User(login) => match f.name.as_str() {
                "login" => leaf(login),
                "url" => leaf(format!("https://github.com/{login}")),
                "name" => Ok(Out::Leaf(Value::Null)),
                _ => Err(undefined(f, "User")),
            },
            Node::Label(name) => match f.name.as_str() {
                "name" => leaf(name),
                "color" => leaf("ededed"),
                _ => Err(undefined(f, "Label")),
            },
            Node::Milestone(title) => match f.name.as_str() {
                "title" => leaf(title),
                "number" => leaf(self.state.milestone_number(title)),
                "state" => leaf("OPEN"),
                "dueOn" => Ok(Out::Leaf(Value::Null)),
                _ => Err(undefined(f, "Milestone")),
            },
            Node::Conn(conn) => conn_field(conn, f),
            Node::Edge(inner, i) => match f.name.as_str() {
                "node" => Ok(Out::One((**inner).clone())),
                "cursor" => leaf(cursor(*i)),
                _ => Err(undefined(f, "Edge")),
            },
            Node::PageInfo(p) => page_field(p, f),
            Node::CrossRef(pull, issue) => match f.name.as_str() {
                "source" => Ok(Out::One(Node::Pull(pull))),
                "target" => Ok(Out::One(Node::Issue(issue))),
                "willCloseTarget" => leaf(false),
                "isCrossRepository" => leaf(pull.seed.repo != REPO),
                "referencedAt" | "createdAt" => leaf(iso(pull.created)),
                "actor" => Ok(Out::One(Node::User("k8s-contributor".into()))),
                _ => Err(undefined(f, "CrossReferencedEvent")),
            },
            Node::File(path) => match f.name.as_str() {
                "path" => leaf(path),
                "additions" => leaf(1),
                "deletions" => leaf(0),
                "changeType" => leaf("MODIFIED"),
                _ => Err(undefined(f, "PullRequestChangedFile")),
            },
            Node::RateLimit => self.rate_limit_field(f),
        }
    }

    fn query_field(&self, f: &Field) -> Result<Out<'s>, FieldError> {
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
            "viewer" => Ok(Out::One(Node::User("kepsync-bot".into()))),
            _ => Err(undefined(f, "Query")),
        }
    }

    fn repo_field(&self, repo: &str, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "nameWithOwner" => leaf(repo),
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
            "object" => Ok(self
                .object(f)
                .map_or(Out::Leaf(Value::Null), |b| Out::One(Node::Blob(b)))),
            _ => Err(undefined(f, "Repository")),
        }
    }

    /// `object(oid:)` or `object(expression: "REF:path")`: a blob of the default branch, or null.
    fn object(&self, f: &Field) -> Option<Blob> {
        if let Some(oid) = self.arg(f, "oid") {
            return self.state.tree.blob_by_sha(oid.as_str()?).cloned();
        }
        let expr = self.arg(f, "expression")?;
        let (_, path) = expr.as_str()?.split_once(':')?;
        self.state.tree.file(path).cloned()
    }

    fn issue_field(&self, rec: &'s IssueRecord, f: &Field) -> Result<Out<'s>, FieldError> {
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

    fn pull_field(&self, rec: &'s PullRecord, f: &Field) -> Result<Out<'s>, FieldError> {
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

    fn rate_limit_field(&self, f: &Field) -> Result<Out<'s>, FieldError> {
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

    fn number_arg(&self, f: &Field) -> Result<u64, FieldError> {
        self.arg(f, "number")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| missing_arg(f, "number"))
    }

    fn states_arg(&self, f: &Field) -> Option<Vec<String>> {
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

    /// A connection page per `first`/`last`/`after`/`before`, as GitHub pages them.
    fn paginate(&self, f: &Field, items: Vec<Node<'s>>) -> Result<Out<'s>, FieldError> {
        let first = self.arg(f, "first").and_then(|v| v.as_u64());
        let last = self.arg(f, "last").and_then(|v| v.as_u64());
        let count = match (first, last) {
            (None, None) => {
                let name = &f.name;
                return Err(not_found_typed(
                    "MISSING_PAGINATION_BOUNDARIES",
                    &format!(
                        "You must provide a `first` or `last` value to properly paginate the `{name}` connection."
                    ),
                ));
            }
            (Some(n), _) | (None, Some(n)) if n > 100 => {
                let name = &f.name;
                return Err(not_found_typed(
                    "EXCESSIVE_PAGINATION",
                    &format!(
                        "Requesting {n} records on the `{name}` connection exceeds the `first`/`last` limit of 100 records."
                    ),
                ));
            }
            (Some(n), _) | (None, Some(n)) => n as usize,
        };
        let total = items.len();
        let lo = self.cursor_arg(f, "after").map_or(0, |i| i + 1).min(total);
        let hi = self
            .cursor_arg(f, "before")
            .unwrap_or(total)
            .clamp(lo, total);
        let (start, end) = if first.is_some() {
            (lo, (lo + count).min(hi))
        } else {
            (hi.saturating_sub(count).max(lo), hi)
        };
        let nodes: Vec<Node<'s>> = items.into_iter().skip(start).take(end - start).collect();
        let page = PageInfo {
            start: (end > start).then_some(start),
            end: (end > start).then(|| end - 1),
            has_next: end < hi,
            has_prev: start > lo,
        };
        Ok(Out::One(Node::Conn(Conn {
            nodes,
            offset: start,
            total,
            page,
        })))
    }

    fn cursor_arg(&self, f: &Field, name: &str) -> Option<usize> {
        let v = self.arg(f, name)?;
        decode_cursor(v.as_str()?)
    }
}
