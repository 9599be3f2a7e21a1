//! The Status vocabulary: every Status word kepsync knows, and what each one means.
//!
//! People type Status; kepsync acts on its meaning (move a row out, bring it back, count it at
//! risk). This is the only place the words are spelled. Matching ignores case and spaces
//! ([`super::name::fold`]).

use super::calendar::Freeze;
use super::name::fold;

/// What a Status says about an enhancement (the kind; [`Said`] adds which freeze).
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
    /// An exception was granted: back in the release.
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

    /// A row with this Status on Removed from Milestone moves back to Enhancements (tracked for
    /// any freeze, or an exception approved); write-back marks its issue `tracked/yes`.
    pub fn returns_to_the_milestone(self) -> bool {
        matches!(self, Meaning::Tracked | Meaning::ExceptionApproved)
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

    /// The meaning as a heading (a Dashboard bucket that gathers several words).
    pub fn title(self) -> &'static str {
        match self {
            Meaning::Tracked => "Tracked",
            Meaning::AtRisk => "At Risk",
            Meaning::Removed => "Removed From Milestone",
            Meaning::Deferred => "Deferred",
            Meaning::ExceptionPending => "Exception Pending",
            Meaning::ExceptionApproved => "Exception Approved",
        }
    }
}

/// What one Status word says: its meaning, and for the per-freeze words which freeze
/// (`At Risk For Code Freeze` is at risk for [`Freeze::Code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Said {
    pub meaning: Meaning,
    pub freeze: Option<Freeze>,
}

impl Said {
    /// A meaning that names no freeze.
    pub const fn plain(meaning: Meaning) -> Said {
        Said {
            meaning,
            freeze: None,
        }
    }

    /// A meaning for one freeze.
    pub const fn at(meaning: Meaning, freeze: Freeze) -> Said {
        Said {
            meaning,
            freeze: Some(freeze),
        }
    }

    /// A bounded metric label: `tracked`, `at_risk_code_freeze`, `removed`, …
    pub fn label(self) -> String {
        match self.freeze {
            None => self.meaning.label().to_string(),
            Some(f) => format!("{}_{}_freeze", self.meaning.label(), freeze_key(f)),
        }
    }

    /// Reads a meaning as a team writes it in `[status.words]`: `tracked`, `at-risk`,
    /// `exception approved`, `tracked-for-code-freeze`, `At Risk For PRR Freeze` (case, spaces,
    /// `-` and `_` ignored).
    pub fn parse(text: &str) -> Option<Said> {
        let k: String = fold(text)
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .collect();
        let (kind, freeze) = match k.split_once("for") {
            Some((kind, rest)) => {
                let rest = rest.strip_suffix("freeze").unwrap_or(rest);
                let f = Freeze::ALL.into_iter().find(|f| {
                    let key = freeze_key(*f);
                    rest == key || (*f == Freeze::Enhancements && rest == "enhancement")
                })?;
                (kind, Some(f))
            }
            None => (k.as_str(), None),
        };
        let meaning = Meaning::ALL
            .into_iter()
            .find(|m| m.label().replace('_', "") == kind)?;
        if freeze.is_some() && !matches!(meaning, Meaning::Tracked | Meaning::AtRisk) {
            return None;
        }
        Some(Said { meaning, freeze })
    }
}

fn freeze_key(f: Freeze) -> &'static str {
    match f {
        Freeze::Prr => "prr",
        Freeze::Enhancements => "enhancements",
        Freeze::Code => "code",
        Freeze::Docs => "docs",
    }
}

/// The words a team types in Status, each with what it says; the first word of a meaning is the
/// one kepsync writes and offers (init's dropdown, the Dashboard's buckets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    words: Vec<(String, Said)>,
}

