//! Where the sheet keeps the Status it and the board last agreed on: a spreadsheet-level
//! developer metadata entry (`kepsync.board-status`), read with the snapshot and written in the
//! same atomic batch as the sheet's edits, so it survives restarts and a lost state directory.
//! `[status] advance` keeps the Status kepsync last saw per row the same way
//! (`kepsync.status-seen`).

use super::lean::LeanMetadata;
use crate::sheet::Metadata;
/// The developer metadata key of the Status the sheet and the board last agreed on.
pub const BOARD_STATUS_KEY: &str = "kepsync.board-status";
/// The developer metadata key of the Status kepsync last saw on each row, and since when.
pub const STATUS_SEEN_KEY: &str = "kepsync.status-seen";

/// The board Status memory among spreadsheet-level metadata, if kepsync recorded one.
pub fn read<'a>(metadata: impl Iterator<Item = &'a LeanMetadata>) -> Option<Metadata> {
    read_key(metadata, BOARD_STATUS_KEY)
}

/// The newest spreadsheet-level entry kepsync keeps under `key`, if any.
pub fn read_key<'a>(
    metadata: impl Iterator<Item = &'a LeanMetadata>,
    key: &str,
) -> Option<Metadata> {
    metadata
        .filter(|m| m.metadata_key.as_deref() == Some(key))
        .filter_map(|m| {
            Some(Metadata {
                id: m.metadata_id?,
                value: m.metadata_value.clone().unwrap_or_default(),
            })
        })
        .max_by_key(|m| m.id)
}
