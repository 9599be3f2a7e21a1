//! Which of a cycle's notes (a formula left alone, an issue opted in after the freeze, a value
//! the board has no option for, …) are new since the last cycle: the daemon logs only those, so
//! an idle cycle still says what changed without repeating itself every five minutes.

use std::collections::BTreeSet;
use std::sync::Mutex;

/// The notes of the last cycle.
#[derive(Debug, Default)]
pub struct NoteMemory(Mutex<BTreeSet<String>>);

impl NoteMemory {
    /// The notes of `now` the last cycle did not have; `now` becomes what is remembered (so a
    /// note that goes away and comes back is new again).
    pub fn new_since_last<'a>(&self, now: impl IntoIterator<Item = &'a String>) -> Vec<String> {
        let now: BTreeSet<String> = now.into_iter().cloned().collect();
        let mut last = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = now.difference(&last).cloned().collect();
        *last = now;
        fresh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_new_once_and_again_after_it_went_away() {
        let m = NoteMemory::default();
        let (a, b) = ("late".to_string(), "formula".to_string());
        assert_eq!(m.new_since_last([&a]), ["late"]);
        assert!(m.new_since_last([&a]).is_empty(), "repeated: not new");
        assert_eq!(m.new_since_last([&a, &b]), ["formula"]);
        assert!(m.new_since_last(std::iter::empty()).is_empty());
        assert_eq!(
            m.new_since_last([&a]),
            ["late"],
            "gone, then back: new again"
        );
    }
}
