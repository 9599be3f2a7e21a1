//! Every check firing on a hand-built enhancement and clearing on the passing one; signal colours.

use super::*;
use crate::github::{IssueFacts, LinkedPr, OpenKepPr};
use crate::keps::{Graduation, Kep, OwnersAliases, ReadmeFindings, TestPlan};
use crate::sheet::Rgb;

const DAY: i64 = 86_400;
const RELEASE: &str = "v1.37";

fn calendar() -> Calendar {
    Calendar {
        prr_freeze: Some(Timestamp(10 * DAY)),
        enhancements_freeze: Some(Timestamp(20 * DAY)),
        code_freeze: Some(Timestamp(60 * DAY)),
        docs_freeze: Some(Timestamp(70 * DAY)),
    }
}

/// After every freeze, so every check is in force.
const LATE: Timestamp = Timestamp(100 * DAY);

fn issue() -> IssueFacts {
    IssueFacts {
        number: 1234,
        title: "Feature".into(),
        url: "https://github.com/kubernetes/enhancements/issues/1234".into(),
        open: true,
        assignees: vec![],
        labels: vec![
            "lead-opted-in".into(),
            "stage/beta".into(),
            "sig/node".into(),
        ],
        milestone: Some("v1.37".into()),
        linked_prs: vec![LinkedPr {
            repo: "kubernetes/kubernetes".into(),
            number: 555,
            url: "u".into(),
            open: false,
            merged: true,
        }],
    }
}

fn kep() -> Kep {
    Kep {
        number: Some(1234),
        number_raw: "1234".into(),
        path: "keps/sig-node/1234-feature/kep.yaml".into(),
        owning_sig: "sig-node".into(),
        status: "implementable".into(),
        stage: "beta".into(),
        latest_milestone: Some("v1.37".into()),
        latest_milestone_raw: "v1.37".into(),
        milestones: [("beta".to_string(), Some("v1.37".to_string()))].into(),
        milestones_raw: [("beta".to_string(), "v1.37".to_string())].into(),
        prr: [("beta".to_string(), "@approver".to_string())].into(),
        prr_path: Some("keps/prod-readiness/sig-node/1234.yaml".into()),
        readme: ReadmeFindings {
            found: true,
            test_plan: Some(TestPlan {
                acknowledged: Some(true),
                ..TestPlan::default()
            }),
            graduation_criteria: Some(Graduation {
                stages: vec!["alpha".into(), "beta".into()],
            }),
            prr_questionnaire: true,
            ..ReadmeFindings::default()
        },
        ..Kep::default()
    }
}

fn aliases() -> OwnersAliases {
    OwnersAliases::parse("aliases:\n  prod-readiness-approvers:\n    - approver\n")
        .expect("aliases")
}

fn run(kep: Option<&Kep>, issue: &IssueFacts, prs: &[OpenKepPr], now: Timestamp) -> Readiness {
    evaluate(kep, issue, prs, Some(&aliases()), &calendar(), RELEASE, now)
}

fn pr(number: u64, path: &str) -> OpenKepPr {
    OpenKepPr {
        number,
        title: "t".into(),
        url: "u".into(),
        files: vec![path.into()],
    }
}

#[test]
fn the_passing_enhancement_is_ready_and_green_with_an_empty_cell() {
    let r = run(Some(&kep()), &issue(), &[], LATE);
    assert_eq!(r.failures, vec![]);
    assert_eq!(r.signal, Signal::Ready);
    assert_eq!(r.color(), Rgb::GREEN);
    assert_eq!(r.text, "");
}

type Mutation = fn(&mut Kep, &mut IssueFacts, &mut Vec<OpenKepPr>);

