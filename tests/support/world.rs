//! The one world builder: a seeded spreadsheet, optionally GitHub data, and a kepsync config
//! pointing at both, started either as the emulator binaries (`spawn`, for tests that run the
//! `kepsync` binary) or served in-process (`serve`, for tests that drive a `Syncer`).
//!
//! ```ignore
//! let w = World::new(seed).github(GithubSeed::demo()).with_state_dir().spawn();
//! let out = w.sync();
//! ```

use crate::support::config::ConfigToml;
use crate::support::github::GithubSeed;
use crate::support::hooks::fast_syncer;
use crate::support::process::{Emulator, get_json, http, kepsync, write};
use emulator_kit::{Handler, Server};
use github_emulator::GithubEmulator;
use kepsync::cycle::Syncer;
use serde_json::Value;
use sheets_emulator::SheetsEmulator;
use std::process::Output;
use std::sync::Arc;

/// The Google token every world's config carries (the emulators accept any).
pub const SHEETS_TOKEN: &str = "sheets-token";
/// The GitHub token in-process worlds connect with and [`Spawned::sync`] passes.
pub const GITHUB_TOKEN: (&str, &str) = ("GITHUB_TOKEN", "gh-token");

type Wrap<E> = Box<dyn FnOnce(&E) -> Arc<dyn Handler>>;

/// What a world holds before it starts.
pub struct World {
    seed: Value,
    more: Vec<Value>,
    github: Option<GithubSeed>,
    config: ConfigToml,
    state_dir: bool,
    fast: bool,
    sheets_through: Option<Wrap<SheetsEmulator>>,
    github_through: Option<Wrap<GithubEmulator>>,
}

impl World {
    /// A world whose spreadsheet is `seed` (its `spreadsheetId` is the config's), without GitHub.
    pub fn new(seed: Value) -> World {
        World {
            seed,
            more: Vec::new(),
            github: None,
            config: ConfigToml::default(),
            state_dir: false,
            fast: false,
            sheets_through: None,
            github_through: None,
        }
    }

    /// More spreadsheets on the same emulator (a previous release's, say).
    pub fn more_sheets(mut self, seeds: impl IntoIterator<Item = Value>) -> World {
        self.more.extend(seeds);
        self
    }

    /// A GitHub emulator serving `seed`, and `[github] base-url` pointing at it.
    pub fn github(mut self, seed: GithubSeed) -> World {
        self.github = Some(seed);
        self
    }

    /// Sets a config key over the defaults (see [`ConfigToml::set`]).
    pub fn set(mut self, path: &str, value: impl Into<toml::Value>) -> World {
        self.config = self.config.set(path, value);
        self
    }

    /// `state-dir` set to a `state` directory inside the world's temp dir (`spawn` only).
    pub fn with_state_dir(mut self) -> World {
        self.state_dir = true;
        self
    }

    /// In-process: the kepsync gets millisecond retry policies (see `hooks::fast_syncer`).
    pub fn fast_retries(mut self) -> World {
        self.fast = true;
        self
    }

    /// In-process: the Sheets emulator is served through the handler `wrap` makes around it.
    pub fn sheets_through(
        mut self,
        wrap: impl FnOnce(&SheetsEmulator) -> Arc<dyn Handler> + 'static,
    ) -> World {
        self.sheets_through = Some(Box::new(wrap));
        self
    }

    /// In-process: the GitHub emulator is served through the handler `wrap` makes around it.
    pub fn github_through(
        mut self,
        wrap: impl FnOnce(&GithubEmulator) -> Arc<dyn Handler> + 'static,
    ) -> World {
        self.github_through = Some(Box::new(wrap));
        self
    }

    fn sheet_id(&self) -> String {
        self.seed["spreadsheetId"]
            .as_str()
            .expect("the seed has a spreadsheetId")
            .to_string()
    }

    /// [`base_toml`], then this world's own keys.
    fn toml(&self, sheets_url: &str, github_url: Option<&str>) -> ConfigToml {
        base_toml(&self.sheet_id(), sheets_url, github_url).merged(&self.config)
    }

