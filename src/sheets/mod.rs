//! kepsync's Google Sheets adapter: one-request snapshots and one-request atomic writes.
