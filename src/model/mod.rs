//! kepsync's domain model: the things it reasons about, with no I/O and no other part of the
//! crate beneath it (see ARCHITECTURE.md).

pub mod status;

pub use status::{Meaning, Vocabulary};
