//! Security: values from GitHub and YAML never become formulas; the GitHub token, the private
//! key and the OAuth access token appear nowhere in a run's output (trace logs, JSON logs, the
//! plan, errors) nor in `Debug`; a loose key file gets a warning; plain http is refused for
//! hosts that are not loopback; the OAuth scope is spreadsheets-only; GitHub is only read.

use crate::common;
use crate::support;

use common::{Emulator, kepsync, write};
use kepsync::cycle::Mode;
use serde_json::Value;
use std::path::Path;

const GITHUB_TOKEN: &str = "ghp_SecretTokenThatMustNeverShow0123456789";
const SCOPE: &str = "https://www.googleapis.com/auth/spreadsheets";

fn key_file(dir: &Path, pem: &str, token_uri: &str, mode: u32) -> String {
    let key = serde_json::json!({
        "type": "service_account", "project_id": "kepsync-test", "private_key_id": "k1",
        "private_key": pem, "client_email": "kepsync@kepsync-test.iam.gserviceaccount.com",
        "client_id": "1", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    });
    let path = write(dir, &format!("key-{mode:o}.json"), &key.to_string());
    set_mode(&path, mode);
    path
}

#[cfg(unix)]
fn set_mode(path: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[cfg(not(unix))]
fn set_mode(_path: &str, _mode: u32) {}

/// The demo tree, issues and pulls as files for the github-emulator binary.
fn github_files(dir: &Path) -> (String, String, String) {
    let tree = dir.join("tree");
    for (p, bytes) in kepsync::demo::sample::TREE {
        let path = tree.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write tree file");
    }
    let issues = write(dir, "issues.json", kepsync::demo::sample::ISSUES);
    let pulls = write(dir, "pulls.json", kepsync::demo::sample::PULLS);
    (tree.to_string_lossy().into_owned(), issues, pulls)
}

fn seed(dir: &Path) -> String {
    let coll: Vec<Vec<String>> = ["9001", "9002", "9006", "9010"]
        .iter()
        .map(|n| vec![n.to_string(), "sig".into(), String::new()])
        .collect();
    write(
        dir,
        "seed.json",
        &support::sheet(&coll, &[], &[]).to_string(),
    )
}

#[test]
fn no_secret_in_any_output_not_even_the_oauth_token_yup_oauth2_logs_at_debug() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(pem) = common::throwaway_key(dir.path()) else {
        eprintln!("SKIPPED: openssl is not available to generate a throwaway RSA key");
        return;
    };
    let sheets = Emulator::start("sheets-emulator", &["--seed", &seed(dir.path())]);
    let (tree, issues, pulls) = github_files(dir.path());
    let github = Emulator::start(
        "github-emulator",
        &["--tree", &tree, "--issues", &issues, "--pulls", &pulls],
    );
    let key = key_file(dir.path(), &pem, &format!("{}/token", sheets.url), 0o644);
    let config = write(
        dir.path(),
        "kepsync.toml",
        &format!(
            "spreadsheet-id = \"{}\"\nrelease = \"v1.37\"\nstate-dir = \"{}\"\n[google]\ncredentials = \"{key}\"\nbase-url = \"{}/\"\n[github]\nbase-url = \"{}\"\n",
            support::SHEET_ID,
            dir.path().join("state").display(),
            sheets.url,
            github.url
        ),
    );
    let mut output = String::new();
    for (args, log) in [
        (["plan"], "trace"),
        (["sync"], "trace"),
        (["sync"], "debug"),
        (["plan"], "info"),
    ] {
        for format in ["human", "json"] {
            let out = kepsync(
                &[args[0], "--config", &config, "--log-format", format],
                &[("GITHUB_TOKEN", GITHUB_TOKEN), ("RUST_LOG", log)],
            );
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(
                out.status.success(),
                "kepsync {args:?} failed:\n{}",
                tail(&text)
            );
            output.push_str(&text);
        }
    }
    let key_body: Vec<&str> = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let mut secrets: Vec<String> = vec![
        GITHUB_TOKEN.into(),
        "PRIVATE KEY".into(),
        "emulator-token-".into(),
    ];
    secrets.extend(key_body.iter().map(|l| l.to_string()));
    for s in &secrets {
        if let Some(at) = output.find(s.as_str()) {
            let start = output[..at].rfind('\n').unwrap_or(0);
            let context = &output[start..(at + 100).min(output.len())];
            eprintln!("leaked in: {}", context.replace(s.as_str(), "<SECRET>"));
        }
        assert!(
            !output.contains(s.as_str()),
            "a secret ({}…) appears in the output",
            &s[..s.len().min(12)]
        );
    }
    assert!(
        output.len() > 10_000,
        "trace logs were written ({} bytes)",
        output.len()
    );
    assert!(
        output.contains("open to group or others"),
        "no warning about the 0644 key file"
    );
    let grants: Value = common::get_json(&format!("{}/_emulator/tokens", sheets.url));
    let grants = grants.as_array().cloned().unwrap_or_default();
    assert!(!grants.is_empty(), "the key was used");
    assert!(grants.iter().all(|g| g["scope"] == SCOPE), "{grants:?}");
    let log = common::get_json(&format!("{}/_emulator/requests", github.url));
    for r in log["log"].as_array().into_iter().flatten() {
        let (m, p) = (
            r["method"].as_str().unwrap_or(""),
            r["path"].as_str().unwrap_or(""),
        );
        assert!(
            m == "GET" || (m == "POST" && p == "/graphql"),
            "kepsync wrote to GitHub: {m} {p}"
        );
    }
}

