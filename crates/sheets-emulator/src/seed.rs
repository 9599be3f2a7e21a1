//! The `/_emulator` JSON form of a spreadsheet (load and dump):
//! `{"spreadsheetId","title"?,"shared"?,"developerMetadata"?,"sheets":[{"title","sheetId"?,"rowCount"?,"columnCount"?,
//! "frozenRowCount"?,"hiddenRows"?,"hiddenColumns"?,"rows":[[cell]],"backgrounds"?,"links"?,
//! "notes"?}]}` (hidden rows and columns as 0-based indices) where a cell is a
//! string, a number, a boolean, null, or `{"formula": "=..."}`; the other grids are aligned with
//! `rows` (`null` = nothing). `developerMetadata` holds the spreadsheet's developer metadata
//! entries as the API returns them, so a dump edited and put back (as people's edits leave a
//! sheet) keeps them, as Sheets keeps metadata through cell edits.

use crate::model::{Cell, Sheet, Spreadsheet};
use crate::value::Entered;
use serde_json::{Map, Value, json};

/// Builds a spreadsheet from its seed JSON; errors name the offending field.
pub fn load(seed: &Value) -> Result<Spreadsheet, String> {
    let id = seed
        .get("spreadsheetId")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or("spreadsheetId: missing or not a string")?;
    let title = seed
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or("kepsync test");
    let mut ss = Spreadsheet::new(id, title);
    ss.shared = seed.get("shared").and_then(Value::as_bool).unwrap_or(true);
    ss.developer_metadata = match seed.get("developerMetadata") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(entries)) => entries.clone(),
        Some(_) => return Err("developerMetadata: not an array".into()),
    };
    let sheets = seed
        .get("sheets")
        .and_then(Value::as_array)
        .ok_or("sheets: missing or not an array")?;
    if sheets.is_empty() {
        return Err("sheets: a spreadsheet needs at least one sheet".into());
    }
    ss.sheets = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| load_sheet(s, i).map_err(|e| format!("sheets[{i}].{e}")))
        .collect::<Result<_, _>>()?;
    for (i, s) in ss.sheets.iter().enumerate() {
        if ss.sheets[..i]
            .iter()
            .any(|o| o.id == s.id || o.title == s.title)
        {
            return Err(format!("sheets[{i}]: duplicate sheetId or title"));
        }
    }
    Ok(ss)
}

fn count(v: &Value, key: &str) -> Result<Option<u32>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(x) => x
            .as_u64()
            .filter(|n| *n <= u32::MAX as u64)
            .map(|n| Some(n as u32))
            .ok_or_else(|| format!("{key}: not a non-negative integer")),
    }
}

fn grid<'a>(v: &'a Value, key: &str) -> Result<Vec<&'a [Value]>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(rows)) => rows
            .iter()
            .enumerate()
            .map(|(r, row)| match row {
                Value::Array(cells) => Ok(cells.as_slice()),
                Value::Null => Ok(&[][..]),
                _ => Err(format!("{key}[{r}]: not an array")),
            })
            .collect(),
        Some(_) => Err(format!("{key}: not an array of arrays")),
    }
}

fn load_sheet(v: &Value, index: usize) -> Result<Sheet, String> {
    let title = v
        .get("title")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("title: missing or not a string")?;
    let id = match v.get("sheetId") {
        None | Some(Value::Null) => index as i64,
        Some(x) => x.as_i64().ok_or("sheetId: not an integer")?,
    };
    let rows = grid(v, "rows")?;
    let backgrounds = grid(v, "backgrounds")?;
    let links = grid(v, "links")?;
    let notes = grid(v, "notes")?;
    let height = [rows.len(), backgrounds.len(), links.len(), notes.len()]
        .into_iter()
        .max()
        .unwrap_or(0) as u32;
    let width = [&rows, &backgrounds, &links, &notes]
        .iter()
        .flat_map(|g| g.iter().map(|r| r.len()))
        .max()
        .unwrap_or(0) as u32;
    let row_count = count(v, "rowCount")?.unwrap_or(1000.max(height));
    let col_count = count(v, "columnCount")?.unwrap_or(26.max(width));
    if height > row_count || width > col_count {
        return Err(format!(
            "rows: {height}×{width} cells do not fit rowCount {row_count} × columnCount {col_count}"
        ));
    }
    let mut sheet = Sheet::new(id, title, row_count, col_count);
    sheet.frozen_rows = count(v, "frozenRowCount")?.unwrap_or(0);
    sheet.hidden = v.get("hidden").and_then(Value::as_bool).unwrap_or(false);
    fill(&mut sheet, &rows, "rows", set_value)?;
    fill(&mut sheet, &backgrounds, "backgrounds", set_background)?;
    fill(&mut sheet, &links, "links", set_link)?;
    fill(&mut sheet, &notes, "notes", set_note)?;
    for (key, rows) in [("hiddenRows", true), ("hiddenColumns", false)] {
        let size = if rows { sheet.rows } else { sheet.cols };
        for i in indices(v, key, size)? {
            sheet.dim_props_mut(rows, i).hidden = true;
        }
    }
    sheet.compact();
    Ok(sheet)
}

