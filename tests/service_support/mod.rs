//! A small made-up release for the service tests (`daemon_*`, `check_*`): both emulator binaries,
//! a one-KEP tree written at test time, a config file, and `kepsync run` as a child process whose
//! stderr is collected line by line.
#![allow(dead_code)]

use crate::common::{Emulator, get_json, http, kepsync, write};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const SHEET_ID: &str = "service-sheet";
/// Only keeps a broken daemon from hanging the suite; no test asserts anything about speed.
pub const BOUND: Duration = Duration::from_secs(90);
pub const GITHUB_TOKEN: (&str, &str) = ("GITHUB_TOKEN", "gh-token");

pub fn enhancements_header() -> Value {
    json!([
        "Issue",
        "Name",
        "SIG",
        "KEP Assignee",
        "Proposal",
        "KEP State",
        "Stage",
        "Status",
        "Notes"
    ])
}

/// One KEP opted in on KEP Collection, not yet on Enhancements: the first cycle writes.
pub fn seed_sheet() -> Value {
    json!({
        "spreadsheetId": SHEET_ID,
        "sheets": [
            {"title": "KEP Collection", "rows": [["SIG", "Issue", "Notes"], ["sig-node", "1234"]]},
            {"title": "Enhancements", "rows": [enhancements_header(),
                ["5678", "", "", "", "", "", "", "At Risk", "keep me"]]},
            {"title": "Removed from Milestone", "rows": [enhancements_header()]},
            {"title": "Docs", "rows": [["Issue", "Name", "SIG", "Docs PR"]]}
        ]
    })
}

fn write_tree(root: &std::path::Path) {
    let kep = root.join("keps/sig-node/1234-made-up-feature");
    std::fs::create_dir_all(&kep).expect("tree dir");
    let yaml = "title: A made-up feature\nkep-number: 1234\nauthors:\n  - \"@alice\"\nowning-sig: sig-node\nstatus: implementable\ncreation-date: 2026-01-01\nreviewers: []\napprovers: []\nstage: alpha\nlatest-milestone: \"v1.37\"\nmilestone:\n  alpha: \"v1.37\"\n";
    std::fs::write(kep.join("kep.yaml"), yaml).expect("kep.yaml");
    std::fs::write(kep.join("README.md"), "# KEP-1234: A made-up feature\n").expect("README");
}

fn issues() -> Value {
    let issue = |n: u64, title: &str| json!({"number": n, "title": title, "state": "open", "assignees": ["alice"], "labels": ["sig/node", "stage/alpha"], "milestone": "v1.37", "body": ""});
    json!([
        issue(1234, "A made-up feature"),
        issue(5678, "Another made-up feature")
    ])
}

/// Both emulators, a config pointing at them, and a temp dir holding it all.
pub struct World {
    pub dir: tempfile::TempDir,
    pub sheets: Emulator,
    pub github: Emulator,
    pub config: String,
}

impl World {
    /// A world with `sheet` as the spreadsheet and `extra` appended to the config's top level.
    pub fn start(sheet: &Value, extra: &str) -> World {
        let dir = tempfile::tempdir().expect("temp dir");
        write_tree(&dir.path().join("tree"));
        let seed = write(dir.path(), "seed.json", &sheet.to_string());
        let issues = write(dir.path(), "issues.json", &issues().to_string());
        let sheets = Emulator::start("sheets-emulator", &["--seed", &seed]);
        let tree = dir.path().join("tree").to_string_lossy().into_owned();
        let github = Emulator::start("github-emulator", &["--tree", &tree, "--issues", &issues]);
        let config = write(
            dir.path(),
            "kepsync.toml",
            &format!(
                "spreadsheet-id = \"{SHEET_ID}\"\nrelease = \"v1.37\"\n{extra}\n[google]\ntoken = \"t\"\nbase-url = \"{}/\"\n[github]\nbase-url = \"{}\"\n[server]\nlisten = \"127.0.0.1:0\"\n",
                sheets.url, github.url
            ),
        );
        World {
            dir,
            sheets,
            github,
            config,
        }
    }

