//! Stored extras: data validation, charts, developer metadata, protected and named ranges,
//! merges and sortRange.

use super::args::*;
use super::paste::copy_block;
use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::ids::Ids;
use crate::model::{Cell, NamedRange, Spreadsheet};
use crate::render;
use crate::value::Entered;
use serde_json::{Value, json};

pub(super) fn set_data_validation(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, area) = grid_range(ss, required(v, "range")?)?;
    let rule = v.get("rule").filter(|r| !r.is_null()).cloned();
    let sheet = ss.sheet_mut(id)?;
    for row in area.row0..area.row1 {
        for col in area.col0..area.col1 {
            sheet.cell_mut(row, col).validation = rule.clone();
        }
    }
    sheet.compact();
    Ok(json!({}))
}

pub(super) fn add_chart(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let mut chart = required(v, "chart")?.clone();
    if int(&chart, "chartId").is_none() {
        chart["chartId"] = json!(ids.id());
    }
    let position = chart.get("position").cloned().unwrap_or(json!({}));
    let anchor_sheet = position
        .pointer("/overlayPosition/anchorCell/sheetId")
        .and_then(Value::as_i64)
        .or_else(|| int(&position, "sheetId"))
        .unwrap_or_else(|| ss.sheets.first().map_or(0, |s| s.id));
    ss.sheet_mut(anchor_sheet)?.charts.push(chart.clone());
    Ok(json!({"addChart": {"chart": chart}}))
}

/// The identity the emulator treats as the caller (the creator of protected ranges).
pub const CALLER: &str = "kepsync@sheets-emulator.iam.gserviceaccount.com";

pub(super) fn add_protected_range(
    ss: &mut Spreadsheet,
    v: &Value,
    ids: &mut Ids,
) -> ApiResult<Value> {
    let pr = required(v, "protectedRange")?;
    let (id, rect) = grid_range(ss, required(pr, "range")?)?;
    let pid = ids.id();
    let mut reply = json!({
        "protectedRangeId": pid,
        "range": render::grid_range(id, &rect),
    });
    if let Some(d) = pr.get("description").and_then(Value::as_str) {
        reply["description"] = json!(d);
    }
    if pr.get("warningOnly").and_then(Value::as_bool) == Some(true) {
        reply["warningOnly"] = json!(true);
    }
    reply["requestingUserCanEdit"] = json!(true);
    let mut stored = reply.clone();
    reply["editors"] = json!({});
    stored["editors"] = json!({"users": [CALLER]});
    ss.sheet_mut(id)?.protected.push(stored);
    Ok(json!({"addProtectedRange": {"protectedRange": reply}}))
}

pub(super) fn delete_protected_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let pid = int(v, "protectedRangeId").unwrap_or(0);
    let mut found = false;
    for s in &mut ss.sheets {
        let before = s.protected.len();
        s.protected
            .retain(|p| int(p, "protectedRangeId") != Some(pid));
        found |= s.protected.len() != before;
    }
    if !found {
        return Err(ApiError::invalid(format!(
            "No protected range with id: {pid}"
        )));
    }
    Ok(json!({}))
}

pub(super) fn add_named_range(ss: &mut Spreadsheet, v: &Value, ids: &mut Ids) -> ApiResult<Value> {
    let nr = required(v, "namedRange")?;
    let name = nr
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if name.is_empty() || ss.named_ranges.iter().any(|n| n.name == name) {
        return Err(ApiError::invalid(format!(
            "The name \"{name}\" is empty or already used."
        )));
    }
    let (sheet_id, rect) = grid_range(ss, required(nr, "range")?)?;
    let named = NamedRange {
        id: ids.id().to_string(),
        name,
        sheet_id,
        rect,
    };
    let reply = json!({"namedRangeId": named.id, "name": named.name, "range": render::grid_range(sheet_id, &rect)});
    ss.named_ranges.push(named);
    Ok(json!({"addNamedRange": {"namedRange": reply}}))
}

pub(super) fn delete_named_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let id = v.get("namedRangeId").and_then(Value::as_str).unwrap_or("");
    let before = ss.named_ranges.len();
    ss.named_ranges.retain(|n| n.id != id);
    if ss.named_ranges.len() == before {
        return Err(ApiError::invalid(format!("No named range with id: {id}")));
    }
    Ok(json!({}))
}

pub(super) fn merge_cells(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, rect) = grid_range(ss, required(v, "range")?)?;
    let kind = v
        .get("mergeType")
        .and_then(Value::as_str)
        .unwrap_or("MERGE_ALL");
    let sheet = ss.sheet_mut(id)?;
    let pieces: Vec<Rect> = match kind {
        "MERGE_COLUMNS" => (rect.col0..rect.col1)
            .map(|c| Rect {
                col0: c,
                col1: c + 1,
                ..rect
            })
            .collect(),
        "MERGE_ROWS" => (rect.row0..rect.row1)
            .map(|r| Rect {
                row0: r,
                row1: r + 1,
                ..rect
            })
            .collect(),
        _ => vec![rect],
    };
    for p in pieces {
        for row in p.row0..p.row1 {
            for col in p.col0..p.col1 {
                if (row, col) != (p.row0, p.col0)
                    && let Some(c) = sheet
                        .grid
                        .get_mut(row as usize)
                        .and_then(|l| l.get_mut(col as usize))
                {
                    c.value = None;
                }
            }
        }
        sheet.merges.push(p);
    }
    sheet.compact();
    Ok(json!({}))
}

pub(super) fn sort_range(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (id, rect) = grid_range(ss, required(v, "range")?)?;
    let specs: Vec<(u32, bool)> = v
        .get("sortSpecs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| {
                    let col = int(s, "dimensionIndex").unwrap_or(0).max(0) as u32;
                    let desc = s.get("sortOrder").and_then(Value::as_str) == Some("DESCENDING");
                    (col, desc)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut block = copy_block(ss, id, &rect)?;
    block.sort_by(|a, b| {
        for (col, desc) in &specs {
            let i = col.saturating_sub(rect.col0) as usize;
            let ord = compare_cells(a.get(i), b.get(i), *desc);
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
    let sheet = ss.sheet_mut(id)?;
    for (i, line) in block.into_iter().enumerate() {
        for (j, cell) in line.into_iter().enumerate() {
            *sheet.cell_mut(rect.row0 + i as u32, rect.col0 + j as u32) = cell;
        }
    }
    sheet.compact();
    Ok(json!({}))
}

/// Numbers before text, text case-insensitively, blanks last whatever the order.
pub(super) fn compare_cells(a: Option<&Cell>, b: Option<&Cell>, desc: bool) -> std::cmp::Ordering {
    use crate::value::Effective;
    use std::cmp::Ordering;
    let key = |c: Option<&Cell>| c.and_then(|c| c.value.as_ref()).map(Entered::effective);
    match (key(a), key(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let rank = |e: &Effective| match e {
                Effective::Number(_) => 0,
                Effective::Text(_) => 1,
                Effective::Bool(_) => 2,
            };
            let ord = match (&x, &y) {
                (Effective::Number(p), Effective::Number(q)) => {
                    p.partial_cmp(q).unwrap_or(Ordering::Equal)
                }
                (Effective::Text(p), Effective::Text(q)) => p.to_lowercase().cmp(&q.to_lowercase()),
                (Effective::Bool(p), Effective::Bool(q)) => p.cmp(q),
                _ => rank(&x).cmp(&rank(&y)),
            };
            if desc { ord.reverse() } else { ord }
        }
    }
}
