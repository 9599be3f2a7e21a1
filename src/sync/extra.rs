//! Writes to the optional tabs (`data`, `Dashboard`, `Feature stats`): their plan shapes,
//! batchUpdate requests, pre-write guards and printed lines.

use super::plan::{CellSet, LinkSet};
use super::requests::update_cell;
use crate::sheet::Snapshot;
use crate::sheets::BatchRequest;
use crate::sheets::batch::{CellValue, ValueGrid};
use google_sheets4::api::{
    AddChartRequest, AppendDimensionRequest, BasicChartAxis, BasicChartDomain, BasicChartSeries,
    BasicChartSpec, ChartData, ChartSourceRange, ChartSpec, EmbeddedChart, EmbeddedObjectPosition,
    GridCoordinate, GridRange, OverlayPosition, Request,
};
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

/// One cell of a data-tab row kepsync owns (never Responder), or a header it adds.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraCell {
    pub tab: String,
    pub sheet_id: i32,
    pub row: usize,
    pub col: usize,
    pub header: String,
    pub issue: Option<u64>,
    pub before: String,
    pub set: CellSet,
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

/// A cell of an optional tab that must still hold what was read for the plan to apply.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExtraGuard {
    pub tab: String,
    pub sheet_id: i32,
    pub row: usize,
    pub col: usize,
    pub text: String,
}

/// Every write to the optional tabs in one cycle.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExtraWrites {
    pub grows: Vec<GridGrow>,
    pub cells: Vec<ExtraCell>,
    pub overwrites: Vec<Overwrite>,
    pub charts: Vec<ChartAdd>,
    pub guards: Vec<ExtraGuard>,
}

impl ExtraWrites {
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.overwrites.is_empty() && self.charts.is_empty()
    }

    pub fn count(&self) -> usize {
        self.cells.len() + self.overwrites.len() + self.charts.len()
    }

    /// The requests, in order: grow grids, owned cells, generated tabs, charts.
    pub fn requests(&self) -> Vec<BatchRequest> {
        let mut out: Vec<BatchRequest> = self.grows.iter().flat_map(grow).map(Into::into).collect();
        out.extend(
            self.cells
                .iter()
                .map(|c| update_cell(c.sheet_id, c.row, c.col, &c.set)),
        );
        out.extend(self.overwrites.iter().map(overwrite));
        out.extend(self.charts.iter().map(|c| chart(c).into()));
        out
    }

    /// Guards that no longer hold in `now` (re-read just before writing), as readable lines.
    pub fn stale(&self, now: &Snapshot) -> Vec<String> {
        self.guards
            .iter()
            .filter_map(|g| {
                let Some(tab) = now.tabs.iter().find(|t| t.sheet_id == g.sheet_id) else {
                    return Some(format!("{}: the tab is gone", g.tab));
                };
                let current = tab.text(g.row, g.col);
                (current != g.text).then(|| {
                    format!(
                        "{} row {} column {}: was {:?}, now {:?}",
                        g.tab,
                        g.row + 1,
                        g.col + 1,
                        g.text,
                        current
                    )
                })
            })
            .collect()
    }
}

impl fmt::Display for ExtraWrites {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.cells {
            let issue = c.issue.map(|n| format!(" (#{n})")).unwrap_or_default();
            let text = c.set.text.as_deref().unwrap_or("(format only)");
            writeln!(
                f,
                "{} row {}{issue}: {} {:?} → {:?}",
                c.tab,
                c.row + 1,
                c.header,
                c.before,
                text
            )?;
        }
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

fn grow(g: &GridGrow) -> Vec<Request> {
    [("ROWS", g.rows), ("COLUMNS", g.cols)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(dim, n)| Request {
            append_dimension: Some(AppendDimensionRequest {
                sheet_id: Some(g.sheet_id),
                dimension: Some(dim.into()),
                length: Some(n as i32),
            }),
            ..Default::default()
        })
        .collect()
}

fn overwrite(o: &Overwrite) -> BatchRequest {
    let value = |v: &GenValue| match v {
        GenValue::Text(t) => CellValue::Text(t.clone()),
        GenValue::Count(n) => CellValue::Number(*n as f64),
    };
    BatchRequest::Values(ValueGrid {
        sheet_id: o.sheet_id,
        rows: o.rows,
        cols: o.cols,
        values: o
            .values
            .iter()
            .map(|row| row.iter().map(value).collect())
            .collect(),
    })
}

fn range(sheet_id: i32, r0: usize, r1: usize, c0: usize, c1: usize) -> GridRange {
    GridRange {
        sheet_id: Some(sheet_id),
        start_row_index: Some(r0 as i32),
        end_row_index: Some(r1 as i32),
        start_column_index: Some(c0 as i32),
        end_column_index: Some(c1 as i32),
    }
}

fn source(c: &ChartAdd, col: usize) -> ChartData {
    ChartData {
        source_range: Some(ChartSourceRange {
            sources: Some(vec![range(
                c.sheet_id,
                c.header_row,
                c.end_row,
                col,
                col + 1,
            )]),
        }),
        ..Default::default()
    }
}

fn chart(c: &ChartAdd) -> Request {
    let series = c
        .series_cols
        .iter()
        .map(|col| BasicChartSeries {
            series: Some(source(c, *col)),
            target_axis: Some("LEFT_AXIS".into()),
            ..Default::default()
        })
        .collect();
    let axis = |position: &str, title: &str| BasicChartAxis {
        position: Some(position.into()),
        title: Some(title.into()),
        ..Default::default()
    };
    let spec = BasicChartSpec {
        chart_type: Some("COLUMN".into()),
        stacked_type: Some("STACKED".into()),
        legend_position: Some("RIGHT_LEGEND".into()),
        header_count: Some(1),
        axis: Some(vec![
            axis("BOTTOM_AXIS", "Stage"),
            axis("LEFT_AXIS", "Enhancements"),
        ]),
        domains: Some(vec![BasicChartDomain {
            domain: Some(source(c, c.domain_col)),
            reversed: None,
        }]),
        series: Some(series),
        ..Default::default()
    };
    Request {
        add_chart: Some(AddChartRequest {
            chart: Some(EmbeddedChart {
                spec: Some(ChartSpec {
                    title: Some(c.title.clone()),
                    basic_chart: Some(spec),
                    ..Default::default()
                }),
                position: Some(EmbeddedObjectPosition {
                    overlay_position: Some(OverlayPosition {
                        anchor_cell: Some(GridCoordinate {
                            sheet_id: Some(c.sheet_id),
                            row_index: Some(c.anchor.0 as i32),
                            column_index: Some(c.anchor.1 as i32),
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
        }),
        ..Default::default()
    }
}

/// A plain text cell write.
pub(super) fn text_set(text: impl Into<String>) -> CellSet {
    CellSet {
        text: Some(text.into()),
        link: LinkSet::Keep,
        background: None,
    }
}
