//! How a command ends, and the one map from that to an exit code: 0 ok, 1 it ran and failed,
//! 2 bad configuration or usage (retrying will not help).

use std::process::ExitCode;

/// Exit code of a command that ran and failed (a failed cycle, a failed check).
pub const EXIT_CYCLE_FAILED: u8 = 1;
/// Exit code of a bad configuration or command line.
pub const EXIT_BAD_CONFIG: u8 = 2;

/// Why a command did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The configuration, the credentials' set-up or the command line is wrong (exit 2).
    #[error("{0:#}")]
    Usage(anyhow::Error),
    /// The command ran and failed (exit 1).
    #[error("{0:#}")]
    Failed(anyhow::Error),
    /// The command ran and failed, and has already said why on stdout (`check`) (exit 1).
    #[error("")]
    Reported,
}

impl CommandError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CommandError::Usage(_) => EXIT_BAD_CONFIG,
            CommandError::Failed(_) | CommandError::Reported => EXIT_CYCLE_FAILED,
        }
    }

    /// A usage error from any displayable error.
    pub fn usage(e: impl Into<anyhow::Error>) -> CommandError {
        CommandError::Usage(e.into())
    }

    /// A failure from any displayable error.
    pub fn failed(e: impl Into<anyhow::Error>) -> CommandError {
        CommandError::Failed(e.into())
    }
}

/// What a command returns.
pub type CommandResult = Result<(), CommandError>;

/// The exit code of `result`, printing the error (`error: …`) unless it was already reported.
pub fn exit(result: CommandResult) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !matches!(e, CommandError::Reported) {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_is_2_and_failures_are_1() {
        assert_eq!(
            CommandError::usage(anyhow::anyhow!("bad key")).exit_code(),
            2
        );
        assert_eq!(
            CommandError::failed(anyhow::anyhow!("cycle")).exit_code(),
            1
        );
        assert_eq!(CommandError::Reported.exit_code(), 1);
    }

    #[test]
    fn the_message_is_the_whole_context_chain() {
        let e = anyhow::anyhow!("no such file").context("reading the key");
        assert_eq!(
            CommandError::usage(e).to_string(),
            "reading the key: no such file"
        );
    }
}
