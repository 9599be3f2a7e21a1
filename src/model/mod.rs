//! kepsync's domain model: the things it reasons about, with no I/O and no other part of the
//! crate beneath it (see ARCHITECTURE.md).

pub mod github;
pub mod status;

pub use github::{IssueFacts, IssueLookup, LinkedPr, OpenKepPr, kep_number_of_path};
pub use status::{Meaning, Vocabulary};
