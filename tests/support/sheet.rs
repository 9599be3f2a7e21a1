//! The Enhancements header and the seed sheets built on it.

use serde_json::{Value, json};

/// The spreadsheet id of [`sheet`]'s seeds.
pub const SHEET_ID: &str = "reliability-sheet";

/// The columns of Enhancements / Removed from Milestone: kepsync's eight, then people's three.
pub const ENH_HEADER: [&str; 11] = [
    "Issue",
    "Name",
    "SIG",
    "KEP Assignee",
    "Proposal",
    "KEP State",
    "Stage",
    "Status",
    "Stage Status",
    "Enhancements Contact",
    "Notes",
];

/// Columns people own on Enhancements and Removed: kepsync never changes what a person typed
/// there; the one exception is a blank Stage Status, which it may fill with a Type (see
/// [`person_cell_kept`]).
pub const PERSON_COLUMNS: [&str; 4] = ["Status", "Stage Status", "Enhancements Contact", "Notes"];

/// True when a person's cell `col` that held `typed` may hold `now` after a cycle: unchanged, or
/// a blank Stage Status filled with one of kepsync's Type suggestions (README: Type). Any other
/// change, including a Type replacing a value a person typed, is a breach.
pub fn person_cell_kept(col: &str, typed: &str, now: &str) -> bool {
    typed == now
        || (col == "Stage Status" && typed.trim().is_empty() && kepsync::sync::TYPES.contains(&now))
}

/// The index of `name` in [`ENH_HEADER`].
pub fn enh_col(name: &str) -> usize {
    ENH_HEADER
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("{name} is not in ENH_HEADER"))
}

/// A row under [`ENH_HEADER`] with only the issue and the person's columns set.
pub fn enh_row(issue: u64, status: &str, contact: &str, notes: &str) -> Vec<String> {
    let mut r = vec![String::new(); ENH_HEADER.len()];
    r[enh_col("Issue")] = issue.to_string();
    r[enh_col("Status")] = status.into();
    r[enh_col("Enhancements Contact")] = contact.into();
    r[enh_col("Notes")] = notes.into();
    r
}

/// A sheet with the four tabs: `collection` rows (Issue, SIG, Notes) under a title row,
/// `enhancements` and `removed` rows under [`ENH_HEADER`].
pub fn sheet(
    collection: &[Vec<String>],
    enhancements: &[Vec<String>],
    removed: &[Vec<String>],
) -> Value {
    let mut coll = vec![
        json!(["KEP Collection for v1.37"]),
        json!(["Issue", "SIG", "Notes", "Sync Status"]),
    ];
    coll.extend(collection.iter().map(|r| json!(r)));
    let mut enh = vec![json!(ENH_HEADER)];
    enh.extend(enhancements.iter().map(|r| json!(r)));
    let mut rem = vec![json!(ENH_HEADER)];
    rem.extend(removed.iter().map(|r| json!(r)));
    json!({"spreadsheetId": SHEET_ID, "sheets": [
        {"title": "KEP Collection", "rows": coll},
        {"title": "Enhancements", "rows": enh, "frozenRowCount": 1},
        {"title": "Removed from Milestone", "rows": rem},
        {"title": "Docs", "rows": [["Issue", "Name", "SIG", "Docs Contact", "Docs PR"]]}
    ]})
}
