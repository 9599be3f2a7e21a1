//! The optional tabs (`data`, `Dashboard`, `Feature stats`): found by name when present, skipped when not.

use super::layout::same_name;
use crate::config::{TabNames, optional_name};
use crate::sheet::{Snapshot, Tab};

/// The optional tabs a snapshot holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct OptionalTabs<'a> {
    pub data: Option<&'a Tab>,
    pub dashboard: Option<&'a Tab>,
    pub feature_stats: Option<&'a Tab>,
}

fn find<'t>(titles: impl Iterator<Item = &'t str> + Clone, wanted: &str) -> Option<&'t str> {
    titles
        .clone()
        .find(|t| *t == wanted)
        .or_else(|| titles.clone().find(|t| same_name(t, wanted)))
}

/// The actual titles of the named optional tabs present among `titles` (to add to the one
/// snapshot read); named tabs the spreadsheet lacks are left out.
pub fn optional_titles(names: &TabNames, titles: &[String]) -> Vec<String> {
    names
        .optional()
        .into_iter()
        .filter_map(|w| find(titles.iter().map(String::as_str), w))
        .map(str::to_string)
        .collect()
}

impl<'a> OptionalTabs<'a> {
    /// Finds each optional tab in `snapshot` (exact title first, then ignoring case and spaces).
    pub fn find(snapshot: &'a Snapshot, names: &TabNames) -> OptionalTabs<'a> {
        let tab = |wanted: &Option<String>| {
            let wanted = optional_name(wanted)?;
            let title = find(snapshot.tabs.iter().map(|t| t.title.as_str()), wanted)?;
            snapshot.tab(title)
        };
        OptionalTabs {
            data: tab(&names.data),
            dashboard: tab(&names.dashboard),
            feature_stats: tab(&names.feature_stats),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::Tab;

    #[test]
    fn present_tabs_are_found_ignoring_case_and_absent_ones_skipped() {
        let titles: Vec<String> = ["Enhancements", "DATA", "Feature Stats"]
            .map(String::from)
            .into();
        let mut names = TabNames::default();
        assert_eq!(
            optional_titles(&names, &titles),
            Vec::<String>::new(),
            "off by default"
        );
        names.data = Some("data".into());
        names.dashboard = Some("Dashboard".into());
        names.feature_stats = Some("Feature stats".into());
        assert_eq!(optional_titles(&names, &titles), ["DATA", "Feature Stats"]);
        let snapshot = Snapshot {
            spreadsheet_id: "s".into(),
            write_token: None,
            board_status: None,
            status_seen: None,
            tabs: titles
                .iter()
                .map(|t| Tab {
                    title: t.clone(),
                    ..Tab::default()
                })
                .collect(),
        };
        let found = OptionalTabs::find(&snapshot, &names);
        assert_eq!(found.data.map(|t| t.title.as_str()), Some("DATA"));
        assert!(found.dashboard.is_none());
        assert!(found.feature_stats.is_some());
    }
}
