//! Calendar tests: the date-time forms `[calendar]` takes, errors naming the field, freezes
//! in force.

use super::*;

fn ts(s: &str) -> Timestamp {
    parse_date_time("t", s).expect("valid date")
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
