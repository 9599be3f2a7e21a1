//! GitHub write-back (opt-in, `[github] write = true`): the handbook's freeze steps on the
//! enhancement issues — milestone and `tracked/*`, `stage/*` labels — planned from the sheet.
//!
//! Planning is pure ([`plan_writeback`]); [`crate::github::GithubAdapter::apply_writes`] sends it.

mod plan;
#[cfg(test)]
mod tests;

pub use plan::{WritebackInput, plan_writeback};

use serde::{Deserialize, Serialize};
use std::fmt;

/// One change to one issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum IssueEdit {
    /// Set the milestone to this title.
    SetMilestone(String),
    /// Clear the milestone (it was this title).
    ClearMilestone(String),
    /// Add these labels (one request).
    AddLabels(Vec<String>),
    /// Remove this label.
    RemoveLabel(String),
}

impl fmt::Display for IssueEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueEdit::SetMilestone(m) => write!(f, "milestone → {m}"),
            IssueEdit::ClearMilestone(m) => write!(f, "milestone {m} cleared"),
            IssueEdit::AddLabels(l) => write!(f, "add {}", l.join(", ")),
            IssueEdit::RemoveLabel(l) => write!(f, "remove {l}"),
        }
    }
}

/// The edits one issue needs, and the sheet row that asks for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueWrite {
    pub issue: u64,
    /// Why, e.g. `Tracked on Enhancements row 5`.
    pub reason: String,
    pub edits: Vec<IssueEdit>,
    /// The issue's milestone when it was read: what undoing a `SetMilestone` puts back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone_before: Option<String>,
}

/// Every write-back change of one cycle, and the rows it could not decide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WritebackPlan {
    pub writes: Vec<IssueWrite>,
    pub notes: Vec<String>,
}

impl WritebackPlan {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty()
    }

    /// Edits in all (each is one request, except that a milestone lookup may add one).
    pub fn edit_count(&self) -> usize {
        self.writes.iter().map(|w| w.edits.len()).sum()
    }
}

impl fmt::Display for WritebackPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.writes.is_empty() && self.notes.is_empty() {
            return Ok(());
        }
        writeln!(f, "GitHub write-back: {} issue(s)", self.writes.len())?;
        for w in &self.writes {
            let edits: Vec<String> = w.edits.iter().map(ToString::to_string).collect();
            writeln!(f, "  #{} ({}): {}", w.issue, w.reason, edits.join("; "))?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

/// What applying a write-back plan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WritebackOutcome {
    /// Edits applied, described (`#9001: add tracked/yes`).
    pub applied: Vec<String>,
    /// Why write-back stopped early, if it did (nothing after it was sent).
    pub error: Option<String>,
}
