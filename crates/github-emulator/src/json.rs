//! REST response bodies in GitHub's shapes (modelled on recorded api.github.com answers).

use crate::state::{IssueRecord, PullRecord, REPO, State};
use crate::tree::{Blob, TreeEntry};
use crate::util::{base64_lines, iso, sha1_hex};
use serde_json::{Value, json};

/// A stable small id derived from text (GitHub ids are numbers).
fn id_of(text: &str) -> u64 {
    let hex = sha1_hex(text.as_bytes());
    u64::from_str_radix(&hex[..12], 16).unwrap_or(1)
}

pub fn user(api: &str, login: &str) -> Value {
    let u = format!("{api}/users/{login}");
    json!({
        "login": login, "id": id_of(login), "node_id": format!("U_{login}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", id_of(login)),
        "gravatar_id": "", "url": u, "html_url": format!("https://github.com/{login}"),
        "followers_url": format!("{u}/followers"),
        "following_url": format!("{u}/following{{/other_user}}"),
        "gists_url": format!("{u}/gists{{/gist_id}}"),
        "starred_url": format!("{u}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{u}/subscriptions"),
        "organizations_url": format!("{u}/orgs"), "repos_url": format!("{u}/repos"),
        "events_url": format!("{u}/events{{/privacy}}"),
        "received_events_url": format!("{u}/received_events"),
        "type": "User", "site_admin": false
    })
}

pub fn label(api: &str, repo: &str, name: &str) -> Value {
    json!({
        "id": id_of(name), "node_id": format!("LA_{}", id_of(name)),
        "url": format!("{api}/repos/{repo}/labels/{}", name.replace('/', "%2F")),
        "name": name, "color": "ededed", "default": false, "description": null
    })
}

pub fn milestone(api: &str, state: &State, title: &str) -> Value {
    let number = state.milestone_number(title);
    json!({
        "url": format!("{api}/repos/{REPO}/milestones/{number}"),
        "html_url": format!("https://github.com/{REPO}/milestone/{number}"),
        "labels_url": format!("{api}/repos/{REPO}/milestones/{number}/labels"),
        "id": id_of(title), "node_id": format!("MI_{}", id_of(title)), "number": number,
        "title": title, "description": null, "creator": user(api, "k8s-release-robot"),
        "open_issues": 0, "closed_issues": 0, "state": "open",
        "created_at": iso(1_767_225_600), "updated_at": iso(1_767_225_600),
        "due_on": null, "closed_at": null
    })
}

/// An issue as `GET /repos/{o}/{r}/issues/{n}` answers it.
pub fn issue(api: &str, state: &State, rec: &IssueRecord) -> Value {
    let s = &rec.seed;
    let n = s.number;
    let base = format!("{api}/repos/{REPO}/issues/{n}");
    let assignees: Vec<Value> = s.assignees.iter().map(|a| user(api, a)).collect();
    let closed = !s.is_open();
    json!({
        "url": base, "repository_url": format!("{api}/repos/{REPO}"),
        "labels_url": format!("{base}/labels{{/name}}"), "comments_url": format!("{base}/comments"),
        "events_url": format!("{base}/events"),
        "html_url": format!("https://github.com/{REPO}/issues/{n}"),
        "id": id_of(&format!("issue {n}")), "node_id": format!("I_{n}"), "number": n,
        "title": s.title, "user": user(api, "k8s-ci-robot"),
        "labels": s.labels.iter().map(|l| label(api, REPO, l)).collect::<Vec<_>>(),
        "state": if closed { "closed" } else { "open" },
        "locked": false,
        "assignee": assignees.first().cloned(),
        "assignees": assignees,
        "milestone": s.milestone.as_deref().map(|m| milestone(api, state, m)),
        "comments": 0,
        "created_at": iso(rec.created), "updated_at": iso(rec.updated),
        "closed_at": closed.then(|| iso(rec.updated)),
        "author_association": "MEMBER", "active_lock_reason": null,
        "body": s.body, "state_reason": closed.then_some("completed"),
        "timeline_url": format!("{base}/timeline")
    })
}

/// A pull request as the issues list shows it (an issue with a `pull_request` link).
pub fn pull_as_issue(api: &str, rec: &PullRecord) -> Value {
    let s = &rec.seed;
    let n = s.number;
    let repo = &s.repo;
    let base = format!("{api}/repos/{repo}/issues/{n}");
    json!({
        "url": base, "repository_url": format!("{api}/repos/{repo}"),
        "labels_url": format!("{base}/labels{{/name}}"), "comments_url": format!("{base}/comments"),
        "events_url": format!("{base}/events"),
        "html_url": format!("https://github.com/{repo}/pull/{n}"),
        "id": id_of(&format!("pr-issue {repo} {n}")), "node_id": format!("PR_{n}"), "number": n,
        "title": s.title, "user": user(api, "k8s-ci-robot"),
        "labels": s.labels.iter().map(|l| label(api, repo, l)).collect::<Vec<_>>(),
        "state": if s.state == "open" { "open" } else { "closed" },
        "locked": false, "assignee": null, "assignees": [], "milestone": null, "comments": 0,
        "created_at": iso(rec.created), "updated_at": iso(rec.updated),
        "closed_at": (s.state != "open").then(|| iso(rec.updated)),
        "author_association": "MEMBER", "body": "",
        "pull_request": {
            "url": format!("{api}/repos/{repo}/pulls/{n}"),
            "html_url": format!("https://github.com/{repo}/pull/{n}"),
            "diff_url": format!("https://github.com/{repo}/pull/{n}.diff"),
            "patch_url": format!("https://github.com/{repo}/pull/{n}.patch"),
            "merged_at": s.merged.then(|| iso(rec.updated))
        }
    })
}