/// The vocabularies `[status] vocabulary` names.
pub const VOCABULARY_NAMES: [&str; 2] = ["classic", "per-freeze"];

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

    /// The current handbook's words (the release board's Status): tracked or at risk for each
    /// freeze.
    pub fn per_freeze() -> Vocabulary {
        let words = [
            (
                "Tracked For PRR Freeze",
                Said::at(Meaning::Tracked, Freeze::Prr),
            ),
            (
                "At Risk For PRR Freeze",
                Said::at(Meaning::AtRisk, Freeze::Prr),
            ),
            (
                "Tracked For Enhancement Freeze",
                Said::at(Meaning::Tracked, Freeze::Enhancements),
            ),
            (
                "At Risk For Enhancement Freeze",
                Said::at(Meaning::AtRisk, Freeze::Enhancements),
            ),
            (
                "Tracked For Code Freeze",
                Said::at(Meaning::Tracked, Freeze::Code),
            ),
            (
                "At Risk For Code Freeze",
                Said::at(Meaning::AtRisk, Freeze::Code),
            ),
            (
                "Tracked For Docs Freeze",
                Said::at(Meaning::Tracked, Freeze::Docs),
            ),
            (
                "At Risk For Docs Freeze",
                Said::at(Meaning::AtRisk, Freeze::Docs),
            ),
            ("Exception Pending", Said::plain(Meaning::ExceptionPending)),
            (
                "Exception Approved",
                Said::plain(Meaning::ExceptionApproved),
            ),
            ("Deferred", Said::plain(Meaning::Deferred)),
            ("Removed From Milestone", Said::plain(Meaning::Removed)),
        ];
        Vocabulary {
            words: words.iter().map(|(w, s)| (w.to_string(), *s)).collect(),
        }
    }

    /// The vocabulary `[status] vocabulary` names (`classic`, `per-freeze`; case, spaces, `-`
    /// and `_` ignored).
    pub fn named(name: &str) -> Option<Vocabulary> {
        let k: String = fold(name)
            .chars()
            .filter(|c| !matches!(c, '-' | '_'))
            .collect();
        match k.as_str() {
            "classic" => Some(Vocabulary::classic()),
            "perfreeze" => Some(Vocabulary::per_freeze()),
            _ => None,
        }
    }

    /// A vocabulary from (word, meaning) pairs, in the order they are offered.
    pub fn from_words<'a>(words: impl IntoIterator<Item = (&'a str, Meaning)>) -> Vocabulary {
        Vocabulary {
            words: words
                .into_iter()
                .map(|(w, m)| (w.to_string(), Said::plain(m)))
                .collect(),
        }
    }

    /// Adds a team's own word (or gives a known word another meaning); offered after the others.
    pub fn with_word(mut self, word: &str, said: Said) -> Vocabulary {
        let k = fold(word);
        self.words.retain(|(w, _)| fold(w) != k);
        self.words.push((word.trim().to_string(), said));
        self
    }

    /// What a typed Status says, ignoring case and spaces; `None` for a word not known.
    pub fn said(&self, typed: &str) -> Option<Said> {
        let k = fold(typed);
        self.words
            .iter()
            .find(|(w, _)| fold(w) == k)
            .map(|(_, s)| *s)
    }

    /// The meaning of a typed Status, ignoring case and spaces; `None` for a word not known.
    pub fn meaning(&self, typed: &str) -> Option<Meaning> {
        self.said(typed).map(|s| s.meaning)
    }

    /// Like [`Self::meaning`], but a word that starts with a known word counts as it
    /// (`At Risk For Code Freeze` is at risk): for counting, never for acting.
    pub fn loose_meaning(&self, typed: &str) -> Option<Meaning> {
        self.meaning(typed).or_else(|| {
            let k = fold(typed);
            self.words
                .iter()
                .find(|(w, _)| k.starts_with(&fold(w)))
                .map(|(_, s)| s.meaning)
        })
    }

    /// The word kepsync writes for `meaning` (the first of its words).
    pub fn word(&self, meaning: Meaning) -> &str {
        self.words
            .iter()
            .find(|(_, s)| s.meaning == meaning)
            .map_or_else(|| meaning.title(), |(w, _)| w.as_str())
    }

    /// The word kepsync writes for `said`: the one naming that freeze, else the meaning's first.
    pub fn word_for(&self, said: Said) -> &str {
        self.words
            .iter()
            .find(|(_, s)| *s == said)
            .map_or_else(|| self.word(said.meaning), |(w, _)| w.as_str())
    }

    /// A Dashboard bucket's heading: the meaning's one word, or its title when several words
    /// share it (the per-freeze words).
    pub fn bucket_title(&self, meaning: Meaning) -> &str {
        let mut of = self.words.iter().filter(|(_, s)| s.meaning == meaning);
        match (of.next(), of.next()) {
            (Some((w, _)), None) => w.as_str(),
            _ => meaning.title(),
        }
    }

    /// True when `typed` means `meaning`.
    pub fn says(&self, typed: &str, meaning: Meaning) -> bool {
        self.meaning(typed) == Some(meaning)
    }

    /// The metric label of a typed Status: its meaning ([`Said::label`]), `blank`, or `unknown`.
    pub fn metric_label(&self, typed: &str) -> String {
        if typed.trim().is_empty() {
            return "blank".into();
        }
        self.said(typed)
            .map_or_else(|| "unknown".to_string(), Said::label)
    }

    /// What kepsync says of a Status word it does not know (it acts on none).
    pub fn not_understood(&self, typed: &str) -> String {
        let known: Vec<&str> = self.words().collect();
        format!(
            "Status {:?} not understood, so kepsync does nothing with it (known: {})",
            typed.trim(),
            known.join(", ")
        )
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

/// The classic vocabulary, built once (tests and callers without a config).
pub fn classic() -> &'static Vocabulary {
    static CLASSIC: std::sync::LazyLock<Vocabulary> = std::sync::LazyLock::new(Vocabulary::classic);
    &CLASSIC
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
