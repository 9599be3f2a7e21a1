//! The Sync Log shows board and GitHub edits too: they happen after the sheet's batch, so their
//! rows go into the next batch (in the daemon, the next cycle), once, and then the cycle is idle.

use crate::support::board::{item, release_board};
use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::sheet::{SHEET_ID, enh_row, sheet};
use crate::support::world::World;
use kepsync::cycle::Mode;
use kepsync::sync::SYNC_LOG_HEADERS;
use serde_json::json;

#[tokio::test]
async fn board_edits_reach_the_sync_log_with_the_next_batch_once() {
    let Some(board) = release_board(vec![item(9100, json!({"Issue Number": "9100"}))]) else {
        eprintln!("SKIPPED: ../shared/board is not present");
        return;
    };
    let mut seed = sheet(&[], &[enh_row(9100, "Tracked", "", "")], &[]);
    seed["sheets"]
        .as_array_mut()
        .expect("tabs")
        .push(json!({"title": "Sync Log", "rows": [SYNC_LOG_HEADERS]}));
    let served = World::new(seed)
        .github(GithubSeed::demo().issues(demo_issues(1)).project(board))
        .set("tabs.sync-log", "Sync Log")
        .set("board.owner", "kubernetes")
        .set("board.number", 264)
        .set("board.write", true)
        .set("board.pause-ms", 0)
        .serve()
        .await;
    let board_rows = |served: &crate::support::world::Served| {
        let log = tab(&served.sheets.dump(SHEET_ID).expect("sheet"), "Sync Log");
        log.rows
            .iter()
            .filter(|r| r.get(2).is_some_and(|s| s == "board"))
            .count()
    };
    let first = served.syncer.cycle(Mode::Apply).await.expect("cycle 1");
    let sent = first.board_written.as_ref().map_or(0, |w| w.applied.len());
    assert!(sent > 0, "the board was written: {:?}", first.board);
    assert_eq!(
        board_rows(&served),
        0,
        "the board's edits came after the sheet's batch"
    );

    let second = served.syncer.cycle(Mode::Apply).await.expect("cycle 2");
    assert!(
        second.applied,
        "the waiting rows are written: {}",
        second.plan
    );
    assert_eq!(board_rows(&served), sent, "one row per board edit");

    let third = served.syncer.cycle(Mode::Apply).await.expect("cycle 3");
    assert!(!third.applied && third.plan.is_empty(), "{}", third.plan);
    assert_eq!(board_rows(&served), sent, "written once");
}
