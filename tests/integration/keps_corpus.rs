//! The KEP index over the real kubernetes/enhancements metadata (`../shared/kep-corpus`), figures
//! checked against the corpus README and the process notes. Skipped, saying so, when the corpus is absent.

use crate::support::process;
use kepsync::keps::{Kep, KepIndex, Stage, Status};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The corpus index, built once for all tests; `None` (after saying so) when the corpus is absent.
fn corpus() -> Option<&'static KepIndex> {
    static INDEX: OnceLock<Option<KepIndex>> = OnceLock::new();
    let index = INDEX
        .get_or_init(|| {
            process::corpus().map(|root| KepIndex::from_dir(&root).expect("the corpus is readable"))
        })
        .as_ref();
    if index.is_none() {
        eprintln!("SKIPPED: no KEP corpus at ../shared/kep-corpus");
    }
    index
}

fn count_by<'a>(
    index: &'a KepIndex,
    field: impl Fn(&'a Kep) -> &'a str,
) -> BTreeMap<&'a str, usize> {
    let mut counts = BTreeMap::new();
    for kep in &index.keps {
        *counts.entry(field(kep)).or_default() += 1;
    }
    counts
}

fn paths_with_problem(index: &KepIndex, words: &str) -> Vec<String> {
    let mut paths: Vec<String> = index
        .keps
        .iter()
        .filter(|k| k.problems.iter().any(|p| p.contains(words)))
        .map(|k| k.path.split('/').take(3).collect::<Vec<_>>().join("/"))
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_file_is_read_without_a_crash() {
    let Some(index) = corpus() else { return };
    assert_eq!(index.stats.kep_files, 656);
    assert_eq!(index.keps.len(), 655);
    assert!(index.template.is_some());
    assert_eq!(index.stats.prr_files, 451);
    assert_eq!(
        index.stats.readme_files, 655,
        "654 KEP READMEs plus the template's"
    );
    assert!(index.stats.bytes > 20_000_000, "{}", index.stats.bytes);
    assert!(index.owners_aliases.is_some());
}

#[test]
fn counts_by_status_match_the_corpus_readme() {
    let Some(index) = corpus() else { return };
    let counts = count_by(index, |k| k.status.as_str());
    let expected = [
        ("implemented", 290),
        ("implementable", 279),
        ("provisional", 61),
        ("withdrawn", 10),
        ("replaced", 6),
        ("rejected", 3),
        ("deferred", 1),
    ];
    for (status, n) in expected {
        assert_eq!(counts.get(status), Some(&n), "{status}");
    }
    let outside: usize = index
        .keps
        .iter()
        .filter(|k| k.status_kind().is_none())
        .count();
    assert_eq!(outside, 5);
}

#[test]
fn the_five_out_of_list_statuses_are_flagged() {
    let Some(index) = corpus() else { return };
    assert_eq!(
        paths_with_problem(index, "field `status` is `"),
        [
            "keps/sig-api-machinery/4153-declarative-validation",
            "keps/sig-api-machinery/5000-api-linting-crd-schema-tooling",
            "keps/sig-instrumentation/1753-logs-sanitization",
            "keps/sig-node/2625-cpumanager-policies-thread-placement",
            "keps/sig-node/281-dynamic-kubelet-configuration",
        ]
    );
}

#[test]
fn the_two_out_of_list_stages_are_flagged_and_stage_counts_match() {
    let Some(index) = corpus() else { return };
    assert_eq!(
        paths_with_problem(index, "not one of alpha, beta, stable"),
        [
            "keps/sig-api-machinery/5000-api-linting-crd-schema-tooling",
            "keps/sig-instrumentation/1753-logs-sanitization",
        ]
    );
    let counts = count_by(index, |k| k.stage.as_str());
    for (stage, n) in [
        ("stable", 351),
        ("alpha", 147),
        ("beta", 97),
        ("deprecated", 4),
        ("disabled", 2),
        ("removed", 1),
    ] {
        assert_eq!(counts.get(stage), Some(&n), "{stage}");
    }
    assert_eq!(counts.get(""), Some(&(48 + 3)), "48 absent and 3 empty");
    assert!(Stage::parse("alpha (deprecated)").is_none());
}

#[test]
fn the_414_keps_needing_prr_pass_and_ci_would_accept_every_kep() {
    let Some(index) = corpus() else { return };
    let needing: Vec<&Kep> = index.keps.iter().filter(|k| k.needs_prr).collect();
    assert_eq!(needing.len(), 414);
    for kep in &needing {
        assert!(kep.ci_ok, "{:?}", kep.problems);
        assert!(kep.prr.contains_key(&kep.stage), "{}", kep.path);
    }
    let exempt = index
        .keps
        .iter()
        .filter(|k| k.status_kind().is_some_and(Status::needs_prr) && !k.needs_prr)
        .count();
    assert_eq!(exempt, 155);
    let rejected: Vec<_> = index
        .keps
        .iter()
        .filter(|k| !k.ci_ok)
        .map(|k| &k.problems)
        .collect();
    assert!(rejected.is_empty(), "{rejected:?}");
}

#[test]
fn checks_ci_forgets_find_what_the_notes_list() {
    let Some(index) = corpus() else { return };
    assert_eq!(
        paths_with_problem(index, "field `status` is implemented but").len(),
        6
    );
    let invalid = index.keps.iter().filter(|k| !k.valid).count();
    assert_eq!(
        invalid, 12,
        "5 statuses (2 with bad stages), 6 implemented-not-stable, 1 folder"
    );
}

#[test]
fn folder_number_duplicates_and_odd_scalars() {
    let Some(index) = corpus() else { return };
    assert_eq!(
        paths_with_problem(index, "the folder is numbered"),
        ["keps/sig-node/2043-pod-resource-concrete-assigments"]
    );
    let dups: BTreeMap<u64, usize> = index
        .duplicates
        .iter()
        .map(|d| (d.number, d.paths.len()))
        .collect();
    assert_eq!(dups, BTreeMap::from([(0, 4), (2133, 2)]));
    let dated = index.get(4355).expect("4355");
    assert_eq!(dated.creation_date, "2023-14-05");
    let moved = index
        .keps
        .iter()
        .filter(|k| k.owning_sig != k.folder_sig)
        .count();
    assert_eq!(moved, 9);
}

#[test]
fn milestones_normalise_as_the_notes_count_them() {
    let Some(index) = corpus() else { return };
    let raw = count_by(index, |k| k.latest_milestone_raw.as_str());
    assert_eq!(raw.get("0.0"), Some(&99));
    assert_eq!(raw.get("TBD"), Some(&1));
    assert_eq!(raw.get(""), Some(&(46 + 4)), "46 absent and 4 empty");
    let normalised = count_by(index, |k| k.latest_milestone.as_deref().unwrap_or("none"));
    for (m, n) in [("v1.37", 94), ("v1.36", 47), ("v1.35", 27), ("v1.34", 29)] {
        assert_eq!(normalised.get(m), Some(&n), "{m}");
    }
    assert_eq!(normalised.get("none"), Some(&(99 + 1 + 46 + 4)));
}

#[test]
fn readme_sections_match_the_notes() {
    let Some(index) = corpus() else { return };
    let readmes: Vec<_> = index
        .keps
        .iter()
        .map(|k| &k.readme)
        .filter(|r| r.found)
        .collect();
    assert_eq!(readmes.len(), 654);
    let count = |f: &dyn Fn(&&kepsync::keps::ReadmeFindings) -> bool| {
        readmes.iter().filter(|r| f(r)).count()
    };
    assert_eq!(count(&|r| r.graduation_criteria.is_some()), 618);
    assert_eq!(count(&|r| r.test_plan.is_some()), 543);
    assert_eq!(count(&|r| r.signoff_checklist.is_some()), 473);
    assert_eq!(count(&|r| r.prr_questionnaire), 467);
    let current: Vec<_> = index
        .keps
        .iter()
        .filter(|k| k.latest_milestone.as_deref() == Some("v1.37"))
        .collect();
    let ticked = current
        .iter()
        .filter(|k| k.readme.test_plan.and_then(|t| t.acknowledged) == Some(true))
        .count();
    assert_eq!(ticked, 85);
}
