//! The readiness checks kepsync automates, each tied to the freeze that first requires it.

use crate::model::calendar::Freeze;
use std::fmt;

/// One automated acceptance check (see the release team's freeze checklists).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// The issue is open.
    IssueOpen,
    /// The issue is in the release's milestone.
    InMilestone,
    /// The issue carries `lead-opted-in`.
    LeadOptedIn,
    /// A KEP exists, merged or at least in an open PR.
    Proposal,
    /// `stage` is set to an allowed value.
    StageSet,
    /// The issue's `stage/*` label equals the kep.yaml `stage`.
    StageLabel,
    /// `latest-milestone` is the release, written `v1.N`.
    LatestMilestone,
    /// `milestone.<stage>` is the release.
    StageMilestone,
    /// The PRR file names an approver for the stage.
    PrrApprover,
    /// The README has the PRR questionnaire.
    PrrQuestionnaire,
    /// The KEP is merged, not only in an open PR.
    KepMerged,
    /// `status` is implementable (implemented for stable, withdrawn for deprecations).
    Status,
    /// The PRR approver is in OWNERS_ALIASES.
    PrrApproverListed,
    /// The README's Test Plan exists and its acknowledgement box is ticked.
    TestPlan,
    /// The README's Graduation Criteria has the target stage.
    GraduationCriteria,
    /// No open enhancements PR still changes the merged KEP.
    NoOtherOpenPr,
    /// Every kubernetes/kubernetes PR linked to the issue is merged.
    CodeMerged,
}

impl Check {
    pub const ALL: [Check; 17] = [
        Check::IssueOpen,
        Check::InMilestone,
        Check::LeadOptedIn,
        Check::Proposal,
        Check::StageSet,
        Check::StageLabel,
        Check::LatestMilestone,
        Check::StageMilestone,
        Check::PrrApprover,
        Check::PrrQuestionnaire,
        Check::KepMerged,
        Check::Status,
        Check::PrrApproverListed,
        Check::TestPlan,
        Check::GraduationCriteria,
        Check::NoOtherOpenPr,
        Check::CodeMerged,
    ];

    /// The first freeze by which this check must hold.
    pub fn freeze(self) -> Freeze {
        use Check::*;
        match self {
            IssueOpen | InMilestone | LeadOptedIn | Proposal | StageSet | StageLabel
            | LatestMilestone | StageMilestone | PrrApprover | PrrQuestionnaire => Freeze::Prr,
            KepMerged | Status | PrrApproverListed | TestPlan | GraduationCriteria
            | NoOtherOpenPr => Freeze::Enhancements,
            CodeMerged => Freeze::Code,
        }
    }

    /// A short kebab-case name for command output and JSON.
    pub fn name(self) -> &'static str {
        use Check::*;
        match self {
            IssueOpen => "issue-open",
            InMilestone => "in-milestone",
            LeadOptedIn => "lead-opted-in",
            Proposal => "proposal",
            StageSet => "stage-set",
            StageLabel => "stage-label",
            LatestMilestone => "latest-milestone",
            StageMilestone => "stage-milestone",
            PrrApprover => "prr-approver",
            PrrQuestionnaire => "prr-questionnaire",
            KepMerged => "kep-merged",
            Status => "status",
            PrrApproverListed => "prr-approver-listed",
            TestPlan => "test-plan",
            GraduationCriteria => "graduation-criteria",
            NoOtherOpenPr => "no-other-open-pr",
            CodeMerged => "code-merged",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A check that does not hold: which, by which freeze, and what is missing in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub check: Check,
    pub freeze: Freeze,
    pub message: String,
}

impl Failure {
    pub fn new(check: Check, message: impl Into<String>) -> Failure {
        Failure {
            check,
            freeze: check.freeze(),
            message: message.into(),
        }
    }
}
