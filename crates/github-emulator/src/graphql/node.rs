//! The values GraphQL fields resolve to, and the field resolvers and errors that need no state.

use super::doc::Field;
use crate::projects::{FieldDef, FieldKind, FieldValue, Item, OptionDef, Project};
use crate::state::{IssueRecord, PullRecord};
use crate::tree::Blob;
use crate::util::base64;
use serde_json::{Value, json};

/// A value the executor can select fields from.
#[derive(Clone)]
pub(super) enum Node<'s> {
    Query,
    Repo(String),
    Issue(&'s IssueRecord),
    Pull(&'s PullRecord),
    Blob(Blob),
    Ref,
    Commit,
    User(String),
    Label(String),
    Milestone(String),
    Conn(Conn<'s>),
    Edge(Box<Node<'s>>, usize),
    PageInfo(PageInfo),
    CrossRef(&'s PullRecord, &'s IssueRecord),
    File(String),
    RateLimit,
    Org(String),
    Project(&'s Project),
    Field(&'s FieldDef),
    FieldOption(&'s OptionDef),
    Item(&'s Project, &'s Item),
    /// One value of an item: its field (custom, or built in: the issue's title, labels, …).
    Value(&'s Project, &'s Item, &'s FieldDef),
    Payload(Payload),
}

/// What a mutation's payload selects from.
#[derive(Clone)]
pub(super) struct Payload {
    pub(super) typename: &'static str,
    pub(super) item_id: Option<String>,
    pub(super) deleted_item_id: Option<String>,
}

#[derive(Clone)]
pub(super) struct Conn<'s> {
    pub(super) nodes: Vec<Node<'s>>,
    pub(super) offset: usize,
    pub(super) total: usize,
    pub(super) page: PageInfo,
}

#[derive(Clone, Copy)]
pub(super) struct PageInfo {
    pub(super) start: Option<usize>,
    pub(super) end: Option<usize>,
    pub(super) has_next: bool,
    pub(super) has_prev: bool,
}

pub(super) enum Out<'s> {
    Leaf(Value),
    One(Node<'s>),
    Many(Vec<Node<'s>>),
}

/// Why a field gave no value.
pub(super) enum FieldError {
    /// The query asks for something that does not exist: the whole query is rejected.
    Invalid(Value),
    /// This field is null, with an error in `errors` (e.g. NOT_FOUND).
    Null(Value),
    /// The token lacks a scope: the whole answer is `{"data": null, "errors": [this]}`.
    Denied(Value),
}

pub(super) fn conn_field<'s>(conn: &Conn<'s>, f: &Field) -> Result<Out<'s>, FieldError> {
    match f.name.as_str() {
        "nodes" => Ok(Out::Many(conn.nodes.clone())),
        "edges" => Ok(Out::Many(
            conn.nodes
                .iter()
                .enumerate()
                .map(|(i, n)| Node::Edge(Box::new(n.clone()), conn.offset + i))
                .collect(),
        )),
        "totalCount" => leaf(conn.total),
        "pageInfo" => Ok(Out::One(Node::PageInfo(conn.page))),
        _ => Err(undefined(f, "Connection")),
    }
}

pub(super) fn page_field<'s>(p: &PageInfo, f: &Field) -> Result<Out<'s>, FieldError> {
    let cur = |i: Option<usize>| i.map_or(Value::Null, |i| json!(cursor(i)));
    match f.name.as_str() {
        "hasNextPage" => leaf(p.has_next),
        "hasPreviousPage" => leaf(p.has_prev),
        "startCursor" => Ok(Out::Leaf(cur(p.start))),
        "endCursor" => Ok(Out::Leaf(cur(p.end))),
        _ => Err(undefined(f, "PageInfo")),
    }
}

pub(super) fn blob_field<'s>(blob: &Blob, f: &Field) -> Result<Out<'s>, FieldError> {
    let text = std::str::from_utf8(&blob.bytes).ok();
    match f.name.as_str() {
        "text" => Ok(Out::Leaf(text.map_or(Value::Null, |t| json!(t)))),
        "byteSize" => leaf(blob.bytes.len()),
        "oid" => leaf(&blob.sha),
        "abbreviatedOid" => leaf(&blob.sha[..7]),
        "isBinary" => leaf(text.is_none()),
        "isTruncated" => leaf(false),
        _ => Err(undefined(f, "Blob")),
    }
}

pub(super) fn pull_state(p: &PullRecord) -> &'static str {
    if p.seed.merged {
        "MERGED"
    } else if p.seed.is_open() {
        "OPEN"
    } else {
        "CLOSED"
    }
}

pub(super) fn typename(node: &Node<'_>) -> &'static str {
    match node {
        Node::Query => "Query",
        Node::Repo(_) => "Repository",
        Node::Issue(_) => "Issue",
        Node::Pull(_) => "PullRequest",
        Node::Blob(_) => "Blob",
        Node::Ref => "Ref",
        Node::Commit => "Commit",
        Node::User(_) => "User",
        Node::Label(_) => "Label",
        Node::Milestone(_) => "Milestone",
        Node::Conn(_) => "Connection",
        Node::Edge(..) => "Edge",
        Node::PageInfo(_) => "PageInfo",
        Node::CrossRef(..) => "CrossReferencedEvent",
        Node::File(_) => "PullRequestChangedFile",
        Node::RateLimit => "RateLimit",
        Node::Org(_) => "Organization",
        Node::Project(_) => "ProjectV2",
        Node::Field(f) => f.kind.typename(),
        Node::FieldOption(_) => "ProjectV2SingleSelectFieldOption",
        Node::Item(..) => "ProjectV2Item",
        Node::Value(_, item, field) => value_typename(item, field),
        Node::Payload(p) => p.typename,
    }
}

/// The GraphQL type of an item's value for a field.
pub(super) fn value_typename(item: &Item, field: &FieldDef) -> &'static str {
    match (field.kind, item.values.get(&field.id)) {
        (FieldKind::Title, _) | (_, Some(FieldValue::Text(_))) => "ProjectV2ItemFieldTextValue",
        (_, Some(FieldValue::SingleSelect(_))) => "ProjectV2ItemFieldSingleSelectValue",
        (_, Some(FieldValue::Date(_))) => "ProjectV2ItemFieldDateValue",
        (_, Some(FieldValue::Number(_))) => "ProjectV2ItemFieldNumberValue",
        (FieldKind::Labels, _) => "ProjectV2ItemFieldLabelValue",
        (FieldKind::Milestone, _) => "ProjectV2ItemFieldMilestoneValue",
        (FieldKind::Repository, _) => "ProjectV2ItemFieldRepositoryValue",
        _ => "ProjectV2ItemFieldUserValue",
    }
}

/// Interfaces and unions of the Projects v2 types (and the organization).
fn projects_abstract(node: &Node<'_>, on: &str) -> bool {
    match node {
        Node::Field(_) => matches!(on, "ProjectV2FieldCommon" | "ProjectV2FieldConfiguration"),
        Node::Value(..) => {
            on == "ProjectV2ItemFieldValue"
                || (on == "ProjectV2ItemFieldValueCommon"
                    && matches!(
                        typename(node),
                        "ProjectV2ItemFieldTextValue"
                            | "ProjectV2ItemFieldSingleSelectValue"
                            | "ProjectV2ItemFieldDateValue"
                            | "ProjectV2ItemFieldNumberValue"
                    ))
        }
        Node::Issue(_) | Node::Pull(_) => on == "ProjectV2ItemContent",
        Node::Org(_) => matches!(on, "ProjectV2Owner" | "RepositoryOwner" | "Actor"),
        _ => false,
    }
}

/// Whether a fragment on type `on` applies to `node` (its own type or an interface it has).
pub(super) fn applies(node: &Node<'_>, on: &str) -> bool {
    on == typename(node)
        || matches!(on, "Node" | "UniformResourceLocatable")
        || (on == "GitObject" && matches!(node, Node::Blob(_) | Node::Commit))
        || (on == "Actor" && matches!(node, Node::User(_)))
        || projects_abstract(node, on)
}

pub(super) fn leaf<'s>(v: impl serde::Serialize) -> Result<Out<'s>, FieldError> {
    Ok(Out::Leaf(json!(v)))
}

pub(super) fn cursor(i: usize) -> String {
    base64(format!("cursor:v2:{i}").as_bytes())
}

pub(super) fn decode_cursor(c: &str) -> Option<usize> {
    let text = String::from_utf8(crate::util::unbase64(c)?).ok()?;
    text.strip_prefix("cursor:v2:")?.parse().ok()
}

pub(super) fn invalid(f: &Field, message: &str, code: &str) -> Value {
    json!({
        "path": ["query", f.key()],
        "extensions": { "code": code, "fieldName": f.name },
        "locations": [{ "line": f.line, "column": f.column }],
        "message": message
    })
}

pub(super) fn undefined(f: &Field, on: &str) -> FieldError {
    FieldError::Invalid(invalid(
        f,
        &format!("Field '{}' doesn't exist on type '{on}'", f.name),
        "undefinedField",
    ))
}

pub(super) fn missing_arg(f: &Field, arg: &str) -> FieldError {
    FieldError::Invalid(invalid(
        f,
        &format!("Field '{}' is missing required arguments: {arg}", f.name),
        "missingRequiredArguments",
    ))
}

pub(super) fn not_found(message: &str) -> FieldError {
    not_found_typed("NOT_FOUND", message)
}

pub(super) fn not_found_typed(kind: &str, message: &str) -> FieldError {
    FieldError::Null(json!({ "type": kind, "message": message }))
}
