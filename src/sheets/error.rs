//! What can go wrong talking to Sheets, in cases callers tell apart; every message names the
//! spreadsheet and the operation ("batchUpdate of spreadsheet X: …").

/// An adapter failure.
#[derive(thiserror::Error, Debug)]
pub enum SheetsError {
    /// Requested tabs that the spreadsheet does not have (every one of them).
    #[error("tabs not found in the spreadsheet: {}", quoted(.0))]
    MissingTabs(Vec<String>),
    #[error("spreadsheet {spreadsheet} not found (or not shared with this account)")]
    NotFound { spreadsheet: String },
    #[error("{operation}: permission denied: {message}")]
    PermissionDenied { operation: String, message: String },
    /// The service refused the request (a 4xx other than the above); nothing was written.
    #[error("{operation}: rejected (HTTP {status}): {message}")]
    Rejected {
        status: u16,
        message: String,
        operation: String,
    },
    /// Transient failures (429/5xx/timeouts/dropped connections) outlasted the retry policy.
    #[error("{operation}: gave up after {}; last: {last}", crate::human::count(*attempts, "attempt"))]
    Exhausted {
        operation: String,
        attempts: u32,
        last: String,
    },
    /// A plan tried to write a formula; values from GitHub or YAML must stay text.
    #[error(
        "{operation}: request {index} writes a formula (formulaValue); write text as stringValue"
    )]
    FormulaRefused { operation: String, index: usize },
    /// Another writer (a second kepsync) applied a batch since the plan's sheet was read;
    /// nothing was written. Re-read and re-plan.
    #[error(
        "{operation}: another kepsync wrote to the sheet since it was read (write token {token}); nothing was written"
    )]
    WrittenSinceRead { operation: String, token: String },
    #[error("authentication failed: {0}")]
    Auth(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("{operation}: unexpected response: {message}")]
    Decode { operation: String, message: String },
}

fn quoted(tabs: &[String]) -> String {
    tabs.iter()
        .map(|t| format!("{t:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_spreadsheet_operation_and_tabs() {
        let e = SheetsError::Exhausted {
            operation: "batchUpdate of spreadsheet abc".into(),
            attempts: 6,
            last: "HTTP 503".into(),
        };
        assert_eq!(
            e.to_string(),
            "batchUpdate of spreadsheet abc: gave up after 6 attempts; last: HTTP 503"
        );
        let once = SheetsError::Exhausted {
            operation: "get of spreadsheet abc".into(),
            attempts: 1,
            last: "HTTP 503".into(),
        };
        assert_eq!(
            once.to_string(),
            "get of spreadsheet abc: gave up after 1 attempt; last: HTTP 503"
        );
        let e = SheetsError::MissingTabs(vec!["Docs".into(), "KEP Collection".into()]);
        assert_eq!(
            e.to_string(),
            "tabs not found in the spreadsheet: \"Docs\", \"KEP Collection\""
        );
    }
}
