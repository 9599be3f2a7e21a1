//! The emulator's spreadsheets: sheets of cells with values, formats, notes and validation, plus
//! the grid operations requests are built from (insert/delete rows and columns, copy, clear).

use crate::a1::{self, Rect};
use crate::error::{ApiError, ApiResult};
use crate::value::Entered;
use serde_json::{Map, Value};

/// One cell's stored state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub value: Option<Entered>,
    /// `userEnteredFormat`, stored as given (without the `*Style` mirrors).
    pub format: Option<Map<String, Value>>,
    pub note: Option<String>,
    pub validation: Option<Value>,
}

impl Cell {
    /// Nothing at all in the cell.
    pub fn is_empty(&self) -> bool {
        self.value.is_none()
            && self.format.as_ref().is_none_or(Map::is_empty)
            && self.note.is_none()
            && self.validation.is_none()
    }

    /// The cell's text-format link, which reads back as `hyperlink`.
    pub fn link(&self) -> Option<&str> {
        self.format
            .as_ref()?
            .get("textFormat")?
            .get("link")?
            .get("uri")?
            .as_str()
    }
}

/// What a row or column carries besides its cells (`DimensionProperties`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DimProps {
    /// `hiddenByUser`.
    pub hidden: bool,
    /// `pixelSize`; `None`: the default (21 for a row, 100 for a column).
    pub pixel_size: Option<u32>,
}

impl DimProps {
    pub fn is_default(&self) -> bool {
        *self == DimProps::default()
    }
}

/// Google's size of a row or column never resized.
pub const DEFAULT_ROW_PIXELS: u32 = 21;
pub const DEFAULT_COLUMN_PIXELS: u32 = 100;

/// One tab.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub id: i64,
    pub title: String,
    pub rows: u32,
    pub cols: u32,
    pub frozen_rows: u32,
    pub frozen_cols: u32,
    pub hidden: bool,
    /// Row-major cells; rows and cells past the data are absent.
    pub grid: Vec<Vec<Cell>>,
    pub merges: Vec<Rect>,
    pub protected: Vec<Value>,
    pub charts: Vec<Value>,
    pub tab_color: Option<Value>,
    /// Row and column properties by index; past the end, and trailing ones, are the default.
    pub row_props: Vec<DimProps>,
    pub col_props: Vec<DimProps>,
}

impl Sheet {
    /// A blank sheet of the given size.
    pub fn new(id: i64, title: &str, rows: u32, cols: u32) -> Sheet {
        Sheet {
            id,
            title: title.to_string(),
            rows,
            cols,
            ..Sheet::default()
        }
    }

    pub fn cell(&self, row: u32, col: u32) -> Option<&Cell> {
        self.grid.get(row as usize)?.get(col as usize)
    }

    /// The cell, created (with the rows before it) when absent.
    pub fn cell_mut(&mut self, row: u32, col: u32) -> &mut Cell {
        let (r, c) = (row as usize, col as usize);
        if self.grid.len() <= r {
            self.grid.resize_with(r + 1, Vec::new);
        }
        let line = &mut self.grid[r];
        if line.len() <= c {
            line.resize_with(c + 1, Cell::default);
        }
        &mut line[c]
    }

    /// True when the cell holds a value.
    pub fn has_value(&self, row: u32, col: u32) -> bool {
        self.cell(row, col).is_some_and(|c| c.value.is_some())
    }

    /// The whole grid as a rectangle.
    pub fn bounds(&self) -> Rect {
        Rect {
            row0: 0,
            row1: self.rows,
            col0: 0,
            col1: self.cols,
        }
    }

    /// Errors unless `r` lies inside the grid (Google's "exceeds grid limits").
    pub fn check_inside(&self, r: &Rect) -> ApiResult<()> {
        if r.row1 > self.rows || r.col1 > self.cols {
            return Err(ApiError::invalid(format!(
                "Range ({}) exceeds grid limits. Max rows: {}, max columns: {}",
                a1::range_a1(&self.title, r),
                self.rows,
                self.cols
            )));
        }
        Ok(())
    }

