//! Google's error envelope, `{"error":{"code","message","status"[,"details"]}}`, and the texts the
//! real service uses for each case.

use emulator_kit::Response;
use serde_json::{Value, json};

/// An API error as the Sheets service reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: u16,
    pub status: &'static str,
    pub message: String,
    pub details: Option<Value>,
    /// Google sends a few bodies (SERVICE_DISABLED) without pretty-printing.
    pub compact: bool,
    pub retry_after: Option<u64>,
}

impl ApiError {
    fn new(code: u16, status: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            code,
            status,
            message: message.into(),
            details: None,
            compact: false,
            retry_after: None,
        }
    }

    /// 400 INVALID_ARGUMENT with a message.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, "INVALID_ARGUMENT", message)
    }

    /// `Unable to parse range: X`.
    pub fn bad_range(input: &str) -> Self {
        Self::invalid(format!("Unable to parse range: {input}"))
    }

    /// 400 with a `google.rpc.BadRequest` field violation.
    pub fn field_violation(message: &str, field: &str, description: &str) -> Self {
        let mut e = Self::invalid(message);
        e.details = Some(json!([{
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": field, "description": description}]
        }]));
        e
    }

    /// A JSON body value of the wrong type (`Invalid value at 'data.values' (…ListValue), "X"`).
    pub fn bad_value(field: &str, proto: &str, value: &Value) -> Self {
        let shown = match value {
            Value::String(s) => format!("\"{s}\""),
            other => other.to_string(),
        };
        let text = format!("Invalid value at '{field}' (type.googleapis.com/{proto}), {shown}");
        Self::field_violation(&text, field, &text)
    }

    /// A body that is not the JSON the method expects.
    pub fn bad_json(detail: &str) -> Self {
        Self::invalid(format!("Invalid JSON payload received. {detail}"))
    }

    /// A fields mask naming something that does not exist.
    pub fn bad_fields(path: &str) -> Self {
        Self::field_violation(
            "Request contains an invalid argument.",
            path,
            &format!(
                "Error expanding 'fields' parameter. Cannot find matching fields for path '{path}'."
            ),
        )
    }

    /// 404 with a specific message.
    pub fn not_found_with(message: impl Into<String>) -> Self {
        Self::new(404, "NOT_FOUND", message)
    }

    pub fn not_found() -> Self {
        Self::new(404, "NOT_FOUND", "Requested entity was not found.")
    }

    pub fn permission_denied() -> Self {
        Self::new(
            403,
            "PERMISSION_DENIED",
            "The caller does not have permission",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            401,
            "UNAUTHENTICATED",
            "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
        )
    }

    pub fn unknown_method() -> Self {
        Self::new(404, "NOT_FOUND", "Method not found.")
    }

    /// The real per-user quota body (read or write variant), without `Retry-After`.
    pub fn quota(write: bool) -> Self {
        let (metric, limit, quota_metric, quota_limit) = if write {
            (
                "Write requests",
                "Write requests per minute per user",
                "sheets.googleapis.com/write_requests",
                "WriteRequestsPerMinutePerUser",
            )
        } else {
            (
                "Read requests",
                "Read requests per minute per user",
                "sheets.googleapis.com/read_requests",
                "ReadRequestsPerMinutePerUser",
            )
        };
        let mut e = Self::new(
            429,
            "RESOURCE_EXHAUSTED",
            format!(
                "Quota exceeded for quota metric '{metric}' and limit '{limit}' of service 'sheets.googleapis.com' for consumer 'project_number:{PROJECT}'."
            ),
        );
        e.details = Some(json!([
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
             "domain": "googleapis.com",
             "metadata": {"quota_limit_value": "60", "service": "sheets.googleapis.com",
                          "consumer": format!("projects/{PROJECT}"), "quota_unit": "1/min/{project}/{user}",
                          "quota_location": "global", "quota_metric": quota_metric, "quota_limit": quota_limit}},
            {"@type": "type.googleapis.com/google.rpc.Help",
             "links": [{"description": "Request a higher quota limit.",
                        "url": "https://cloud.google.com/docs/quotas/help/request_increase"}]}
        ]));
        e
    }

    /// 403 SERVICE_DISABLED, compact like the real one.
    pub fn service_disabled() -> Self {
        let url = format!(
            "https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={PROJECT}"
        );
        let message = format!(
            "Google Sheets API has not been used in project {PROJECT} before or it is disabled. Enable it by visiting {url} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry."
        );
        let mut e = Self::new(403, "PERMISSION_DENIED", message.clone());
        e.details = Some(json!([
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "SERVICE_DISABLED",
             "domain": "googleapis.com",
             "metadata": {"activationUrl": url, "service": "sheets.googleapis.com",
                          "containerInfo": PROJECT, "consumer": format!("projects/{PROJECT}"),
                          "serviceTitle": "Google Sheets API"}},
            {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "en-US",
             "message": message},
            {"@type": "type.googleapis.com/google.rpc.Help",
             "links": [{"description": "Google developers console API activation", "url": url}]}
        ]));
        e.compact = true;
        e
    }

    /// The body for an injected fault status.
    pub fn for_status(code: u16, kind: Option<&str>, write: bool) -> Self {
        match (code, kind) {
            (429, _) => Self::quota(write),
            (403, Some("service_disabled")) => Self::service_disabled(),
            (403, _) => Self::permission_denied(),
            (404, _) => Self::not_found(),
            (500, _) => Self::new(500, "INTERNAL", "Internal error encountered."),
            (502, _) => Self::new(502, "UNAVAILABLE", "Bad Gateway"),
            (503, _) => Self::new(503, "UNAVAILABLE", "The service is currently unavailable."),
            (504, _) => Self::new(504, "DEADLINE_EXCEEDED", "The request timed out."),
            (c, _) => Self::new(c, "UNKNOWN", "Injected error."),
        }
    }

    /// Prefixes the message, as batch methods do (`Invalid requests[0].addSheet: …`).
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}{}", self.message);
        self
    }

    /// The HTTP response carrying this error.
    pub fn response(&self) -> Response {
        let mut error = json!({"code": self.code, "message": self.message, "status": self.status});
        if let Some(d) = &self.details {
            error["details"] = d.clone();
        }
        let body = json!({ "error": error });
        let mut r = if self.compact {
            Response::new(self.code, body.to_string())
                .header("content-type", "application/json; charset=UTF-8")
        } else {
            Response::json(self.code, &body)
        };
        if let Some(s) = self.retry_after {
            r = r.header("retry-after", s.to_string());
        }
        r
    }
}

/// The emulator's stand-in Google Cloud project number.
pub const PROJECT: &str = "603366585132";

/// Results of API operations.
pub type ApiResult<T> = Result<T, ApiError>;
