//! Security: values from GitHub and YAML never become formulas; the GitHub token, the private
//! key and the OAuth access token appear nowhere in a run's output (trace logs, JSON logs, the
//! plan, errors) nor in `Debug`; a loose key file gets a warning; plain http is refused for
//! hosts that are not loopback; the OAuth scope is spreadsheets-only; GitHub is only read.

use crate::support::config::ConfigToml;
use crate::support::dump::tab;
use crate::support::github::GithubSeed;
use crate::support::key::{self, set_mode, throwaway_key};
use crate::support::process::{get_json, kepsync};
use crate::support::sheet::{SHEET_ID, sheet};
use crate::support::world::{Spawned, World, base_toml};
use kepsync::cycle::Mode;
use serde_json::Value;

const GITHUB_TOKEN: &str = "ghp_SecretTokenThatMustNeverShow0123456789";
const SCOPE: &str = "https://www.googleapis.com/auth/spreadsheets";

/// A key file (`key-MODE.json`) holding `pem` with permission bits `mode`, trading its JWT at
/// the world's Sheets emulator.
fn key_file(world: &Spawned, pem: &str, mode: u32) -> String {
    let token_uri = format!("{}/token", world.sheets.url);
    let name = format!("key-{mode:o}.json");
    let path = key::key_file(world.dir.path(), &name, pem, &token_uri);
    set_mode(&path, mode);
    path
}

/// The world's config with the key file `key` instead of a static token.
fn with_key(world: &Spawned, key: &str) -> ConfigToml {
    world
        .toml
        .clone()
        .remove("google.token")
        .set("google.credentials", key)
}

fn seed() -> Value {
    let coll: Vec<Vec<String>> = ["9001", "9002", "9006", "9010"]
        .iter()
        .map(|n| vec![n.to_string(), "sig".into(), String::new()])
        .collect();
    sheet(&coll, &[], &[])
}

#[test]
fn no_secret_in_any_output_not_even_the_oauth_token_yup_oauth2_logs_at_debug() {
    let Some(pem) = throwaway_key() else {
        return;
    };
    let world = World::new(seed())
        .github(GithubSeed::demo().demo_pulls())
        .with_state_dir()
        .spawn();
    let key = key_file(&world, pem, 0o644);
    let config = world.write_config("kepsync.toml", &with_key(&world, &key));
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
    let grants: Value = get_json(&format!("{}/_emulator/tokens", world.sheets.url));
    let grants = grants.as_array().cloned().unwrap_or_default();
    assert!(!grants.is_empty(), "the key was used");
    assert!(grants.iter().all(|g| g["scope"] == SCOPE), "{grants:?}");
    let log = get_json(&format!("{}/_emulator/requests", world.github().url));
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
    let Some(pem) = throwaway_key() else {
        return;
    };
    let world = World::new(seed()).spawn();
    let key = key_file(&world, pem, 0o600);
    let toml = with_key(&world, &key).set("github.base-url", "http://127.0.0.1:9");
    let config = world.write_config("kepsync.toml", &toml);
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
        let config = ConfigToml::new("x")
            .set("google.token", "t")
            .set("google.base-url", google)
            .set("github.base-url", github)
            .write(dir.path(), "kepsync.toml");
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
    let coll: Vec<Vec<String>> = ["9001", "9006"]
        .iter()
        .map(|n| vec![n.to_string(), "s".into(), String::new()])
        .collect();
    let github = GithubSeed::demo().demo_pulls();
    let world = World::new(sheet(&coll, &[], &[]))
        .github(github)
        .serve()
        .await;
    world.github.set_file(path, Some(hostile.into_bytes()));
    let report = world.syncer.cycle(Mode::Apply).await.expect("cycle");
    assert!(report.applied);
    let plan = format!("{}", report.plan);
    assert!(!plan.contains("gh-token") && !plan.contains("sheets-token"));
    let dump = world.dump();
    let enh = tab(&dump, "Enhancements").json;
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
    let config = base_toml(SHEET_ID, "http://127.0.0.1:1", Some("http://127.0.0.1:2")).to_config();
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
