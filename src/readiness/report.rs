//! The printed readiness report (`kepsync readiness`): one line per enhancement, then a summary.

use super::evaluate::{Readiness, Signal};
use crate::model::calendar::{Calendar, Timestamp};
use std::fmt::Write;

/// The failures' messages (the cell text without its at-risk prefix).
fn missing(r: &Readiness) -> String {
    r.failures
        .iter()
        .map(|f| f.message.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One enhancement as the report shows it.
pub struct ReportRow<'a> {
    pub issue: u64,
    pub title: &'a str,
    pub readiness: &'a Readiness,
}

/// The report: what each enhancement misses for the freezes in force, worst first.
pub fn report(rows: &[ReportRow<'_>], calendar: &Calendar, now: Timestamp) -> String {
    let mut out = String::new();
    let _ = match calendar.next_freeze(now) {
        Some(f) => writeln!(
            out,
            "Readiness at {} for {f} ({}) and earlier freezes:",
            now.utc_minutes(),
            calendar
                .at(f)
                .map(Timestamp::utc_minutes)
                .unwrap_or_default()
        ),
        None => writeln!(
            out,
            "Readiness at {} (every freeze has passed):",
            now.utc_minutes()
        ),
    };
    let mut sorted: Vec<&ReportRow<'_>> = rows.iter().collect();
    sorted.sort_by_key(|r| (std::cmp::Reverse(r.readiness.signal), r.issue));
    for r in &sorted {
        let _ = writeln!(
            out,
            "#{:<6} {:<9} {}{}",
            r.issue,
            r.readiness.signal.name(),
            r.title.trim(),
            if r.readiness.is_ready() {
                String::new()
            } else {
                format!("\n         missing: {}", missing(r.readiness))
            }
        );
    }
    let count = |s: Signal| rows.iter().filter(|r| r.readiness.signal == s).count();
    let _ = writeln!(
        out,
        "{} enhancement(s): {} ready, {} missing something due later, {} urgent (suggest At Risk)",
        rows.len(),
        count(Signal::Ready),
        count(Signal::DueLater),
        count(Signal::Urgent)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::{Check, Failure, Freeze};

    fn r(issue: u64, failures: Vec<Failure>, signal: Signal) -> Readiness {
        let text = failures
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; ");
        Readiness {
            issue,
            next_freeze: Some(Freeze::Prr),
            failures,
            signal,
            text,
        }
    }

    #[test]
    fn urgent_first_then_summary() {
        let ok = r(1, vec![], Signal::Ready);
        let bad = r(
            2,
            vec![Failure::new(
                Check::LeadOptedIn,
                "issue lacks the lead-opted-in label",
            )],
            Signal::Urgent,
        );
        let cal = Calendar {
            prr_freeze: Some(Timestamp(86_400)),
            ..Calendar::default()
        };
        let text = report(
            &[
                ReportRow {
                    issue: 1,
                    title: "One",
                    readiness: &ok,
                },
                ReportRow {
                    issue: 2,
                    title: "Two",
                    readiness: &bad,
                },
            ],
            &cal,
            Timestamp(0),
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "Readiness at 1970-01-01 00:00 UTC for PRR Freeze (1970-01-02 00:00 UTC) and earlier freezes:"
        );
        assert!(lines[1].starts_with("#2      urgent    Two"), "{text}");
        assert_eq!(
            lines[2],
            "         missing: issue lacks the lead-opted-in label"
        );
        assert!(lines[3].starts_with("#1      ready     One"), "{text}");
        assert_eq!(
            lines[4],
            "2 enhancement(s): 1 ready, 0 missing something due later, 1 urgent (suggest At Risk)"
        );
    }
}
