//! The `kepsync` command line: parses arguments, loads config, and hands off to the library.

use clap::{Parser, Subcommand, ValueEnum};
use kepsync::commands::{self, CommandError, CommandResult};
use kepsync::config::Config;
use kepsync::cycle::Mode;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "kepsync",
    version,
    about = "Keeps the Kubernetes Enhancements Tracking sheet true"
)]
struct Cli {
    /// The configuration file.
    #[arg(
        long,
        global = true,
        env = "KEPSYNC_CONFIG",
        default_value = "config/kepsync.toml"
    )]
    config: PathBuf,
    /// Log format (logs go to stderr; RUST_LOG sets the level).
    #[arg(long, global = true, env = "KEPSYNC_LOG_FORMAT", value_enum, default_value_t = LogFormatArg::Human)]
    log_format: LogFormatArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print what one cycle would change, cell by cell; write nothing.
    Plan,
    /// Run one cycle: read the sheet and GitHub, write the changes in one atomic batch.
    Sync,
    /// Print what each tracked enhancement misses for the next freeze (and earlier ones); write nothing.
    Readiness,
    /// Run cycles on the configured cron schedule until SIGTERM/SIGINT.
    Run,
    /// Check config, credentials, the sheet's tabs and headers, and the GitHub token (ok/fail lines).
    Check,
    /// Run the main job on a built-in sample against in-process emulators (no credentials).
    Demo {
        /// Print every value in full instead of fitting the terminal (or 100 columns).
        #[arg(long)]
        wide: bool,
    },
    /// Query the KEP index of a kubernetes/enhancements checkout.
    Keps(kepsync::keps::cli::KepsArgs),
    /// Prepare the spreadsheet for a new release (tabs, headers, Status dropdown, protection).
    Init {
        /// The previous release's spreadsheet (its id or URL): copy its `data` rows and column layouts.
        #[arg(long, value_name = "SPREADSHEET_ID")]
        from: Option<String>,
        /// Print the plan; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print each SIG's outreach Slack message (the handbook's templates) from the sheet.
    Outreach(OutreachCli),
    /// Print the release's exception requests (the Exception columns) as sig-release's
    /// exceptions.yaml, or as a table.
    Exceptions {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExceptionsOutput::Yaml)]
        output: ExceptionsOutput,
    },
    /// Prints the journal: every change kepsync applied, cycle by cycle (needs `state-dir`).
    Log {
        /// Only cycles this recent: 90s, 30m, 12h, 7d, 2w.
        #[arg(long, value_name = "DURATION")]
        since: Option<String>,
        /// Only changes of this issue.
        #[arg(long, value_name = "N")]
        issue: Option<u64>,
        #[arg(long, value_enum, default_value_t = LogOutputArg::Table)]
        output: LogOutputArg,
    },
    /// Reverses one journaled cycle in one batch, keeping every edit a person made since.
    Undo {
        /// The cycle's id as `kepsync log` prints it (or a prefix naming one).
        cycle: String,
        /// Print what would be put back; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also reverse the cycle's GitHub write-back edits.
        #[arg(long)]
        github: bool,
        /// Also reverse the cycle's board changes.
        #[arg(long)]
        board: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LogOutputArg {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ExceptionsOutput {
    Yaml,
    Table,
}

#[derive(Debug, clap::Args)]
struct OutreachCli {
    /// The enhancements freeze, e.g. 2026-02-12T00:00:00Z or "2026-02-12T16:00 America/Los_Angeles".
    #[arg(long, env = "KEPSYNC_OUTREACH_FREEZE")]
    freeze: Option<String>,
    /// The cycle named in the messages (default: the configured release).
    #[arg(long)]
    cycle: Option<String>,
    /// A kubernetes/enhancements checkout whose owning SIGs join the SIG list.
    #[arg(long)]
    repo: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputArg::Text)]
    output: OutputArg,
    /// Also write the messages to an `Outreach` tab.
    #[arg(long)]
    tab: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputArg {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let code = commands::exit(start(cli));
    report_peak_rss();
    code
}

/// Logging, then the command: `keps` needs no runtime and no config.
fn start(cli: Cli) -> CommandResult {
    let format = match cli.log_format {
        LogFormatArg::Human => kepsync::ops::LogFormat::Human,
        LogFormatArg::Json => kepsync::ops::LogFormat::Json,
    };
    kepsync::ops::init_logging(format).map_err(|e| CommandError::usage(anyhow::anyhow!("{e}")))?;
    if let Command::Keps(args) = &cli.command {
        return kepsync::keps::cli::run(args).map_err(CommandError::Usage);
    }
    // One thread is enough for a cycle (its awaits are sequential; the KEP index parses on
    // scoped threads of its own) and for the daemon beside it (health, metrics, the schedule).
    // It also keeps the heap in one malloc arena: on a multi-threaded runtime each worker's
    // arena kept its own high-water mark, ~8 MiB more peak RSS at 2,000 rows.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CommandError::failed(anyhow::anyhow!("cannot start the async runtime: {e}"))
        })?;
    runtime.block_on(dispatch(cli))
}

