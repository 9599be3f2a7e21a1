//! `spreadsheets.values.*`: get, batchGet, update, batchUpdate, append, clear, batchClear.

use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::model::{Sheet, Spreadsheet};
use crate::ranges::{Located, echo, locate};
use crate::value::{Entered, InputOption, Write, from_input};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Query options of a read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    pub columns: bool,
    pub render: Render,
    pub dates_formatted: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Render {
    #[default]
    Formatted,
    Unformatted,
    Formula,
}

impl ReadOptions {
    /// Reads `majorDimension`, `valueRenderOption`, `dateTimeRenderOption`.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ApiResult<ReadOptions> {
        let render = match get("valueRenderOption").as_deref() {
            None | Some("FORMATTED_VALUE") => Render::Formatted,
            Some("UNFORMATTED_VALUE") => Render::Unformatted,
            Some("FORMULA") => Render::Formula,
            Some(other) => return Err(enum_error("valueRenderOption", other)),
        };
        let columns = match get("majorDimension").as_deref() {
            None | Some("ROWS") | Some("DIMENSION_UNSPECIFIED") => false,
            Some("COLUMNS") => true,
            Some(other) => return Err(enum_error("majorDimension", other)),
        };
        let dates_formatted = get("dateTimeRenderOption").as_deref() == Some("FORMATTED_STRING");
        Ok(ReadOptions {
            columns,
            render,
            dates_formatted,
        })
    }
}

fn enum_error(field: &str, value: &str) -> ApiError {
    let text = format!("Invalid value at '{field}' (TYPE_ENUM), \"{value}\"");
    ApiError::field_violation(&text, field, &text)
}

/// `values.get`: a ValueRange with trailing empties trimmed and no `values` when empty.
pub fn get(ss: &Spreadsheet, range: &str, opts: ReadOptions) -> ApiResult<Value> {
    let at = locate(ss, range)?;
    Ok(value_range(ss, &at, opts))
}

fn value_range(ss: &Spreadsheet, at: &Located, opts: ReadOptions) -> Value {
    let sheet = &ss.sheets[at.sheet];
    let major = if opts.columns { "COLUMNS" } else { "ROWS" };
    let mut out = json!({"range": echo(ss, at), "majorDimension": major});
    let values = read_block(sheet, &at.rect, opts);
    if !values.is_empty() {
        out["values"] = json!(values);
    }
    out
}

fn read_block(sheet: &Sheet, r: &Rect, opts: ReadOptions) -> Vec<Vec<Value>> {
    let cell = |row: u32, col: u32| -> Option<Value> {
        let v = sheet.cell(row, col)?.value.as_ref()?;
        Some(render(v, opts))
    };
    let r = &Rect {
        row1: r.row1.min(sheet.grid.len() as u32).max(r.row0),
        ..*r
    };
    let lines: Vec<Vec<Option<Value>>> = if opts.columns {
        (r.col0..r.col1)
            .map(|c| (r.row0..r.row1).map(|row| cell(row, c)).collect())
            .collect()
    } else {
        (r.row0..r.row1)
            .map(|row| (r.col0..r.col1).map(|c| cell(row, c)).collect())
            .collect()
    };
    let mut out: Vec<Vec<Value>> = lines
        .into_iter()
        .map(|mut line| {
            while line.last().is_some_and(Option::is_none) {
                line.pop();
            }
            line.into_iter().map(|v| v.unwrap_or(json!(""))).collect()
        })
        .collect();
    while out.last().is_some_and(Vec::is_empty) {
        out.pop();
    }
    out
}

fn render(v: &Entered, opts: ReadOptions) -> Value {
    match (opts.render, v) {
        (Render::Formatted, _) => json!(v.formatted()),
        (Render::Formula, Entered::Formula(f)) => json!(f),
        _ => v.unformatted(opts.dates_formatted),
    }
}

/// `values.batchGet`.
pub fn batch_get(ss: &Spreadsheet, ranges: &[String], opts: ReadOptions) -> ApiResult<Value> {
    let value_ranges = ranges
        .iter()
        .map(|r| get(ss, r, opts))
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(json!({"spreadsheetId": ss.id, "valueRanges": value_ranges}))
}

/// The `values` of a request body, checked to be a list of lists.
fn body_values(body: &Value) -> ApiResult<Vec<Vec<Value>>> {
    let values = body.get("values").cloned().unwrap_or(json!([]));
    let rows = values
        .as_array()
        .ok_or_else(|| ApiError::bad_value("data.values", "google.protobuf.ListValue", &values))?;
    rows.iter()
        .map(|row| match row {
            Value::Array(cells) => Ok(cells.clone()),
            other => Err(ApiError::bad_value(
                "data.values[0]",
                "google.protobuf.ListValue",
                other,
            )),
        })
        .collect()
}

