//! The GraphQL queries kepsync sends (aliased issues, open PRs with files, blobs by oid) and
//! the decoding of their answers, partial ones included.

use super::error::GithubError;
use crate::model::{IssueFacts, IssueLookup, LinkedPr, OpenKepPr};
use serde_json::Value;

const RATE: &str = "rateLimit { cost remaining resetAt }";

const ISSUE_FRAGMENT: &str =
    "fragment K on Issue { number title url state updatedAt milestone { title }
  assignees(first: 20) { nodes { login } }
  labels(first: 50) { nodes { name } }
  timelineItems(last: 100, itemTypes: [CROSS_REFERENCED_EVENT, CONNECTED_EVENT]) {
    nodes { __typename
      ... on CrossReferencedEvent { source { ...P } }
      ... on ConnectedEvent { source { ...P } subject { ...P } } } } }
fragment P on PullRequest { number url state merged repository { nameWithOwner } }";

pub(crate) fn repo_header(repo: &str) -> Result<String, GithubError> {
    let (owner, name) = repo
        .split_once('/')
        .ok_or_else(|| GithubError::Config(format!("repository `{repo}` is not owner/name")))?;
    Ok(format!(
        "repository(owner: {}, name: {})",
        quote(owner),
        quote(name)
    ))
}

pub(crate) fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// One query for these issue numbers, aliased `i<N>`.
pub fn issues_query(repo: &str, numbers: &[u64]) -> Result<String, GithubError> {
    let aliases: String = numbers
        .iter()
        .map(|n| format!("    i{n}: issue(number: {n}) {{ ...K }}\n"))
        .collect();
    Ok(format!(
        "query {{ {RATE}\n  {} {{\n{aliases}  }}\n}}\n{ISSUE_FRAGMENT}",
        repo_header(repo)?
    ))
}

/// An issue's facts and `updatedAt`.
#[derive(Debug)]
pub struct IssueAnswer {
    pub lookup: IssueLookup,
    pub updated_at: Option<String>,
}

/// Decodes an issues answer: a `null` alias with a NOT_FOUND error is `NotFound`, with another
/// error `Failed`; the other aliases still arrive.
pub fn parse_issues(
    call: &str,
    body: &Value,
    numbers: &[u64],
) -> Result<Vec<(u64, IssueAnswer)>, GithubError> {
    let repo = body.pointer("/data/repository").filter(|r| !r.is_null());
    if repo.is_none() {
        return Err(GithubError::decode(
            call,
            format!("no data: {}", first_error(body)),
        ));
    }
    numbers
        .iter()
        .map(|&n| {
            let alias = format!("i{n}");
            let node = repo.and_then(|r| r.get(&alias)).filter(|v| !v.is_null());
            let answer = match node {
                Some(issue) => IssueAnswer {
                    updated_at: issue
                        .get("updatedAt")
                        .and_then(Value::as_str)
                        .map(String::from),
                    lookup: issue_facts(issue)
                        .map(IssueLookup::Found)
                        .unwrap_or_else(|e| IssueLookup::Failed(format!("{call}: issue {n}: {e}"))),
                },
                None => IssueAnswer {
                    lookup: alias_error(body, &alias, n),
                    updated_at: None,
                },
            };
            Ok((n, answer))
        })
        .collect()
}

fn alias_error(body: &Value, alias: &str, n: u64) -> IssueLookup {
    let errors = body.get("errors").and_then(Value::as_array);
    let mine = errors.and_then(|errs| {
        errs.iter().find(|e| {
            e.get("path")
                .and_then(Value::as_array)
                .is_some_and(|p| p.iter().any(|s| s.as_str() == Some(alias)))
        })
    });
    match mine {
        Some(e) if e.get("type").and_then(Value::as_str) == Some("NOT_FOUND") => {
            IssueLookup::NotFound
        }
        Some(e) => IssueLookup::Failed(format!(
            "issue {n}: {}",
            e.get("message").and_then(Value::as_str).unwrap_or("error")
        )),
        None => IssueLookup::Failed(format!("issue {n}: no data in the answer")),
    }
}

pub(crate) fn first_error(body: &Value) -> String {
    body.pointer("/errors/0/message")
        .or_else(|| body.get("message"))
        .and_then(Value::as_str)
        .unwrap_or("unknown error")
        .to_string()
}

fn str_field<'a>(v: &'a Value, name: &str) -> Result<&'a str, String> {
    v.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("field `{name}` missing"))
}

