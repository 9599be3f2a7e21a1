//! What a prepared spreadsheet has: the seven tabs of the handbook and their header rows, and the Sync Log tab when `[tabs] sync-log` names one.

use crate::config::{Config, optional_name};

/// The Status dropdown's values: the configured vocabulary's words, in its order.
pub fn status_values(config: &Config) -> Vec<String> {
    config.vocabulary().words().map(String::from).collect()
}

/// What a tab is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKind {
    Collection,
    Enhancements,
    Removed,
    Docs,
    Data,
    Dashboard,
    FeatureStats,
    /// kepsync's own log of what it changed (`[tabs] sync-log`), only when named.
    SyncLog,
}

/// One tab a prepared spreadsheet has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabSpec {
    pub kind: TabKind,
    pub title: String,
    /// The header row; empty for generated tabs (Dashboard, Feature stats).
    pub headers: Vec<String>,
    /// The header that finds the header row (`Issue`), if the tab has one.
    pub key_header: Option<String>,
    /// The header of the column that gets the Status dropdown.
    pub status_header: Option<String>,
    /// The Status dropdown's values (the configured vocabulary's words).
    pub status_values: Vec<String>,
    /// Whether the header row is protected (KEP Collection).
    pub protect_header: bool,
}

/// The seven tabs, named and headed as configured. The optional tabs (data, Dashboard, Feature
/// stats) take their `[tabs]` names when set, so the sheet `init` prepares is the one a cycle
/// then finds; unset, they get the handbook's names.
pub fn specs(config: &Config) -> Vec<TabSpec> {
    let c = &config.columns;
    let t = &config.tabs;
    let tracked: Vec<String> = [
        &c.issue,
        &c.name,
        &c.sig,
        &c.kep_assignee,
        &c.proposal,
        &c.kep_state,
        &c.stage,
        &c.status,
    ]
    .into_iter()
    .cloned()
    .chain(["Stage Status", "Enhancements Contact", "Notes"].map(String::from))
    .collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let spec = |kind, title: &str, headers: Vec<String>| TabSpec {
        kind,
        title: title.to_string(),
        key_header: (!headers.is_empty()).then(|| c.issue.clone()),
        status_header: matches!(kind, TabKind::Enhancements | TabKind::Removed)
            .then(|| c.status.clone()),
        status_values: status_values(config),
        protect_header: kind == TabKind::Collection,
        headers,
    };
    let mut all = vec![
        spec(
            TabKind::Collection,
            &t.collection,
            vec![
                c.sig.clone(),
                c.issue.clone(),
                "Notes".into(),
                c.sync_status.clone(),
            ],
        ),
        spec(TabKind::Enhancements, &t.enhancements, tracked.clone()),
        spec(TabKind::Removed, &t.removed, tracked),
        spec(
            TabKind::Docs,
            &t.docs,
            vec![
                c.issue.clone(),
                c.name.clone(),
                c.sig.clone(),
                "Docs Contact".into(),
                "Docs PR".into(),
            ],
        ),
        spec(
            TabKind::Data,
            optional_title(&t.data, "data"),
            strings(&[
                &c.issue,
                &c.name,
                "Responder",
                &c.sig,
                "KEP",
                &c.kep_state,
                "Completed in Release",
            ]),
        ),
        spec(
            TabKind::Dashboard,
            optional_title(&t.dashboard, "Dashboard"),
            Vec::new(),
        ),
        spec(
            TabKind::FeatureStats,
            optional_title(&t.feature_stats, "Feature stats"),
            Vec::new(),
        ),
    ];
    all.extend(sync_log(config));
    all
}

/// The Sync Log tab, when `[tabs] sync-log` names one: its header row is what a cycle writes
/// under (found by its first header, `Time`).
fn sync_log(config: &Config) -> Option<TabSpec> {
    let title = config
        .tabs
        .sync_log
        .as_deref()
        .filter(|n| !n.trim().is_empty())?;
    let headers: Vec<String> = crate::sync::SYNC_LOG_HEADERS.map(String::from).into();
    Some(TabSpec {
        kind: TabKind::SyncLog,
        title: title.to_string(),
        key_header: headers.first().cloned(),
        status_header: None,
        status_values: Vec::new(),
        protect_header: false,
        headers,
    })
}

/// The configured title of an optional tab, or the handbook's.
fn optional_title<'a>(configured: &'a Option<String>, handbook: &'a str) -> &'a str {
    optional_name(configured).unwrap_or(handbook)
}
