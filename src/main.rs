//! The `kepsync` command line: parses arguments, loads config, and hands off to the library.

use clap::{Parser, Subcommand, ValueEnum};
use kepsync::commands::{self, EXIT_BAD_CONFIG, EXIT_CYCLE_FAILED};
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
    let format = match cli.log_format {
        LogFormatArg::Human => kepsync::ops::LogFormat::Human,
        LogFormatArg::Json => kepsync::ops::LogFormat::Json,
    };
    if let Err(e) = kepsync::ops::init_logging(format) {
        eprintln!("error: {e}");
        return ExitCode::from(EXIT_BAD_CONFIG);
    }
    if let Command::Keps(args) = &cli.command {
        return kepsync::keps::cli::run(args).unwrap_or_else(|e| {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_BAD_CONFIG)
        });
    }
    // One thread is enough for a cycle (its awaits are sequential; the KEP index parses on
    // scoped threads of its own) and for the daemon beside it (health, metrics, the schedule).
    // It also keeps the heap in one malloc arena: on a multi-threaded runtime each worker's
    // arena kept its own high-water mark, ~8 MiB more peak RSS at 2,000 rows.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_CYCLE_FAILED);
        }
    };
    let code = runtime.block_on(dispatch(cli));
    report_peak_rss();
    code
}

/// Exit code of a release-team tool: 0, or 1 with the error printed.
fn tool_exit(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_CYCLE_FAILED)
        }
    }
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

async fn dispatch(cli: Cli) -> ExitCode {
    if let Command::Demo { wide } = cli.command {
        let width = commands::demo::output_width(wide);
        return match commands::demo::demo(width).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(EXIT_CYCLE_FAILED)
            }
        };
    }
    let config = match Config::load(&cli.config) {
        Ok(c) => c,
        Err(e) => {
            if let Command::Check = cli.command {
                println!("{}", commands::check::bad_config_line(&e));
            }
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_BAD_CONFIG);
        }
    };
    match cli.command {
        Command::Plan => commands::once(config, Mode::Plan).await,
        Command::Sync => commands::once(config, Mode::Apply).await,
        Command::Readiness => commands::readiness::readiness(config).await,
        Command::Run => match commands::run::run(config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(EXIT_BAD_CONFIG)
            }
        },
        Command::Init { from, dry_run } => {
            // `--from` takes the previous sheet's URL as well as its id, like `spreadsheet-id`.
            let from = match from
                .map(|f| kepsync::sheets::parse_spreadsheet_ref(&f))
                .transpose()
            {
                Ok(from) => from.map(|r| r.id().to_string()),
                Err(e) => {
                    eprintln!("error: --from: {e}");
                    return ExitCode::from(EXIT_BAD_CONFIG);
                }
            };
            let args = commands::init::InitArgs { from, dry_run };
            tool_exit(commands::init::init(&config, &args).await.map(|_| ()))
        }
        Command::Outreach(o) => {
            let args = commands::outreach::OutreachArgs {
                freeze: o.freeze,
                cycle: o.cycle,
                repo: o.repo,
                json: matches!(o.output, OutputArg::Json),
                tab: o.tab,
            };
            tool_exit(commands::outreach::outreach(&config, &args).await)
        }
        Command::Check => commands::check::check(&config, &cli.config).await,
        Command::Demo { .. } | Command::Keps(_) => ExitCode::SUCCESS,
    }
}
