//! Executes a parsed operation against the emulator state: selection, fragments by type
//! condition, the dispatch to each node's resolvers, connections with `first`/`last`/`after`,
//! partial NOT_FOUND results, whole-query rejections and scope refusals.

use super::doc::{Document, Field, GqlValue, Selection};
use super::node::*;
use crate::state::{REPO, State};
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
    /// The first scope refusal: the answer is then `{"data": null, "errors": [it]}`.
    pub denied: Option<Value>,
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
            denied: None,
        }
    }

    /// The response body: `{data, errors?}`, or `{errors}` alone when the query is invalid.
    pub fn run(mut self) -> Value {
        let data = self.select(&Node::Query, &self.doc.operation, &mut Vec::new());
        if let Some(denied) = self.denied {
            return json!({ "data": null, "errors": [denied] });
        }
        if self.invalid {
            return json!({ "errors": self.errors });
        }
        let mut body = json!({ "data": data });
        if !self.errors.is_empty() {
            body["errors"] = Value::Array(self.errors);
        }
        body
    }

    /// A mutation field's selection on its payload, errors kept in `self.errors`.
    pub(super) fn payload(&mut self, payload: &Node<'s>, field: &'s Field) -> Value {
        self.select_child(payload, field, &mut vec![json!(field.key())])
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
            Err(FieldError::Denied(e)) => {
                self.denied.get_or_insert(e);
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

    pub(super) fn arg(&self, field: &Field, name: &str) -> Option<Value> {
        field.arg(name).map(|v| self.value(v))
    }

    fn value(&self, v: &GqlValue) -> Value {
        match v {
            GqlValue::Int(i) => json!(i),
            GqlValue::Float(f) => json!(f),
            GqlValue::Str(s) | GqlValue::Enum(s) => json!(s),
            GqlValue::Bool(b) => json!(b),
            GqlValue::Null => Value::Null,
            GqlValue::Var(name) => match (self.vars.get(name), self.doc.defaults.get(name)) {
                (Some(v), _) => v.clone(),
                (None, Some(default)) => self.value(default),
                (None, None) => Value::Null,
            },
            GqlValue::List(items) => Value::Array(items.iter().map(|i| self.value(i)).collect()),
            GqlValue::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(v)))
                    .collect(),
            ),
        }
    }

    pub(super) fn resolve(&self, node: &Node<'s>, f: &Field) -> Result<Out<'s>, FieldError> {
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
            Node::Org(login) => self.org_field(login, f),
            Node::Payload(p) => self.payload_field(p, f),
            Node::Project(_)
            | Node::Field(_)
            | Node::FieldOption(_)
            | Node::Item(..)
            | Node::Value(..) => {
                self.need_project_scope(f, &["read:project"], &["read:project", "project"])?;
                self.project_node_field(node, f)
            }
        }
    }

    /// A connection page per `first`/`last`/`after`/`before`, as GitHub pages them.
    pub(super) fn paginate(&self, f: &Field, items: Vec<Node<'s>>) -> Result<Out<'s>, FieldError> {
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
