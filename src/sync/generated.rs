//! Rewriting a fully generated tab, only when a value differs from what the sheet shows.

use super::dashboard::{STAGE_BUCKETS, STATUS_BUCKETS, STATUS_BY_STAGE_HEADER_ROW};
use super::extra::{ChartAdd, GenValue, GridGrow, Overwrite};
use super::plan::Plan;
use crate::sheet::Tab;

/// Rows × columns holding anything in `tab`.
fn used_extent(tab: &Tab) -> (usize, usize) {
    let rows = tab
        .rows
        .iter()
        .rposition(|r| r.iter().any(|c| !c.is_blank()))
        .map_or(0, |i| i + 1);
    let cols = tab
        .rows
        .iter()
        .map(|r| r.iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0);
    (rows, cols)
}

/// True when `tab` already shows exactly `values` and nothing else.
pub fn shows(tab: &Tab, values: &[Vec<GenValue>]) -> bool {
    let (used_rows, used_cols) = used_extent(tab);
    let rows = used_rows.max(values.len());
    let cols = used_cols.max(values.iter().map(Vec::len).max().unwrap_or(0));
    (0..rows).all(|r| {
        (0..cols).all(|c| {
            let want = values
                .get(r)
                .and_then(|row| row.get(c))
                .map(GenValue::shown)
                .unwrap_or_default();
            tab.text(r, c).trim() == want.trim()
                && tab.cell(r, c).is_none_or(|x| x.formula.is_none())
        })
    })
}

/// Plans the rewrite of `tab` to `values` if it shows anything else.
pub fn plan_overwrite(tab: &Tab, values: Vec<Vec<GenValue>>, p: &mut Plan) {
    if shows(tab, &values) {
        return;
    }
    let (used_rows, used_cols) = used_extent(tab);
    let rows = used_rows.max(values.len());
    let cols = used_cols.max(values.iter().map(Vec::len).max().unwrap_or(0));
    let grow = GridGrow {
        sheet_id: tab.sheet_id,
        rows: rows.saturating_sub(tab.row_count as usize),
        cols: cols.saturating_sub(tab.column_count as usize),
    };
    if grow.rows > 0 || grow.cols > 0 {
        p.extra.grows.push(grow);
    }
    p.extra.overwrites.push(Overwrite {
        tab: tab.title.clone(),
        sheet_id: tab.sheet_id,
        rows,
        cols,
        values,
    });
}

/// The Status-by-Stage chart, added once: when kepsync first fills an empty Dashboard.
/// (Charts are not read back; clear the tab and delete the chart to have it recreated.)
pub fn plan_chart(tab: &Tab, p: &mut Plan) {
    if used_extent(tab) != (0, 0) {
        return;
    }
    let h = STATUS_BY_STAGE_HEADER_ROW;
    p.extra.charts.push(ChartAdd {
        sheet_id: tab.sheet_id,
        title: "Status by Stage".into(),
        header_row: h,
        end_row: h + 1 + STAGE_BUCKETS.len(),
        domain_col: 0,
        series_cols: (1..=STATUS_BUCKETS.len()).collect(),
        anchor: (h, STATUS_BUCKETS.len() + 3),
    });
}
