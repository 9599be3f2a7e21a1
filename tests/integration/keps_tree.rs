//! The KEP index on small hand-written trees: one test per oddity of the real kubernetes/enhancements data.

use kepsync::keps::{KepIndex, Stage, Status};

const ALIASES: &str = "aliases:\n  prod-readiness-approvers:\n    - deads2k\n  prod-readiness-approvers-emeritus:\n    - ehashman\n";

/// A kep.yaml with the required fields; `extra` lines are appended.
fn kep_yaml(number: &str, sig: &str, extra: &str) -> String {
    format!(
        "title: KEP {number}\nkep-number: {number}\nauthors:\n  - \"@a\"\nowning-sig: {sig}\napprovers:\n  - \"@b\"\n{extra}"
    )
}

fn index(files: &[(&str, &str)]) -> KepIndex {
    let mut all: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
        .collect();
    all.push(("OWNERS_ALIASES".into(), ALIASES.as_bytes().to_vec()));
    KepIndex::from_files(all)
}

fn only(index: &KepIndex) -> &kepsync::keps::Kep {
    assert_eq!(index.keps.len(), 1, "{:?}", index.keps);
    &index.keps[0]
}

fn has_problem(kep: &kepsync::keps::Kep, words: &[&str]) -> bool {
    kep.problems
        .iter()
        .any(|p| words.iter().all(|w| p.contains(w)))
}

#[test]
fn statuses_outside_the_allowed_list_are_flagged_but_pass_ci() {
    for status in [
        "superseded",
        "implemented (alpha)",
        "imlpemented",
        "removed",
        "provisional|implementable|implemented|deferred|rejected|withdrawn|replaced",
    ] {
        let yaml = kep_yaml("42", "sig-node", &format!("status: {status}\n"));
        let idx = index(&[("keps/sig-node/42-x/kep.yaml", &yaml)]);
        let kep = only(&idx);
        assert_eq!(kep.status, status);
        assert_eq!(kep.status_kind(), None);
        assert!(!kep.valid && kep.ci_ok, "{status}: {:?}", kep.problems);
        assert!(has_problem(
            kep,
            &["keps/sig-node/42-x/kep.yaml", "`status`", status]
        ));
    }
}

#[test]
fn stages_outside_the_list_empty_and_missing() {
    let cases = [
        ("stage: alpha|beta|stable\n", "alpha|beta|stable", false),
        ("stage: alpha (deprecated)\n", "alpha (deprecated)", false),
        ("stage:\n", "", true),
        ("stage: \"\"\n", "", true),
        ("", "", true),
        ("stage: deprecated\n", "deprecated", true),
    ];
    for (line, stage, valid) in cases {
        let yaml = kep_yaml("42", "sig-node", &format!("status: provisional\n{line}"));
        let idx = index(&[("keps/sig-node/42-x/kep.yaml", &yaml)]);
        let kep = only(&idx);
        assert_eq!(kep.stage, stage, "{line:?}");
        assert_eq!(kep.valid, valid, "{line:?}: {:?}", kep.problems);
    }
}

#[test]
fn latest_milestone_forms_normalise_and_keep_the_raw_text() {
    let cases = [
        ("latest-milestone: \"v1.37\"\n", Some("v1.37"), "v1.37"),
        ("latest-milestone: v1.37\n", Some("v1.37"), "v1.37"),
        ("latest-milestone: \"1.37\"\n", Some("v1.37"), "1.37"),
        ("latest-milestone: 1.30\n", Some("v1.30"), "1.30"),
        ("latest-milestone: '0.0'\n", None, "0.0"),
        ("latest-milestone: 0.0\n", None, "0.0"),
        ("latest-milestone: \"TBD\"\n", None, "TBD"),
        ("latest-milestone:\n", None, ""),
        ("", None, ""),
    ];
    for (line, normalised, raw) in cases {
        let yaml = kep_yaml("42", "sig-node", &format!("status: provisional\n{line}"));
        let idx = index(&[("keps/sig-node/42-x/kep.yaml", &yaml)]);
        let kep = only(&idx);
        assert_eq!(kep.latest_milestone.as_deref(), normalised, "{line:?}");
        assert_eq!(kep.latest_milestone_raw, raw, "{line:?}");
    }
}

