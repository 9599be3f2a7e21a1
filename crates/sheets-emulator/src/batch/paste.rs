//! copyPaste and cutPaste (paste types; relative formula references shift with the copy).

use super::args::*;
use crate::a1::Rect;
use crate::error::{ApiError, ApiResult};
use crate::formula;
use crate::model::{Cell, Spreadsheet};
use crate::value::Entered;
use serde_json::{Value, json};

/// Pastes `src` into `dst`; formulas moved by (`rows`, `cols`) have their relative references
/// shifted by the same amount, as Sheets does.
pub(super) fn paste_cell(dst: &mut Cell, src: &Cell, paste: &str, rows: i64, cols: i64) {
    let moved = |v: &Option<Entered>| match v {
        Some(Entered::Formula(f)) => Some(Entered::Formula(formula::copied(f, rows, cols))),
        other => other.clone(),
    };
    match paste {
        "PASTE_VALUES" => {
            dst.value = src.value.as_ref().map(|v| match v {
                Entered::Formula(_) => Entered::Text(v.formatted()),
                other => other.clone(),
            })
        }
        "PASTE_FORMAT" => dst.format = src.format.clone(),
        "PASTE_FORMULA" => dst.value = moved(&src.value),
        "PASTE_DATA_VALIDATION" => dst.validation = src.validation.clone(),
        "PASTE_CONDITIONAL_FORMATTING" => {}
        _ => {
            *dst = src.clone();
            dst.value = moved(&src.value);
        }
    }
}

pub(super) fn copy_block(ss: &Spreadsheet, id: i64, r: &Rect) -> ApiResult<Vec<Vec<Cell>>> {
    let s = ss.sheet(id)?;
    Ok((r.row0..r.row1)
        .map(|row| {
            (r.col0..r.col1)
                .map(|col| s.cell(row, col).cloned().unwrap_or_default())
                .collect()
        })
        .collect())
}

pub(super) fn paste_type(v: &Value) -> String {
    v.get("pasteType")
        .and_then(Value::as_str)
        .unwrap_or("PASTE_NORMAL")
        .to_string()
}

pub(super) fn copy_paste(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (src_id, src) = grid_range(ss, required(v, "source")?)?;
    let (dst_id, dst) = grid_range(ss, required(v, "destination")?)?;
    if v.get("pasteOrientation").and_then(Value::as_str) == Some("TRANSPOSE") {
        return Err(ApiError::invalid(
            "pasteOrientation TRANSPOSE is not supported by the emulator",
        ));
    }
    if src.rows() == 0 || src.cols() == 0 {
        return Err(ApiError::invalid("The source range is empty."));
    }
    let block = copy_block(ss, src_id, &src)?;
    let (h, w) = (src.rows(), src.cols());
    let rows = if dst.rows() >= h && dst.rows() % h == 0 {
        dst.rows()
    } else {
        h
    };
    let cols = if dst.cols() >= w && dst.cols() % w == 0 {
        dst.cols()
    } else {
        w
    };
    let target = Rect {
        row0: dst.row0,
        row1: dst.row0 + rows,
        col0: dst.col0,
        col1: dst.col0 + cols,
    };
    let paste = paste_type(v);
    let sheet = ss.sheet_mut(dst_id)?;
    sheet.check_inside(&target)?;
    for i in 0..rows {
        for j in 0..cols {
            let (si, sj) = (i % h, j % w);
            let from = &block[si as usize][sj as usize];
            let rows = (target.row0 + i) as i64 - (src.row0 + si) as i64;
            let cols = (target.col0 + j) as i64 - (src.col0 + sj) as i64;
            let cell = sheet.cell_mut(target.row0 + i, target.col0 + j);
            paste_cell(cell, from, &paste, rows, cols);
        }
    }
    sheet.compact();
    Ok(json!({}))
}

pub(super) fn cut_paste(ss: &mut Spreadsheet, v: &Value) -> ApiResult<Value> {
    let (src_id, src) = grid_range(ss, required(v, "source")?)?;
    let dest = required(v, "destination")?;
    let dst_id = sheet_id(dest);
    let r0 = uint(dest, "rowIndex")?.unwrap_or(0);
    let c0 = uint(dest, "columnIndex")?.unwrap_or(0);
    let target = Rect {
        row0: r0,
        row1: r0 + src.rows(),
        col0: c0,
        col1: c0 + src.cols(),
    };
    ss.sheet(dst_id)?.check_inside(&target)?;
    let block = copy_block(ss, src_id, &src)?;
    let paste = paste_type(v);
    let source_sheet = ss.sheet_mut(src_id)?;
    for row in src.row0..src.row1 {
        for col in src.col0..src.col1 {
            *source_sheet.cell_mut(row, col) = Cell::default();
        }
    }
    source_sheet.compact();
    let sheet = ss.sheet_mut(dst_id)?;
    for (i, line) in block.iter().enumerate() {
        for (j, cell) in line.iter().enumerate() {
            paste_cell(
                sheet.cell_mut(r0 + i as u32, c0 + j as u32),
                cell,
                &paste,
                0,
                0,
            );
        }
    }
    sheet.compact();
    Ok(json!({}))
}
