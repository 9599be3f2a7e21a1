//! The `/_emulator/` control endpoints: counts and log, faults, and changing the tree, issues
//! pull requests, Projects v2 boards and the token's scopes while running.

use crate::{GithubEmulator, IssueSeed, ProjectSeed, PullSeed};
use emulator_kit::{FaultSpec, Request, Response};
use http::Method;
use serde_json::{Value, json};

/// Answers a control request.
pub fn handle(emu: &GithubEmulator, req: &Request) -> Response {
    let rest = req.path.trim_start_matches("/_emulator/");
    let result = match (&req.method, rest) {
        (&Method::GET, "requests") => Ok(requests(emu)),
        (&Method::POST, "requests/reset") => {
            emu.reset_counts();
            Ok(json!({ "reset": true }))
        }
        (&Method::POST, "faults") => add_faults(emu, req),
        (&Method::DELETE, "faults") => {
            emu.faults().clear();
            Ok(json!({ "cleared": true }))
        }
        (m, path) if path.starts_with("files/") => set_file(emu, m, &path["files/".len()..], req),
        (&Method::PUT, path) if path.starts_with("issues/") => {
            put_issue(emu, &path["issues/".len()..], req)
        }
        (&Method::PUT, "permissions") => set_permissions(emu, req),
        (&Method::PUT, "scopes") => set_scopes(emu, req),
        (&Method::GET, "scopes") => Ok(json!({ "scopes": emu.scopes() })),
        (m, path) if path.starts_with("projects/") => {
            project(emu, m, &path["projects/".len()..], req)
        }
        (&Method::PUT, path) if path.starts_with("milestones/") => {
            let title = &path["milestones/".len()..];
            emu.add_milestone(title);
            Ok(json!({ "milestone": title }))
        }
        (&Method::GET, path) if path.starts_with("issues/") => {
            get_issue(emu, &path["issues/".len()..])
        }
        (&Method::PUT, path) if path.starts_with("pulls/") => {
            put_pull(emu, &path["pulls/".len()..], req)
        }
        _ => Err((
            404,
            format!("no control endpoint {} /_emulator/{rest}", req.method),
        )),
    };
    match result {
        Ok(v) => Response::json(200, &v),
        Err((status, message)) => Response::json(status, &json!({ "error": message })),
    }
}

type ControlResult = Result<Value, (u16, String)>;

fn requests(emu: &GithubEmulator) -> Value {
    let c = emu.counts();
    json!({
        "total": c.total, "not_modified": c.not_modified, "rate_limited": c.rate_limited,
        "graphql_points": c.graphql_points, "faulted": c.faulted,
        "graphql_queries": c.graphql_queries, "graphql_mutations": c.graphql_mutations,
        "secondary_points": c.secondary_points, "log": emu.log().entries()
    })
}

fn add_faults(emu: &GithubEmulator, req: &Request) -> ControlResult {
    let body = req
        .json()
        .map_err(|e| (400, format!("fault body is not JSON: {e}")))?;
    let specs: Vec<FaultSpec> = if body.is_array() {
        serde_json::from_value(body)
    } else {
        serde_json::from_value(body).map(|s| vec![s])
    }
    .map_err(|e| (400, format!("bad fault: {e}")))?;
    let n = specs.len();
    specs.into_iter().for_each(|s| emu.faults().add(s));
    Ok(json!({ "added": n }))
}

/// `PUT /_emulator/permissions {"write": false}`: writes answer 403 from now on.
fn set_permissions(emu: &GithubEmulator, req: &Request) -> ControlResult {
    let body = req
        .json()
        .map_err(|e| (400, format!("permissions body is not JSON: {e}")))?;
    let write = body
        .get("write")
        .and_then(Value::as_bool)
        .ok_or_else(|| (400, "use {\"write\": true|false}".to_string()))?;
    emu.set_can_write(write);
    Ok(json!({ "write": write }))
}

/// `GET /_emulator/issues/{n}`: the issue's seed as it stands (labels, milestone).
fn get_issue(emu: &GithubEmulator, number: &str) -> ControlResult {
    let n: u64 = number
        .parse()
        .map_err(|_| (400, format!("issue number `{number}` is not a number")))?;
    let seed = emu.issue(n).ok_or_else(|| (404, format!("no issue {n}")))?;
    serde_json::to_value(seed).map_err(|e| (500, e.to_string()))
}

