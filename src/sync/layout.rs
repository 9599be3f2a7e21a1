//! Finding kepsync's tabs, header rows and columns in a snapshot, by name and never by position.

use super::issue_ref::{IssueRefError, parse_issue_ref};
use crate::config::{ColumnNames, TabNames};
use crate::sheet::{Snapshot, Tab};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// The four tabs kepsync works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Collection,
    Enhancements,
    Removed,
    Docs,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Collection,
        Role::Enhancements,
        Role::Removed,
        Role::Docs,
    ];
}

/// A column kepsync knows by meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    Issue,
    Name,
    Sig,
    KepAssignee,
    Proposal,
    KepState,
    Stage,
    Status,
    SyncStatus,
}

impl Column {
    /// The header name configured for this column.
    pub fn header(self, names: &ColumnNames) -> &str {
        match self {
            Column::Issue => &names.issue,
            Column::Name => &names.name,
            Column::Sig => &names.sig,
            Column::KepAssignee => &names.kep_assignee,
            Column::Proposal => &names.proposal,
            Column::KepState => &names.kep_state,
            Column::Stage => &names.stage,
            Column::Status => &names.status,
            Column::SyncStatus => &names.sync_status,
        }
    }

    /// Columns a tab must have for kepsync to work on it.
    pub fn required(role: Role) -> &'static [Column] {
        use Column::*;
        match role {
            Role::Collection => &[Issue],
            Role::Enhancements | Role::Removed => &[
                Issue,
                Name,
                Sig,
                KepAssignee,
                Proposal,
                KepState,
                Stage,
                Status,
            ],
            Role::Docs => &[Issue, Name, Sig],
        }
    }

    /// Columns whose cells kepsync writes on this tab (all others belong to people).
    pub fn owned(role: Role) -> &'static [Column] {
        use Column::*;
        match role {
            Role::Collection => &[SyncStatus],
            Role::Enhancements | Role::Removed => {
                &[Name, Sig, KepAssignee, Proposal, KepState, Stage]
            }
            Role::Docs => &[Name, Sig],
        }
    }
}

/// Why the sheet's shape does not let kepsync work (the cycle stops, nothing is written).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LayoutError {
    #[error("tab {0:?} not found in the spreadsheet (tabs are matched ignoring case and spaces)")]
    MissingTab(String),
    #[error("tab {tab:?} has no header row: no row has a cell {header:?} in its first 20 rows")]
    NoHeaderRow { tab: String, header: String },
    #[error("tab {tab:?}, header row {row}: missing column(s) {}", missing.join(", "))]
    MissingColumns {
        tab: String,
        row: usize,
        missing: Vec<String>,
    },
}

/// Compares header and tab names the way people expect: ignoring case and spaces.
pub use crate::model::name::same_name;

/// The actual title of each configured tab among `titles`, or the configured names that match none.
pub fn resolve_titles(names: &TabNames, titles: &[String]) -> Result<Vec<String>, Vec<String>> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for wanted in [
        &names.collection,
        &names.enhancements,
        &names.removed,
        &names.docs,
    ] {
        match titles
            .iter()
            .find(|t| *t == wanted)
            .or_else(|| titles.iter().find(|t| same_name(t, wanted)))
        {
            Some(t) => found.push(t.clone()),
            None => missing.push(wanted.clone()),
        }
    }
    if missing.is_empty() {
        Ok(found)
    } else {
        Err(missing)
    }
}

/// One data row below the header.
#[derive(Debug, Clone, PartialEq)]
pub struct DataRow {
    /// Zero-based row index in the sheet.
    pub row: usize,
    /// What the Issue cell says.
    pub issue: Result<Option<u64>, IssueRefError>,
}

impl DataRow {
    /// The issue number if the cell holds a valid reference.
    pub fn number(&self) -> Option<u64> {
        self.issue.as_ref().ok().copied().flatten()
    }
}

/// A tab as kepsync understands it.
#[derive(Debug, Clone)]
pub struct TabLayout<'a> {
    pub role: Role,
    pub tab: &'a Tab,
    /// Zero-based index of the header row.
    pub header_row: usize,
    /// Known columns → zero-based column index.
    pub columns: BTreeMap<Column, usize>,
    /// Header text of every column, by index (empty where blank).
    pub headers: Vec<String>,
    /// Non-blank rows below the header.
    pub rows: Vec<DataRow>,
}

