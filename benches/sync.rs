//! Benchmark of whole cycles: `kepsync sync` (release) against both emulator binaries, for 50,
//! 300, 1,000 and 2,000 tracked rows, cold (empty caches, every row to fill) and idle (nothing changed).
//!
//! Prints Sheets reads/writes, GitHub calls (304s, calls counted against the rate limit), wall time and peak RSS of the
//! kepsync process. Run: `cargo bench --bench sync` (needs ../shared/kep-corpus).
//!
//! `KEPBENCH_BASELINE=/path/to/an/older/kepsync` measures that binary too, side by side (the two
//! alternate within each run, in turns), and prints the ratios; `KEPBENCH_SIZES=300,2000` picks
//! the sizes; `KEPBENCH_RUNS=1` the runs per size (default 3); `KEPBENCH_NOW` measures another
//! build in place of this one (two older commits side by side).
//!
//! `KEPBENCH_INSTRUCTIONS=1` runs each kepsync under valgrind's callgrind and prints the
//! instructions it executed (deterministic, unlike CPU time on a shared VM): the figure the
//! "no worse than 5%" comparison of a cold cycle is made on. About 50× slower.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const SIZES: [usize; 4] = [50, 300, 1000, 2000];

/// The sizes to run: `KEPBENCH_SIZES` (comma-separated) or [`SIZES`].
fn sizes() -> Vec<usize> {
    std::env::var("KEPBENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec())
}

/// The kepsync binaries to measure: this build (or `KEPBENCH_NOW`, another build to compare), and
/// `KEPBENCH_BASELINE` if given.
fn kepsyncs() -> Vec<(&'static str, PathBuf)> {
    let now = std::env::var_os("KEPBENCH_NOW")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_kepsync")));
    let mut out = vec![("now", now)];
    if let Some(b) = std::env::var_os("KEPBENCH_BASELINE") {
        out.push(("baseline", PathBuf::from(b)));
    }
    out
}
/// Runs per size: `KEPBENCH_RUNS`, default 3.
fn runs() -> usize {
    std::env::var("KEPBENCH_RUNS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(3)
}

/// Whether kepsync runs under callgrind (`KEPBENCH_INSTRUCTIONS=1`).
fn count_instructions() -> bool {
    std::env::var_os("KEPBENCH_INSTRUCTIONS").is_some()
}

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kep-corpus");
    if !corpus.join("keps").is_dir() {
        println!("SKIPPED: ../shared/kep-corpus is not present");
        return;
    }
    let bins = emulator_bins();
    println!(
        "kepsync sync (release) against sheets-emulator and github-emulator on loopback; median of {} runs{}",
        runs(),
        if count_instructions() {
            "; instructions counted by callgrind"
        } else {
            ""
        }
    );
    println!(
        "{:>6} {:>14} | {:>6} {:>6} | {:>6} {:>5} {:>8} | {:>8} {:>7} | {:>9}",
        "rows",
        "cycle",
        "reads",
        "writes",
        "github",
        "304",
        "counted",
        "wall ms",
        "cpu ms",
        "peak MiB"
    );
    let tree = github_emulator::Tree::from_dir(&corpus).expect("corpus tree");
    let corpus_issues = github_emulator::issues_from_tree(&tree);
    let kepsyncs = kepsyncs();
    for n in sizes() {
        let mut cold = vec![Vec::new(); kepsyncs.len()];
        let mut idle = vec![Vec::new(); kepsyncs.len()];
        for run in 0..runs() {
            // Alternate which binary goes first, so neither always meets a warmer machine.
            for k in 0..kepsyncs.len() {
                let k = (k + run) % kepsyncs.len();
                let (c, i) = measure(n, &corpus, &corpus_issues, &bins, &kepsyncs[k].1);
                cold[k].push(c);
                idle[k].push(i);
            }
        }
        let medians: Vec<(Figures, Figures)> = (0..kepsyncs.len())
            .map(|k| (median(cold[k].clone()), median(idle[k].clone())))
            .collect();
        for (k, (name, _)) in kepsyncs.iter().enumerate() {
            let label = |c: &str| {
                if kepsyncs.len() > 1 {
                    format!("{c} {name}")
                } else {
                    c.to_string()
                }
            };
            print_row(n, &label("cold"), medians[k].0);
            print_row(n, &label("idle"), medians[k].1);
        }
        if let [(now_cold, now_idle), (base_cold, base_idle)] = medians[..] {
            for (cycle, now, base) in [("cold", now_cold, base_cold), ("idle", now_idle, base_idle)]
            {
                println!(
                    "{n:>6} {cycle:>5} now/baseline: wall {:.3}, cpu {:.3}, peak {:.3}, instructions {:.4} ({} vs {})",
                    now.wall_ms / base.wall_ms,
                    now.cpu_ms / base.cpu_ms,
                    now.peak_kib as f64 / base.peak_kib as f64,
                    now.instructions as f64 / base.instructions.max(1) as f64,
                    now.instructions,
                    base.instructions
                );
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Figures {
    reads: u64,
    writes: u64,
    github: u64,
    not_modified: u64,
    counted: u64,
    wall_ms: f64,
    /// User + system CPU of the kepsync process (from `/usr/bin/time`, 0 without it).
    cpu_ms: f64,
    /// Instructions executed (callgrind's "Collected"; 0 unless `KEPBENCH_INSTRUCTIONS`).
    instructions: u64,
    peak_kib: u64,
}

fn median(mut v: Vec<Figures>) -> Figures {
    v.sort_by(|a, b| a.wall_ms.total_cmp(&b.wall_ms));
    v[v.len() / 2]
}

fn print_row(n: usize, cycle: &str, f: Figures) {
    println!(
        "{n:>6} {cycle:>14} | {:>6} {:>6} | {:>6} {:>5} {:>8} | {:>8.1} {:>7.0} | {:>9.1}",
        f.reads,
        f.writes,
        f.github,
        f.not_modified,
        f.counted,
        f.wall_ms,
        f.cpu_ms,
        f.peak_kib as f64 / 1024.0
    );
}

fn measure(
    n: usize,
    corpus: &Path,
    corpus_issues: &[github_emulator::IssueSeed],
    bins: &(PathBuf, PathBuf),
    kepsync: &Path,
) -> (Figures, Figures) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut issues: Vec<Value> = corpus_issues
        .iter()
        .take(n)
        .map(|i| serde_json::to_value(i).expect("issue json"))
        .collect();
    for k in issues.len()..n {
        let number = 20_000 + k as u64;
        issues.push(json!({"number": number, "title": format!("Synthetic enhancement {number}"), "state": "open",
            "assignees": ["someone"], "labels": ["sig/node"], "milestone": "v1.37", "body": ""}));
    }
    let numbers: Vec<String> = issues.iter().map(|i| i["number"].to_string()).collect();
    let seed = write(dir.path(), "seed.json", &sheet(&numbers).to_string());
    let issues_file = write(dir.path(), "issues.json", &Value::Array(issues).to_string());
    let sheets = Spawned::start(&bins.0, &["--seed", &seed]);
    let github = Spawned::start(
        &bins.1,
        &[
            "--tree",
            &corpus.to_string_lossy(),
            "--issues",
            &issues_file,
        ],
    );
    let config = write(
        dir.path(),
        "kepsync.toml",
        &format!(
            "spreadsheet-id = \"bench\"\nrelease = \"v1.37\"\nstate-dir = \"{}\"\n[google]\ntoken = \"t\"\nbase-url = \"{}/\"\n[github]\nbase-url = \"{}\"\n",
            dir.path().join("state").display(),
            sheets.url,
            github.url
        ),
    );
    let cold = cycle(kepsync, &config, &sheets, &github);
    let idle = cycle(kepsync, &config, &sheets, &github);
    (cold, idle)
}

fn cycle(kepsync: &Path, config: &str, sheets: &Spawned, github: &Spawned) -> Figures {
    let s0 = get(&format!("{}/_emulator/requests", sheets.url));
    let g0 = get(&format!("{}/_emulator/requests", github.url));
    let started = Instant::now();
    // CPU time is steadier than wall time (a cold cycle's wall time is mostly the state
    // directory's file creation); GNU time reports it when the machine has it.
    let timed = Path::new("/usr/bin/time").exists();
    let mut command = if count_instructions() {
        let mut c = Command::new("valgrind");
        c.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(kepsync);
        c
    } else if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "cpu-seconds: %U %S"]).arg(kepsync);
        c
    } else {
        Command::new(kepsync)
    };
    let out = command
        .args(["sync", "--config", config])
        .env("GITHUB_TOKEN", "bench-token")
        .env("KEPSYNC_REPORT_PEAK_RSS", "1")
        .env("RUST_LOG", "warn")
        .output()
        .expect("kepsync runs");
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(
        out.status.success(),
        "kepsync sync failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s1 = get(&format!("{}/_emulator/requests", sheets.url));
    let g1 = get(&format!("{}/_emulator/requests", github.url));
    let delta =
        |a: &Value, b: &Value, k: &str| b[k].as_u64().unwrap_or(0) - a[k].as_u64().unwrap_or(0);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss-kib: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let cpu_ms = stderr
        .lines()
        .find_map(|l| l.strip_prefix("cpu-seconds: "))
        .map(|v| {
            v.split_whitespace()
                .filter_map(|x| x.parse::<f64>().ok())
                .sum::<f64>()
                * 1000.0
        })
        .unwrap_or(0.0);
    let instructions = stderr
        .lines()
        .find_map(|l| l.split_once("Collected : ").map(|(_, n)| n))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    Figures {
        instructions,
        reads: delta(&s0, &s1, "reads"),
        writes: delta(&s0, &s1, "writes"),
        github: delta(&g0, &g1, "total"),
        not_modified: delta(&g0, &g1, "not_modified"),
        counted: delta(&g0, &g1, "rate_limited"),
        wall_ms,
        cpu_ms,
        peak_kib,
    }
}

fn sheet(numbers: &[String]) -> Value {
    let header = json!([
        "Issue",
        "Name",
        "SIG",
        "KEP Assignee",
        "Proposal",
        "KEP State",
        "Stage",
        "Status",
        "Notes"
    ]);
    let mut enh = vec![header.clone()];
    let mut docs = vec![json!(["Issue", "Name", "SIG"])];
    let mut collection = vec![json!(["Issue", "SIG", "Sync Status"])];
    for n in numbers {
        enh.push(json!([
            n,
            "",
            "",
            "",
            "",
            "",
            "",
            "Tracked",
            "a person's note"
        ]));
        docs.push(json!([n]));
        collection.push(json!([n]));
    }
    json!({"spreadsheetId": "bench", "sheets": [
        {"title": "KEP Collection", "rows": collection},
        {"title": "Enhancements", "rows": enh},
        {"title": "Removed from Milestone", "rows": [header]},
        {"title": "Docs", "rows": docs}
    ]})
}

/// The emulator binaries of the same profile (`cargo bench --bench sync` builds only this
/// package: run `cargo build --release --workspace` first).
fn emulator_bins() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_BIN_EXE_kepsync"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let bins = (dir.join("sheets-emulator"), dir.join("github-emulator"));
    for bin in [&bins.0, &bins.1] {
        assert!(
            bin.exists(),
            "{} is missing: run `cargo build --release --workspace` first",
            bin.display()
        );
    }
    bins
}

struct Spawned {
    child: Child,
    url: String,
}

impl Spawned {
    fn start(bin: &Path, args: &[&str]) -> Spawned {
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("emulator starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("first line");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "{} printed {line:?}: rebuild it with `cargo build --release --workspace`",
                    bin.display()
                )
            })
            .to_string();
        Spawned { child, url }
    }
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write(dir: &Path, name: &str, contents: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, contents).expect("write");
    p.to_string_lossy().into_owned()
}

fn get(url: &str) -> Value {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').expect("url path");
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    write!(
        s,
        "GET /{path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = String::new();
    s.read_to_string(&mut raw).expect("read");
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    serde_json::from_str(body).unwrap_or(Value::Null)
}
