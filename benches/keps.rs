//! Benchmark: index the whole KEP corpus (kep.yaml + PRR + README sections), side by side with
//! the PyYAML script `scripts/keps_index.py` when python3 with yaml is available.
//!
//! Run with `cargo bench --bench keps` (env `KEPS_BENCH_RUNS`, default 21).

use kepsync::keps::KepIndex;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/kep-corpus");
    if !root.is_dir() {
        eprintln!("SKIPPED: no KEP corpus at {}", root.display());
        return;
    }
    let runs: usize = std::env::var("KEPS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu_before = cpu_ms();
    let (index, times) = measure(runs, || KepIndex::from_dir(&root).expect("corpus readable"));
    let cpu = cpu_before
        .zip(cpu_ms())
        .map(|(a, b)| (b - a) / (runs + 1) as f64);
    let s = index.stats;
    println!(
        "keps index from_dir: {} kep.yaml, {} PRR, {} README, {:.1} MB, {} KEPs needing PRR; {threads} threads",
        s.kep_files,
        s.prr_files,
        s.readme_files,
        s.bytes as f64 / 1e6,
        index.keps.iter().filter(|k| k.needs_prr).count()
    );
    let rust = report("rust from_dir (read + parse + check)", &times);
    if let Some(cpu) = cpu {
        println!("  CPU time (user + sys, all threads) per from_dir: {cpu:.1} ms");
    }
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!("  load average while measuring: {}", load.trim());
    }
    let files = read_all(&root);
    let (_, parse_times) = measure(runs, || KepIndex::from_files(files.clone()));
    report(
        "rust from_files (parse + check, bytes in memory)",
        &parse_times,
    );
    for (part, suffix) in [
        ("kep.yaml", "/kep.yaml"),
        ("README.md", "/README.md"),
        ("PRR", ".yaml"),
    ] {
        let subset: Vec<_> = files
            .iter()
            .filter(|(p, _)| {
                p.ends_with(suffix) && (suffix != ".yaml" || p.contains("prod-readiness"))
            })
            .cloned()
            .collect();
        let (_, t) = measure(runs, || KepIndex::from_files(subset.clone()));
        report(
            &format!("  of which {part} only ({} files)", subset.len()),
            &t,
        );
    }
    compare_with_python(&root, rust);
}

fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> (T, Vec<Duration>) {
    let mut last = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        last = std::hint::black_box(f());
        times.push(start.elapsed());
    }
    times.sort();
    (last, times)
}

/// Prints median and min; returns the median in ms.
fn report(name: &str, sorted: &[Duration]) -> f64 {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let median = ms(sorted[sorted.len() / 2]);
    println!(
        "{name}: median {median:.1} ms, min {:.1} ms over {} runs",
        ms(sorted[0]),
        sorted.len()
    );
    median
}

/// CPU time of this process so far (user + sys, every thread), from `/proc/self/stat` (Linux).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; USER_HZ = 100.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

fn read_all(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![root.join("keps")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                let bytes = std::fs::read(&path).expect("readable");
                files.push((rel.to_string_lossy().into_owned(), bytes));
            }
        }
    }
    let aliases = std::fs::read(root.join("OWNERS_ALIASES")).expect("OWNERS_ALIASES");
    files.push(("OWNERS_ALIASES".into(), aliases));
    files
}

fn compare_with_python(root: &Path, rust_median_ms: f64) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/keps_index.py");
    for loader in ["base", "cbase"] {
        let out = Command::new("python3")
            .arg(&script)
            .arg(root)
            .args(["--runs", "5", "--loader", loader])
            .output();
        let Some(out) = out.ok().filter(|o| o.status.success()) else {
            println!("SKIPPED: python3 with PyYAML ({loader} loader) is not available");
            continue;
        };
        let Ok(summary) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
            println!("SKIPPED: the Python script printed no JSON");
            continue;
        };
        let median = summary["median_ms"].as_f64().unwrap_or(f64::NAN);
        println!(
            "python {} (PyYAML {}): median {median:.1} ms, min {} ms over 5 runs; needs_prr {}, prr_ok {}, readme {}, files {}",
            summary["loader"].as_str().unwrap_or("?"),
            loader,
            summary["min_ms"],
            summary["counts"]["needs_prr"],
            summary["counts"]["prr_ok"],
            summary["readme"],
            summary["files"]
        );
        println!("  ratio python/rust: {:.1}x", median / rust_median_ms);
    }
}
