//! The executor's own small selection tree (operation, fields with aliases and arguments,
//! fragments), lowered from apollo-compiler's parse by `lower`.

use std::collections::BTreeMap;

/// An argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum GqlValue {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    Null,
    Enum(String),
    Var(String),
    List(Vec<GqlValue>),
    Object(Vec<(String, GqlValue)>),
}

/// One field of a selection set.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub alias: Option<String>,
    pub name: String,
    pub args: Vec<(String, GqlValue)>,
    pub selection: Vec<Selection>,
    /// 1-based line and column of the field.
    pub line: usize,
    pub column: usize,
}

impl Field {
    /// The response key: the alias, else the name.
    pub fn key(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.name)
    }

    pub fn arg(&self, name: &str) -> Option<&GqlValue> {
        self.args.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Field(Field),
    /// `... on Type { … }` (type `None` for a bare `... { … }`).
    Inline(Option<String>, Vec<Selection>),
    /// `...Name`.
    Spread(String),
}

/// A parsed document: the chosen operation's selection and the named fragments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub operation: Vec<Selection>,
    pub is_mutation: bool,
    /// `query` or `query Name` (`mutation …`): the first step of a validation error's path.
    pub operation_label: String,
    /// Variables' default values (`query($n: Int = 3)`).
    pub defaults: BTreeMap<String, GqlValue>,
    pub fragments: BTreeMap<String, (String, Vec<Selection>)>,
}

/// A syntax error with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}
