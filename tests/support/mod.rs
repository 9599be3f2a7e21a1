//! Shared helpers of the reliability tests: a seeded xorshift RNG, an in-process world (Sheets
//! emulator behind an optional hook, GitHub emulator with the demo tree), and readers of dumps.
#![allow(dead_code)]

use emulator_kit::{Handler, Outcome, Request, Server};
use github_emulator::{GithubEmulator, IssueSeed, PullSeed, Tree};
use kepsync::config::Config;
use kepsync::cycle::Syncer;
use serde_json::{Value, json};
use sheets_emulator::SheetsEmulator;
use std::path::Path;
use std::sync::Arc;

pub const SHEET_ID: &str = "reliability-sheet";

/// The columns of Enhancements / Removed from Milestone, people's and kepsync's.
pub const ENH_HEADER: [&str; 11] = [
    "Issue",
    "Name",
    "SIG",
    "KEP Assignee",
    "Proposal",
    "KEP State",
    "Stage",
    "Status",
    "Stage Status",
    "Enhancements Contact",
    "Notes",
];

/// Columns people own on Enhancements and Removed (kepsync must never change them).
pub const PERSON_COLUMNS: [&str; 4] = ["Status", "Stage Status", "Enhancements Contact", "Notes"];

/// A tiny xorshift64* generator: seeded, reproducible, no dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A seed from `name` in the environment, else from the clock; printed so a failure can be replayed.
pub fn seed_from_env(name: &str) -> u64 {
    let seed = std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    eprintln!("seed: {seed} (replay with {name}={seed})");
    seed
}

/// A count from `name` in the environment, else `default`.
pub fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// Issues of the demo sample plus `extra` plain ones numbered from 9100.
pub fn issues(extra: u64) -> Vec<IssueSeed> {
    let mut out: Vec<IssueSeed> =
        serde_json::from_str(kepsync::demo::sample::ISSUES).expect("sample issues");
    for n in 9100..9100 + extra {
        out.push(IssueSeed {
            number: n,
            title: format!("Enhancement {n}"),
            state: "open".into(),
            assignees: vec![format!("dev{}", n % 7)],
            labels: vec![format!("sig/sig{}", n % 5), "stage/alpha".into()],
            milestone: Some("v1.37".into()),
            body: String::new(),
        });
    }
    out
}

/// The GitHub emulator on the demo tree and pulls with `issues`.
pub fn github(issues: Vec<IssueSeed>) -> GithubEmulator {
    let tree = Tree::from_files(
        kepsync::demo::sample::TREE
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect(),
    );
    let pulls: Vec<PullSeed> =
        serde_json::from_str(kepsync::demo::sample::PULLS).expect("sample pulls");
    GithubEmulator::new(tree, issues, pulls)
}

/// A sheet with the four tabs: `collection` rows (Issue, SIG, Notes) under a title row,
/// `enhancements` and `removed` rows under [`ENH_HEADER`].
pub fn sheet(
    collection: &[Vec<String>],
    enhancements: &[Vec<String>],
    removed: &[Vec<String>],
) -> Value {
    let mut coll = vec![
        json!(["KEP Collection for v1.37"]),
        json!(["Issue", "SIG", "Notes", "Sync Status"]),
    ];
    coll.extend(collection.iter().map(|r| json!(r)));
    let mut enh = vec![json!(ENH_HEADER)];
    enh.extend(enhancements.iter().map(|r| json!(r)));
    let mut rem = vec![json!(ENH_HEADER)];
    rem.extend(removed.iter().map(|r| json!(r)));
    json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": coll},
        {"title": "Enhancements", "rows": enh, "frozenRowCount": 1},
        {"title": "Removed from Milestone", "rows": rem},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG", "Docs Contact", "Docs PR"]]}
    ]})
}

/// A row of Enhancements/Removed with only the person's columns set.
pub fn enh_row(issue: u64, status: &str, contact: &str, notes: &str) -> Vec<String> {
    let mut r = vec![String::new(); ENH_HEADER.len()];
    r[0] = issue.to_string();
    r[7] = status.into();
    r[9] = contact.into();
    r[10] = notes.into();
    r
}

/// Both emulators served on loopback, and a kepsync connected to them.
pub struct World {
    pub sheets: SheetsEmulator,
    pub github: GithubEmulator,
    pub sheets_server: Server,
    pub github_server: Server,
    pub syncer: Syncer,
}

impl World {
    /// Starts the world on a fresh emulator.
    pub async fn start(seed: Value, github: GithubEmulator, extra_toml: &str) -> World {
        let sheets = SheetsEmulator::new();
        let handler = sheets.handler();
        World::start_on(sheets, seed, github, handler, extra_toml).await
    }

    /// Starts the world on `sheets`, served through `handler` (a hook around it, or itself).
    pub async fn start_on(
        sheets: SheetsEmulator,
        seed: Value,
        github: GithubEmulator,
        handler: Arc<dyn Handler>,
        extra_toml: &str,
    ) -> World {
        sheets.load(seed).expect("seed loads");
        let sheets_server = Server::start("127.0.0.1:0", handler).await.expect("serve");
        let github_server = Server::start("127.0.0.1:0", github.handler())
            .await
            .expect("serve");
        let config = config(&sheets_server.url(), &github_server.url(), extra_toml);
        let syncer = kepsync::commands::connect_with_token(config, Some("gh-token".into()))
            .await
            .expect("connect");
        World {
            sheets,
            github,
            sheets_server,
            github_server,
            syncer,
        }
    }

