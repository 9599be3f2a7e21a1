//! Checks on the enhancement issue itself: open, milestone, opt-in label, linked code PRs.

use super::check::{Check, Failure};
use crate::model::{IssueFacts, Release};

/// The label a SIG lead puts on an issue to opt it into the release.
pub const OPT_IN_LABEL: &str = "lead-opted-in";
/// The repository whose PRs are the enhancement's code.
pub const CODE_REPO: &str = "kubernetes/kubernetes";

pub(super) fn issue_open(issue: &IssueFacts, out: &mut Vec<Failure>) {
    if !issue.open {
        out.push(Failure::new(Check::IssueOpen, "issue is closed"));
    }
}

pub(super) fn in_milestone(issue: &IssueFacts, release: &str, out: &mut Vec<Failure>) {
    let message = match issue.milestone.as_deref().map(str::trim) {
        None | Some("") => format!("issue has no milestone, expected {release}"),
        Some(m) if m.parse::<Release>().is_ok_and(|m| m.to_string() == release) => return,
        Some(m) => format!("issue milestone is {m}, expected {release}"),
    };
    out.push(Failure::new(Check::InMilestone, message));
}

pub(super) fn lead_opted_in(issue: &IssueFacts, out: &mut Vec<Failure>) {
    if !issue.labels.iter().any(|l| l.trim() == OPT_IN_LABEL) {
        out.push(Failure::new(
            Check::LeadOptedIn,
            format!("issue lacks the {OPT_IN_LABEL} label"),
        ));
    }
}

/// Every kubernetes/kubernetes PR linked to the issue must be merged (closed unmerged ones
/// are ignored); an issue with none linked has no code to freeze yet.
pub(super) fn code_merged(issue: &IssueFacts, out: &mut Vec<Failure>) {
    let code: Vec<_> = issue
        .linked_prs
        .iter()
        .filter(|p| p.repo.eq_ignore_ascii_case(CODE_REPO))
        .collect();
    if code.is_empty() {
        out.push(Failure::new(
            Check::CodeMerged,
            format!("Code: no {CODE_REPO} PR linked to the issue"),
        ));
        return;
    }
    let open: Vec<String> = code
        .iter()
        .filter(|p| p.open && !p.merged)
        .map(|p| format!("#{}", p.number))
        .collect();
    if !open.is_empty() {
        out.push(Failure::new(
            Check::CodeMerged,
            format!("Code: {CODE_REPO} {} not merged", open.join(", ")),
        ));
    }
}
