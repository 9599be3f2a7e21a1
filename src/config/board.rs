//! `[board]`: the release's GitHub Projects board kepsync keeps true beside (or instead of) the
//! sheet, and the names of the fields it reads and writes there.

use serde::Deserialize;

/// `[board]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BoardSection {
    /// The organisation (or user) owning the project, e.g. `kubernetes`.
    pub owner: String,
    /// The project's number, e.g. `264` for "v1.37 Release Tracking".
    pub number: u64,
    /// Write to the board (needs a token with the `project` scope); off: plan and report only.
    #[serde(default)]
    pub write: bool,
    /// Milliseconds between two board mutations (GitHub asks for a second between them).
    #[serde(default = "default_pause_ms")]
    pub pause_ms: u64,
    #[serde(default)]
    pub fields: BoardFieldNames,
}

fn default_pause_ms() -> u64 {
    1000
}

/// `[board.fields]`: the board's field names (matched ignoring case and spaces).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct BoardFieldNames {
    pub status: String,
    pub stage: String,
    pub sig: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub prr_status: String,
    pub issue_number: String,
    /// The exception fields, filled (when blank) from the sheet's exception columns.
    pub exception_request_type: String,
    pub exception_status: String,
    pub exception_request_link: String,
    pub exception_request_date: String,
}

impl Default for BoardFieldNames {
    fn default() -> Self {
        BoardFieldNames {
            status: "Status".into(),
            stage: "Stage".into(),
            sig: "SIG".into(),
            kind: "Type".into(),
            prr_status: "PRR Status".into(),
            issue_number: "Issue Number".into(),
            exception_request_type: "Exception Request Type".into(),
            exception_status: "Exception Status".into(),
            exception_request_link: "Exception Request Link".into(),
            exception_request_date: "Exception Request Date".into(),
        }
    }
}
