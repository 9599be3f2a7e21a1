//! The Google side of `kepsync check`: credentials, the sheet, its tabs and their header rows.

use super::{Failure, Line, Outcome, PROBE_BUDGET};
use crate::config::{Config, TabNames};
use crate::sheet::Snapshot;
use crate::sheets::{
    Credentials, RetryPolicy, SheetsAdapter, SheetsConfig, SheetsError, mint_token,
};
use crate::sync::{Role, TabLayout, resolve_titles, same_name};

/// `credentials`, `sheet`, `tabs`, `optional tabs` and `headers`, in that order (each blocked by
/// the one before).
pub async fn checks(config: &Config) -> Vec<Line> {
    let cfg = sheets_config(config);
    let mut lines = Vec::new();
    let creds = mint_token(&cfg).await;
    lines.push(line("credentials", credentials_line(&creds)));
    let Ok(creds) = creds else {
        return blocked(
            lines,
            "credentials",
            &["sheet", "tabs", "optional tabs", "headers"],
        );
    };
    let reached = reach(&cfg, &creds).await;
    let outcome = reached
        .as_ref()
        .map(|r| r.found.clone())
        .map_err(Clone::clone);
    lines.push(line("sheet", outcome));
    let Ok(Reached {
        adapter,
        titles: all,
        ..
    }) = reached
    else {
        return blocked(lines, "sheet", &["tabs", "optional tabs", "headers"]);
    };
    let found = found_titles(&config.tabs, &all);
    lines.push(line("tabs", tabs_line(&config.tabs, &all)));
    lines.push(line(
        "optional tabs",
        optional_tabs_line(&config.tabs, &all),
    ));
    lines.push(line(
        "headers",
        headers_line(&adapter, config, &found).await,
    ));
    lines
}

fn line(name: &'static str, outcome: Outcome) -> Line {
    Line { name, outcome }
}

