//! The `github-emulator` binary: serves a tree, ISSUES.json, PULLS.json and Projects v2 boards
//! until interrupted, validating GraphQL against GitHub's schema when it is found.

use anyhow::{Context, Result, bail};
use github_emulator::{GithubEmulator, GithubSchema, IssueSeed, ProjectSeed, PullSeed, Tree};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const USAGE: &str = "usage: github-emulator --addr 127.0.0.1:0 --tree DIR --issues ISSUES.json [--pulls PULLS.json] [--projects PROJECTS.json] [--schema schema.graphql]";

struct Args {
    addr: String,
    tree: PathBuf,
    issues: PathBuf,
    pulls: Option<PathBuf>,
    projects: Option<PathBuf>,
    schema: Option<PathBuf>,
}

fn parse_args() -> Result<Args> {
    let mut addr = "127.0.0.1:0".to_string();
    let (mut tree, mut issues, mut pulls) = (None, None, None);
    let (mut projects, mut schema) = (None, None);
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--addr" => addr = value()?,
            "--tree" => tree = Some(PathBuf::from(value()?)),
            "--issues" => issues = Some(PathBuf::from(value()?)),
            "--pulls" => pulls = Some(PathBuf::from(value()?)),
            "--projects" => projects = Some(PathBuf::from(value()?)),
            "--schema" => schema = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    Ok(Args {
        addr,
        tree: tree.with_context(|| format!("--tree is required\n{USAGE}"))?,
        issues: issues.with_context(|| format!("--issues is required\n{USAGE}"))?,
        pulls,
        projects,
        schema,
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// One project seed, or an array of them.
fn project_seeds(path: &Path) -> Result<Vec<ProjectSeed>> {
    let value: Value = read_json(path)?;
    let seeds = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    seeds
        .into_iter()
        .map(|s| serde_json::from_value(s).with_context(|| format!("parsing {}", path.display())))
        .collect()
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let tree = Tree::from_dir(&args.tree)
        .with_context(|| format!("reading tree {}", args.tree.display()))?;
    let issues: Vec<IssueSeed> = read_json(&args.issues)?;
    let pulls: Vec<PullSeed> = match &args.pulls {
        Some(p) => read_json(p)?,
        None => Vec::new(),
    };
    let emulator = GithubEmulator::new(tree, issues, pulls);
    if let Some(path) = &args.schema {
        let schema = GithubSchema::from_file(path).map_err(anyhow::Error::msg)?;
        emulator.set_schema(Some(Arc::new(schema)));
    }
    if let Some(path) = &args.projects {
        for seed in project_seeds(path)? {
            emulator.put_project(&seed).map_err(|e| {
                anyhow::anyhow!(
                    "{}: project {}/{}: {e}",
                    path.display(),
                    seed.owner,
                    seed.number
                )
            })?;
        }
    }
    let server = emulator_kit::Server::start(&args.addr, emulator.handler())
        .await
        .with_context(|| format!("binding {}", args.addr))?;
    println!("listening on {}", server.url());
    tokio::signal::ctrl_c()
        .await
        .context("waiting for ctrl-c")?;
    server.stop().await;
    Ok(())
}
