//! The REST write routes kepsync's write-back uses, in GitHub's shapes: `PATCH` an issue
//! (milestone, labels), `POST`/`DELETE` issue labels, and the milestone list they refer to.

use crate::json;
use crate::rest::RestError;
use crate::state::{REPO, State};
use emulator_kit::{Request, Response, percent_decode};
use serde_json::{Value, json};

/// What a token without write access gets, as GitHub answers fine-grained read-only tokens.
pub const NOT_ACCESSIBLE: &str = "Resource not accessible by personal access token";

/// Answers a non-GET request under `/repos/{o}/{r}/…`; `None` when it is not a write route.
pub fn answer(state: &mut State, req: &Request, api: &str) -> Option<Result<Response, RestError>> {
    let raw: Vec<&str> = req.raw_path.trim_matches('/').split('/').collect();
    let ["repos", o, r, "issues", n, rest @ ..] = raw.as_slice() else {
        return None;
    };
    if format!("{o}/{r}") != REPO {
        return Some(Err((404, "Not Found".into())));
    }
    let Ok(number) = n.parse::<u64>() else {
        return Some(Err((404, "Not Found".into())));
    };
    let route = match (req.method.as_str(), rest) {
        ("PATCH", []) => Route::Patch,
        ("POST", ["labels"]) => Route::AddLabels,
        ("DELETE", ["labels", name]) => Route::RemoveLabel(percent_decode(name)),
        _ => return None,
    };
    if !state.can_write {
        return Some(Err((403, NOT_ACCESSIBLE.into())));
    }
    if !state.issues.contains_key(&number) {
        return Some(Err((404, "Not Found".into())));
    }
    Some(route.run(state, req, api, number))
}

enum Route {
    Patch,
    AddLabels,
    RemoveLabel(String),
}

impl Route {
    fn run(
        self,
        state: &mut State,
        req: &Request,
        api: &str,
        number: u64,
    ) -> Result<Response, RestError> {
        match self {
            Route::Patch => patch(state, &body(req)?, api, number),
            Route::AddLabels => add_labels(state, &body(req)?, api, number),
            Route::RemoveLabel(name) => remove_label(state, api, number, &name),
        }
    }
}

fn body(req: &Request) -> Result<Value, RestError> {
    req.json()
        .map_err(|e| (400, format!("Problems parsing JSON: {e}")))
}

fn invalid(field: &str, value: &Value) -> RestError {
    (
        422,
        format!("Validation Failed: field `{field}` value {value} is invalid"),
    )
}

/// `PATCH /repos/{o}/{r}/issues/{n}`: `milestone` (a number or null) and `labels` (names).
fn patch(state: &mut State, body: &Value, api: &str, number: u64) -> Result<Response, RestError> {
    let milestone = match body.get("milestone") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(v) => {
            let title = v
                .as_u64()
                .and_then(|m| state.milestone_title(m))
                .ok_or_else(|| invalid("milestone", v))?;
            Some(Some(title.to_string()))
        }
    };
    let labels = match body.get("labels") {
        None => None,
        Some(v) => Some(label_names(v).ok_or_else(|| invalid("labels", v))?),
    };
    state.edit_issue(number, |seed| {
        if let Some(m) = milestone {
            seed.milestone = m;
        }
        if let Some(l) = labels {
            seed.labels = l;
        }
    });
    Ok(issue_answer(state, api, number))
}

/// `POST /repos/{o}/{r}/issues/{n}/labels`: `{"labels": [...]}` or a bare array; adds.
fn add_labels(
    state: &mut State,
    body: &Value,
    api: &str,
    number: u64,
) -> Result<Response, RestError> {
    let list = body.get("labels").unwrap_or(body);
    let names = label_names(list).ok_or_else(|| invalid("labels", list))?;
    state.edit_issue(number, |seed| {
        for n in names {
            if !seed.labels.contains(&n) {
                seed.labels.push(n);
            }
        }
    });
    Ok(labels_answer(state, api, number))
}

/// `DELETE /repos/{o}/{r}/issues/{n}/labels/{name}`: 404 `Label does not exist` when absent.
fn remove_label(
    state: &mut State,
    api: &str,
    number: u64,
    name: &str,
) -> Result<Response, RestError> {
    let has = state
        .issues
        .get(&number)
        .is_some_and(|r| r.seed.labels.iter().any(|l| l == name));
    if !has {
        return Err((404, "Label does not exist".into()));
    }
    state.edit_issue(number, |seed| seed.labels.retain(|l| l != name));
    Ok(labels_answer(state, api, number))
}

fn label_names(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|l| {
            l.as_str()
                .or_else(|| l.get("name").and_then(Value::as_str))
                .map(String::from)
        })
        .collect()
}

fn issue_answer(state: &State, api: &str, number: u64) -> Response {
    match state.issues.get(&number) {
        Some(rec) => Response::json(200, &json::issue(api, state, rec)),
        None => Response::json(404, &json::error(404, "Not Found")),
    }
}

fn labels_answer(state: &State, api: &str, number: u64) -> Response {
    let labels: Vec<Value> = state
        .issues
        .get(&number)
        .map(|r| {
            r.seed
                .labels
                .iter()
                .map(|l| json::label(api, REPO, l))
                .collect()
        })
        .unwrap_or_default();
    Response::json(200, &json!(labels))
}

/// `GET /repos/{o}/{r}/milestones`: every milestone (`state` open/all; all are open here).
pub fn milestones(state: &State, req: &Request, api: &str) -> Vec<Value> {
    if req.query_param("state") == Some("closed") {
        return Vec::new();
    }
    state
        .milestones
        .iter()
        .map(|t| json::milestone(api, state, t))
        .collect()
}
