//! Checks on the merged KEP: kep.yaml fields, the PRR file and approver, README sections.

use super::check::{Check, Failure};
use crate::human::quoted;
use crate::keps::{Kep, OwnersAliases, Stage, Status};
use crate::model::IssueFacts;

pub(super) fn stage_set(kep: &Kep, out: &mut Vec<Failure>) -> Option<Stage> {
    let stage = kep.stage_kind();
    if stage.is_none() {
        let message = if kep.stage.is_empty() {
            format!("stage missing in {}", kep.path)
        } else {
            format!(
                "stage {} in {} is not one of {}",
                quoted(&kep.stage),
                kep.path,
                crate::keps::allowed_stages()
            )
        };
        out.push(Failure::new(Check::StageSet, message));
    }
    stage
}

/// The issue's `stage/*` label must name the kep.yaml stage (only alpha, beta, stable have labels).
pub(super) fn stage_label(issue: &IssueFacts, stage: Stage, out: &mut Vec<Failure>) {
    if !matches!(stage, Stage::Alpha | Stage::Beta | Stage::Stable) {
        return;
    }
    let labels: Vec<&str> = issue.label_values("stage").map(str::trim).collect();
    let message = match labels.as_slice() {
        [] => format!("issue has no stage/{stage} label"),
        [one] if *one == stage.as_str() => return,
        _ => format!(
            "issue label stage/{} but kep.yaml stage is {stage}",
            labels.join(", stage/")
        ),
    };
    out.push(Failure::new(Check::StageLabel, message));
}

pub(super) fn latest_milestone(kep: &Kep, release: &str, out: &mut Vec<Failure>) {
    let raw = kep.latest_milestone_raw.trim();
    let message = match kep.latest_milestone.as_deref() {
        Some(m) if m == release && raw == release => return,
        Some(m) if m == release => {
            format!("latest-milestone is {}, write it {release}", quoted(raw))
        }
        Some(m) => format!("latest-milestone is {m}, expected {release}"),
        None if raw.is_empty() => format!("latest-milestone missing, expected {release}"),
        None => format!("latest-milestone is {}, expected {release}", quoted(raw)),
    };
    out.push(Failure::new(Check::LatestMilestone, message));
}

pub(super) fn stage_milestone(kep: &Kep, stage: Stage, release: &str, out: &mut Vec<Failure>) {
    let key = stage.as_str();
    let message = match kep.milestones.get(key) {
        Some(Some(m)) if m == release => return,
        Some(Some(m)) => format!("milestone.{key} is {m}, expected {release}"),
        Some(None) => format!(
            "milestone.{key} is {}, expected {release}",
            quoted(
                kep.milestones_raw
                    .get(key)
                    .map(String::as_str)
                    .unwrap_or("")
            )
        ),
        None => format!("milestone.{key} missing, expected {release}"),
    };
    out.push(Failure::new(Check::StageMilestone, message));
}

/// Where the PRR file is, or where CI looks for it.
fn prr_path(kep: &Kep) -> String {
    kep.prr_path.clone().unwrap_or_else(|| {
        format!(
            "keps/prod-readiness/{}/{}.yaml",
            kep.owning_sig.trim(),
            kep.number_raw.trim()
        )
    })
}

/// The approver named for `stage`, when the PRR file names one.
pub(super) fn prr_approver(kep: &Kep, stage: Stage, out: &mut Vec<Failure>) -> Option<String> {
    let approver = kep
        .prr
        .get(stage.as_str())
        .map(|a| a.trim())
        .filter(|a| !a.is_empty() && *a != "@");
    if approver.is_none() {
        let message = match kep.prr_path {
            None => format!("PRR: no file {}", prr_path(kep)),
            Some(_) => format!("PRR: no {stage} approver in {}", prr_path(kep)),
        };
        out.push(Failure::new(Check::PrrApprover, message));
    }
    approver.map(str::to_string)
}

pub(super) fn prr_approver_listed(approver: &str, aliases: &OwnersAliases, out: &mut Vec<Failure>) {
    if !aliases.is_prr_approver(approver) {
        out.push(Failure::new(
            Check::PrrApproverListed,
            format!(
                "PRR: approver {approver} is not in OWNERS_ALIASES {}",
                crate::keps::PRR_APPROVERS_ALIAS
            ),
        ));
    }
}

pub(super) fn prr_questionnaire(kep: &Kep, out: &mut Vec<Failure>) {
    if !kep.readme.prr_questionnaire {
        out.push(Failure::new(
            Check::PrrQuestionnaire,
            format!(
                "README: no Production Readiness Review Questionnaire{}",
                readme_hint(kep)
            ),
        ));
    }
}

fn readme_hint(kep: &Kep) -> &'static str {
    if kep.readme.found {
        ""
    } else {
        " (no README.md beside kep.yaml)"
    }
}

/// implementable; implemented once stable; withdrawn for a deprecation.
pub(super) fn status(kep: &Kep, stage: Option<Stage>, out: &mut Vec<Failure>) {
    let ok = match kep.status_kind() {
        Some(Status::Implementable) => true,
        Some(Status::Implemented) => stage == Some(Stage::Stable),
        Some(Status::Withdrawn) => matches!(
            stage,
            Some(Stage::Deprecated | Stage::Disabled | Stage::Removed)
        ),
        _ => false,
    };
    if !ok {
        let shown = if kep.status.is_empty() {
            "missing"
        } else {
            &kep.status
        };
        out.push(Failure::new(
            Check::Status,
            format!("status is {shown}, expected implementable"),
        ));
    }
}

pub(super) fn test_plan(kep: &Kep, out: &mut Vec<Failure>) {
    let message = match kep.readme.test_plan {
        None => format!("README: no Test Plan{}", readme_hint(kep)),
        Some(t) => match t.acknowledged {
            Some(true) => return,
            Some(false) => "README: Test Plan box not ticked".to_string(),
            None => "README: Test Plan acknowledgement box missing".to_string(),
        },
    };
    out.push(Failure::new(Check::TestPlan, message));
}

/// The Graduation Criteria subsection a stage needs (`ga` for stable).
fn graduation_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Alpha => "alpha",
        Stage::Beta => "beta",
        Stage::Stable => "ga",
        Stage::Deprecated | Stage::Disabled | Stage::Removed => "deprecation",
    }
}

pub(super) fn graduation(kep: &Kep, stage: Option<Stage>, out: &mut Vec<Failure>) {
    let Some(g) = &kep.readme.graduation_criteria else {
        out.push(Failure::new(
            Check::GraduationCriteria,
            format!("README: no Graduation Criteria{}", readme_hint(kep)),
        ));
        return;
    };
    let Some(stage) = stage else { return };
    let key = graduation_key(stage);
    if !g.stages.iter().any(|s| s.eq_ignore_ascii_case(key)) {
        out.push(Failure::new(
            Check::GraduationCriteria,
            format!("README: Graduation Criteria has no {key} section"),
        ));
    }
}
