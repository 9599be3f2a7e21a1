//! Telling another kepsync's write (the token changed) and a cell kepsync cannot get past (the
//! same difference every time) from people editing.

use super::error::CycleError;
use crate::readiness::Timestamp;
use crate::sheet::{Snapshot, WriteToken};
use std::sync::Mutex;

/// The token's value: who applied the batch and when, for whoever reads the metadata.
pub(super) fn token_note(clock: Timestamp) -> String {
    format!(
        "kepsync {} pid {} at {}",
        env!("CARGO_PKG_VERSION"),
        std::process::id(),
        clock.rfc3339()
    )
}

/// A difference when another kepsync applied a batch since `basis` was read.
pub(super) fn written_since(basis: Option<&WriteToken>, now: &Snapshot) -> Vec<String> {
    let id = |t: Option<&WriteToken>| t.map_or("none".to_string(), |t| t.id.to_string());
    if basis.map(|t| t.id) == now.write_token.as_ref().map(|t| t.id) {
        return Vec::new();
    }
    vec![format!(
        "another kepsync wrote to the sheet since it was read (write token {} → {})",
        id(basis),
        id(now.write_token.as_ref())
    )]
}

/// The differences that stopped recent cycles, to tell a cell kepsync cannot get past (the same
/// difference every time) from people editing (a different one each time).
#[derive(Debug, Default)]
pub(super) struct ConflictMemory {
    last: Mutex<Option<String>>,
}

impl ConflictMemory {
    pub(super) fn clear(&self) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The error for a cycle whose attempts all met a difference (`differences`, one each):
    /// persistent when every attempt, or the previous failed cycle too, met the same one.
    pub(super) fn failed(&self, differences: Vec<String>) -> CycleError {
        let attempts = differences.len() as u32;
        let last = differences.last().cloned().unwrap_or_default();
        let mut previous = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let repeated_across_cycles = previous.as_deref() == Some(last.as_str());
        let repeated_within = attempts > 1 && differences.iter().all(|d| *d == last);
        *previous = Some(last.clone());
        if repeated_within || repeated_across_cycles {
            CycleError::PersistentConflict { attempts, last }
        } else {
            CycleError::Conflict { attempts, last }
        }
    }
}
