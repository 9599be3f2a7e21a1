//! `kepsync check` against both emulator binaries: a good setup passes every line, and each kind of
//! mistake fails its own line with a fix hint (exit 1), a bad config file exits 2.

use crate::support::config::ConfigToml;
use crate::support::key::{key_file, throwaway_key};
use crate::support::process::{get_json, kepsync};
use crate::support::service::{SHEET_ID, made_up, seed_sheet};
use crate::support::sheet::ENH_HEADER;
use crate::support::world::{GITHUB_TOKEN, Spawned};
use serde_json::json;

struct Checked {
    code: Option<i32>,
    stdout: String,
}

impl Checked {
    /// The line (with its fix line, if any) that starts `ok   NAME:` or `fail NAME:`.
    fn line(&self, name: &str) -> String {
        let lines: Vec<&str> = self.stdout.lines().collect();
        let at = lines
            .iter()
            .position(|l| l[4..].trim_start().starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} line:\n{}", self.stdout));
        let mut text = lines[at].to_string();
        for more in lines[at + 1..]
            .iter()
            .take_while(|l| l.starts_with("     "))
        {
            text.push('\n');
            text.push_str(more);
        }
        text
    }

    fn ok(&self, name: &str) -> String {
        let line = self.line(name);
        assert!(
            line.starts_with("ok "),
            "{name} should be ok:\n{}",
            self.stdout
        );
        line
    }

    fn fail(&self, name: &str) -> String {
        let line = self.line(name);
        assert!(
            line.starts_with("fail "),
            "{name} should fail:\n{}",
            self.stdout
        );
        assert!(
            line.contains("\n     fix: "),
            "a failed line carries a hint: {line}"
        );
        line
    }
}

fn check(config: &str, env: &[(&str, &str)]) -> Checked {
    let out = kepsync(&["check", "--config", config], env);
    Checked {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

const ALL: [&str; 9] = [
    "config",
    "calendar",
    "credentials",
    "sheet",
    "tabs",
    "optional tabs",
    "headers",
    "github token",
    "github repo",
];

#[test]
fn a_good_setup_passes_every_line() {
    let world = made_up(&seed_sheet()).spawn();
    let got = check(&world.config, &[GITHUB_TOKEN]);
    for name in ALL {
        got.ok(name);
    }
    assert_eq!(got.code, Some(0), "{}", got.stdout);
    assert!(got.stdout.contains("all 9 checks ok"), "{}", got.stdout);
    assert!(got.ok("credentials").contains("static token"));
    assert!(got.ok("tabs").contains("\"Removed from Milestone\""));
    assert!(got.ok("headers").contains("\"Enhancements\" row 1"));
    assert!(
        got.ok("github token").contains("REST 5000 of 5000 left"),
        "{}",
        got.stdout
    );
    assert_eq!(world.sheets_counts().1, 0, "check never writes");
}

#[test]
fn missing_tabs_and_headers_are_listed() {
    let mut sheet = seed_sheet();
    sheet["sheets"].as_array_mut().expect("sheets").pop();
    let mut header = json!(ENH_HEADER);
    header
        .as_array_mut()
        .expect("header")
        .retain(|h| h != "Status");
    sheet["sheets"][1]["rows"] = json!([header]);
    let world = made_up(&sheet).spawn();
    let got = check(&world.config, &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1), "{}", got.stdout);
    let tabs = got.fail("tabs");
    assert!(tabs.contains("not found: \"Docs\""), "{tabs}");
    assert!(tabs.contains("[tabs] docs"), "{tabs}");
    let headers = got.fail("headers");
    assert!(
        headers.contains("tab \"Enhancements\", header row 1: missing column(s) Status"),
        "{headers}"
    );
    got.ok("sheet");
    got.ok("github token");
}

#[test]
fn a_misspelt_optional_tab_fails_its_line_and_the_calendar_is_shown() {
    // A cycle skips a named optional tab the sheet lacks without a word; check says so.
    let world = made_up(&seed_sheet())
        .set("tabs.dashboard", "Dashbord")
        .set("calendar.prr-freeze", "2026-02-05T00:00:00-08:00")
        .spawn();
    let got = check(&world.config, &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1), "{}", got.stdout);
    let line = got.fail("optional tabs");
    assert!(line.contains("\"Dashbord\""), "{line}");
    assert!(line.contains("[tabs] dashboard"), "{line}");
    let calendar = got.ok("calendar");
    assert!(
        calendar.contains("PRR Freeze 2026-02-05 08:00 UTC"),
        "{calendar}"
    );
    got.ok("tabs");
    got.ok("headers");
    assert!(
        got.stdout.contains("1 of 9 checks failed"),
        "{}",
        got.stdout
    );
}