#[test]
fn milestone_block_is_normalised_per_stage() {
    let extra = "status: provisional\nmilestone:\n  alpha: \"v1.19\"\n  beta: 1.20\n  stable: TBD\n  deprecated: \"\"\n";
    let idx = index(&[(
        "keps/sig-node/42-x/kep.yaml",
        &kep_yaml("42", "sig-node", extra),
    )]);
    let kep = only(&idx);
    assert_eq!(kep.milestones["alpha"].as_deref(), Some("v1.19"));
    assert_eq!(kep.milestones["beta"].as_deref(), Some("v1.20"));
    assert_eq!(kep.milestones["stable"], None);
    assert_eq!(kep.milestones_raw["stable"], "TBD");
    assert_eq!(kep.milestones["deprecated"], None);
}

#[test]
fn quoted_and_unquoted_kep_numbers_and_duplicates() {
    let idx = index(&[
        (
            "keps/sig-node/2133-a/kep.yaml",
            &kep_yaml("2133", "sig-node", "status: provisional\n"),
        ),
        (
            "keps/sig-cloud-provider/2133-b/kep.yaml",
            &kep_yaml("\"2133\"", "sig-cloud-provider", "status: provisional\n"),
        ),
    ]);
    assert_eq!(idx.keps.len(), 2);
    assert!(idx.keps.iter().all(|k| k.number == Some(2133) && k.valid));
    assert_eq!(idx.duplicates.len(), 1);
    assert_eq!(idx.duplicates[0].paths.len(), 2);
    assert_eq!(
        idx.get(2133).map(|k| k.path.as_str()),
        Some("keps/sig-cloud-provider/2133-b/kep.yaml"),
        "first by path"
    );
    assert_eq!(idx.all_with_number(2133).count(), 2);
    assert!(
        idx.problems
            .iter()
            .any(|p| p.contains("kep-number 2133 is used by 2"))
    );
}

#[test]
fn folder_number_differing_from_kep_number_is_flagged_zero_padding_is_not() {
    let idx = index(&[
        (
            "keps/sig-node/2043-x/kep.yaml",
            &kep_yaml("1884", "sig-node", "status: provisional\n"),
        ),
        (
            "keps/sig-network/0752-y/kep.yaml",
            &kep_yaml("752", "sig-network", "status: provisional\n"),
        ),
    ]);
    let moved = idx.get(1884).expect("1884");
    assert!(has_problem(
        moved,
        &["folder is numbered 2043", "`kep-number` is 1884"]
    ));
    assert!(moved.ci_ok);
    assert!(idx.get(752).expect("752").valid);
    assert!(idx.get(2043).is_none());
}

#[test]
fn impossible_dates_and_odd_scalars_are_read_as_written() {
    let extra = "status: provisional\ncreation-date: 2023-14-05\nlast-updated: v1.30\ndisable-supported: true\n";
    let idx = index(&[(
        "keps/sig-api-machinery/4355-x/kep.yaml",
        &kep_yaml("4355", "sig-api-machinery", extra),
    )]);
    let kep = only(&idx);
    assert_eq!(kep.creation_date, "2023-14-05");
    assert_eq!(kep.last_updated, "v1.30");
    assert_eq!(kep.disable_supported, Some(true));
    assert!(kep.valid, "{:?}", kep.problems);
}

#[test]
fn nested_folders_are_indexed_and_their_sig_folder_kept() {
    let idx = index(&[
        (
            "keps/sig-cloud-provider/azure/604-x/kep.yaml",
            &kep_yaml("604", "sig-cloud-provider", "status: provisional\n"),
        ),
        (
            "keps/provider-aws/629-y/kep.yaml",
            &kep_yaml("629", "sig-cloud-provider", "status: provisional\n"),
        ),
        (
            "keps/sig-cluster-lifecycle/kubeadm/970-z/kep.yaml",
            &kep_yaml("970", "sig-cluster-lifecycle", "status: provisional\n"),
        ),
    ]);
    assert_eq!(idx.keps.len(), 3);
    assert_eq!(idx.get(629).expect("629").folder_sig, "provider-aws");
    assert_eq!(idx.get(629).expect("629").owning_sig, "sig-cloud-provider");
    assert!(idx.keps.iter().all(|k| k.valid), "{:?}", idx.keps);
}

#[test]
fn prr_files_live_under_the_owning_sig_not_the_folder() {
    let extra = "status: implementable\nstage: beta\nlatest-milestone: \"v1.37\"\n";
    let kep = kep_yaml("3000", "sig-apps", extra);
    let prr = "kep-number: 3000\nalpha:\n  approver: \"@deads2k\"\nbeta:\n  approver: ehashman\n";
    let idx = index(&[
        ("keps/sig-node/3000-x/kep.yaml", &kep),
        ("keps/prod-readiness/sig-apps/3000.yaml", prr),
    ]);
    let kep = only(&idx);
    assert!(kep.needs_prr && kep.valid, "{:?}", kep.problems);
    assert_eq!(kep.prr["alpha"], "@deads2k");
    assert_eq!(
        kep.prr_path.as_deref(),
        Some("keps/prod-readiness/sig-apps/3000.yaml")
    );
}

