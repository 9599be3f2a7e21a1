//! `kepsync keps`: query the KEP index of a checkout from the command line.

use super::output;
use anyhow::Context;
use kep_index::{Kep, KepIndex, normalize_milestone};
use std::io::Write;
use std::path::PathBuf;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Arguments of `kepsync keps`.
#[derive(Debug, clap::Args)]
pub struct KepsArgs {
    /// A checkout of kubernetes/enhancements.
    #[arg(long, value_name = "DIR")]
    pub repo: PathBuf,
    /// Only KEPs whose owning-sig matches this regular expression.
    #[arg(long, value_name = "REGEX")]
    pub sig: Option<String>,
    /// Only KEPs with this status (as written).
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only KEPs with this stage (as written).
    #[arg(long, value_name = "S")]
    pub stage: Option<String>,
    /// Only KEPs whose latest-milestone is this release (`v1.37` or `1.37`).
    #[arg(long, value_name = "v1.37")]
    pub milestone: Option<String>,
    /// Only invalid KEPs (the table then lists each problem).
    #[arg(long)]
    pub invalid: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub output: Format,
}

/// The filters of the command, validated.
pub struct Filter {
    sig: Option<regex::Regex>,
    status: Option<String>,
    stage: Option<String>,
    milestone: Option<String>,
    invalid: bool,
}

impl Filter {
    /// Builds the filter; a bad regex or milestone is a usage error.
    pub fn new(args: &KepsArgs) -> anyhow::Result<Filter> {
        let sig = args
            .sig
            .as_deref()
            .map(regex::Regex::new)
            .transpose()
            .context("--sig is not a valid regular expression")?;
        let milestone = match args.milestone.as_deref() {
            Some(raw) => Some(
                normalize_milestone(raw)
                    .with_context(|| format!("--milestone `{raw}` is not a release like v1.37"))?,
            ),
            None => None,
        };
        Ok(Filter {
            sig,
            status: args.status.clone(),
            stage: args.stage.clone(),
            milestone,
            invalid: args.invalid,
        })
    }

    /// Whether a KEP passes every filter given.
    pub fn keeps(&self, kep: &Kep) -> bool {
        self.sig
            .as_ref()
            .is_none_or(|re| re.is_match(&kep.owning_sig))
            && self.status.as_ref().is_none_or(|s| *s == kep.status)
            && self.stage.as_ref().is_none_or(|s| *s == kep.stage)
            && self
                .milestone
                .as_ref()
                .is_none_or(|m| Some(m) == kep.latest_milestone.as_ref())
            && (!self.invalid || !kep.valid)
    }
}

/// Runs `kepsync keps`: exit 0 when it printed; errors (exit 2) for bad usage or an unreadable repo.
pub fn run(args: &KepsArgs) -> anyhow::Result<()> {
    let filter = Filter::new(args)?;
    let index = KepIndex::from_dir(&args.repo)
        .with_context(|| format!("cannot read the KEP tree at {}", args.repo.display()))?;
    let keps: Vec<&Kep> = index.keps.iter().filter(|k| filter.keeps(k)).collect();
    let text = match args.output {
        Format::Json => output::json(&keps),
        Format::Csv => output::csv(&keps),
        Format::Table => table_with_summary(&index, &keps, args.invalid),
    };
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match written {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.context("cannot write to stdout")?,
    }
    for problem in &index.problems {
        eprintln!("warning: {problem}");
    }
    Ok(())
}

fn table_with_summary(index: &KepIndex, keps: &[&Kep], with_problems: bool) -> String {
    let mut text = if with_problems {
        output::table_with_problems(keps)
    } else {
        output::table(keps)
    };
    let invalid = keps.iter().filter(|k| !k.valid).count();
    text.push_str(&format!(
        "{} of {} KEPs shown, {invalid} of them invalid.\n",
        keps.len(),
        index.keps.len()
    ));
    text
}
