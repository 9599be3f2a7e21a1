//! Developer metadata: create/update/delete requests, `developerMetadata.get` and `:search`
//! (DeveloperMetadataLookup filters), and row/column metadata following its row or column
//! when dimensions are inserted or deleted (deleted with them).

use super::args::*;
use crate::error::{ApiError, ApiResult};
use crate::formula::Change;
use crate::ids::Ids;
use crate::model::Spreadsheet;
use serde_json::{Value, json};

fn id_of(md: &Value) -> Option<i64> {
    int(md, "metadataId")
}

/// `createDeveloperMetadata`.
pub fn create(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let mut md = required(v, "developerMetadata")?.clone();
    let id = match id_of(&md) {
        Some(id) if id <= 0 => return Err(ApiError::invalid("metadataId must be positive")),
        Some(id) => id,
        None => ids.id(),
    };
    if ss.developer_metadata.iter().any(|m| id_of(m) == Some(id)) {
        return Err(ApiError::invalid(format!(
            "Developer metadata with ID {id} already exists."
        )));
    }
    md["metadataId"] = json!(id);
    let location = md
        .get("location")
        .cloned()
        .unwrap_or(json!({"spreadsheet": true}));
    md["location"] = located(ss, location)?;
    if md.get("visibility").is_none() {
        md["visibility"] = json!("DOCUMENT");
    }
    ss.developer_metadata.push(md.clone());
    Ok(json!({"createDeveloperMetadata": {"developerMetadata": md}}))
}

/// A location with its `locationType`, checked against the spreadsheet.
fn located(ss: &Spreadsheet, mut location: Value) -> ApiResult<Value> {
    let kind = if let Some(dr) = location.get("dimensionRange") {
        ss.sheet(int(dr, "sheetId").unwrap_or(0))?;
        let rows = dr.get("dimension").and_then(Value::as_str) == Some("ROWS");
        let span = int(dr, "endIndex").unwrap_or(0) - int(dr, "startIndex").unwrap_or(0);
        if span != 1 {
            return Err(ApiError::invalid(
                "Developer metadata may only be associated with a single row or column.",
            ));
        }
        if rows { "ROW" } else { "COLUMN" }
    } else if let Some(id) = int(&location, "sheetId") {
        ss.sheet(id)?;
        "SHEET"
    } else {
        "SPREADSHEET"
    };
    location["locationType"] = json!(kind);
    Ok(location)
}

/// True when `md` satisfies every field the lookup gives.
fn lookup_matches(md: &Value, lookup: &Value) -> bool {
    let same = |field: &str| {
        lookup.get(field).is_none_or(|want| {
            md.get(field)
                .is_some_and(|have| id_text(have) == id_text(want))
        })
    };
    let location_type = lookup
        .get("locationType")
        .and_then(Value::as_str)
        .is_none_or(|t| md.pointer("/location/locationType").and_then(Value::as_str) == Some(t));
    let location = lookup.get("metadataLocation").is_none_or(|want| {
        let have = md.get("location").cloned().unwrap_or(json!({}));
        ["sheetId", "spreadsheet", "dimensionRange"]
            .iter()
            .all(|k| want.get(*k).is_none_or(|w| have.get(*k) == Some(w)))
    });
    same("metadataId")
        && same("metadataKey")
        && same("metadataValue")
        && same("visibility")
        && location_type
        && location
}

fn id_text(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), String::from)
}

/// True when a DataFilter selects `md` (only `developerMetadataLookup` filters select metadata).
pub fn filter_matches(md: &Value, filter: &Value) -> bool {
    filter
        .get("developerMetadataLookup")
        .is_some_and(|l| lookup_matches(md, l))
}

