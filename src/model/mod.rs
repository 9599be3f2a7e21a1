//! kepsync's domain model: the things it reasons about, with no I/O and no other part of the
//! crate beneath it (see ARCHITECTURE.md).

pub mod board;
pub mod calendar;
pub mod github;
pub mod name;
pub mod release;
pub mod status;

pub use calendar::{Calendar, DateError, Freeze, Timestamp};
pub use github::{
    IssueFacts, IssueLookup, LabelledIssues, LinkedPr, OpenKepPr, kep_number_of_path,
};
pub use release::{Release, ReleaseError};
pub use status::{Meaning, Said, Vocabulary};
