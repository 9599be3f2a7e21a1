//! The apply layer: a planned cycle turned into the one ordered list of batchUpdate requests that
//! applies it atomically. Pure (no I/O); the only place a cycle's Sheets requests are built.

mod cell;
mod extras;
mod plan;

pub use extras::extra_requests;
pub use plan::to_requests;
