//! In-process integration tests: the adapters, the cycle and the reliability matrices against the
//! emulators served inside the test, plus the checks of docs and packaging. One test binary, so
//! the suite links once instead of once per file; each file is a module (filter with
//! `cargo test --test integration MODULE`).

#[path = "../support/mod.rs"]
mod support;

mod advance_clock;
mod daemon_in_process;
mod github_adapter;
mod github_limits;
mod graphql_documents;
mod kep_type_corpus;
mod keps_corpus;
mod keps_tree;
mod ops_docs;
mod ops_server;
mod packaging;
mod readiness_corpus;
mod reliability_faults;
mod reliability_hostile;
mod reliability_races;
mod reliability_writers;
mod sheets_adapter;
mod sheets_auth;
mod sheets_client;
mod sheets_retry;
mod sync_log_board;
mod writeback_adapter;
