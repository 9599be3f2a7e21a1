//! The release calendar: the four freezes, their instants, and the date-times `[calendar]`
//! takes. The time math (offsets, IANA zones and their daylight saving) is jiff's.

use jiff::ZonedDateTime;
use jiff::fmt::temporal::Pieces;
use jiff::tz::{AmbiguousOffset, TimeZone};
use std::fmt;

/// Seconds since the Unix epoch (UTC). The clock is read at the edge and passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock (the one impure edge of this module).
    pub fn now() -> Timestamp {
        Timestamp(jiff::Timestamp::now().as_second())
    }

    /// `2026-02-12T08:00:00Z`, as the `[calendar]` keys take it.
    pub fn rfc3339(self) -> String {
        self.instant().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// `2026-02-12 08:00 UTC`, for messages.
    pub fn utc_minutes(self) -> String {
        self.instant().strftime("%Y-%m-%d %H:%M UTC").to_string()
    }

    /// The instant as jiff's, clamped to the years jiff spans (-9999 to 9999).
    fn instant(self) -> jiff::Timestamp {
        let secs = self.0.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        );
        jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }
}

/// How a `[calendar]` date-time may be written, for error messages.
pub const DATE_TIME_FORMS: &str = "write a date-time and an IANA zone, like 2026-02-12T16:00 America/Los_Angeles, or RFC 3339 with an offset, like 2026-02-12T16:00:00-08:00";

/// Why a date in the calendar could not be read: the field, the value as written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub field: String,
    pub value: String,
    pub why: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?}: {} ({DATE_TIME_FORMS})",
            self.field, self.value, self.why
        )
    }
}

impl std::error::Error for DateError {}

/// The release freezes, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Freeze {
    Prr,
    Enhancements,
    Code,
    Docs,
}

impl Freeze {
    pub const ALL: [Freeze; 4] = [
        Freeze::Prr,
        Freeze::Enhancements,
        Freeze::Code,
        Freeze::Docs,
    ];
}

impl fmt::Display for Freeze {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Freeze::Prr => "PRR Freeze",
            Freeze::Enhancements => "Enhancements Freeze",
            Freeze::Code => "Code Freeze",
            Freeze::Docs => "Docs Freeze",
        })
    }
}

/// When each freeze happens; a freeze without a date is never "due".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calendar {
    pub prr_freeze: Option<Timestamp>,
    pub enhancements_freeze: Option<Timestamp>,
    pub code_freeze: Option<Timestamp>,
    pub docs_freeze: Option<Timestamp>,
}

impl Calendar {
    /// The instant of `freeze`, if the calendar names one.
    pub fn at(&self, freeze: Freeze) -> Option<Timestamp> {
        match freeze {
            Freeze::Prr => self.prr_freeze,
            Freeze::Enhancements => self.enhancements_freeze,
            Freeze::Code => self.code_freeze,
            Freeze::Docs => self.docs_freeze,
        }
    }

    /// The first dated freeze still ahead of `now`; `None` once all have passed.
    pub fn next_freeze(&self, now: Timestamp) -> Option<Freeze> {
        Freeze::ALL
            .into_iter()
            .find(|f| self.at(*f).is_some_and(|t| t > now))
    }

    /// The freezes whose requirements apply at `now`: every freeze up to and including the next
    /// one (earlier freezes stay in force), or all of them once every date has passed.
    pub fn in_force(&self, now: Timestamp) -> Vec<Freeze> {
        match self.next_freeze(now) {
            Some(next) => Freeze::ALL.into_iter().filter(|f| *f <= next).collect(),
            None => Freeze::ALL.to_vec(),
        }
    }
}

/// Parses a `[calendar]` date-time into Unix seconds; the error names `field` and the value.
/// See [`parse_zoned`] for the forms.
pub fn parse_date_time(field: &str, value: &str) -> Result<Timestamp, DateError> {
    parse_zoned(value)
        .map(|z| Timestamp(z.timestamp().as_second()))
        .map_err(|why| DateError {
            field: field.to_string(),
            value: value.to_string(),
            why,
        })
}

/// A date-time as written, in the zone it was written in (for showing it back to people):
///
/// - a civil date-time and an IANA zone name, `2026-02-12T16:00 America/Los_Angeles` (seconds
///   optional, `T` or a space between date and time), converted with the zone's daylight
///   saving; a time the zone skips or repeats that day is refused, since it names no single
///   instant;
/// - RFC 3339 with an offset: `2026-02-12T00:00:00-08:00`, `2026-02-12T08:00:00Z`, fractional
///   seconds allowed (and, as Temporal allows, seconds left out: `2026-02-12T16:00Z`).
///
/// A zone is required: a bare local time would be read differently by each reader.
pub fn parse_zoned(value: &str) -> Result<ZonedDateTime, String> {
    let s = value.trim();
    match s.rsplit_once(char::is_whitespace) {
        Some((civil, zone)) if zone.starts_with(|c: char| c.is_ascii_alphabetic()) => {
            in_zone(civil.trim_end(), zone)
        }
        _ => with_offset(s),
    }
}

fn in_zone(civil: &str, zone: &str) -> Result<ZonedDateTime, String> {
    let pieces = Pieces::parse(civil).map_err(|e| e.to_string())?;
    if pieces.offset().is_some() || pieces.time_zone_annotation().is_some() {
        return Err(format!(
            "{civil:?} carries its own offset or zone: give the offset or the zone name, not both"
        ));
    }
    let time = pieces.time().ok_or("no time of day")?;
    let tz = TimeZone::get(zone)
        .map_err(|_| format!("{zone:?} is not an IANA time zone name like America/Los_Angeles"))?;
    let ambiguous = tz.to_ambiguous_zoned_datetime(pieces.date().to_datetime(time));
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } => ambiguous.unambiguous().map_err(|e| e.to_string()),
        AmbiguousOffset::Gap { before, after } => Err(format!(
            "{civil} does not happen in {zone}: clocks skip it going from {before} to {after}"
        )),
        AmbiguousOffset::Fold { before, after } => Err(format!(
            "{civil} happens twice in {zone} (clocks go back from {before} to {after}): write it with its offset"
        )),
    }
}

fn with_offset(s: &str) -> Result<ZonedDateTime, String> {
    let pieces = Pieces::parse(s).map_err(|e| e.to_string())?;
    let time = pieces.time().ok_or("no time of day and no zone")?;
    let offset = pieces
        .to_numeric_offset()
        .ok_or("no zone: add an offset (Z, -08:00) or an IANA zone name")?;
    if pieces.time_zone_annotation().is_some() {
        return Err("a [zone] annotation is not taken: write the zone name after a space".into());
    }
    if !rfc3339_offset(s) {
        return Err("the offset is written Z or ±hh:mm, like -08:00".into());
    }
    pieces
        .date()
        .to_datetime(time)
        .to_zoned_datetime(TimeZone::fixed(offset))
        .map_err(|e| e.to_string())
}

/// True when `s` ends the way RFC 3339 writes an offset: `Z` or `±hh:mm`.
fn rfc3339_offset(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    matches!(b.last(), Some(b'Z' | b'z'))
        || (n >= 6 && matches!(b[n - 6], b'+' | b'-') && b[n - 3] == b':')
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
