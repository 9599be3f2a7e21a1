//! The GitHub adapter through the real octocrab client against the in-process GitHub emulator:
//! call budgets (cold, idle, one changed file or issue), partial results, the state directory.

use crate::support::process;
use github_emulator::{GithubEmulator, IssueSeed, PullSeed, Tree, issues_from_tree};
use kepsync::github::{GithubAdapter, GithubConfig, GithubFacts, IssueLookup, Token};
use std::sync::OnceLock;

/// The corpus tree, read once per test binary; `None` (and a SKIPPED line) when it is absent.
fn corpus() -> Option<Tree> {
    static TREE: OnceLock<Option<Tree>> = OnceLock::new();
    let tree = TREE
        .get_or_init(|| process::corpus().and_then(|dir| Tree::from_dir(&dir).ok()))
        .clone();
    if tree.is_none() {
        eprintln!("SKIPPED: no KEP corpus at ../shared/kep-corpus");
    }
    tree
}

struct Setup {
    emulator: GithubEmulator,
    server: emulator_kit::Server,
    state: tempfile::TempDir,
    seeds: Vec<IssueSeed>,
}

impl Setup {
    async fn new(tree: Tree, pulls: Vec<PullSeed>) -> Setup {
        let seeds = issues_from_tree(&tree);
        let emulator = GithubEmulator::new(tree, seeds.clone(), pulls);
        let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler())
            .await
            .expect("emulator starts");
        Setup {
            emulator,
            server,
            state: tempfile::tempdir().expect("temp dir"),
            seeds,
        }
    }

    fn adapter(&self) -> GithubAdapter {
        let mut cfg = GithubConfig::new("kubernetes/enhancements");
        cfg.base_url = Some(self.server.url());
        cfg.token = Some(Token::new("test-token"));
        cfg.state_dir = Some(self.state.path().to_path_buf());
        GithubAdapter::new(cfg).expect("adapter")
    }

    fn first_numbers(&self, n: usize) -> Vec<u64> {
        self.seeds.iter().take(n).map(|s| s.number).collect()
    }
}

fn sample_pulls(issue: u64, kep_path: &str) -> Vec<PullSeed> {
    vec![
        PullSeed {
            repo: "kubernetes/enhancements".into(),
            number: 90001,
            title: "KEP update".into(),
            state: "open".into(),
            merged: false,
            files: vec![
                kep_path.to_string(),
                "keps/prod-readiness/sig-x/1.yaml".into(),
            ],
            references: vec![issue],
            labels: vec![],
        },
        PullSeed {
            repo: "kubernetes/kubernetes".into(),
            number: 120001,
            title: "Implement the KEP".into(),
            state: "closed".into(),
            merged: true,
            files: vec!["pkg/x.go".into()],
            references: vec![issue],
            labels: vec![],
        },
    ]
}

fn found(facts: &GithubFacts, n: u64) -> &kepsync::github::IssueFacts {
    match facts.issues.get(&n) {
        Some(IssueLookup::Found(f)) => f,
        other => panic!("issue {n}: {other:?}"),
    }
}

