//! Whole-tab writes to the optional tabs (`data`, `Dashboard`, `Feature stats`): grown grids,
//! regenerated tabs and charts, and their printed lines (their cell edits and guards are the
//! plan's; their requests are built by `sheets::apply`).

use std::fmt;

/// A value of a generated tab: counts are numbers (so charts can plot them), the rest text.
#[derive(Debug, Clone, PartialEq)]
pub enum GenValue {
    Text(String),
    Count(u64),
}

impl GenValue {
    /// The text Sheets shows for this value.
    pub fn shown(&self) -> String {
        match self {
            GenValue::Text(t) => t.clone(),
            GenValue::Count(n) => n.to_string(),
        }
    }
}

impl From<&str> for GenValue {
    fn from(s: &str) -> Self {
        GenValue::Text(s.to_string())
    }
}

impl From<String> for GenValue {
    fn from(s: String) -> Self {
        GenValue::Text(s)
    }
}

impl From<u64> for GenValue {
    fn from(n: u64) -> Self {
        GenValue::Count(n)
    }
}

/// Rows or columns appended to a tab's grid before cells are written beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridGrow {
    pub sheet_id: i32,
    pub rows: usize,
    pub cols: usize,
}

/// A fully generated tab rewritten from A1 over `rows` × `cols` (cells beyond `values` cleared).
#[derive(Debug, Clone, PartialEq)]
pub struct Overwrite {
    pub tab: String,
    pub sheet_id: i32,
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<Vec<GenValue>>,
}

/// A column chart over a table: domain in `domain_col`, one series per column in `series_cols`,
/// rows `header_row..end_row` (the first being the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartAdd {
    pub sheet_id: i32,
    pub title: String,
    pub header_row: usize,
    pub end_row: usize,
    pub domain_col: usize,
    pub series_cols: Vec<usize>,
    /// Where the chart's top-left corner sits.
    pub anchor: (usize, usize),
}

/// Every whole-tab write to the optional tabs in one cycle.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraWrites {
    pub grows: Vec<GridGrow>,
    pub overwrites: Vec<Overwrite>,
    pub charts: Vec<ChartAdd>,
}

impl ExtraWrites {
    pub fn is_empty(&self) -> bool {
        self.overwrites.is_empty() && self.charts.is_empty()
    }

    pub fn count(&self) -> usize {
        self.overwrites.len() + self.charts.len()
    }
}

impl fmt::Display for ExtraWrites {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for o in &self.overwrites {
            writeln!(
                f,
                "regenerate {} ({} rows × {} columns)",
                o.tab,
                o.values.len(),
                o.values.iter().map(Vec::len).max().unwrap_or(0)
            )?;
        }
        for c in &self.charts {
            writeln!(f, "add chart {:?}", c.title)?;
        }
        Ok(())
    }
}
