//! The REST routes: issues, pulls, pull files, git trees and blobs, contents, rate_limit.

use crate::json;
use crate::state::{IssueRecord, LIMIT, PullRecord, REPO, Resource, State};
use emulator_kit::{Request, Response};
use serde_json::{Value, json};

/// An error answer: status and message.
pub type RestError = (u16, String);

fn not_found() -> RestError {
    (404, "Not Found".into())
}

/// Answers a REST request (no rate-limit or ETag headers yet).
pub fn answer(state: &mut State, req: &Request, api: &str) -> Result<Response, RestError> {
    if req.method != http::Method::GET {
        return crate::writes::answer(state, req, api).unwrap_or_else(|| Err(not_found()));
    }
    let parts: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["rate_limit"] => Ok(rate_limit(state)),
        ["repos", o, r, rest @ ..] => repo_route(state, req, api, &format!("{o}/{r}"), rest),
        _ => Err(not_found()),
    }
}

fn repo_route(
    state: &mut State,
    req: &Request,
    api: &str,
    repo: &str,
    rest: &[&str],
) -> Result<Response, RestError> {
    let is_served = repo == REPO;
    match rest {
        ["issues"] if is_served => Ok(issue_list(state, req, api)),
        ["issues", n] if is_served => issue(state, api, n),
        ["milestones"] if is_served => {
            let list = crate::writes::milestones(state, req, api);
            Ok(paged(req, api, list, Clone::clone))
        }
        ["pulls"] => Ok(pull_list(state, req, api, repo)),
        ["pulls", n] => pull(state, api, repo, n).map(|v| Response::json(200, &v)),
        ["pulls", n, "files"] => pull_files(state, req, api, repo, n),
        ["git", "trees", reference] if is_served => tree(state, req, api, reference),
        ["git", "blobs", sha] if is_served => blob(state, api, sha),
        ["contents", path @ ..] if is_served => contents(state, req, api, &path.join("/")),
        [] if is_served => Ok(Response::json(
            200,
            &json!({
                "full_name": REPO, "name": "enhancements", "default_branch": "master", "private": false
            }),
        )),
        _ => Err(not_found()),
    }
}

fn number(n: &str) -> Result<u64, RestError> {
    n.parse().map_err(|_| not_found())
}

fn issue(state: &State, api: &str, n: &str) -> Result<Response, RestError> {
    let n = number(n)?;
    if let Some(rec) = state.issues.get(&n) {
        return Ok(Response::json(200, &json::issue(api, state, rec)));
    }
    match state.pulls.get(&(REPO.to_string(), n)) {
        Some(rec) => Ok(Response::json(200, &json::pull_as_issue(api, rec))),
        None => Err(not_found()),
    }
}

/// An issue-list row: an issue, or a pull request of the served repository.
enum Row<'a> {
    Issue(&'a IssueRecord),
    Pull(&'a PullRecord),
}

impl Row<'_> {
    fn times(&self) -> (u64, u64) {
        match self {
            Row::Issue(r) => (r.created, r.updated),
            Row::Pull(r) => (r.created, r.updated),
        }
    }

    fn is_open(&self) -> bool {
        match self {
            Row::Issue(r) => r.seed.is_open(),
            Row::Pull(r) => r.seed.state == "open",
        }
    }

    fn labels(&self) -> &[String] {
        match self {
            Row::Issue(r) => &r.seed.labels,
            Row::Pull(r) => &r.seed.labels,
        }
    }

    fn json(&self, api: &str, state: &State) -> Value {
        match self {
            Row::Issue(r) => json::issue(api, state, r),
            Row::Pull(r) => json::pull_as_issue(api, r),
        }
    }
}

fn issue_list(state: &State, req: &Request, api: &str) -> Response {
    let wanted_state = req.query_param("state").unwrap_or("open");
    let labels: Vec<&str> = req
        .query_param("labels")
        .map(|l| l.split(',').filter(|s| !s.is_empty()).collect())
        .unwrap_or_default();
    let mut rows: Vec<Row> = state.issues.values().map(Row::Issue).collect();
    rows.extend(
        state
            .pulls
            .values()
            .filter(|p| p.seed.repo == REPO)
            .map(Row::Pull),
    );
    rows.retain(|row| {
        let st = if row.is_open() { "open" } else { "closed" };
        (wanted_state == "all" || wanted_state == st)
            && labels.iter().all(|l| row.labels().iter().any(|x| x == l))
    });
    let by_updated = req.query_param("sort") == Some("updated");
    rows.sort_by_key(|row| {
        let (created, updated) = row.times();
        if by_updated { updated } else { created }
    });
    if req.query_param("direction") != Some("asc") {
        rows.reverse();
    }
    paged(req, api, rows, |row| row.json(api, state))
}

