//! The cycle against in-memory fakes of its two ports: an idle sheet, a changing one, a lost
//! race with another kepsync, and a difference that never goes away. No HTTP, no emulator.

use super::*;
use crate::github::{CallStats, GithubError, GithubFacts};
use crate::model::{IssueFacts, IssueLookup};
use crate::sheet::{Tab, WriteToken};
use crate::sheets::BatchRequest;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::path::Path;

/// A sheet that answers reads from a script (the last snapshot repeats) and records batches.
struct FakeSheet {
    reads: RefCell<VecDeque<Snapshot>>,
    last: RefCell<Snapshot>,
    /// Answers for the next batches: `true` = another writer got there first.
    lose: RefCell<VecDeque<bool>>,
    batches: RefCell<Vec<(Option<i32>, usize)>>,
    counts: RefCell<(u64, u64)>,
}

impl FakeSheet {
    fn new(reads: Vec<Snapshot>) -> FakeSheet {
        FakeSheet {
            last: RefCell::new(reads[0].clone()),
            reads: RefCell::new(reads.into()),
            lose: RefCell::new(VecDeque::new()),
            batches: RefCell::new(Vec::new()),
            counts: RefCell::new((0, 0)),
        }
    }
}

impl SheetStore for FakeSheet {
    async fn snapshot(&self, _tabs: &[String]) -> Result<Snapshot, SheetsError> {
        self.counts.borrow_mut().0 += 1;
        if let Some(next) = self.reads.borrow_mut().pop_front() {
            *self.last.borrow_mut() = next;
        }
        Ok(self.last.borrow().clone())
    }

    async fn tabs(&self) -> Result<Vec<Tab>, SheetsError> {
        Ok(self.last.borrow().tabs.clone())
    }

    async fn apply_after(
        &self,
        planned_from: Option<&WriteToken>,
        _note: &str,
        requests: Vec<BatchRequest>,
    ) -> Result<(), SheetsError> {
        self.counts.borrow_mut().1 += 1;
        self.batches
            .borrow_mut()
            .push((planned_from.map(|t| t.id), requests.len()));
        if self.lose.borrow_mut().pop_front().unwrap_or(false) {
            return Err(SheetsError::WrittenSinceRead {
                operation: "batchUpdate".into(),
                token: "1".into(),
            });
        }
        Ok(())
    }

    fn counts(&self) -> (u64, u64) {
        *self.counts.borrow()
    }
}

/// GitHub knowing issue 7 (and nothing else).
struct FakeGithub;

impl GithubSource for FakeGithub {
    async fn observe(&self, _issues: &[u64]) -> Result<GithubFacts, GithubError> {
        let issue = IssueFacts {
            number: 7,
            title: "Feature 7".into(),
            url: "https://github.com/kubernetes/enhancements/issues/7".into(),
            open: true,
            assignees: vec!["alice".into()],
            labels: vec!["sig/node".into()],
            milestone: Some("v1.37".into()),
            linked_prs: vec![],
        };
        Ok(GithubFacts {
            issues: [(7, IssueLookup::Found(issue))].into(),
            ..GithubFacts::default()
        })
    }

    async fn apply_writes(&self, _plan: &WritebackPlan) -> WritebackOutcome {
        WritebackOutcome::default()
    }

    fn stats(&self) -> CallStats {
        CallStats::default()
    }
}

use crate::sync::fixtures::{ENH_HEADERS as HEADERS, tab};

/// The four tabs with issue 7 on Enhancements, Status `status`, and the write token `token`.
fn sheet(status: &str, token: Option<i32>) -> Snapshot {
    Snapshot {
        spreadsheet_id: "s".into(),
        tabs: vec![
            tab(1, "KEP Collection", &[&["Issue", "SIG", "Sync Status"]]),
            tab(
                2,
                "Enhancements",
                &[&HEADERS, &["7", "", "", "", "", "", "", status]],
            ),
            tab(3, "Removed from Milestone", &[&HEADERS]),
            tab(4, "Docs", &[&["Issue", "Name", "SIG"], &["7"]]),
        ],
        write_token: token.map(|id| WriteToken {
            id,
            value: String::new(),
        }),
        board_status: None,
        status_seen: None,
    }
}

fn cycle(reads: Vec<Snapshot>) -> Cycle<FakeSheet, FakeGithub> {
    let config = Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n",
        Path::new("(test)"),
        Vec::new(),
    )
    .expect("config");
    Cycle::new(config, FakeSheet::new(reads), FakeGithub)
}