    pub fn dump(&self) -> Value {
        get_json(&format!(
            "{}/_emulator/spreadsheets/{SHEET_ID}",
            self.sheets.url
        ))
    }

    /// (reads, writes) the Sheets emulator has answered.
    pub fn sheets_counts(&self) -> (u64, u64) {
        let c = get_json(&format!("{}/_emulator/requests", self.sheets.url));
        (
            c["reads"].as_u64().unwrap_or(0),
            c["writes"].as_u64().unwrap_or(0),
        )
    }

    pub fn sheets_fault(&self, fault: Value) {
        let (status, body) = http(
            "POST",
            &format!("{}/_emulator/faults", self.sheets.url),
            Some(&fault.to_string()),
        );
        assert!(status < 300, "queueing {fault}: {status} {body}");
    }

    pub fn github_fault(&self, fault: Value) {
        let (status, body) = http(
            "POST",
            &format!("{}/_emulator/faults", self.github.url),
            Some(&fault.to_string()),
        );
        assert!(status < 300, "queueing {fault}: {status} {body}");
    }

    /// Runs `kepsync sync` once (with a GitHub token), returning its output.
    pub fn sync(&self) -> std::process::Output {
        kepsync(&["sync", "--config", &self.config], &[GITHUB_TOKEN])
    }
}

/// `kepsync run` as a child process; killed when dropped.
pub struct Daemon {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
    pub ops: String,
}

impl Daemon {
    /// Starts `kepsync [extra args] run --config CONFIG` and waits for its ops address.
    pub fn start(config: &str, args: &[&str]) -> Daemon {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kepsync"));
        cmd.args(args).args(["run", "--config", config]);
        for (k, _) in std::env::vars() {
            if k.starts_with("KEPSYNC_") || k == "RUST_LOG" {
                cmd.env_remove(k);
            }
        }
        cmd.env(GITHUB_TOKEN.0, GITHUB_TOKEN.1);
        let mut child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kepsync run starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().expect("lines").push(line);
            }
        });
        let mut daemon = Daemon {
            child,
            lines,
            reader: Some(reader),
            ops: String::new(),
        };
        let line = daemon.wait_for_line(|l| l.contains("serving /metrics"));
        daemon.ops = format!("http://{}", bound_addr(&line));
        daemon
    }

    /// Every stderr line so far.
    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().expect("lines").clone()
    }

    /// Waits for a stderr line matching `pred` (panics with the log after [`BOUND`]).
    pub fn wait_for_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let found = wait_until(|| self.lines().into_iter().find(|l| pred(l)));
        found.unwrap_or_else(|| panic!("no such line; stderr:\n{}", self.lines().join("\n")))
    }

    pub fn metrics(&self) -> String {
        let (status, body) = http("GET", &format!("{}/metrics", self.ops), None);
        assert_eq!(status, 200, "{body}");
        body
    }

    pub fn status_of(&self, path: &str) -> (u16, String) {
        http("GET", &format!("{}{path}", self.ops), None)
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends `SIG<name>` (`TERM`, `INT`).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name}");
    }

    /// Waits for the process to exit (bounded), then for all its stderr.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let status = wait_until(|| self.child.try_wait().ok().flatten());
        let status = status.unwrap_or_else(|| {
            panic!(
                "kepsync run did not exit; stderr:\n{}",
                self.lines().join("\n")
            )
        });
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        status
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `HOST:PORT` in the daemon's "serving /metrics" line, human (`addr=…`) or JSON (`"addr":"…"`).
fn bound_addr(line: &str) -> String {
    let start = line
        .find("addr=")
        .map(|i| i + "addr=".len())
        .or_else(|| line.find("\"addr\":\"").map(|i| i + "\"addr\":\"".len()))
        .unwrap_or_else(|| panic!("no addr in {line:?}"));
    line[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"')
        .collect()
}

/// Polls `probe` every 50 ms until it gives a value or [`BOUND`] has passed.
pub fn wait_until<T>(mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + BOUND;
    loop {
        if let Some(v) = probe() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
