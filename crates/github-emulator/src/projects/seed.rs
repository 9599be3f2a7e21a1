//! The seeding and dump shape of a project (that of `release-tracking-fields.json` plus `items`):
//! building a project from it and writing a project back into it.

use super::{
    BUILTIN_FIELDS, FieldDef, FieldKind, FieldValue, Item, OptionDef, Project, opaque_id, option_id,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A project to seed, or a dump. Unknown keys (`comment`, `assumed`, …) are accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectSeed {
    pub owner: String,
    pub number: u64,
    pub title: String,
    #[serde(default)]
    pub fields: Vec<FieldSeed>,
    #[serde(default)]
    pub items: Vec<ItemSeed>,
}

/// A custom field: `type` is `single_select`, `text`, `date`, `number` or `iteration`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSeed {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// An item: an issue of the served repository and its values by field name (a single select's
/// value is the option's name; a date is `YYYY-MM-DD`; a number a JSON number).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemSeed {
    pub issue: u64,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub values: BTreeMap<String, Value>,
}

fn kind_of(name: &str) -> Result<FieldKind, String> {
    Ok(match name {
        "single_select" => FieldKind::SingleSelect,
        "text" => FieldKind::Text,
        "date" => FieldKind::Date,
        "number" => FieldKind::Number,
        "iteration" => FieldKind::Iteration,
        other => {
            return Err(format!(
                "field type `{other}`: use single_select, text, date, number or iteration"
            ));
        }
    })
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::SingleSelect => "single_select",
        FieldKind::Date => "date",
        FieldKind::Number => "number",
        FieldKind::Iteration => "iteration",
        _ => "text",
    }
}

fn field_def(project_id: &str, name: &str, kind: FieldKind, options: &[String]) -> FieldDef {
    let prefix = match kind {
        FieldKind::SingleSelect => "PVTSSF_lADO",
        FieldKind::Iteration => "PVTIF_lADO",
        _ => "PVTF_lADO",
    };
    let id = opaque_id(prefix, &format!("{project_id}/field/{name}"));
    let options = options
        .iter()
        .map(|o| OptionDef {
            id: option_id(&id, o),
            name: o.clone(),
        })
        .collect();
    FieldDef {
        id,
        name: name.to_string(),
        kind,
        options,
    }
}

/// A date as GitHub takes it (`YYYY-MM-DD`, or an ISO date-time whose date part is kept).
pub fn parse_date(text: &str) -> Option<String> {
    let date = text.get(..10)?;
    let b = date.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let shaped = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let rest_ok = text.len() == 10 || text.as_bytes()[10] == b'T';
    (shaped && rest_ok).then(|| date.to_string())
}

fn seed_value(field: &FieldDef, v: &Value) -> Result<Option<FieldValue>, String> {
    let text = || match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let bad = || format!("value {v} does not fit field `{}`", field.name);
    Ok(Some(match field.kind {
        _ if v.is_null() => return Ok(None),
        FieldKind::Text => FieldValue::Text(text().ok_or_else(bad)?),
        FieldKind::SingleSelect => {
            let name = v.as_str().ok_or_else(bad)?;
            let option = field
                .option_by_name(name)
                .ok_or_else(|| format!("field `{}` has no option `{name}`", field.name))?;
            FieldValue::SingleSelect(option.id.clone())
        }
        FieldKind::Date => FieldValue::Date(v.as_str().and_then(parse_date).ok_or_else(bad)?),
        FieldKind::Number => {
            FieldValue::Number(text().and_then(|t| t.parse().ok()).ok_or_else(bad)?)
        }
        _ => return Err(format!("field `{}` takes no seeded values", field.name)),
    }))
}

fn seed_item(project: &mut Project, seed: &ItemSeed, now: u64) -> Result<Item, String> {
    let mut values = BTreeMap::new();
    for (name, v) in &seed.values {
        let field = project
            .field_by_name(name)
            .ok_or_else(|| format!("item {}: no field `{name}`", seed.issue))?;
        if let Some(value) =
            seed_value(field, v).map_err(|e| format!("item {}: {e}", seed.issue))?
        {
            values.insert(field.id.clone(), value);
        }
    }
    Ok(Item {
        id: project.next_item_id(),
        issue: seed.issue,
        archived: seed.archived,
        values,
        created: now,
        updated: now,
    })
}

impl Project {
    /// Builds a project from its seed; `has_issue` says which issue numbers exist.
    pub fn from_seed(
        seed: &ProjectSeed,
        has_issue: impl Fn(u64) -> bool,
        now: u64,
    ) -> Result<Project, String> {
        let id = opaque_id("PVT_kwDO", &format!("{}/{}", seed.owner, seed.number));
        let mut fields: Vec<FieldDef> = BUILTIN_FIELDS
            .iter()
            .map(|(name, kind)| field_def(&id, name, *kind, &[]))
            .collect();
        for f in &seed.fields {
            if fields.iter().any(|d| d.name == f.name) {
                return Err(format!(
                    "field `{}` is defined twice (or is built in)",
                    f.name
                ));
            }
            fields.push(field_def(&id, &f.name, kind_of(&f.kind)?, &f.options));
        }
        let mut project = Project {
            id,
            owner: seed.owner.clone(),
            number: seed.number,
            title: seed.title.clone(),
            fields,
            items: Vec::new(),
            items_made: 0,
        };
        for item in &seed.items {
            if !has_issue(item.issue) {
                return Err(format!(
                    "item {}: no such issue in the served repository",
                    item.issue
                ));
            }
            if project.items.iter().any(|i| i.issue == item.issue) {
                return Err(format!(
                    "item {}: the issue is on the project twice",
                    item.issue
                ));
            }
            let made = seed_item(&mut project, item, now)?;
            project.items.push(made);
        }
        Ok(project)
    }

    /// The project in its seeding shape: custom fields, every item with its values by name.
    pub fn dump(&self) -> ProjectSeed {
        let fields = self
            .fields
            .iter()
            .filter(|f| !f.kind.is_builtin())
            .map(|f| FieldSeed {
                name: f.name.clone(),
                kind: kind_name(f.kind).to_string(),
                options: f.options.iter().map(|o| o.name.clone()).collect(),
            })
            .collect();
        let items = self
            .items
            .iter()
            .map(|i| ItemSeed {
                issue: i.issue,
                archived: i.archived,
                values: self.named_values(i),
            })
            .collect();
        ProjectSeed {
            owner: self.owner.clone(),
            number: self.number,
            title: self.title.clone(),
            fields,
            items,
        }
    }

    fn named_values(&self, item: &Item) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (field_id, value) in &item.values {
            let Some(field) = self.field_by_id(field_id) else {
                continue;
            };
            let shown = match value {
                FieldValue::Text(t) | FieldValue::Date(t) => json!(t),
                FieldValue::SingleSelect(id) => json!(field.option_by_id(id).map(|o| &o.name)),
                FieldValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => json!(*n as i64),
                FieldValue::Number(n) => json!(n),
            };
            out.insert(field.name.clone(), shown);
        }
        out
    }
}
