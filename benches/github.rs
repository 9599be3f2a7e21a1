//! GitHub adapter benchmark: calls and wall time of a cold sync of 300 corpus issues and of an
//! idle cycle, through octocrab against the in-process emulator. `cargo bench --bench github`.

use github_emulator::{GithubEmulator, Tree, issues_from_tree};
use kepsync::github::{GithubAdapter, GithubConfig, Token};
use std::path::Path;
use std::time::Instant;

const ISSUES: usize = 300;

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kep-corpus");
    let Ok(tree) = Tree::from_dir(&corpus) else {
        eprintln!("SKIPPED: no KEP corpus at {}", corpus.display());
        return;
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("no tokio runtime: {e}");
            return;
        }
    };
    if let Err(e) = runtime.block_on(run(tree)) {
        eprintln!("benchmark failed: {e:#}");
        std::process::exit(1);
    }
}

async fn run(tree: Tree) -> anyhow::Result<()> {
    let files = tree.len();
    let seeds = issues_from_tree(&tree);
    let numbers: Vec<u64> = seeds.iter().take(ISSUES).map(|s| s.number).collect();
    let emulator = GithubEmulator::new(tree, seeds, Vec::new());
    let server = emulator_kit::Server::start("127.0.0.1:0", emulator.handler()).await?;
    let state = tempfile::tempdir()?;
    let mut cfg = GithubConfig::new("kubernetes/enhancements");
    cfg.base_url = Some(server.url());
    cfg.token = Some(Token::new("bench"));
    cfg.state_dir = Some(state.path().to_path_buf());
    let adapter = GithubAdapter::new(cfg)?;

    println!(
        "GitHub adapter, {} issues, {} files in the tree",
        numbers.len(),
        files
    );
    for label in ["cold sync", "idle cycle", "idle cycle"] {
        emulator.reset_counts();
        let start = Instant::now();
        let facts = adapter.observe(&numbers).await?;
        let elapsed = start.elapsed();
        let c = emulator.counts();
        println!(
            "{label:<11} calls {:>3} (304: {:>2}, counted: {:>2}, GraphQL points: {:>3})  KEP files {:>4}  wall {:>8.1} ms",
            c.total,
            c.not_modified,
            c.rate_limited,
            c.graphql_points,
            facts.kep_files.len(),
            elapsed.as_secs_f64() * 1000.0
        );
    }
    Ok(())
}