/// A body's values in row order (transposed when `majorDimension` is COLUMNS).
fn rows_of(body: &Value) -> ApiResult<Vec<Vec<Value>>> {
    let values = body_values(body)?;
    match body.get("majorDimension").and_then(Value::as_str) {
        Some("COLUMNS") => Ok(transpose(values)),
        None | Some("ROWS") | Some("DIMENSION_UNSPECIFIED") => Ok(values),
        Some(other) => Err(enum_error("data.major_dimension", other)),
    }
}

fn transpose(cols: Vec<Vec<Value>>) -> Vec<Vec<Value>> {
    let height = cols.iter().map(Vec::len).max().unwrap_or(0);
    (0..height)
        .map(|r| {
            cols.iter()
                .map(|c| c.get(r).cloned().unwrap_or(Value::Null))
                .collect()
        })
        .collect()
}

/// The counts a write reports.
#[derive(Debug, Clone, Default)]
struct Written {
    rect: Rect,
    cells: u32,
    rows: BTreeSet<u32>,
    cols: BTreeSet<u32>,
}

/// Writes `rows` with its top-left at (`row0`, `col0`); the sheet must hold the block.
fn write_block(
    sheet: &mut Sheet,
    row0: u32,
    col0: u32,
    rows: &[Vec<Value>],
    opt: InputOption,
) -> ApiResult<Written> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    let rect = Rect {
        row0,
        row1: row0 + rows.len() as u32,
        col0,
        col1: col0 + width,
    };
    sheet.check_inside(&rect)?;
    let mut w = Written {
        rect,
        ..Written::default()
    };
    for (i, line) in rows.iter().enumerate() {
        for (j, v) in line.iter().enumerate() {
            let (r, c) = (row0 + i as u32, col0 + j as u32);
            match from_input(v, opt) {
                Write::Skip => continue,
                Write::Clear => {
                    if let Some(cell) = sheet
                        .grid
                        .get_mut(r as usize)
                        .and_then(|l| l.get_mut(c as usize))
                    {
                        cell.value = None;
                    }
                }
                Write::Set(e) => sheet.cell_mut(r, c).value = Some(e),
            }
            w.cells += 1;
            w.rows.insert(r);
            w.cols.insert(c);
        }
    }
    sheet.compact();
    Ok(w)
}

fn input_option(q: Option<&str>) -> ApiResult<InputOption> {
    match q {
        None => Err(ApiError::invalid(
            "'valueInputOption' is required but not specified",
        )),
        Some(s) => InputOption::parse(s).ok_or_else(|| enum_error("value_input_option", s)),
    }
}

/// Writes one ValueRange at `range`; returns the UpdateValuesResponse.
fn update_one(
    ss: &mut Spreadsheet,
    range: &str,
    body: &Value,
    opt: InputOption,
    include: bool,
) -> ApiResult<(Value, Written, usize)> {
    let rows = rows_of(body)?;
    let at = locate(ss, range)?;
    let single = crate::a1::is_anchor(range);
    if !single {
        check_fits(ss, &at, &rows)?;
    }
    let sheet = &mut ss.sheets[at.sheet];
    let w = write_block(sheet, at.rect.row0, at.rect.col0, &rows, opt)?;
    let written = Located {
        sheet: at.sheet,
        rect: if rows.is_empty() { at.rect } else { w.rect },
    };
    let mut out = json!({
        "spreadsheetId": ss.id,
        "updatedRange": echo(ss, &written),
    });
    if w.cells > 0 {
        out["updatedRows"] = json!(w.rows.len());
        out["updatedColumns"] = json!(w.cols.len());
        out["updatedCells"] = json!(w.cells);
    }
    if include {
        out["updatedData"] = value_range(ss, &written, ReadOptions::default());
    }
    Ok((out, w, at.sheet))
}

fn check_fits(ss: &Spreadsheet, at: &Located, rows: &[Vec<Value>]) -> ApiResult<()> {
    let r = at.rect;
    let target = echo(ss, at);
    if rows.len() as u32 > r.rows() {
        return Err(ApiError::invalid(format!(
            "Requested writing within range [{target}], but tried writing to row [{}]",
            r.row0 + r.rows() + 1
        )));
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0) as u32;
    if width > r.cols() {
        return Err(ApiError::invalid(format!(
            "Requested writing within range [{target}], but tried writing to column [{}]",
            crate::a1::column_letters(r.col0 + r.cols())
        )));
    }
    Ok(())
}

