//! Child processes for end-to-end tests: the emulator binaries, the `kepsync` binary (with the
//! environment cleared of kepsync variables), a raw HTTP client for the emulators' control API,
//! and small file and polling helpers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Only keeps a broken child from hanging the suite; no test asserts anything about speed.
pub const BOUND: Duration = Duration::from_secs(90);

/// `../shared/kep-corpus` beside the repository, if present.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kep-corpus");
    dir.join("keps").is_dir().then_some(dir)
}

/// A path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The directory holding the workspace's built binaries.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kepsync"))
        .parent()
        .expect("binary has a parent")
        .to_path_buf()
}

/// The path of a workspace binary (`cargo test --workspace` builds every binary before any test runs).
pub fn workspace_bin(name: &str) -> PathBuf {
    let path = bin_dir().join(name);
    assert!(
        path.exists(),
        "{} is not built: run the tests with `cargo test --workspace`",
        path.display()
    );
    path
}

/// A running emulator process; killed when dropped.
pub struct Emulator {
    child: Child,
    pub url: String,
}

impl Emulator {
    /// Starts `name` with `args`, waiting for its `listening on http://HOST:PORT` line.
    pub fn start(name: &str, args: &[&str]) -> Emulator {
        let mut child = Command::new(workspace_bin(name))
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().expect("piped stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("{name} printed {line:?} first"))
            .to_string();
        Emulator { child, url }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request over a fresh connection; returns (status, body).
pub fn http(method: &str, url: &str, body: Option<&str>) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut stream = TcpStream::connect(host).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, body)
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n.min(rest.len())]);
        s = rest.get(n + 2..).unwrap_or("");
    }
    out
}

/// GET a JSON document.
pub fn get_json(url: &str) -> serde_json::Value {
    let (status, body) = http("GET", url, None);
    assert_eq!(status, 200, "GET {url}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {url}: {e}: {body}"))
}

/// Runs the `kepsync` binary with `args` and the environment cleared of kepsync variables.
pub fn kepsync(args: &[&str], env: &[(&str, &str)]) -> Output {
    kepsync_command(args, env).output().expect("kepsync runs")
}

/// The `kepsync` command [`kepsync`] runs, not started yet.
pub fn kepsync_command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kepsync"));
    cmd.args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("KEPSYNC_") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied());
    cmd
}

/// Like [`kepsync`] for a command that may not return (`run`): `None` when it was still running
/// after `limit` (it is then killed).
pub fn kepsync_within(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Option<Output> {
    let mut child = kepsync_command(args, env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kepsync starts");
    let started = std::time::Instant::now();
    while child.try_wait().expect("kepsync status").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(child.wait_with_output().expect("kepsync output"))
}

/// Writes `contents` to `name` inside `dir`, returning the path as a string.
pub fn write(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write file");
    path.to_string_lossy().into_owned()
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
