//! Routing Sheets v4 REST calls (as google-sheets4 and other clients send them) to the
//! spreadsheet operations, with Google's errors for unknown ids, ranges and masks.

use crate::batch::{self, metadata};
use crate::error::{ApiError, ApiResult};
use crate::fields::{Mask, spreadsheet_schema};
use crate::ids::Ids;
use crate::model::{Sheet, Spreadsheet};
use crate::ranges::locate;
use crate::render;
use crate::validate::Discovery;
use crate::values::{self, ReadOptions};
use emulator_kit::Request;
use http::Method;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What the emulator holds.
#[derive(Debug, Default)]
pub struct Store {
    pub spreadsheets: BTreeMap<String, Spreadsheet>,
    pub ids: Ids,
    /// Request bodies are checked against it; `None`: not checked.
    pub discovery: Option<Arc<Discovery>>,
}

/// True for calls Google counts against the read quota.
pub fn is_read(method: &Method, path: &str) -> bool {
    method == Method::GET
        || path.ends_with(":batchGet")
        || path.ends_with(":batchGetByDataFilter")
        || path.ends_with(":getByDataFilter")
        || path.ends_with("developerMetadata:search")
}

/// Answers one API call. A body is checked against the discovery document first, before the
/// spreadsheet is looked up, as Google parses it before anything else.
pub fn call(store: &mut Store, req: &Request) -> ApiResult<Value> {
    let rest = req
        .path
        .strip_prefix("/v4/spreadsheets")
        .ok_or_else(ApiError::unknown_method)?;
    if rest.is_empty() && req.method == Method::POST {
        let b = body(store, req, "spreadsheets.create")?;
        return create(store, &b);
    }
    let rest = rest
        .strip_prefix('/')
        .ok_or_else(ApiError::unknown_method)?;
    let cut = rest.find(['/', ':']).unwrap_or(rest.len());
    let (id, tail) = rest.split_at(cut);
    let b = match method_id(&req.method, tail) {
        Some(m) => body(store, req, m)?,
        None => Value::Null,
    };
    let Store {
        spreadsheets, ids, ..
    } = store;
    let ss = spreadsheets.get_mut(id).ok_or_else(ApiError::not_found)?;
    if !ss.shared {
        return Err(ApiError::permission_denied());
    }
    let out = dispatch(ss, ids, req, tail, &b)?;
    Ok(
        match req
            .query_param("fields")
            .filter(|f| !f.is_empty() && !tail.is_empty())
        {
            Some(f) => match Mask::parse(f) {
                Some(m) => m.apply_owned(out),
                None => out,
            },
            None => out,
        },
    )
}

/// The discovery-document id of a call that takes a body (after the spreadsheet id).
fn method_id(m: &Method, tail: &str) -> Option<&'static str> {
    Some(match tail {
        ":batchUpdate" if m == Method::POST => "spreadsheets.batchUpdate",
        "/values:batchUpdate" if m == Method::POST => "spreadsheets.values.batchUpdate",
        "/values:batchClear" if m == Method::POST => "spreadsheets.values.batchClear",
        "/developerMetadata:search" if m == Method::POST => "spreadsheets.developerMetadata.search",
        _ if tail.starts_with("/values/") && m == Method::PUT => "spreadsheets.values.update",
        _ if tail.starts_with("/values/") && m == Method::POST && tail.ends_with(":append") => {
            "spreadsheets.values.append"
        }
        _ if tail.starts_with("/values/") && m == Method::POST && tail.ends_with(":clear") => {
            "spreadsheets.values.clear"
        }
        _ => return None,
    })
}

fn dispatch(
    ss: &mut Spreadsheet,
    ids: &mut Ids,
    req: &Request,
    tail: &str,
    body: &Value,
) -> ApiResult<Value> {
    let q = |k: &str| req.query_param(k).map(String::from);
    let m = &req.method;
    match tail {
        "" if m == Method::GET => get_spreadsheet(ss, req),
        ":batchUpdate" if m == Method::POST => batch::batch_update(ss, body, ids),
        "/values:batchGet" if m == Method::GET => {
            let ranges: Vec<String> = req.query_params("ranges").map(String::from).collect();
            values::batch_get(ss, &ranges, ReadOptions::from_query(q)?)
        }
        "/values:batchUpdate" if m == Method::POST => values::batch_update(ss, body),
        "/values:batchClear" if m == Method::POST => values::batch_clear(ss, body),
        "/developerMetadata:search" if m == Method::POST => metadata::search(ss, body),
        _ if m == Method::GET && tail.starts_with("/developerMetadata/") => {
            metadata::get(ss, &tail["/developerMetadata/".len()..])
        }
        _ => {
            let range = tail
                .strip_prefix("/values/")
                .ok_or_else(ApiError::unknown_method)?;
            values_call(ss, req, range, body)
        }
    }
}

