//! `kepsync keps`: query the KEP index from the command line.

/// Arguments of `kepsync keps`.
#[derive(Debug, clap::Args)]
pub struct KepsArgs {}

/// Runs `kepsync keps`.
pub fn run(_args: &KepsArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("not implemented yet")
}
