//! kepsync: keeps the Kubernetes Enhancements Tracking spreadsheet true.
//!
//! # Layout
//! - [`keps`]: the `kep-index` crate (a kubernetes/enhancements tree → [`keps::KepIndex`], pure) and `kepsync keps`.
//! - [`sheet`]: the spreadsheet as read ([`sheet::Snapshot`]).
//! - [`sheets`]: the Google Sheets adapter (google-sheets4 + yup-oauth2).
//! - [`github`]: the GitHub adapter (octocrab).
//! - [`config`]: the `kepsync.toml` settings.
//! - [`sync`]: observe → plan (pure) → check → apply, one cycle.
//! - [`board`]: the release's GitHub Projects board as a second surface (plan, pure).
//! - [`readiness`]: freeze readiness checks per enhancement (pure).
//! - [`human`]: text for people: plurals, and a person's text quoted with invisible characters named.
//! - [`ops`]: metrics, health, the ops HTTP endpoint and logging for running as a service.

pub mod board;
pub mod commands;
pub mod config;
pub mod cycle;
pub mod daemon;
pub mod demo;
pub mod exceptions;
pub mod github;
pub mod human;
pub mod init;
pub mod journal;
pub mod keps;
pub mod model;
pub mod ops;
pub mod outreach;
pub mod readiness;
pub mod sheet;
pub mod sheets;
pub mod sync;
pub mod writeback;