fn pull_list(state: &State, req: &Request, api: &str, repo: &str) -> Response {
    let wanted = req.query_param("state").unwrap_or("open");
    let mut pulls: Vec<_> = state
        .pulls
        .values()
        .filter(|p| p.seed.repo == repo)
        .filter(|p| wanted == "all" || (wanted == "open") == (p.seed.state == "open"))
        .collect();
    let by_updated = req.query_param("sort") == Some("updated");
    pulls.sort_by_key(|p| if by_updated { p.updated } else { p.created });
    if req.query_param("direction") != Some("asc") {
        pulls.reverse();
    }
    paged(req, api, pulls, |p| json::pull(api, p))
}

fn pull(state: &State, api: &str, repo: &str, n: &str) -> Result<Value, RestError> {
    let rec = state
        .pulls
        .get(&(repo.to_string(), number(n)?))
        .ok_or_else(not_found)?;
    Ok(json::pull(api, rec))
}

fn pull_files(
    state: &State,
    req: &Request,
    api: &str,
    repo: &str,
    n: &str,
) -> Result<Response, RestError> {
    let rec = state
        .pulls
        .get(&(repo.to_string(), number(n)?))
        .ok_or_else(not_found)?;
    let files: Vec<&String> = rec.seed.files.iter().collect();
    Ok(paged(req, api, files, |f| json::pull_file(api, repo, f)))
}

fn tree(
    state: &mut State,
    req: &Request,
    api: &str,
    reference: &str,
) -> Result<Response, RestError> {
    let commit = state.commit_sha();
    let (sha, entries) = state.listing().clone();
    if !matches!(reference, "master" | "main" | "HEAD") && reference != sha && reference != commit {
        return Err(not_found());
    }
    let recursive = req
        .query_param("recursive")
        .is_some_and(|v| !v.is_empty() && v != "0" && v != "false");
    let entries: Vec<_> = entries
        .into_iter()
        .filter(|e| recursive || !e.path.contains('/'))
        .collect();
    Ok(Response::json(200, &json::tree(api, &sha, &entries)))
}

fn blob(state: &State, api: &str, sha: &str) -> Result<Response, RestError> {
    let blob = state.tree.blob_by_sha(sha).ok_or_else(not_found)?;
    Ok(Response::json(200, &json::blob(api, blob)))
}

fn contents(state: &State, req: &Request, api: &str, path: &str) -> Result<Response, RestError> {
    if let Some(blob) = state.tree.file(path) {
        let raw = req.header("accept").is_some_and(|a| a.contains(".raw"));
        if raw {
            return Ok(Response::new(200, blob.bytes.to_vec())
                .header("content-type", "application/vnd.github.raw"));
        }
        return Ok(Response::json(200, &json::content(api, path, blob)));
    }
    let children = state.tree.children(path);
    if children.is_empty() {
        return Err(not_found());
    }
    let (_, listing) = state.tree.listing();
    let entries: Vec<Value> = children
        .iter()
        .map(|(name, is_dir)| {
            let full = if path.is_empty() {
                name.clone()
            } else {
                format!("{}/{name}", path.trim_end_matches('/'))
            };
            let (sha, size) = listing
                .iter()
                .find(|e| e.path == full)
                .map_or((String::new(), 0), |e| (e.sha.clone(), e.size.unwrap_or(0)));
            json::content_entry(api, &full, *is_dir, &sha, size)
        })
        .collect();
    Ok(Response::json(200, &entries))
}

fn rate_limit(state: &State) -> Response {
    let bucket = |r: Resource| {
        let used = state.used(r);
        json!({ "limit": LIMIT, "used": used, "remaining": LIMIT.saturating_sub(used), "reset": state.reset_at })
    };
    Response::json(
        200,
        &json!({
            "resources": { "core": bucket(Resource::Core), "graphql": bucket(Resource::Graphql) },
            "rate": bucket(Resource::Core)
        }),
    )
}

/// One page of `items` per `page`/`per_page` (only that page rendered), with GitHub's `link` header.
fn paged<T>(req: &Request, api: &str, items: Vec<T>, render: impl Fn(&T) -> Value) -> Response {
    let per_page = req
        .query_param("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(30)
        .clamp(1, 100);
    let page = req
        .query_param("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let last = items.len().div_ceil(per_page).max(1);
    let body: Vec<Value> = items
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(render)
        .collect();
    let mut resp = Response::json(200, &body);
    let mut links = Vec::new();
    let url = |p: usize| page_url(req, api, p);
    if page < last {
        links.push(format!("<{}>; rel=\"next\"", url(page + 1)));
        links.push(format!("<{}>; rel=\"last\"", url(last)));
    }
    if page > 1 {
        links.push(format!("<{}>; rel=\"prev\"", url(page - 1)));
        links.push(format!("<{}>; rel=\"first\"", url(1)));
    }
    if !links.is_empty() {
        resp = resp.header("link", links.join(", "));
    }
    resp
}

fn page_url(req: &Request, api: &str, page: usize) -> String {
    let mut query: Vec<String> = req
        .query
        .iter()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace(',', "%2C")))
        .collect();
    query.push(format!("page={page}"));
    format!("{api}{}?{}", req.raw_path, query.join("&"))
}