fn names(v: &Value, conn: &str, field: &str) -> Vec<String> {
    v.pointer(&format!("/{conn}/nodes"))
        .and_then(Value::as_array)
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|n| n.get(field)?.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn issue_facts(v: &Value) -> Result<IssueFacts, String> {
    Ok(IssueFacts {
        number: v
            .get("number")
            .and_then(Value::as_u64)
            .ok_or("field `number` missing")?,
        title: str_field(v, "title")?.to_string(),
        url: str_field(v, "url")?.to_string(),
        open: str_field(v, "state")? == "OPEN",
        assignees: names(v, "assignees", "login"),
        labels: names(v, "labels", "name"),
        milestone: v
            .pointer("/milestone/title")
            .and_then(Value::as_str)
            .map(String::from),
        linked_prs: linked_prs(v),
    })
}

/// PRs from cross-reference and connected events, each once.
fn linked_prs(issue: &Value) -> Vec<LinkedPr> {
    let nodes = issue
        .pointer("/timelineItems/nodes")
        .and_then(Value::as_array);
    let mut out: Vec<LinkedPr> = Vec::new();
    for event in nodes.into_iter().flatten() {
        for side in ["source", "subject"] {
            if let Some(pr) = event.get(side).and_then(linked_pr)
                && !out
                    .iter()
                    .any(|p| p.repo == pr.repo && p.number == pr.number)
            {
                out.push(pr);
            }
        }
    }
    out.sort_by(|a, b| (&a.repo, a.number).cmp(&(&b.repo, b.number)));
    out
}

fn linked_pr(v: &Value) -> Option<LinkedPr> {
    Some(LinkedPr {
        repo: v
            .pointer("/repository/nameWithOwner")?
            .as_str()?
            .to_string(),
        number: v.get("number")?.as_u64()?,
        url: v.get("url")?.as_str()?.to_string(),
        open: v.get("state")?.as_str()? == "OPEN",
        merged: v.get("merged")?.as_bool()?,
    })
}

/// One page of open PRs with up to 100 files each.
pub fn pulls_query(repo: &str, after: Option<&str>) -> Result<String, GithubError> {
    let after = after
        .map(|c| format!(", after: {}", quote(c)))
        .unwrap_or_default();
    Ok(format!(
        "query {{ {RATE}\n  {} {{\n    pullRequests(states: OPEN, first: 50{after}) {{\n      pageInfo {{ hasNextPage endCursor }}\n      nodes {{ number title url files(first: 100) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ path }} }} }}\n    }}\n  }}\n}}",
        repo_header(repo)?
    ))
}

/// The further files of one PR.
pub fn pull_files_query(repo: &str, number: u64, after: &str) -> Result<String, GithubError> {
    Ok(format!(
        "query {{ {RATE}\n  {} {{ pullRequest(number: {number}) {{ files(first: 100, after: {}) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ path }} }} }} }}\n}}",
        repo_header(repo)?,
        quote(after)
    ))
}

/// A page of something: its items and the cursor of the next page, if any.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

pub(crate) fn next_cursor(conn: &Value) -> Option<String> {
    let info = conn.get("pageInfo")?;
    if info.get("hasNextPage")?.as_bool()? {
        info.get("endCursor")?.as_str().map(String::from)
    } else {
        None
    }
}

/// Decodes a pulls page: each PR with the cursor of its further files, if any.
pub fn parse_pulls(
    call: &str,
    body: &Value,
) -> Result<Page<(OpenKepPr, Option<String>)>, GithubError> {
    let conn = body
        .pointer("/data/repository/pullRequests")
        .filter(|v| !v.is_null())
        .ok_or_else(|| {
            GithubError::decode(call, format!("no pullRequests: {}", first_error(body)))
        })?;
    let nodes = conn
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| GithubError::decode(call, "no nodes"))?;
    let items = nodes
        .iter()
        .map(|pr| {
            let files = pr.get("files").unwrap_or(&Value::Null);
            let open = OpenKepPr {
                number: pr
                    .get("number")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| GithubError::decode(call, "PR without number"))?,
                title: pr
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                url: pr
                    .get("url")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                files: names(pr, "files", "path"),
            };
            Ok((open, next_cursor(files)))
        })
        .collect::<Result<_, GithubError>>()?;
    Ok(Page {
        items,
        next: next_cursor(conn),
    })
}

