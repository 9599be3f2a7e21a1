//! The resolvers of Projects v2: organizations and their projects, fields and options, items
//! with their values (custom and built in), `node(id:)`, mutation payloads, and the scope check.

use super::doc::Field;
use super::exec::Exec;
use super::node::*;
use crate::projects::{FieldDef, FieldKind, FieldValue, Item, Project, opaque_id};
use crate::state::REPO;
use crate::util::iso;
use serde_json::{Value, json};

impl<'s> Exec<'s> {
    /// Refuses the field unless the token has one of `accepted` (`named`: the scopes GitHub names).
    pub(super) fn need_project_scope(
        &self,
        f: &Field,
        named: &[&str],
        accepted: &[&str],
    ) -> Result<(), FieldError> {
        if self.state.has_scope(accepted) {
            return Ok(());
        }
        let mut e = insufficient_scopes(&f.name, named, &self.state.scopes);
        e["locations"] = json!([{ "line": f.line, "column": f.column }]);
        Err(FieldError::Denied(e))
    }

    /// `node(id:)`: an issue, pull request, project, field or item by its global id.
    pub(super) fn node_by_id(&self, f: &Field) -> Result<Out<'s>, FieldError> {
        let id = self.arg(f, "id");
        let id = id.as_ref().and_then(Value::as_str).unwrap_or_default();
        let state = self.state;
        let issue = id
            .strip_prefix("I_")
            .and_then(|n| n.parse::<u64>().ok())
            .and_then(|n| state.issues.get(&n));
        let pull = id
            .strip_prefix("PR_")
            .and_then(|n| n.parse::<u64>().ok())
            .and_then(|n| state.pulls.values().find(|p| p.seed.number == n));
        let found = match (issue, pull) {
            (Some(rec), _) => Some(Node::Issue(rec)),
            (_, Some(rec)) => Some(Node::Pull(rec)),
            _ => state
                .projects
                .by_id(id)
                .map(Node::Project)
                .or_else(|| state.projects.item(id).map(|(p, i)| Node::Item(p, i)))
                .or_else(|| state.projects.field(id).map(|(_, d)| Node::Field(d))),
        };
        found.map(Out::One).ok_or_else(|| {
            not_found(&format!(
                "Could not resolve to a node with the global id of '{id}'"
            ))
        })
    }

    /// `organization(login:)`: any login that owns a project, and the served repository's owner.
    pub(super) fn organization(&self, f: &Field) -> Result<Out<'s>, FieldError> {
        let login = self.arg(f, "login");
        let login = login.as_ref().and_then(Value::as_str).unwrap_or_default();
        let owner = REPO.split('/').next().unwrap_or_default();
        if login == owner || self.state.projects.has_owner(login) {
            return Ok(Out::One(Node::Org(login.to_string())));
        }
        Err(not_found(&format!(
            "Could not resolve to an Organization with the login of '{login}'."
        )))
    }

    pub(super) fn org_field(&self, login: &str, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "login" | "name" => leaf(login),
            "url" => leaf(format!("https://github.com/{login}")),
            "projectV2" => {
                let n = self.arg(f, "number").and_then(|v| v.as_u64()).unwrap_or(0);
                match self.state.projects.get(login, n) {
                    Some(p) => Ok(Out::One(Node::Project(p))),
                    None => Err(not_found(&format!(
                        "Could not resolve to a ProjectV2 with the number {n}."
                    ))),
                }
            }
            _ => Err(undefined(f, "Organization")),
        }
    }

    pub(super) fn payload_field(&self, p: &Payload, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "item" | "projectV2Item" => Ok(p
                .item_id
                .as_deref()
                .and_then(|id| self.state.projects.item(id))
                .map_or(Out::Leaf(Value::Null), |(p, i)| Out::One(Node::Item(p, i)))),
            "deletedItemId" => Ok(Out::Leaf(json!(p.deleted_item_id))),
            "clientMutationId" => Ok(Out::Leaf(Value::Null)),
            _ => Err(undefined(f, p.typename)),
        }
    }

    pub(super) fn project_node_field(
        &self,
        node: &Node<'s>,
        f: &Field,
    ) -> Result<Out<'s>, FieldError> {
        match node {
            Node::Project(p) => self.project_field(p, f),
            Node::Field(d) => field_def_field(d, f),
            Node::FieldOption(o) => match f.name.as_str() {
                "id" => leaf(&o.id),
                "name" => leaf(&o.name),
                _ => Err(undefined(f, "ProjectV2SingleSelectFieldOption")),
            },
            Node::Item(p, i) => self.item_field(p, i, f),
            Node::Value(p, i, d) => self.value_field(p, i, d, f),
            _ => Err(undefined(f, typename(node))),
        }
    }

    fn project_field(&self, p: &'s Project, f: &Field) -> Result<Out<'s>, FieldError> {
        match f.name.as_str() {
            "id" => leaf(&p.id),
            "title" => leaf(&p.title),
            "number" => leaf(p.number),
            "url" => leaf(p.url()),
            "closed" => leaf(false),
            "public" => leaf(true),
            "fields" => self.paginate(f, p.fields.iter().map(Node::Field).collect()),
            "field" => {
                let name = self.arg(f, "name");
                let name = name.as_ref().and_then(Value::as_str).unwrap_or_default();
                Ok(p.field_by_name(name)
                    .map_or(Out::Leaf(Value::Null), |d| Out::One(Node::Field(d))))
            }
            "items" => self.paginate(f, p.items.iter().map(|i| Node::Item(p, i)).collect()),
            _ => Err(undefined(f, "ProjectV2")),
        }
    }

    fn item_field(&self, p: &'s Project, item: &'s Item, f: &Field) -> Result<Out<'s>, FieldError> {
        let issue = self.state.issues.get(&item.issue);
        match f.name.as_str() {
            "id" => leaf(&item.id),
            "type" => leaf("ISSUE"),
            "isArchived" => leaf(item.archived),
            "content" => Ok(issue.map_or(Out::Leaf(Value::Null), |rec| Out::One(Node::Issue(rec)))),
            "fieldValues" => {
                let values = p
                    .fields
                    .iter()
                    .filter(|d| self.has_value(item, d))
                    .map(|d| Node::Value(p, item, d))
                    .collect();
                self.paginate(f, values)
            }
            "fieldValueByName" => {
                let name = self.arg(f, "name");
                let name = name.as_ref().and_then(Value::as_str).unwrap_or_default();
                Ok(p.field_by_name(name)
                    .filter(|d| self.has_value(item, d))
                    .map_or(Out::Leaf(Value::Null), |d| {
                        Out::One(Node::Value(p, item, d))
                    }))
            }
            "project" => Ok(Out::One(Node::Project(p))),
            "createdAt" => leaf(iso(item.created)),
            "updatedAt" => leaf(iso(item.updated)),
            _ => Err(undefined(f, "ProjectV2Item")),
        }
    }

    /// Whether the item has a value for the field (built-in ones: when the issue has one).
    fn has_value(&self, item: &Item, field: &FieldDef) -> bool {
        let Some(rec) = self.state.issues.get(&item.issue) else {
            return false;
        };
        match field.kind {
            FieldKind::Title | FieldKind::Repository => true,
            FieldKind::Assignees => !rec.seed.assignees.is_empty(),
            FieldKind::Labels => !rec.seed.labels.is_empty(),
            FieldKind::Milestone => rec.seed.milestone.is_some(),
            _ => item.values.contains_key(&field.id),
        }
    }

    fn value_field(
        &self,
        p: &'s Project,
        item: &'s Item,
        d: &'s FieldDef,
        f: &Field,
    ) -> Result<Out<'s>, FieldError> {
        let issue = self.state.issues.get(&item.issue);
        let value = item.values.get(&d.id);
        match (f.name.as_str(), value) {
            ("id", _) => leaf(opaque_id("PVTFSV_lQDO", &format!("{}/{}", item.id, d.id))),
            ("field", _) => Ok(Out::One(Node::Field(d))),
            ("item", _) => Ok(Out::One(Node::Item(p, item))),
            ("text", Some(FieldValue::Text(t))) => leaf(t),
            ("text", None) if d.kind == FieldKind::Title => {
                leaf(issue.map(|r| r.seed.title.as_str()))
            }
            ("name", Some(FieldValue::SingleSelect(id))) => {
                leaf(d.option_by_id(id).map(|o| o.name.as_str()))
            }
            ("optionId", Some(FieldValue::SingleSelect(id))) => leaf(id),
            ("date", Some(FieldValue::Date(date))) => leaf(date),
            ("number", Some(FieldValue::Number(n))) => leaf(n),
            ("labels", None) => self.paginate(
                f,
                issue.map_or_else(Vec::new, |r| {
                    r.seed.labels.iter().cloned().map(Node::Label).collect()
                }),
            ),
            ("users", None) => self.paginate(
                f,
                issue.map_or_else(Vec::new, |r| {
                    r.seed.assignees.iter().cloned().map(Node::User).collect()
                }),
            ),
            ("milestone", None) => Ok(issue
                .and_then(|r| r.seed.milestone.clone())
                .map_or(Out::Leaf(Value::Null), |m| Out::One(Node::Milestone(m)))),
            ("repository", None) => Ok(Out::One(Node::Repo(REPO.into()))),
            _ => Err(undefined(f, value_typename(item, d))),
        }
    }
}

fn field_def_field<'s>(d: &'s FieldDef, f: &Field) -> Result<Out<'s>, FieldError> {
    match f.name.as_str() {
        "id" => leaf(&d.id),
        "name" => leaf(&d.name),
        "dataType" => leaf(d.kind.data_type()),
        "options" if d.kind == FieldKind::SingleSelect => {
            Ok(Out::Many(d.options.iter().map(Node::FieldOption).collect()))
        }
        _ => Err(undefined(f, d.kind.typename())),
    }
}

/// GitHub's INSUFFICIENT_SCOPES error.
pub(super) fn insufficient_scopes(field: &str, named: &[&str], granted: &[String]) -> Value {
    let quoted = |items: Vec<&str>| {
        items
            .iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    json!({
        "type": "INSUFFICIENT_SCOPES",
        "locations": [],
        "message": format!(
            "Your token has not been granted the required scopes to execute this query. The '{field}' field requires one of the following scopes: [{}], but your token has only been granted the: [{}] scopes. Please modify your token's scopes at: https://github.com/settings/tokens.",
            quoted(named.to_vec()),
            quoted(granted.iter().map(String::as_str).collect())
        )
    })
}