#[test]
fn prr_rule_failures_break_ci_and_name_the_file() {
    let extra = |stage: &str, milestone: &str| {
        format!("status: implementable\nstage: {stage}\nlatest-milestone: \"{milestone}\"\n")
    };
    let prr = "kep-number: 3000\nalpha:\n  approver: \"@stranger\"\n";
    let cases = [
        (
            extra("beta", "v1.37"),
            Some(prr),
            "names no `beta.approver`",
        ),
        (extra("alpha", "v1.37"), Some(prr), "`stranger`"),
        (
            extra("alpha", "v1.37"),
            None,
            "keps/prod-readiness/sig-node/3000.yaml does not exist",
        ),
        (
            extra("alpha", "TBD"),
            Some(prr),
            "`latest-milestone` is `TBD`",
        ),
        (extra("alpha", "v1.20"), None, ""),
        (extra("alpha", "0.0"), None, ""),
    ];
    for (yaml, prr, expected) in cases {
        let mut files = vec![(
            "keps/sig-node/3000-x/kep.yaml",
            kep_yaml("3000", "sig-node", &yaml),
        )];
        if let Some(prr) = prr {
            files.push(("keps/prod-readiness/sig-node/3000.yaml", prr.to_owned()));
        }
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let idx = index(&files);
        let kep = only(&idx);
        if expected.is_empty() {
            assert!(!kep.needs_prr && kep.valid, "{yaml}: {:?}", kep.problems);
        } else {
            assert!(!kep.ci_ok, "{yaml}");
            assert!(
                has_problem(kep, &["keps/sig-node/3000-x/kep.yaml", expected]),
                "{:?}",
                kep.problems
            );
        }
    }
}

#[test]
fn implemented_must_be_stable() {
    let yaml = kep_yaml(
        "42",
        "sig-cli",
        "status: implemented\nstage: beta\nlatest-milestone: v1.16\n",
    );
    let idx = index(&[("keps/sig-cli/42-x/kep.yaml", &yaml)]);
    let kep = only(&idx);
    assert_eq!(kep.status_kind(), Some(Status::Implemented));
    assert_eq!(kep.stage_kind(), Some(Stage::Beta));
    assert!(has_problem(kep, &["implemented", "`stage` is `beta`"]));
    assert!(kep.ci_ok);
}

#[test]
fn broken_files_are_one_invalid_entry_each_never_a_crash() {
    let idx = index(&[
        ("keps/sig-a/1-broken/kep.yaml", "title: [unclosed\n"),
        ("keps/sig-a/2-empty/kep.yaml", ""),
        ("keps/sig-a/3-list/kep.yaml", "- a\n- b\n"),
        (
            "keps/sig-a/4-wrong-type/kep.yaml",
            "title: t\nauthors: {a: b}\n",
        ),
        (
            "keps/sig-a/5-unknown/kep.yaml",
            &kep_yaml("5", "sig-a", "status: provisional\nowner: me\n"),
        ),
        ("keps/sig-a/6-missing/kep.yaml", "title: only a title\n"),
        ("keps/prod-readiness/sig-a/9.yaml", "alpha: [\n"),
    ]);
    assert_eq!(idx.keps.len(), 6);
    for kep in &idx.keps {
        assert!(!kep.valid && !kep.ci_ok, "{}", kep.path);
        assert!(
            kep.problems.iter().all(|p| p.starts_with(&kep.path)),
            "{:?}",
            kep.problems
        );
    }
    let missing = idx
        .keps
        .iter()
        .find(|k| k.path.contains("6-missing"))
        .expect("6");
    assert!(has_problem(
        missing,
        &["required field `kep-number` is missing"]
    ));
    let unknown = idx.get(5).expect("5");
    assert!(has_problem(unknown, &["field `owner`"]));
    assert!(
        idx.problems
            .iter()
            .any(|p| p.contains("keps/prod-readiness/sig-a/9.yaml"))
    );
}

#[test]
fn oversized_yaml_is_refused_before_parsing() {
    let huge = format!("title: t\nmetrics:\n{}", "  - m\n".repeat(300_000));
    let idx = index(&[("keps/sig-a/1-x/kep.yaml", &huge)]);
    let kep = only(&idx);
    assert!(!kep.valid && has_problem(kep, &["more than the 1 MiB"]));
}