/// (check expected to fire, what to break, a word the message must contain).
fn mutations() -> Vec<(Check, Mutation, &'static str)> {
    vec![
        (Check::IssueOpen, |_, i, _| i.open = false, "closed"),
        (
            Check::InMilestone,
            |_, i, _| i.milestone = Some("v1.36".into()),
            "v1.36",
        ),
        (
            Check::InMilestone,
            |_, i, _| i.milestone = None,
            "no milestone",
        ),
        (
            Check::LeadOptedIn,
            |_, i, _| i.labels.retain(|l| l != "lead-opted-in"),
            "lead-opted-in",
        ),
        (
            Check::StageSet,
            |k, _, _| k.stage = "alpha|beta".into(),
            "alpha|beta",
        ),
        (
            Check::StageSet,
            |k, _, _| k.stage = String::new(),
            "stage missing",
        ),
        (
            Check::StageLabel,
            |_, i, _| i.labels.retain(|l| l != "stage/beta"),
            "no stage/beta",
        ),
        (
            Check::StageLabel,
            |_, i, _| i.labels.push("stage/alpha".into()),
            "stage/beta, stage/alpha",
        ),
        (
            Check::LatestMilestone,
            |k, _, _| {
                k.latest_milestone = Some("v1.36".into());
                k.latest_milestone_raw = "v1.36".into();
            },
            "latest-milestone is v1.36, expected v1.37",
        ),
        (
            Check::LatestMilestone,
            |k, _, _| k.latest_milestone_raw = "1.37".into(),
            "write it v1.37",
        ),
        (
            Check::LatestMilestone,
            |k, _, _| {
                k.latest_milestone = None;
                k.latest_milestone_raw = "0.0".into();
            },
            "\"0.0\"",
        ),
        (
            Check::LatestMilestone,
            |k, _, _| {
                k.latest_milestone = None;
                k.latest_milestone_raw = "v1.37\u{200b}".into();
            },
            "latest-milestone is \"v1.37\" (ends with an invisible ZERO WIDTH SPACE, U+200B)",
        ),
        (
            Check::StageMilestone,
            |k, _, _| {
                k.milestones.insert("beta".into(), Some("v1.38".into()));
            },
            "milestone.beta is v1.38",
        ),
        (
            Check::StageMilestone,
            |k, _, _| k.milestones.clear(),
            "milestone.beta missing",
        ),
        (
            Check::PrrApprover,
            |k, _, _| k.prr.clear(),
            "PRR: no beta approver in keps/prod-readiness/sig-node/1234.yaml",
        ),
        (
            Check::PrrApprover,
            |k, _, _| {
                k.prr.clear();
                k.prr_path = None;
            },
            "PRR: no file keps/prod-readiness/sig-node/1234.yaml",
        ),
        (
            Check::PrrApproverListed,
            |k, _, _| {
                k.prr.insert("beta".into(), "@stranger".into());
            },
            "@stranger",
        ),
        (
            Check::PrrQuestionnaire,
            |k, _, _| k.readme.prr_questionnaire = false,
            "Questionnaire",
        ),
        (
            Check::Status,
            |k, _, _| k.status = "provisional".into(),
            "status is provisional",
        ),
        (
            Check::Status,
            |k, _, _| k.status = "implemented".into(),
            "status is implemented",
        ),
        (
            Check::TestPlan,
            |k, _, _| {
                k.readme.test_plan = Some(TestPlan {
                    acknowledged: Some(false),
                    ..TestPlan::default()
                });
            },
            "box not ticked",
        ),
        (
            Check::TestPlan,
            |k, _, _| k.readme.test_plan = None,
            "no Test Plan",
        ),
        (
            Check::GraduationCriteria,
            |k, _, _| {
                k.readme.graduation_criteria = Some(Graduation {
                    stages: vec!["alpha".into()],
                });
            },
            "no beta section",
        ),
        (
            Check::GraduationCriteria,
            |k, _, _| k.readme.graduation_criteria = None,
            "no Graduation Criteria",
        ),
        (
            Check::NoOtherOpenPr,
            |_, _, prs| {
                prs.push(pr(77, "keps/sig-node/1234-feature/README.md"));
            },
            "#77",
        ),
        (
            Check::CodeMerged,
            |_, i, _| {
                i.linked_prs[0].open = true;
                i.linked_prs[0].merged = false;
            },
            "#555 not merged",
        ),
        (
            Check::CodeMerged,
            |_, i, _| i.linked_prs.clear(),
            "no kubernetes/kubernetes PR",
        ),
    ]
}

#[test]
fn every_check_fires_on_its_breakage_and_names_it() {
    let mut seen = std::collections::BTreeSet::new();
    for (check, mutate, word) in mutations() {
        let (mut k, mut i, mut prs) = (kep(), issue(), vec![]);
        mutate(&mut k, &mut i, &mut prs);
        let r = run(Some(&k), &i, &prs, LATE);
        let fired: Vec<Check> = r.failures.iter().map(|f| f.check).collect();
        assert_eq!(fired, [check], "breaking {check}: {:?}", r.failures);
        assert!(
            r.text.contains(word),
            "{check}: {:?} lacks {word:?}",
            r.text
        );
        assert_eq!(r.signal, Signal::Urgent);
        seen.insert(check);
    }
    let untested: Vec<Check> = Check::ALL
        .into_iter()
        .filter(|c| !seen.contains(c) && !matches!(c, Check::Proposal | Check::KepMerged))
        .collect();
    assert_eq!(untested, [], "checks without a breaking case");
}

