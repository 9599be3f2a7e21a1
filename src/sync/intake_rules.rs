//! When and what the two intakes take in: label intake's listing and its milestone rule, and
//! intake closing at `[calendar] enhancements-freeze` (for KEP Collection and labels alike).

use crate::config::Config;
use crate::model::{Freeze, IssueFacts, IssueLookup, LabelledIssues, Timestamp};

/// The intake settings and facts one plan uses.
#[derive(Debug, Clone, Copy)]
pub struct IntakeRules<'a> {
    /// Label intake's listing; `None` when `[intake] label` is unset.
    pub labelled: Option<&'a LabelledIssues>,
    /// With `[intake] milestone = true`: the milestone a labelled issue must have (`v1.37`).
    pub milestone: Option<&'a str>,
    /// When intake closes: the Enhancements Freeze, if the calendar dates it.
    pub closes_at: Option<Timestamp>,
    /// The cycle's clock.
    pub now: Timestamp,
}

impl Default for IntakeRules<'_> {
    /// Label intake off, intake never closing.
    fn default() -> Self {
        IntakeRules {
            labelled: None,
            milestone: None,
            closes_at: None,
            now: Timestamp(0),
        }
    }
}

impl<'a> IntakeRules<'a> {
    pub fn new(cfg: &'a Config, labelled: Option<&'a LabelledIssues>, now: Timestamp) -> Self {
        IntakeRules {
            labelled: labelled.filter(|_| cfg.intake.label().is_some()),
            milestone: cfg.intake.milestone.then_some(cfg.release.as_str()),
            closes_at: cfg.calendar().and_then(|c| c.at(Freeze::Enhancements)),
            now,
        }
    }

    /// True once the freeze has passed: nothing new is taken in from KEP Collection. kepsync
    /// takes in every cycle, so a row added before the freeze is already tracked by then.
    pub fn closed(&self) -> bool {
        self.closes_at.is_some_and(|t| self.now >= t)
    }

    /// True when an issue opted in at `at` (Unix seconds) came after the freeze.
    pub fn late(&self, at: i64) -> bool {
        self.closes_at.is_some_and(|t| at > t.0)
    }

    /// What the plan, the log and Sync Status say of an issue opted in too late.
    pub fn late_note(&self) -> String {
        let date = self
            .closes_at
            .map(Timestamp::utc_minutes)
            .unwrap_or_default();
        format!(
            "opted in after {} ({date}): needs an exception",
            Freeze::Enhancements
        )
    }

    /// Whether labelled issue `facts` may be taken in: open, still labelled, and with the
    /// release milestone when `[intake] milestone = true`.
    pub fn eligible(&self, labelled: &LabelledIssues, facts: &IssueFacts) -> bool {
        facts.open
            && labelled.carries(facts)
            && self.milestone.is_none_or(|m| {
                facts
                    .milestone
                    .as_deref()
                    .is_some_and(|f| same_release(f, m))
            })
    }

    /// "label X is gone" for an issue kepsync once saw labelled that is open without it now.
    pub fn label_gone(&self, n: u64, lookup: Option<&IssueLookup>) -> Option<String> {
        let labelled = self.labelled?;
        let Some(IssueLookup::Found(f)) = lookup else {
            return None;
        };
        (labelled.seen.contains(&n) && f.open && !labelled.carries(f)).then(|| {
            format!(
                "label {} is gone (kepsync keeps the row; people decide)",
                labelled.label
            )
        })
    }
}

/// `1.37` and `v1.37` name the same release.
fn same_release(a: &str, b: &str) -> bool {
    a.trim().trim_start_matches(['v', 'V']) == b.trim().trim_start_matches(['v', 'V'])
}
