//! Faults: for every request position of a clean cycle, on Sheets and on GitHub, inject 429,
//! 500, 503, an answer slower than the timeout and a dropped connection. Invariants: the sheet
//! after the faulted cycle is the sheet before it or the sheet a clean cycle makes (all or
//! nothing); the next clean cycle ends on exactly the clean result (no duplicated rows); waits
//! respect backoff and Retry-After.

use crate::support::dump::without_token_note;
use crate::support::github::GithubSeed;
use crate::support::hooks::Around;
use crate::support::sheet::{enh_row, sheet};
use crate::support::world::{Served, World};
use emulator_kit::{FaultSpec, Handler, Request};
use kepsync::cycle::Mode;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The faults of the matrix, by name (the delay outlives the 400 ms request timeout).
const FAULTS: [(&str, &str); 5] = [
    ("429", r#"{"status":429}"#),
    ("500", r#"{"status":500}"#),
    ("503", r#"{"status":503}"#),
    ("timeout", r#"{"delay_ms":900}"#),
    ("drop", r#"{"drop":true}"#),
];

fn seed() -> Value {
    let coll: Vec<Vec<String>> = [
        "9001", "#9002", "9003", "9004", "9005", "9006", "9010", "99999", "soon",
    ]
    .iter()
    .map(|n| vec![n.to_string(), "sig-x".into(), String::new()])
    .collect();
    let enh = vec![
        enh_row(9001, "Tracked", "@ann", "keep"),
        enh_row(9007, "Deferred", "@bo", "defer"),
    ];
    let rem = vec![enh_row(9008, "Tracked", "@cy", "back")];
    sheet(&coll, &enh, &rem)
}

/// The seed, the demo's GitHub, and kepsync with millisecond retry policies.
fn fast_world() -> World {
    World::new(seed())
        .github(GithubSeed::demo().demo_pulls())
        .fast_retries()
}

/// Which service a fault goes to.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Service {
    Sheets,
    Github,
}

/// A handler counting API requests into `seen` that adds `spec` (with `add`) at request `at`.
fn injector(
    inner: Arc<dyn Handler>,
    add: impl Fn(FaultSpec) + Send + Sync + 'static,
    at: Option<usize>,
    spec: Option<FaultSpec>,
    seen: Arc<AtomicUsize>,
) -> Arc<dyn Handler> {
    let counter = seen;
    let spec = Mutex::new(spec);
    let handler = Around {
        inner,
        before: move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            if Some(n) == at
                && let Some(spec) = spec.lock().unwrap_or_else(|e| e.into_inner()).take()
            {
                add(spec);
            }
        },
    };
    Arc::new(handler)
}

type Target = Option<(Service, usize, FaultSpec)>;

/// One world whose `service` gets `fault` at its request number `at` (0-based), once; and the
/// requests each service saw.
async fn world(target: Target) -> (Served, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let pick = |s: Service| {
        target
            .as_ref()
            .filter(|t| t.0 == s)
            .map(|t| (t.1, t.2.clone()))
    };
    let (sheets_seen, github_seen) = (Arc::default(), Arc::default());
    let (at, spec) = pick(Service::Sheets).unzip();
    let seen = Arc::clone(&sheets_seen);
    let world = fast_world().sheets_through(move |sheets| {
        let emu = sheets.clone();
        injector(
            sheets.handler(),
            move |f| emu.faults().add(f),
            at,
            spec,
            seen,
        )
    });
    let (at, spec) = pick(Service::Github).unzip();
    let seen = Arc::clone(&github_seen);
    let world = world.github_through(move |github| {
        let emu = github.clone();
        injector(
            github.handler(),
            move |f| emu.faults().add(f),
            at,
            spec,
            seen,
        )
    });
    (world.serve().await, sheets_seen, github_seen)
}

/// The sheet as dumped, the write token's note cut to its stable part (see `without_token_note`).
fn dump(w: &Served) -> Value {
    without_token_note(w.dump())
}

/// The clean run: the sheet before, after one cycle, and the requests each service saw.
async fn reference() -> (Value, Value, usize, usize) {
    let (w, s, g) = world(None).await;
    let before = dump(&w);
    let report = w.syncer.cycle(Mode::Apply).await.expect("clean cycle");
    assert!(report.applied, "the seed gives the first cycle work");
    let after = dump(&w);
    let (ns, ng) = (s.load(Ordering::SeqCst), g.load(Ordering::SeqCst));
    let idle = w.syncer.cycle(Mode::Apply).await.expect("idle cycle");
    assert!(!idle.applied, "one clean cycle converges: {}", idle.plan);
    assert_eq!(dump(&w), after);
    (before, after, ns, ng)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_at_every_request_is_all_or_nothing_and_converges() {
    let (before, clean, n_sheets, n_github) = reference().await;
    assert!(
        n_sheets >= 3 && n_github >= 2,
        "{n_sheets} sheets, {n_github} github requests"
    );
    let mut table: Vec<String> = Vec::new();
    for service in [Service::Sheets, Service::Github] {
        let n = if service == Service::Sheets {
            n_sheets
        } else {
            n_github
        };
        for at in 0..n {
            for (name, spec) in FAULTS {
                let spec: FaultSpec = serde_json::from_str(spec).expect("fault spec");
                let (w, _, _) = world(Some((service, at, spec))).await;
                let first = w.syncer.cycle(Mode::Apply).await;
                let mid = dump(&w);
                let label = format!("{service:?} request {at} {name}");
                let outcome = match &first {
                    Ok(r) if r.applied => "applied".to_string(),
                    Ok(_) => "nothing to do".to_string(),
                    Err(e) => format!("failed ({})", e.kind()),
                };
                assert!(
                    mid == before || mid == clean,
                    "{label}: half a plan applied ({outcome})"
                );
                let applied = if mid == clean {
                    "sheet: whole plan"
                } else {
                    "sheet: untouched"
                };
                let second = w.syncer.cycle(Mode::Apply).await;
                assert!(
                    second.is_ok(),
                    "{label}: the next clean cycle failed: {second:?}"
                );
                assert_eq!(dump(&w), clean, "{label}: the next cycle did not converge");
                table.push(format!(
                    "{label}: {outcome}; {applied}; next cycle converged"
                ));
            }
        }
    }
    eprintln!("{}", table.join("\n"));
}

/// A handler noting into `times` the arrival time of each API request.
fn clocked(inner: Arc<dyn Handler>, times: &Arc<Mutex<Vec<Instant>>>) -> Arc<dyn Handler> {
    let t = times.clone();
    let h = Around {
        inner,
        before: move |_: &Request| {
            t.lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Instant::now())
        },
    };
    Arc::new(h)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_wait_for_retry_after_and_back_off() {
    let (sheet_times, github_times) = (Arc::default(), Arc::default());
    let (s, g) = (Arc::clone(&sheet_times), Arc::clone(&github_times));
    let world = fast_world()
        .sheets_through(move |sheets| clocked(sheets.handler(), &s))
        .github_through(move |github| clocked(github.handler(), &g))
        .serve()
        .await;
    let (sheets, github, syncer) = (&world.sheets, &world.github, &world.syncer);
    let spec = |j: Value| serde_json::from_value::<FaultSpec>(j).expect("spec");
    sheets
        .faults()
        .add(spec(json!({"status": 429, "retry_after": 1})));
    github.faults().add(spec(
        json!({"status": 403, "kind": "secondary", "retry_after": 1}),
    ));
    let report = syncer.cycle(Mode::Apply).await.expect("cycle after limits");
    assert!(report.applied);
    let gap = |t: &Arc<Mutex<Vec<Instant>>>| {
        let t = t.lock().unwrap_or_else(|e| e.into_inner());
        t[1].duration_since(t[0])
    };
    assert!(
        gap(&sheet_times) >= Duration::from_secs(1),
        "Sheets retried before Retry-After: {:?}",
        gap(&sheet_times)
    );
    assert!(
        gap(&github_times) >= Duration::from_secs(1),
        "GitHub retried before Retry-After: {:?}",
        gap(&github_times)
    );
    assert_eq!(report.github.retries, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_github_server_that_never_answers_does_not_hang_the_cycle() {
    // Regression: GitHub calls had no request timeout, so one hung answer hung `kepsync run`.
    let world = fast_world().serve().await;
    let (github, syncer) = (&world.github, &world.syncer);
    let hang: FaultSpec =
        serde_json::from_value(json!({"count": 2, "delay_ms": 3_600_000})).expect("spec");
    github.faults().add(hang);
    let report = tokio::time::timeout(Duration::from_secs(30), syncer.cycle(Mode::Apply))
        .await
        .expect("the cycle ended on its own")
        .expect("retried past the hung answers");
    assert!(report.applied);
    assert_eq!(report.github.retries, 2);
}