    pub fn dump(&self) -> Value {
        self.sheets.dump(SHEET_ID).expect("sheet exists")
    }
}

/// A configuration pointing at the two servers.
pub fn config(sheets_url: &str, github_url: &str, extra_toml: &str) -> Config {
    let text = format!(
        "spreadsheet-id = \"{SHEET_ID}\"\nrelease = \"v1.37\"\n{extra_toml}\n\
         [google]\ntoken = \"sheets-token\"\nbase-url = \"{sheets_url}/\"\n\
         [github]\nbase-url = \"{github_url}\"\n"
    );
    Config::from_toml(&text, Path::new("(test)"), Vec::new()).expect("config")
}

/// A person's batchUpdate, straight into the emulator (not over HTTP, not faulted).
pub fn person_batch(sheets: &SheetsEmulator, requests: Vec<Value>) {
    if requests.is_empty() {
        return;
    }
    let mut headers = http::HeaderMap::new();
    headers.insert(
        "authorization",
        http::HeaderValue::from_static("Bearer person"),
    );
    let body = json!({ "requests": requests }).to_string();
    let req = Request::new(
        http::Method::POST,
        &format!("/v4/spreadsheets/{SHEET_ID}:batchUpdate"),
        headers,
        body.into(),
    );
    match sheets.handle(req) {
        Outcome::Respond(r) if r.status == 200 => {}
        Outcome::Respond(r) => panic!(
            "person's edit refused: {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        ),
        other => panic!("person's edit not answered: {other:?}"),
    }
}

/// One tab of a dump: its id and its rows as text (formulas as their text).
#[derive(Debug, Clone)]
pub struct TabDump {
    pub sheet_id: i64,
    pub rows: Vec<Vec<String>>,
}

impl TabDump {
    pub fn col(&self, header_row: usize, name: &str) -> Option<usize> {
        self.rows
            .get(header_row)?
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// The tab titled `title` of a dump.
pub fn tab(dump: &Value, title: &str) -> TabDump {
    let sheet = dump["sheets"]
        .as_array()
        .and_then(|s| s.iter().find(|s| s["title"] == title))
        .unwrap_or_else(|| panic!("no tab {title}"));
    let rows = sheet["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|cells| cells.iter().map(cell_text).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    TabDump {
        sheet_id: sheet["sheetId"].as_i64().unwrap_or(0),
        rows,
    }
}

fn cell_text(v: &Value) -> String {
    v.as_str()
        .map(str::to_string)
        .or_else(|| v["formula"].as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A request hook: runs `before` for each API request, then lets the emulator answer.
pub struct Hook<F> {
    pub sheets: SheetsEmulator,
    pub before: F,
}

impl<F: Fn(&Request) + Send + Sync + 'static> Handler for Hook<F> {
    fn handle(&self, request: Request) -> Outcome {
        if !request.path.starts_with("/_emulator/") && request.path != "/token" {
            (self.before)(&request);
        }
        self.sheets.handle(request)
    }
}

/// Retry policies fast enough for fault matrices: millisecond backoffs, 400 ms timeouts.
pub fn fast_syncer_parts(
    config: &Config,
) -> (kepsync::sheets::SheetsConfig, kepsync::github::GithubConfig) {
    use kepsync::{github, sheets};
    let sheets = sheets::SheetsConfig {
        spreadsheet_id: config.spreadsheet_id.clone(),
        base_url: config.google.base_url.clone(),
        token: config.google.token.clone(),
        retry: sheets::RetryPolicy {
            max_attempts: 4,
            base_delay: std::time::Duration::from_millis(5),
            max_delay: std::time::Duration::from_millis(20),
            budget: std::time::Duration::from_secs(10),
            request_timeout: std::time::Duration::from_millis(400),
        },
        ..sheets::SheetsConfig::default()
    };
    let mut gh = github::GithubConfig::new(config.github.repo.clone());
    gh.base_url = config.github.base_url.clone();
    gh.token = Some(github::Token::new("gh-token"));
    gh.retry = github::RetryPolicy {
        max_attempts: 4,
        budget: std::time::Duration::from_secs(10),
        secondary_wait: std::time::Duration::from_millis(10),
        backoff_base: std::time::Duration::from_millis(5),
        backoff_max: std::time::Duration::from_millis(20),
        request_timeout: std::time::Duration::from_millis(400),
    };
    (sheets, gh)
}

/// A kepsync with [`fast_syncer_parts`] retry policies.
pub async fn fast_syncer(config: Config) -> Syncer {
    let (s, g) = fast_syncer_parts(&config);
    let sheets = kepsync::sheets::SheetsAdapter::connect(s)
        .await
        .expect("sheets adapter");
    let github = kepsync::github::GithubAdapter::new(g).expect("github adapter");
    Syncer::new(config, sheets, github)
}

/// A handler that runs `before` on every API request (not control calls), then delegates.
pub struct Around<F> {
    pub inner: Arc<dyn Handler>,
    pub before: F,
}

impl<F: Fn(&Request) + Send + Sync + 'static> Handler for Around<F> {
    fn handle(&self, request: Request) -> Outcome {
        if !request.path.starts_with("/_emulator/") && request.path != "/token" {
            (self.before)(&request);
        }
        self.inner.handle(request)
    }
}
