//! Reading: the one `spreadsheets.get` kepsync makes (whole tabs, a field mask for values,
//! formulas, links and fills) and its conversion into a [`Snapshot`].

use super::lean::{LeanCell, LeanGrid, LeanSheet, LeanSpreadsheet};
use crate::sheet::{Cell, Rgb, Snapshot, Tab};
use google_sheets4::api::{SheetProperties, Spreadsheet};

/// Everything a snapshot reads, and nothing else.
pub const SNAPSHOT_FIELDS: &str = "spreadsheetId,developerMetadata(metadataId,metadataKey,metadataValue),sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)),data(startRow,startColumn,rowData(values(formattedValue,userEnteredValue,hyperlink,userEnteredFormat(backgroundColor,textFormat(link))))))";

/// Tab metadata only.
pub const TABS_FIELDS: &str = "spreadsheetId,sheets(properties(sheetId,title,index,gridProperties(rowCount,columnCount,frozenRowCount)))";

/// A whole tab as an A1 range: the title always quoted, `'` doubled.
pub fn whole_tab_range(title: &str) -> String {
    format!("'{}'", title.replace('\'', "''"))
}

/// A tab's place and size, with the frozen header rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabGrid {
    pub sheet_id: i32,
    pub title: String,
    pub index: i32,
    pub row_count: u32,
    pub column_count: u32,
    pub frozen_rows: u32,
}

fn count(v: Option<i32>) -> u32 {
    v.unwrap_or(0).max(0) as u32
}

/// The layout of one sheet's properties.
pub fn layout(p: &SheetProperties) -> TabGrid {
    let grid = p.grid_properties.as_ref();
    TabGrid {
        sheet_id: p.sheet_id.unwrap_or(0),
        title: p.title.clone().unwrap_or_default(),
        index: p.index.unwrap_or(0),
        row_count: count(grid.and_then(|g| g.row_count)),
        column_count: count(grid.and_then(|g| g.column_count)),
        frozen_rows: count(grid.and_then(|g| g.frozen_row_count)),
    }
}

/// Every sheet's layout, in tab order.
pub fn layouts(ss: &Spreadsheet) -> Vec<TabGrid> {
    let mut out: Vec<TabGrid> = ss
        .sheets
        .iter()
        .flatten()
        .filter_map(|s| s.properties.as_ref().map(layout))
        .collect();
    out.sort_by_key(|l| l.index);
    out
}

/// A tab without its cells.
pub fn empty_tab(l: &TabGrid) -> Tab {
    Tab {
        sheet_id: l.sheet_id,
        title: l.title.clone(),
        row_count: l.row_count,
        column_count: l.column_count,
        rows: Vec::new(),
    }
}

