//! `[status] advance` across a freeze on an injected clock (no waiting): the cycle's clock is
//! stepped from an hour before PRR Freeze to an hour after it, against in-process emulators.

use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::sheet::{SHEET_ID, enh_row, sheet};
use crate::support::world::World;
use kepsync::cycle::Mode;
use kepsync::readiness::Timestamp;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// 2026-06-01T00:00:00Z.
const PRR_FREEZE: i64 = 1_780_272_000;

fn status(dump: &serde_json::Value, issue: &str) -> String {
    let t = tab(dump, "Enhancements");
    let c = t.col(0, "Status").expect("Status column");
    let r = t.rows.iter().position(|r| r[0] == issue).expect("row");
    t.cell(r, c).to_string()
}

#[tokio::test]
async fn advance_steps_rows_kepsync_saw_across_a_freeze_on_an_injected_clock() {
    let tracked = "Tracked For PRR Freeze";
    let rows = [9001, 9100, 9101].map(|n| enh_row(n, tracked, "", ""));
    let served = World::new(sheet(&[], &rows, &[]))
        .github(GithubSeed::demo().issues(demo_issues(2)))
        .set("status.vocabulary", "per-freeze")
        .set("status.advance", true)
        .set("calendar.prr-freeze", "2026-06-01T00:00:00Z")
        .set("calendar.enhancements-freeze", "2026-07-01T00:00:00Z")
        .set("calendar.code-freeze", "2026-08-01T00:00:00Z")
        .serve()
        .await;
    let now = Arc::new(AtomicI64::new(PRR_FREEZE - 3600));
    let clock = now.clone();
    let syncer = served
        .syncer
        .with_clock(Box::new(move || Timestamp(clock.load(Ordering::SeqCst))));

    // Before the freeze: nothing advances; kepsync remembers what it saw.
    syncer.cycle(Mode::Apply).await.expect("cycle before");
    let before = served.sheets.dump(SHEET_ID).expect("sheet");
    for n in ["9001", "9100", "9101"] {
        assert_eq!(status(&before, n), tracked, "#{n} before the freeze");
    }
    // A person changes 9101 after kepsync saw it.
    let mut edited = before.clone();
    let rows = edited["sheets"][1]["rows"].as_array_mut().expect("rows");
    let row = rows.iter_mut().find(|r| r[0] == "9101").expect("9101");
    row[7] = serde_json::json!("Tracked For Enhancement Freeze");
    served.sheets.load(edited).expect("the edited sheet loads");

    // An hour after the freeze.
    now.store(PRR_FREEZE + 3600, Ordering::SeqCst);
    let report = syncer.cycle(Mode::Apply).await.expect("cycle after");
    let after = served.sheets.dump(SHEET_ID).expect("sheet");
    let plan = report.plan.to_string();
    // 9100 has no KEP, so PRR Freeze's checks are unmet: at risk for it.
    assert_eq!(status(&after, "9100"), "At Risk For PRR Freeze", "{plan}");
    // 9001 moved on from the word kepsync saw, one way or the other.
    let advanced = status(&after, "9001");
    assert!(
        ["Tracked For Enhancement Freeze", "At Risk For PRR Freeze"].contains(&advanced.as_str()),
        "{advanced}: {plan}"
    );
    // The person's word stays, though its checks are unmet too.
    assert_eq!(
        status(&after, "9101"),
        "Tracked For Enhancement Freeze",
        "{plan}"
    );

    // Nothing more to do an hour later.
    now.store(PRR_FREEZE + 7200, Ordering::SeqCst);
    let idle = syncer.cycle(Mode::Apply).await.expect("idle cycle");
    assert!(idle.plan.is_empty(), "{}", idle.plan);
}
