//! `kepsync init`'s plan as one batchUpdate's requests (text always as `stringValue`).

use crate::init::{InitPlan, Step};
use crate::sheets::BatchRequest;
use crate::sheets::batch::update_row;
use crate::sheets::cells::CellWrite;
use google_sheets4::FieldMask;
use google_sheets4::api::{
    AddProtectedRangeRequest, AddSheetRequest, AppendDimensionRequest, BooleanCondition, CellData,
    CellFormat, ConditionValue, DataValidationRule, GridProperties, GridRange, ProtectedRange,
    RepeatCellRequest, Request, SetDataValidationRequest, SheetProperties, TextFormat,
    UpdateSheetPropertiesRequest,
};
use std::str::FromStr;

/// The requests, in the plan's order.
pub fn to_requests(plan: &InitPlan) -> Vec<BatchRequest> {
    plan.steps.iter().flat_map(step_requests).collect()
}

fn mask(s: &str) -> Option<FieldMask> {
    FieldMask::from_str(s).ok()
}

fn i(v: u32) -> Option<i32> {
    Some(v as i32)
}

fn step_requests(step: &Step) -> Vec<BatchRequest> {
    match step {
        Step::AddTab {
            title,
            sheet_id,
            rows,
            columns,
        } => vec![
            Request {
                add_sheet: Some(AddSheetRequest {
                    properties: Some(SheetProperties {
                        sheet_id: Some(*sheet_id),
                        title: Some(title.clone()),
                        grid_properties: Some(GridProperties {
                            row_count: i(*rows),
                            column_count: i(*columns),
                            ..GridProperties::default()
                        }),
                        ..SheetProperties::default()
                    }),
                }),
                ..Request::default()
            }
            .into(),
        ],
        Step::AddColumns {
            sheet_id, count, ..
        } => vec![append(*sheet_id, "COLUMNS", *count).into()],
        Step::AddRows {
            sheet_id, count, ..
        } => vec![append(*sheet_id, "ROWS", *count).into()],
        Step::WriteHeaders {
            sheet_id,
            row,
            col,
            headers,
            ..
        } => {
            let cells: Vec<CellWrite> = headers.iter().map(|h| text(h)).collect();
            vec![update_row(*sheet_id, *row, *col, &cells)]
        }
        Step::CopyRows {
            sheet_id,
            at_row,
            rows,
            ..
        } => rows
            .iter()
            .enumerate()
            .flat_map(|(k, cells)| {
                cells
                    .iter()
                    .map(move |(col, t)| update_row(*sheet_id, at_row + k as u32, *col, &[text(t)]))
            })
            .collect(),
        Step::Bold {
            sheet_id,
            row,
            columns,
            ..
        } => vec![bold(*sheet_id, *row, *columns).into()],
        Step::Freeze { sheet_id, rows, .. } => vec![
            Request {
                update_sheet_properties: Some(UpdateSheetPropertiesRequest {
                    properties: Some(SheetProperties {
                        sheet_id: Some(*sheet_id),
                        grid_properties: Some(GridProperties {
                            frozen_row_count: i(*rows),
                            ..GridProperties::default()
                        }),
                        ..SheetProperties::default()
                    }),
                    fields: mask("gridProperties.frozenRowCount"),
                }),
                ..Request::default()
            }
            .into(),
        ],
        Step::StatusDropdown {
            sheet_id,
            col,
            from_row,
            to_row,
            values,
            ..
        } => {
            let at = range(*sheet_id, *from_row, *to_row, Some((*col, col + 1)));
            vec![dropdown(at, values).into()]
        }
        Step::ProtectHeader { sheet_id, rows, .. } => vec![
            Request {
                add_protected_range: Some(AddProtectedRangeRequest {
                    protected_range: Some(ProtectedRange {
                        range: Some(range(*sheet_id, 0, *rows, None)),
                        description: Some("kepsync: KEP Collection header".into()),
                        warning_only: Some(false),
                        ..ProtectedRange::default()
                    }),
                }),
                ..Request::default()
            }
            .into(),
        ],
    }
}

fn text(s: &str) -> CellWrite {
    CellWrite {
        text: Some(s.to_string()),
        ..CellWrite::default()
    }
}

fn range(sheet_id: i32, from: u32, to: u32, cols: Option<(u32, u32)>) -> GridRange {
    GridRange {
        sheet_id: Some(sheet_id),
        start_row_index: i(from),
        end_row_index: i(to),
        start_column_index: cols.map(|c| c.0 as i32),
        end_column_index: cols.map(|c| c.1 as i32),
    }
}

fn append(sheet_id: i32, dimension: &str, count: u32) -> Request {
    Request {
        append_dimension: Some(AppendDimensionRequest {
            sheet_id: Some(sheet_id),
            dimension: Some(dimension.into()),
            length: i(count),
        }),
        ..Request::default()
    }
}

fn bold(sheet_id: i32, row: u32, columns: u32) -> Request {
    Request {
        repeat_cell: Some(RepeatCellRequest {
            range: Some(range(sheet_id, row, row + 1, Some((0, columns.max(1))))),
            cell: Some(CellData {
                user_entered_format: Some(CellFormat {
                    text_format: Some(TextFormat {
                        bold: Some(true),
                        ..TextFormat::default()
                    }),
                    ..CellFormat::default()
                }),
                ..CellData::default()
            }),
            fields: mask("userEnteredFormat.textFormat.bold"),
        }),
        ..Request::default()
    }
}

fn dropdown(range: GridRange, values: &[String]) -> Request {
    let values = values
        .iter()
        .map(|v| ConditionValue {
            user_entered_value: Some(v.to_string()),
            ..ConditionValue::default()
        })
        .collect();
    Request {
        set_data_validation: Some(SetDataValidationRequest {
            range: Some(range),
            rule: Some(DataValidationRule {
                condition: Some(BooleanCondition {
                    type_: Some("ONE_OF_LIST".into()),
                    values: Some(values),
                }),
                show_custom_ui: Some(true),
                strict: Some(true),
                ..DataValidationRule::default()
            }),
            ..SetDataValidationRequest::default()
        }),
        ..Request::default()
    }
}
