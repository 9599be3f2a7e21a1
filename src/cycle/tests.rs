//! Unit tests of the cycle's conflict handling.

use super::conflicts::*;
use super::*;
use crate::sheet::{Snapshot, WriteToken};

fn lines(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_same_difference_on_every_attempt_is_a_persistent_conflict_naming_the_cell() {
    // Regression (issue 13): a cell kepsync read back in another form failed every cycle as
    // "the sheet kept changing", which reads as people editing and sends the operator to wait.
    let memory = ConflictMemory::default();
    let same = "Enhancements row 3 column Status: was \"X\", now \"X \"";
    let e = memory.failed(lines(&[same, same, same]));
    assert!(matches!(e, CycleError::PersistentConflict { .. }), "{e}");
    assert_eq!(e.kind(), "persistent_conflict");
    assert!(e.to_string().contains(same), "{e}");
    assert!(e.to_string().contains("not people editing"), "{e}");
}

#[test]
fn differences_that_change_are_people_editing_until_one_repeats_across_cycles() {
    let memory = ConflictMemory::default();
    let e = memory.failed(lines(&["row 2: a", "row 5: b", "row 9: c"]));
    assert!(matches!(e, CycleError::Conflict { .. }), "{e}");
    let e = memory.failed(lines(&["row 4: d", "row 7: e", "row 9: c"]));
    assert!(matches!(e, CycleError::PersistentConflict { .. }), "{e}");
    memory.clear();
    let e = memory.failed(lines(&["row 1: f", "row 9: c"]));
    assert!(matches!(e, CycleError::Conflict { .. }), "{e}");
}

#[test]
fn a_changed_write_token_is_a_difference() {
    let token = |id| {
        Some(WriteToken {
            id,
            value: String::new(),
        })
    };
    let snap = |t| Snapshot {
        write_token: t,
        board_status: None,
        status_seen: None,
        ..Snapshot::default()
    };
    assert!(written_since(token(5).as_ref(), &snap(token(5))).is_empty());
    let d = written_since(token(5).as_ref(), &snap(token(6)));
    assert_eq!(
        d,
        ["another kepsync wrote to the sheet since it was read (write token 5 → 6)"]
    );
    assert_eq!(written_since(None, &snap(token(6))).len(), 1);
    assert!(written_since(None, &snap(None)).is_empty());
}
