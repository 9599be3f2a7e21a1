//! `fields` masks: parsing (`a.b`, `a/b`, `a(b,c(d))`, `*`), checking them against the
//! Spreadsheet schema (unknown paths get Google's error) and cutting responses down to them.

use crate::error::{ApiError, ApiResult};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A parsed mask: each named field keeps everything (`None`) or the sub-mask.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mask {
    pub fields: BTreeMap<String, Option<Mask>>,
    /// `*` at this level: keep every field.
    pub all: bool,
}

impl Mask {
    /// Parses a mask; `None` when its brackets or names are malformed.
    pub fn parse(text: &str) -> Option<Mask> {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
        let mut pos = 0;
        let mask = parse_list(&chars, &mut pos)?;
        (pos == chars.len()).then_some(mask)
    }

    fn add_path(&mut self, path: &[String], sub: Option<Mask>) {
        let Some((head, rest)) = path.split_first() else {
            return;
        };
        if head == "*" {
            self.all = true;
            return;
        }
        if rest.is_empty() {
            let slot = self
                .fields
                .entry(head.clone())
                .or_insert(Some(Mask::default()));
            match (slot.as_mut(), sub) {
                (Some(existing), Some(sub)) => existing.merge(sub),
                _ => *slot = None,
            }
            if let Some(m) = slot
                && m.fields.is_empty()
                && !m.all
            {
                *slot = None;
            }
            return;
        }
        let slot = self
            .fields
            .entry(head.clone())
            .or_insert(Some(Mask::default()));
        if let Some(m) = slot.as_mut() {
            m.add_path(rest, sub);
        }
    }

    fn merge(&mut self, other: Mask) {
        self.all |= other.all;
        for (k, v) in other.fields {
            match (self.fields.get_mut(&k), v) {
                (Some(Some(a)), Some(b)) => a.merge(b),
                (Some(slot), _) if slot.is_none() => {}
                (Some(slot), None) => *slot = None,
                (None, v) => {
                    self.fields.insert(k, v);
                }
                (Some(_), Some(_)) => {}
            }
        }
    }

    /// True when the mask selects `path` or something below it (`sheets.data`).
    pub fn touches(&self, path: &[&str]) -> bool {
        if self.all {
            return true;
        }
        let Some((head, rest)) = path.split_first() else {
            return true;
        };
        match self.fields.get(*head) {
            None => false,
            Some(None) => true,
            Some(Some(sub)) => sub.touches(rest),
        }
    }

    /// The sub-mask at `path`: `None` when the mask does not reach it, `Some(None)`-like
    /// "everything" is returned as `None` too, so callers use [`Mask::touches`] first.
    pub fn below(&self, path: &[&str]) -> Option<&Mask> {
        let Some((head, rest)) = path.split_first() else {
            return Some(self);
        };
        if self.all {
            return None;
        }
        match self.fields.get(*head) {
            Some(Some(sub)) => sub.below(rest),
            _ => None,
        }
    }

    /// Checks every path against `schema`; the first unknown path as Google's error.
    pub fn check(&self, schema: &Mask) -> ApiResult<()> {
        self.check_at(schema, "")
    }

    fn check_at(&self, schema: &Mask, prefix: &str) -> ApiResult<()> {
        if schema.all {
            return Ok(());
        }
        for (name, sub) in &self.fields {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            let known = schema
                .fields
                .get(name)
                .ok_or_else(|| ApiError::bad_fields(&path))?;
            match (sub, known) {
                (Some(sub), Some(known)) => sub.check_at(known, &path)?,
                (Some(sub), None) if !sub.fields.is_empty() => {
                    let first = sub.fields.keys().next().cloned().unwrap_or_default();
                    return Err(ApiError::bad_fields(&format!("{path}.{first}")));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Keeps only the selected parts of `value` (arrays are filtered element by element).
    pub fn apply_owned(&self, value: Value) -> Value {
        match value {
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.apply_owned(v)).collect())
            }
            Value::Object(mut obj) if !self.all => {
                let mut out = Map::new();
                for (k, sub) in &self.fields {
                    if let Some(v) = obj.remove(k) {
                        let kept = match sub {
                            Some(m) => m.apply_owned(v),
                            None => v,
                        };
                        out.insert(k.clone(), kept);
                    }
                }
                Value::Object(out)
            }
            other => other,
        }
    }
}

fn parse_list(chars: &[char], pos: &mut usize) -> Option<Mask> {
    let mut mask = Mask::default();
    loop {
        let path = parse_path(chars, pos)?;
        let sub = if chars.get(*pos) == Some(&'(') {
            *pos += 1;
            let inner = parse_list(chars, pos)?;
            (chars.get(*pos) == Some(&')')).then_some(())?;
            *pos += 1;
            Some(inner)
        } else {
            None
        };
        mask.add_path(&path, sub);
        match chars.get(*pos) {
            Some(',') => *pos += 1,
            _ => return Some(mask),
        }
    }
}

fn parse_path(chars: &[char], pos: &mut usize) -> Option<Vec<String>> {
    let mut path = Vec::new();
    loop {
        let start = *pos;
        while chars
            .get(*pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '*' || *c == '@')
        {
            *pos += 1;
        }
        if *pos == start {
            return None;
        }
        path.push(chars[start..*pos].iter().collect());
        match chars.get(*pos) {
            Some('.') | Some('/') => *pos += 1,
            _ => return Some(path),
        }
    }
}

const COLOR: &str = "red,green,blue,alpha";
const COLOR_STYLE: &str = "rgbColor(red,green,blue,alpha),themeColor";

fn cell_format() -> String {
    format!(
        "numberFormat(type,pattern),backgroundColor({COLOR}),backgroundColorStyle({COLOR_STYLE}),\
         borders(*),padding(top,right,bottom,left),horizontalAlignment,verticalAlignment,\
         wrapStrategy,textDirection,hyperlinkDisplayType,textRotation(angle,vertical),\
         textFormat(foregroundColor({COLOR}),foregroundColorStyle({COLOR_STYLE}),fontFamily,\
         fontSize,bold,italic,strikethrough,underline,link(uri))"
    )
}

fn extended_value() -> &'static str {
    "numberValue,stringValue,boolValue,formulaValue,errorValue(type,message)"
}

