//! Helpers shared by the `e2e` and `integration` test binaries, each of which mounts this tree
//! with `#[path = "../support/mod.rs"] mod support;` (not a test target of its own).
//!
//! - [`world`]: the one world builder — emulators, a seeded spreadsheet, GitHub data and a kepsync
//!   config — spawned as processes (`e2e`) or served in-process (`integration`);
//! - [`board`]: the release board seeded from the shared fields file, and read back;
//! - [`config`]: the one config-TOML writer; [`sheet`]: the Enhancements header and seed sheets;
//! - [`dump`]: the one reader of emulator dumps; [`key`]: the throwaway service-account key;
//! - [`process`]: child processes (emulator binaries, `kepsync`) and a raw HTTP client;
//! - [`service`]: the made-up release and the `kepsync run` child of the service tests;
//! - [`hooks`], [`rng`]: request hooks, fast retry policies, and the seeded RNG of the
//!   reliability tests; [`sheets_env`]: the Sheets adapter tests' odd spreadsheet.
#![allow(dead_code)]

pub mod board;
pub mod config;
pub mod dump;
pub mod github;
pub mod hooks;
pub mod key;
pub mod process;
pub mod rng;
pub mod service;
pub mod sheet;
pub mod sheets_env;
pub mod world;
