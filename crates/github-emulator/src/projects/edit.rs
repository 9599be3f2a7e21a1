//! The changes the Projects v2 mutations make: add an item (idempotently), set or clear one
//! field's value, delete an item; with the refusals GitHub gives for bad ids and values.

use super::seed::parse_date;
use super::{FieldDef, FieldKind, FieldValue, Item, Project, Projects};
use serde_json::Value;

/// Why a mutation was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum EditError {
    /// No node has this global id (GitHub: `NOT_FOUND`, "Could not resolve to a node …").
    NotFound(String),
    /// The ids resolve but do not fit together, or the value does not fit the field.
    Unprocessable(String),
}

impl EditError {
    pub fn kind(&self) -> &'static str {
        match self {
            EditError::NotFound(_) => "NOT_FOUND",
            EditError::Unprocessable(_) => "UNPROCESSABLE",
        }
    }

    pub fn message(&self) -> String {
        match self {
            EditError::NotFound(id) => {
                format!("Could not resolve to a node with the global id of '{id}'")
            }
            EditError::Unprocessable(m) => m.clone(),
        }
    }
}

fn unprocessable(message: String) -> EditError {
    EditError::Unprocessable(message)
}

impl Projects {
    fn project_mut(&mut self, project_id: &str) -> Result<&mut Project, EditError> {
        if self.by_id(project_id).is_none() {
            return Err(EditError::NotFound(project_id.to_string()));
        }
        Ok(self.by_id_mut(project_id).expect("checked above"))
    }

    /// Checks that the item exists and belongs to the project.
    fn check_item(&self, project_id: &str, item_id: &str) -> Result<(), EditError> {
        let (owner, _) = self
            .item(item_id)
            .ok_or_else(|| EditError::NotFound(item_id.to_string()))?;
        if owner.id != project_id {
            return Err(unprocessable(format!(
                "The item '{item_id}' does not belong to the project '{project_id}'."
            )));
        }
        Ok(())
    }

    /// Checks that the field exists, belongs to the project and takes values.
    fn check_field(&self, project_id: &str, field_id: &str) -> Result<FieldDef, EditError> {
        let (owner, field) = self
            .field(field_id)
            .ok_or_else(|| EditError::NotFound(field_id.to_string()))?;
        if owner.id != project_id {
            return Err(unprocessable(format!(
                "The field '{field_id}' does not belong to the project '{project_id}'."
            )));
        }
        if field.kind.is_builtin() || field.kind == FieldKind::Iteration {
            return Err(unprocessable(format!(
                "The field '{}' ({}) cannot be changed here: only single-select, text, number and date fields are emulated.",
                field.name,
                field.kind.data_type()
            )));
        }
        Ok(field.clone())
    }

    /// Adds the issue to the project; when it is already there, that item comes back unchanged.
    pub fn add_item(
        &mut self,
        project_id: &str,
        issue: u64,
        now: u64,
    ) -> Result<String, EditError> {
        let project = self.project_mut(project_id)?;
        if let Some(existing) = project.items.iter().find(|i| i.issue == issue) {
            return Ok(existing.id.clone());
        }
        let id = project.next_item_id();
        project.items.push(Item {
            id: id.clone(),
            issue,
            archived: false,
            values: Default::default(),
            created: now,
            updated: now,
        });
        Ok(id)
    }

    /// Sets one field's value from a `ProjectV2FieldValue` input object.
    pub fn set_value(
        &mut self,
        ids: (&str, &str, &str),
        input: &Value,
        now: u64,
    ) -> Result<(), EditError> {
        let (project_id, item_id, field_id) = ids;
        self.project_mut(project_id)?;
        self.check_item(project_id, item_id)?;
        let field = self.check_field(project_id, field_id)?;
        let value = value_for(&field, input)?;
        self.edit_item(project_id, item_id, now, |item| match value {
            Some(v) => {
                item.values.insert(field.id.clone(), v);
            }
            None => {
                item.values.remove(&field.id);
            }
        });
        Ok(())
    }

    /// Clears one field's value (a no-op when it has none).
    pub fn clear_value(&mut self, ids: (&str, &str, &str), now: u64) -> Result<(), EditError> {
        let (project_id, item_id, field_id) = ids;
        self.project_mut(project_id)?;
        self.check_item(project_id, item_id)?;
        let field = self.check_field(project_id, field_id)?;
        self.edit_item(project_id, item_id, now, |item| {
            item.values.remove(&field.id);
        });
        Ok(())
    }

    /// Deletes the item from the project.
    pub fn delete_item(&mut self, project_id: &str, item_id: &str) -> Result<(), EditError> {
        self.project_mut(project_id)?;
        self.check_item(project_id, item_id)?;
        let project = self.project_mut(project_id)?;
        project.items.retain(|i| i.id != item_id);
        Ok(())
    }

    fn edit_item(
        &mut self,
        project_id: &str,
        item_id: &str,
        now: u64,
        edit: impl FnOnce(&mut Item),
    ) {
        if let Some(item) = self
            .by_id_mut(project_id)
            .and_then(|p| p.items.iter_mut().find(|i| i.id == item_id))
        {
            edit(item);
            item.updated = now;
        }
    }
}

/// The value a `ProjectV2FieldValue` sets on this field (`None`: an empty text, which clears).
fn value_for(field: &FieldDef, input: &Value) -> Result<Option<FieldValue>, EditError> {
    let given: Vec<&str> = input
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, _)| k.as_str())
                .collect()
        })
        .unwrap_or_default();
    let wanted = match field.kind {
        FieldKind::Text => "text",
        FieldKind::SingleSelect => "singleSelectOptionId",
        FieldKind::Date => "date",
        _ => "number",
    };
    if given != [wanted] {
        return Err(unprocessable(format!(
            "The field '{}' is a {} field: give exactly one value, `{wanted}` (given: {}).",
            field.name,
            field.kind.data_type(),
            if given.is_empty() {
                "none".to_string()
            } else {
                given.join(", ")
            }
        )));
    }
    let v = &input[wanted];
    let bad = || {
        unprocessable(format!(
            "The value {v} is not a valid {} for '{}'.",
            field.kind.data_type(),
            field.name
        ))
    };
    Ok(match field.kind {
        FieldKind::Text => {
            let text = v.as_str().ok_or_else(bad)?;
            (!text.is_empty()).then(|| FieldValue::Text(text.to_string()))
        }
        FieldKind::SingleSelect => {
            let id = v.as_str().ok_or_else(bad)?;
            field.option_by_id(id).ok_or_else(|| {
                unprocessable("The single select option Id does not belong to the field".into())
            })?;
            Some(FieldValue::SingleSelect(id.to_string()))
        }
        FieldKind::Date => Some(FieldValue::Date(
            v.as_str().and_then(parse_date).ok_or_else(bad)?,
        )),
        _ => Some(FieldValue::Number(v.as_f64().ok_or_else(bad)?)),
    })
}