/// The parts of the Spreadsheet resource a mask may name (deep types left open as `(*)`).
pub fn spreadsheet_schema() -> Mask {
    let fmt = cell_format();
    let ev = extended_value();
    let cell = format!(
        "userEnteredValue({ev}),effectiveValue({ev}),formattedValue,userEnteredFormat({fmt}),\
         effectiveFormat({fmt}),hyperlink,note,textFormatRuns(*),dataValidation(*),pivotTable(*),\
         dataSourceTable(*),dataSourceFormula(*),chipRuns(*)"
    );
    let grid_range = "sheetId,startRowIndex,endRowIndex,startColumnIndex,endColumnIndex";
    let text = format!(
        "spreadsheetId,spreadsheetUrl,\
         properties(title,locale,autoRecalc,timeZone,defaultFormat({fmt}),iterativeCalculationSettings(*),\
         spreadsheetTheme(*),importFunctionsExternalUrlAccessAllowed),\
         sheets(properties(sheetId,title,index,sheetType,hidden,rightToLeft,tabColor({COLOR}),\
         tabColorStyle({COLOR_STYLE}),dataSourceSheetProperties(*),\
         gridProperties(rowCount,columnCount,frozenRowCount,frozenColumnCount,hideGridlines,\
         rowGroupControlAfter,columnGroupControlAfter)),\
         data(startRow,startColumn,rowData(values({cell})),rowMetadata(*),columnMetadata(*)),\
         merges({grid_range}),conditionalFormats(*),filterViews(*),protectedRanges(*),basicFilter(*),\
         charts(*),bandedRanges(*),developerMetadata(*),rowGroups(*),columnGroups(*),slicers(*),tables(*)),\
         namedRanges(namedRangeId,name,range({grid_range})),developerMetadata(*),dataSources(*),\
         dataSourceSchedules(*)"
    );
    Mask::parse(&text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_nested_dot_and_slash_forms() {
        let a = Mask::parse("sheets(properties(title),data/rowData/values/note)").unwrap();
        let b = Mask::parse("sheets.properties.title,sheets.data.rowData.values.note").unwrap();
        assert_eq!(a, b);
        assert!(a.touches(&["sheets", "data"]));
        assert!(!a.touches(&["namedRanges"]));
        assert!(Mask::parse("a(b").is_none());
        assert!(Mask::parse("a,,b").is_none());
    }

    #[test]
    fn rejects_unknown_paths_like_google() {
        let schema = spreadsheet_schema();
        let e = Mask::parse("sheets.sheetProperties")
            .unwrap()
            .check(&schema)
            .unwrap_err();
        assert_eq!(e.message, "Request contains an invalid argument.");
        assert_eq!(
            e.details.unwrap()[0]["fieldViolations"][0]["field"],
            "sheets.sheetProperties"
        );
        let kepsync = "spreadsheetId,sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),data(startRow,startColumn,rowData(values(formattedValue,userEnteredValue,hyperlink,userEnteredFormat(backgroundColor,textFormat(link))))))";
        assert!(Mask::parse(kepsync).unwrap().check(&schema).is_ok());
        assert!(
            Mask::parse("sheets.charts.spec.title")
                .unwrap()
                .check(&schema)
                .is_ok()
        );
        assert!(Mask::parse("sheets.title").unwrap().check(&schema).is_err());
    }

    #[test]
    fn applies_to_arrays_and_objects() {
        let m = Mask::parse("sheets.data.rowData.values.note").unwrap();
        let v = json!({"spreadsheetId": "x", "sheets": [{"properties": {}, "data": [{"rowData": [{"values": [{"note": "n", "formattedValue": "v"}, {"formattedValue": "w"}]}]}]}]});
        assert_eq!(
            m.apply_owned(v.clone()),
            json!({"sheets": [{"data": [{"rowData": [{"values": [{"note": "n"}, {}]}]}]}]})
        );
        assert_eq!(
            Mask::parse("namedRanges").unwrap().apply_owned(v),
            json!({})
        );
    }
}
