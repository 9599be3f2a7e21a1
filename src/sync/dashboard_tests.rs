//! Dashboard and Feature stats buckets follow the configured Status vocabulary.

use super::*;

fn row(issue: u64, status: &str, stage: &str) -> RowFacts {
    RowFacts {
        issue,
        status: status.into(),
        stage: stage.into(),
        sig: "sig-node".into(),
    }
}

fn input<'a>(
    v: &'a Vocabulary,
    enh: &'a [RowFacts],
    removed: &'a [RowFacts],
    readiness: &'a BTreeMap<u64, Readiness>,
) -> DashboardInput<'a> {
    DashboardInput {
        enhancements: enh,
        removed,
        readiness,
        calendar: None,
        now: Timestamp(0),
        vocabulary: v,
        exceptions: BTreeMap::new(),
        last_changed: "never".into(),
    }
}

fn text(v: &GenValue) -> String {
    format!("{v:?}")
}

#[test]
fn per_freeze_words_fill_the_tracked_and_at_risk_buckets() {
    let v = Vocabulary::per_freeze();
    let enh = [
        row(1, "Tracked For PRR Freeze", "alpha"),
        row(2, "Tracked For Code Freeze", "alpha"),
        row(3, "At Risk For Enhancement Freeze", "alpha"),
        row(4, "Tracked", "alpha"),
    ];
    let removed = [
        row(5, "Removed From Milestone", "beta"),
        row(6, "Deferred", "beta"),
    ];
    let readiness = BTreeMap::new();
    let d = input(&v, &enh, &removed, &readiness);
    let values = dashboard_values(&d);
    let header = &values[STATUS_BY_STAGE_HEADER_ROW];
    let titles: Vec<String> = header.iter().map(text).collect();
    assert!(titles[1].contains("\"Tracked\""), "{titles:?}");
    assert!(titles[2].contains("\"At Risk\""), "{titles:?}");
    let alpha: Vec<String> = values[STATUS_BY_STAGE_HEADER_ROW + 1]
        .iter()
        .map(text)
        .collect();
    // alpha: 2 tracked, 1 at risk, 0 deferred, 0 removed, 1 other (classic "Tracked"), 4 total.
    let counts: Vec<&str> = alpha[1..].iter().map(String::as_str).collect();
    let expect: Vec<String> = [2u64, 1, 0, 0, 1, 4]
        .iter()
        .map(|n| text(&GenValue::from(*n)))
        .collect();
    assert_eq!(
        counts,
        expect.iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Feature stats: good progress counts the per-freeze tracked rows.
    let stats = feature_stats_values(&d);
    assert_eq!(text(&stats[3][1]), text(&GenValue::from(2u64)));
    assert_eq!(text(&stats[5][1]), text(&GenValue::from(1u64)));
    // The same rows with the classic words: only row 4 is tracked.
    let c = Vocabulary::classic();
    let d = input(&c, &enh, &removed, &readiness);
    assert_eq!(
        text(&feature_stats_values(&d)[3][1]),
        text(&GenValue::from(1u64))
    );
}

#[test]
fn exception_requests_are_counted_by_status_only_when_there_are_any() {
    let v = Vocabulary::classic();
    let enh = [row(1, "Tracked", "alpha")];
    let readiness = BTreeMap::new();
    let mut d = input(&v, &enh, &[], &readiness);
    let has_table = |d: &DashboardInput<'_>| {
        dashboard_values(d).iter().any(|r| {
            r.first()
                .is_some_and(|c| text(c).contains("Exception requests by Status"))
        })
    };
    assert!(!has_table(&d));
    d.exceptions = [("approved".to_string(), 2), ("pending".to_string(), 1)].into();
    assert!(has_table(&d));
    let values = dashboard_values(&d);
    let at = values
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| text(c).contains("Exception requests"))
        })
        .unwrap();
    assert_eq!(text(&values[at + 2][0]), text(&GenValue::from("approved")));
    assert_eq!(text(&values[at + 2][1]), text(&GenValue::from(2u64)));
}