/// `updateDeveloperMetadata`: the masked fields of every match are replaced.
pub fn update(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let mask = fields_mask(v)?;
    let filters = v
        .get("dataFilters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let given = required(v, "developerMetadata")?.clone();
    let location = match given.get("location") {
        Some(l) if mask.all || mask.touches(&["location"]) => Some(located(ss, l.clone())?),
        _ => None,
    };
    let mut updated = Vec::new();
    for md in &mut ss.developer_metadata {
        if !filters.iter().any(|f| filter_matches(md, f)) {
            continue;
        }
        for key in ["metadataKey", "metadataValue", "visibility"] {
            if mask.all || mask.touches(&[key]) {
                match given.get(key) {
                    Some(x) => md[key] = x.clone(),
                    None => {
                        md.as_object_mut().map(|o| o.remove(key));
                    }
                }
            }
        }
        if let Some(l) = &location {
            md["location"] = l.clone();
        }
        updated.push(md.clone());
    }
    Ok(json!({"updateDeveloperMetadata": {"developerMetadata": updated}}))
}

/// `deleteDeveloperMetadata`.
pub fn delete(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let filter = required(v, "dataFilter")?;
    let (gone, kept): (Vec<Value>, Vec<Value>) = ss
        .developer_metadata
        .drain(..)
        .partition(|md| filter_matches(md, filter));
    ss.developer_metadata = kept;
    Ok(json!({"deleteDeveloperMetadata": {"deletedDeveloperMetadata": gone}}))
}

/// `developerMetadata.get`.
pub fn get(ss: &Spreadsheet, id: &str) -> ApiResult<Value> {
    ss.developer_metadata
        .iter()
        .find(|m| id_of(m).map(|n| n.to_string()).as_deref() == Some(id))
        .cloned()
        .ok_or_else(|| ApiError::not_found_with(format!("No developer metadata with ID {id}.")))
}

/// `developerMetadata:search`.
pub fn search(ss: &Spreadsheet, body: &Value) -> ApiResult<Value> {
    let filters = body
        .get("dataFilters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let matched: Vec<Value> = ss
        .developer_metadata
        .iter()
        .filter_map(|md| {
            let hits: Vec<&Value> = filters.iter().filter(|f| filter_matches(md, f)).collect();
            (!hits.is_empty()).then(|| json!({"developerMetadata": md, "dataFilters": hits}))
        })
        .collect();
    if matched.is_empty() {
        return Ok(json!({}));
    }
    Ok(json!({ "matchedDeveloperMetadata": matched }))
}

/// Row/column metadata of sheet `sheet_id` follows its row or column; deleted with it.
pub fn follow(ss: &mut Spreadsheet, sheet_id: i64, rows: bool, change: Change) {
    let dimension = if rows { "ROWS" } else { "COLUMNS" };
    ss.developer_metadata.retain_mut(|md| {
        let Some(dr) = md.pointer_mut("/location/dimensionRange") else {
            return true;
        };
        if int(dr, "sheetId").unwrap_or(0) != sheet_id
            || dr.get("dimension").and_then(Value::as_str) != Some(dimension)
        {
            return true;
        }
        let start = int(dr, "startIndex").unwrap_or(0);
        let moved = match change {
            Change::Inserted { at, n } if start >= at => Some(start + n),
            Change::Deleted { from, to } if start >= to => Some(start - (to - from)),
            Change::Deleted { from, .. } if start >= from => None,
            _ => Some(start),
        };
        match moved {
            Some(s) => {
                dr["startIndex"] = json!(s);
                dr["endIndex"] = json!(s + 1);
                true
            }
            None => false,
        }
    });
}

/// Row/column metadata of sheet `sheet_id` follows its row or column after a move: the item at
/// position `k` came from `order[k]` (positions past `order` did not move).
pub fn follow_order(ss: &mut Spreadsheet, sheet_id: i64, rows: bool, order: &[u32]) {
    let dimension = if rows { "ROWS" } else { "COLUMNS" };
    let mut now = vec![0i64; order.len()];
    for (k, &old) in order.iter().enumerate() {
        now[old as usize] = k as i64;
    }
    for md in &mut ss.developer_metadata {
        let Some(dr) = md.pointer_mut("/location/dimensionRange") else {
            continue;
        };
        if int(dr, "sheetId").unwrap_or(0) != sheet_id
            || dr.get("dimension").and_then(Value::as_str) != Some(dimension)
        {
            continue;
        }
        let start = int(dr, "startIndex").unwrap_or(0);
        if let Some(&k) = usize::try_from(start).ok().and_then(|s| now.get(s)) {
            dr["startIndex"] = json!(k);
            dr["endIndex"] = json!(k + 1);
        }
    }
}
