//! The cron `schedule`: parsed the way tokio-cron-scheduler parses it, and its real period for health.

use chrono::{DateTime, Utc};
use croner::Cron;
use croner::parser::{CronParser, Seconds};
use std::time::Duration;

/// How many upcoming ticks are inspected to find the longest gap (covers weekly patterns).
const TICKS_INSPECTED: usize = 400;

/// A schedule kepsync cannot run on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "schedule {schedule:?}: {reason} (6-field cron with seconds first, e.g. \"0 */5 * * * *\")"
)]
pub struct ScheduleError {
    pub schedule: String,
    pub reason: String,
}

/// Parses a 6-field cron pattern (seconds first), as `kepsync run` schedules it.
pub fn parse(schedule: &str) -> Result<Cron, ScheduleError> {
    let error = |reason: String| ScheduleError {
        schedule: schedule.to_string(),
        reason,
    };
    let cron = CronParser::builder()
        .seconds(Seconds::Required)
        .build()
        .parse(schedule)
        .map_err(|e| error(e.to_string()))?;
    match cron.find_next_occurrence(&Utc::now(), false) {
        Ok(_) => Ok(cron),
        Err(e) => Err(error(format!("it never fires: {e}"))),
    }
}

/// The longest time between two ticks of `schedule` (from now on), which is what health allows
/// 3 of: `0 0 9 * * MON-FRI` has a period of 3 days (the weekend), not one day.
pub fn period(schedule: &str) -> Result<Duration, ScheduleError> {
    Ok(longest_gap(&parse(schedule)?, Utc::now()))
}

/// The longest gap between consecutive ticks of `cron` among the next [`TICKS_INSPECTED`] after `from`.
pub fn longest_gap(cron: &Cron, from: DateTime<Utc>) -> Duration {
    // Stepped by hand: croner 3.0's iterator skips every other tick of `*/1 * * * * *`.
    let mut ticks: Vec<DateTime<Utc>> = Vec::with_capacity(TICKS_INSPECTED);
    let mut at = from;
    while ticks.len() < TICKS_INSPECTED {
        let Ok(next) = cron.find_next_occurrence(&at, false) else {
            break;
        };
        ticks.push(next);
        at = next;
    }
    ticks
        .windows(2)
        .filter_map(|w| (w[1] - w[0]).to_std().ok())
        .max()
        .unwrap_or(Duration::from_secs(300))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn gap(schedule: &str) -> Duration {
        // A Wednesday, so a weekday pattern meets a weekend within the ticks inspected.
        let from = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        longest_gap(&parse(schedule).unwrap(), from)
    }

    #[test]
    fn periods_of_common_schedules() {
        assert_eq!(gap("0 */5 * * * *"), Duration::from_secs(300));
        assert_eq!(gap("*/2 * * * * *"), Duration::from_secs(2));
        assert_eq!(gap("*/1 * * * * *"), Duration::from_secs(1));
        assert_eq!(gap("0 0 */2 * * *"), Duration::from_secs(7200));
        assert_eq!(gap("0 0 * * * *"), Duration::from_secs(3600));
    }

    #[test]
    fn irregular_schedules_take_their_longest_gap() {
        assert_eq!(gap("0 0,10 * * * *"), Duration::from_secs(50 * 60));
        assert_eq!(gap("0 0 9 * * MON-FRI"), Duration::from_secs(3 * 86_400));
    }

    #[test]
    fn bad_schedules_name_themselves() {
        let err = parse("*/5 * * * *").unwrap_err().to_string();
        assert!(err.contains("\"*/5 * * * *\""), "{err}");
        assert!(parse("0 61 * * * *").is_err());
        assert!(parse("every five minutes").is_err());
    }
}
