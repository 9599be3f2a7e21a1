//! Freeze readiness: which acceptance checks each enhancement misses for the freezes in force.
//!
//! Pure: the clock, the KEP index and GitHub facts are passed in. [`evaluate`] gives one
//! enhancement's [`Readiness`]; the sync plan writes it into the kepsync-owned `Readiness` cell.

mod check;
mod evaluate;
mod issue_checks;
mod kep_checks;
mod report;

pub use crate::model::calendar::*;
pub use check::{Check, Failure};
pub use evaluate::{AT_RISK_PREFIX, RED_WITHIN_SECS, Readiness, Signal, evaluate};
pub use issue_checks::{CODE_REPO, OPT_IN_LABEL};
pub use report::{ReportRow, report};

#[cfg(test)]
mod tests;