#[test]
fn a_private_key_file_gets_no_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(pem) = common::throwaway_key(dir.path()) else {
        eprintln!("SKIPPED: openssl is not available to generate a throwaway RSA key");
        return;
    };
    let sheets = Emulator::start("sheets-emulator", &["--seed", &seed(dir.path())]);
    let key = key_file(dir.path(), &pem, &format!("{}/token", sheets.url), 0o600);
    let config = write(
        dir.path(),
        "kepsync.toml",
        &format!(
            "spreadsheet-id = \"{}\"\nrelease = \"v1.37\"\n[google]\ncredentials = \"{key}\"\nbase-url = \"{}/\"\n[github]\nbase-url = \"http://127.0.0.1:9\"\n",
            support::SHEET_ID,
            sheets.url
        ),
    );
    // With a token, or plan stops before it reads the key and the test would prove nothing.
    let out = kepsync(
        &["plan", "--config", &config],
        &[("GITHUB_TOKEN", GITHUB_TOKEN)],
    );
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("is not set"), "{text}");
    assert!(!text.contains("open to group or others"), "{text}");
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (google, github, what) in [
        (
            "http://sheets.example.com/",
            "https://api.github.com",
            "google",
        ),
        ("http://127.0.0.1:9/", "http://api.example.com", "github"),
    ] {
        let config = write(
            dir.path(),
            "kepsync.toml",
            &format!(
                "spreadsheet-id = \"x\"\nrelease = \"v1.37\"\n[google]\ntoken = \"t\"\nbase-url = \"{google}\"\n[github]\nbase-url = \"{github}\"\n"
            ),
        );
        let out = kepsync(
            &["plan", "--config", &config],
            &[("GITHUB_TOKEN", GITHUB_TOKEN)],
        );
        let text = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {text}");
        assert!(
            text.contains("https"),
            "{what}: the error says what to use: {text}"
        );
        assert!(!text.contains(GITHUB_TOKEN));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn values_from_github_and_yaml_stay_text() {
    let github = support::github(support::issues(0));
    let path = "keps/sig-node/9001-pod-burst-limits/kep.yaml";
    let yaml = kepsync::demo::sample::TREE
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .expect("sample kep.yaml");
    let hostile: String = yaml
        .lines()
        .map(|l| match l.split_once(':') {
            Some(("owning-sig", _)) => {
                "owning-sig: \"=HYPERLINK(\\\"https://evil.example\\\",\\\"x\\\")\"".to_string()
            }
            Some(("stage", _)) => "stage: \"+1+1\"".to_string(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    github.set_file(path, Some(hostile.into_bytes()));
    let coll: Vec<Vec<String>> = ["9001", "9006"]
        .iter()
        .map(|n| vec![n.to_string(), "s".into(), String::new()])
        .collect();
    let world = support::World::start(support::sheet(&coll, &[], &[]), github, "").await;
    let report = world.syncer.cycle(Mode::Apply).await.expect("cycle");
    assert!(report.applied);
    let plan = format!("{}", report.plan);
    assert!(!plan.contains("gh-token") && !plan.contains("sheets-token"));
    let dump = world.dump();
    let enh = dump["sheets"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["title"] == "Enhancements"))
        .expect("tab");
    let mut seen = 0;
    for row in enh["rows"].as_array().into_iter().flatten() {
        for cell in row.as_array().into_iter().flatten() {
            assert!(
                cell.get("formula").is_none(),
                "kepsync wrote a formula: {cell}"
            );
            if cell
                .as_str()
                .is_some_and(|s| s.starts_with('=') || s.starts_with('+'))
            {
                seen += 1;
            }
        }
    }
    assert!(
        seen >= 2,
        "the formula-looking title and SIG were written as text: {enh}"
    );
}

#[test]
fn debug_of_configs_hides_secrets() {
    let mut gh = kepsync::github::GithubConfig::new("kubernetes/enhancements");
    gh.token = Some(kepsync::github::Token::new(GITHUB_TOKEN));
    let sheets = kepsync::sheets::SheetsConfig {
        token: Some("ya29.SecretAccessToken".into()),
        ..kepsync::sheets::SheetsConfig::default()
    };
    let config = support::config("http://127.0.0.1:1", "http://127.0.0.1:2", "");
    let shown = format!("{gh:?} {sheets:?} {config:?} {:#?}", config.google);
    assert!(
        !shown.contains(GITHUB_TOKEN)
            && !shown.contains("SecretAccessToken")
            && !shown.contains("sheets-token"),
        "{shown}"
    );
}

fn tail(text: &str) -> &str {
    &text[text.len().saturating_sub(3000)..]
}