#[test]
fn an_unrelated_open_pr_does_not_count() {
    let prs = [pr(78, "keps/sig-node/4321-other/kep.yaml")];
    assert!(run(Some(&kep()), &issue(), &prs, LATE).is_ready());
}

#[test]
fn without_a_merged_kep_the_proposal_or_the_merge_is_missing() {
    let r = run(None, &issue(), &[], LATE);
    assert!(r.failed(Check::Proposal), "{:?}", r.failures);
    assert!(!r.failed(Check::KepMerged));
    let prs = [pr(99, "keps/sig-node/1234-feature/kep.yaml")];
    let r = run(None, &issue(), &prs, LATE);
    assert!(!r.failed(Check::Proposal));
    assert!(
        r.text.contains("KEP only in open PR #99, not merged"),
        "{}",
        r.text
    );
    // Before PRR freeze an open PR is enough.
    let r = run(None, &issue(), &prs, Timestamp(0));
    assert!(r.is_ready(), "{:?}", r.failures);
}

#[test]
fn only_the_freezes_in_force_count() {
    let mut k = kep();
    k.status = "provisional".into();
    let mut i = issue();
    i.labels.retain(|l| l != "lead-opted-in");
    // Before PRR freeze: the enhancements-freeze status is not yet asked for.
    let r = run(Some(&k), &i, &[], Timestamp(0));
    assert_eq!(r.next_freeze, Some(Freeze::Prr));
    assert!(r.failed(Check::LeadOptedIn) && !r.failed(Check::Status));
    assert!(!r.failed(Check::CodeMerged) || i.linked_prs.is_empty());
    // Between PRR and enhancements freeze: both, PRR's passed so red.
    let r = run(Some(&k), &i, &[], Timestamp(11 * DAY));
    assert!(r.failed(Check::LeadOptedIn) && r.failed(Check::Status));
    assert_eq!(r.signal, Signal::Urgent);
    assert_eq!(
        r.text,
        "At risk: issue lacks the lead-opted-in label; status is provisional, expected implementable"
    );
}

#[test]
fn yellow_when_due_later_red_within_three_days() {
    let mut k = kep();
    k.readme.prr_questionnaire = false;
    let due = |now: i64| run(Some(&k), &issue(), &[], Timestamp(now)).signal;
    assert_eq!(due(0), Signal::DueLater);
    assert_eq!(due(7 * DAY - 1), Signal::DueLater);
    assert_eq!(due(7 * DAY), Signal::Urgent);
    assert_eq!(Signal::DueLater.color(), Rgb::YELLOW);
    assert_eq!(Signal::Urgent.color(), Rgb::RED);
}

#[test]
fn stable_may_be_implemented_and_deprecations_withdrawn() {
    let mut k = kep();
    k.stage = "stable".into();
    k.status = "implemented".into();
    k.milestones.insert("stable".into(), Some("v1.37".into()));
    k.prr.insert("stable".into(), "approver".into());
    k.readme.graduation_criteria = Some(Graduation {
        stages: vec!["ga".into()],
    });
    let mut i = issue();
    i.labels = vec!["lead-opted-in".into(), "stage/stable".into()];
    let r = run(Some(&k), &i, &[], LATE);
    assert!(r.is_ready(), "{:?}", r.failures);
    k.stage = "deprecated".into();
    k.status = "withdrawn".into();
    k.milestones
        .insert("deprecated".into(), Some("v1.37".into()));
    k.prr.insert("deprecated".into(), "approver".into());
    k.readme.graduation_criteria = Some(Graduation {
        stages: vec!["deprecation".into()],
    });
    let r = run(Some(&k), &i, &[], LATE);
    assert!(r.is_ready(), "{:?}", r.failures);
}

#[test]
fn without_owners_aliases_the_listed_check_is_skipped() {
    let mut k = kep();
    k.prr.insert("beta".into(), "@stranger".into());
    let r = evaluate(Some(&k), &issue(), &[], None, &calendar(), RELEASE, LATE);
    assert!(r.is_ready(), "{:?}", r.failures);
}