/// `values.update`.
pub fn update(
    ss: &mut Spreadsheet,
    range: &str,
    body: &Value,
    q: impl Fn(&str) -> Option<String>,
) -> ApiResult<Value> {
    let opt = input_option(q("valueInputOption").as_deref())?;
    let include = flag(q("includeValuesInResponse"));
    let mut copy = ss.clone();
    let (out, _, _) = update_one(&mut copy, range, body, opt, include)?;
    *ss = copy;
    Ok(out)
}

fn flag(v: Option<String>) -> bool {
    v.is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

/// `values.batchUpdate`: all ranges or none.
pub fn batch_update(ss: &mut Spreadsheet, body: &Value) -> ApiResult<Value> {
    let opt = input_option(body.get("valueInputOption").and_then(Value::as_str))?;
    let include = body
        .get("includeValuesInResponse")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let data = body
        .get("data")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut copy = ss.clone();
    let mut responses = Vec::new();
    let (mut rows, mut cols, mut sheets, mut cells) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), 0);
    for (i, vr) in data.iter().enumerate() {
        let range = vr.get("range").and_then(Value::as_str).unwrap_or("");
        let (out, w, sheet) = update_one(&mut copy, range, vr, opt, include)
            .map_err(|e| e.prefixed(&format!("Invalid data[{i}]: ")))?;
        rows.extend(w.rows.iter().map(|r| (sheet, *r)));
        cols.extend(w.cols.iter().map(|c| (sheet, *c)));
        sheets.insert(sheet);
        cells += w.cells;
        responses.push(out);
    }
    *ss = copy;
    let mut out = json!({"spreadsheetId": ss.id});
    if cells > 0 {
        out["totalUpdatedRows"] = json!(rows.len());
        out["totalUpdatedColumns"] = json!(cols.len());
        out["totalUpdatedCells"] = json!(cells);
        out["totalUpdatedSheets"] = json!(sheets.len());
    }
    out["responses"] = json!(responses);
    Ok(out)
}

/// `values.append`: finds the table in `range` and writes after its last row.
pub fn append(
    ss: &mut Spreadsheet,
    range: &str,
    body: &Value,
    q: impl Fn(&str) -> Option<String>,
) -> ApiResult<Value> {
    let opt = input_option(q("valueInputOption").as_deref())?;
    let insert = q("insertDataOption").as_deref() == Some("INSERT_ROWS");
    let include = flag(q("includeValuesInResponse"));
    let rows = rows_of(body)?;
    let at = locate(ss, range)?;
    let mut copy = ss.clone();
    let sheet = &mut copy.sheets[at.sheet];
    let table = find_table(sheet, &at.rect);
    let (row0, col0) = table.map_or((at.rect.row0, at.rect.col0), |t| (t.row1, t.col0));
    let n = rows.len() as u32;
    if insert && row0 < sheet.rows {
        sheet.insert_rows(row0, n);
    } else if row0 + n > sheet.rows {
        let missing = row0 + n - sheet.rows;
        sheet.rows += missing;
    }
    let w = write_block(sheet, row0, col0, &rows, opt)?;
    let written = Located {
        sheet: at.sheet,
        rect: w.rect,
    };
    let mut updates = json!({"spreadsheetId": copy.id, "updatedRange": echo(&copy, &written)});
    if w.cells > 0 {
        updates["updatedRows"] = json!(w.rows.len());
        updates["updatedColumns"] = json!(w.cols.len());
        updates["updatedCells"] = json!(w.cells);
    }
    if include {
        updates["updatedData"] = value_range(&copy, &written, ReadOptions::default());
    }
    let mut out = Map::new();
    out.insert("spreadsheetId".into(), json!(copy.id));
    if let Some(t) = table {
        let tr = Located {
            sheet: at.sheet,
            rect: t,
        };
        out.insert("tableRange".into(), json!(echo(&copy, &tr)));
    }
    out.insert("updates".into(), updates);
    *ss = copy;
    Ok(Value::Object(out))
}

/// The "table" Google appends to: the region of filled cells connected (including diagonally)
/// to the last filled cell of `within`; `None` when `within` holds no value.
pub fn find_table(sheet: &Sheet, within: &Rect) -> Option<Rect> {
    let last_row = (within.row0..within.row1)
        .rev()
        .find(|&r| (within.col0..within.col1).any(|c| sheet.has_value(r, c)))?;
    let last_col = (within.col0..within.col1)
        .rev()
        .find(|&c| sheet.has_value(last_row, c))?;
    let mut t = Rect {
        row0: last_row,
        row1: last_row + 1,
        col0: last_col,
        col1: last_col + 1,
    };
    while let Some(grown) = grow(sheet, &t) {
        t = grown;
    }
    Some(t)
}

