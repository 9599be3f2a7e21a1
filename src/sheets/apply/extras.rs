//! The optional tabs' whole-tab writes (data, Dashboard, Feature stats) as Sheets requests:
//! grown grids, regenerated tabs and charts (their cell edits are the plan's, in `plan.rs`).

use crate::sheets::BatchRequest;
use crate::sheets::batch::{CellValue, ValueGrid};
use crate::sync::{ChartAdd, ExtraWrites, GenValue, GridGrow, Overwrite};
use google_sheets4::api::{
    AddChartRequest, AppendDimensionRequest, BasicChartAxis, BasicChartDomain, BasicChartSeries,
    BasicChartSpec, ChartData, ChartSourceRange, ChartSpec, EmbeddedChart, EmbeddedObjectPosition,
    GridCoordinate, GridRange, OverlayPosition, Request,
};

/// The optional tabs' grown grids: before any cell is written beyond them.
pub fn grow_requests(x: &ExtraWrites) -> impl Iterator<Item = BatchRequest> + '_ {
    x.grows.iter().flat_map(grow).map(Into::into)
}

/// The regenerated tabs, then their charts.
pub fn generated_requests(x: &ExtraWrites) -> Vec<BatchRequest> {
    let mut out: Vec<BatchRequest> = x.overwrites.iter().map(overwrite).collect();
    out.extend(x.charts.iter().map(|c| chart(c).into()));
    out
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
