//! Benchmark of keeping the release board (GitHub Projects v2) true: kepsync (board-only, and
//! with a sheet) beside the official sync job's method, implemented here as a baseline
//! (`board/official.rs`), all in-process against the GitHub emulator with the shared board fields.
//!
//! For 150 and 500 opted-in enhancements (`KEPBENCH_BOARD_SIZES=150,500` to choose), three runs
//! each (cold, second, idle = third, nothing changed in between) print GraphQL queries (and the
//! board reads among them), mutations, secondary points (1 a query, 5 a mutation), GraphQL points,
//! REST calls counted, the items on the board afterwards and Sheets reads/writes, then
//! kepsync / official ratios.
//! `[board] pause-ms = 0`, so nothing waits between mutations.
//! Run: `cargo bench --bench board` (needs ../shared/kep-corpus and ../shared/board).

#[path = "../tests/support/mod.rs"]
mod support;

#[path = "board/meter.rs"]
mod meter;
#[path = "board/official.rs"]
mod official;
#[path = "board/seed.rs"]
mod seed;

use emulator_kit::Server;
use github_emulator::GithubEmulator;
use kepsync::cycle::Mode;
use meter::{BoardReads, Figures, Meter, mark, since};
use seed::Data;
use serde_json::json;
use std::path::Path;
use support::board::{NUMBER, OWNER};
use support::world::{GITHUB_TOKEN, World};

const SIZES: [usize; 2] = [150, 500];
const RUNS: [&str; 3] = ["cold", "second", "idle"];

/// Who keeps the board, and from what it starts.
#[derive(Clone, Copy, PartialEq)]
enum Who {
    /// The official job's method, from an empty board.
    Official,
    /// kepsync with no sheet, from the board the official job leaves (every issue an item
    /// with only Issue Number set): board-only mode takes its enhancements from the board.
    BoardOnly,
    /// kepsync with a sheet tracking every issue, from an empty board.
    WithSheet,
}

impl Who {
    fn name(self) -> &'static str {
        match self {
            Who::Official => "official job",
            Who::BoardOnly => "kepsync board-only",
            Who::WithSheet => "kepsync + sheet",
        }
    }
}

const WHO: [Who; 3] = [Who::Official, Who::BoardOnly, Who::WithSheet];

/// The sizes to run: `KEPBENCH_BOARD_SIZES` (comma-separated) or [`SIZES`].
fn sizes() -> Vec<usize> {
    std::env::var("KEPBENCH_BOARD_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| SIZES.to_vec())
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "board sync, in-process against github-emulator ([board] pause-ms = 0); runs: cold, second, idle"
    );
    print_header();
    for n in sizes() {
        let Some(data) = Data::load(repo, n) else {
            return;
        };
        let figures: Vec<[Figures; 3]> = WHO
            .iter()
            .map(|who| runtime.block_on(measure(*who, &data)))
            .collect();
        for (who, runs) in WHO.iter().zip(&figures) {
            for (run, f) in RUNS.iter().zip(runs) {
                print_row(n, who.name(), run, f);
            }
        }
        print_ratios(n, &figures);
    }
}

/// Three runs of `who` on a fresh world of `data`.
async fn measure(who: Who, data: &Data) -> [Figures; 3] {
    match who {
        Who::Official => official_runs(data).await,
        Who::BoardOnly | Who::WithSheet => kepsync_runs(who, data).await,
    }
}

async fn official_runs(data: &Data) -> [Figures; 3] {
    let emulator = data.github(Vec::new()).emulator();
    let reads = BoardReads::default();
    let server = Server::start("127.0.0.1:0", Meter::wrap(&emulator, reads.clone()))
        .await
        .expect("serve");
    let job = official::Job::new(&server.url(), GITHUB_TOKEN.1);
    let mut out = [Figures::default(); 3];
    for f in &mut out {
        let before = mark(&emulator, &reads);
        job.run(OWNER, NUMBER).await;
        *f = since(before, &emulator, &reads);
    }
    out
}

async fn kepsync_runs(who: Who, data: &Data) -> [Figures; 3] {
    let reads = BoardReads::default();
    let meter_reads = reads.clone();
    let world = match who {
        Who::BoardOnly => {
            World::new(json!({"spreadsheetId": "unused", "sheets": [{"title": "unused"}]}))
                .set("spreadsheet-id", "")
                .github(data.github(data.official_items()))
        }
        _ => World::new(data.sheet()).github(data.github(Vec::new())),
    };
    let served = world
        .set("board.owner", OWNER)
        .set("board.number", NUMBER as i64)
        .set("board.write", true)
        .set("board.pause-ms", 0)
        .github_through(move |e: &GithubEmulator| Meter::wrap(e, meter_reads))
        .serve()
        .await;
    let mut out = [Figures::default(); 3];
    for f in &mut out {
        let before = mark(&served.github, &reads);
        let report = served.syncer.cycle(Mode::Apply).await.expect("a cycle");
        assert!(report.board_error.is_none(), "{:?}", report.board_error);
        *f = since(before, &served.github, &reads);
        f.sheets = (report.sheets_reads, report.sheets_writes);
    }
    out
}

fn print_header() {
    println!(
        "{:>5} {:<19} {:<6} | {:>7} {:>11} {:>9} | {:>9} {:>7} | {:>4} | {:>5} | {:>5}",
        "size",
        "who",
        "run",
        "queries",
        "board reads",
        "mutations",
        "secondary",
        "points",
        "REST",
        "items",
        "sheet"
    );
}

fn print_row(n: usize, who: &str, run: &str, f: &Figures) {
    println!(
        "{n:>5} {who:<19} {run:<6} | {:>7} {:>11} {:>9} | {:>9} {:>7} | {:>4} | {:>5} | {:>5}",
        f.queries,
        f.board_queries,
        f.mutations,
        f.secondary,
        f.points,
        f.rest,
        f.items,
        format!("{}/{}", f.sheets.0, f.sheets.1)
    );
}

/// kepsync / official, run by run, for mutations, secondary points and GraphQL points.
fn print_ratios(n: usize, figures: &[[Figures; 3]]) {
    let official = &figures[0];
    for (who, runs) in WHO.iter().zip(figures).skip(1) {
        for (i, run) in RUNS.iter().enumerate() {
            let (k, o) = (runs[i], official[i]);
            println!(
                "{n:>5} {:<19} {run:<6} / official: mutations {}, secondary {}, points {}",
                who.name(),
                ratio(k.mutations, o.mutations),
                ratio(k.secondary, o.secondary),
                ratio(k.points, o.points)
            );
        }
    }
}

fn ratio(a: u32, b: u32) -> String {
    if b == 0 {
        return "n/a".into();
    }
    format!("{:.2}", f64::from(a) / f64::from(b))
}
