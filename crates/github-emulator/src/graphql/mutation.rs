//! Executes a mutation document: the Projects v2 mutations, one after another as GitHub runs
//! them, each answering its payload or `null` with an error; refused whole without `project`.

use super::doc::{Document, Field, Selection};
use super::exec::Exec;
use super::node::{FieldError, Node, Payload, undefined};
use super::project::insufficient_scopes;
use crate::projects::EditError;
use crate::state::State;
use serde_json::{Map, Value, json};

/// The answer body and the number of mutation fields executed.
pub fn run(
    state: &mut State,
    vars: &Map<String, Value>,
    doc: &Document,
    cost: u32,
) -> (Value, u32) {
    let fields: Vec<&Field> = doc
        .operation
        .iter()
        .filter_map(|s| match s {
            Selection::Field(f) => Some(f),
            _ => None,
        })
        .collect();
    if let Some(f) = fields.iter().find(|f| f.name != "__typename")
        && !state.has_scope(&["project"])
    {
        let mut e = insufficient_scopes(&f.name, &["project"], &state.scopes);
        e["locations"] = json!([{ "line": f.line, "column": f.column }]);
        return (json!({ "data": null, "errors": [e] }), 0);
    }
    let mut data = Map::new();
    let mut errors = Vec::new();
    let mut executed = 0;
    for f in fields {
        if f.name == "__typename" {
            data.insert(f.key().to_string(), json!("Mutation"));
            continue;
        }
        let input = Exec::new(state, vars, doc, cost)
            .arg(f, "input")
            .unwrap_or(Value::Null);
        let outcome = match apply(state, f, &input) {
            Some(outcome) => outcome,
            None => {
                let FieldError::Invalid(e) = undefined(f, "Mutation") else {
                    unreachable!()
                };
                return (json!({ "errors": [e] }), executed);
            }
        };
        executed += 1;
        let value = match outcome {
            Ok(payload) => {
                let mut exec = Exec::new(state, vars, doc, cost);
                let v = exec.payload(&Node::Payload(payload), f);
                errors.append(&mut exec.errors);
                v
            }
            Err(e) => {
                errors.push(json!({
                    "type": e.kind(),
                    "path": [f.key()],
                    "locations": [{ "line": f.line, "column": f.column }],
                    "message": e.message()
                }));
                Value::Null
            }
        };
        data.insert(f.key().to_string(), value);
    }
    let mut body = json!({ "data": data });
    if !errors.is_empty() {
        body["errors"] = Value::Array(errors);
    }
    (body, executed)
}

fn text<'v>(input: &'v Value, key: &str) -> &'v str {
    input.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Performs one mutation (`None`: the emulator has no such mutation).
fn apply(state: &mut State, f: &Field, input: &Value) -> Option<Result<Payload, EditError>> {
    let project = text(input, "projectId");
    let item = text(input, "itemId");
    let field = text(input, "fieldId");
    let now = state.tick();
    let with_item = |typename, id: &str| Payload {
        typename,
        item_id: Some(id.to_string()),
        deleted_item_id: None,
    };
    Some(match f.name.as_str() {
        "addProjectV2ItemById" => {
            let content = text(input, "contentId");
            issue_of(state, content)
                .and_then(|n| state.projects.add_item(project, n, now))
                .map(|id| with_item("AddProjectV2ItemByIdPayload", &id))
        }
        "updateProjectV2ItemFieldValue" => {
            let value = input.get("value").unwrap_or(&Value::Null);
            state
                .projects
                .set_value((project, item, field), value, now)
                .map(|()| with_item("UpdateProjectV2ItemFieldValuePayload", item))
        }
        "clearProjectV2ItemFieldValue" => state
            .projects
            .clear_value((project, item, field), now)
            .map(|()| with_item("ClearProjectV2ItemFieldValuePayload", item)),
        "deleteProjectV2Item" => state.projects.delete_item(project, item).map(|()| Payload {
            typename: "DeleteProjectV2ItemPayload",
            item_id: None,
            deleted_item_id: Some(item.to_string()),
        }),
        _ => return None,
    })
}

/// The issue number behind a content id (`I_<n>`, an issue of the served repository; pull
/// requests and draft issues are not emulated as items).
fn issue_of(state: &State, content_id: &str) -> Result<u64, EditError> {
    content_id
        .strip_prefix("I_")
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|n| state.issues.contains_key(n))
        .ok_or_else(|| EditError::NotFound(content_id.to_string()))
}
