//! Crashes: `kepsync run` (a cycle every second) is SIGKILLed at random points while people keep
//! changing the sheet and state-dir files are half-written or corrupted between runs. After the
//! last kill one `kepsync sync` converges: no row lost or duplicated, people's cells intact, a
//! kepsync with empty caches would change nothing, and the corrupted caches were detected.
//!
//! `KEPTEST_CRASH_RUNS` (default 12; CI runs 100) and `KEPTEST_CRASH_SEED`.

use crate::support::dump::tab;
use crate::support::github::{GithubSeed, demo_issues};
use crate::support::process::kepsync;
use crate::support::rng::{Rng, env_count, seed_from_env};
use crate::support::sheet::{ENH_HEADER, enh_col, enh_row, sheet};
use crate::support::world::{Spawned, World};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Damages one state file the way a crash or a full disk would; returns what it did.
fn damage(rng: &mut Rng, state: &Path) -> Option<String> {
    let files = files_under(state);
    if files.is_empty() {
        return None;
    }
    let f = rng.pick(&files).clone();
    let bytes = std::fs::read(&f).ok()?;
    match rng.below(3) {
        0 => std::fs::write(&f, &bytes[..bytes.len() / 2]).ok()?,
        1 => std::fs::write(&f, b"\x00\xffnot what was written").ok()?,
        _ => std::fs::write(f.with_file_name(".left-behind.1.tmp"), b"half").ok()?,
    }
    Some(format!("damaged {}", f.display()))
}

/// A person's change between runs: a Status flip or a new Collection row (through load/dump).
fn person(rng: &mut Rng, world: &Spawned, next_issue: &mut u64, model: &mut BTreeMap<u64, String>) {
    let mut dump = world.dump();
    let sheets_arr = dump["sheets"].as_array_mut().expect("sheets");
    if rng.chance(50) {
        let coll = sheets_arr
            .iter_mut()
            .find(|s| s["title"] == "KEP Collection")
            .expect("tab");
        let rows = coll["rows"].as_array_mut().expect("rows");
        rows.push(json!([next_issue.to_string(), "sig-x", ""]));
        *next_issue += 1;
    } else {
        let which = if rng.chance(60) {
            "Enhancements"
        } else {
            "Removed from Milestone"
        };
        let t = sheets_arr
            .iter_mut()
            .find(|s| s["title"] == which)
            .expect("tab");
        let rows = t["rows"].as_array_mut().expect("rows");
        if rows.len() > 1 {
            let r = 1 + rng.below(rows.len() - 1);
            let status = if which == "Enhancements" {
                "Deferred"
            } else {
                "Tracked"
            };
            if let Some(row) = rows[r].as_array_mut() {
                while row.len() < ENH_HEADER.len() {
                    row.push(json!(""));
                }
                row[enh_col("Status")] = json!(status);
                let note = format!("crash-note-{}", rng.next() % 100_000);
                row[enh_col("Notes")] = json!(note.clone());
                if let Some(n) = row[0].as_str().and_then(|s| s.parse().ok()) {
                    model.insert(n, note);
                }
            }
        }
    }
    world.put_sheet(&dump);
}