    /// Starts the emulator binaries and writes the config (`kepsync.toml`) in a temp dir.
    pub fn spawn(self) -> Spawned {
        assert!(
            self.sheets_through.is_none() && self.github_through.is_none() && !self.fast,
            "hooks and retry policies are for in-process worlds"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let seed = write(dir.path(), "seed.json", &self.seed.to_string());
        let sheets = Emulator::start("sheets-emulator", &["--seed", &seed]);
        for s in &self.more {
            let id = s["spreadsheetId"].as_str().expect("spreadsheetId");
            let url = format!("{}/_emulator/spreadsheets/{id}", sheets.url);
            let (status, body) = http("PUT", &url, Some(&s.to_string()));
            assert_eq!(status, 200, "{body}");
        }
        let github = self.github.as_ref().map(|g| {
            let args = g.args(dir.path());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            Emulator::start("github-emulator", &args)
        });
        let mut toml = self.toml(&sheets.url, github.as_ref().map(|g| g.url.as_str()));
        if self.state_dir {
            toml = toml.set_path("state-dir", &dir.path().join("state"));
        }
        let config = toml.write(dir.path(), "kepsync.toml");
        Spawned {
            sheet_id: self.sheet_id(),
            dir,
            sheets,
            github,
            config,
            toml,
        }
    }

    /// Serves both emulators in-process and connects a kepsync to them.
    pub async fn serve(mut self) -> Served {
        assert!(!self.state_dir, "in-process worlds keep no state dir");
        let (sheets, sheets_server) = self.serve_sheets_only().await;
        let github = self
            .github
            .as_ref()
            .expect("an in-process world needs GitHub")
            .emulator();
        let handler = match self.github_through.take() {
            Some(wrap) => wrap(&github),
            None => github.handler(),
        };
        let github_server = Server::start("127.0.0.1:0", handler).await.expect("serve");
        let toml = self.toml(&sheets_server.url(), Some(&github_server.url()));
        let config = toml.to_config();
        let syncer = if self.fast {
            fast_syncer(config).await
        } else {
            kepsync::commands::connect_with_token(config, Some(GITHUB_TOKEN.1.into()))
                .await
                .expect("connect")
        };
        Served {
            sheet_id: self.sheet_id(),
            sheets,
            github,
            sheets_server,
            github_server,
            syncer,
            toml,
        }
    }

    /// Serves only the Sheets emulator in-process (for tests of the Sheets adapter).
    pub async fn serve_sheets(mut self) -> (SheetsEmulator, Server) {
        self.serve_sheets_only().await
    }

    async fn serve_sheets_only(&mut self) -> (SheetsEmulator, Server) {
        let sheets = SheetsEmulator::new();
        for seed in std::iter::once(&self.seed).chain(&self.more) {
            sheets.load(seed.clone()).expect("seed loads");
        }
        let handler = match self.sheets_through.take() {
            Some(wrap) => wrap(&sheets),
            None => sheets.handler(),
        };
        let server = Server::start("127.0.0.1:0", handler).await.expect("serve");
        (sheets, server)
    }
}

/// The config every world starts from: the spreadsheet, [`SHEETS_TOKEN`], the Sheets emulator's
/// URL and, when there is one, the GitHub emulator's.
pub fn base_toml(sheet_id: &str, sheets_url: &str, github_url: Option<&str>) -> ConfigToml {
    let base = ConfigToml::new(sheet_id)
        .set("google.token", SHEETS_TOKEN)
        .set("google.base-url", format!("{sheets_url}/"));
    match github_url {
        Some(url) => base.set("github.base-url", url),
        None => base,
    }
}

/// A world of emulator binaries (killed when dropped) and a config file in a temp dir.
pub struct Spawned {
    pub dir: tempfile::TempDir,
    pub sheets: Emulator,
    pub github: Option<Emulator>,
    /// The path of `kepsync.toml`.
    pub config: String,
    /// What `kepsync.toml` holds, to write variants of it.
    pub toml: ConfigToml,
    pub sheet_id: String,
}

impl Spawned {
    /// The GitHub emulator (panics for a world without one).
    pub fn github(&self) -> &Emulator {
        self.github.as_ref().expect("a world with GitHub")
    }

