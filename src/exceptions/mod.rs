//! Exception requests as people record them in the optional Exception columns of Enhancements
//! and Removed from Milestone (kepsync only reads them), and `kepsync exceptions`' two outputs:
//! sig-release's `releases/release-1.NN/exceptions.yaml` shape (YAML by serde-saphyr) and a table.

use crate::config::ColumnNames;
use crate::model::Freeze;
use crate::model::name::{fold, same_name};
use crate::sync::{Column, TabLayout};
use serde::Serialize;
use std::collections::BTreeMap;

/// One exception request, in the fields of sig-release's exceptions.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exception {
    pub name: String,
    pub issue: u64,
    pub date_requested: String,
    pub date_reviewed: String,
    pub thread: String,
    pub pull_requests: Vec<String>,
    /// `approved`, `rejected`, or `pending` (In Review, or not decided yet).
    pub status: String,
    /// The freeze the exception is asked for.
    #[serde(skip)]
    pub freeze: Freeze,
}

/// The exceptions file: one list per freeze, in the order the freezes happen; empty lists left out.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionsFile {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prr_freeze: Vec<Exception>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enhancement_freeze: Vec<Exception>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code_freeze: Vec<Exception>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub docs_freeze: Vec<Exception>,
}

impl ExceptionsFile {
    /// The exceptions grouped by freeze, each list in sheet order.
    pub fn new(all: Vec<Exception>) -> ExceptionsFile {
        let mut f = ExceptionsFile::default();
        for e in all {
            match e.freeze {
                Freeze::Prr => f.prr_freeze.push(e),
                Freeze::Enhancements => f.enhancement_freeze.push(e),
                Freeze::Code => f.code_freeze.push(e),
                Freeze::Docs => f.docs_freeze.push(e),
            }
        }
        f
    }

    /// As YAML, the shape of sig-release's exceptions.yaml.
    pub fn to_yaml(&self) -> Result<String, String> {
        serde_saphyr::to_string(self).map_err(|e| e.to_string())
    }
}

/// The freeze an Exception Request Type names (`PRR Freeze`, `Enhancements Freeze`, `Code and
/// Test Freeze`, `Docs Freeze`; case and spaces ignored).
pub fn freeze_of(request_type: &str) -> Option<Freeze> {
    let k = fold(request_type);
    let k = k.strip_suffix("freeze").unwrap_or(&k);
    match k {
        "prr" => Some(Freeze::Prr),
        "enhancement" | "enhancements" => Some(Freeze::Enhancements),
        "code" | "codeandtest" | "codetest" => Some(Freeze::Code),
        "docs" | "doc" => Some(Freeze::Docs),
        _ => None,
    }
}

/// An Exception Status as the exceptions file writes it.
pub fn status_word(status: &str) -> &'static str {
    match fold(status).as_str() {
        "approved" => "approved",
        "rejected" => "rejected",
        _ => "pending",
    }
}

/// The exception requests of one tab, and a note for each row whose request names no freeze.
pub fn read(t: &TabLayout<'_>, names: &ColumnNames) -> (Vec<Exception>, Vec<String>) {
    let col = |name: &str| t.headers.iter().position(|h| same_name(h, name));
    let cols = [
        col(&names.exception_request_type),
        col(&names.exception_status),
        col(&names.exception_request_link),
        col(&names.exception_request_date),
        col(&names.exception_review_date),
        col(&names.exception_pull_requests),
    ];
    let (mut out, mut notes) = (Vec::new(), Vec::new());
    if cols[..4].iter().all(Option::is_none) {
        return (out, notes);
    }
    for r in &t.rows {
        let Some(issue) = r.number() else { continue };
        let text = |c: Option<usize>| c.map_or("", |c| t.tab.text(r.row, c).trim());
        let [kind, status, link, date, reviewed, prs] = cols.map(text);
        if [kind, status, link, date].iter().all(|s| s.is_empty()) {
            continue;
        }
        let Some(freeze) = freeze_of(kind) else {
            notes.push(format!(
                "{} row {} (#{issue}): Exception Request Type {kind:?} names no freeze (PRR Freeze, Enhancements Freeze, Code and Test Freeze, Docs Freeze); left out",
                t.tab.title,
                r.row + 1
            ));
            continue;
        };
        out.push(Exception {
            name: t
                .col(Column::Name)
                .map_or("", |c| t.tab.text(r.row, c).trim())
                .to_string(),
            issue,
            date_requested: date.to_string(),
            date_reviewed: reviewed.to_string(),
            thread: link.to_string(),
            pull_requests: prs
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect(),
            status: status_word(status).to_string(),
            freeze,
        });
    }
    (out, notes)
}

/// Exception requests by status (`approved`, `pending`, `rejected`), for the Dashboard.
pub fn count_by_status<'a>(
    tabs: impl IntoIterator<Item = &'a TabLayout<'a>>,
    names: &ColumnNames,
) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for t in tabs {
        for e in read(t, names).0 {
            *out.entry(e.status).or_default() += 1;
        }
    }
    out
}

/// A table for people: freeze, issue, status, requested, name (fits 100 columns).
pub fn to_table(all: &[Exception]) -> String {
    let mut out = format!(
        "{:<20} {:>6} {:<9} {:<10} {}\n",
        "FREEZE", "ISSUE", "STATUS", "REQUESTED", "NAME"
    );
    for e in all {
        let name: String = e.name.chars().take(50).collect();
        out.push_str(&format!(
            "{:<20} {:>6} {:<9} {:<10} {}\n",
            e.freeze.to_string(),
            e.issue,
            e.status,
            e.date_requested,
            name
        ));
    }
    out
}

#[cfg(test)]
mod tests;