fn set_file(emu: &GithubEmulator, method: &Method, path: &str, req: &Request) -> ControlResult {
    if path.is_empty() {
        return Err((400, "file path is empty".into()));
    }
    match *method {
        Method::PUT => emu.set_file(path, Some(req.body.to_vec())),
        Method::DELETE => emu.set_file(path, None),
        _ => return Err((405, "use PUT or DELETE on /_emulator/files/{path}".into())),
    }
    Ok(json!({ "path": path }))
}

fn put_issue(emu: &GithubEmulator, number: &str, req: &Request) -> ControlResult {
    let number: u64 = number
        .parse()
        .map_err(|_| (400, format!("issue number `{number}` is not a number")))?;
    let mut seed: IssueSeed = parse_seed(req, number)?;
    seed.number = number;
    emu.upsert_issue(seed);
    Ok(json!({ "number": number }))
}

fn put_pull(emu: &GithubEmulator, rest: &str, req: &Request) -> ControlResult {
    let (repo, number) = rest.rsplit_once('/').ok_or_else(|| {
        (
            400,
            "use /_emulator/pulls/{owner}/{name}/{number}".to_string(),
        )
    })?;
    let number: u64 = number
        .parse()
        .map_err(|_| (400, format!("pull number `{number}` is not a number")))?;
    let mut body = req
        .json()
        .map_err(|e| (400, format!("pull body is not JSON: {e}")))?;
    if let Some(obj) = body.as_object_mut() {
        obj.entry("repo").or_insert(json!(repo));
        obj.entry("number").or_insert(json!(number));
    }
    let mut seed: PullSeed =
        serde_json::from_value(body).map_err(|e| (400, format!("bad pull: {e}")))?;
    seed.repo = repo.to_string();
    seed.number = number;
    emu.upsert_pull(seed);
    Ok(json!({ "repo": repo, "number": number }))
}

fn parse_seed(req: &Request, number: u64) -> Result<IssueSeed, (u16, String)> {
    let mut body = req
        .json()
        .map_err(|e| (400, format!("issue body is not JSON: {e}")))?;
    if let Some(obj) = body.as_object_mut() {
        obj.entry("number").or_insert(json!(number));
    }
    serde_json::from_value(body).map_err(|e| (400, format!("bad issue: {e}")))
}

/// `PUT /_emulator/scopes {"scopes": ["repo", "read:project"]}`: the token's scopes from now on.
fn set_scopes(emu: &GithubEmulator, req: &Request) -> ControlResult {
    let body = req
        .json()
        .map_err(|e| (400, format!("scopes body is not JSON: {e}")))?;
    let scopes: Vec<String> = body
        .get("scopes")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| (400, "use {\"scopes\": [\"repo\", \"project\"]}".to_string()))?;
    let refs: Vec<&str> = scopes.iter().map(String::as_str).collect();
    emu.set_scopes(&refs);
    Ok(json!({ "scopes": scopes }))
}

/// `PUT /_emulator/projects/{owner}/{number}` (a project seed) and `GET` (its dump).
fn project(emu: &GithubEmulator, method: &Method, rest: &str, req: &Request) -> ControlResult {
    let usage = || (400, "use /_emulator/projects/{owner}/{number}".to_string());
    let (owner, number) = rest.split_once('/').ok_or_else(usage)?;
    let number: u64 = number.parse().map_err(|_| usage())?;
    match *method {
        Method::GET => {
            let dump = emu
                .project_dump(owner, number)
                .ok_or_else(|| (404, format!("no project {owner}/{number}")))?;
            serde_json::to_value(dump).map_err(|e| (500, e.to_string()))
        }
        Method::PUT => {
            let mut body = req
                .json()
                .map_err(|e| (400, format!("project body is not JSON: {e}")))?;
            if let Some(obj) = body.as_object_mut() {
                obj.insert("owner".into(), json!(owner));
                obj.insert("number".into(), json!(number));
            }
            let seed: ProjectSeed =
                serde_json::from_value(body).map_err(|e| (400, format!("bad project: {e}")))?;
            emu.put_project(&seed).map_err(|e| (400, e))?;
            Ok(json!({ "owner": owner, "number": number, "items": seed.items.len() }))
        }
        _ => Err((
            405,
            "use GET or PUT on /_emulator/projects/{owner}/{number}".into(),
        )),
    }
}
