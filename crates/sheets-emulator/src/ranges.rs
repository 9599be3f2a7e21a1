//! Resolving a client's A1 range against a spreadsheet: which sheet, which rectangle, and how
//! Google echoes it back.

use crate::a1::{self, A1, Rect};
use crate::error::{ApiError, ApiResult};
use crate::model::Spreadsheet;

/// A range resolved to one sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub sheet: usize,
    pub rect: Rect,
}

/// Resolves `input` (as the client sent it) to a sheet and a rectangle on its grid.
/// Open ends run to the grid's edge; a range past the edge is Google's "exceeds grid limits".
pub fn locate(ss: &Spreadsheet, input: &str) -> ApiResult<Located> {
    let bad = || ApiError::bad_range(input);
    let parsed = a1::parse(input).ok_or_else(bad)?;
    let located = match parsed {
        A1::Sheet { title, span } => {
            let sheet = ss.sheet_index_for_a1(&title).ok_or_else(bad)?;
            let s = &ss.sheets[sheet];
            let rect = match span {
                Some(span) => a1::resolve(&span, s.rows, s.cols),
                None => s.bounds(),
            };
            Located { sheet, rect }
        }
        A1::Bare(span) => {
            let sheet = ss.first_visible().ok_or_else(bad)?;
            let s = &ss.sheets[sheet];
            Located {
                sheet,
                rect: a1::resolve(&span, s.rows, s.cols),
            }
        }
        A1::Name(name) => match ss.sheet_index_for_a1(&name) {
            Some(sheet) => Located {
                sheet,
                rect: ss.sheets[sheet].bounds(),
            },
            None => named(ss, &name, None).ok_or_else(bad)?,
        },
        A1::SheetName { title, name } => {
            let sheet = ss.sheet_index_for_a1(&title).ok_or_else(bad)?;
            named(ss, &name, Some(sheet)).ok_or_else(bad)?
        }
    };
    ss.sheets[located.sheet].check_inside(&located.rect)?;
    Ok(located)
}

fn named(ss: &Spreadsheet, name: &str, sheet: Option<usize>) -> Option<Located> {
    let nr = ss.named_ranges.iter().find(|n| n.name == name)?;
    let idx = ss.sheet_index_by_id(nr.sheet_id)?;
    if sheet.is_some_and(|s| s != idx) {
        return None;
    }
    Some(Located {
        sheet: idx,
        rect: nr.rect,
    })
}

/// `Sheet1!A1:B2` for a located range.
pub fn echo(ss: &Spreadsheet, at: &Located) -> String {
    a1::range_a1(&ss.sheets[at.sheet].title, &at.rect)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sheet;

    fn book() -> Spreadsheet {
        let mut ss = Spreadsheet::new("id", "t");
        ss.sheets.push(Sheet::new(7, "🌵 test 1", 10, 10));
        ss.sheets.push(Sheet::new(8, "D3", 4, 4));
        ss
    }

    fn echoed(input: &str) -> String {
        let ss = book();
        echo(&ss, &locate(&ss, input).unwrap())
    }

    #[test]
    fn echoes_normalised_ranges() {
        assert_eq!(echoed("'Sheet1'"), "Sheet1!A1:Z1000");
        assert_eq!(echoed("🌵 test 1!A:A"), "'🌵 test 1'!A1:A10");
        assert_eq!(echoed("🌵 test 1"), "'🌵 test 1'!A1:J10");
        assert_eq!(echoed("'D3'!A1:D1"), "'D3'!A1:D1");
        assert_eq!(echoed("sheet1!B2"), "Sheet1!B2");
        assert_eq!(echoed("A1:B2"), "Sheet1!A1:B2");
    }

    #[test]
    fn unknown_sheet_is_unable_to_parse() {
        let ss = book();
        let e = locate(&ss, "NOPE!A5:F15").unwrap_err();
        assert_eq!(e.message, "Unable to parse range: NOPE!A5:F15");
        let e = locate(&ss, "'D3'!A1:E1").unwrap_err();
        assert!(e.message.contains("exceeds grid limits"), "{}", e.message);
    }
}