/// A list of 0-based row or column indices, each below `size`.
fn indices(v: &Value, key: &str, size: u32) -> Result<Vec<u32>, String> {
    let list = match v.get(key) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(format!("{key}: not an array of indices")),
    };
    list.iter()
        .enumerate()
        .map(|(j, x)| {
            x.as_u64()
                .filter(|&i| i < size as u64)
                .map(|i| i as u32)
                .ok_or_else(|| format!("{key}[{j}]: not an index below {size}"))
        })
        .collect()
}

type Setter = fn(&mut Cell, &Value) -> Result<(), String>;

fn fill(sheet: &mut Sheet, g: &[&[Value]], key: &str, set: Setter) -> Result<(), String> {
    for (r, line) in g.iter().enumerate() {
        for (c, v) in line.iter().enumerate() {
            if v.is_null() {
                continue;
            }
            set(sheet.cell_mut(r as u32, c as u32), v)
                .map_err(|e| format!("{key}[{r}][{c}]: {e}"))?;
        }
    }
    Ok(())
}

fn set_value(cell: &mut Cell, v: &Value) -> Result<(), String> {
    cell.value = match v {
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(Entered::Text(s.clone())),
        Value::Number(n) => Some(Entered::Number {
            n: n.as_f64().unwrap_or(0.0),
            shown: None,
            date: false,
        }),
        Value::Bool(b) => Some(Entered::Bool(*b)),
        Value::Object(o) => match o.get("formula").and_then(Value::as_str) {
            Some(f) if f.starts_with('=') => Some(Entered::Formula(f.to_string())),
            _ => return Err("expected {\"formula\": \"=...\"}".into()),
        },
        _ => return Err("expected a string, number, boolean or {\"formula\": \"=...\"}".into()),
    };
    Ok(())
}

fn format_mut(cell: &mut Cell) -> &mut Map<String, Value> {
    cell.format.get_or_insert_with(Map::new)
}

fn set_background(cell: &mut Cell, v: &Value) -> Result<(), String> {
    let hex = v.as_str().ok_or("expected \"#RRGGBB\" or null")?;
    let (r, g, b) = parse_hex(hex).ok_or_else(|| format!("{hex:?} is not #RRGGBB"))?;
    let mut color = Map::new();
    for (k, x) in [("red", r), ("green", g), ("blue", b)] {
        if x > 0 {
            color.insert(k.into(), json!(x as f64 / 255.0));
        }
    }
    format_mut(cell).insert("backgroundColor".into(), Value::Object(color));
    Ok(())
}

fn parse_hex(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#').unwrap_or(s);
    if h.len() != 6 || !h.is_ascii() {
        return None;
    }
    let c = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some((c(0)?, c(2)?, c(4)?))
}

fn set_link(cell: &mut Cell, v: &Value) -> Result<(), String> {
    let uri = v.as_str().ok_or("expected a URL string or null")?;
    let f = format_mut(cell);
    let tf = f.entry("textFormat").or_insert_with(|| json!({}));
    tf["link"] = json!({ "uri": uri });
    Ok(())
}

fn set_note(cell: &mut Cell, v: &Value) -> Result<(), String> {
    cell.note = Some(v.as_str().ok_or("expected a string or null")?.to_string());
    Ok(())
}

/// The seed JSON of a spreadsheet; all grids trimmed together and aligned.
pub fn dump(ss: &Spreadsheet) -> Value {
    let sheets: Vec<Value> = ss.sheets.iter().map(dump_sheet).collect();
    let mut out = json!({"spreadsheetId": ss.id, "title": ss.title, "sheets": sheets});
    if !ss.developer_metadata.is_empty() {
        out["developerMetadata"] = Value::Array(ss.developer_metadata.clone());
    }
    out
}

