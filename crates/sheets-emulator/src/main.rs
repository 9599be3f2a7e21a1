//! The `sheets-emulator` binary: serves the emulator on `--addr`, optionally seeded from a file,
//! and prints `listening on http://HOST:PORT` as its first line of stdout. Request bodies are
//! checked against Google's discovery document (`--discovery FILE`, by default the shared copy
//! next to the repository; without one, a warning on stderr and no checks).

use anyhow::{Context, Result, bail};
use sheets_emulator::SheetsEmulator;
use std::io::Write;

struct Args {
    addr: String,
    seed: Option<String>,
    discovery: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        addr: "127.0.0.1:0".into(),
        seed: None,
        discovery: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--addr" => args.addr = it.next().context("--addr needs HOST:PORT")?,
            "--seed" => args.seed = Some(it.next().context("--seed needs a FILE.json")?),
            "--discovery" => {
                args.discovery = Some(it.next().context("--discovery needs a FILE.json")?)
            }
            "-h" | "--help" => {
                println!(
                    "usage: sheets-emulator [--addr 127.0.0.1:0] [--seed FILE.json] [--discovery sheets.v4.json]"
                );
                std::process::exit(0);
            }
            other => bail!("unknown argument {other:?} (try --help)"),
        }
    }
    Ok(args)
}

fn load_seed(emu: &SheetsEmulator, path: &str) -> Result<()> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading seed {path}"))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("parsing seed {path}"))?;
    let seeds = match value {
        serde_json::Value::Array(items) => items,
        one => vec![one],
    };
    for (i, s) in seeds.into_iter().enumerate() {
        emu.load(s)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("seed {path}, spreadsheet {i}"))?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = parse_args()?;
    let emu = match &args.discovery {
        Some(path) => SheetsEmulator::with_discovery_file(path).map_err(anyhow::Error::msg)?,
        None => SheetsEmulator::new(),
    };
    if let Some(path) = &args.seed {
        load_seed(&emu, path)?;
    }
    let server = emulator_kit::Server::start(&args.addr, emu.handler())
        .await
        .with_context(|| format!("binding {}", args.addr))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on {}", server.url())?;
    out.flush()?;
    drop(out);
    tokio::signal::ctrl_c()
        .await
        .context("waiting for Ctrl-C")?;
    server.stop().await;
    Ok(())
}