/// Decodes a further page of one PR's files.
pub fn parse_pull_files(call: &str, body: &Value) -> Result<Page<String>, GithubError> {
    let pr = body
        .pointer("/data/repository/pullRequest")
        .filter(|v| !v.is_null())
        .ok_or_else(|| {
            GithubError::decode(call, format!("no pullRequest: {}", first_error(body)))
        })?;
    Ok(Page {
        items: names(pr, "files", "path"),
        next: pr.get("files").and_then(next_cursor),
    })
}

/// One query for these blobs, aliased `b<index>`.
pub fn blobs_query(repo: &str, shas: &[&str]) -> Result<String, GithubError> {
    let aliases: String = shas
        .iter()
        .enumerate()
        .map(|(i, sha)| {
            format!(
                "    b{i}: object(oid: {}) {{ ... on Blob {{ text isBinary }} }}\n",
                quote(sha)
            )
        })
        .collect();
    Ok(format!(
        "query {{ {RATE}\n  {} {{\n{aliases}  }}\n}}",
        repo_header(repo)?
    ))
}

/// The text of each requested blob, in order (`None` when GitHub gave none: missing or binary).
pub fn parse_blobs(
    call: &str,
    body: &Value,
    count: usize,
) -> Result<Vec<Option<String>>, GithubError> {
    let repo = body
        .pointer("/data/repository")
        .filter(|v| !v.is_null())
        .ok_or_else(|| {
            GithubError::decode(call, format!("no repository: {}", first_error(body)))
        })?;
    Ok((0..count)
        .map(|i| {
            repo.pointer(&format!("/b{i}/text"))
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn partial_answer_keeps_found_issues() {
        let body = json!({
            "data": { "rateLimit": { "cost": 1 }, "repository": {
                "i1": { "number": 1, "title": "A", "url": "u", "state": "OPEN", "updatedAt": "t",
                        "milestone": { "title": "v1.37" },
                        "assignees": { "nodes": [{ "login": "alice" }] },
                        "labels": { "nodes": [{ "name": "sig/node" }] },
                        "timelineItems": { "nodes": [
                            { "__typename": "CrossReferencedEvent", "source": { "number": 9, "url": "p", "state": "MERGED", "merged": true, "repository": { "nameWithOwner": "kubernetes/kubernetes" } } },
                            { "__typename": "CrossReferencedEvent", "source": {} },
                            { "__typename": "ConnectedEvent", "source": { "number": 9, "url": "p", "state": "MERGED", "merged": true, "repository": { "nameWithOwner": "kubernetes/kubernetes" } }, "subject": {} }
                        ] } },
                "i2": null,
                "i3": null } },
            "errors": [
                { "type": "NOT_FOUND", "path": ["repository", "i2"], "message": "Could not resolve" },
                { "type": "FORBIDDEN", "path": ["repository", "i3"], "message": "no access" }
            ]
        });
        let got = parse_issues("q", &body, &[1, 2, 3]).unwrap();
        let IssueLookup::Found(f) = &got[0].1.lookup else {
            panic!("{:?}", got[0].1.lookup)
        };
        assert_eq!(f.milestone.as_deref(), Some("v1.37"));
        assert_eq!(f.labels, ["sig/node"]);
        assert_eq!(f.linked_prs.len(), 1);
        assert!(f.linked_prs[0].merged);
        assert_eq!(got[0].1.updated_at.as_deref(), Some("t"));
        assert_eq!(got[1].1.lookup, IssueLookup::NotFound);
        assert!(matches!(&got[2].1.lookup, IssueLookup::Failed(m) if m.contains("no access")));
    }

    #[test]
    fn whole_query_errors_are_an_error() {
        let body = json!({ "errors": [{ "message": "Field 'x' doesn't exist on type 'Issue'" }] });
        let err = parse_issues("issues batch 1/1", &body, &[1, 2]).unwrap_err();
        assert!(err.to_string().contains("issues batch 1/1"), "{err}");
    }

    #[test]
    fn queries_quote_names() {
        let q = issues_query("kubernetes/enhancements", &[7]).unwrap();
        assert!(q.contains("repository(owner: \"kubernetes\", name: \"enhancements\")"));
        assert!(q.contains("i7: issue(number: 7) { ...K }"));
        assert!(issues_query("noslash", &[7]).is_err());
        assert!(
            blobs_query("a/b", &["abc"])
                .unwrap()
                .contains("b0: object(oid: \"abc\")")
        );
    }
}