fn dump_sheet(s: &Sheet) -> Value {
    let mut sheet = s.clone();
    sheet.compact();
    let map = |f: fn(&Cell) -> Value| -> Vec<Vec<Value>> {
        sheet
            .grid
            .iter()
            .map(|line| line.iter().map(f).collect())
            .collect()
    };
    let mut out = json!({
        "title": s.title, "sheetId": s.id, "rowCount": s.rows, "columnCount": s.cols,
        "rows": map(dump_value),
        "backgrounds": map(dump_background),
        "links": map(|c| c.link().map_or(Value::Null, |l| json!(l))),
        "notes": map(|c| c.note.as_ref().map_or(Value::Null, |n| json!(n))),
    });
    if s.frozen_rows > 0 {
        out["frozenRowCount"] = json!(s.frozen_rows);
    }
    if s.hidden {
        out["hidden"] = json!(true);
    }
    for (key, rows) in [("hiddenRows", true), ("hiddenColumns", false)] {
        let hidden = s.hidden(rows);
        if !hidden.is_empty() {
            out[key] = json!(hidden);
        }
    }
    out
}

fn dump_value(c: &Cell) -> Value {
    match &c.value {
        None => json!(""),
        Some(Entered::Formula(f)) => json!({ "formula": f }),
        Some(v) => json!(v.formatted()),
    }
}

fn dump_background(c: &Cell) -> Value {
    let Some(bg) = c.format.as_ref().and_then(|f| f.get("backgroundColor")) else {
        return Value::Null;
    };
    let ch = |k: &str| {
        let x = bg.get(k).and_then(Value::as_f64).unwrap_or(0.0);
        (x.clamp(0.0, 1.0) * 255.0).round() as u8
    };
    json!(format!(
        "#{:02X}{:02X}{:02X}",
        ch("red"),
        ch("green"),
        ch("blue")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn load_dump_round_trip() {
        let seed = json!({"spreadsheetId": "abc", "sheets": [
            {"title": "KEP Collection", "frozenRowCount": 1, "hiddenRows": [1, 7],
             "rows": [["KEP", "Title"], ["1234", {"formula": "=1+1"}]],
             "backgrounds": [[null, null], ["#B7E0CD", null]],
             "links": [[null], ["https://github.com/kubernetes/enhancements/issues/1234"]]},
            {"title": "Docs", "rows": []}
        ]});
        let ss = load(&seed).unwrap();
        let d = dump(&ss);
        assert_eq!(d["sheets"][0]["rows"], seed["sheets"][0]["rows"]);
        assert_eq!(
            d["sheets"][0]["backgrounds"],
            seed["sheets"][0]["backgrounds"]
        );
        assert_eq!(
            d["sheets"][0]["links"][1][0],
            seed["sheets"][0]["links"][1][0]
        );
        assert_eq!(d["sheets"][0]["frozenRowCount"], 1);
        assert_eq!(d["sheets"][0]["hiddenRows"], json!([1, 7]));
        assert!(d["sheets"][0].get("hiddenColumns").is_none());
        assert_eq!(d["sheets"][1]["rows"], json!([]));
        assert_eq!(load(&d).unwrap(), ss);
    }

    #[test]
    fn a_dump_put_back_keeps_developer_metadata() {
        let entry = json!({"metadataId": 7, "metadataKey": "k", "metadataValue": "v",
                           "location": {"spreadsheet": true}, "visibility": "DOCUMENT"});
        let seed = json!({"spreadsheetId": "abc", "developerMetadata": [entry],
                          "sheets": [{"title": "A", "rows": []}]});
        let d = dump(&load(&seed).unwrap());
        assert_eq!(d["developerMetadata"], json!([entry]));
        assert_eq!(load(&d).unwrap(), load(&seed).unwrap());
        let bad =
            json!({"spreadsheetId": "abc", "developerMetadata": {}, "sheets": [{"title": "A"}]});
        assert_eq!(load(&bad).unwrap_err(), "developerMetadata: not an array");
    }

    #[test]
    fn bad_seed_names_the_field() {
        let seed =
            json!({"spreadsheetId": "abc", "sheets": [{"title": "A", "rows": [["x", {"f": 1}]]}]});
        assert_eq!(
            load(&seed).unwrap_err(),
            "sheets[0].rows[0][1]: expected {\"formula\": \"=...\"}"
        );
        let seed =
            json!({"spreadsheetId": "abc", "sheets": [{"title": "A", "backgrounds": [["green"]]}]});
        assert!(
            load(&seed)
                .unwrap_err()
                .starts_with("sheets[0].backgrounds[0][0]")
        );
    }
}
