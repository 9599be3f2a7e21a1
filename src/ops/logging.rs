//! Logging set-up: `tracing` to stderr, filtered by `RUST_LOG` (default `info`), human or JSON lines.

use std::io::IsTerminal;
use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::ParseError;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::{SubscriberInitExt, TryInitError};

/// The filter used when `RUST_LOG` is unset or empty: info, without the scheduler's start-up chatter.
pub const DEFAULT_FILTER: &str = "info,tokio_cron_scheduler=warn";

/// `--log-format`: `human` (default) or `json` (one JSON object per line, for log collectors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Human,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error(
        "RUST_LOG={value:?} is not a valid log filter (try RUST_LOG=info or RUST_LOG=kepsync=debug): {source}"
    )]
    BadFilter {
        value: String,
        #[source]
        source: ParseError,
    },
    #[error("RUST_LOG is not valid UTF-8")]
    FilterNotUnicode,
    #[error("logging was already set up in this process")]
    AlreadySetUp(#[source] TryInitError),
}

/// The filter for a `RUST_LOG` value: `None` or blank means [`DEFAULT_FILTER`].
pub fn env_filter(rust_log: Option<&str>) -> Result<EnvFilter, LoggingError> {
    let value = rust_log
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(DEFAULT_FILTER);
    let filter = EnvFilter::builder()
        .parse(value)
        .map_err(|source| LoggingError::BadFilter {
            value: value.to_string(),
            source,
        })?;
    Ok(SECRET_BEARING
        .iter()
        .filter_map(|d| d.parse().ok())
        .fold(filter, EnvFilter::add_directive))
}

/// Caps on dependencies whose debug logs print secrets (yup-oauth2 logs the token endpoint's
/// whole answer, access token included); they win over any `RUST_LOG`.
pub const SECRET_BEARING: [&str; 1] = ["yup_oauth2=info"];

/// Installs the global subscriber: stderr, `RUST_LOG` filter, in `format`. Call once, early in `main`.
pub fn init_logging(format: LogFormat) -> Result<(), LoggingError> {
    let rust_log = match std::env::var("RUST_LOG") {
        Ok(value) => Some(value),
        Err(std::env::VarError::NotPresent) => None,
        Err(std::env::VarError::NotUnicode(_)) => return Err(LoggingError::FilterNotUnicode),
    };
    let filter = env_filter(rust_log.as_deref())?;
    let colours = std::io::stderr().is_terminal();
    let subscriber = subscriber(format, filter, std::io::stderr, colours);
    // try_init also routes `log` records (from dependencies) into tracing.
    subscriber.try_init().map_err(LoggingError::AlreadySetUp)
}

/// A subscriber writing `format` lines to `writer` (stderr in production, a buffer in tests);
/// `colours` adds ANSI colours to human lines (only for a terminal: log collectors get plain text).
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    writer: W,
    colours: bool,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(colours);
    match format {
        LogFormat::Human => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> MakeWriter<'w> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'w self) -> Buffer {
            self.clone()
        }
    }

    fn logged(format: LogFormat, filter: &str) -> String {
        let buffer = Buffer::default();
        let filter = env_filter(Some(filter)).unwrap();
        let sub = subscriber(format, filter, buffer.clone(), false);
        tracing::subscriber::with_default(sub, || {
            tracing::info!(changes = 3_u64, "cycle ok");
            tracing::debug!("hidden at info");
        });
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn blank_or_missing_rust_log_means_info() {
        // Every filter also carries the caps on secret-bearing dependencies.
        let default = env_filter(None).unwrap().to_string();
        assert!(default.split(',').any(|d| d == "info"), "{default}");
        assert!(default.contains("tokio_cron_scheduler=warn"), "{default}");
        assert!(default.contains("yup_oauth2=info"), "{default}");
        assert_eq!(env_filter(Some("  ")).unwrap().to_string(), default);
        let custom = env_filter(Some("kepsync=debug")).unwrap().to_string();
        assert_eq!(custom, "yup_oauth2=info,kepsync=debug");
        let loud = env_filter(Some("yup_oauth2=trace")).unwrap().to_string();
        assert_eq!(loud, "yup_oauth2=info");
    }

    #[test]
    fn a_bad_filter_names_rust_log() {
        let err = env_filter(Some("kepsync=loud")).unwrap_err().to_string();
        assert!(err.contains("RUST_LOG=\"kepsync=loud\""), "{err}");
    }

    #[test]
    fn json_lines_carry_message_and_fields() {
        let out = logged(LogFormat::Json, "info");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{out}");
        let line: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(line["message"], "cycle ok");
        assert_eq!(line["changes"], 3);
        assert_eq!(line["level"], "INFO");
    }

    #[test]
    fn human_lines_are_not_json_and_follow_the_filter() {
        let out = logged(LogFormat::Human, "info");
        assert!(
            out.contains("cycle ok") && out.contains("changes=3"),
            "{out}"
        );
        assert!(serde_json::from_str::<serde_json::Value>(out.trim()).is_err());
        assert!(logged(LogFormat::Human, "warn").is_empty());
        assert!(logged(LogFormat::Human, "debug").contains("hidden at info"));
    }
}
