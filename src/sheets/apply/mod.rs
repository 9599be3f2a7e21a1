//! The apply layer: a planned cycle (or `kepsync init`'s plan) turned into the one ordered list
//! of batchUpdate requests that applies it atomically. Pure (no I/O); the only place those
//! Sheets requests are built.

mod cell;
mod extras;
pub mod init;
pub mod outreach_tab;
mod plan;
mod sync_log;

pub use sync_log::{log_lines, shown};

#[cfg(test)]
mod body_tests;

pub use plan::to_requests;