fn blocked(mut lines: Vec<Line>, by: &str, names: &[&'static str]) -> Vec<Line> {
    lines.extend(names.iter().map(|n| line(n, Err(Failure::blocked(by)))));
    lines
}

fn sheets_config(config: &Config) -> SheetsConfig {
    SheetsConfig {
        retry: RetryPolicy {
            max_attempts: 3,
            budget: PROBE_BUDGET,
            request_timeout: PROBE_BUDGET,
            ..RetryPolicy::default()
        },
        ..crate::commands::sheets_config(config, &config.spreadsheet_id)
    }
}

fn credentials_line(creds: &Result<Credentials, SheetsError>) -> Outcome {
    match creds {
        Ok(Credentials::StaticToken) => {
            Ok("a static token is configured ([google] token); nothing to mint".into())
        }
        Ok(Credentials::ServiceAccount { client_email }) => Ok(format!(
            "service account {client_email} minted a token for the spreadsheets scope"
        )),
        Err(e @ SheetsError::Config(_)) => Err(Failure::new(
            e.to_string(),
            "set [google] credentials (or GOOGLE_APPLICATION_CREDENTIALS) to the service account's JSON key file",
        )),
        Err(e) => Err(Failure::new(
            e.to_string(),
            "the key was refused: create a new JSON key for the service account (the old one may be deleted or disabled) and check its token_uri",
        )),
    }
}

/// A sheet that answered: the adapter, every tab title, and a description of what was found.
struct Reached {
    adapter: SheetsAdapter,
    titles: Vec<String>,
    found: String,
}

/// Connects and reads the tab list.
async fn reach(cfg: &SheetsConfig, creds: &Credentials) -> Result<Reached, Failure> {
    let adapter = SheetsAdapter::connect(cfg.clone())
        .await
        .map_err(|e| sheets_failure(&e, creds))?;
    let layouts = adapter
        .tab_layouts()
        .await
        .map_err(|e| sheets_failure(&e, creds))?;
    let found = format!(
        "spreadsheet {} is reachable ({} tabs)",
        cfg.spreadsheet_id,
        layouts.len()
    );
    let titles = layouts.into_iter().map(|l| l.title).collect();
    Ok(Reached {
        adapter,
        titles,
        found,
    })
}

/// What a Sheets error means for an operator, with what to do.
fn sheets_failure(e: &SheetsError, creds: &Credentials) -> Failure {
    let who = match creds {
        Credentials::ServiceAccount { client_email } => client_email.as_str(),
        Credentials::StaticToken => "the account the token belongs to",
    };
    let hint = match e {
        SheetsError::NotFound { .. } => format!(
            "check spreadsheet-id (the part of the sheet's URL between /d/ and /edit) and that the sheet is shared with {who}"
        ),
        SheetsError::PermissionDenied { .. } => {
            format!("share the sheet with {who} as Editor, and enable the Google Sheets API in its project")
        }
        SheetsError::Rejected { status: 401, .. } | SheetsError::Auth(_) => {
            "the credentials were refused: mint a new key or token".into()
        }
        SheetsError::Exhausted { .. } => {
            "the Sheets API did not answer: check [google] base-url and the network, then run check again".into()
        }
        SheetsError::Config(_) => "correct the [google] section or spreadsheet-id".into(),
        _ => "see the message; run check again once it is fixed".into(),
    };
    Failure::new(e.to_string(), hint)
}

fn tabs_line(names: &TabNames, titles: &[String]) -> Outcome {
    match resolve_titles(names, titles) {
        Ok(found) => Ok(format!("found {}", quoted(&found))),
        Err(missing) => Err(Failure::new(
            format!(
                "not found: {} (the sheet has {})",
                quoted(&missing),
                quoted(titles)
            ),
            format!(
                "rename the tab(s), or set {} to the title(s) the sheet uses",
                missing_keys(names, &missing).join(", ")
            ),
        )),
    }
}

/// The optional tabs named in `[tabs]` (data, Dashboard, Feature stats). A cycle skips a named
/// tab the sheet lacks without a word, so here a missing one fails: it is most likely a typo.
fn optional_tabs_line(names: &TabNames, titles: &[String]) -> Outcome {
    let named = names.optional_named();
    if named.is_empty() {
        return Ok("none named ([tabs] data, dashboard, feature-stats are off unless set)".into());
    }
    let found = crate::sync::optional_titles(names, titles);
    let missing: Vec<(&str, &str)> = named
        .iter()
        .copied()
        .filter(|(_, name)| !titles.iter().any(|t| same_name(t, name)))
        .collect();
    if missing.is_empty() {
        return Ok(format!("found {}", quoted(&found)));
    }
    let names: Vec<String> = missing.iter().map(|(_, n)| n.to_string()).collect();
    let keys: Vec<String> = missing.iter().map(|(k, _)| format!("[tabs] {k}")).collect();
    Err(Failure::new(
        format!(
            "named but not in the sheet (every cycle skips them): {}",
            quoted(&names)
        ),
        format!(
            "add the tab(s) (`kepsync init` creates them), or correct or remove {}",
            keys.join(", ")
        ),
    ))
}

fn quoted(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|t| format!("{t:?}")).collect();
    quoted.join(", ")
}

/// The `[tabs]` keys whose configured names are in `missing`.
fn missing_keys(names: &TabNames, missing: &[String]) -> Vec<String> {
    tab_keys(names)
        .into_iter()
        .filter(|(_, _, name)| missing.contains(name))
        .map(|(_, key, _)| format!("[tabs] {key}"))
        .collect()
}