/// The snapshot of the requested tabs (in the order asked); `Err` lists tabs the response lacks.
pub fn to_snapshot(
    spreadsheet_id: &str,
    ss: &LeanSpreadsheet,
    tabs: &[String],
) -> Result<Snapshot, Vec<String>> {
    let sheets: Vec<&LeanSheet> = ss.sheets.iter().flatten().collect();
    let mut out = Vec::with_capacity(tabs.len());
    let mut missing = Vec::new();
    for title in tabs {
        let found = sheets.iter().find(|s| {
            s.properties.as_ref().and_then(|p| p.title.as_deref()) == Some(title.as_str())
        });
        match found {
            Some(s) => out.push(to_tab(s)),
            None => missing.push(title.clone()),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Snapshot {
        spreadsheet_id: spreadsheet_id.to_string(),
        tabs: out,
        write_token: super::token::current(ss.developer_metadata.iter().flatten()),
        board_status: super::board_status::read(ss.developer_metadata.iter().flatten()),
        status_seen: super::board_status::read_key(
            ss.developer_metadata.iter().flatten(),
            super::board_status::STATUS_SEEN_KEY,
        ),
    })
}

fn to_tab(s: &LeanSheet) -> Tab {
    let l = s.properties.as_ref().map(layout).unwrap_or(TabGrid {
        sheet_id: 0,
        title: String::new(),
        index: 0,
        row_count: 0,
        column_count: 0,
        frozen_rows: 0,
    });
    let mut tab = empty_tab(&l);
    for grid in s.data.iter().flatten() {
        place(&mut tab.rows, grid);
    }
    tab
}

/// Puts one GridData block's cells at its offset.
fn place(rows: &mut Vec<Vec<Cell>>, grid: &LeanGrid) {
    let r0 = count(grid.start_row) as usize;
    let c0 = count(grid.start_column) as usize;
    for (i, row) in grid.row_data.iter().flatten().enumerate() {
        let values = row.values.as_deref().unwrap_or(&[]);
        if values.is_empty() {
            continue;
        }
        let r = r0 + i;
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let line = &mut rows[r];
        if line.len() < c0 + values.len() {
            line.resize_with(c0 + values.len(), Cell::default);
        }
        for (j, v) in values.iter().enumerate() {
            line[c0 + j] = to_cell(v);
        }
    }
}

/// One cell as kepsync sees it.
pub fn to_cell(c: &LeanCell) -> Cell {
    let format = c.user_entered_format.as_ref();
    let text_link = format
        .and_then(|f| f.text_format.as_ref())
        .and_then(|t| t.link.as_ref())
        .and_then(|l| l.uri.clone());
    let background = format
        .and_then(|f| f.background_color.as_ref())
        .map(|bg| {
            Rgb::from_unit(
                bg.red.unwrap_or(0.0),
                bg.green.unwrap_or(0.0),
                bg.blue.unwrap_or(0.0),
            )
        })
        .filter(|rgb| *rgb != Rgb::WHITE);
    Cell {
        text: c.formatted_value.clone().unwrap_or_default(),
        formula: c
            .user_entered_value
            .as_ref()
            .and_then(|v| v.formula_value.clone()),
        link: c.hyperlink.clone().or(text_link),
        background,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spreadsheet(v: serde_json::Value) -> LeanSpreadsheet {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn quotes_every_title() {
        assert_eq!(whole_tab_range("Docs"), "'Docs'");
        assert_eq!(whole_tab_range("It's #1/🌵"), "'It''s #1/🌵'");
    }

    #[test]
    fn converts_cells_at_their_offsets() {
        let ss = spreadsheet(json!({"sheets": [{
            "properties": {"sheetId": 7, "title": "Enhancements", "gridProperties": {"rowCount": 50, "columnCount": 5, "frozenRowCount": 1}},
            "data": [{"startRow": 1, "startColumn": 1, "rowData": [
                {"values": [{"formattedValue": "2", "userEnteredValue": {"formulaValue": "=1+1"}},
                            {"formattedValue": "KEP", "hyperlink": "https://k8s.io",
                             "userEnteredFormat": {"backgroundColor": {"red": 0.7176471, "green": 0.8784314, "blue": 0.8039216}}}]},
                {},
                {"values": [{"userEnteredFormat": {"backgroundColor": {"red": 1, "green": 1, "blue": 1}, "textFormat": {"link": {"uri": "https://x"}}}}]}
            ]}]
        }]}));
        let snap = to_snapshot("id", &ss, &["Enhancements".to_string()]).unwrap();
        let tab = &snap.tabs[0];
        assert_eq!((tab.sheet_id, tab.row_count, tab.column_count), (7, 50, 5));
        assert_eq!(tab.text(1, 1), "2");
        assert_eq!(tab.cell(1, 1).unwrap().formula.as_deref(), Some("=1+1"));
        assert_eq!(tab.cell(1, 2).unwrap().background, Some(Rgb::GREEN));
        assert_eq!(
            tab.cell(1, 2).unwrap().link.as_deref(),
            Some("https://k8s.io")
        );
        assert_eq!(tab.cell(3, 1).unwrap().link.as_deref(), Some("https://x"));
        assert_eq!(tab.cell(3, 1).unwrap().background, None, "white is no fill");
        assert_eq!(tab.text(0, 0), "");
    }

    #[test]
    fn reports_every_missing_tab() {
        let ss = spreadsheet(json!({"sheets": [{"properties": {"title": "Docs"}}]}));
        let tabs = ["Docs", "A", "B"].map(String::from);
        assert_eq!(to_snapshot("id", &ss, &tabs).unwrap_err(), ["A", "B"]);
    }
}
