//! The Status vocabulary: every Status word kepsync knows, and what each one means.
//!
//! People type Status; kepsync acts on its meaning (move a row out, bring it back, count it at
//! risk). This is the only place the words are spelled. Matching ignores case and spaces
//! ([`super::name::fold`]).

use super::name::fold;

/// What a Status says about an enhancement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Meaning {
    /// In the release and on track.
    Tracked,
    /// In the release, but a freeze requirement is not met yet.
    AtRisk,
    /// Out of the release (missed a freeze, or pulled).
    Removed,
    /// Out of the release: the SIG moved it to a later one.
    Deferred,
    /// Out of the release while an exception is asked for.
    ExceptionPending,
    /// An exception was granted.
    ExceptionApproved,
}

impl Meaning {
    /// Every meaning, in the order the handbook lists the words.
    pub const ALL: [Meaning; 6] = [
        Meaning::Tracked,
        Meaning::AtRisk,
        Meaning::Removed,
        Meaning::Deferred,
        Meaning::ExceptionPending,
        Meaning::ExceptionApproved,
    ];

    /// A row with this Status on Enhancements moves to Removed from Milestone.
    pub fn leaves_the_milestone(self) -> bool {
        matches!(self, Meaning::Removed | Meaning::Deferred)
    }

    /// A row with this Status on Removed from Milestone moves back to Enhancements.
    pub fn returns_to_the_milestone(self) -> bool {
        matches!(self, Meaning::Tracked)
    }

    /// A short stable name for metrics and JSON (`tracked`, `at_risk`, …).
    pub fn label(self) -> &'static str {
        match self {
            Meaning::Tracked => "tracked",
            Meaning::AtRisk => "at_risk",
            Meaning::Removed => "removed",
            Meaning::Deferred => "deferred",
            Meaning::ExceptionPending => "exception_pending",
            Meaning::ExceptionApproved => "exception_approved",
        }
    }
}

/// The words a team types in Status, each with its meaning; the first word of a meaning is the
/// one kepsync writes and offers (init's dropdown, the Dashboard's buckets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    words: Vec<(String, Meaning)>,
}

impl Vocabulary {
    /// The sheet-era handbook's words.
    pub fn classic() -> Vocabulary {
        Vocabulary::from_words([
            ("Tracked", Meaning::Tracked),
            ("At Risk", Meaning::AtRisk),
            ("Removed from Milestone", Meaning::Removed),
            ("Deferred", Meaning::Deferred),
            ("Exception Pending", Meaning::ExceptionPending),
            ("Exception Approved", Meaning::ExceptionApproved),
        ])
    }

    /// A vocabulary from (word, meaning) pairs, in the order they are offered.
    pub fn from_words<'a>(words: impl IntoIterator<Item = (&'a str, Meaning)>) -> Vocabulary {
        Vocabulary {
            words: words.into_iter().map(|(w, m)| (w.to_string(), m)).collect(),
        }
    }

    /// The meaning of a typed Status, ignoring case and spaces; `None` for a word not known.
    pub fn meaning(&self, typed: &str) -> Option<Meaning> {
        let k = fold(typed);
        self.words
            .iter()
            .find(|(w, _)| fold(w) == k)
            .map(|(_, m)| *m)
    }

    /// Like [`Self::meaning`], but a word that starts with a known word counts as it
    /// (`At Risk For Code Freeze` is at risk): for counting, never for acting.
    pub fn loose_meaning(&self, typed: &str) -> Option<Meaning> {
        self.meaning(typed).or_else(|| {
            let k = fold(typed);
            self.words
                .iter()
                .find(|(w, _)| k.starts_with(&fold(w)))
                .map(|(_, m)| *m)
        })
    }

    /// The word kepsync writes for `meaning`.
    pub fn word(&self, meaning: Meaning) -> &str {
        self.words
            .iter()
            .find(|(_, m)| *m == meaning)
            .map_or_else(|| meaning.label(), |(w, _)| w.as_str())
    }

    /// True when `typed` means `meaning`.
    pub fn says(&self, typed: &str, meaning: Meaning) -> bool {
        self.meaning(typed) == Some(meaning)
    }

    /// Every word, in the order offered (init's Status dropdown).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|(w, _)| w.as_str())
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::classic()
    }
}

/// The classic vocabulary, built once: what every consumer uses until `[status]` chooses one.
pub fn classic() -> &'static Vocabulary {
    static CLASSIC: std::sync::LazyLock<Vocabulary> = std::sync::LazyLock::new(Vocabulary::classic);
    &CLASSIC
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classic(typed: &str) -> Option<Meaning> {
        Vocabulary::classic().meaning(typed)
    }

    #[test]
    fn tracked_means_tracked_and_brings_a_row_back() {
        assert_eq!(classic(" tracked "), Some(Meaning::Tracked));
        assert!(Meaning::Tracked.returns_to_the_milestone());
        assert!(!Meaning::Tracked.leaves_the_milestone());
    }

    #[test]
    fn at_risk_means_at_risk_and_stays() {
        assert_eq!(classic("AT RISK"), Some(Meaning::AtRisk));
        assert!(!Meaning::AtRisk.leaves_the_milestone());
        assert!(!Meaning::AtRisk.returns_to_the_milestone());
    }

    #[test]
    fn removed_from_milestone_means_removed_and_moves_a_row_out() {
        assert_eq!(classic("Removed From Milestone "), Some(Meaning::Removed));
        assert_eq!(classic("RemovedFromMilestone"), Some(Meaning::Removed));
        assert!(Meaning::Removed.leaves_the_milestone());
    }

    #[test]
    fn deferred_means_deferred_and_moves_a_row_out() {
        assert_eq!(classic("deferred"), Some(Meaning::Deferred));
        assert!(Meaning::Deferred.leaves_the_milestone());
    }

    #[test]
    fn exception_pending_means_pending_and_moves_nothing() {
        assert_eq!(
            classic("Exception pending"),
            Some(Meaning::ExceptionPending)
        );
        assert!(!Meaning::ExceptionPending.leaves_the_milestone());
        assert!(!Meaning::ExceptionPending.returns_to_the_milestone());
    }

    #[test]
    fn exception_approved_means_approved() {
        assert_eq!(
            classic("exception approved"),
            Some(Meaning::ExceptionApproved)
        );
        assert!(!Meaning::ExceptionApproved.leaves_the_milestone());
    }

    #[test]
    fn an_unknown_word_means_nothing_but_may_count_loosely() {
        let v = Vocabulary::classic();
        assert_eq!(v.meaning("At Risk For Code Freeze"), None);
        assert_eq!(
            v.loose_meaning("At Risk For Code Freeze"),
            Some(Meaning::AtRisk)
        );
        assert_eq!(v.meaning("maybe"), None);
        assert_eq!(v.loose_meaning("maybe"), None);
        assert_eq!(v.meaning(""), None);
    }

    #[test]
    fn the_written_word_is_the_first_of_its_meaning_and_words_keep_their_order() {
        let v = Vocabulary::classic();
        assert_eq!(v.word(Meaning::Removed), "Removed from Milestone");
        let words: Vec<&str> = v.words().collect();
        assert_eq!(words.len(), 6);
        assert_eq!(words[0], "Tracked");
        assert_eq!(words[5], "Exception Approved");
    }
}
