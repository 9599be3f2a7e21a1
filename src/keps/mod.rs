//! The KEP index as kepsync sees it: the `kep-index` crate re-exported, and `kepsync keps`.
//!
//! Everything that reads and checks a kubernetes/enhancements tree lives in `crates/kep-index`;
//! `crate::keps::KepIndex` and the other paths stay as they were. Only the command is here:
//! its arguments and filters ([`cli`]) and its table, JSON and CSV output (`output.rs`).

pub mod cli;
mod output;

pub use kep_index::*;
