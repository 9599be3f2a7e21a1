//! kepsync's GitHub adapter: issue facts, open KEP PRs and KEP files through octocrab.

mod types;

pub use types::*;
