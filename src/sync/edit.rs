//! What kepsync writes into one cell: its text, link and fill, each part optional. The planner
//! speaks only this; the apply layer (`sheets::apply`) turns it into Sheets requests.

use super::derive::Fill;
use crate::sheet::Rgb;

/// What to do with a cell's link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkSet {
    Keep,
    Set(String),
    Clear,
}

/// The parts of one cell kepsync writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSet {
    pub text: Option<String>,
    pub link: LinkSet,
    pub background: Option<Rgb>,
}

impl CellSet {
    pub(super) fn from_fill(fill: &Fill) -> CellSet {
        CellSet {
            text: Some(fill.text.clone()),
            link: fill.link.clone().map(LinkSet::Set).unwrap_or(LinkSet::Keep),
            background: fill.background,
        }
    }

    /// A plain text cell write (link and fill left as they are).
    pub fn text(text: impl Into<String>) -> CellSet {
        CellSet {
            text: Some(text.into()),
            link: LinkSet::Keep,
            background: None,
        }
    }
}
