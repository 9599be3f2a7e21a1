//! Planner tests of the Status vocabulary: per-freeze and a team's own words move rows both
//! ways, intake writes the configured word, and an unknown word is never acted on but named.

use super::*;
use crate::model::{Freeze, Meaning, Said, Vocabulary};

fn moves(p: &Plan) -> Vec<(u64, Role)> {
    p.moves.iter().map(|m| (m.issue, m.to)).collect()
}

#[test]
fn per_freeze_words_move_rows_out_and_back() {
    let mut w = World::new(
        vec![],
        vec![
            enh_row("10", "Tracked For Code Freeze", ""),
            enh_row("11", "Deferred", ""),
            enh_row("12", "removed from milestone", ""),
            enh_row("13", "At Risk For Enhancement Freeze", ""),
        ],
        vec![
            enh_row("20", "tracked for prr freeze", ""),
            enh_row("21", "Exception Approved", ""),
            enh_row("22", "Exception Pending", ""),
        ],
        vec![],
    )
    .found(&[10, 11, 12, 13, 20, 21, 22]);
    w.vocabulary = Vocabulary::per_freeze();
    let p = w.plan();
    assert_eq!(
        moves(&p),
        [
            (11, Role::Removed),
            (12, Role::Removed),
            (20, Role::Enhancements),
            (21, Role::Enhancements),
        ]
    );
    // The same sheet read with the classic words: the per-freeze words mean nothing there.
    w.vocabulary = Vocabulary::classic();
    let p = w.plan();
    assert_eq!(
        moves(&p),
        [
            (11, Role::Removed),
            (12, Role::Removed),
            (21, Role::Enhancements)
        ]
    );
    assert!(
        p.warnings
            .iter()
            .any(|w| w.contains("(#10): Status \"Tracked For Code Freeze\" not understood")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn a_teams_own_words_drive_moves() {
    let mut w = World::new(
        vec![],
        vec![enh_row("10", "Bumped", ""), enh_row("11", "Tracked", "")],
        vec![enh_row("20", "On Track", "")],
        vec![],
    )
    .found(&[10, 11, 20]);
    w.vocabulary = Vocabulary::classic()
        .with_word("Bumped", Said::plain(Meaning::Deferred))
        .with_word("On Track", Said::plain(Meaning::Tracked));
    assert_eq!(
        moves(&w.plan()),
        [(10, Role::Removed), (20, Role::Enhancements)]
    );
}

#[test]
fn intake_writes_the_vocabularys_tracked_word_for_the_next_freeze() {
    let mut w = World::new(vec![vec!["1001"]], vec![], vec![], vec![]).found(&[1001]);
    let status_of = |p: &Plan| {
        p.new_rows
            .iter()
            .find(|r| r.role == Role::Enhancements)
            .and_then(|r| r.cells.iter().find(|(c, _)| *c == 7))
            .and_then(|(_, s)| s.text.clone())
    };
    assert_eq!(status_of(&w.plan()).as_deref(), Some("Tracked"));
    w.vocabulary = Vocabulary::per_freeze();
    assert_eq!(
        status_of(&w.plan()).as_deref(),
        Some("Tracked For PRR Freeze")
    );
    w.next_freeze = Some(Freeze::Code);
    assert_eq!(
        status_of(&w.plan()).as_deref(),
        Some("Tracked For Code Freeze")
    );
}

#[test]
fn an_unknown_status_stays_put_and_its_sync_status_names_it_and_the_known_words() {
    let w = World::new(
        vec![vec!["10"], vec!["20"], vec!["30"]],
        vec![enh_row("10", "Removd", ""), enh_row("30", "", "")],
        vec![enh_row("20", "Trakced", "")],
        vec![],
    )
    .found(&[10, 20, 30]);
    let p = w.plan();
    assert!(p.moves.is_empty(), "{:?}", p.moves);
    let statuses = sync_statuses(&p);
    let known = "known: Tracked, At Risk, Removed from Milestone, Deferred, Exception Pending, Exception Approved";
    assert_eq!(
        statuses[0],
        (
            2,
            format!(
                "tracked in Enhancements; Status \"Removd\" not understood, so kepsync does nothing with it ({known})"
            )
        )
    );
    assert!(
        statuses[1]
            .1
            .starts_with("already in Removed from Milestone; Status \"Trakced\" not understood")
    );
    // A blank Status is not a word: nothing to say.
    assert_eq!(statuses[2], (4, "tracked in Enhancements".to_string()));
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
}
