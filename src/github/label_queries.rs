//! The GraphQL listing of label intake: every open issue carrying `[intake] label`, 100 a page
//! (the official job stops at the first 100), and the decoding of its pages.

use super::error::GithubError;
use super::queries::{Page, first_error, next_cursor, quote, repo_header};
use serde_json::Value;

/// One open labelled issue as listed: its number and creation time (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedIssue {
    pub number: u64,
    pub created_at: String,
}

/// One page of the open issues carrying `label`, after the cursor `after`.
pub fn labelled_issues_query(
    repo: &str,
    label: &str,
    after: Option<&str>,
) -> Result<String, GithubError> {
    let after = after
        .map(|c| format!(", after: {}", quote(c)))
        .unwrap_or_default();
    Ok(format!(
        "query {{ rateLimit {{ cost remaining resetAt }}\n  {} {{\n    issues(labels: [{}], states: OPEN, first: 100{after}) {{\n      pageInfo {{ hasNextPage endCursor }}\n      nodes {{ number createdAt }}\n    }}\n  }}\n}}",
        repo_header(repo)?,
        quote(label)
    ))
}

/// Decodes a page of the labelled listing.
pub fn parse_labelled_issues(call: &str, body: &Value) -> Result<Page<ListedIssue>, GithubError> {
    let conn = body
        .pointer("/data/repository/issues")
        .filter(|v| !v.is_null())
        .ok_or_else(|| GithubError::decode(call, format!("no issues: {}", first_error(body))))?;
    let nodes = conn
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| GithubError::decode(call, "no nodes"))?;
    let items = nodes
        .iter()
        .map(|n| {
            Ok(ListedIssue {
                number: n
                    .get("number")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| GithubError::decode(call, "issue without number"))?,
                created_at: n
                    .get("createdAt")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            })
        })
        .collect::<Result<_, GithubError>>()?;
    Ok(Page {
        items,
        next: next_cursor(conn),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_and_its_cursor() {
        let body = json!({"data": {"repository": {"issues": {
            "pageInfo": {"hasNextPage": true, "endCursor": "Y3"},
            "nodes": [{"number": 7, "createdAt": "2026-01-01T00:00:00Z"}]}}}});
        let page = parse_labelled_issues("c", &body).unwrap();
        assert_eq!(page.next.as_deref(), Some("Y3"));
        assert_eq!(page.items[0].number, 7);
        let denied = json!({"data": null, "errors": [{"message": "nope"}]});
        let Err(err) = parse_labelled_issues("c", &denied).map(|_| ()) else {
            panic!("a denied answer decoded");
        };
        let err = err.to_string();
        assert!(err.contains("nope"), "{err}");
    }

    #[test]
    fn the_label_is_quoted() {
        let q = labelled_issues_query("k/e", "a\"b", Some("Y3")).unwrap();
        assert!(
            q.contains(r#"labels: ["a\"b"]"#) && q.contains(r#"after: "Y3""#),
            "{q}"
        );
    }
}
