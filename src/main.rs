//! The `kepsync` command line: parses arguments and hands off to the library.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "kepsync",
    version,
    about = "Keeps the Kubernetes Enhancements Tracking sheet true"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Query the KEP index of a kubernetes/enhancements checkout.
    Keps(kepsync::keps::cli::KepsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Keps(args) => kepsync::keps::cli::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
