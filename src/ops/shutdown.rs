//! Stop signals: SIGTERM (Kubernetes, systemd) and SIGINT (Ctrl-C) as one awaitable source.

use tokio::signal::unix::{Signal, SignalKind, signal};

/// Which signal asked kepsync to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSignal {
    Terminate,
    Interrupt,
}

impl StopSignal {
    /// The signal's name, for the log line.
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Terminate => "SIGTERM",
            StopSignal::Interrupt => "SIGINT",
        }
    }
}

/// SIGTERM and SIGINT handlers, installed when created: from then on neither signal kills the
/// process, so create this before the first cycle starts and stop when [`StopSignals::recv`] returns.
#[derive(Debug)]
pub struct StopSignals {
    terminate: Signal,
    interrupt: Signal,
}

impl StopSignals {
    /// Installs the handlers (needs a tokio runtime).
    pub fn install() -> std::io::Result<StopSignals> {
        Ok(StopSignals {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for the next SIGTERM or SIGINT.
    pub async fn recv(&mut self) -> StopSignal {
        tokio::select! {
            _ = self.terminate.recv() => StopSignal::Terminate,
            _ = self.interrupt.recv() => StopSignal::Interrupt,
        }
    }
}
