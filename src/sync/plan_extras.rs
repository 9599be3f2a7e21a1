//! After the core plan: Readiness cells, the data tab, then the generated Dashboard and Feature stats.

use super::dashboard::{DashboardInput, dashboard_values, feature_stats_values};
use super::data_tab::{DataFacts, data_facts, plan_data_tab};
use super::generated::{plan_chart, plan_overwrite};
use super::layout::Layout;
use super::optional_tabs::OptionalTabs;
use super::plan::Plan;
use super::readiness_cells::plan_readiness;
use super::sheet_rows::rows_after;
use crate::config::ColumnNames;
use crate::keps::KepIndex;
use crate::model::{IssueLookup, OpenKepPr, Vocabulary};
use crate::readiness::{Calendar, Readiness, Timestamp, evaluate};
use std::collections::BTreeMap;

/// Everything the additions read beyond the core plan's input.
pub struct ExtrasInput<'a> {
    pub layout: &'a Layout<'a>,
    pub tabs: OptionalTabs<'a>,
    pub names: &'a ColumnNames,
    pub repo: &'a str,
    /// The release as `v1.37`.
    pub release: &'a str,
    pub issues: &'a BTreeMap<u64, IssueLookup>,
    pub index: &'a KepIndex,
    /// Every open enhancements PR.
    pub open_prs: &'a [OpenKepPr],
    /// `None`: readiness is not evaluated (no Readiness cells).
    pub calendar: Option<&'a Calendar>,
    pub now: Timestamp,
    /// The Status words in use.
    pub vocabulary: &'a Vocabulary,
}

/// Adds Readiness cells, data-tab upserts and generated tabs to `p` (computed by [`super::plan`]).
/// Pure. Returns the readiness of every evaluated issue.
pub fn plan_extras(x: &ExtrasInput<'_>, p: &mut Plan) -> BTreeMap<u64, Readiness> {
    let readiness = match x.calendar {
        Some(cal) => evaluate_found(x.issues, x.index, x.open_prs, cal, x.release, x.now),
        None => BTreeMap::new(),
    };
    let cells = with_unknown_status(x, &readiness);
    plan_readiness(x.layout, &x.names.readiness, &cells, p);
    if let Some(header) = crate::config::optional_name(&x.names.kep_type) {
        super::kep_type::plan_types(x.layout, header, x.index, x.release, p);
    }
    if let Some(tab) = x.tabs.data {
        let facts = data_rows(x);
        plan_data_tab(tab, x.names, x.repo, &facts, p);
    }
    plan_generated(x, &readiness, p);
    p.guards.sort();
    p.guards.dedup();
    readiness
}

/// The Readiness cells' texts: a row whose Status the vocabulary does not know says so first, so
/// every row (not only those typed into KEP Collection, which have a Sync Status) shows it.
fn with_unknown_status(
    x: &ExtrasInput<'_>,
    readiness: &BTreeMap<u64, Readiness>,
) -> BTreeMap<u64, Readiness> {
    let t = &x.layout.enhancements;
    let Some(col) = t.col(super::layout::Column::Status) else {
        return readiness.clone();
    };
    let mut out = readiness.clone();
    for r in &t.rows {
        let Some(n) = r.number() else { continue };
        let typed = t.tab.text(r.row, col).trim();
        let Some(ready) = out.get_mut(&n) else {
            continue;
        };
        if typed.is_empty() || x.vocabulary.said(typed).is_some() {
            continue;
        }
        let said = x.vocabulary.not_understood(typed);
        ready.text = match ready.text.is_empty() {
            true => said,
            false => format!("{}; {said}", ready.text),
        };
    }
    out
}

/// The readiness of every issue GitHub returned.
pub fn evaluate_found(
    issues: &BTreeMap<u64, IssueLookup>,
    index: &KepIndex,
    open_prs: &[OpenKepPr],
    calendar: &Calendar,
    release: &str,
    now: Timestamp,
) -> BTreeMap<u64, Readiness> {
    let aliases = index.owners_aliases.as_ref();
    let by_kep = prs_by_kep(open_prs);
    issues
        .iter()
        .filter_map(|(n, l)| match l {
            IssueLookup::Found(f) => Some((*n, f)),
            _ => None,
        })
        .map(|(n, f)| {
            let prs = by_kep.get(&n).map(Vec::as_slice).unwrap_or_default();
            (
                n,
                evaluate(index.get(n), f, prs, aliases, calendar, release, now),
            )
        })
        .collect()
}

/// The open PRs touching each KEP number.
fn prs_by_kep(open_prs: &[OpenKepPr]) -> BTreeMap<u64, Vec<OpenKepPr>> {
    let mut by_kep: BTreeMap<u64, Vec<OpenKepPr>> = BTreeMap::new();
    for pr in open_prs {
        for n in pr.kep_numbers() {
            by_kep.entry(n).or_default().push(pr.clone());
        }
    }
    by_kep
}

fn data_rows(x: &ExtrasInput<'_>) -> BTreeMap<u64, DataFacts> {
    let by_kep = prs_by_kep(x.open_prs);
    let newest_pr = |n: u64| {
        by_kep
            .get(&n)
            .and_then(|prs| prs.iter().max_by_key(|p| p.number))
    };
    x.issues
        .iter()
        .filter_map(|(n, l)| match l {
            IssueLookup::Found(f) => {
                Some((*n, data_facts(x.repo, f, x.index.get(*n), newest_pr(*n))))
            }
            _ => None,
        })
        .collect()
}

fn plan_generated(x: &ExtrasInput<'_>, readiness: &BTreeMap<u64, Readiness>, p: &mut Plan) {
    if x.tabs.dashboard.is_none() && x.tabs.feature_stats.is_none() {
        return;
    }
    let (enhancements, removed) = rows_after(x.layout, p);
    let mut d = DashboardInput {
        enhancements: &enhancements,
        removed: &removed,
        readiness,
        calendar: x.calendar,
        now: x.now,
        vocabulary: x.vocabulary,
        exceptions: crate::exceptions::count_by_status(
            [&x.layout.enhancements, &x.layout.removed],
            x.names,
        ),
        last_changed: String::new(),
    };
    if let Some(tab) = x.tabs.feature_stats {
        plan_overwrite(tab, feature_stats_values(&d), p);
    }
    if let Some(tab) = x.tabs.dashboard {
        d.last_changed = if p.is_empty() {
            let was = tab.text(1, 1).trim();
            if was.is_empty() {
                "never".into()
            } else {
                was.to_string()
            }
        } else {
            x.now.utc_minutes()
        };
        plan_chart(tab, p);
        plan_overwrite(tab, dashboard_values(&d), p);
    }
}