#[test]
fn non_utf8_kep_yaml_is_invalid_but_still_read() {
    let mut bytes = kep_yaml("7", "sig-a", "status: provisional\n").into_bytes();
    bytes.extend_from_slice(b"editor: caf\xe9\n");
    let idx = KepIndex::from_files([("keps/sig-a/7-x/kep.yaml".to_owned(), bytes)]);
    let kep = only(&idx);
    assert_eq!(kep.number, Some(7));
    assert!(has_problem(kep, &["not valid UTF-8"]));
}

#[test]
fn readme_findings_join_their_kep_and_lone_readmes_are_reported() {
    let readme = "## Release Signoff Checklist\n- [x] one\n- [ ] two\n### Test Plan\n[ ] I/we understand the owners\n";
    let idx = index(&[
        (
            "keps/sig-a/1-x/kep.yaml",
            &kep_yaml("1", "sig-a", "status: provisional\n"),
        ),
        ("keps/sig-a/1-x/README.md", readme),
        (
            "keps/sig-a/2-y/kep.yaml",
            &kep_yaml("2", "sig-a", "status: provisional\n"),
        ),
        ("keps/sig-a/3-lonely/README.md", "# no metadata\n"),
        ("keps/README.md", "# the folder's own readme\n"),
    ]);
    let with = idx.get(1).expect("1");
    let list = with.readme.signoff_checklist.expect("checklist");
    assert_eq!((list.ticked, list.total), (1, 2));
    assert_eq!(
        with.readme.test_plan.and_then(|t| t.acknowledged),
        Some(false)
    );
    assert!(!idx.get(2).expect("2").readme.found);
    assert_eq!(
        idx.problems
            .iter()
            .filter(|p| p.contains("has no kep.yaml"))
            .collect::<Vec<_>>(),
        ["keps/sig-a/3-lonely/README.md has no kep.yaml beside it (CI fails on this)"]
    );
}

#[test]
fn the_template_is_read_but_never_returned_by_number() {
    let template = "title: KEP Template\nkep-number: NNNN\nstatus: provisional|implementable\n";
    let idx = index(&[("keps/NNNN-kep-template/kep.yaml", template)]);
    assert!(idx.keps.is_empty());
    let t = idx.template.as_ref().expect("template");
    assert_eq!(t.number, None);
    assert_eq!(t.number_raw, "NNNN");
}

#[test]
fn without_owners_aliases_the_approver_is_not_checked_and_that_is_said() {
    let yaml = kep_yaml(
        "8",
        "sig-a",
        "status: implementable\nstage: alpha\nlatest-milestone: v1.30\n",
    );
    let idx = KepIndex::from_files([
        ("keps/sig-a/8-x/kep.yaml".to_owned(), yaml.into_bytes()),
        (
            "keps/prod-readiness/sig-a/8.yaml".to_owned(),
            b"kep-number: 8\nalpha:\n  approver: x\n".to_vec(),
        ),
    ]);
    assert!(only(&idx).valid);
    assert!(
        idx.problems
            .iter()
            .any(|p| p.contains("OWNERS_ALIASES was not given"))
    );
}

#[test]
fn from_dir_walks_nested_folders_and_skips_other_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write("OWNERS_ALIASES", ALIASES.as_bytes());
    write(
        "keps/sig-a/1-x/kep.yaml",
        kep_yaml("1", "sig-a", "status: provisional\n").as_bytes(),
    );
    write(
        "keps/sig-a/1-x/README.md",
        b"## Production Readiness Review Questionnaire\n",
    );
    write("keps/sig-a/1-x/diagram.png", b"\x89PNG");
    write("keps/sig-b/nested/2-y/kep.yaml", b"title: [broken\n");
    write("keps/prod-readiness/OWNERS", b"approvers: []\n");
    let idx = KepIndex::from_dir(root).expect("readable");
    assert_eq!(idx.keps.len(), 2);
    assert!(idx.get(1).expect("1").readme.prr_questionnaire);
    assert_eq!(idx.stats.kep_files, 2);
    assert_eq!(idx.stats.readme_files, 1);
    assert!(idx.owners_aliases.is_some());
    assert!(!idx.keps[1].valid);
}

#[test]
fn from_dir_fails_only_for_an_unreadable_root_or_no_keps_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(KepIndex::from_dir(&dir.path().join("absent")).is_err());
    assert!(KepIndex::from_dir(dir.path()).is_err());
}