fn grow(sheet: &Sheet, t: &Rect) -> Option<Rect> {
    let c0 = t.col0.saturating_sub(1);
    let c1 = t.col1 + 1;
    let row_has = |r: u32| (c0..c1).any(|c| sheet.has_value(r, c));
    let col_has = |c: u32| (t.row0.saturating_sub(1)..t.row1 + 1).any(|r| sheet.has_value(r, c));
    let mut g = *t;
    if t.row0 > 0 && row_has(t.row0 - 1) {
        g.row0 -= 1;
    }
    if row_has(t.row1) {
        g.row1 += 1;
    }
    if t.col0 > 0 && col_has(t.col0 - 1) {
        g.col0 -= 1;
    }
    if col_has(t.col1) {
        g.col1 += 1;
    }
    (g != *t).then_some(g)
}

/// `values.clear`: values go, formats stay.
pub fn clear(ss: &mut Spreadsheet, range: &str) -> ApiResult<Value> {
    let at = locate(ss, range)?;
    clear_rect(&mut ss.sheets[at.sheet], &at.rect);
    Ok(json!({"spreadsheetId": ss.id, "clearedRange": echo(ss, &at)}))
}

fn clear_rect(sheet: &mut Sheet, r: &Rect) {
    for row in r.row0..r.row1.min(sheet.grid.len() as u32) {
        let line = &mut sheet.grid[row as usize];
        for col in r.col0..r.col1.min(line.len() as u32) {
            line[col as usize].value = None;
        }
    }
    sheet.compact();
}

/// `values.batchClear`.
pub fn batch_clear(ss: &mut Spreadsheet, body: &Value) -> ApiResult<Value> {
    let ranges: Vec<String> = body
        .get("ranges")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let mut copy = ss.clone();
    let mut cleared = Vec::new();
    for r in &ranges {
        let at = locate(&copy, r)?;
        clear_rect(&mut copy.sheets[at.sheet], &at.rect);
        cleared.push(echo(&copy, &at));
    }
    *ss = copy;
    Ok(json!({"spreadsheetId": ss.id, "clearedRanges": cleared}))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(a, _)| *a == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn update_then_get_trims_like_google() {
        let mut ss = Spreadsheet::new("s", "t");
        let body = json!({"values": [["1","","",""],["","","",""],["","","",""],["","","","2"]]});
        let out = update(
            &mut ss,
            "'Sheet1'!A1:D4",
            &body,
            q(&[("valueInputOption", "RAW")]),
        )
        .unwrap();
        assert_eq!(out["updatedCells"], 16);
        let got = get(&ss, "'Sheet1'!A1:D4", ReadOptions::default()).unwrap();
        assert_eq!(got["values"], json!([["1"], [], [], ["", "", "", "2"]]));
        let empty = get(&ss, "Sheet1!E1:F2", ReadOptions::default()).unwrap();
        assert!(empty.get("values").is_none());
    }

    #[test]
    fn append_detects_the_table_quirk() {
        let mut ss = Spreadsheet::new("s", "t");
        let body = json!({"values": [["x", "", "y"]]});
        let raw = q(&[("valueInputOption", "RAW")]);
        let first = append(&mut ss, "'Sheet1'", &body, &raw).unwrap();
        assert!(first.get("tableRange").is_none());
        let second = append(&mut ss, "'Sheet1'", &body, &raw).unwrap();
        assert_eq!(second["tableRange"], "Sheet1!C1");
        assert_eq!(second["updates"]["updatedRange"], "Sheet1!C2:E2");
    }

    #[test]
    fn overflowing_a_stated_range_is_rejected_and_nothing_written() {
        let mut ss = Spreadsheet::new("s", "t");
        let body = json!({"values": [["a"], ["b"]]});
        let e = update(
            &mut ss,
            "Sheet1!A1:A1",
            &body,
            q(&[("valueInputOption", "RAW")]),
        );
        assert!(e.is_err());
        let body = json!({"valueInputOption": "RAW", "data": [
            {"range": "Sheet1!A1", "values": [["ok"]]},
            {"range": "Nope!A1", "values": [["x"]]}]});
        let e = batch_update(&mut ss, &body).unwrap_err();
        assert_eq!(e.message, "Invalid data[1]: Unable to parse range: Nope!A1");
        assert!(ss.sheets[0].grid.is_empty());
    }
}
