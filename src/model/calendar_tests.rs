//! Calendar tests: the date-time forms `[calendar]` takes, errors naming the field, freezes
//! in force.

use super::*;

fn ts(s: &str) -> Timestamp {
    parse_date_time("t", s).expect("valid date")
}

fn why(s: &str) -> String {
    parse_date_time("t", s).unwrap_err().why
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
        let err = parse_date_time("prr-freeze", bad).unwrap_err();
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

#[test]
fn a_freeze_in_pacific_time_is_converted_with_daylight_saving() {
    // February is standard time (PST, -08:00), July daylight time (PDT, -07:00).
    let february = ts("2026-02-12T16:00 America/Los_Angeles");
    assert_eq!(february, ts("2026-02-12T16:00:00-08:00"));
    assert_eq!(february.rfc3339(), "2026-02-13T00:00:00Z");
    let july = ts("2026-07-09T16:00 America/Los_Angeles");
    assert_eq!(july, ts("2026-07-09T16:00:00-07:00"));
    assert_eq!(july.rfc3339(), "2026-07-09T23:00:00Z");
    let zoned = parse_zoned("2026-07-09T16:00 America/Los_Angeles").unwrap();
    assert_eq!(zoned.offset().seconds(), -7 * 3600);
    assert_eq!(zoned.time_zone().iana_name(), Some("America/Los_Angeles"));
}

#[test]
fn a_zone_name_may_follow_a_space_separated_time_with_or_without_seconds() {
    let at = ts("2026-02-12T16:00:00-08:00");
    for same in [
        "2026-02-12 16:00 America/Los_Angeles",
        "2026-02-12T16:00:00 America/Los_Angeles",
        "  2026-02-12T16:00   America/Los_Angeles ",
        "2026-02-13T00:00 UTC",
        "2026-02-13T01:00 Europe/Berlin",
    ] {
        assert_eq!(ts(same), at, "{same}");
    }
}

#[test]
fn a_time_the_zone_skips_or_repeats_names_no_instant_and_is_refused() {
    // 2026-03-08 02:00 → 03:00 and 2026-11-01 02:00 → 01:00 in Los Angeles.
    let skipped = why("2026-03-08T02:30 America/Los_Angeles");
    assert!(skipped.contains("does not happen"), "{skipped}");
    let twice = why("2026-11-01T01:30 America/Los_Angeles");
    assert!(twice.contains("happens twice"), "{twice}");
    assert_eq!(
        ts("2026-11-01T01:30:00-07:00"),
        ts("2026-11-01T08:30:00Z"),
        "the offset picks one of the two"
    );
}

#[test]
fn an_invalid_calendar_date_names_the_field() {
    let err = parse_date_time(
        "calendar.code-freeze",
        "2026-02-30T16:00 America/Los_Angeles",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("calendar.code-freeze: \"2026-02-30T16:00 America/Los_Angeles\": "),
        "{err}"
    );
    assert!(err.contains("2026-02"), "says which month: {err}");
    assert!(
        err.contains("like 2026-02-12T16:00 America/Los_Angeles"),
        "{err}"
    );
    for (bad, reason) in [
        (
            "2026-02-12T16:00 America/Los_Angels",
            "not an IANA time zone",
        ),
        ("2026-02-12T16:00 PST", "not an IANA time zone"),
        ("2026-02-12 America/Los_Angeles", "no time of day"),
        ("2026-02-12T16:00-08:00 America/Los_Angeles", "not both"),
        (
            "2026-02-12T16:00:00-08:00[America/Los_Angeles]",
            "annotation",
        ),
        ("2026-02-12T16:00:00-08", "±hh:mm"),
        ("2026-02-12T16:00:00", "no zone"),
    ] {
        let got = why(bad);
        assert!(got.contains(reason), "{bad}: {got}");
    }
}

#[test]
fn time_zones_come_from_the_bundled_database_not_the_machines_files() {
    // So a container without /usr/share/zoneinfo reads the same calendar.
    assert_eq!(
        format!("{:?}", jiff::tz::db()),
        "TimeZoneDatabase(Bundled(available))"
    );
}