#[test]
fn sigkilled_runs_and_damaged_caches_converge_without_loss() {
    let seed = seed_from_env("KEPTEST_CRASH_SEED");
    let runs = env_count("KEPTEST_CRASH_RUNS", 12);
    let mut rng = Rng::new(seed);
    let coll: Vec<Vec<String>> = ["9001", "9002", "9003", "9004", "9005", "9010", "soon"]
        .iter()
        .map(|n| vec![n.to_string(), "sig".into(), String::new()])
        .collect();
    let sheet = sheet(
        &coll,
        &[enh_row(9007, "Deferred", "@a", "")],
        &[enh_row(9008, "Tracked", "@b", "")],
    );
    let world = World::new(sheet)
        .github(GithubSeed::demo().issues(demo_issues(300)))
        .set("schedule", "*/1 * * * * *")
        .with_state_dir()
        .spawn();
    let d = world.dir.path();
    let state = d.join("state");
    let config = world.config.clone();
    let mut next_issue = 9100;
    let mut notes: BTreeMap<u64, String> = BTreeMap::new();
    let mut damaged = 0;
    for run in 0..runs {
        let log = std::fs::File::create(d.join(format!("run-{run}.log"))).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_kepsync"))
            .args(["run", "--config", &config])
            .env("GITHUB_TOKEN", "t")
            .env_remove("KEPSYNC_CONFIG")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("kepsync run starts");
        std::thread::sleep(Duration::from_millis(100 + rng.below(3500) as u64));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        if rng.chance(70) {
            person(&mut rng, &world, &mut next_issue, &mut notes);
        }
        let roll = rng.chance(60);
        if roll && damage(&mut rng, &state).is_some() {
            damaged += 1;
        }
    }
    let out = kepsync(
        &["sync", "--config", &config],
        &[("GITHUB_TOKEN", "t"), ("RUST_LOG", "info")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let logs: String = (0..runs)
        .map(|r| std::fs::read_to_string(d.join(format!("run-{r}.log"))).unwrap_or_default())
        .collect();
    assert!(
        !logs.contains("error: "),
        "seed {seed}: a run failed to start: {logs}"
    );
    if damaged > 0 {
        let all = format!("{logs}{stderr}");
        assert!(
            all.contains("discarding it")
                || all.contains("ignoring unreadable GitHub state")
                || all.contains("cached blob"),
            "seed {seed}: {damaged} damaged state files went unnoticed"
        );
    }
    assert!(
        out.status.success(),
        "seed {seed}: sync after the crashes failed: {stderr}"
    );
    let idle = kepsync(&["sync", "--config", &config], &[("GITHUB_TOKEN", "t")]);
    let idle_out = String::from_utf8_lossy(&idle.stdout);
    assert!(
        idle_out.contains("planned 0 change(s)"),
        "seed {seed}: not converged: {idle_out}"
    );
    // A kepsync that starts with empty caches agrees: the damaged caches taught it nothing wrong.
    let fresh_toml = world
        .toml
        .clone()
        .set_path("state-dir", &d.join("fresh-state"));
    let fresh = world.write_config("fresh.toml", &fresh_toml);
    let plan = kepsync(&["plan", "--config", &fresh], &[("GITHUB_TOKEN", "t")]);
    let plan_out = String::from_utf8_lossy(&plan.stdout);
    assert!(
        plan_out.contains("planned 0 change(s)"),
        "seed {seed}: fresh caches disagree: {plan_out}"
    );
    let dump = world.dump();
    check(&dump, next_issue, &notes).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    eprintln!(
        "crashes: {runs} SIGKILLed runs, {damaged} damaged state files, seed {seed}: converged"
    );
}

fn check(dump: &Value, next_issue: u64, notes: &BTreeMap<u64, String>) -> Result<(), String> {
    let mut seen: BTreeMap<u64, (String, String)> = BTreeMap::new();
    for title in ["Enhancements", "Removed from Milestone"] {
        let t = tab(dump, title);
        for r in 1..t.rows.len() {
            let Ok(n) = t.cell(r, 0).trim().parse::<u64>() else {
                continue;
            };
            if seen
                .insert(
                    n,
                    (title.to_string(), t.cell(r, enh_col("Notes")).to_string()),
                )
                .is_some()
            {
                return Err(format!("#{n} duplicated"));
            }
            let status = t.cell(r, enh_col("Status"));
            let wrong = if title == "Enhancements" {
                status == "Deferred"
            } else {
                status == "Tracked"
            };
            if wrong {
                return Err(format!("#{n} with Status {status} still on {title}"));
            }
        }
    }
    let wanted = [9001u64, 9002, 9003, 9004, 9005, 9010, 9007, 9008]
        .into_iter()
        .chain(9100..next_issue);
    for n in wanted {
        if !seen.contains_key(&n) {
            return Err(format!("#{n} lost (not on Enhancements or Removed)"));
        }
    }
    for (n, note) in notes {
        if seen.get(n).map(|s| &s.1) != Some(note) {
            return Err(format!(
                "#{n}: the person's note {note:?} is gone: {:?}",
                seen.get(n)
            ));
        }
    }
    let docs = tab(dump, "Docs");
    let mut docs_seen = std::collections::BTreeSet::new();
    for r in 1..docs.rows.len() {
        if let Ok(n) = docs.cell(r, 0).trim().parse::<u64>()
            && !docs_seen.insert(n)
        {
            return Err(format!("#{n} duplicated on Docs"));
        }
    }
    Ok(())
}
