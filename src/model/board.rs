//! A GitHub Projects v2 board as kepsync observes it: its fields (with the options of
//! single-select fields) and its items, each with its values by field name.

use super::name::same_name;
use std::collections::BTreeMap;

/// One board, read whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Board {
    /// The project's node id (what mutations name).
    pub id: String,
    pub title: String,
    pub fields: Vec<BoardField>,
    pub items: Vec<BoardItem>,
}

/// A field of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardField {
    pub id: String,
    pub name: String,
    pub kind: FieldKind,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    SingleSelect(Vec<SelectOption>),
    Date,
    Number,
    /// Iterations and GitHub's own fields (Title, Assignees, Labels …): never written.
    Other,
}

/// An option of a single-select field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub id: String,
    pub name: String,
}

/// An item of the board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardItem {
    pub id: String,
    /// The issue number when the item is an issue of the tracked repository.
    pub issue: Option<u64>,
    pub archived: bool,
    /// Values as shown (a single select's option name, a number or date as text), by field name.
    pub values: BTreeMap<String, String>,
}

/// A value to write into a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    Text(String),
    Option {
        id: String,
        name: String,
    },
    /// A date field's `YYYY-MM-DD`.
    Date(String),
}

impl FieldValue {
    /// The value as the board shows it.
    pub fn shown(&self) -> &str {
        match self {
            FieldValue::Text(t) | FieldValue::Date(t) => t,
            FieldValue::Option { name, .. } => name,
        }
    }
}

impl Board {
    /// The field called `name` (ignoring case and spaces).
    pub fn field(&self, name: &str) -> Option<&BoardField> {
        self.fields.iter().find(|f| same_name(&f.name, name))
    }

    /// The item of issue `n`, if the board has one (an archived one counts: it is never re-added).
    pub fn item_of(&self, n: u64) -> Option<&BoardItem> {
        self.items.iter().find(|i| i.issue == Some(n))
    }
}

impl BoardField {
    /// The option whose name is `wanted` ignoring case and spaces.
    pub fn option(&self, wanted: &str) -> Option<&SelectOption> {
        match &self.kind {
            FieldKind::SingleSelect(options) => options.iter().find(|o| same_name(&o.name, wanted)),
            _ => None,
        }
    }
}

impl BoardItem {
    /// The value shown in field `name` (ignoring case and spaces), empty when unset.
    pub fn value(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| same_name(k, name))
            .map_or("", |(_, v)| v.as_str())
    }
}