    /// The spreadsheet's tabs as the emulator holds them (without developer metadata, whose
    /// write token names a process and a time: see [`Spawned::full_dump`]).
    pub fn dump(&self) -> Value {
        self.dump_of(&self.sheet_id)
    }

    /// The spreadsheet with its developer metadata (the write token, the board Status memory),
    /// which putting it back keeps.
    pub fn full_dump(&self) -> Value {
        get_json(&format!(
            "{}/_emulator/spreadsheets/{}",
            self.sheets.url, self.sheet_id
        ))
    }

    /// Another spreadsheet of the emulator (tabs only, as [`Spawned::dump`]).
    pub fn dump_of(&self, id: &str) -> Value {
        without_metadata(get_json(&format!(
            "{}/_emulator/spreadsheets/{id}",
            self.sheets.url
        )))
    }

    /// Replaces the spreadsheet (as a person's edits would leave it).
    pub fn put_sheet(&self, sheet: &Value) {
        let url = format!(
            "{}/_emulator/spreadsheets/{}",
            self.sheets.url, self.sheet_id
        );
        let (status, body) = http("PUT", &url, Some(&sheet.to_string()));
        assert_eq!(status, 200, "PUT {url}: {body}");
    }

    /// (reads, writes) the Sheets emulator has answered.
    pub fn sheets_counts(&self) -> (u64, u64) {
        let c = get_json(&format!("{}/_emulator/requests", self.sheets.url));
        (
            c["reads"].as_u64().unwrap_or(0),
            c["writes"].as_u64().unwrap_or(0),
        )
    }

    /// Queues a fault on the Sheets emulator.
    pub fn sheets_fault(&self, fault: Value) {
        fault_on(&self.sheets, fault);
    }

    /// Queues a fault on the GitHub emulator.
    pub fn github_fault(&self, fault: Value) {
        fault_on(self.github(), fault);
    }

    /// Runs `kepsync COMMAND --config CONFIG` with `env`.
    pub fn kepsync(&self, command: &str, env: &[(&str, &str)]) -> Output {
        kepsync(&[command, "--config", &self.config], env)
    }

    /// Runs `kepsync sync` once with a GitHub token.
    pub fn sync(&self) -> Output {
        self.kepsync("sync", &[GITHUB_TOKEN])
    }

    /// Runs `kepsync ARGS --config CONFIG` with a GitHub token; panics unless it succeeds, naming
    /// the command and what it printed. Its stdout and stderr, in that order.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--config", self.config.as_str()]);
        let out = kepsync(&all, &[GITHUB_TOKEN]);
        let text = printed(&out);
        assert!(out.status.success(), "kepsync {args:?}: {text}");
        text
    }

    /// `kepsync sync` once, which must succeed: what it printed.
    pub fn sync_ok(&self) -> String {
        self.run_ok(&["sync"])
    }

    /// Writes `toml` as `name` beside `kepsync.toml`, returning its path.
    pub fn write_config(&self, name: &str, toml: &ConfigToml) -> String {
        toml.write(self.dir.path(), name)
    }
}

/// A process's stdout, then its stderr.
pub fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn fault_on(emulator: &Emulator, fault: Value) {
    let (status, body) = http(
        "POST",
        &format!("{}/_emulator/faults", emulator.url),
        Some(&fault.to_string()),
    );
    assert_eq!(status, 200, "queueing {fault}: {body}");
}

/// Both emulators served in-process, and a kepsync connected to them.
pub struct Served {
    pub sheets: SheetsEmulator,
    pub github: GithubEmulator,
    pub sheets_server: Server,
    pub github_server: Server,
    pub syncer: Syncer,
    /// What the kepsync's config holds.
    pub toml: ConfigToml,
    pub sheet_id: String,
}

impl Served {
    /// The spreadsheet's tabs as the emulator holds them (as [`Spawned::dump`]).
    pub fn dump(&self) -> Value {
        without_metadata(self.sheets.dump(&self.sheet_id).expect("sheet exists"))
    }
}

/// A dump without its developer metadata.
fn without_metadata(mut dump: Value) -> Value {
    if let Some(o) = dump.as_object_mut() {
        o.remove("developerMetadata");
    }
    dump
}
