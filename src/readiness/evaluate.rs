//! One enhancement's readiness for the freezes in force: run the checks, pick the signal, word the cell.

use super::check::{Check, Failure};
use super::{issue_checks as issue, kep_checks as kep_check};
use crate::keps::{Kep, OwnersAliases};
use crate::model::calendar::{Calendar, Freeze, Timestamp};
use crate::model::{IssueFacts, OpenKepPr};
use crate::sheet::Rgb;

/// How an urgent Readiness cell starts: kepsync suggests At Risk, people set the Status.
pub const AT_RISK_PREFIX: &str = "At risk: ";

/// A freeze this close (or already passed) turns the signal red.
pub const RED_WITHIN_SECS: i64 = 3 * 86_400;

/// The traffic light of a Readiness cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Signal {
    /// Everything the freezes in force require holds.
    Ready,
    /// Something is missing, due at a freeze more than three days away.
    DueLater,
    /// Something is missing for a freeze that passed or is within three days.
    Urgent,
}

impl Signal {
    pub fn color(self) -> Rgb {
        match self {
            Signal::Ready => Rgb::GREEN,
            Signal::DueLater => Rgb::YELLOW,
            Signal::Urgent => Rgb::RED,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Signal::Ready => "ready",
            Signal::DueLater => "due later",
            Signal::Urgent => "urgent",
        }
    }
}

/// What one enhancement misses for the freezes in force, and how its Readiness cell shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub issue: u64,
    /// The next freeze ahead, if any.
    pub next_freeze: Option<Freeze>,
    /// Failed checks of the freezes in force, in check order.
    pub failures: Vec<Failure>,
    pub signal: Signal,
    /// The cell text: empty when ready, else the failures' messages joined by `; `, prefixed
    /// with [`AT_RISK_PREFIX`] when urgent.
    pub text: String,
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        self.failures.is_empty()
    }

    pub fn color(&self) -> Rgb {
        self.signal.color()
    }

    /// True when `check` failed.
    pub fn failed(&self, check: Check) -> bool {
        self.failures.iter().any(|f| f.check == check)
    }
}

/// Evaluates every check for the freezes in force at `now` (the next one and earlier ones).
///
/// `kep` is the merged KEP with the issue's number (if any); `open_prs` may hold every open
/// enhancements PR, only those touching this KEP count. `release` is normalised (`v1.37`).
/// Without `aliases` (OWNERS_ALIASES not read) the approver-listed check is skipped.
pub fn evaluate(
    kep: Option<&Kep>,
    issue: &IssueFacts,
    open_prs: &[OpenKepPr],
    aliases: Option<&OwnersAliases>,
    calendar: &Calendar,
    release: &str,
    now: Timestamp,
) -> Readiness {
    let touching: Vec<u64> = open_prs
        .iter()
        .filter(|p| p.kep_numbers().contains(&issue.number))
        .map(|p| p.number)
        .collect();
    let mut all = Vec::new();
    issue::issue_open(issue, &mut all);
    issue::in_milestone(issue, release, &mut all);
    issue::lead_opted_in(issue, &mut all);
    match kep {
        Some(k) => kep_checks(k, issue, aliases, release, &touching, &mut all),
        None => missing_kep(&touching, &mut all),
    }
    issue::code_merged(issue, &mut all);
    let in_force = calendar.in_force(now);
    let failures: Vec<Failure> = all
        .into_iter()
        .filter(|f| in_force.contains(&f.freeze))
        .collect();
    let signal = signal(&failures, calendar, now);
    let missing = failures
        .iter()
        .map(|f| f.message.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    // Red cells say so in words too (outreach and people reading without colour count them).
    let text = match signal {
        Signal::Urgent => format!("{AT_RISK_PREFIX}{missing}"),
        _ => missing,
    };
    Readiness {
        issue: issue.number,
        next_freeze: calendar.next_freeze(now),
        failures,
        signal,
        text,
    }
}

fn kep_checks(
    k: &Kep,
    issue: &IssueFacts,
    aliases: Option<&OwnersAliases>,
    release: &str,
    touching: &[u64],
    out: &mut Vec<Failure>,
) {
    let stage = kep_check::stage_set(k, out);
    if let Some(stage) = stage {
        kep_check::stage_label(issue, stage, out);
    }
    kep_check::latest_milestone(k, release, out);
    if let Some(stage) = stage {
        kep_check::stage_milestone(k, stage, release, out);
        let approver = kep_check::prr_approver(k, stage, out);
        if let (Some(a), Some(aliases)) = (approver, aliases) {
            kep_check::prr_approver_listed(&a, aliases, out);
        }
    }
    kep_check::prr_questionnaire(k, out);
    kep_check::status(k, stage, out);
    kep_check::test_plan(k, out);
    kep_check::graduation(k, stage, out);
    if !touching.is_empty() {
        out.push(Failure::new(
            Check::NoOtherOpenPr,
            format!("open PR {} still changes the KEP", pr_list(touching)),
        ));
    }
}

fn missing_kep(touching: &[u64], out: &mut Vec<Failure>) {
    if touching.is_empty() {
        out.push(Failure::new(
            Check::Proposal,
            "no KEP merged or in an open PR",
        ));
    } else {
        out.push(Failure::new(
            Check::KepMerged,
            format!(
                "KEP only in open PR {}, not merged (its content is checked once merged)",
                pr_list(touching)
            ),
        ));
    }
}

fn pr_list(prs: &[u64]) -> String {
    prs.iter()
        .map(|n| format!("#{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Red when any failure's freeze has passed or is within three days; yellow otherwise.
fn signal(failures: &[Failure], calendar: &Calendar, now: Timestamp) -> Signal {
    if failures.is_empty() {
        return Signal::Ready;
    }
    let urgent = failures.iter().any(|f| {
        calendar
            .at(f.freeze)
            .is_some_and(|t| t.0 - now.0 <= RED_WITHIN_SECS)
    });
    if urgent {
        Signal::Urgent
    } else {
        Signal::DueLater
    }
}
