//! The Sync Log's and the journal's "why" of a cell edit, from its one-byte reason and the KEP
//! path the plan holds once per issue.

use super::layout::Column;
use super::plan::{CellEdit, Plan};
use super::why::Why;

/// The text of an edit's reason, e.g. "KEP status in keps/sig-node/1234-x/kep.yaml".
pub fn why_text(plan: &Plan, e: &CellEdit) -> String {
    let n = e.issue.unwrap_or_default();
    let kep = e.issue.and_then(|n| plan.kep_paths.get(&n));
    let from_kep = |what: &str| match kep {
        Some(path) => format!("{what} in {path}"),
        None => format!("{what} of issue #{n}"),
    };
    match e.why {
        Why::Fill(Column::Name) => format!("title of issue #{n}"),
        Why::Fill(Column::Sig) => from_kep("owning-sig"),
        Why::Fill(Column::KepAssignee) => format!("assignee of issue #{n}"),
        Why::Fill(Column::Proposal) => from_kep("KEP proposal"),
        Why::Fill(Column::KepState) => from_kep("KEP status"),
        Why::Fill(Column::Stage) => from_kep("stage"),
        Why::Fill(_) => format!("issue #{n}"),
        Why::SyncStatus => "KEP Collection row checked".into(),
        Why::Readiness => "freeze readiness".into(),
        Why::DataTab => "data tab upsert".into(),
        Why::Advance => "a freeze passed ([status] advance)".into(),
        Why::Undo => "kepsync undo".into(),
        Why::Other => "planned by kepsync".into(),
    }
}
