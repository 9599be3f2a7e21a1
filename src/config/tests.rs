//! Config parsing tests: defaults, overrides, errors naming the field.

use super::*;

fn parse(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
    Config::from_toml(text, Path::new("kepsync.toml"), env)
}

const MINIMAL: &str = "spreadsheet-id = \"abc\"\nrelease = \"v1.37\"\n";

#[test]
fn defaults_fill_everything_but_the_sheet_and_release() {
    let c = parse(MINIMAL, &[]).unwrap();
    assert_eq!(c.schedule, "0 */5 * * * *");
    assert_eq!(c.tabs.removed, "Removed from Milestone");
    assert_eq!(c.columns.kep_assignee, "KEP Assignee");
    assert_eq!(c.github.repo, "kubernetes/enhancements");
    assert_eq!(c.github.token_env, "GITHUB_TOKEN");
}

#[test]
fn shipped_example_parses() {
    let text = include_str!("../../config/kepsync.toml");
    let c = parse(text, &[]).unwrap();
    assert_eq!(c.release(), "v1.37");
}

#[test]
fn unknown_keys_are_rejected_with_their_name() {
    let err = parse(&format!("{MINIMAL}spreadsheet = 1\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `spreadsheet`"), "{err}");
    let err = parse(&format!("{MINIMAL}[tabs]\nremoved-tab = \"x\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("removed-tab"), "{err}");
}

#[test]
fn env_overrides_every_level() {
    let c = parse(
        MINIMAL,
        &[
            ("KEPSYNC_RELEASE", "1.38"),
            ("KEPSYNC_GOOGLE_BASE_URL", "http://127.0.0.1:1/"),
            ("KEPSYNC_TABS_DOCS", "Docs 1.38"),
            ("KEPSYNC_CONFIG", "ignored.toml"),
            ("PATH", "/bin"),
        ],
    )
    .unwrap();
    assert_eq!(c.release(), "v1.38");
    assert_eq!(c.google.base_url.as_deref(), Some("http://127.0.0.1:1/"));
    assert_eq!(c.tabs.docs, "Docs 1.38");
}

#[test]
fn unknown_env_override_is_rejected() {
    let err = parse(MINIMAL, &[("KEPSYNC_SPREADSHEET", "x")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("KEPSYNC_SPREADSHEET: not a kepsync setting"),
        "{err}"
    );
}

#[test]
fn bad_values_name_the_key() {
    let err = parse("spreadsheet-id = \"a\"\nrelease = \"next\"\n", &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("release \"next\""), "{err}");
    let err = parse(&format!("{MINIMAL}schedule = \"*/5 * * * *\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("has 5 fields"), "{err}");
}

#[test]
fn calendar_is_optional_parsed_and_named_in_errors() {
    let c = parse(MINIMAL, &[]).unwrap();
    assert!(c.calendar().is_none());
    let c = parse(
        &format!("{MINIMAL}[calendar]\nprr-freeze = \"2026-02-05T00:00:00-08:00\"\n"),
        &[("KEPSYNC_CALENDAR_CODE_FREEZE", "2026-03-19T00:00:00Z")],
    )
    .unwrap();
    let cal = c.calendar().expect("calendar");
    assert_eq!(
        cal.prr_freeze,
        Some(crate::readiness::Timestamp(1_770_278_400))
    );
    assert_eq!(
        cal.code_freeze,
        Some(crate::readiness::Timestamp(1_773_878_400))
    );
    assert_eq!(cal.enhancements_freeze, None);
    let err = parse(
        &format!("{MINIMAL}[calendar]\nenhancements-freeze = \"2026-02-12\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("calendar.enhancements-freeze: \"2026-02-12\""),
        "{err}"
    );
}

#[test]
fn github_write_is_off_by_default_and_env_can_turn_it_on() {
    assert!(!parse(MINIMAL, &[]).unwrap().github.write);
    let c = parse(&format!("{MINIMAL}[github]\nwrite = true\n"), &[]).unwrap();
    assert!(c.github.write);
    let c = parse(
        MINIMAL,
        &[
            ("KEPSYNC_GITHUB_WRITE", "true"),
            ("KEPSYNC_GITHUB_WRITE_PAUSE_MS", "0"),
        ],
    )
    .unwrap();
    assert!(c.github.write);
    assert_eq!(c.github.write_pause_ms, 0);
    assert_eq!(parse(MINIMAL, &[]).unwrap().github.write_pause_ms, 1000);
    let err = parse(MINIMAL, &[("KEPSYNC_GITHUB_WRITE", "maybe")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("maybe"), "{err}");
}

#[test]
fn a_spreadsheet_url_is_read_as_its_id_once_for_every_command() {
    let id = "1Sle_EDNRq8PsQGzmskqQWIGnUT4epR-d9A";
    let url = format!("https://docs.google.com/spreadsheets/d/{id}/edit#gid=0");
    let c = parse(
        &format!("spreadsheet-id = \"{url}\"\nrelease = \"v1.37\"\n"),
        &[],
    )
    .unwrap();
    assert_eq!(c.spreadsheet_id, id);
    assert_eq!(c.spreadsheet_url.as_deref(), Some(url.as_str()));
    let c = parse(MINIMAL, &[("KEPSYNC_SPREADSHEET_ID", &url)]).unwrap();
    assert_eq!(c.spreadsheet_id, id);
    let c = parse(MINIMAL, &[]).unwrap();
    assert_eq!(
        (c.spreadsheet_id.as_str(), c.spreadsheet_url),
        ("abc", None)
    );
    let err = parse(
        MINIMAL,
        &[(
            "KEPSYNC_SPREADSHEET_ID",
            "https://docs.google.com/spreadsheets/d/e/2PACX-1v/pubhtml",
        )],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("published-to-the-web"), "{err}");
}

#[test]
fn blank_google_credentials_and_token_overrides_are_unset() {
    let c = parse(
        MINIMAL,
        &[
            ("KEPSYNC_GOOGLE_CREDENTIALS", ""),
            ("KEPSYNC_GOOGLE_TOKEN", "  "),
        ],
    )
    .unwrap();
    assert_eq!(c.google.credentials, None);
    assert_eq!(c.google.token, None);
}

#[test]
fn debug_redacts_the_token() {
    let c = parse(
        &format!("{MINIMAL}[google]\ntoken = \"ya29.secret\"\n"),
        &[],
    )
    .unwrap();
    let dbg = format!("{c:?}");
    assert!(!dbg.contains("ya29.secret"), "{dbg}");
    assert!(dbg.contains("[redacted]"));
}

#[test]
fn the_release_is_parsed_once_when_the_config_loads() {
    let mut c = parse("spreadsheet-id = \"abc\"\nrelease = \"V1.38\"\n", &[]).unwrap();
    assert_eq!(c.release(), "v1.38");
    // What `release()` gives was parsed at load: the text is not read again.
    c.release = "not a release".into();
    assert_eq!(c.release(), "v1.38");
}

#[test]
fn the_calendar_is_parsed_once_when_the_config_loads() {
    let mut c = parse(
        &format!("{MINIMAL}[calendar]\ncode-freeze = \"2026-02-12T16:00 America/Los_Angeles\"\n"),
        &[],
    )
    .unwrap();
    let at = crate::model::Timestamp(1_770_940_800);
    assert_eq!(c.calendar().and_then(|cal| cal.code_freeze), Some(at));
    c.calendar.code_freeze = Some("soon".into());
    assert_eq!(c.calendar().and_then(|cal| cal.code_freeze), Some(at));
}

#[test]
fn a_calendar_in_the_release_teams_zone_follows_daylight_saving() {
    let c = parse(
        &format!(
            "{MINIMAL}[calendar]\nenhancements-freeze = \"2026-02-12T16:00 America/Los_Angeles\"\n\
             docs-freeze = \"2026-07-09T16:00 America/Los_Angeles\"\n"
        ),
        &[],
    )
    .unwrap();
    let cal = c.calendar().expect("calendar");
    let utc = |t: Option<crate::model::Timestamp>| t.map(|t| t.rfc3339());
    assert_eq!(
        utc(cal.enhancements_freeze).as_deref(),
        Some("2026-02-13T00:00:00Z")
    );
    assert_eq!(
        utc(cal.docs_freeze).as_deref(),
        Some("2026-07-09T23:00:00Z")
    );
}

#[test]
fn an_invalid_calendar_date_names_the_field() {
    let err = parse(
        MINIMAL,
        &[(
            "KEPSYNC_CALENDAR_CODE_FREEZE",
            "2026-02-30T16:00 America/Los_Angeles",
        )],
    )
    .unwrap_err();
    assert!(matches!(err, ConfigError::Invalid(_)), "{err:?}");
    let err = err.to_string();
    assert!(
        err.starts_with("config: calendar.code-freeze: \"2026-02-30T16:00 America/Los_Angeles\": "),
        "{err}"
    );
    let err = parse(
        &format!("{MINIMAL}[calendar]\nprr-freeze = \"2026-02-05T16:00 America/Los_Angels\"\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("calendar.prr-freeze: "), "{err}");
    assert!(
        err.contains("\"America/Los_Angels\" is not an IANA time zone"),
        "{err}"
    );
}

#[test]
fn an_invalid_release_is_a_config_error_when_the_config_loads() {
    let err = parse(MINIMAL, &[("KEPSYNC_RELEASE", "1.x")]).unwrap_err();
    assert!(matches!(err, ConfigError::Invalid(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "config: release \"1.x\" is not a release like v1.37"
    );
}

#[test]
fn the_status_vocabulary_is_classic_by_default_and_chosen_by_name() {
    use crate::model::Meaning;
    let base = "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n";
    let c = parse(base, &[]).unwrap();
    assert_eq!(c.vocabulary().meaning("Tracked"), Some(Meaning::Tracked));
    assert!(!c.status.advance);
    let c = parse(
        &format!("{base}[status]\nvocabulary = \"per-freeze\"\n"),
        &[],
    )
    .unwrap();
    assert_eq!(c.vocabulary().meaning("Tracked"), None);
    assert_eq!(
        c.vocabulary().meaning("at risk for code freeze"),
        Some(Meaning::AtRisk)
    );
    let c = parse(base, &[("KEPSYNC_STATUS_VOCABULARY", "per-freeze")]).unwrap();
    assert_eq!(c.vocabulary().words().count(), 12);
    let err = parse(&format!("{base}[status]\nvocabulary = \"board\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("status.vocabulary: \"board\""), "{err}");
    assert!(err.contains("classic, per-freeze"), "{err}");
}

#[test]
fn a_teams_own_status_words_join_the_vocabulary_and_a_bad_meaning_is_named() {
    use crate::model::{Freeze, Meaning, Said};
    let base = "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n";
    let c = parse(
        &format!(
            "{base}[status.words]\n\"On Track\" = \"tracked\"\n\"Late\" = \"at-risk-for-code-freeze\"\n"
        ),
        &[],
    )
    .unwrap();
    let v = c.vocabulary();
    assert_eq!(v.meaning("on track"), Some(Meaning::Tracked));
    assert_eq!(
        v.said("LATE"),
        Some(Said::at(Meaning::AtRisk, Freeze::Code))
    );
    assert_eq!(v.meaning("Tracked"), Some(Meaning::Tracked));
    let err = parse(&format!("{base}[status.words]\n\"Meh\" = \"so-so\"\n"), &[])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("status.words.\"Meh\": \"so-so\" is not a meaning"),
        "{err}"
    );
}

#[test]
fn status_advance_needs_a_calendar_and_words_that_name_freezes() {
    let base = "spreadsheet-id = \"s\"\nrelease = \"v1.37\"\n";
    let cal = "[calendar]\ncode-freeze = \"2026-03-01T00:00:00Z\"\n";
    let err = parse(
        &format!("{base}[status]\nvocabulary = \"per-freeze\"\nadvance = true\n"),
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("status.advance needs [calendar]"), "{err}");
    let err = parse(&format!("{base}[status]\nadvance = true\n{cal}"), &[])
        .unwrap_err()
        .to_string();
    assert!(err.contains("words that name freezes"), "{err}");
    let c = parse(
        &format!("{base}[status]\nvocabulary = \"per-freeze\"\nadvance = true\n{cal}"),
        &[],
    )
    .unwrap();
    assert!(c.status.advance);
    let own = "[status.words]\n\"Late\" = \"at-risk-for-code-freeze\"\n";
    let ok = parse(&format!("{base}[status]\nadvance = true\n{own}{cal}"), &[]);
    assert!(ok.is_ok(), "{ok:?}");
}
