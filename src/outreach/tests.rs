//! Outreach counting and filling on hand-built Enhancements tabs.

use super::*;
use crate::config::ColumnNames;
use crate::sheet::{Cell, Tab};
use crate::sync::Role;

fn enhancements(rows: &[[&str; 4]], readiness: bool) -> Tab {
    let mut head = crate::sync::fixtures::ENH_HEADERS.to_vec();
    if readiness {
        head.push("Readiness");
    }
    let mut all = vec![head.into_iter().map(Cell::text).collect::<Vec<_>>()];
    for [issue, sig, status, ready] in rows {
        all.push(
            [*issue, "", *sig, "", "", "", "", *status, *ready]
                .into_iter()
                .map(Cell::text)
                .collect(),
        );
    }
    Tab {
        sheet_id: 1,
        title: "Enhancements".into(),
        row_count: 100,
        column_count: 9,
        rows: all,
    }
}

fn statuses(tab: &Tab) -> BTreeMap<String, SigStatus> {
    let names = ColumnNames::default();
    let layout =
        TabLayout::locate(Role::Enhancements, tab, &names, "kubernetes/enhancements").unwrap();
    sig_statuses(crate::model::status::classic(), &layout)
}

#[test]
fn sig_names_lose_their_prefix_and_case() {
    assert_eq!(sig_name("sig-node").as_deref(), Some("node"));
    assert_eq!(
        sig_name(" SIG API Machinery ").as_deref(),
        Some("api-machinery")
    );
    assert_eq!(sig_name("cli").as_deref(), Some("cli"));
    assert_eq!(sig_name("  "), None);
}

#[test]
fn counts_enhancements_and_at_risk_by_status_and_readiness() {
    let tab = enhancements(
        &[
            ["1", "sig-node", "Tracked", ""],
            ["2", "sig-node", "At Risk", ""],
            ["3", "node", "Tracked", "At risk: PRR missing"],
            ["4", "sig-apps", "Tracked", "ready"],
            ["", "sig-apps", "At Risk", ""],
            ["5", "", "At Risk", ""],
        ],
        true,
    );
    let s = statuses(&tab);
    assert_eq!(
        s.values().cloned().collect::<Vec<_>>(),
        vec![
            SigStatus {
                sig: "apps".into(),
                enhancements: 1,
                at_risk: 0
            },
            SigStatus {
                sig: "node".into(),
                enhancements: 3,
                at_risk: 2
            },
        ]
    );
}

#[test]
fn without_a_readiness_column_only_status_counts() {
    let tab = enhancements(&[["3", "sig-node", "Tracked", "At risk"]], false);
    assert_eq!(statuses(&tab)["node"].at_risk, 0);
}

#[test]
fn participating_and_non_participating_sigs_get_their_template() {
    let tab = enhancements(
        &[
            ["1", "sig-node", "At Risk", ""],
            ["2", "sig-node", "Tracked", ""],
        ],
        false,
    );
    let known: BTreeSet<String> = ["sig-node", "sig-storage"].map(String::from).into();
    let msgs = messages(
        &statuses(&tab),
        &known,
        "Thursday 12 February 2026 00:00 UTC",
        "v1.37",
    );
    assert_eq!(msgs.len(), 2);
    assert!(msgs[0].participating);
    assert!(msgs[0].text.starts_with("Hello sig-node. Enhancements team here.  Just checking in as we approach enhancements freeze at Thursday 12 February 2026 00:00 UTC. Your SIG has submitted 2 enhancements for the v1.37 cycle, and 1 enhancements are currently `At Risk`."), "{}", msgs[0].text);
    assert!(!msgs[1].participating);
    assert!(msgs[1].text.starts_with("Hello sig-storage. Enhancements team here.  Just checking in as we approach enhancements freeze at Thursday 12 February 2026 00:00 UTC. Your SIG has not submitted any enhancements for the v1.37 cycle."), "{}", msgs[1].text);
    assert!(!msgs.iter().any(|m| m.text.contains("{{")));
    assert!(
        to_text(&msgs).starts_with(
            "# sig-node (participating, 2 enhancement(s), 1 at risk)\nHello sig-node."
        )
    );
}

#[test]
fn freeze_dates_read_as_people_write_them() {
    assert_eq!(
        format_freeze("2026-02-12T00:00:00Z"),
        "Thursday 12 February 2026 00:00 UTC"
    );
    assert_eq!(
        format_freeze("2025-06-20T02:00:00-07:00"),
        "Friday 20 June 2025 02:00 UTC-07:00"
    );
    assert_eq!(format_freeze("next Friday"), "next Friday");
}

#[test]
fn a_freeze_in_pacific_time_reads_in_pacific_time_with_its_abbreviation() {
    assert_eq!(
        format_freeze("2026-02-12T16:00 America/Los_Angeles"),
        "Thursday 12 February 2026 16:00 PST (UTC-08:00)"
    );
    assert_eq!(
        format_freeze("2026-07-09T16:00 America/Los_Angeles"),
        "Thursday 9 July 2026 16:00 PDT (UTC-07:00)"
    );
    assert_eq!(
        format_freeze("2026-02-12T00:00:00+00:00"),
        "Thursday 12 February 2026 00:00 UTC"
    );
    assert_eq!(
        format_freeze(" 2026-02-30T16:00 America/Los_Angeles "),
        "2026-02-30T16:00 America/Los_Angeles",
        "an impossible date is kept as written"
    );
}