#[test]
fn a_sheet_not_shared_or_not_there_fails_the_sheet_line() {
    let mut unshared = seed_sheet();
    unshared["shared"] = json!(false);
    let world = made_up(&unshared).spawn();
    let got = check(&world.config, &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1));
    assert!(
        got.fail("sheet").contains("share the sheet with"),
        "{}",
        got.stdout
    );
    assert!(got.fail("tabs").contains("not checked: sheet failed"));

    let world = made_up(&seed_sheet()).spawn();
    let got = check(
        &world.config,
        &[GITHUB_TOKEN, ("KEPSYNC_SPREADSHEET_ID", "no-such-sheet")],
    );
    assert_eq!(got.code, Some(1));
    let sheet = got.fail("sheet");
    assert!(
        sheet.contains("no-such-sheet") && sheet.contains("check spreadsheet-id"),
        "{sheet}"
    );
}

#[test]
fn github_token_missing_refused_or_repo_wrong() {
    let world = made_up(&seed_sheet()).spawn();
    let no_token = [("KEPSYNC_GITHUB_TOKEN_ENV", "KEPSYNC_CHECK_TEST_UNSET_TOKEN")];
    let got = check(&world.config, &no_token);
    assert_eq!(got.code, Some(1));
    let line = got.fail("github token");
    assert!(
        line.contains("$KEPSYNC_CHECK_TEST_UNSET_TOKEN is not set"),
        "{line}"
    );
    got.ok("sheet");

    world.github_fault(json!({"path": "/rate_limit", "status": 401}));
    let got = check(&world.config, &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1));
    let line = got.fail("github token");
    assert!(
        line.contains("401") && line.contains("GitHub refused the token in $GITHUB_TOKEN"),
        "{line}"
    );

    let got = check(
        &world.config,
        &[
            GITHUB_TOKEN,
            ("KEPSYNC_GITHUB_REPO", "kubernetes/no-such-repo"),
        ],
    );
    assert_eq!(got.code, Some(1));
    let line = got.fail("github repo");
    assert!(line.contains("check [github] repo"), "{line}");
    got.ok("github token");
}

#[test]
fn a_bad_config_file_exits_2_and_a_bad_schedule_fails_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = ConfigToml::new("s")
        .set("unknown-key", 1)
        .write(dir.path(), "bad.toml");
    let got = check(&bad, &[]);
    assert_eq!(got.code, Some(2), "{}", got.stdout);
    assert!(got.fail("config").contains("unknown-key"), "{}", got.stdout);

    let world = made_up(&seed_sheet())
        .set("schedule", "0 61 * * * *")
        .spawn();
    let got = check(&world.config, &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1));
    assert!(got.fail("config").contains("0 61 * * * *"));
    got.ok("headers");
}

/// The world's config without a static token (nor an ops listener).
fn tokenless(world: &Spawned) -> ConfigToml {
    world.toml.clone().remove("google.token").remove("server")
}

/// A config using a service-account key file instead of a static token.
fn key_config(world: &Spawned, key: &str) -> String {
    world.write_config("key.toml", &tokenless(world).set("google.credentials", key))
}

/// A service-account key file holding `pem`, trading its JWT at the Sheets emulator.
fn sheets_key_file(world: &Spawned, pem: &str) -> String {
    let token_uri = format!("{}/token", world.sheets.url);
    key_file(world.dir.path(), "key.json", pem, &token_uri)
}