/// With `KEPSYNC_REPORT_PEAK_RSS` set, prints the process's peak resident memory (for benchmarks).
fn report_peak_rss() {
    if std::env::var_os("KEPSYNC_REPORT_PEAK_RSS").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    if let Some(kib) = status.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
        eprintln!("peak-rss-kib: {}", kib.trim().trim_end_matches("kB").trim());
    }
}

async fn dispatch(cli: Cli) -> CommandResult {
    if let Command::Demo { wide } = cli.command {
        let width = commands::demo::output_width(wide);
        return commands::demo::demo(width)
            .await
            .map_err(CommandError::Failed);
    }
    let config = Config::load(&cli.config).map_err(|e| {
        if let Command::Check = cli.command {
            println!("{}", commands::check::bad_config_line(&e));
        }
        // The config error's own text names the file and the field; its source is in it already.
        CommandError::usage(anyhow::anyhow!("{e}"))
    })?;
    match cli.command {
        Command::Plan => commands::once(config, Mode::Plan).await,
        Command::Log {
            since,
            issue,
            output,
        } => {
            let output = match output {
                LogOutputArg::Table => commands::log::LogOutput::Table,
                LogOutputArg::Json => commands::log::LogOutput::Json,
            };
            let args = commands::log::LogArgs {
                since,
                issue,
                output,
            };
            commands::log::log(&config, &args)
        }
        Command::Undo {
            cycle,
            dry_run,
            github,
            board,
        } => {
            let args = commands::undo::UndoArgs {
                cycle,
                dry_run,
                github,
                board,
            };
            commands::undo::undo(config, &args).await
        }
        Command::Sync => commands::once(config, Mode::Apply).await,
        Command::Readiness => commands::readiness::readiness(config).await,
        Command::Run => commands::run::run(config)
            .await
            .map_err(CommandError::Usage),
        Command::Init { from, dry_run } => {
            // `--from` takes the previous sheet's URL as well as its id, like `spreadsheet-id`.
            let from = from
                .map(|f| kepsync::sheets::parse_spreadsheet_ref(&f))
                .transpose()
                .map_err(|e| CommandError::usage(anyhow::anyhow!("--from: {e}")))?
                .map(|r| r.id().to_string());
            let args = commands::init::InitArgs { from, dry_run };
            commands::init::init(&config, &args)
                .await
                .map(drop)
                .map_err(CommandError::Failed)
        }
        Command::Outreach(o) => {
            let args = commands::outreach::OutreachArgs {
                freeze: o.freeze,
                cycle: o.cycle,
                repo: o.repo,
                json: matches!(o.output, OutputArg::Json),
                tab: o.tab,
            };
            commands::outreach::outreach(&config, &args)
                .await
                .map_err(CommandError::Failed)
        }
        Command::Exceptions { output } => {
            commands::exceptions::exceptions(&config, matches!(output, ExceptionsOutput::Yaml))
                .await
                .map_err(CommandError::Failed)
        }
        Command::Check => commands::check::check(&config, &cli.config).await,
        Command::Demo { .. } | Command::Keps(_) => Ok(()),
    }
}
