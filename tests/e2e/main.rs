//! End-to-end tests: the `kepsync` binary (`CARGO_BIN_EXE_kepsync`) against the emulator
//! binaries, run as child processes. One test binary, so the suite links once instead of once per
//! file; each file is a module (filter with `cargo test --test e2e MODULE`).

#[path = "../support/mod.rs"]
mod support;

mod advance;
mod board;
mod check;
mod daemon_run;
mod daemon_stop;
mod demo;
mod exceptions;
mod github_token;
mod init;
mod journal;
mod journal_github;
mod journal_moves;
mod journal_sync_log;
mod kep_type;
mod keps;
mod label_intake;
mod outreach;
mod readiness;
mod reliability_crash;
mod reliability_load;
mod reliability_security;
mod sync;
mod vocabulary;
mod writeback;
