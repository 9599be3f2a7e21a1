//! kepsync's domain model: the things it reasons about, with no I/O and no other part of the
//! crate beneath it (see ARCHITECTURE.md).

pub mod calendar;
pub mod release;
pub mod status;

pub use calendar::{Calendar, DateError, Freeze, Timestamp};
pub use release::{Release, ReleaseError};
pub use status::{Meaning, Vocabulary};