    /// Inserts `n` empty rows (default properties) before `at`.
    pub fn insert_rows(&mut self, at: u32, n: u32) {
        let at = at as usize;
        if at < self.grid.len() {
            let blank = (0..n).map(|_| Vec::new());
            self.grid.splice(at..at, blank);
        }
        insert_default(&mut self.row_props, at, n);
        self.rows += n;
    }

    /// Inserts `n` empty columns (default properties) before `at`.
    pub fn insert_cols(&mut self, at: u32, n: u32) {
        let at = at as usize;
        for line in &mut self.grid {
            if at < line.len() {
                let blank = (0..n).map(|_| Cell::default());
                line.splice(at..at, blank);
            }
        }
        insert_default(&mut self.col_props, at, n);
        self.cols += n;
    }

    /// Deletes rows `[from, to)` with their properties.
    pub fn delete_rows(&mut self, from: u32, to: u32) {
        let len = self.grid.len();
        let (a, b) = ((from as usize).min(len), (to as usize).min(len));
        self.grid.drain(a..b);
        drain_props(&mut self.row_props, from, to);
        self.rows -= to - from;
    }

    /// Deletes columns `[from, to)` with their properties.
    pub fn delete_cols(&mut self, from: u32, to: u32) {
        for line in &mut self.grid {
            let len = line.len();
            let (a, b) = ((from as usize).min(len), (to as usize).min(len));
            line.drain(a..b);
        }
        drain_props(&mut self.col_props, from, to);
        self.cols -= to - from;
    }

    /// The properties of row (`rows`) or column `i`.
    pub fn dim_props(&self, rows: bool, i: u32) -> DimProps {
        let list = if rows {
            &self.row_props
        } else {
            &self.col_props
        };
        list.get(i as usize).copied().unwrap_or_default()
    }

    /// The properties of row (`rows`) or column `i`, created when absent.
    pub fn dim_props_mut(&mut self, rows: bool, i: u32) -> &mut DimProps {
        let list = if rows {
            &mut self.row_props
        } else {
            &mut self.col_props
        };
        if list.len() <= i as usize {
            list.resize(i as usize + 1, DimProps::default());
        }
        &mut list[i as usize]
    }

    /// The pixel size of row (`rows`) or column `i`.
    pub fn pixel_size(&self, rows: bool, i: u32) -> u32 {
        let default = if rows {
            DEFAULT_ROW_PIXELS
        } else {
            DEFAULT_COLUMN_PIXELS
        };
        self.dim_props(rows, i).pixel_size.unwrap_or(default)
    }

    /// Indices of the rows (`rows`) or columns hidden by the user.
    pub fn hidden(&self, rows: bool) -> Vec<u32> {
        let list = if rows {
            &self.row_props
        } else {
            &self.col_props
        };
        (0..list.len() as u32)
            .filter(|&i| list[i as usize].hidden)
            .collect()
    }

    /// Keeps the properties of rows and columns that exist (after the grid shrank).
    pub fn truncate_props(&mut self) {
        self.row_props.truncate(self.rows as usize);
        self.col_props.truncate(self.cols as usize);
    }

    /// The index after the last row holding a value (0 when none).
    pub fn data_rows(&self) -> u32 {
        (0..self.grid.len() as u32)
            .rev()
            .find(|&r| self.grid[r as usize].iter().any(|c| c.value.is_some()))
            .map_or(0, |r| r + 1)
    }

    /// Drops trailing empty cells and rows so equality and dumps ignore them.
    pub fn compact(&mut self) {
        for line in &mut self.grid {
            while line.last().is_some_and(Cell::is_empty) {
                line.pop();
            }
        }
        while self.grid.last().is_some_and(Vec::is_empty) {
            self.grid.pop();
        }
        for list in [&mut self.row_props, &mut self.col_props] {
            while list.last().is_some_and(DimProps::is_default) {
                list.pop();
            }
        }
    }
}

fn insert_default(list: &mut Vec<DimProps>, at: usize, n: u32) {
    if at < list.len() {
        list.splice(at..at, (0..n).map(|_| DimProps::default()));
    }
}

