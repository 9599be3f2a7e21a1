//! The release calendar: the four freezes, their instants, and RFC 3339 parsing without a time crate.

use std::fmt;
use thiserror::Error;

/// Seconds since the Unix epoch (UTC). The clock is read at the edge and passed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock (the one impure edge of this module).
    pub fn now() -> Timestamp {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp(secs)
    }

    /// `2026-02-12T08:00:00Z`, as the `[calendar]` keys take it.
    pub fn rfc3339(self) -> String {
        let (y, m, d, h, min, sec) = self.utc_parts();
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{sec:02}Z")
    }

    /// `2026-02-12 08:00 UTC`, for messages.
    pub fn utc_minutes(self) -> String {
        let (y, m, d, h, min, _) = self.utc_parts();
        format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02} UTC")
    }

    /// (year, month, day, hour, minute, second) in UTC.
    fn utc_parts(self) -> (i64, u32, u32, i64, i64, i64) {
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(self.0.div_euclid(86_400));
        (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// Why a date in the calendar could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "{field}: {value:?} is not an RFC 3339 date-time with a zone, like 2026-02-12T00:00:00-08:00 ({why})"
)]
pub struct DateError {
    pub field: String,
    pub value: String,
    pub why: &'static str,
}

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

/// Parses `2026-02-12T00:00:00-08:00`, `2026-02-12T08:00:00Z` or with fractional seconds into
/// Unix seconds. A zone is required: a bare local time would be read differently by each reader.
pub fn parse_rfc3339(field: &str, value: &str) -> Result<Timestamp, DateError> {
    let err = |why| DateError {
        field: field.to_string(),
        value: value.to_string(),
        why,
    };
    let s = value.trim();
    if s.len() < 20 || !s.is_ascii() {
        return Err(err("too short"));
    }
    let (date, rest) = s.split_at(10);
    let rest = rest
        .strip_prefix(['T', 't', ' '])
        .ok_or_else(|| err("no T between date and time"))?;
    let (y, m, d) = parse_date(date).ok_or_else(|| err("bad date"))?;
    let (time, zone) = split_zone(rest).ok_or_else(|| err("no zone (Z or +hh:mm)"))?;
    let secs_of_day = parse_time(time).ok_or_else(|| err("bad time"))?;
    let offset = parse_offset(zone).ok_or_else(|| err("bad zone"))?;
    Ok(Timestamp(
        days_from_civil(y, m, d) * 86_400 + secs_of_day - offset,
    ))
}

fn number(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (number(y)?, number(m)? as u32, number(d)? as u32);
    ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some((y, m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn split_zone(s: &str) -> Option<(&str, &str)> {
    if let Some(t) = s.strip_suffix(['Z', 'z']) {
        return Some((t, "Z"));
    }
    let i = s.rfind(['+', '-'])?;
    Some((&s[..i], &s[i..]))
}

fn parse_time(s: &str) -> Option<i64> {
    let s = s.split_once('.').map_or(
        s,
        |(whole, frac)| {
            if number(frac).is_some() { whole } else { "" }
        },
    );
    let mut it = s.split(':');
    let (h, m, sec) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || [h, m, sec].iter().any(|p| p.len() != 2) {
        return None;
    }
    let (h, m, sec) = (number(h)?, number(m)?, number(sec)?);
    (h < 24 && m < 60 && sec < 61).then_some(h * 3600 + m * 60 + sec)
}

fn parse_offset(z: &str) -> Option<i64> {
    if z == "Z" {
        return Some(0);
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let (h, m) = z.get(1..)?.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m) = (number(h)?, number(m)?);
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        parse_rfc3339("t", s).expect("valid date")
    }

    #[test]
    fn parses_offsets_utc_and_fractions_to_unix_seconds() {
        assert_eq!(ts("1970-01-01T00:00:00Z"), Timestamp(0));
        assert_eq!(ts("2026-02-12T00:00:00-08:00"), Timestamp(1_770_883_200));
        assert_eq!(ts("2026-02-12T08:00:00Z"), Timestamp(1_770_883_200));
        assert_eq!(
            ts("2026-02-12T09:30:00.250+01:30"),
            Timestamp(1_770_883_200)
        );
        assert_eq!(
            ts("2024-02-29T00:00:00Z").utc_minutes(),
            "2024-02-29 00:00 UTC"
        );
        assert_eq!(
            Timestamp(1_770_883_200).utc_minutes(),
            "2026-02-12 08:00 UTC"
        );
        for t in [0, 1_770_883_200, 1_709_164_805, 4_102_444_799] {
            assert_eq!(
                ts(&Timestamp(t).rfc3339()),
                Timestamp(t),
                "round trip of {t}"
            );
        }
        assert_eq!(Timestamp(1_770_883_205).rfc3339(), "2026-02-12T08:00:05Z");
    }

    #[test]
    fn rejects_missing_zone_and_impossible_dates_naming_the_field() {
        for bad in [
            "2026-02-12T00:00:00",
            "2026-02-12",
            "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-2-1T00:00:00Z0",
            "2026-02-12T25:00:00Z",
            "2026-02-12T00:00:00+0800",
            "soon",
        ] {
            let err = parse_rfc3339("prr-freeze", bad).unwrap_err();
            assert!(err.to_string().starts_with("prr-freeze: "), "{err}");
        }
    }

    #[test]
    fn next_freeze_and_freezes_in_force_follow_the_clock() {
        let cal = Calendar {
            prr_freeze: Some(Timestamp(100)),
            enhancements_freeze: Some(Timestamp(200)),
            code_freeze: Some(Timestamp(300)),
            docs_freeze: None,
        };
        assert_eq!(cal.next_freeze(Timestamp(50)), Some(Freeze::Prr));
        assert_eq!(cal.in_force(Timestamp(50)), [Freeze::Prr]);
        assert_eq!(cal.next_freeze(Timestamp(100)), Some(Freeze::Enhancements));
        assert_eq!(
            cal.in_force(Timestamp(150)),
            [Freeze::Prr, Freeze::Enhancements]
        );
        assert_eq!(cal.next_freeze(Timestamp(300)), None);
        assert_eq!(cal.in_force(Timestamp(301)), Freeze::ALL);
    }
}