fn run(c: &Cycle<FakeSheet, FakeGithub>) -> Result<CycleReport, CycleError> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(c.cycle(Mode::Apply))
}

#[test]
fn a_cycle_with_changes_reads_twice_and_writes_one_batch_planned_from_the_token_it_read() {
    let c = cycle(vec![sheet("Tracked", Some(41))]);
    let report = run(&c).expect("cycle");
    assert!(report.applied && report.attempts == 1);
    assert_eq!((report.sheets_reads, report.sheets_writes), (2, 1));
    let batches = c.sheets.batches.borrow();
    assert_eq!(batches.len(), 1);
    assert_eq!(
        batches[0].0,
        Some(41),
        "the batch is planned from the token read"
    );
}

/// A sheet with nothing to do: the four tabs, headers only.
fn idle(token: Option<i32>) -> Snapshot {
    let mut s = sheet("Tracked", token);
    s.tabs[1].rows.truncate(1);
    s.tabs[3].rows.truncate(1);
    s
}

#[test]
fn a_cycle_that_loses_the_race_replans_from_what_the_other_writer_wrote_and_writes_nothing() {
    // Our batch is refused (another kepsync applied one planned from the same token); the read
    // after that shows its result, which leaves nothing to do.
    let c = cycle(vec![
        sheet("Tracked", Some(41)),
        sheet("Tracked", Some(41)),
        idle(Some(42)),
    ]);
    c.sheets.lose.borrow_mut().push_back(true);
    let report = run(&c).expect("the loser's cycle succeeds");
    assert!(!report.applied, "nothing of the loser's was written");
    assert_eq!(report.attempts, 2);
    assert_eq!(
        c.sheets.batches.borrow().len(),
        1,
        "one batch sent, refused; none after"
    );
    assert_eq!(
        c.sheets.counts().0,
        3,
        "the snapshot, the re-read, the read after losing"
    );
}

#[test]
fn a_sheet_another_writer_keeps_changing_fails_after_three_attempts_having_written_nothing() {
    let reads = (1..=5).map(|t| sheet("Tracked", Some(t))).collect();
    let c = cycle(reads);
    let err = run(&c).expect_err("never settles");
    assert!(
        matches!(err, CycleError::Conflict { attempts: 3, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("another kepsync wrote"), "{err}");
    assert!(c.sheets.batches.borrow().is_empty(), "nothing was written");
}

#[test]
fn an_idle_sheet_costs_one_read_and_no_write() {
    let c = cycle(vec![idle(None)]);
    let report = run(&c).expect("cycle");
    assert!(!report.applied && report.plan.is_empty(), "{}", report.plan);
    assert_eq!((report.sheets_reads, report.sheets_writes), (1, 0));
}

#[test]
fn a_lost_race_replans_github_write_back_too() {
    // Regression (issue 14 review): after losing the race, the sheet plan was made again from the
    // re-read sheet but the GitHub write-back stayed the one planned from the first read, so
    // kepsync would label an issue for a row the other writer had already removed.
    let config = Config::from_toml(
        "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n[github]\nwrite = true\n",
        Path::new("(test)"),
        Vec::new(),
    )
    .expect("config");
    let first = Cycle::new(
        config.clone(),
        FakeSheet::new(vec![sheet("Tracked", Some(41))]),
        FakeGithub,
    );
    let planned = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(first.cycle(Mode::Plan))
        .expect("plan");
    assert!(
        !planned.writeback.is_empty(),
        "the first read asks for write-back"
    );
    let c = Cycle::new(
        config,
        FakeSheet::new(vec![
            sheet("Tracked", Some(41)),
            sheet("Tracked", Some(41)),
            idle(Some(42)),
        ]),
        FakeGithub,
    );
    c.sheets.lose.borrow_mut().push_back(true);
    let report = run(&c).expect("the loser's cycle succeeds");
    assert!(
        report.writeback.is_empty(),
        "write-back follows the re-plan: {:?}",
        report.writeback
    );
}

#[test]
fn rows_are_counted_by_meaning_and_any_odd_word_is_unknown() {
    for (typed, label) in [
        ("Tracked", "tracked"),
        (" at risk ", "at_risk"),
        ("Trackd", "unknown"),
        ("🙂 whatever people type", "unknown"),
        ("", "blank"),
    ] {
        let report = run(&cycle(vec![sheet(typed, Some(1))])).expect("cycle");
        assert_eq!(
            report.rows_by_status,
            [("Enhancements".to_string(), label.to_string(), 1)],
            "{typed:?}"
        );
    }
}
