//! Projects v2 boards: fields (built-in and custom), items with their values, opaque stable node
//! ids, and the lookups by id that `node(id:)` and the mutations need.

mod edit;
mod seed;

pub use edit::EditError;
pub use seed::{FieldSeed, ItemSeed, ProjectSeed};

use crate::util::sha1_hex;
use std::collections::BTreeMap;

/// A field's kind: GitHub's `ProjectV2FieldType`, restricted to what the emulator keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Title,
    Assignees,
    Labels,
    Milestone,
    Repository,
    Text,
    SingleSelect,
    Date,
    Number,
    Iteration,
}

impl FieldKind {
    /// The `dataType` enum value.
    pub fn data_type(self) -> &'static str {
        match self {
            FieldKind::Title => "TITLE",
            FieldKind::Assignees => "ASSIGNEES",
            FieldKind::Labels => "LABELS",
            FieldKind::Milestone => "MILESTONE",
            FieldKind::Repository => "REPOSITORY",
            FieldKind::Text => "TEXT",
            FieldKind::SingleSelect => "SINGLE_SELECT",
            FieldKind::Date => "DATE",
            FieldKind::Number => "NUMBER",
            FieldKind::Iteration => "ITERATION",
        }
    }

    /// The GraphQL type of a field of this kind.
    pub fn typename(self) -> &'static str {
        match self {
            FieldKind::SingleSelect => "ProjectV2SingleSelectField",
            FieldKind::Iteration => "ProjectV2IterationField",
            _ => "ProjectV2Field",
        }
    }

    /// Built-in fields come with every project; their values are the issue's, not the item's.
    pub fn is_builtin(self) -> bool {
        matches!(
            self,
            FieldKind::Title
                | FieldKind::Assignees
                | FieldKind::Labels
                | FieldKind::Milestone
                | FieldKind::Repository
        )
    }
}

/// The built-in fields GitHub puts on every project, in its order (the emulator's subset).
pub const BUILTIN_FIELDS: [(&str, FieldKind); 5] = [
    ("Title", FieldKind::Title),
    ("Assignees", FieldKind::Assignees),
    ("Labels", FieldKind::Labels),
    ("Milestone", FieldKind::Milestone),
    ("Repository", FieldKind::Repository),
];

#[derive(Debug, Clone, PartialEq)]
pub struct OptionDef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    pub id: String,
    pub name: String,
    pub kind: FieldKind,
    pub options: Vec<OptionDef>,
}

impl FieldDef {
    pub fn option_by_id(&self, id: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.id == id)
    }

    pub fn option_by_name(&self, name: &str) -> Option<&OptionDef> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// A custom field's value on an item.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    /// The option's id.
    SingleSelect(String),
    /// `YYYY-MM-DD`.
    Date(String),
    Number(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    /// The issue of the served repository this item is.
    pub issue: u64,
    pub archived: bool,
    /// Values by field id.
    pub values: BTreeMap<String, FieldValue>,
    pub created: u64,
    pub updated: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub id: String,
    pub owner: String,
    pub number: u64,
    pub title: String,
    pub fields: Vec<FieldDef>,
    pub items: Vec<Item>,
    /// Items ever added: the next item's id comes from it, so a deleted item's id is not reused.
    pub items_made: u64,
}

impl Project {
    pub fn field_by_id(&self, id: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_by_name(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn item_by_id(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn url(&self) -> String {
        format!(
            "https://github.com/orgs/{}/projects/{}",
            self.owner, self.number
        )
    }

    /// A new item's id (`PVTI_…`), unique within the emulator and never reused.
    pub fn next_item_id(&mut self) -> String {
        self.items_made += 1;
        opaque_id(
            "PVTI_lADO",
            &format!("{}/item/{}", self.id, self.items_made),
        )
    }
}

/// Every project, by `(owner, number)`.
#[derive(Debug, Default)]
pub struct Projects {
    pub boards: BTreeMap<(String, u64), Project>,
}

impl Projects {
    pub fn get(&self, owner: &str, number: u64) -> Option<&Project> {
        self.boards.get(&(owner.to_string(), number))
    }

    pub fn by_id(&self, id: &str) -> Option<&Project> {
        self.boards.values().find(|p| p.id == id)
    }

    pub fn by_id_mut(&mut self, id: &str) -> Option<&mut Project> {
        self.boards.values_mut().find(|p| p.id == id)
    }

    /// The project holding the item with this id, and the item.
    pub fn item(&self, id: &str) -> Option<(&Project, &Item)> {
        self.boards
            .values()
            .find_map(|p| p.item_by_id(id).map(|i| (p, i)))
    }

    /// The project holding the field with this id, and the field.
    pub fn field(&self, id: &str) -> Option<(&Project, &FieldDef)> {
        self.boards
            .values()
            .find_map(|p| p.field_by_id(id).map(|f| (p, f)))
    }

    /// Whether an organization of this login owns a project.
    pub fn has_owner(&self, login: &str) -> bool {
        self.boards.keys().any(|(o, _)| o == login)
    }
}

/// A stable opaque id: a GitHub-like prefix and 16 hex digits of SHA-1 of `key`.
pub fn opaque_id(prefix: &str, key: &str) -> String {
    format!("{prefix}{}", &sha1_hex(key.as_bytes())[..16])
}

/// A single-select option's id: 8 hex digits, as GitHub's look.
pub fn option_id(field_id: &str, name: &str) -> String {
    sha1_hex(format!("{field_id}/{name}").as_bytes())[..8].to_string()
}