impl<'a> TabLayout<'a> {
    /// Locates the header row and columns of `tab` playing `role`.
    pub fn locate(
        role: Role,
        tab: &'a Tab,
        names: &ColumnNames,
        repo: &str,
    ) -> Result<Self, LayoutError> {
        let issue_header = Column::Issue.header(names);
        let header_row = (0..tab.rows.len().min(20))
            .find(|&r| tab.rows[r].iter().any(|c| same_name(&c.text, issue_header)))
            .ok_or_else(|| LayoutError::NoHeaderRow {
                tab: tab.title.clone(),
                header: issue_header.to_string(),
            })?;
        let headers: Vec<String> = tab.rows[header_row]
            .iter()
            .map(|c| c.text.trim().to_string())
            .collect();
        let mut columns = BTreeMap::new();
        for col in Column::required(role).iter().chain(Column::owned(role)) {
            if let Some(i) = headers.iter().position(|h| same_name(h, col.header(names))) {
                columns.insert(*col, i);
            }
        }
        let missing: Vec<String> = Column::required(role)
            .iter()
            .filter(|c| !columns.contains_key(c))
            .map(|c| c.header(names).to_string())
            .collect();
        if !missing.is_empty() {
            return Err(LayoutError::MissingColumns {
                tab: tab.title.clone(),
                row: header_row + 1,
                missing,
            });
        }
        let issue_col = columns[&Column::Issue];
        let rows = (header_row + 1..tab.rows.len())
            .filter(|&r| tab.rows[r].iter().any(|c| !c.is_blank()))
            .map(|r| DataRow {
                row: r,
                issue: parse_issue_ref(tab.text(r, issue_col), repo),
            })
            .collect();
        Ok(TabLayout {
            role,
            tab,
            header_row,
            columns,
            headers,
            rows,
        })
    }

    /// The column index of `col`, if the tab has it.
    pub fn col(&self, col: Column) -> Option<usize> {
        self.columns.get(&col).copied()
    }

    /// The zero-based index just below the last non-blank row (where new rows go).
    pub fn end_of_data(&self) -> usize {
        self.rows
            .last()
            .map(|r| r.row + 1)
            .unwrap_or(self.header_row + 1)
    }

    /// Rows whose Issue cell references `issue`.
    pub fn rows_of(&self, issue: u64) -> impl Iterator<Item = &DataRow> {
        self.rows.iter().filter(move |r| r.number() == Some(issue))
    }

    /// The number of columns a row may use: the grid width or the header width, whichever is larger.
    pub fn width(&self) -> usize {
        (self.tab.column_count as usize).max(self.headers.len())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Collection => "KEP Collection",
            Role::Enhancements => "Enhancements",
            Role::Removed => "Removed from Milestone",
            Role::Docs => "Docs",
        })
    }
}

/// The four tabs of a snapshot, located.
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    pub collection: TabLayout<'a>,
    pub enhancements: TabLayout<'a>,
    pub removed: TabLayout<'a>,
    pub docs: TabLayout<'a>,
}

impl<'a> Layout<'a> {
    /// Locates every tab; `titles` are the actual titles in role order (see [`resolve_titles`]).
    pub fn locate(
        snapshot: &'a Snapshot,
        titles: &[String],
        names: &ColumnNames,
        repo: &str,
    ) -> Result<Self, LayoutError> {
        let tab = |role: Role| -> Result<TabLayout<'a>, LayoutError> {
            let title = &titles[Role::ALL.iter().position(|r| *r == role).unwrap_or(0)];
            let tab = snapshot
                .tab(title)
                .ok_or_else(|| LayoutError::MissingTab(title.clone()))?;
            TabLayout::locate(role, tab, names, repo)
        };
        Ok(Layout {
            collection: tab(Role::Collection)?,
            enhancements: tab(Role::Enhancements)?,
            removed: tab(Role::Removed)?,
            docs: tab(Role::Docs)?,
        })
    }

    pub fn get(&self, role: Role) -> &TabLayout<'a> {
        match role {
            Role::Collection => &self.collection,
            Role::Enhancements => &self.enhancements,
            Role::Removed => &self.removed,
            Role::Docs => &self.docs,
        }
    }
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
