//! Unit tests of `[status] advance`: where a tracked row goes when its freeze passes, which rows
//! count as unchanged by people, and the memory kept across cycles.

use super::*;

const DAY: i64 = 86_400;

fn calendar() -> Calendar {
    Calendar {
        prr_freeze: Some(Timestamp(10 * DAY)),
        enhancements_freeze: Some(Timestamp(20 * DAY)),
        code_freeze: Some(Timestamp(30 * DAY)),
        docs_freeze: None,
    }
}

#[test]
fn a_passed_freeze_with_every_check_met_advances_to_the_next() {
    let now = Timestamp(21 * DAY);
    let to = advanced(Freeze::Enhancements, &calendar(), now, |_| false);
    assert_eq!(to, Said::at(Meaning::Tracked, Freeze::Code));
}

#[test]
fn an_unmet_check_of_the_passed_freeze_puts_the_row_at_risk_for_it() {
    let now = Timestamp(21 * DAY);
    let to = advanced(Freeze::Enhancements, &calendar(), now, |f| {
        f == Freeze::Enhancements
    });
    assert_eq!(to, Said::at(Meaning::AtRisk, Freeze::Enhancements));
    // A check of a later freeze does not count yet.
    let to = advanced(Freeze::Enhancements, &calendar(), now, |f| {
        f == Freeze::Code
    });
    assert_eq!(to, Said::at(Meaning::Tracked, Freeze::Code));
}

#[test]
fn several_freezes_passed_stop_at_the_first_unmet_one() {
    let now = Timestamp(25 * DAY);
    let to = advanced(Freeze::Prr, &calendar(), now, |f| f == Freeze::Enhancements);
    assert_eq!(to, Said::at(Meaning::AtRisk, Freeze::Enhancements));
    let to = advanced(Freeze::Prr, &calendar(), now, |_| false);
    assert_eq!(to, Said::at(Meaning::Tracked, Freeze::Code));
}

#[test]
fn a_freeze_not_passed_or_the_last_one_met_stays() {
    let to = advanced(Freeze::Code, &calendar(), Timestamp(21 * DAY), |_| true);
    assert_eq!(to, Said::at(Meaning::Tracked, Freeze::Code));
    let to = advanced(Freeze::Code, &calendar(), Timestamp(31 * DAY), |_| false);
    assert_eq!(
        to,
        Said::at(Meaning::Tracked, Freeze::Code),
        "no freeze after Code is dated"
    );
}

#[test]
fn only_a_word_seen_before_the_freeze_and_still_there_counts_as_unchanged() {
    let at = Timestamp(20 * DAY);
    let seen = (
        "Tracked For Enhancement Freeze".to_string(),
        Timestamp(19 * DAY),
    );
    assert!(unchanged_since(
        Some(&seen),
        "tracked for enhancement freeze",
        at
    ));
    assert!(!unchanged_since(
        Some(&seen),
        "At Risk For Enhancement Freeze",
        at
    ));
    let late = (seen.0.clone(), Timestamp(20 * DAY + 1));
    assert!(
        !unchanged_since(Some(&late), &seen.0, at),
        "first seen after the freeze"
    );
    assert!(!unchanged_since(None, &seen.0, at), "never seen");
}

#[test]
fn the_memory_keeps_when_a_word_was_first_seen_and_drops_rows_gone() {
    let mut seen = Seen::new();
    seen.insert(1, ("Tracked For Code Freeze".into(), Timestamp(5)));
    seen.insert(2, ("Tracked For Code Freeze".into(), Timestamp(5)));
    seen.insert(3, ("Deferred".into(), Timestamp(5)));
    let rows = vec![
        (1, "tracked for code freeze".to_string()),
        (2, "At Risk For Code Freeze".to_string()),
        (4, "".to_string()),
    ];
    let next = remembered(&seen, &rows, Timestamp(9));
    assert_eq!(
        next.get(&1),
        Some(&("Tracked For Code Freeze".into(), Timestamp(5)))
    );
    assert_eq!(
        next.get(&2),
        Some(&("At Risk For Code Freeze".into(), Timestamp(9)))
    );
    assert_eq!(next.len(), 2);
    assert_eq!(
        remembered(&next, &rows, Timestamp(99)),
        next,
        "idle: unchanged"
    );
}

#[test]
fn the_memory_is_read_from_the_sheet_and_unreadable_is_empty() {
    let mut s = Snapshot {
        status_seen: Some(crate::sheet::Metadata {
            id: 7,
            value: r#"{"12":"Tracked For Code Freeze@1700000000","13":"bad"}"#.into(),
        }),
        ..Snapshot::default()
    };
    let seen = read_seen(&s);
    assert_eq!(
        seen.get(&12),
        Some(&("Tracked For Code Freeze".into(), Timestamp(1_700_000_000)))
    );
    assert_eq!(seen.len(), 1);
    s.status_seen.as_mut().unwrap().value = "not json".into();
    assert!(read_seen(&s).is_empty());
}