fn values_call(ss: &mut Spreadsheet, req: &Request, range: &str, body: &Value) -> ApiResult<Value> {
    let q = |k: &str| req.query_param(k).map(String::from);
    match req.method {
        Method::GET => values::get(ss, range, ReadOptions::from_query(q)?),
        Method::PUT => values::update(ss, range, body, q),
        Method::POST => {
            if let Some(r) = range.strip_suffix(":append") {
                values::append(ss, r, body, q)
            } else if let Some(r) = range.strip_suffix(":clear") {
                values::clear(ss, r)
            } else {
                Err(ApiError::unknown_method())
            }
        }
        _ => Err(ApiError::unknown_method()),
    }
}

/// The body as JSON, checked as the request of `method` when a discovery document is loaded
/// (and then in its canonical form).
fn body(store: &Store, req: &Request, method: &str) -> ApiResult<Value> {
    let raw = req
        .json()
        .map_err(|e| ApiError::bad_json(&format!("Unexpected token in the request body: {e}")))?;
    match &store.discovery {
        Some(d) => d.check(method, &raw),
        None => Ok(raw),
    }
}

/// `spreadsheets.get`: `ranges`, `includeGridData` and a `fields` mask checked against the schema.
fn get_spreadsheet(ss: &Spreadsheet, req: &Request) -> ApiResult<Value> {
    let mask = match req.query_param("fields").filter(|f| !f.is_empty()) {
        Some(f) => {
            let m = Mask::parse(f).ok_or_else(|| ApiError::bad_fields(f))?;
            m.check(&spreadsheet_schema())?;
            Some(m)
        }
        None => None,
    };
    let grid = match &mask {
        Some(m) => m.touches(&["sheets", "data"]),
        None => req
            .query_param("includeGridData")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
    };
    let located = req
        .query_params("ranges")
        .map(|r| locate(ss, r))
        .collect::<ApiResult<Vec<_>>>()?;
    let only: Option<Vec<usize>> =
        (!located.is_empty()).then(|| located.iter().map(|l| l.sheet).collect());
    let data: Vec<_> = match (grid, located.is_empty()) {
        (false, _) => Vec::new(),
        (true, true) => ss
            .sheets
            .iter()
            .enumerate()
            .map(|(i, s)| (i, s.bounds()))
            .collect(),
        (true, false) => located.iter().map(|l| (l.sheet, l.rect)).collect(),
    };
    let view = mask
        .as_ref()
        .map_or_else(render::View::full, render::View::for_mask);
    let full = render::spreadsheet(ss, &data, only.as_deref(), &view);
    Ok(match mask {
        Some(m) => m.apply_owned(full),
        None => full,
    })
}

/// `spreadsheets.create`.
fn create(store: &mut Store, body: &Value) -> ApiResult<Value> {
    let id = loop {
        let candidate = random_id(&mut store.ids);
        if !store.spreadsheets.contains_key(&candidate) {
            break candidate;
        }
    };
    let title = body
        .pointer("/properties/title")
        .and_then(Value::as_str)
        .unwrap_or("Untitled spreadsheet");
    let mut ss = Spreadsheet::new(&id, title);
    if let Some(sheets) = body
        .get("sheets")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
    {
        ss.sheets = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| new_sheet(s, i, &mut store.ids))
            .collect();
    }
    let out = render::spreadsheet(&ss, &[], None, &render::View::full());
    store.spreadsheets.insert(id, ss);
    Ok(out)
}

fn new_sheet(v: &Value, index: usize, ids: &mut Ids) -> Sheet {
    let p = v.get("properties").cloned().unwrap_or(json!({}));
    let n = |ptr: &str, d: u32| {
        p.pointer(ptr)
            .and_then(Value::as_u64)
            .map_or(d, |x| x as u32)
    };
    let id = p
        .get("sheetId")
        .and_then(Value::as_i64)
        .unwrap_or(if index == 0 { 0 } else { ids.id() });
    let default_title = format!("Sheet{}", index + 1);
    let title = p
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or(&default_title);
    let mut s = Sheet::new(
        id,
        title,
        n("/gridProperties/rowCount", 1000),
        n("/gridProperties/columnCount", 26),
    );
    s.frozen_rows = n("/gridProperties/frozenRowCount", 0);
    s
}

fn random_id(ids: &mut Ids) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::from("1");
    while s.len() < 44 {
        s.push(ALPHABET[(ids.id() as usize) % ALPHABET.len()] as char);
    }
    s
}