fn repo_json(api: &str, repo: &str) -> Value {
    let (owner, name) = repo.split_once('/').unwrap_or((repo, repo));
    json!({
        "id": id_of(repo), "node_id": format!("R_{}", id_of(repo)), "name": name,
        "full_name": repo, "private": false, "owner": user(api, owner),
        "html_url": format!("https://github.com/{repo}"), "url": format!("{api}/repos/{repo}"),
        "default_branch": "master"
    })
}

/// A pull request as `GET /repos/{o}/{r}/pulls[/{n}]` answers it.
pub fn pull(api: &str, rec: &PullRecord) -> Value {
    let s = &rec.seed;
    let n = s.number;
    let repo = &s.repo;
    let head = sha1_hex(format!("head {repo} {n} {}", rec.updated).as_bytes());
    json!({
        "url": format!("{api}/repos/{repo}/pulls/{n}"), "id": id_of(&format!("pr {repo} {n}")),
        "node_id": format!("PR_{n}"), "html_url": format!("https://github.com/{repo}/pull/{n}"),
        "diff_url": format!("https://github.com/{repo}/pull/{n}.diff"),
        "patch_url": format!("https://github.com/{repo}/pull/{n}.patch"),
        "issue_url": format!("{api}/repos/{repo}/issues/{n}"), "number": n,
        "state": if s.state == "open" { "open" } else { "closed" }, "locked": false,
        "title": s.title, "user": user(api, "k8s-contributor"), "body": "",
        "labels": s.labels.iter().map(|l| label(api, repo, l)).collect::<Vec<_>>(),
        "created_at": iso(rec.created), "updated_at": iso(rec.updated),
        "closed_at": (s.state != "open").then(|| iso(rec.updated)),
        "merged_at": s.merged.then(|| iso(rec.updated)), "merged": s.merged,
        "draft": false, "assignees": [], "requested_reviewers": [],
        "head": { "label": format!("fork:{n}"), "ref": format!("pr-{n}"), "sha": head,
                  "user": user(api, "k8s-contributor"), "repo": repo_json(api, repo) },
        "base": { "label": "kubernetes:master", "ref": "master", "sha": head,
                  "user": user(api, "kubernetes"), "repo": repo_json(api, repo) },
        "author_association": "CONTRIBUTOR"
    })
}

/// The diff entries of `GET /pulls/{n}/files`.
pub fn pull_file(api: &str, repo: &str, path: &str) -> Value {
    let sha = sha1_hex(path.as_bytes());
    json!({
        "sha": sha, "filename": path, "status": "modified", "additions": 1, "deletions": 0,
        "changes": 1,
        "blob_url": format!("https://github.com/{repo}/blob/{sha}/{path}"),
        "raw_url": format!("https://github.com/{repo}/raw/{sha}/{path}"),
        "contents_url": format!("{api}/repos/{repo}/contents/{path}?ref={sha}"),
        "patch": "@@ -1 +1 @@"
    })
}

pub fn tree(api: &str, sha: &str, entries: &[TreeEntry]) -> Value {
    let items: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mut v = json!({
                "path": e.path, "mode": if e.kind == "tree" { "040000" } else { "100644" },
                "type": e.kind, "sha": e.sha,
                "url": format!("{api}/repos/{REPO}/git/{}s/{}", e.kind, e.sha)
            });
            if let Some(size) = e.size {
                v["size"] = json!(size);
            }
            v
        })
        .collect();
    json!({
        "sha": sha, "url": format!("{api}/repos/{REPO}/git/trees/{sha}"),
        "tree": items, "truncated": false
    })
}

pub fn blob(api: &str, blob: &Blob) -> Value {
    json!({
        "sha": blob.sha, "node_id": format!("B_{}", &blob.sha[..12]), "size": blob.bytes.len(),
        "url": format!("{api}/repos/{REPO}/git/blobs/{}", blob.sha),
        "content": base64_lines(&blob.bytes), "encoding": "base64"
    })
}

/// A file as `GET /contents/{path}` answers it (JSON, base64 content).
pub fn content(api: &str, path: &str, blob: &Blob) -> Value {
    let name = path.rsplit('/').next().unwrap_or(path);
    json!({
        "type": "file", "encoding": "base64", "size": blob.bytes.len(), "name": name,
        "path": path, "content": base64_lines(&blob.bytes), "sha": blob.sha,
        "url": format!("{api}/repos/{REPO}/contents/{path}?ref=master"),
        "git_url": format!("{api}/repos/{REPO}/git/blobs/{}", blob.sha),
        "html_url": format!("https://github.com/{REPO}/blob/master/{path}"),
        "download_url": format!("https://raw.githubusercontent.com/{REPO}/master/{path}")
    })
}

/// A directory entry of `GET /contents/{dir}`.
pub fn content_entry(api: &str, path: &str, is_dir: bool, sha: &str, size: usize) -> Value {
    let name = path.rsplit('/').next().unwrap_or(path);
    json!({
        "type": if is_dir { "dir" } else { "file" }, "size": size, "name": name, "path": path,
        "sha": sha, "url": format!("{api}/repos/{REPO}/contents/{path}?ref=master"),
        "git_url": format!("{api}/repos/{REPO}/git/{}/{sha}", if is_dir { "trees" } else { "blobs" }),
        "html_url": format!("https://github.com/{REPO}/{}/master/{path}", if is_dir { "tree" } else { "blob" }),
        "download_url": if is_dir { Value::Null } else { json!(format!("https://raw.githubusercontent.com/{REPO}/master/{path}")) }
    })
}

/// GitHub's error body.
pub fn error(status: u16, message: &str) -> Value {
    json!({
        "message": message, "documentation_url": "https://docs.github.com/rest",
        "status": status.to_string()
    })
}
