//! The service tests' small made-up release (`check`, `daemon_*`): one KEP opted in on KEP
//! Collection, a one-KEP tree, both emulator binaries and an ops listener on any port; and
//! `kepsync run` as a child process whose stderr is collected line by line.

use crate::support::github::GithubSeed;
use crate::support::process::{http, wait_until};
use crate::support::sheet::{ENH_HEADER, enh_row};
use crate::support::world::{GITHUB_TOKEN, World};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};

pub const SHEET_ID: &str = "service-sheet";

/// One KEP opted in on KEP Collection, not yet on Enhancements: the first cycle writes.
pub fn seed_sheet() -> Value {
    json!({
        "spreadsheetId": SHEET_ID,
        "sheets": [
            {"title": "KEP Collection", "rows": [["SIG", "Issue", "Notes"], ["sig-node", "1234"]]},
            {"title": "Enhancements", "rows": [ENH_HEADER, enh_row(5678, "At Risk", "", "keep me")]},
            {"title": "Removed from Milestone", "rows": [ENH_HEADER]},
            {"title": "Docs", "rows": [["Issue", "Name", "SIG", "Docs PR"]]}
        ]
    })
}

/// A world of the made-up release on `sheet`, its ops server on any free port.
pub fn made_up(sheet: &Value) -> World {
    World::new(sheet.clone())
        .github(GithubSeed::tree_files(tree()).issues(issues()))
        .set("server.listen", "127.0.0.1:0")
}

/// The one-KEP tree.
fn tree() -> Vec<(String, Vec<u8>)> {
    let kep = "keps/sig-node/1234-made-up-feature";
    let yaml = "title: A made-up feature\nkep-number: 1234\nauthors:\n  - \"@alice\"\nowning-sig: sig-node\nstatus: implementable\ncreation-date: 2026-01-01\nreviewers: []\napprovers: []\nstage: alpha\nlatest-milestone: \"v1.37\"\nmilestone:\n  alpha: \"v1.37\"\n";
    vec![
        (format!("{kep}/kep.yaml"), yaml.as_bytes().to_vec()),
        (
            format!("{kep}/README.md"),
            b"# KEP-1234: A made-up feature\n".to_vec(),
        ),
    ]
}

fn issues() -> Value {
    let issue = |n: u64, title: &str| json!({"number": n, "title": title, "state": "open", "assignees": ["alice"], "labels": ["sig/node", "stage/alpha"], "milestone": "v1.37", "body": ""});
    json!([
        issue(1234, "A made-up feature"),
        issue(5678, "Another made-up feature")
    ])
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

    /// Waits for a stderr line matching `pred` (panics with the log after `process::BOUND`).
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
