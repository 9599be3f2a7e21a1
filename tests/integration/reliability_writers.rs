//! Two kepsync writers on one sheet (issue 13): a daemon and a `kepsync sync` by hand, or two pods
//! of a rolling update, planning from the same sheet state. A gate holds each batchUpdate until the
//! other writer's has arrived too, so every try is a true race (both planned, both re-read, both
//! sending). After each try: no row duplicated, no wrong row moved, exactly one batch applied,
//! and a third kepsync plans nothing.
//!
//! `KEPTEST_WRITERS_TRIES` (default 30).

use crate::support::dump::{TabDump, tab};
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::hooks::Around;
use crate::support::rng::env_count;
use crate::support::sheet::{enh_row, sheet};
use crate::support::world::World;
use emulator_kit::Request;
use kepsync::cycle::{CycleReport, Mode};
use serde_json::Value;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Holds each batchUpdate until `expected` have arrived (or a timeout passes).
#[derive(Default)]
struct Gate {
    arrived: Mutex<usize>,
    all_in: Condvar,
}

impl Gate {
    fn wait_for(&self, expected: usize) {
        let mut n = self.arrived.lock().unwrap();
        *n += 1;
        let _ = self
            .all_in
            .wait_timeout_while(n, Duration::from_secs(5), |n| *n < expected)
            .unwrap();
        self.all_in.notify_all();
    }
}

fn issues_of(t: &TabDump) -> Vec<u64> {
    (1..t.rows.len())
        .filter_map(|r| t.cell(r, 0).trim().parse().ok())
        .collect()
}

/// Collection: 9100 (new). Enhancements: 9101 and 9103 marked for removal, each with a Tracked
/// row below (9102, 9104) that must stay.
fn seed() -> Value {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    sheet(
        &[s(&["9100", "sig-node", ""])],
        &[
            enh_row(9101, "Removed from Milestone", "", ""),
            enh_row(9102, "Tracked", "", "keep me"),
            enh_row(9103, "Removed from Milestone", "", ""),
            enh_row(9104, "Tracked", "", "keep me too"),
        ],
        &[],
    )
}

async fn one_try() -> (Vec<CycleReport>, CycleReport, Value) {
    let gate = Arc::new(Gate::default());
    let world = World::new(seed())
        .github(GithubSeed::demo().issues(demo_issues(10)).demo_pulls())
        .sheets_through(move |sheets| {
            Arc::new(Around {
                inner: sheets.handler(),
                before: move |r: &Request| {
                    if r.method == http::Method::POST && r.path.ends_with(":batchUpdate") {
                        gate.wait_for(2);
                    }
                },
            })
        })
        .serve()
        .await;
    let config = world.syncer.config.clone();
    let second = kepsync::commands::connect_with_token(config, Some("gh-token".into()))
        .await
        .expect("second kepsync");
    let (a, b) = tokio::join!(world.syncer.cycle(Mode::Apply), second.cycle(Mode::Apply));
    let reports = vec![a.expect("first writer"), b.expect("second writer")];
    let after = world.syncer.cycle(Mode::Plan).await.expect("third look");
    (reports, after, world.dump())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_writers_planning_from_one_sheet_state_never_duplicate_or_move_the_wrong_rows() {
    let tries = env_count("KEPTEST_WRITERS_TRIES", 30);
    let (mut duplicates, mut wrong_moves, mut double_applies, mut unsettled) = (0, 0, 0, 0);
    for i in 0..tries {
        let (reports, after, dump) = one_try().await;
        if !after.plan.is_empty() {
            unsettled += 1;
            eprintln!("try {i}: a third kepsync still plans:\n{}", after.plan);
        }
        let enh = issues_of(&tab(&dump, "Enhancements"));
        let removed = issues_of(&tab(&dump, "Removed from Milestone"));
        let docs = issues_of(&tab(&dump, "Docs"));
        let mut all = enh.clone();
        all.extend(&removed);
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        let mut docs_unique = docs.clone();
        docs_unique.sort_unstable();
        docs_unique.dedup();
        if unique.len() != all.len() || docs_unique.len() != docs.len() {
            duplicates += 1;
            eprintln!(
                "try {i}: duplicated rows: enhancements {enh:?} removed {removed:?} docs {docs:?}"
            );
        }
        let mut gone = removed.clone();
        gone.sort_unstable();
        if gone != [9101, 9103] || !enh.contains(&9102) || !enh.contains(&9104) {
            wrong_moves += 1;
            eprintln!("try {i}: wrong moves: enhancements {enh:?} removed {removed:?}");
        }
        let applied = reports.iter().filter(|r| r.applied).count();
        if applied != 1 {
            double_applies += 1;
            eprintln!("try {i}: {applied} writers applied a batch");
        }
        assert!(
            enh.contains(&9100),
            "try {i}: the intake is missing: {enh:?}"
        );
    }
    eprintln!(
        "two writers: {tries} tries, {duplicates} with duplicated rows, {wrong_moves} with wrong moves, {double_applies} with other than one batch applied, {unsettled} left for a third cycle"
    );
    assert_eq!(
        (duplicates, wrong_moves, double_applies, unsettled),
        (0, 0, 0, 0)
    );
}