fn drain_props(list: &mut Vec<DimProps>, from: u32, to: u32) {
    let len = list.len();
    let (a, b) = ((from as usize).min(len), (to as usize).min(len));
    list.drain(a..b);
}

/// A named range.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedRange {
    pub id: String,
    pub name: String,
    pub sheet_id: i64,
    pub rect: Rect,
}

/// One spreadsheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spreadsheet {
    pub id: String,
    pub title: String,
    pub sheets: Vec<Sheet>,
    pub named_ranges: Vec<NamedRange>,
    pub developer_metadata: Vec<Value>,
    /// False: every call answers 403 PERMISSION_DENIED (not shared with the caller).
    pub shared: bool,
}

impl Spreadsheet {
    /// A new spreadsheet with one 1000×26 `Sheet1` (sheetId 0), as Google creates it.
    pub fn new(id: &str, title: &str) -> Spreadsheet {
        Spreadsheet {
            id: id.to_string(),
            title: title.to_string(),
            sheets: vec![Sheet::new(0, "Sheet1", 1000, 26)],
            shared: true,
            ..Spreadsheet::default()
        }
    }

    /// Titles match case-insensitively in A1 ranges, like Google.
    pub fn sheet_index_for_a1(&self, title: &str) -> Option<usize> {
        self.sheets
            .iter()
            .position(|s| s.title == title)
            .or_else(|| {
                self.sheets
                    .iter()
                    .position(|s| s.title.to_lowercase() == title.to_lowercase())
            })
    }

    pub fn sheet_index_by_id(&self, id: i64) -> Option<usize> {
        self.sheets.iter().position(|s| s.id == id)
    }

    /// The sheet with this id, or Google's `No grid with id: N`.
    pub fn sheet_mut(&mut self, id: i64) -> ApiResult<&mut Sheet> {
        self.sheets
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::invalid(format!("No grid with id: {id}")))
    }

    pub fn sheet(&self, id: i64) -> ApiResult<&Sheet> {
        self.sheets
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ApiError::invalid(format!("No grid with id: {id}")))
    }

    /// The first sheet that is not hidden (where bare `A1:B2` ranges point).
    pub fn first_visible(&self) -> Option<usize> {
        self.sheets.iter().position(|s| !s.hidden).or(Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<Entered> {
        Some(Entered::Text(s.into()))
    }

    fn sheet_with_column(values: &[&str]) -> Sheet {
        let mut s = Sheet::new(0, "S", 10, 3);
        for (i, v) in values.iter().enumerate() {
            s.cell_mut(i as u32, 0).value = text(v);
        }
        s
    }

    #[test]
    fn insert_and_delete_rows_shift_cells() {
        let mut s = sheet_with_column(&["a", "b", "c"]);
        s.insert_rows(1, 2);
        assert_eq!(s.rows, 12);
        assert_eq!(s.cell(3, 0).unwrap().value, text("b"));
        s.delete_rows(0, 3);
        assert_eq!(s.rows, 9);
        assert_eq!(s.cell(0, 0).unwrap().value, text("b"));
        assert_eq!(s.data_rows(), 2);
    }

    #[test]
    fn columns_shift_too() {
        let mut s = Sheet::new(0, "S", 2, 3);
        s.cell_mut(0, 2).value = text("c");
        s.insert_cols(0, 1);
        assert_eq!(s.cell(0, 3).unwrap().value, text("c"));
        s.delete_cols(1, 3);
        assert_eq!(s.cell(0, 1).unwrap().value, text("c"));
        assert_eq!(s.cols, 2);
    }

    #[test]
    fn grid_limits_error_names_the_range() {
        let s = Sheet::new(0, "Sheet1", 1000, 26);
        let r = Rect {
            row0: 0,
            row1: 1,
            col0: 41,
            col1: 49,
        };
        let e = s.check_inside(&r).unwrap_err();
        assert_eq!(
            e.message,
            "Range (Sheet1!AP1:AW1) exceeds grid limits. Max rows: 1000, max columns: 26"
        );
    }
}