fn tab_keys(names: &TabNames) -> [(Role, &'static str, String); 4] {
    [
        (Role::Collection, "collection", names.collection.clone()),
        (
            Role::Enhancements,
            "enhancements",
            names.enhancements.clone(),
        ),
        (Role::Removed, "removed", names.removed.clone()),
        (Role::Docs, "docs", names.docs.clone()),
    ]
}

/// The actual title of each configured tab the sheet has (exact match first, then ignoring case and spaces).
fn found_titles(names: &TabNames, titles: &[String]) -> Vec<(Role, String)> {
    tab_keys(names)
        .into_iter()
        .filter_map(|(role, _, name)| {
            titles
                .iter()
                .find(|t| **t == name)
                .or_else(|| titles.iter().find(|t| same_name(t, &name)))
                .map(|t| (role, t.clone()))
        })
        .collect()
}

async fn headers_line(
    adapter: &SheetsAdapter,
    config: &Config,
    found: &[(Role, String)],
) -> Outcome {
    if found.is_empty() {
        return Err(Failure::blocked("tabs"));
    }
    let titles: Vec<String> = found.iter().map(|(_, t)| t.clone()).collect();
    let snapshot = adapter.snapshot(&titles).await.map_err(|e| {
        Failure::new(
            e.to_string(),
            "the tabs were listed but could not be read; run check again",
        )
    })?;
    let (ok, problems) = locate_all(&snapshot, config, found);
    if problems.is_empty() {
        return Ok(format!("header rows found: {}", ok.join(", ")));
    }
    Err(Failure::new(
        problems.join("; "),
        "add the missing header cells to the tab's header row, or set the [columns] key to the header the tab uses",
    ))
}

/// Each found tab's header row (`Enhancements row 1`) or why it cannot be used.
fn locate_all(
    snapshot: &Snapshot,
    config: &Config,
    found: &[(Role, String)],
) -> (Vec<String>, Vec<String>) {
    let (mut ok, mut problems) = (Vec::new(), Vec::new());
    for (role, title) in found {
        let Some(tab) = snapshot.tab(title) else {
            problems.push(format!("tab {title:?} was not in the answer"));
            continue;
        };
        match TabLayout::locate(*role, tab, &config.columns, &config.github.repo) {
            Ok(layout) => ok.push(format!("{title:?} row {}", layout.header_row + 1)),
            Err(e) => problems.push(e.to_string()),
        }
    }
    (ok, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn optional_tabs_are_found_by_name_and_a_missing_one_is_named_with_its_key() {
        let none = TabNames::default();
        let line = optional_tabs_line(&none, &titles(&["data"])).unwrap();
        assert!(line.starts_with("none named"), "{line}");
        let named = TabNames {
            data: Some("data".into()),
            dashboard: Some("Dashboard".into()),
            ..TabNames::default()
        };
        assert_eq!(
            optional_tabs_line(&named, &titles(&["DATA", "dashboard", "Docs"])),
            Ok("found \"DATA\", \"dashboard\"".into())
        );
        let err = optional_tabs_line(&named, &titles(&["data"])).unwrap_err();
        assert!(err.detail.contains("\"Dashboard\""), "{err:?}");
        assert!(err.hint.contains("[tabs] dashboard"), "{err:?}");
        assert!(!err.hint.contains("[tabs] data"), "{err:?}");
    }

    fn names() -> TabNames {
        TabNames::default()
    }

    #[test]
    fn missing_tabs_name_their_config_keys() {
        let titles = vec!["kep collection".to_string(), "Enhancements".to_string()];
        let Err(f) = tabs_line(&names(), &titles) else {
            panic!("two tabs are missing")
        };
        assert!(
            f.detail.contains("\"Removed from Milestone\", \"Docs\""),
            "{f:?}"
        );
        assert!(f.hint.contains("[tabs] removed, [tabs] docs"), "{f:?}");
        let found = found_titles(&names(), &titles);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], (Role::Collection, "kep collection".to_string()));
    }

    #[test]
    fn all_tabs_found_is_ok() {
        let titles: Vec<String> = [
            "Docs",
            "Removed from Milestone",
            "Enhancements",
            "KEP Collection",
        ]
        .map(String::from)
        .to_vec();
        assert!(tabs_line(&names(), &titles).is_ok());
    }

    #[test]
    fn sheet_failures_say_who_to_share_with() {
        let creds = Credentials::ServiceAccount {
            client_email: "bot@p.iam.gserviceaccount.com".into(),
        };
        let denied = SheetsError::PermissionDenied {
            operation: "get".into(),
            message: "no".into(),
        };
        let f = sheets_failure(&denied, &creds);
        assert!(f.hint.contains("share the sheet with bot@p.iam"), "{f:?}");
        let missing = SheetsError::NotFound {
            spreadsheet: "x".into(),
        };
        assert!(
            sheets_failure(&missing, &creds)
                .hint
                .contains("spreadsheet-id")
        );
    }
}