fn kep_yaml_path(tree: &Tree, n: u64) -> String {
    tree.files()
        .map(|(p, _)| p)
        .find(|p| p.ends_with("/kep.yaml") && kepsync::github::kep_number_of_path(p) == Some(n))
        .expect("kep.yaml of a seeded issue")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cold_sync_of_300_corpus_issues_fits_the_call_budget() {
    let Some(tree) = corpus() else { return };
    let first = issues_from_tree(&tree)[0].number;
    let path = kep_yaml_path(&tree, first);
    let setup = Setup::new(tree.clone(), sample_pulls(first, &path)).await;
    let numbers = setup.first_numbers(300);
    assert_eq!(numbers.len(), 300);

    let facts = setup
        .adapter()
        .observe(&numbers)
        .await
        .expect("cold observe");

    let counts = setup.emulator.counts();
    assert!(counts.total <= 15, "cold sync took {counts:?}");
    assert_eq!(facts.stats.requests, counts.total);
    assert_eq!(facts.stats.counted, counts.rate_limited);
    for seed in &setup.seeds[..300] {
        let f = found(&facts, seed.number);
        assert_eq!(f.title, seed.title);
        assert_eq!(f.labels, seed.labels);
        assert_eq!(f.assignees, seed.assignees);
        assert_eq!(f.milestone, seed.milestone);
        assert!(f.open);
    }
    let linked = &found(&facts, first).linked_prs;
    assert!(
        linked
            .iter()
            .any(|p| p.repo == "kubernetes/kubernetes" && p.number == 120001 && p.merged)
    );
    assert_eq!(facts.open_prs.len(), 1);
    let mut expected = vec![1, first];
    expected.sort_unstable();
    assert_eq!(facts.open_prs[0].kep_numbers(), expected);

    // Every kep.yaml of a requested KEP arrives with the bytes of the tree.
    for n in &numbers {
        let p = kep_yaml_path(&tree, *n);
        let got = facts
            .kep_files
            .iter()
            .find(|(fp, _)| *fp == p)
            .map(|(_, b)| b.as_slice());
        assert_eq!(got, tree.file(&p).map(|b| b.bytes.as_slice()), "{p}");
    }
    assert!(facts.kep_files.iter().any(|(p, _)| p == "OWNERS_ALIASES"));
    assert!(
        facts
            .kep_files
            .iter()
            .any(|(p, _)| p.starts_with("keps/prod-readiness/"))
    );
    assert!(
        facts
            .kep_files
            .iter()
            .any(|(p, _)| p.ends_with("/README.md"))
    );
    let unrequested = setup.seeds[300].number;
    assert!(
        !facts
            .kep_files
            .iter()
            .any(|(p, _)| kepsync::github::kep_number_of_path(p) == Some(unrequested))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_cycle_is_only_304s_even_after_a_restart() {
    let Some(tree) = corpus() else { return };
    let setup = Setup::new(tree, Vec::new()).await;
    let numbers = setup.first_numbers(300);
    let adapter = setup.adapter();
    let cold = adapter.observe(&numbers).await.expect("cold");
    setup.emulator.reset_counts();

    let idle = adapter.observe(&numbers).await.expect("idle");
    let counts = setup.emulator.counts();
    assert_eq!(counts.rate_limited, 0, "{counts:?}");
    assert_eq!(counts.not_modified, counts.total, "{counts:?}");
    assert_eq!(idle.stats.counted, 0);
    assert_eq!(idle.issues, cold.issues);
    assert_eq!(idle.kep_files, cold.kep_files);

    // A new process with the same state directory is idle too.
    setup.emulator.reset_counts();
    let restarted = setup
        .adapter()
        .observe(&numbers)
        .await
        .expect("after restart");
    assert_eq!(setup.emulator.counts().rate_limited, 0);
    assert_eq!(restarted.issues, cold.issues);
    assert_eq!(restarted.kep_files, cold.kep_files);
}

fn small_tree() -> Tree {
    let kep = |n: u64, stage: &str| {
        format!(
            "title: KEP {n}\nkep-number: {n}\nauthors:\n  - \"@author{n}\"\nowning-sig: sig-node\nstage: {stage}\nlatest-milestone: \"v1.37\"\n"
        )
    };
    Tree::from_files(vec![
        ("OWNERS_ALIASES".into(), b"aliases: {}\n".to_vec()),
        (
            "keps/sig-node/1001-a/kep.yaml".into(),
            kep(1001, "alpha").into_bytes(),
        ),
        ("keps/sig-node/1001-a/README.md".into(), b"# A\n".to_vec()),
        (
            "keps/prod-readiness/sig-node/1001.yaml".into(),
            b"kep-number: 1001\n".to_vec(),
        ),
        (
            "keps/sig-node/1002-b/kep.yaml".into(),
            kep(1002, "beta").into_bytes(),
        ),
        ("keps/sig-node/1002-b/README.md".into(), b"# B\n".to_vec()),
        (
            "keps/sig-node/1003-c/kep.yaml".into(),
            kep(1003, "stable").into_bytes(),
        ),
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_kep_yaml_costs_one_tree_call_and_one_blob_fetch() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let adapter = setup.adapter();
    adapter.observe(&[1001, 1002]).await.expect("cold");
    setup.emulator.reset_counts();

    let changed = b"title: KEP 1002 renamed\nkep-number: 1002\nstage: stable\n".to_vec();
    setup
        .emulator
        .set_file("keps/sig-node/1002-b/kep.yaml", Some(changed.clone()));
    let facts = adapter.observe(&[1001, 1002]).await.expect("after change");

    let counts = setup.emulator.counts();
    assert_eq!(
        counts.rate_limited,
        2,
        "{:?}",
        setup.emulator.log().entries()
    );
    let charged: Vec<_> = setup
        .emulator
        .log()
        .entries()
        .into_iter()
        .filter(|e| e.status != 304)
        .map(|e| (e.method, e.path))
        .collect();
    assert_eq!(
        charged,
        [
            (
                "GET".to_string(),
                "/repos/kubernetes/enhancements/git/trees/master".to_string()
            ),
            ("POST".to_string(), "/graphql".to_string())
        ]
    );
    let got = facts
        .kep_files
        .iter()
        .find(|(p, _)| p == "keps/sig-node/1002-b/kep.yaml");
    assert_eq!(got.map(|(_, b)| b.as_slice()), Some(changed.as_slice()));
    let blobs = setup.state.path().join("blobs");
    assert!(blobs.join(github_emulator::git_blob_sha(&changed)).exists());
    let old_kep = small_tree()
        .file("keps/sig-node/1002-b/kep.yaml")
        .map(|b| b.sha.clone());
    assert!(
        !blobs.join(old_kep.expect("old blob")).exists(),
        "blobs gone from the tree are pruned"
    );
    // An unrequested KEP's change costs only the tree call.
    setup.emulator.reset_counts();
    setup.emulator.set_file(
        "keps/sig-node/1003-c/kep.yaml",
        Some(b"title: x\n".to_vec()),
    );
    adapter
        .observe(&[1001, 1002])
        .await
        .expect("unrequested change");
    assert_eq!(setup.emulator.counts().rate_limited, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_issue_is_requeried_alone_and_a_new_pr_is_seen() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let adapter = setup.adapter();
    adapter.observe(&[1001, 1002, 1003]).await.expect("cold");
    setup.emulator.reset_counts();

    let mut seed = setup
        .seeds
        .iter()
        .find(|s| s.number == 1002)
        .cloned()
        .expect("seed");
    seed.title = "Renamed".into();
    seed.state = "closed".into();
    setup.emulator.upsert_issue(seed);
    let facts = adapter
        .observe(&[1001, 1002, 1003])
        .await
        .expect("after issue change");
    let f = found(&facts, 1002);
    assert_eq!((f.title.as_str(), f.open), ("Renamed", false));
    // Issue probe 200 + one GraphQL query; tree and pulls probes 304.
    assert_eq!(setup.emulator.counts().rate_limited, 2);

    setup.emulator.reset_counts();
    setup
        .emulator
        .upsert_pull(sample_pulls(1001, "keps/sig-node/1001-a/kep.yaml").remove(0));
    let facts = adapter
        .observe(&[1001, 1002, 1003])
        .await
        .expect("after new PR");
    assert_eq!(facts.open_prs.len(), 1);
    assert_eq!(facts.open_prs[0].kep_numbers(), vec![1, 1001]);
    // The issue list includes PRs, so its probe answers 200 too, but no issue is re-queried.
    assert_eq!(setup.emulator.counts().rate_limited, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_issue_is_a_per_issue_not_found() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let facts = setup
        .adapter()
        .observe(&[1001, 999_999, 1003])
        .await
        .expect("observe");
    assert_eq!(facts.issues.get(&999_999), Some(&IssueLookup::NotFound));
    assert_eq!(found(&facts, 1001).title, "KEP 1001");
    assert_eq!(found(&facts, 1003).title, "KEP 1003");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_cached_blob_is_discarded_and_fetched_again() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let cold = setup.adapter().observe(&[1001]).await.expect("cold");
    let sha = github_emulator::git_blob_sha(b"# A\n");
    let blob_file = setup.state.path().join("blobs").join(&sha);
    assert!(blob_file.exists(), "blob cached under its SHA");
    std::fs::write(&blob_file, b"# ").expect("corrupt the cache");
    setup.emulator.reset_counts();

    let again = setup
        .adapter()
        .observe(&[1001])
        .await
        .expect("after corruption");
    assert_eq!(again.kep_files, cold.kep_files);
    let log = setup.emulator.log().entries();
    let charged: Vec<_> = log
        .iter()
        .filter(|e| e.status != 304)
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(charged, ["/graphql"], "{log:?}");
    assert_eq!(std::fs::read(&blob_file).expect("re-cached"), b"# A\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_cross_reference_is_seen_once_the_cached_facts_are_old() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let mut cfg = GithubConfig::new("kubernetes/enhancements");
    cfg.base_url = Some(setup.server.url());
    cfg.issue_refresh = std::time::Duration::ZERO;
    let adapter = GithubAdapter::new(cfg).expect("adapter");
    let cold = adapter.observe(&[1001]).await.expect("cold");
    assert!(found(&cold, 1001).linked_prs.is_empty());

    // A merged k/k PR that references the issue does not move the issue's updated_at.
    let kk = sample_pulls(1001, "keps/sig-node/1001-a/kep.yaml").remove(1);
    setup.emulator.upsert_pull(kk);
    let facts = adapter.observe(&[1001]).await.expect("refresh");
    let linked = &found(&facts, 1001).linked_prs;
    assert_eq!(linked.len(), 1);
    assert!(linked[0].merged && !linked[0].open);
    assert_eq!(linked[0].repo, "kubernetes/kubernetes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blob_graphql_cannot_give_as_text_comes_from_rest() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let adapter = setup.adapter();
    adapter.observe(&[1001]).await.expect("cold");
    setup.emulator.reset_counts();

    let latin1 = b"# Caf\xe9\n".to_vec();
    setup
        .emulator
        .set_file("keps/sig-node/1001-a/README.md", Some(latin1.clone()));
    let facts = adapter.observe(&[1001]).await.expect("after change");
    let got = facts
        .kep_files
        .iter()
        .find(|(p, _)| p == "keps/sig-node/1001-a/README.md");
    assert_eq!(got.map(|(_, b)| b.as_slice()), Some(latin1.as_slice()));
    let charged: Vec<_> = setup
        .emulator
        .log()
        .entries()
        .into_iter()
        .filter(|e| e.status != 304)
        .map(|e| e.path)
        .collect();
    let blob = format!(
        "/repos/kubernetes/enhancements/git/blobs/{}",
        github_emulator::git_blob_sha(&latin1)
    );
    assert_eq!(
        charged,
        [
            "/repos/kubernetes/enhancements/git/trees/master",
            "/graphql",
            blob.as_str()
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issue_batch_without_data_is_split_and_retried() {
    let setup = Setup::new(small_tree(), Vec::new()).await;
    let adapter = setup.adapter();
    adapter.observe(&[1001, 1002, 1003]).await.expect("cold");
    for seed in &setup.seeds {
        let mut changed = seed.clone();
        changed.title = format!("{} v2", seed.title);
        setup.emulator.upsert_issue(changed);
    }
    setup.emulator.reset_counts();
    // The next GraphQL answer is a body without data, like a query that timed out.
    let fault = r#"{"path": "/graphql", "status": 200}"#;
    setup
        .emulator
        .faults()
        .add(serde_json::from_str(fault).expect("fault"));

    let facts = adapter.observe(&[1001, 1002, 1003]).await.expect("observe");
    for n in [1001, 1002, 1003] {
        assert_eq!(found(&facts, n).title, format!("KEP {n} v2"));
    }
    let graphql = setup
        .emulator
        .log()
        .entries()
        .into_iter()
        .filter(|e| e.path == "/graphql")
        .count();
    assert_eq!(
        graphql, 3,
        "the failed batch of three, then halves of one and two"
    );
}
