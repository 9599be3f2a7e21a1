//! Rate-limit headers, ETags and 304s, and the bodies of exhausted or injected limits and errors.

use crate::json;
use crate::state::{LIMIT, Resource, State};
use crate::util::{now_epoch, sha1_hex};
use emulator_kit::{Request, Response};
use serde_json::json;

/// Adds `x-ratelimit-*` headers for `resource`.
pub fn rate_headers(state: &State, resource: Resource, resp: Response) -> Response {
    let used = state.used(resource);
    resp.header("x-ratelimit-limit", LIMIT.to_string())
        .header(
            "x-ratelimit-remaining",
            LIMIT.saturating_sub(used).to_string(),
        )
        .header("x-ratelimit-used", used.to_string())
        .header("x-ratelimit-reset", state.reset_at.to_string())
        .header("x-ratelimit-resource", resource.name())
}

/// Adds a strong ETag (the SHA-1 of the body) to a 200 answer.
pub fn with_etag(resp: Response) -> Response {
    if resp.status != 200 {
        return resp;
    }
    let tag = format!("\"{}\"", sha1_hex(&resp.body));
    resp.header("etag", tag)
        .header("cache-control", "private, max-age=60, s-maxage=60")
}

/// Whether the request's `If-None-Match` names the answer's ETag.
pub fn not_modified(req: &Request, resp: &Response) -> bool {
    let (Some(sent), Some(etag)) = (req.header("if-none-match"), resp.header_value("etag")) else {
        return false;
    };
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    sent.split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The 304 for an answer: no body, same ETag.
pub fn as_304(resp: Response) -> Response {
    let mut out = Response::empty(304);
    out.headers = resp
        .headers
        .into_iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
        .collect();
    out
}

/// The primary limit is used up: 403 with remaining 0 (REST) or a RATE_LIMITED error (GraphQL).
pub fn primary_exhausted(state: &State, resource: Resource) -> Response {
    let body = json::error(
        403,
        "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.",
    );
    rate_headers(state, resource, Response::json(403, &body))
}

/// An injected status: `kind` "primary" (remaining 0, reset in `retry_after` s, default 60),
/// "secondary" (Retry-After when given), otherwise the plain status (e.g. 502).
pub fn fault_response(
    state: &mut State,
    status: u16,
    retry_after: Option<u64>,
    kind: Option<&str>,
    path: &str,
) -> Response {
    let resource = if path == "/graphql" {
        Resource::Graphql
    } else {
        Resource::Core
    };
    match kind {
        Some("primary") => {
            let reset = now_epoch() + retry_after.unwrap_or(60);
            let message = "API rate limit exceeded for user ID 1.";
            let body = if status == 200 {
                json!({ "errors": [{ "type": "RATE_LIMITED", "message": message }] })
            } else {
                json::error(status, message)
            };
            Response::json(status, &body)
                .header("x-ratelimit-limit", LIMIT.to_string())
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-used", LIMIT.to_string())
                .header("x-ratelimit-reset", reset.to_string())
                .header("x-ratelimit-resource", resource.name())
        }
        Some("secondary") => {
            let body = json::error(
                status,
                "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
            );
            let resp = rate_headers(state, resource, Response::json(status, &body));
            match retry_after {
                Some(secs) => resp.header("retry-after", secs.to_string()),
                None => resp,
            }
        }
        _ => {
            let message = if status >= 500 {
                "Server Error"
            } else {
                "Injected fault"
            };
            let resp = Response::json(status, &json::error(status, message));
            match retry_after {
                Some(secs) => resp.header("retry-after", secs.to_string()),
                None => resp,
            }
        }
    }
}