#[test]
fn a_bad_or_missing_key_fails_credentials_and_blocks_the_sheet() {
    let world = made_up(&seed_sheet()).spawn();
    let garbage = sheets_key_file(
        &world,
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    );
    let got = check(&key_config(&world, &garbage), &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(1), "{}", got.stdout);
    assert!(
        got.fail("credentials").contains("create a new JSON key"),
        "{}",
        got.stdout
    );
    assert!(
        got.fail("sheet")
            .contains("not checked: credentials failed")
    );

    let missing = world.dir.path().join("nowhere.json");
    let got = check(
        &key_config(&world, &missing.to_string_lossy()),
        &[GITHUB_TOKEN],
    );
    let line = got.fail("credentials");
    assert!(
        line.contains("nowhere.json") && line.contains("set [google] credentials"),
        "{line}"
    );
}

#[test]
fn a_service_account_key_mints_a_token() {
    let world = made_up(&seed_sheet()).spawn();
    let Some(pem) = throwaway_key() else {
        return;
    };
    let key = sheets_key_file(&world, pem);
    let got = check(&key_config(&world, &key), &[GITHUB_TOKEN]);
    assert_eq!(got.code, Some(0), "{}", got.stdout);
    let line = got.ok("credentials");
    assert!(
        line.contains(
            "service account kepsync@kepsync-test.iam.gserviceaccount.com minted a token"
        ),
        "{line}"
    );
    let grants = get_json(&format!("{}/_emulator/tokens", world.sheets.url));
    assert!(grants.to_string().contains("auth/spreadsheets"), "{grants}");
}

#[test]
fn a_sheet_url_given_as_spreadsheet_id_is_used_as_its_id_by_check_and_sync() {
    let world = made_up(&seed_sheet()).spawn();
    for url in [
        format!("https://docs.google.com/spreadsheets/d/{SHEET_ID}/edit#gid=0"),
        format!("https://docs.google.com/spreadsheets/u/0/d/{SHEET_ID}/edit?usp=sharing"),
    ] {
        let env = [GITHUB_TOKEN, ("KEPSYNC_SPREADSHEET_ID", url.as_str())];
        let got = check(&world.config, &env);
        assert_eq!(got.code, Some(0), "{}", got.stdout);
        let config = got.ok("config");
        assert!(
            config.contains(&format!("spreadsheet-id given as a URL; using {SHEET_ID}")),
            "{config}"
        );
        assert!(got.ok("sheet").contains(SHEET_ID), "{}", got.stdout);
    }
    let url = format!("https://docs.google.com/spreadsheets/d/{SHEET_ID}/");
    let out = kepsync(
        &["sync", "--config", &world.config],
        &[GITHUB_TOKEN, ("KEPSYNC_SPREADSHEET_ID", url.as_str())],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        world.sheets_counts().1,
        1,
        "sync wrote to the sheet the URL names"
    );
}

#[test]
fn an_empty_google_application_credentials_reads_as_unset_not_as_the_path_nothing() {
    let world = made_up(&seed_sheet()).spawn();
    let config = world.write_config("no-key.toml", &tokenless(&world));
    for empty in ["", " "] {
        let env = [GITHUB_TOKEN, ("GOOGLE_APPLICATION_CREDENTIALS", empty)];
        let got = check(&config, &env);
        assert_eq!(got.code, Some(1), "{}", got.stdout);
        let line = got.fail("credentials");
        assert!(
            line.contains("no credentials (GOOGLE_APPLICATION_CREDENTIALS is set but empty)"),
            "{line}"
        );
        assert!(!line.contains("No such file"), "{line}");
        assert!(line.contains("set [google] credentials"), "{line}");

        let out = kepsync(&["sync", "--config", &config], &env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("GOOGLE_APPLICATION_CREDENTIALS is set but empty"),
            "{stderr}"
        );
    }
}

#[test]
fn every_check_is_in_the_runbook() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/operations.md");
    let docs = std::fs::read_to_string(path).expect("docs/operations.md");
    for name in ALL {
        assert!(
            docs.contains(&format!("| `{name}` |")),
            "no row for the {name} check"
        );
    }
}
